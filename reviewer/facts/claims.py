"""Narrative claims: what the sentences state, each number with its subject and its place in the text.

One ``find_quantities`` pass per paragraph (headings included). Each number gets a role from the
words right before it in its clause: "占…" makes a share, "增长/下降" a growth rate, "增加/减少" a
change, "完成预算/执行率/…率" a completion rate; any other amount, count or percentage is a plain
statement whose subject is the clause text before it. Numbers written as one list ("分别为A、B万元",
"各减少C、D万元") form a group: its members share the role of the first, and a list of names before
分别/各 ("基本支出、项目支出分别为") names them in order. Claims that join two or more numbers (growth,
share, completion rate, "其中" list, a stated comparison) are then assembled from those roles within
one sentence, list by list.

Subjects are normalised (reviewer/facts/subjects.py) so that equal quantities compare, and well-known
quantities get a canonical ``key`` (本年支出合计, 三公经费, 公务用车保有量 …) that checks can match across
sentences and tables; the claim types are in reviewer/facts/claim_types.py, and 其中 lists and sums are
read in reviewer/facts/lists.py. The words behind all of this — concepts and their synonyms, direction,
comparison and period words — are data, in reviewer/vocabulary.toml.
"""

from __future__ import annotations

import re
from dataclasses import replace
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from decimal import Decimal
from itertools import takewhile

from reviewer.document import Document, Heading, Paragraph
from reviewer.facts.fund_rows import fund_row_rates
from reviewer.facts.claim_types import (
    AmountClaim, AverageGrowthClaim, BreakdownClaim, Claims, ComparisonClaim, CountClaim, GrowthClaim, PercentClaim,
    Place, RateClaim, ShareClaim, Statement,
)
from reviewer.facts.lists import (
    CLASSIFIED, _CJK_NAME, _FUNCTION_CLASS, _GENERIC_WHOLES, _OPENING_BRACKET, _SEMICOLON, _VIEW, ListReading, _NumberedSentence, _complete_list,
    _numbered_breakdowns, _numbered_totals_after, _UNSPENT, _key_of_tail, _of_named_whole, _of_the_share_before, _of_their_sum,
    _parallel_breakdowns, _sums_of_full_shares, _total_rank, _total_side, descendants, known_part, known_whole, names_complete_set,
)
from reviewer.facts.subjects import (ABBREVIATIONS, MARKUP, Subject, canonical_key, comparable, ends_with_name,
                                     normalise_subject, shortened_name, without_body)
from reviewer.facts.tokens import (
    _ACTUAL, _BASE_AT_END, _BASE_GENERIC, _BUDGET_SUFFIX, _COMPARED_WITH, _FUND_BUDGET, _SAVING_RATES, _SHARE_OF_AMOUNT, _SIDES,
    _SIDE_AT_END, _TOTAL_SUFFIX, _Lookup, _Token, _compared_base, _last_end, _names_budget, budget_after_its_result, scope_of,
)
from reviewer.numbering import inline_numberings, numbering_of
from reviewer.numbers import DIRECTION as _DIRECTION, Quantity, find_quantities, interval_sum
from reviewer.vocabulary import alternation, vocabulary, words

# --- text structure -------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[，,；;。：:、！？!?]")   # a line break inside a paragraph is layout
# a clause break that is not a list's 、, nor the comma between digits that groups thousands ("1,410万元")
_STRONG_BREAK = re.compile(r"[，；;。：:！？!?]|(?<!\d),|,(?!\d)")
_NOTE_OPENS = re.compile(r"\s*(?:注|备注|说明)\s*[:：]")
_BRACKET_CLOSES = re.compile(r"[）)]")
_SENTENCE_END = re.compile(r"[。！？!?]|(?<=…)…")   # a line break inside a paragraph is layout, not an end; "……" elides
_LIST_JOIN = re.compile(r"\s*(?:[、和及与]|(?<=\.\d\d),|(?<=\.\d),)\s*")   # see numbers._LIST_ITEM
_COMMA = re.compile(r"\s*[，,]\s*")
_LIST_JOIN_DIRECTED = re.compile(rf"\s*[、和及与]\s*(?:{_DIRECTION})了?\s*")   # "分别增加A、减少B": each its own direction

# --- roles: the words just before a number ------------------------------------------------------

_UP_WORDS, _DOWN_WORDS = words("directions", "up"), words("directions", "down")
_UP = set(_UP_WORDS)
_CHANGE_WORDS = alternation([w for w in _UP_WORDS + _DOWN_WORDS if w not in words("directions", "rate_only")])
_QUOTED = re.compile(r"[“\"](?P<name>[^”\"“]{1,8})[”\"]")
_DISTRIBUTIVE_WORD = re.compile(alternation(words("lists", "distributive")))
_DISTRIBUTIVE = re.compile(rf"(?:{_DISTRIBUTIVE_WORD.pattern})(?:{_DIRECTION})?$")

_NOT_AN_AMOUNT = re.compile(rf"(?:{alternation(words('lists', 'not_amounts'))})\s*$")
_TEMPLATE_CHOICE = re.compile(r"(?P<first>增加|减少|增长|下降)(?:[/／]|[（(]或?)(?:增加|减少|增长|下降)[）)]?$")
_TO = ("至", "到")   # "比2024年减少187万元至3912.58万元": what the change came to
_EACH_SHARE = re.compile(r"分别(?:占|为)|各占")   # "…A万元，…B万元，分别占N%和M%", "…，各占N%、M%"
_LEFT_OVER = re.compile(rf"(?:{alternation(words('lists', 'balance_remainders'))})(?:资金)?")   # a bare 结余/结转
_OF_THE_CHANGE = re.compile(r"(?:增加|增长|增加额|增长额|增量|减少|下降|减少额)")   # "…增加a万元，占增加的N%"
_EACH = re.compile(r"[\u4e00-\u9fff]各(?:为|是)?\s*$")
_NAMES_JOINED = re.compile(r"、|以及")
# "减少（增加或减少，下同）2.87亿元": the author's note on the wording of what follows, no choice left open
# "完成预算（含结余）的56.47%": a note on what the budget holds, between it and its rate
_NOTE = re.compile(r"[（(][^（）()]{0,12}下同[）)]|(?<=预算)[（(][^（）()\d]{1,10}[）)](?=的)")
# "（二）一般公共预算当年拨款结构情况": a heading announcing how an amount stated above is made up
_STRUCTURE_HEADING = re.compile(r"(?:^|[、）)\s])(?P<name>[\u4e00-\u9fff“”]{4,20}?)(?:结构|构成)(?:情况)?(?:说明)?\s*$")
# 占用 is what an item uses, no share: "企业占用国有资产比上年增长了6.9%" is a growth
_SHARE = re.compile(r"占(?!用)(?:比(?![重例率])|到)?(?P<whole>[^占]*?)的?(?:比重|比例|比率)?(?:分别)?(?:为|达到?|是)?$")
# a year, then an amount as amounts are written (not "205000.00万元": no amount opens with 00)
_GLUED_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})(?:[1-9]|0\.)")
_CHOSEN_RATE_AFTER = re.compile(rf"\s*[，,]\s*(?:同比)?(?P<dir>{_DIRECTION})(?:率|幅度)?(?:了|为)?\s*\d")
# "地方一般公共预算收入中非税收入占比为42.40%": the whole named before 中, the part after it
# "地方一般公共预算收入中非税收入占比…", "全市地方收入中税占比…", "地方一般公共预算收入税占比…" (税 cut short, no 中)
_WHOLE_THEN_PART = re.compile(r"(?P<whole>.{2,}?(?:收入|支出|经费|资金|预算))(?:中|(?=非?税$))(?P<part>.+)")
# "剔除…后，…占比为N%": a share on a basis the text does not state
_OTHER_BASIS = re.compile(r"(?:剔除|扣除)[^。；;]{1,40}?后")
_SET_ASIDE = re.compile(r"剔除|扣除")
_DUE = re.compile(r"(?<![供相对适反响效])应(?![用急对])")   # 应清退, 应到位: what was due (not 供应, 应急)
_ACTUALLY = re.compile(r"实际")
_EACH_BEFORE = re.compile(r"(?:均|都)\s*$")   # "…分别为X和Y，均与去年持平": each of the list
_THIS_YEAR_SAID = re.compile(r"今年|本年")
_THIS_YEARS = re.compile(r"(?:本年|当年|今年)(?:度)?(?:预算|决算|支出|收入)?数?")   # "本年预算与上年持平"
_BASE_THEN = re.compile(r"\s*(?:相比|对比|比较)\s*$")
# "收、支与2023年度相比，增加…": the item named before the comparison, in the clause before the change
# "。2021年度全镇“三公”经费支出决算数与上年相比，减少…": the item named, after its year, before the comparison
_NAMED_THEN_COMPARED = re.compile(r"(?:(?<=[，,。；;：:\n])|^)\s*(?:(?:19|20)\d{2}\s*年度?)?(?P<item>[^，,。；;：:\d]{1,24}?)"
                                  r"(?:与|和|同)[^，,。；;]{1,12}?相比[，,]\s*$")
# "，上年为P万元，", "，较上年P万元，": last year's amount in a clause of its own
# "上年为P", "2022年决算数P", "上年度公务接待费支出P" (the item named again)
_PRIOR_CLAUSE = re.compile(r"^\s*(?:(?:较|比)?(?:上年|去年|上一年)度?(?:同期)?(?:(?!比|较|相比)[\u4e00-\u9fff“”\"（）()]){0,16}?"
                           r"|(?:19|20)\d{2}\s*年度?(?:同期)?)(?:决算|预算|实际)?数?(?:为|是)?\s*$")
# a direction word alone after the comma, or after last year named again ("上年为P万元，比上年减少…")
_COMMA_THEN_CHANGE = re.compile(r"\s*[，,]\s*(?:(?:比|较|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)度?(?:同期|(?P<kind>决算|预算|执行)数?)?"
                                r"(?:相比[，,]?)?)?[\u4e00-\u9fff]{1,4}\s*")
_FIGURE_KIND = re.compile(r"决算|预算|执行")
_BASE_THEN_CLAUSE = re.compile(r"\s*(?:相比|对比|比较)\s*[，,]")   # "与2019年447.92万元相比，收、支总计各减少…"
_FROM = re.compile(r"(?:由|从)\s*(?:(?:19|20)\d{2}\s*年度?|上年度?|去年)?\s*的?\s*$")   # "由P", "从2021年的P"
_MOVED_TO = re.compile(rf"\s*(?P<dir>{_DIRECTION})(?:至|到)\s*")
# "较2014年增加…"; "较2025减少…", the 年 left out before the direction
_COMPARED_YEAR = re.compile(r"(?:较|比|与|同)\s*((?:19|20)\d{2})\s*(?:年|(?=[增减下上提降]))")
_COMPARISON_WORD = re.compile(r"[比较与]")
_AGAINST_PLAN = re.compile(alternation(words("directions", "against_plan")))
_PART_OF_THE_YEAR = re.compile(r"\d{1,2}\s*[-—－~至]\s*\d{1,2}\s*月|\d{1,2}月(?:份|底|末)?|[上下]半年|[一二三1-3]季度|前\d{1,2}个?月|截[至止]")
_YEAR_WRITTEN = re.compile(r"(?:19|20)\d{2}\s*年|同期|同比")
_YEAR_AGAINST_YEAR = re.compile(r"(?P<this>(?:19|20)\d{2})\s*年度?\s*(?:比|较)\s*(?P<that>(?:19|20)\d{2})\s*年")
_SHARE_CUT = re.compile(r"占\s*[，,]\s*$")
_SAVING_RATE = re.compile(rf"(?P<name>{alternation(list(_SAVING_RATES))})(?:为|是|达到?)?$")
_SHARE_OF_ITS_WHOLE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{0,8}?)(?:比重|占比|性比)(?:为|达到?|是)?$")   # 税收比重, 税性比
_BUDGET_KINDS = words("completion", "budget_kinds")
_UNNAMED_BUDGET = words("completion", "unnamed_budget")
_BUDGET_RATE = re.compile(r"预算|执行")
_BUDGET_KIND = alternation(_BUDGET_KINDS)
_RATE = re.compile(
    rf"(?P<name>完成(?P<kind>{_BUDGET_KIND})?预算(?:数)?的?"
    rf"|{'|'.join(words('completion', 'rate_phrases'))}"
    rf"|[\u4e00-\u9fff]{{0,10}}?(?:{alternation(words('completion', 'rate_names'))}))"
    r"(?:仅|只|已|约)?(?:为|达到?|是)?$"
)
_EXPLAINS = re.compile(rf"\s*(?:{_DIRECTION})的?主要原因")   # "增长的主要原因是…"
# "降幅达到37.7%", "增长率为11.11%", "下降幅度也达到了59.2%"
_RATE_NOUN = r"(?:率|幅度|比例|比率|百分比)"
_RATE_WORDS = rf"{_RATE_NOUN}?(?:也|已)?(?:了|为|是|达到?了?)?"
# "同比增减-20.00万元，增减幅度-4.00%", "较上年变动20万元": a word of no direction, the figure's sign gives it
_SIGNED = alternation(words("directions", "signed"))
_SIGNED_RATE = re.compile(rf"(?:{_SIGNED}){_RATE_NOUN}?(?:为|是)?$")   # "增减10%": a bare 增减 is no fall
_SIGNED_CHANGE = re.compile(rf"(?:{_SIGNED})(?:额|金额)?(?:为|是)?$")
_RATE_DIRECTION = re.compile(rf"(?P<dir>{_DIRECTION}){_RATE_WORDS}$")
_LIST_OPENING = re.compile(r"\s*(?:主要是|其中[：:，,]?)")
# "部分支出科目有所下降，主要为：A…；B…", "…减少Y，主要原因是(1)财政拨款收入、支出均…减少a": items follow
_ITEMS_INTRO = re.compile(r"主要(?:是|为|有)[：:]|主要原因(?:是|为)[：:]?\s*[（(][1一][）)]")
_PLAN_NAMED = re.compile(r"预算|计划|目标|指标|任务")
# "预算数A万元，调整数B万元，决算数C万元，增加D万元": the figures a bare change after them compares
_BUDGET_NAMED = re.compile(r"(?:年初)?预算数\s*(?:为|是)?$")
_FINAL_NAMED = re.compile(r"决算数\s*(?:为|是)?$")
_REASON_LEAD = re.compile(alternation(words("comparisons", "reason_leads")))
# "…W万元，主要原因是…": what follows explains W
_REASON_AFTER = re.compile(alternation([w for w in words("comparisons", "reason_leads") if "原因" in w]))
_AVERAGED = re.compile(rf"(?:{alternation(words('directions', 'averaged'))})$")
# "减少支出0.93亿元", "增加额为100万元", "增加额达98.8亿元"; "比上年预算数加12.26万元", "比上年多100万元", "比去年2.77万元少0.09万元"
# (加/多/少 right after what is compared with or its figure, not 附加/追加)
_CHANGE_AMOUNT = r"(?:额(?:为|是|达到?)?)?"
_NAMED_WITH = alternation(words("directions", "in_names_after"))
_CHANGE_DIRECTION = re.compile(rf"(?<!{_NAMED_WITH})(?P<net>净)?(?P<dir>{_CHANGE_WORDS}|(?<=[数年算期度])[加多少]|^\s*[多少])了?"
                               rf"(?:支出|开支|{_CHANGE_AMOUNT}|(?<=[加少])[\u4e00-\u9fff]{{0,4}}(?:经费|资金|拨款))$")   # "增加经费拨款A"
# A change written after its rate ("同比增长9.00%，增加6.40万元") names nothing of its own.
_CHANGE_AFTER_RATE = re.compile(rf"^[\s，,、（(]*(?:同比|比上年|较上年|各|均|分别)?(?:净)?(?:{_CHANGE_WORDS})了?"
                                rf"(?:[（(](?:{_CHANGE_WORDS})[）)])?{_CHANGE_AMOUNT}$")   # "增长(下降)0%，增加(减少)0万元"
# "增长10%，增幅居全省第一位，增收9.09亿元": a remark with no figure between the rate and its change
_CHANGE_AFTER_REMARK = re.compile(rf"^[，,]\s*(?!其中|主要|包括|剔除|扣除)[^，,。；;：:\d（）()%]{{2,16}}[，,]{_CHANGE_AFTER_RATE.pattern[1:]}")
# Comparison words in a change clause ("比上年决算数增加", "与2018年相比，…", "均较上年增加"): what is
# left after removing them is the subject whose current amount the change belongs to.
_PRIOR_WORDS = alternation(words("periods", "prior"))
_NAMES_NO_ITEM = re.compile(r"(?:本年度?|今年|当年|全年|实际|累计|(?:19|20)\d{2}\s*年度?)*")   # "全年实际完成…"
_YEAR_ONLY = re.compile(r"本年度?|今年|当年|(?:19|20)\d{2}\s*年度?")   # a subject that names only its year
_COMPARISON = re.compile(
    r"(?:与|和|比|较)[\u4e00-\u9fff\d]{1,12}?(?:预算(?:安排|总)?数|预期数|完成数|执行数)(?:相比|比较)?"   # 比人代会预算数, 比2021年实际完成数
    rf"|(?:(?:本年度?|今年)(?=比|较))?(?:与|和|相较于?|相对于?|相比|对比|比|较|同比)?(?:{_PRIOR_WORDS}|\d{{4}}\s*年)度?(?:[（(][^（）()]{{1,8}}[）)])?"   # "本年比上年减少…", "相较于上年…"
    r"(?:决算数?|同期数?|同月数?|[末底]|上半年|下半年|[一二三四1-4]季度|(?:实际)?(?:完成|执行)数?|(?:年初)?预算数?)?(?:相比|比较|对比)?"
    r"(?:[（(][^（）()]{0,6}(?:简称|下同)[^（）()]{0,8}[）)])?"   # "比2020年同期(以下简称“同比”)增收…"
    r"|(?:与|和|比|较)(?:年初|调整后|全年)?预算数?(?:相比|比较)?"
    r"|(?:与|和|比|较)年初(?:数|余额)?(?:相比|比较)?"   # a balance against the start of the year: "资产总额…，比年初增加"
    r"|(?:与|和|相较|相对|对比|比|较)\s*(?:19|20)\d{2}(?=\s*(?:[增减下上提降]|$))"   # "较2025减少…": the 年 left out
    r"|同比|比|较|均|各|分别"
)
# The rate after its change, the comparison said again or not: "增加12.26万元，与上年预算数相比增长5.27%".
# "约增加3%" is the rate too; so is "增长(下降)0%", the template's choice left beside a change of nothing.
# A semicolon may part them ("减少4.00万元；下降7.69%"): a rate naming nothing of its own is still the change's; so may
# the bracket the change stands in ("W万元（比上年减少Y万元），同比下降r%").
_RATE_AFTER_CHANGE = re.compile(rf"^[\s，,、；;（(）)]*(?:同口径)?(?:(?:{_COMPARISON.pattern})[，,]?)?约?(?:{_DIRECTION}|{_SIGNED})"
                                rf"(?:[（(]或?(?:{_DIRECTION})[）)])?{_RATE_WORDS}\s*$")
# A stated comparison of the actual with the budget or with last year: "决算数小于年初预算数",
# "决算数与预算数持平", "当年决算数大于上年决算数", "与上年持平". Template alternatives such as
# "小于/等于" or "（或与预算数持平）" are not statements (TMPL-001 reports them).
_AT_MOST = words("comparisons", "at_most")
_GREATER, _EQUAL = (alternation(words("comparisons", k)) for k in ("greater", "equal"))
_LESS = alternation(words("comparisons", "less") + _AT_MOST)
_RELATION_WORD = {**{w: ">" for w in words("comparisons", "greater")},
                  **{w: "<" for w in words("comparisons", "less") + _AT_MOST},
                  **{w: "=" for w in words("comparisons", "equal")}}
_EQUAL_AFTER = re.compile(rf"\s*(?:相比|比较)?[，,]?\s*(?:{alternation(words('comparisons', 'equal_qualifiers'))})?"
                          rf"(?P<word>{_EQUAL})")   # "…较预算数0万元无增减", "与上年预算数43.12万元基本持平"
_TOPIC_SUFFIX = re.compile(r"(?:情况|说明|情况说明|概况)$")   # "一、全省财政收入情况": a section's topic
# "高于上年的5万元": the base named right after the words, as the year's own (without 的, "大于预算数61.38万元" is by how much)
_NAMED_RIGHT_AFTER = re.compile(r"\s*的\s*")
_BRACKET_OPENS = re.compile(r"\s*[（(]")
_STATED_COMPARISON = re.compile(
    rf"(?<![/／或])(?:决算数?|执行数)?(?:(?P<word>{_GREATER}|{_LESS}|{_EQUAL})|同|与|和|跟|比|较|(?<![同与和跟比较]))\s*"
    rf"(?:(?P<kind>{_BUDGET_KIND})?预算数?|(?P<prior>上年|上一年|去年|\d{{4}}\s*年)度?(?:决算(?:数|支出|收入)?|同期|同月|预算执行数|预算数?)?)"
    rf"(?![/／])(?:相比(?=[，,]?\s*(?:{_EQUAL}))[，,]?\s*|相比)?(?:{alternation(words('comparisons', 'equal_qualifiers'))})?(?P<flat>{_EQUAL})?"
    r"(?P<or_equal>数?\s*[（(]或与[^）)]{0,12}持平[）)])?"   # "小于预算数（或与预算数持平）": the template's ≤
)

# A direction against last year with no figure after it: "公务用车运行维护费较上年有所增长，主要原因…",
# "与上年相比，支出减少，主要原因…", "较2025年减少", "同比减少。"; not "无增减", "有增有减".
_STATED_TREND = re.compile(
    rf"(?:(?:较|比|与)\s*(?:(?P<prior>上年|上一年|去年|(?P<year>\d{{4}})\s*年)度?(?:决算数?|同期)?|(?:年初|调整后|全年)?预算数?)"
    rf"|(?P<same_period>同比))"
    rf"(?:相比[，,](?P<item>[\u4e00-\u9fff“”\"]{{0,16}}?)|相比)?[，,]?"
    rf"(?:{alternation(words('comparisons', 'trend_qualifiers'))}|(?<![无增减有]))(?P<dir>{_DIRECTION})(?=[，,。；;、）)]|的|主要|$)"
)

# "项目支出预算52300元，…，同比无增减变化": equal to last year's.
_FLAT_ON_YEAR = re.compile(rf"同比(?P<word>{_EQUAL})")
# "三公经费支出决算减少的主要原因是…": an item's direction against last year, stated as what a reason explains.
# "…预算为57.84亿元，连续五年下降", "…支出41.63亿元，实现“五连降”": lower (or higher) than last year, a run of years
_RUN_OF_YEARS = re.compile(rf"连续[两二三四五六七八九十\d]{{1,2}}年(?:持续)?(?P<dir>{_DIRECTION})|[二三四五六七八九十]连(?P<short>降|减|增|涨|升)")
_EXPLAINED_TREND = re.compile(rf"(?<=[\u4e00-\u9fff”\"])(?:决算数?)?(?P<dir>{_DIRECTION})的主要原因")

_COMPARED = re.compile(r"比|较|同比")
_COMPARED_BEFORE = re.compile(r"(?:与|和|同)[^，,。；;]{1,20}(?:相比较?|比较|对比)[，,]\s*$")   # the clause before names the comparison
# "其中：24万元用于工程项目审计；…": a part named after its figure
_USED_FOR = re.compile(r"\s*用于(?P<name>[^，,。；;：:]{2,30})")
_BRACKETED_AFTER = re.compile(r"[\s，,]*[（(][^（）()]*[）)]")
# a change's rate in brackets after it, with no word of its own: "减少1.8万元（45.00%）", "（较上年减少18.80万元）（64.60%）"
_CLOSES = re.compile(r"\s*[）)]")
_BRACKET_ONLY = re.compile(r"\s*(?:[）)]\s*)?[（(]\s*")
_CLAUSE_ENDS = re.compile(r"\s*(?:[，,。；;]|$)")
# "…0万元），占收入合计93.64%", "…834万元），比2021年预算增加702万元": a figure after a bracket is of the amount before it
_CLOSES_BEFORE = re.compile(r"[）)][\s，,]*(?:占|比|较|同比|与)")
_SHARES_INTRO = re.compile(r"其中[：:，,]?|主要用于以下方面[：:]?|主要用于[：:]|(?:(?<=[。；;\n])|^)\s*包括[：:]")
_OF_STATED_WHOLE = re.compile(r"^的?(?:比重|比例|比率)?(?:为|是|达到?)?$")
# what names an amount a budget and which budget ("调整后支出预算", "年初预算")
_BUDGET_WORDS = re.compile(rf"(?:{_BUDGET_KIND})?预算(?:安排)?数?|年度|安排")
_BUDGET_KIND_NAMED = re.compile(_BUDGET_KIND)
_PLAIN_BUDGET_RATE = re.compile(r"完成预算(?:数)?的?|为预算(?:数)?的")   # no kind of budget named (年初, 调整)
_AMONG_STATED_WHOLE = re.compile(r"^中(?:所)?占(?:比|的?比重|的?比例)?(?:为|是|达到?)?$")   # "在W万元中占比N%"
_AMONG_AMOUNT = re.compile(r"(?<![\u4e00-\u9fff])在(?P<name>[^，,。；;占在]{2,20})$")

# Completion-rate roles: which stated figure is the base (budget, target, plan) and which the actual.
_DETAILS_OPENED = re.compile(r"\s*[，,]\s*(?:含|包含|其中[：:，,]?)")   # "W万元，含A…": A details W
_DETAILS_CLOSED = re.compile(r"\s*[；;]\s*")
_BRACKETED_ALONE = re.compile(r"[（(][^（()）]*[）)]")   # "比2025年度（1000.00万元）增加…": the base alone in its bracket
_DOUBLED_SIDE = re.compile(r"(支出|收入)\1$")
_FINAL_AT_END = re.compile(rf"(?:{alternation(words('completion', 'actual'))})数?\s*(?:为|是)?$")   # "…决算数为"
_BASE_BY_NAME = [(re.compile(re.escape(name)), re.compile(alternation(names)))
                 for name, names in vocabulary()["completion"]["base_for_rate"].items()]
_RATE_ACTS = vocabulary()["completion"]["rate_acts"]
_DONE_IN_FULL = re.compile(rf"(?:{alternation(words('completion', 'done_in_full'))})")
_DONE_IN_FULL_ACTS: dict[str, list[str]] = vocabulary()["completion"]["done_in_full_acts"]
_NOT_ACTS = re.compile(alternation(words("completion", "money_kinds_not_acts")))
_ACTUAL_BY_NAME = [(re.compile(re.escape(name)), re.compile(alternation([*names, *words("completion", "actual")])))
                   for name, names in vocabulary()["completion"]["actual_for_rate"].items()]

# Periods: an amount named as last year's, or (in a budget) last year's 执行数 against 预算安排; an amount
# written as what is compared with ("比2022年预算执行数180.00万元增加…") is the base, not this year's.
_PRIOR = re.compile(alternation(words("periods", "prior")))
_NAME_OPENS = re.compile(r"(?:累计)?(?:完成|实现|组织)?")   # what may stand before a name: "完成税收收入…" names 税收收入
_LIST_JOIN_NAMED = re.compile(r"\s*(?:万元|元|亿元)?\s*[、，,]?\s*")   # "收入减少A、支出总计减少B": the next change's clause
# "同口径（剔除上年机构上划因素19500万元的影响）较上年同期增收…", "剔除留抵退税因素后，比上年增长…": on a like basis
_SAME_BASIS = re.compile(r"(?:按)?(?:同|可比)口径(?:计算)?|[（(](?:剔除|扣除|不含)[^（）()]*[）)]"
                         r"|(?:剔除|扣除)[^，,。；;]{1,30}?(?:因素|影响)后?")
_PLACE_FIRST = re.compile(r"^(?:地方|全[省市县区州旗镇乡])(?=[\u4e00-\u9fff]{4})")   # not 区级, 市本级: a part of the whole
# "由P增加到C", "从P减至C", "由P调整为C": C, risen (or fallen) from P
_RISEN_TO = re.compile(rf"(?:{_DIRECTION}|回落|调整)(?:到|至|为)$")
# "相比2016年的总支出6412.08增加…", "比上年同期的一般公共预算收入…": the base named as the item of the year compared with
_ITEM_OF_BASE = re.compile(r"(?:相比|对比|与|和|比|较)\s*(?:上年|去年|上一年|\d{4}\s*年)度?(?:同期)?的(?P<item>[^，,。；;]{2,})$")
# "2018年收入预算比2017年预算收入27315460元增加2230858元": an amount right after 比/较 and a year, with the item
# named before 比, is the base of that item's change
_NAMED_BEFORE_BASE = re.compile(r"^(?P<item>[^，,。；;：:\d]{2,16}?)(?:比(?!较)|(?<!比)较)\s*(?:上年|去年|上一年|\d{4}\s*年)")
# "…完成1.247亿元，超“双过半”任务数215万元，同比增收…", "距…任务数还差205万元": how far a figure passes or falls
# short of its plan is no amount of the item
_BEYOND_PLAN = re.compile(r"(?:超过?|超出|低于|短于?)[^，,]*(?:任务|进度|目标|计划)数?$|距[^，,]*(?:还|尚)?差$")
_COMPLETES_BUDGET = re.compile(r"(?:完成|为|占)(?:年度?|年初|全年|调整后?|人代会|变动|汇总|收入)?(?:预算|计划|任务|目标|预期)")
_BUDGET_OF_ITEM = re.compile(rf"(?P<item>.{{2,}}?)(?:{_BUDGET_KIND})?(?:预算|预期|计划)(?:安排)?(?:数|合计|总额)?")   # "X预算合计"
_DONE_WORD = re.compile(r"(?:完成|实现)$")   # "收入（累计）完成18.42亿元": the amount done
_NEWS_LAST_YEAR = re.compile(r"(?:^|[，,。：:\s])去年(?!同期)")
_COMPARED_NEXT = re.compile(r"[\s，,]*(?:比|较|相比|与|同比)")
_ITEM_NAMED_PRIOR = re.compile(alternation(words("periods", "items_named_prior")))
_YEAR_MENTION = re.compile(r"(?<![比较与和])((?:19|20)\d{2})\s*年")
_BUDGET_PRIOR = re.compile(alternation(words("periods", "budget_prior")))
_BUDGET_CURRENT = re.compile(alternation(words("periods", "budget_current")))

# --- counts and sides -----------------------------------------------------------------------------

_COUNTED_STOCKS = [
    (key, spec["unit"], re.compile("(?:" + "|".join(f"(?:{p})" for p in spec["names"]) + ")$"),
     re.compile("|".join(spec["not"])))
    for key, spec in vocabulary()["counts"].items()
]
_SWAP_SIDES = str.maketrans({"收": "支", "支": "收", "入": "出", "出": "入"})


# --- extraction ----------------------------------------------------------------------------------


def _counted_stock(subject: str, unit: str) -> str | None:
    for key, stock_unit, names, excluded in _COUNTED_STOCKS:
        if unit == stock_unit and names.search(subject) and not excluded.search(subject):
            return key
    return None


def _amount_key(subject: Subject, year: int | None) -> str | None:
    """The well-known quantity an amount names; "2022年支出合计" in a 2022 report is 本年支出合计."""
    key = canonical_key(subject.text)
    if key is None and year and subject.year == year:
        key = canonical_key("本年" + subject.text)
    return key


def _statement(quantity: Quantity, raw: str, subject: Subject, place: Place, sentence: int,
               year: int | None) -> Statement | None:
    kind = {"money": AmountClaim, "count": CountClaim, "percent": PercentClaim}.get(quantity.kind)
    if kind is None:
        return None
    key = _amount_key(subject, year) if kind is AmountClaim else None
    if kind is CountClaim:
        key = _counted_stock(subject.text, quantity.unit)
    code = subject.code if kind is AmountClaim else None
    return kind(subject=subject.text, raw_subject=raw, quantity=quantity, place=place, sentence=sentence,
                year=subject.year, code=code, key=key, entity=subject.entity,
                prior=bool(_PRIOR.search(_ITEM_NAMED_PRIOR.sub("", raw)) or _COMPARED_WITH.match(raw)
                           or _NAMED_BEFORE_BASE.match(subject.text)))


def _base_item_restated(prefix: str) -> str:
    """"2022年收入预算比2021年预算收入增加…", "基本支出比2021年基本支出增加…": the item named again after what it is compared
    with is the one named before it, so the words after the comparison are dropped."""
    compared = list(_COMPARISON.finditer(prefix))
    if not compared:
        return prefix
    before, after = prefix[:compared[-1].start()], prefix[compared[-1].end():]
    restated = comparable(after.strip())
    return before if len(restated) >= 2 and restated in comparable(_COMPARISON.sub("", before)) else prefix


def _inherit_qualifier(previous: Statement, current: Statement) -> None:
    """"财政拨款收入总计A，支出总计B": the second subject is 财政拨款支出总计, not the department's 支出总计."""
    mate = current.subject.translate(_SWAP_SIDES)
    if mate != current.subject and previous.subject.endswith(mate) and len(previous.subject) > len(mate):
        current.subject = previous.subject[: -len(mate)] + current.subject
        current.key = canonical_key(current.subject)
    elif current.subject in _SIDES and previous.subject.find(current.subject) > 0:
        # "三公经费支出年初预算为A，支出决算为B": B is the 三公经费支出
        current.subject = previous.subject[: previous.subject.find(current.subject)] + current.subject
        current.key = canonical_key(current.subject)
    elif (budget := _BUDGET_OF_ITEM.fullmatch(previous.subject)) and _FINAL_AT_END.search(current.subject) \
            and _NAMES_NO_ITEM.fullmatch(_FINAL_AT_END.sub("", current.subject)):
        # "一般公共预算收入预算合计B，实际完成A": A is the 一般公共预算收入 done
        current.subject = budget["item"] + current.subject
        current.key = canonical_key(current.subject)


def _complete_names(names: list[str]) -> list[str]:
    """"收、支总计" → 收入总计, 支出总计; "人员、公用经费" → 人员经费, 公用经费: short forms before a name
    that carries their common suffix. Only stems of one or two characters are short forms: "公务接待费、公务用车
    运行维护费" are two names."""
    short = len(names[0])
    if short > 2 or any(len(n) != short for n in names[:-1]) or len(names[-1]) <= short:
        return names
    suffix = names[-1][short:]
    return [ABBREVIATIONS.get(stem, stem) + suffix for stem in names[:-1] + [names[-1][:short]]]


def _split_names(text: str, count: int) -> list[str] | None:
    """A list of names in the order they are written: on 、 first, else on 、/和/及/与 too."""
    for names in (text.split("、"), _LIST_JOIN.split(text)):
        if len(names) == count and all(names):
            return _complete_names(names)
    return None


def _quoted_names(text: str, count: int) -> list[str] | None:
    """"等次为“优”“良”“中”“差”的项目分别是…": names written as quoted words side by side, each with the
    words after the last quote (优的项目, 良的项目 …)."""
    quoted = list(_QUOTED.finditer(text))
    if len(quoted) != count:
        return None
    after = normalise_subject(text[quoted[-1].end():]).text
    return [m["name"] + after for m in quoted]


def _prior_and_current(a: Statement, b: Statement, year: int | None) -> tuple[Statement, Statement] | None:
    """Which of two amounts is last year's: named so (上年, 去年), dated earlier, risen from (由P增加到C), or, in
    a budget, the 执行数 beside this year's 预算安排. None unless exactly one of them is."""

    def is_prior(s: Statement, other: Statement) -> bool:
        this_year = other.year or year
        return (s.prior or (s.year is not None and this_year is not None and s.year < this_year)
                or (bool(_BUDGET_PRIOR.search(s.raw_subject)) and bool(_BUDGET_CURRENT.search(other.raw_subject))
                    and not _BUDGET_CURRENT.search(s.raw_subject))
                or bool(_FROM.search(s.raw_subject) and _RISEN_TO.search(other.raw_subject.strip())))   # "由P增加到C"

    a_prior, b_prior = is_prior(a, b), is_prior(b, a)
    if a_prior == b_prior or type(a) is not type(b) or a.quantity.kind != b.quantity.kind:
        return None
    if isinstance(a, CountClaim) and a.quantity.unit != b.quantity.unit:
        return None
    return (a, b) if a_prior else (b, a)


def _named_in_change(change: _Token) -> str:
    """What a change's own words name before its direction word, past what it is compared with ("公务接待费较上年减少"
    names 公务接待费; "较上年同期增加" nothing)."""
    return normalise_subject(_COMPARISON.sub("", change.prefix[:change.word_start])).text


def _year_glued_on(q: Quantity, year: int | None) -> bool:
    """"…较2014年31.70万元…" printed as "比201431.70万元" (or, in a 2016 report, "较20154.85万元"): a year run
    into the amount after it."""
    glued = _GLUED_YEAR.match(q.text)
    if not glued or year is not None and int(glued["year"]) >= year:
        return False
    return q.value >= 190000 or year is not None and glued["year"] == str(year - 1)


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end: a full stop that closes a bracket ("（…运行维护费260万元。）比上年…") ends none, nor one
    inside a note in brackets that closes later ("收入897亿元(注:此为预测数。一般…),增长10%"); a bracket of other
    sentences ("（其中，A项目27个；…。共发现问题2个）") keeps them apart."""
    return [m.start() for m in _SENTENCE_END.finditer(text)
            if not text.startswith(("）", ")"), m.end()) and not _inside_a_note(text, m.start())]


def _inside_a_note(text: str, offset: int) -> bool:
    opened = max(text.rfind("（", 0, offset), text.rfind("(", 0, offset))
    return opened >= 0 and bool(_NOTE_OPENS.match(text, opened + 1)) \
        and not _BRACKET_CLOSES.search(text, opened, offset) and bool(_BRACKET_CLOSES.search(text, offset))


def _set_direction(token: _Token, word: re.Match) -> None:
    """The direction a change or rate word writes (增加, 多 up; a word of no direction, 增减, up until its figure
    says otherwise), and where the word starts; a minus on the figure writes a fall ("下降-77.77%", "增加-20万元",
    "增减幅度-5%")."""
    written = word.groupdict().get("dir")
    token.direction = 1 if written is None or written in _UP or written in "加多" else -1
    token.word_start = word.start()
    if token.quantity.value < 0:
        token.quantity, token.direction = replace(token.quantity, value=-token.quantity.value), -1


class _Reader(ListReading):
    """One paragraph: its numbers with their roles, then the claims assembled from them."""

    def __init__(self, paragraph: Paragraph, year: int | None):
        self.paragraph = paragraph
        # read with the author's notes blanked out, same length (quotes come from the paragraph's own text)
        self.text = _NOTE.sub(lambda note: " " * len(note.group()), paragraph.text)
        self.year = year
        self.side_total: Statement | None = None   # the total a "收入包括：" list of the paragraph above is of
        self.above: list[Statement] = []   # this year's amounts of the paragraph right above, for a list opening this one
        self.last_amounts: list[Statement] = []   # those of the last paragraph above with any, past headings
        self.ends = _sentence_ends(self.text)
        self.tokens = self._tokens()
        self._reported_year_named_last_year()
        self._qualify_elliptic_subjects()
        self._date_by_sentence()

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.ends, offset)

    def sentence_end(self, offset: int) -> int:
        index = bisect_left(self.ends, offset)
        return self.ends[index] if index < len(self.ends) else len(self.text)

    def members(self, token: _Token) -> list[_Token]:
        """The list a token belongs to, in order (itself alone when not in a list)."""
        return [t for t in self.tokens if t.group == token.group]

    def _list_mates(self, statement: Statement) -> list[Statement]:
        """"A与B分别为X亿元和Y亿元，均与去年持平": the other amounts of the list a statement was read in."""
        token = self._token_of(statement)
        return [t.statement for t in self.members(token) if t is not token] if token else []

    def _token_of(self, statement: Statement) -> _Token | None:
        return next((t for t in self.tokens if t.role == "statement" and t.statement is statement), None)

    def _each_of(self, claim: ComparisonClaim, clause: str) -> list[ComparisonClaim]:
        """"A与B分别为X亿元和Y亿元，均与去年持平", "A预算X万元，B预算Y万元，均比上年有所增加": the comparison said of each."""
        if claim.actual is None or claim.growth is not None or not _EACH_BEFORE.search(clause):
            return []
        return [replace(claim, actual=s) for s in self._list_mates(claim.actual) or self._clause_mates(claim.actual)]

    def _clause_mates(self, statement: Statement) -> list[Statement]:
        """"A预算X万元，B预算Y万元，均与上年持平": the amounts of the clauses right before, one a clause, of the same kind."""
        token = self._token_of(statement)
        mates: list[Statement] = []
        while token is not None and (before := self.neighbour(token, -1)) is not None and before.role == "statement" \
                and before.sentence == token.sentence and before.quantity.kind == token.quantity.kind \
                and _COMMA.fullmatch(self.text, before.quantity.end, token.clause_start) \
                and not _LIST_OPENING.match(self.text, token.clause_start):
            mates.insert(0, before.statement)
            token = before
        return mates

    def leads(self, role: str) -> list[list[_Token]]:
        """Every list (or single number) of a role, as its members."""
        return [self.members(t) for i, t in enumerate(self.tokens) if t.group == i and t.role == role]

    def neighbour(self, token: _Token, step: int) -> _Token | None:
        index = self.tokens.index(token) + step
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    # roles -------------------------------------------------------------------------------------
    def _tokens(self) -> list[_Token]:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text) if not self._joins_short_forms(m.start())]
        strong = [m.start() for m in _STRONG_BREAK.finditer(self.text)]
        tokens: list[_Token] = []
        previous_end = 0
        for q in find_quantities(self.text):
            index, strong_index = bisect_left(breaks, q.start), bisect_left(strong, q.start)
            if index and self.text[breaks[index - 1]] in "：:" and not self.text[breaks[index - 1] + 1:q.start].strip():
                index -= 1   # "中央财政资金：236万元": the name before the colon is the figure's
            if strong_index and self.text[strong[strong_index - 1]] in "：:" \
                    and not self.text[strong[strong_index - 1] + 1:q.start].strip():
                strong_index -= 1   # "A、B规模分别：0.81亿元、0.63亿元": and the list's names
            clause_start = max(breaks[index - 1] + 1 if index else 0, previous_end)
            list_start = max(strong[strong_index - 1] + 1 if strong_index else 0, previous_end)
            token = _Token(q, "other", clause_start, self.text[clause_start:q.start], self.sentence_of(q.start),
                           list_start)
            in_list = tokens and self._joins_list(tokens[-1], token, tokens[tokens[-1].group])
            token.group = tokens[-1].group if in_list else len(tokens)
            tokens.append(token)
            previous_end = q.end
        self.tokens = tokens
        for members in [self.members(t) for i, t in enumerate(tokens) if t.group == i]:
            self._classify_list(members)
        for token in tokens:
            if token.role == "statement" and _EACH.search(token.prefix) and len(self.members(token)) == 1:
                # "包括A、B、C各0.11亿元": the names before 各, back to the list's start, joined by 、 or 以及
                token.each = len(_NAMES_JOINED.split(self.text[token.list_start:token.clause_start] + token.prefix))
        for before, token in zip(tokens, tokens[1:]):
            if before.role == "change" and token.role == "statement" and token.quantity.kind == "percent" \
                    and (_BRACKET_ONLY.fullmatch(self.text, before.quantity.end, token.quantity.start)
                         or _COMMA.fullmatch(self.text, before.quantity.end, token.quantity.start)
                         and self._ends_clause(token.quantity.end)):
                # "减少1.8万元（45.00%）", "减少3.65万元，81%": the rate alone in its clause after the change
                token.role, token.direction = "rate_of_change", before.direction
                token.word_start = token.clause_start
            elif before.role == "statement" and token.role == "statement" and token.quantity.kind == "percent" \
                    and before.quantity.kind == "money" and _COMMA.fullmatch(self.text, before.quantity.end, token.quantity.start) \
                    and self._ends_clause(token.quantity.end) \
                    and (share := next((t for t in reversed(tokens[:tokens.index(before)])
                                        if t.sentence == token.sentence and t.role == "share"), None)):
                token.role, token.detail = "share", share.detail   # "A万元，占97.3%；B万元，2.7%": the 占 left out
        for base, token, rate in zip(tokens, tokens[1:], tokens[2:]):
            if _compared_base(base) and token.role == "statement" and token.quantity.kind == base.quantity.kind \
                    and not self.text[base.quantity.end:token.quantity.start].strip() \
                    and rate.role == "rate_of_change" and rate.sentence == token.sentence \
                    and _RATE_AFTER_CHANGE.match(self.text[token.quantity.end:rate.quantity.start]):
                # "较2022年决算数653.09万元127.05万元，增长19.45%": the change right after its base, its word left out
                token.role, token.direction, token.word_start = "change", rate.direction, token.clause_start
        return tokens

    def _joins_short_forms(self, offset: int) -> bool:
        """The 、 of "收、支总计": one name of two short forms (vocabulary lists.abbreviations), no clause break."""
        return self.text[offset] == "、" and 0 < offset < len(self.text) - 1 \
            and self.text[offset - 1] in ABBREVIATIONS and self.text[offset + 1] in ABBREVIATIONS

    def _joins_list(self, before: _Token, token: _Token, lead: _Token) -> bool:
        if before.sentence != token.sentence or before.quantity.kind != token.quantity.kind:
            return False
        # "…分别为8012.4亿元，14236.9亿元和9233.3亿元": a bare comma inside a list announced as paired
        return bool(_LIST_JOIN.fullmatch(self.text, before.quantity.end, token.quantity.start)
                    or _COMMA.fullmatch(self.text, before.quantity.end, token.quantity.start)
                    and _DISTRIBUTIVE.search(lead.prefix.rstrip())
                    or _LIST_JOIN_DIRECTED.fullmatch(self.text, before.quantity.end, token.quantity.start)
                    and _DISTRIBUTIVE_WORD.search(lead.prefix))

    def _classify(self, token: _Token) -> None:
        q, prefix = token.quantity, token.prefix.rstrip().rstrip("：:").rstrip()   # "资金节约率：0.56%" as "资金节约率0.56%"
        if choice := _TEMPLATE_CHOICE.search(prefix):
            if not q.value:
                prefix = prefix[:choice.start()] + choice["first"]   # "增加(或减少)0万元": no change, either way
            elif rate := _CHOSEN_RATE_AFTER.match(self.text, token.quantity.end):
                # "各增加(减少)58.34万元，增长100%": the rate's word chooses
                prefix = prefix[:choice.start()] + ("增加" if rate["dir"] in _UP else "减少")
        if _TEMPLATE_CHOICE.search(prefix) or _NOT_AN_AMOUNT.search(prefix) or q.kind not in ("money", "count", "percent"):
            return  # "增加/减少0万元" is an unfilled template, "突破7000亿元" no amount; scores and points are not checked here
        if q.kind == "percent":
            if not prefix and _SHARE_CUT.search(self.text, 0, token.clause_start):
                prefix = "占"   # "…27168.35元，占,84.09%": a stray comma after 占
            rate = _RATE.search(prefix)
            if (m := _SHARE.search(prefix)) and not (rate and rate["name"].startswith("占")):
                token.role, token.detail = "share", m["whole"]   # "占年调整预算的99.4%" is a completion rate
            elif _SHARE_OF_ITS_WHOLE.search(prefix):
                token.role, token.detail = "share", ""   # "其中税收收入…，税收比重为79.0%": of the list's whole
            elif saving := _SAVING_RATE.search(prefix):
                token.role, token.detail = "saving", saving["name"]   # "…节约资金C万元，节约率N%"
            elif m := rate:
                token.role, token.detail = "rate", m["name"]
                token.budget_kind = m["kind"] or next((k for k in _BUDGET_KINDS if k in m["name"]), "")
            elif m := _SIGNED_RATE.search(prefix) or _RATE_DIRECTION.search(prefix):
                token.role = "average" if _AVERAGED.search(prefix, 0, m.start()) else "rate_of_change"
                _set_direction(token, m)
            else:
                token.role = "statement"
        elif m := _SIGNED_CHANGE.search(prefix) or _CHANGE_DIRECTION.search(prefix):
            token.role, token.net = "average" if _AVERAGED.search(prefix, 0, m.start()) else "change", \
                bool(m.groupdict().get("net"))
            _set_direction(token, m)
        else:
            token.role = "statement"

    def _classify_list(self, members: list[_Token]) -> None:
        """The first number's words give the whole list its role; names before 分别/各 name each member."""
        lead = members[0]
        self._classify(lead)
        for before, token in zip(members, members[1:]):
            token.role, token.direction, token.net, token.detail = lead.role, lead.direction, lead.net, lead.detail
            if _LIST_JOIN_DIRECTED.fullmatch(self.text, before.quantity.end, token.quantity.start):
                self._classify(token)   # "分别增加A、减少B": the member's own direction word
        if lead.role != "statement":
            return
        named = self._list_names(lead, len(members)) if len(members) > 1 else None
        for i, token in enumerate(members):
            if named:
                names, year = named
                place = Place(self.paragraph, lead.list_start, token.quantity.end)
                subject = normalise_subject(names[i])
                subject = Subject(subject.text, subject.year or year, subject.code, subject.entity)
                token.statement = _statement(token.quantity, names[i], subject, place, token.sentence, self.year)
            else:
                place = Place(self.paragraph, token.clause_start, token.quantity.end)
                subject = normalise_subject(token.prefix)
                if not subject.text and (used := _USED_FOR.match(self.text, token.quantity.end)):
                    subject = normalise_subject(used["name"])
                token.statement = _statement(token.quantity, token.prefix, subject, place, token.sentence, self.year)
            if token.statement is None:
                token.role = "other"
            elif not named and lead.statement is not None and lead.statement.prior:
                token.statement.prior = True   # "上年分别为P、Q万元": each last year's

    def _list_names(self, lead: _Token, count: int) -> tuple[list[str], int | None] | None:
        """"基本支出、项目支出分别为…": the names a list of figures is paired with, and their year."""
        text = self.text[lead.list_start:lead.quantity.start]
        distributive = _DISTRIBUTIVE.search(text.rstrip())
        if not distributive:
            return None
        subject = normalise_subject(text[:distributive.start()])
        names = _split_names(subject.text, count) or _quoted_names(text[:distributive.start()], count)
        return (names, subject.year) if names else None

    def _reported_year_named_last_year(self) -> None:
        """News name the year reported as 去年: "去年…“三公”经费决算支出4.6亿元，比上年减少2.9亿元" states that year's
        own amount, which a comparison follows in its sentence; not "A万元，去年为P万元，比上年减少…", where this year's
        amount came first."""
        for before, token, after in zip([None, *self.tokens], self.tokens, self.tokens[1:]):
            if token.role == "statement" and token.statement.prior and after.sentence == token.sentence \
                    and (before is None or before.sentence != token.sentence) \
                    and _NEWS_LAST_YEAR.search(token.prefix) and not _COMPARED_WITH.match(token.prefix) \
                    and _COMPARED_NEXT.match(after.prefix):
                token.statement.prior = False

    def statements(self) -> list[Statement]:
        return [t.statement for t in self.tokens if t.role == "statement"]

    def _qualify_elliptic_subjects(self) -> None:
        statements = self.statements()
        for previous, current in zip(statements, statements[1:]):
            if previous.sentence == current.sentence and type(previous) is type(current):
                _inherit_qualifier(previous, current)

    def _date_by_sentence(self) -> None:
        """A statement without its own year belongs to the year last named in its sentence
        ("2018年，三公经费支出5万元，公务接待费3万元" is all 2018)."""
        mentions = [(m.start(), int(m.group(1))) for m in _YEAR_MENTION.finditer(self.text)]
        for statement in self.statements():
            if statement.year is None:
                named = [year for pos, year in mentions
                         if pos < statement.quantity.start and self.sentence_of(pos) == statement.sentence]
                statement.year = named[-1] if named else None

    def whole_before(self, offset: int, sentence: int) -> Statement | None:
        """The total a list hangs from: the last statement before ``offset`` in the sentence,
        skipping only its own change, rates and points ("W万元，较上年增加…，增长…%；其中：", "…，快于序时进度3.8个百分点")."""
        start = self.ends[sentence - 1] if sentence > 0 else 0
        before = [t for t in self.tokens if start <= t.quantity.start < offset]
        # a list of amounts, not of changes ("…减少19.53万元。其中：A减少0万元…" lists the change)
        first = next((t for t in self.tokens if t.quantity.start >= offset), None)
        amounts = first is not None and first.sentence == sentence and first.role == "statement"
        # "…收入46.8亿元，比上年下降12.6%。剔除…后，可比下降8.7%，其中，A…": a sentence with only a rate before the list;
        # "W万元。较上年决算数增加Y万元，增长r%，其中：A…": with only the total's change, said on its own
        if sentence > 0 and (all(t.role == "rate_of_change" for t in before)
                             or amounts and self._changes_only(sentence, offset)):
            view = self._is_view(sentence)
            sentence -= 1   # "…93万元，比上年减少…。其中：A…", "…。地方收入按构成分：A…" list the sentence before's
            # "W万元。较上年减少Y万元，下降r%。其中：A…": past the total's change, said on its own (and past the reason given
            # for it); "…下降38.64%。主要是压减一般性支出。其中：A…": past the reason; past another view
            reasons_only = True
            while sentence > 0:
                if not any(t.sentence == sentence for t in self.tokens):
                    reasons_only &= self._gives_a_reason(sentence)
                elif not (amounts and reasons_only and self._changes_only(sentence) or view and self._is_view(sentence)
                          or amounts and self._shares_only(sentence)):
                    break
                sentence -= 1
            if view and self._is_view(sentence):
                return None
        for token in reversed(self.tokens):
            if token.quantity.end > offset or token.sentence != sentence:
                continue
            if token.role in ("change", "rate_of_change") or _compared_base(token) or token.quantity.kind in ("percent", "points") \
                    or token.role == "statement" and token.statement.prior and token.statement is not self._first_amount(sentence):
                continue   # the total's own change, rate, share or last year's amount ("…A元，上年…B元，…，其中：")
            if self._bracket_closed_between(token.quantity.end, offset):
                continue   # "W亿元(包括A3150万元),同比增长…,其中B…": a detail of the total
            if token.sentence < self.sentence_of(offset) and self._in_the_reason_for_another(token):
                continue   # "支出合计W万元，…，主要原因是支付了200万元…。其中：A…": a figure of the reason given
            if token.role == "statement" and budget_after_its_result(token.statement, self.statements()):
                continue   # "…决算数为A万元，预算数为B万元，比年初预算数减少…，其中，…": A's list
            if token.role == "statement":
                return token.statement
            return None
        return None

    def _gives_a_reason(self, sentence: int) -> bool:
        """"主要原因是…", "增减变化的主要原因是：…": the sentence explains a figure stated before it."""
        start = self._sentence_start(sentence)
        said = self.text[start:self.sentence_end(start)]
        return bool(_REASON_LEAD.match(said.lstrip()) or _REASON_AFTER.search(said))

    def _changes_only(self, sentence: int, end: int | None = None) -> bool:
        """The sentence (up to ``end``) states changes and rates and nothing else, opening with what they are compared
        with ("较上年同期P万元减支Y万元，下降r%": P is what they are compared with; "…，完成年初预算的106.4%", "…，占全国
        财政支出的比重为9.1%": the same amount's completion rate and share)."""
        tokens = [t for t in self.tokens if t.sentence == sentence and (end is None or t.quantity.start < end)]
        if not tokens or not all(t.role in ("change", "rate_of_change") or _compared_base(t)
                                 or t.role in ("rate", "share") and t.quantity.kind == "percent" for t in tokens):
            return False
        first = tokens[0]
        if _compared_base(first):
            return self._only_compared_before(sentence, first.quantity.start)
        # not "2002年A比上年增长了6.9%": the change of an amount the sentence names
        return first.role in ("change", "rate_of_change") \
            and self._only_compared_before(sentence, first.clause_start + first.word_start)

    def _shares_only(self, sentence: int) -> bool:
        """The sentence states a share and its change in points and nothing else ("…收入中非税占比37.1%，较上年下降
        0.3个百分点"): a remark on the total's parts, which a list after it does not hang from."""
        tokens = [t for t in self.tokens if t.sentence == sentence]
        return any(t.role == "share" for t in tokens) and all(t.quantity.kind in ("percent", "points") for t in tokens)

    def _in_the_reason_for_another(self, token: _Token) -> bool:
        """A figure stands in the reason given for an amount stated before it in its sentence ("…W万元，…，主要原因是
        支付了200万元…"); a sentence that opens with the reason ("…的主要原因是：…合计A万元") gives none."""
        reason = _REASON_AFTER.search(self.text, self._sentence_start(token.sentence), token.quantity.start)
        return reason is not None and any(t.role == "statement" and t.sentence == token.sentence
                                          and t.quantity.end <= reason.start() for t in self.tokens)

    def _first_amount(self, sentence: int) -> Statement | None:
        return next((t.statement for t in self.tokens if t.sentence == sentence and t.role == "statement"), None)

    def opens_as_view(self) -> bool:
        return self._is_view(0)

    def _is_view(self, sentence: int) -> bool:
        """The sentence opens as a classification of a whole ("（一）按支出功能分类，包括A…")."""
        start = self._sentence_start(sentence)
        first = next((t.quantity.start for t in self.tokens if t.sentence == sentence), start)
        return bool(CLASSIFIED.search(self.text, start, first))

    def _amounts_before_offset(self, offset: int) -> list[Statement]:
        return [t.statement for t in self.tokens if t.quantity.end <= offset and t.role == "statement"
                and not isinstance(t.statement, PercentClaim) and not t.statement.prior]

    def _amounts_before(self, token: _Token) -> list[Statement]:
        """This year's amounts and counts stated before a token."""
        return [t.statement for t in self.tokens[: self.tokens.index(token)]
                if t.role == "statement" and not isinstance(t.statement, PercentClaim) and not t.statement.prior]

    # growth ----------------------------------------------------------------------------------
    def growths(self) -> list[GrowthClaim]:
        found = []
        paired: set[int] = set()
        for changes in self.leads("change"):
            rates = self._rates_beside(changes)
            if rates is None:
                continue
            paired.update(id(r) for r in rates)
            first = min(changes[0], rates[0], key=lambda t: t.quantity.start)
            last = max(changes[-1], rates[-1], key=lambda t: t.quantity.start)
            priors = self._prior_list_before(first, len(changes)) if len(changes) > 1 else None
            for i, (change, rate, (subject, current)) in enumerate(zip(changes, rates,
                                                                       self._currents(changes, rates, first, last))):
                start = min(change.clause_start if len(changes) == 1 else first.list_start, rate.clause_start)
                if written := numbering_of(self.text[start:change.quantity.start])[1]:   # an item number opens no claim
                    start = self.text.index(written, start) + len(written)
                start += len(self.text[start:]) - len(self.text[start:].lstrip("（("))  # nor does a bracket
                place = Place(self.paragraph, start, max(change.quantity.end, rate.quantity.end))
                # "较上年同期103580万元下降31.2%，减收32316万元": the base before the rate that comes first, and what
                # it is compared with ("与2018年度预算相比，下降53.89%，减少0.97万元")
                opening = min(change, rate, key=lambda t: t.quantity.start)
                base = self._base_before(opening) or self._prior_stated_apart(current, change) \
                    or self._risen_from(current) if len(changes) == 1 else priors[i] if priors else None
                against = self._compared_with(opening, place)
                if base is None and against == "budget" and current is not None and len(changes) == 1:
                    base = self._budget_before(current)   # "X年初预算为B。X决算支出A，比年初预算减少Y，下降r%"
                found.append(GrowthClaim(subject or (current.subject if current else ""), current, change.quantity,
                                         change.direction, change.net, rate.quantity, rate.direction, place,
                                         base, against))
        for rates in self.leads("rate_of_change"):
            if len(rates) > 1 and not any(id(r) in paired for r in rates):
                found += self._named_changes_each(rates)
            if len(rates) != 1 or id(rates[0]) in paired:
                continue
            if growth := self._growth_from_prior(rates[0]) or self._growth_explained(rates[0]) \
                    or self._growth_from_year_before(rates[0]):
                found.append(growth)
        return found

    def average_growths(self) -> list[AverageGrowthClaim]:
        """"从2015年的A万元上升到2020年的B万元，年均增长N%": a yearly average rate with the amounts of two years
        written before it in its sentence."""
        found = []
        for rate in (t for t in self.tokens if t.role == "average" and t.quantity.kind == "percent"):
            dated = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == rate.sentence
                     and t.quantity.end <= rate.quantity.start and isinstance(t.statement, AmountClaim)
                     and t.statement.year is not None]
            if len(dated) < 2:
                continue
            start, end = dated[-2], dated[-1]
            if end.year <= start.year or start.quantity.unit != end.quantity.unit or start.quantity.value <= 0:
                continue
            found.append(AverageGrowthClaim(start, end, end.year - start.year, rate.quantity, rate.direction or 1,
                                            Place(self.paragraph, start.place.start, rate.quantity.end)))
        return found

    def _named_changes_each(self, rates: list[_Token]) -> list[GrowthClaim]:
        """"收入减少92.91万元、支出总计减少108.3万元，分别下降18%、21.3%": changes each named in their own words, then
        their rates listed after 分别, in order."""
        if not _DISTRIBUTIVE_WORD.search(self.text, rates[0].clause_start, rates[0].quantity.start):
            return []
        before = [t for t in self.tokens[:self.tokens.index(rates[0])] if t.sentence == rates[0].sentence]
        changes = before[-len(rates):]
        joined = all(_LIST_JOIN_NAMED.fullmatch(self.text, a.quantity.end, b.clause_start) for a, b in zip(changes, changes[1:]))
        if len(changes) < len(rates) or any(t.role != "change" or len(self.members(t)) > 1 for t in changes) or not joined:
            return []
        found = []
        for change, rate in zip(changes, rates):
            subject = self._change_subject(change)
            current = self._current_amount(change, change, subject) if subject else None
            place = Place(self.paragraph, change.clause_start, change.quantity.end)
            found.append(GrowthClaim(subject, current, change.quantity, change.direction, change.net, rate.quantity,
                                     rate.direction, place, None, self._compared_with(change, place)))
        return found

    def _growth_explained(self, rate: _Token) -> GrowthClaim | None:
        """"…支出15.06亿元，比上年增长1.6%。该科目…。增长的主要原因是…，增支约0.24亿元。": the change
        given in the sentence that explains the rate, the next one opening with its direction; or in a
        sentence of its own right after the rate ("…较2021年预算下降27.27%。减少6万元。")."""
        for sentence in range(rate.sentence + 1, min(rate.sentence + 3, len(self.ends) + 1)):
            start = self._sentence_start(sentence)
            opening = next((t for t in self.tokens if t.sentence == sentence), None)
            alone = sentence == rate.sentence + 1 and opening is not None and opening.role == "change" \
                and not self.text[start:opening.clause_start].strip() and _CHANGE_DIRECTION.fullmatch(opening.prefix.strip())
            if not _EXPLAINS.match(self.text, start) and not alone:
                continue
            change = next((t for t in self.tokens if t.sentence == sentence and t.role == "change"), None)
            current = self._current_amount(rate, rate, "")
            if change is None or change.direction != rate.direction or current is None:
                return None
            place = Place(self.paragraph, rate.clause_start, rate.quantity.end)
            return GrowthClaim(current.subject, current, change.quantity, change.direction, change.net,
                               rate.quantity, rate.direction, place)
        return None

    def _compared_with(self, change: _Token, place: Place) -> str:
        """"budget" for a change against this year's budget ("，较预算数1410万元减少124万元"), else "prior"."""
        clause = max(_last_end(_STRONG_BREAK, self.text[:change.quantity.start]), 0)
        said_before = self._comparison_before(clause)
        before = said_before + self.text[clause:change.quantity.start]
        # "与2013年年初预算相比，2014年…预算减少…": the clause said before names what is compared with; "2014年…支出
        # A万元，较2014年预算减少…" (a report of 2014): this year's budget
        if _names_budget(before, self.year):
            return "budget"
        # "同比增收…，为预算的64.9%，增长2.1%": a change said to be 同比 is not against the budget its sentence names
        return "budget" if not said_before and "同比" not in before and _names_budget(place.quote, self.year) \
            else "prior"

    def _comparison_before(self, clause_start: int) -> str:
        """"与2020年度预算相比，" when the clause before ``clause_start`` names only what is compared with."""
        said = _COMPARED_BEFORE.search(self.text, 0, clause_start)
        return said.group() if said else ""

    def _base_before(self, change: _Token) -> Statement | None:
        """The amount compared with, written right before the change: "较上年1342万元减少56万元"."""
        before = self.neighbour(change, -1)
        stated_apart = self._prior_stated_before(change) or self._budget_stated_before(change)
        if before is None or before.role != "statement" or before.quantity.kind != change.quantity.kind != "percent" \
                or not (before.statement.prior or stated_apart) \
                or before.sentence != change.sentence or _year_glued_on(before.quantity, self.year) \
                or self._bracket_closed_between(before.quantity.end, change.quantity.start) \
                and not _BRACKETED_ALONE.fullmatch(self.text, before.quantity.start - 1, before.quantity.end + 1):
            # not "比201431.70万元": 2014 glued on to 31.70; not "（剔除上年…19500万元的影响）较上年增收…"; not a count
            # ("比去年同期前100家企业纳税额增加6127万元")
            return None
        gap = self.text[before.quantity.end:change.quantity.start]
        if then := _BASE_THEN_CLAUSE.match(gap):   # the clause after 相比 may name the item ("收、支总计")
            return before.statement if not _STRONG_BREAK.search(gap, then.end()) else None
        if stated_apart or _COMPARED_WITH.match(before.statement.raw_subject) and self._change_follows(before, change):
            return before.statement   # "比2023年的2351.20万元，增加117.07万元"; "上年为50.00万元，减少2.00万元"
        return before.statement if not _CLAUSE_BREAK.search(gap) else None

    def _budget_stated_before(self, change: _Token) -> bool:
        """"…支出数A万元，预算数B万元，支出数比预算数减少Y万元": the budget stated in the clause right before a change
        against the budget that names the amount done (not "决算数A，预算数B，比年初预算数减少Y", whose change is of
        the amount before the budget, ``_final_and_budget``)."""
        before = self.neighbour(change, -1)
        return before is not None and before.role == "statement" and before.sentence == change.sentence \
            and not before.statement.prior and bool(_BASE_AT_END.search(before.statement.subject)) \
            and _names_budget(change.prefix, self.year) and bool(_ACTUAL.search(_COMPARISON_WORD.split(change.prefix)[0])) \
            and _COMMA.fullmatch(self.text, before.quantity.end, change.clause_start) is not None

    def _ends_clause(self, offset: int) -> bool:
        """A clause break, the end of the text or the end of a source line follows ``offset``."""
        return bool(_CLAUSE_ENDS.match(self.text, offset)) or any(start == offset for start, _ in self.paragraph.line_starts)

    def _prior_stated_before(self, change: _Token) -> bool:
        """"A万元，上年为P万元，减少Y万元": last year's amount stated in a clause of its own right before the change,
        which may name this year's item again ("公务接待费A万元，上年P万元，公务接待费减少Y万元")."""
        before = self.neighbour(change, -1)
        last_years = before is not None and before.role == "statement" and (
            before.statement.prior or bool(self.year and before.statement.year == self.year - 1))
        if not (last_years and before.sentence == change.sentence and _PRIOR_CLAUSE.search(before.prefix)):
            return False
        if self._change_follows(before, change):
            return True
        current = self.neighbour(before, -1)
        named = _named_in_change(change)
        return bool(named) and current is not None and current.role == "statement" \
            and _COMMA.fullmatch(self.text, before.quantity.end, change.clause_start) is not None \
            and comparable(named) == comparable(current.statement.subject)

    def _prior_stated_first(self, change: _Token) -> bool:
        """"2022年…P万元，2023年…A万元，增加Y万元": last year's amount, then this year's, each in a clause of its own
        right before the change."""
        current, prior = self.neighbour(change, -1), self.neighbour(change, -2)
        if current is None or prior is None or current.role != "statement" or prior.role != "statement" \
                or not prior.sentence == current.sentence == change.sentence:
            return False
        year, prior_year = current.statement.year, prior.statement.year
        consecutive = bool(year and prior_year and year == prior_year + 1)   # dated so, whatever the report's year
        last_years = prior.statement.prior or consecutive or bool(self.year and prior_year == self.year - 1)
        this_years = not current.statement.prior and (consecutive or bool(self.year and year == self.year))
        return last_years and this_years and self._change_follows(current, change, prior.statement)

    def _change_follows(self, amount: _Token, change: _Token, base: Statement | None = None) -> bool:
        """The change follows the amount in a clause of its own that says no more than its direction, or names
        last year again ("上年为P万元，减少…", "…，比上年预算数减少…"); a kind of figure named there (预算, 决算,
        执行数) is the base's own, when the base names one (not "上年执行数P万元，比上年预算数减少…")."""
        said = _COMMA_THEN_CHANGE.fullmatch(self.text, amount.quantity.end, change.quantity.start)
        named = (base or amount.statement).raw_subject
        return said is not None and (not said["kind"] or said["kind"] in named or not _FIGURE_KIND.search(named))

    def _prior_stated_apart(self, current: Statement | None, change: _Token) -> Statement | None:
        """"…合计163.28万元，2014年为125.47万元，较2014年增加37.81万元": the amount of the year compared
        with, stated in a clause of its own in the change's sentence (before the current amount too: "2022年
        收入P万元，2023年收入A万元，增加Y万元"), under no name or under the current amount's."""
        if current is None or current.sentence != change.sentence:
            return None
        compared = self._year_compared_with(change)
        if compared and current.year is not None and current.year <= compared:
            return None

        def of_compared_year(s: Statement) -> bool:   # "2014年为…" against 2014, "上年为…" or "2024年…" against 上年
            return s.year == compared if compared else \
                s.prior and bool(_PRIOR.search(s.raw_subject)) or self._of_last_year(s)

        dated = [t.statement for t in self.tokens if t.sentence == change.sentence and t.role == "statement"
                 and t.statement is not current and t.quantity.start < change.quantity.start
                 and not (t.statement.year and t.statement.year == current.year)
                 and type(t.statement) is type(current) and of_compared_year(t.statement)
                 and not _year_glued_on(t.quantity, self.year)]
        names = [_PRIOR.sub("", s.subject) for s in dated]
        named = [s for s, name in zip(dated, names) if name and comparable(name) == comparable(current.subject)]
        if named:
            return named[-1]
        # "…拨款收入315万元，2024年收入预算总计452.67万元，同比降低…": the one amount of that year, of the same side
        sides = [[side for side in _SIDES if side in s.subject] for s in (*dated, current)]
        # "公务接待费2022年P万元，2023年A万元，增加…": the item named once, before last year's amount
        nameless = not _YEAR_ONLY.sub("", current.subject)
        return dated[0] if len(dated) == 1 and (not names[0] or nameless or self._in_a_row(current, change)
                                                 or sides[0] and sides[0] == sides[1]) else None

    def _in_a_row(self, current: Statement, change: _Token) -> bool:
        """"2021年…衔接资金A万元，2020年…专项扶贫资金P万元，比去年增加Y" (or "2010年…支出P万元，2011年预算A万元，与2010年
        支出相比，压减Y"): this year's amount and another, in either order, then the change."""
        before = [self.neighbour(change, -2), self.neighbour(change, -1)]
        if not all(t is not None and t.role == "statement" for t in before) \
                or self._bracket_closed_between(before[1].quantity.end, change.quantity.start):   # "（剔除…P的影响）较上年…"
            return False
        if before[1].statement is current:   # not "2024年执行数P，2025年预算数A，较上年预算数减少…": a budget against a budget
            return "预算" not in self.text[change.clause_start:change.quantity.start] or "预算" in before[0].statement.raw_subject
        return before[0].statement is current

    def _risen_from(self, current: Statement | None) -> Statement | None:
        """"由去年的64218.36万元增加到66045.92万元，增加1827.56万元": the amount a figure rose or fell from, the last one
        stated before it in its sentence (past its share)."""
        if current is None or not _RISEN_TO.search(current.raw_subject.strip()):
            return None
        before = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == current.sentence
                  and t.quantity.end <= current.place.start and isinstance(t.statement, AmountClaim)]
        return before[-1] if before and before[-1].quantity.unit == current.quantity.unit else None

    def _of_last_year(self, statement: Statement) -> bool:
        return self.year is not None and statement.year is not None and statement.year == self.year - 1

    def _year_compared_with(self, token: _Token) -> int | None:
        """The last year written after 较/比/与 in the token's sentence before it ("较2014年增加…"), if any."""
        years = [int(m[1]) for m in _COMPARED_YEAR.finditer(
            self.text, self._sentence_start(token.sentence), token.quantity.start)]
        return years[-1] if years else None

    def _last_year_compared_with(self, token: _Token) -> int | None:
        """The year before the report's, where the token's clause compares with last year ("2017年比上年增加…")."""
        said = self.text[token.clause_start:token.quantity.start]
        return self.year - 1 if self.year and _PRIOR.search(said) else None

    def _rates_beside(self, changes: list[_Token]) -> list[_Token] | None:
        """The rates of change written right after the changes ("增加…，增长…%") or right before them
        ("同比增长…%，增加…"), one per change."""
        after, before = self.neighbour(changes[-1], 1), self.neighbour(changes[0], -1)
        end = changes[-1].quantity.end
        if after and after.role != "rate_of_change" and (bracket := _BRACKETED_AFTER.match(self.text, end)):
            # "增加64000万元(其中:A…,B…),增长25.8%": the rate after the change's own bracket
            end = bracket.end()
            after = next((t for t in self.tokens if t.quantity.start >= end), None)
        if after and after.role == "statement" and after.prefix in _TO and after.clause_start <= end:
            end, after = after.quantity.end, self.neighbour(after, 1)   # "减少187万元至3912.58万元，下降4.56%"
        after, end = self._past_completion(after, end, changes[-1].sentence)
        gap = self.text[end:after.quantity.start] if after else ""
        rate_first = before and before.role == "rate_of_change" and before.sentence == changes[0].sentence \
            and (_CHANGE_AFTER_RATE.match(gap_before := self.text[before.quantity.end:changes[0].quantity.start])
                 or _CHANGE_AFTER_REMARK.match(gap_before))
        # "较上年下降38.64%，减少14万元，较年初预算数下降1.8%，减少3万元": a rate after a new comparison is the next change's
        if after and after.role == "rate_of_change" and after.sentence == changes[-1].sentence \
                and (_RATE_AFTER_CHANGE.match(gap) or _BRACKET_ONLY.fullmatch(gap) or _COMMA.fullmatch(gap)
                     and not after.prefix.strip()) \
                and not self._compared_apart(changes[0], gap) and not (rate_first and _COMPARISON_WORD.search(gap)) \
                and (not _CLOSES.match(gap) or self._alone_in_its_bracket(changes[0])):
            rates = self.members(after)
            return rates if len(rates) == len(changes) and rates[0] is after else None
        if rate_first:
            rates = self.members(before)
            return rates if len(rates) == len(changes) and rates[-1] is before else None
        return None

    def _alone_in_its_bracket(self, change: _Token) -> bool:
        """The change opens the bracket it stands in ("W万元（比上年减少Y万元），下降r%"), not a list of parts in it
        ("W万元（其中：A减少a万元，B增加b万元），下降r%": the rate is W's)."""
        opening = max(self.text.rfind("（", 0, change.quantity.start), self.text.rfind("(", 0, change.quantity.start))
        return opening >= 0 and not any(opening < t.quantity.start < change.quantity.start for t in self.tokens) \
            and "其中" not in self.text[opening:change.quantity.start]

    def _past_completion(self, after: _Token | None, end: int, sentence: int) -> tuple[_Token | None, int]:
        """"同比增收1452万元，为预算的64.9%，快于序时进度14.9个百分点，增长2.1%": the rate of change may follow
        the completion rate and its progress gap, in the same sentence."""
        skipped = after
        while skipped and skipped.sentence == sentence and skipped.role in ("rate", "other") \
                and skipped.quantity.kind in ("percent", "points"):
            skipped = self.neighbour(skipped, 1)
        if skipped is after or skipped is None or skipped.role != "rate_of_change" or skipped.sentence != sentence:
            return after, end
        before = self.neighbour(skipped, -1)
        return skipped, before.quantity.end

    def _compared_apart(self, change: _Token, gap: str) -> bool:
        """"比报告数52300万元增加16万元，比2019年决算数下降21.7%", "短收17626万元，较上年同期下降47.62%": a change
        against a figure that is not last year's (another figure, the plan), and a rate after it that names
        last year or a budget."""
        own = self.text[self._clause_start(change.quantity.start):change.quantity.start]   # past its base
        if _AGAINST_PLAN.search(own):   # "省级收入A亿元，短收B亿元，同口径增长N%": a shortfall has no rate of change
            return _base_kind(gap, self.year) != "budget"
        if not _COMPARISON_WORD.search(gap):
            return False
        return bool(_COMPARISON_WORD.search(own)) and _base_kind(own, self.year) == "other" != _base_kind(gap, self.year)

    def _currents(self, changes: list[_Token], rates: list[_Token], first: _Token,
                  last: _Token) -> list[tuple[str, Statement | None]]:
        """(subject, current amount) for each change: a list of changes takes the list of amounts stated
        before it; a single change its subject's amount, else the amount beside it."""
        if len(changes) > 1:
            amounts = self._amount_list_before(first, len(changes))
            return [(a.subject, a) for a in amounts] if amounts else [("", None)] * len(changes)
        subject = self._change_subject(changes[0]) or (self._change_subject(rates[0]) if rates[0] is first else "")
        return [(subject, self._current_amount(first, last, subject))]

    def _change_subject(self, token: _Token) -> str:
        prefix = token.prefix[:token.word_start]
        closed = max(prefix.rfind("）"), prefix.rfind(")"))
        if closed >= 0 and max(prefix.rfind("（", 0, closed), prefix.rfind("(", 0, closed)) < 0:
            prefix = prefix[closed + 1:]   # "…（剔除…19500万元的影响）较上年增收": past a bracket opened before it
        base = self._base_before(token)
        if _BASE_THEN.match(prefix) and base is not None:
            return ""   # "…2309.62万元，与上年2290.32万元相比增加…": 相比 after the base names nothing
        subject = normalise_subject(_COMPARISON.sub("", _base_item_restated(prefix))).text
        if not subject and base is not None and (of_base := _ITEM_OF_BASE.match(base.raw_subject.strip())):
            return normalise_subject(of_base["item"]).text   # "相比2016年的总支出6412.08增加…" is 总支出's change
        if not subject and base is not None and (named := _NAMED_BEFORE_BASE.match(base.subject)):
            return normalise_subject(named["item"]).text
        if not subject and (named := _NAMED_THEN_COMPARED.search(self.text, 0, token.clause_start)):
            subject = normalise_subject(named["item"]).text
        return subject

    def _amount_list_before(self, token: _Token, count: int) -> list[Statement] | None:
        """The list of as many amounts stated before a list of changes in its sentence, or in the sentence
        before when the changes open theirs ("…各是A、B万元。与上年相比，各减少…")."""
        sentences = {token.sentence}
        if token.sentence > 0 and self._only_compared_before(token.sentence, token.list_start):
            sentences.add(token.sentence - 1)
        said_from = token.quantity.start   # where the words pairing the changes with the amounts may stand
        for earlier in reversed(self.tokens[: self.tokens.index(token)]):
            if earlier.sentence not in sentences:
                return None
            if earlier.role == "statement":
                members = self.members(earlier)
                if len(members) == count and isinstance(earlier.statement, AmountClaim):
                    if earlier.statement.prior:
                        said_from = members[0].clause_start   # "…，分别比上年P、Q万元减少…"
                        continue   # "…分别为A、B万元，上年分别为P、Q万元，分别减少…": past last year's list
                    return [m.statement for m in members]
                return self._amounts_named_before(token, count, said_from)
        return None

    def _prior_list_before(self, token: _Token, count: int) -> list[Statement] | None:
        """"…分别为A、B万元，上年分别为P、Q万元，分别减少…", "…各是A、B万元，与上年P、Q万元相比，各减少…": last year's
        list of as many amounts, right before a list of changes in its sentence."""
        before = self.neighbour(self.members(token)[0], -1)
        if before is None or before.role != "statement" or before.sentence != token.sentence \
                or not before.statement.prior:
            return None
        members = self.members(before)
        return [m.statement for m in members] if len(members) == count else None

    def _amounts_named_before(self, token: _Token, count: int, said_from: int) -> list[Statement] | None:
        """"…包括公务用车购置费0.15亿元和公务用车运行费1.37亿元，与2015年相比，分别减少0.19亿元和0.61亿元": the
        last amounts of the sentence, each named, as many as the changes 分别 pairs with them."""
        if not _DISTRIBUTIVE_WORD.search(self.text, self._clause_start(said_from), token.quantity.start):
            return None

        def amounts_of(sentence: int) -> list[_Token]:
            return [t for t in self.tokens[: self.tokens.index(token)] if t.sentence == sentence
                    and t.role == "statement" and isinstance(t.statement, AmountClaim) and not t.statement.prior]
        # "…A亿元，B亿元，C亿元。与2012年预算执行数相比，分别减少a、b、c": the sentence before's, when the changes open theirs
        amounts = amounts_of(token.sentence) or (amounts_of(token.sentence - 1) if token.sentence else [])
        named = [t.statement for t in amounts[-count:]]
        return named if len(named) == count and all(s.subject for s in named) else None

    def _current_amount(self, first: _Token, last: _Token, subject: str) -> Statement | None:
        current = self._amount_changed(first, last, subject)
        aside = _SET_ASIDE.search(self.text, current.quantity.end, first.quantity.start) \
            if current is not None and current.quantity.end <= first.quantity.start else None
        if aside and not self._in_brackets(current.quantity.end, aside.start()):
            return None   # "支出总额A，剔除新增债券等因素，比上年同口径增加Y": the change of a figure not stated; but
            #               "A，同口径（剔除上年…因素的影响）较上年同期增收Y" sets aside what last year's held
        return current

    def _amount_changed(self, first: _Token, last: _Token, subject: str) -> Statement | None:
        """The amount a change refers to: the same subject earlier in the paragraph or, when the change
        names none ("比上年增加…"), the last amount before it in the sentence; failing those, an unnamed
        amount right after it ("…，为1054.68万元", "减少187万元至3912.58万元"), or, for an unnamed change that opens its sentence, the
        last amount of the sentence before."""
        # money for a change of money, a count for a change of a count ("…等4项…结转。较上年减少6.83万元")
        amounts = [s for s in self._amounts_before(first) if not _BEYOND_PLAN.match(s.subject)
                   and (first.quantity.kind == "percent" or s.quantity.kind == first.quantity.kind)]
        compared_with = self._year_compared_with(first) or self._last_year_compared_with(first)
        if compared_with and any(s.year and s.year > compared_with for s in amounts):
            # "2023年度收入总计A…，2022年度收入总计P…，与2022年度相比，…各增加": not the amounts of the year compared with
            # ("2017年度基本支出A，2016年度基本支出P，2017年比上年基本支出增加Y" in a report of 2017 either)
            amounts = [s for s in amounts if s.year != compared_with]
        if self.year:
            # "S2022年支出A万元，2021年S支出P万元，S减少Y": not last year's amount where a later one is named alike
            later = {comparable(s.subject) for s in amounts if s.year != self.year - 1}
            amounts = [s for s in amounts if s.year != self.year - 1 or comparable(s.subject) not in later]
        if both := self._income_and_spending(subject, amounts):
            return both
        # "支出预算较2023年增加…" is the 支出 side's too, and so is "总支出较上年决算数增加…"
        side = _BUDGET_SUFFIX.sub("", subject).removeprefix("总")
        # "…支出W万元…。部分支出科目有所下降，主要为：A因…，支出减少Y万元": among listed items, an item's spending, not the side's
        among_items = _ITEMS_INTRO.search(self.text, self._sentence_start(first.sentence), first.clause_start)
        if side in _SIDES and not among_items and (side_total := self._side_opening(side, amounts)):
            return side_total
        if subject:
            wanted = comparable(subject)
            # the same name, else one ending with it (a heading run into the sentence before it)
            key = canonical_key(subject)
            named = next((s for s in reversed(amounts) if comparable(s.subject) == wanted), None) \
                or next((s for s in reversed(amounts) if comparable(s.subject).endswith(wanted)), None) \
                or next((s for s in reversed(amounts) if key and s.key == key), None) \
                or next((s for s in reversed(amounts) if key and not s.key and s.sentence >= first.sentence - 1
                         and _key_of_tail(s.subject) == key), None) \
                or next((s for s in reversed(amounts) if key and not s.key   # "X支出预算A。X比上年预算增加…"
                         and canonical_key(_BUDGET_SUFFIX.sub("", s.subject)) == key), None) \
                or self._beside_on_its_side(first, subject)
            if named:
                return named
        if not subject or self._compared_then_named(first):
            # "A万元（其中：B…，C…），较上年减少…" is A's; "A万元，2014年为P万元，较2014年增加…" too, P being of the year compared with
            compared = _COMPARED_YEAR.search(first.prefix)
            same_sentence = [s for s in amounts if s.sentence == first.sentence
                             and not self._bracket_closed_between(s.place.end, first.quantity.start)
                             and not (compared and s.year == int(compared[1]) != self.year)]
            # "A收入315万元，2024年收入预算总计452.67万元，同比降低…" (a report of 2025): not last year's amount
            same_sentence = [s for s in same_sentence if not (s.year and self.year and s.year < self.year)] \
                or same_sentence
            if same_sentence:
                return self._before_its_details(same_sentence, first)
        after = self.neighbour(last, 1)
        if (came_to := self.neighbour(first, 1)) and came_to.prefix in _TO:
            after = came_to   # "减少187万元至3912.58万元，下降4.56%"
        if after and after.sentence == last.sentence and after.role == "statement" \
                and isinstance(after.statement, AmountClaim) and (not after.statement.subject or after.prefix in _TO):
            if subject:
                after.statement.subject, after.statement.key = subject, canonical_key(subject)
            return after.statement
        # the sentence before with numbers, past sentences with none ("…318.64万元…。主要原因是…。较年初预算数减少…")
        earlier = max((t.sentence for t in self.tokens if t.sentence < first.sentence), default=-1)
        previous_sentence = [s for s in amounts if s.sentence == earlier]
        previous_sentence = [s for s in previous_sentence if s.subject] or previous_sentence   # past a bare figure
        if previous_sentence and (listed := _SHARES_INTRO.search(self.text, self._sentence_start(earlier),
                                                                  previous_sentence[-1].quantity.start)):
            # "基本支出W万元，其中人员经费A万元，公用经费B万元。比上年增加…": W's, not the last part's
            previous_sentence = [s for s in previous_sentence if s.quantity.end <= listed.start()] or previous_sentence
        base = self._base_before(first)   # "。较2020年度决算数2214.35万元增加…" opens it too
        # "。与上年相比，增加…" opens it
        opens_sentence = self._only_compared_before(first.sentence, base.place.start if base else first.clause_start) \
            or not base and self._only_compared_before(first.sentence, first.clause_start + first.word_start)
        if earlier < 0 and self.above:
            # "…预算数为6.37亿元。\n比2019年执行数减少4.58亿元": opening the paragraph, the one the paragraph above ended on,
            # or the whole of the list it ended ("W万元\n其中，A a万元\nB b万元\n比上年减少…")
            ended_on = self.above[-1].whole or self.above[-1]
            previous_sentence = [ended_on] if ended_on.quantity.kind == first.quantity.kind else []
        return previous_sentence[-1] if previous_sentence and not subject and opens_sentence else None

    def _compared_then_named(self, change: _Token) -> bool:
        """A change whose clause opens with the comparison, a name after it ("W元，比上年人均增加Y元", "W万元，比去年同期
        前100家企业纳税额增加Y万元"): the name restates the amount before it, which no other amount is named as."""
        prefix = change.prefix[:change.word_start].lstrip(" ，,")
        opening = _COMPARISON.match(prefix)
        return opening is not None and opening.group() not in ("比", "较", "同比", "均", "各", "分别") \
            and canonical_key(prefix[opening.end():]) is None   # not "W万元，比上年基本支出增加…": another quantity

    def _side_opening(self, side: str, amounts: list[Statement]) -> Statement | None:
        """"（一）收入预算：2025年年初预算数W万元，其中：A…，事业收入B…。收入较2024年增加Y万元": a change of the bare
        side is of the amount that opens a sentence naming that side before it, not of the last part named …收入."""
        for statement in amounts:
            opens = next(t for t in self.tokens if t.sentence == statement.sentence).statement is statement
            # the side named before the amount, in a heading run into its subject ("（一）收入预算2025年年初预算数W"), or
            # in the heading right above the paragraph it opens ("（一）收入预算\n2025年年初预算数W万元，…") or run into it
            # as a sentence of its own
            if opens and (side in self.text[self._sentence_start(statement.sentence):statement.quantity.start]
                          or statement.sentence == 0 and _names_one_side(side, self.paragraph.section)
                          or statement.sentence == 1 and not any(t.sentence == 0 for t in self.tokens)
                          and _names_one_side(side, self.text[:self._sentence_start(1)])):
                return statement
        # "收入总计A万元，支出总计B万元。收入较上年决算数增加…；支出较上年决算数增加…": the side's total just before
        last = [s for s in amounts if amounts and s.sentence == amounts[-1].sentence and _total_side(s) == side]
        return last[-1] if len(last) == 1 else None

    def _before_its_details(self, amounts: list[Statement], change: _Token) -> Statement:
        """The last amount before a change, or the one whose details (含…, 其中…) a semicolon closes right before
        it: "收支总预算W万元，含A经费a万元，B经费b万元；比上年预算增加…" is W's."""
        if _DETAILS_CLOSED.fullmatch(self.text, amounts[-1].quantity.end, change.clause_start):
            opened = [s for s in amounts if _DETAILS_OPENED.match(self.text, s.quantity.end)]
            if opened:
                return opened[-1]
        return amounts[-1]

    def _beside_on_its_side(self, first: _Token, subject: str) -> Statement | None:
        """"某镇政府（单位）收入预算916.34万元，比2024年单位预算收入增加79.63万元": the amount right before
        the change, in its sentence, when the change names it differently but on the same side (收入/支出),
        neither being a well-known item."""
        before = self.neighbour(first, -1)
        if before is None or before.role != "statement" or before.sentence != first.sentence \
                or not isinstance(before.statement, AmountClaim) or before.statement.prior:
            return None
        if canonical_key(subject) or before.statement.key:
            return None   # a well-known item named by the change is that item ("公务用车…减少", not 因公出国费)
        sides = [side for side in _SIDES if side in subject]
        return before.statement if len(sides) == 1 and sides[0] in before.statement.subject \
            and sides[0].translate(_SWAP_SIDES) not in before.statement.subject else None

    @staticmethod
    def _income_and_spending(subject: str, amounts: list[Statement]) -> Statement | None:
        """"收入总计A万元，支出总计A万元。收支较上年增加…": the income total, when the spending total
        beside it is the same figure, or the one amount stated of both ("财政拨款收入总计A…，支出总计A…。…财政拨款收、支总计各增加…")."""
        head, both, rest = subject.replace("、", "").partition("收支")   # "收、支总计"
        if not both or len(head) > 8:
            return None
        rest = rest or "总计"
        if joint := next((s for s in reversed(amounts) if s.subject.replace("、", "") == f"{head}收支{rest}"), None):
            return joint   # "收、支总计均为A万元。收、支与上年相比，减少…"
        income = next((s for s in reversed(amounts) if s.subject.endswith("收入" + rest) and head in s.subject), None)
        spending = next((s for s in reversed(amounts) if s.subject.endswith("支出" + rest)), None)
        same = income and spending and income.quantity.in_wan().value == spending.quantity.in_wan().value
        return income if same else None

    def _in_brackets(self, start: int, offset: int) -> bool:
        text = self.text[start:offset]
        return text.count("（") + text.count("(") > text.count("）") + text.count(")")

    def _bracket_closed_between(self, start: int, offset: int) -> bool:
        """A figure ending at ``start`` sits in a bracket that closes before ``offset``."""
        text = self.text[start:offset]
        return text.count("）") + text.count(")") > text.count("（") + text.count("(")

    def _opens_sentence(self, token: _Token) -> bool:
        return token.sentence > 0 and not self.text[self._sentence_start(token.sentence):token.clause_start].strip()

    def _sentence_start(self, sentence: int) -> int:
        return self.ends[sentence - 1] + 1 if sentence > 0 else 0

    def _growth_from_prior(self, rate: _Token) -> GrowthClaim | None:
        """"2023年三公经费10.20万元，2022年度为12.00万元，下降15.00%": the rate against last year's amount."""
        pair = self._prior_pair(rate.quantity.start, rate.sentence)
        if pair is None:
            return None
        prior, current = pair
        against = "budget" if _names_budget(prior.raw_subject, self.year) else "prior"   # "相比年初预算数B万元下降r%"
        return self._rate_against(current, prior, rate, min(prior.place.start, current.place.start), against)

    def _rate_against(self, current: Statement, prior: Statement, rate: _Token, start: int,
                      against: str = "prior") -> GrowthClaim:
        """A rate of change stated with the two amounts it compares and no change."""
        difference = current.quantity.in_wan().value - prior.quantity.in_wan().value
        return GrowthClaim(current.subject or prior.subject, current, None, _sign(difference), False,
                           rate.quantity, rate.direction, Place(self.paragraph, start, rate.quantity.end), prior, against)

    def _growth_from_year_before(self, rate: _Token) -> GrowthClaim | None:
        """"2015年全省一般公共预算收入A亿元，下降…。今年，我省一般公共预算收入预计达到B亿元，增长N%": the one amount
        of the rate's sentence against the amount of the same name and scope a year earlier, in an earlier sentence."""
        before = [t for t in self.tokens if t.sentence == rate.sentence and t.quantity.end <= rate.quantity.start]
        if len(before) != 1 or before[0].role != "statement" or not isinstance(before[0].statement, AmountClaim):
            return None
        current = before[0].statement
        year = current.year or (self.year if _THIS_YEAR_SAID.search(self.text, self._sentence_start(rate.sentence),
                                                                      current.place.end) else None)
        if year is None or current.prior:
            return None
        stated = self.above + [s for s in self._amounts_before(before[0]) if s.sentence < rate.sentence]
        earlier = [s for s in stated if s.year == year - 1
                   and comparable(s.subject) == comparable(current.subject) and s.quantity.unit == current.quantity.unit
                   and scope_of(current.raw_subject) in ("", scope_of(s.raw_subject))]   # not 全县 against 县本级
        if len(earlier) != 1:
            return None
        return self._rate_against(current, earlier[0], rate, current.place.start)

    def _prior_pair(self, offset: int, sentence: int) -> tuple[Statement, Statement] | None:
        """The last two amounts before an offset in its sentence, as (last year's, this year's)."""
        amounts: list[Statement] = []
        completion = False
        for earlier in reversed([t for t in self.tokens if t.quantity.end <= offset]):
            if earlier.sentence == sentence and earlier.role == "rate" and len(amounts) == 1 and amounts[0].prior \
                    and not completion:
                continue   # "A万元，完成年初预算N%，比上年同期P万元增长r%": past the completion rate of A
            if earlier.sentence == sentence and earlier.quantity.kind == "percent" and len(amounts) == 1 \
                    and amounts[0].prior and (base := self.neighbour(earlier, -1)) is not None \
                    and base.role == "statement" and _SHARE_OF_AMOUNT.search(base.prefix):
                completion = True   # "A万元，完成预算数B万元的N%，较上年P万元增长r%": past the completion rate
                continue
            if completion and earlier.role == "statement" and _SHARE_OF_AMOUNT.search(earlier.prefix):
                completion = False   # and past its budget
                continue
            if earlier.sentence == sentence - 1 and len(amounts) == 1 and not amounts[0].prior \
                    and amounts[0].year is not None and earlier.role == "statement" \
                    and self._last_of_its_sentence(earlier) and not isinstance(earlier.statement, PercentClaim):
                # "…预算数45万元，主要是…。2015年预算数140万元，2016年预算比2015年预算下降67.9%": this year's before
                sentence -= 1
            elif earlier.sentence == sentence - 1 and len(amounts) == 1 and amounts[0].prior \
                    and earlier.role == "statement" and self._last_of_its_sentence(earlier) \
                    and not isinstance(earlier.statement, PercentClaim) \
                    and self._only_compared_before(amounts[0].sentence, amounts[0].quantity.start):
                sentence -= 1   # "…税收收入23587万元。比上年20690万元增长14%": the amount the sentence before ended on
            if earlier.sentence != sentence or earlier.role in ("change", "rate_of_change", "share", "rate") \
                    or earlier.quantity.kind == "percent":
                break   # a percentage between them (占年计划B的N%) belongs to another relation
            if not amounts and earlier.role == "statement" and self._bracket_closed_between(earlier.quantity.end, offset) \
                    and (noted := self.neighbour(earlier, -1)) is not None and noted.role == "statement" \
                    and noted.statement.prior and _OPENING_BRACKET.match(self.text, noted.quantity.end):
                continue   # "比上年同期P万元（上年同期含…a万元），下降r%": a note on P, not an amount compared
            if earlier.role == "statement" and not isinstance(earlier.statement, PercentClaim):
                amounts.append(earlier.statement)
        if len(amounts) >= 2 and amounts[1].sentence < amounts[0].sentence:
            # "2010年预算A万元，实际执行B万元，…。2011年预算C万元，与上年持平": last year's figure of the same name
            named = comparable(_COMPARISON.sub("", amounts[0].subject))   # not "比上年", which names nothing
            alike = [t.statement for t in self.tokens if named and t.sentence == amounts[1].sentence and t.role == "statement"
                     and comparable(t.statement.subject) == comparable(amounts[0].subject)]
            amounts[1] = alike[-1] if alike else amounts[1]
        return _prior_and_current(amounts[1], amounts[0], self.year) if len(amounts) >= 2 else None

    def _only_compared_before(self, sentence: int, offset: int) -> bool:
        """Nothing but what is compared with stands between the sentence's start and the offset: "。与上年相比，增加…",
        "。比上年20690万元增长14%" open their sentence with it."""
        said = _SAME_BASIS.sub("", self.text[self._sentence_start(sentence):offset])
        return not _COMPARISON.sub("", said).strip(" ，,、")

    def _last_of_its_sentence(self, token: _Token) -> bool:
        return not any(t.sentence == token.sentence and t.quantity.start > token.quantity.start for t in self.tokens)

    # shares ----------------------------------------------------------------------------------
    def shares(self, lead: _Token, seen: _Lookup) -> list[ShareClaim]:
        if _OF_THE_CHANGE.fullmatch(normalise_subject(lead.detail).text):
            return self._share_of_the_change(lead)
        shares = self.members(lead)
        name = self._name_before_share(lead)
        # "…，税收收入占地方财政收入66.58%": a share naming its part is of the amount of that name; "…非税收入B，税占比为N%"
        # names it by one character, where the name it cuts short stands in the share's sentence
        names_part = len(shares) == 1 and (len(name) >= 2 or _CJK_NAME.fullmatch(name) and self._part_named_before(lead))
        parts = self._part_named_before(lead) if names_part else \
            self._parts_before(shares) or self._part_of_ratio(lead) or self._parts_named_before(lead, len(shares)) \
            or self._parts_each_before(shares) or self._part_before_its_change(lead, len(shares))
        if parts is None:
            return []
        if _OTHER_BASIS.search(self.text, parts[-1].quantity.end, lead.quantity.start):
            return []   # "…B亿元。…，剔除…后，非税收入占比为N%": of a total the text does not state
        whole_text = normalise_subject(lead.detail).text
        if names_part and not whole_text and (named := _WHOLE_THEN_PART.fullmatch(self._name_before_share(lead))):
            whole_text = named["whole"]   # "地方一般公共预算收入中非税收入占比为N%"
        listed = self._listed_whole(parts[0])
        # "天府新区…收入完成W；其中税收收入完成A，占一般公共预算收入的N%": the list's own whole, when its name ends so
        whole = listed if listed is not None and whole_text and (ends_with_name(listed.subject, whole_text)
                                                                 or shortened_name(listed.subject, whole_text)) \
            else seen.find_scoped(scope_of(lead.detail), whole_text) or seen.find(whole_text) if whole_text else listed
        if listed is not None and whole is not None and whole is not listed \
                and _PLAN_NAMED.search(_FUND_BUDGET.sub("", whole.subject)) and not _PLAN_NAMED.search(whole_text):
            whole = listed   # "预算W1，实际采购金额W2。其中，A…，占全省政府采购金额N%": of W2, not of the budget W1
        if any(whole is part for part in parts) and len(parts) > 1:
            whole = self._listed_whole(parts[0])   # "货物、工程、服务…规模分别为…，占全市…规模比例为…": not the last part
        if whole is None and without_body(whole_text) in _GENERIC_WHOLES and listed is not None \
                and all(_can_hold(listed, p) for p in parts):
            whole = listed   # "…W万元。其中，基本支出A万元，占总支出N%"; not an amount smaller than its part
        if whole is None and listed is None and without_body(whole_text) in _GENERIC_WHOLES:
            # "收入合计W万元，A收入a万元，占总收入的N%"; "…支出完成W万元，…如下：\n1、A支出a万元，占总支出的N%"
            whole = self._side_total_before(parts, whole_text) or self._side_amount_above(parts, whole_text)
        if whole is None and whole_text in _SIDES:
            # "安排26840万元（税收收入18788万元，占收入的70%，…）"; "…收入W万元。从收入结构看：A…，占收入的N%"
            whole = self._bracket_owner(parts[0]) or self._viewed_whole(parts[0], whole_text)
        if whole is None and not whole_text:
            whole = self._whole_before_the_list(parts) or self._total_before(parts)
        if whole is None and whole_text and (viewed := _STRUCTURE_HEADING.search(self.paragraph.section)) \
                and not _SEMICOLON.search(self.text, parts[-1].quantity.end, lead.quantity.start) \
                and (structured := seen.find(viewed["name"])) is not None and all(_can_hold(structured, p) for p in parts):
            whole = structured   # "…当年拨款W。\n（二）一般公共预算当年拨款结构情况\nA…，占当年财政预算拨款收入98%": of W
        summed = parts if whole is None and len(parts) > 1 and _complete_list(parts, [t.quantity for t in shares]) else []
        return [ShareClaim(part, None if whole is part else whole, whole_text, share.quantity,
                           Place(self.paragraph, part.place.start, share.quantity.end), summed)
                for part, share in zip(parts, shares)]

    def _part_before_its_change(self, share: _Token, count: int) -> list[Statement] | None:
        """"…非税收入9.3亿元。较上年涨79.8%，占比22.7%": a share in a sentence that states nothing but the change of the
        amount the sentence before ended on is that amount's."""
        if count != 1 or not share.sentence or not self._changes_only(share.sentence, share.quantity.start):
            return None
        before = [t for t in self.tokens if t.sentence == share.sentence - 1]
        last = before[-1] if before else None
        return [last.statement] if last is not None and last.role == "statement" \
            and isinstance(last.statement, AmountClaim) and not last.statement.prior else None

    def _side_total_before(self, parts: list[Statement], whole_text: str) -> Statement | None:
        """The last total of the side a generic whole names (总收入, 支出总额) stated before the parts in their sentence."""
        side = next((side for side in _SIDES if side in whole_text), None)
        return self._last_before_that_holds(parts, lambda s: _total_side(s) == side) if side else None

    def _side_amount_above(self, parts: list[Statement], whole_text: str) -> Statement | None:
        """The one amount of the side a generic whole names (总支出) stated in the last paragraph above with amounts, for
        parts in the first sentence of theirs: "…全镇公共财政预算支出完成W万元，主要预算项目执行情况如下：\n1、A支出a万元，
        占总支出的N%"."""
        side = next((side for side in _SIDES if side in whole_text), None)
        if side is None or parts[0].sentence > 0:
            return None
        found = [s for s in self.last_amounts if side in s.subject and isinstance(s, AmountClaim) and not s.prior
                 and all(_can_hold(s, p) for p in parts) and not _share_of_alike(s, whole_text)]
        return found[0] if len(found) == 1 else None

    def _last_before_that_holds(self, parts: list[Statement], named) -> Statement | None:
        """The last amount stated before the parts in their sentence that ``named`` accepts, if it can hold them all."""
        before = [s for s in self._amounts_before_offset(parts[0].place.start) if s.sentence == parts[0].sentence and named(s)]
        return before[-1] if before and all(_can_hold(before[-1], p) for p in parts) else None

    def _share_of_the_change(self, share: _Token) -> list[ShareClaim]:
        """"收支较上年增加Y万元，…，主要原因是A支出增加a万元，占增加的N%": the share of a part's change in the change
        that opens the sentence."""
        part = self.neighbour(share, -1)
        changes = [t for t in self.tokens if t.sentence == share.sentence and t.role == "change" and not t.net
                   and t.quantity.end <= share.quantity.start]
        if part is None or part.role != "change" or part.net or len(changes) < 2 or changes[0] is part:
            return []
        whole, part_amount = self._signed_change(changes[0]), self._signed_change(part)
        return [ShareClaim(part_amount, whole, whole.subject, share.quantity,
                           Place(self.paragraph, part.clause_start, share.quantity.end))]

    def savings(self, saving: _Token) -> list[ShareClaim]:
        """"采购预算A万元，实际采购金额B万元，节约资金C万元，节约率N%": C of A (``saved_of``)."""
        amounts = self.saved_of(saving)
        if not amounts:
            return []
        whole, part = amounts[0].statement, amounts[-1].statement
        return [ShareClaim(part, whole, whole.subject, saving.quantity,
                           Place(self.paragraph, part.place.start, saving.quantity.end), [])]

    def _parts_before(self, shares: list[_Token]) -> list[Statement] | None:
        """The amounts the shares are of: the number right before one share, or the list right before a
        list of shares, with as many members."""
        before = self._before_bracket(shares[0])
        while len(shares) == 1 and before is not None and before.sentence == shares[0].sentence \
                and len(self.members(before)) == 1 \
                and (before.role in ("share", "rate", "rate_of_change") or self._unnamed_change(before)
                     or before.role == "statement" and _COMPARED_WITH.match(before.statement.raw_subject)):
            # "A万元，占调整预算N%，增长M%，比重为K%", "A万元，较上年同期增加Y万元，占N%" and "A万元，较上年P万元下降r%，
            # 占N%": all are of A
            before = self.neighbour(before, -1)
        if before is None or before.role != "statement" or before.sentence != shares[0].sentence:
            return None
        members = self.members(before)
        kinds = {type(m.statement) for m in members}
        if len(members) != len(shares) or kinds not in ({AmountClaim}, {CountClaim}):
            return None   # amounts, or counts ("1个项目评为优，占评定项目的2.33%")
        return [m.statement for m in members]

    def _unnamed_change(self, token: _Token) -> bool:
        """A change naming nothing of its own ("，较上年同期增加Y万元", "，增支Y亿元")."""
        return token.role == "change" and not _named_in_change(token)

    def _before_bracket(self, token: _Token) -> _Token | None:
        """The number before a token, past a bracket closed right before it ("A万元（其中，B…0万元），占N%" and
        "A万元（其中：B…），比上年增加…" are A's)."""
        before = self.neighbour(token, -1)
        if before is None or not _CLOSES_BEFORE.search(self.text, before.quantity.end, token.quantity.start):
            return before
        depth, position = 0, token.quantity.start
        while position > 0:
            position -= 1
            char = self.text[position]
            depth += char in "）)"
            depth -= char in "（("
            if char in "（(" and depth == 0:
                break
        return next((t for t in reversed(self.tokens) if t.quantity.end <= position), None)

    @staticmethod
    def _name_before_share(share: _Token) -> str:
        at = share.prefix.rfind("占")
        return normalise_subject(share.prefix[:at]).text if at > 0 else ""

    def _part_named_before(self, share: _Token) -> list[Statement] | None:
        """"…税收收入完成70853万元，增长17.46%，增收10532万元，税收收入占地方财政收入66.58%": a share
        that names its part before 占 is of the last amount of that name stated before it."""
        name = self._name_before_share(share)
        wanted = comparable(named["part"] if (named := _WHOLE_THEN_PART.fullmatch(name)) else name)
        found = [s for s in self._amounts_before(share) if comparable(s.subject) == wanted]
        # "…完成税收收入38921万元，…，税收占财政总收入的比重为53.77%": a name cut short, in the part's own sentence, or
        # in the sentence before where the share's opens with no figure ("…非税收入69亿元。地方收入中非税占比37.1%")
        opens = not any(t.sentence == share.sentence and t.quantity.end <= share.quantity.start for t in self.tokens)
        sentences = (share.sentence - 1, share.sentence) if opens else (share.sentence,)
        shortened = [s for s in self._amounts_before(share) if wanted and s.sentence in sentences
                     and _NAME_OPENS.fullmatch(comparable(s.subject).split(wanted, 1)[0]) and wanted in s.subject]
        # "全国政府采购授予中小企业合同金额为A亿元，授予中小企业合同总金额占…的N%": the amount right before, named again
        total_named = wanted.replace("总金额", "金额")
        restated = [s for s in self._amounts_before(share)[-1:] if s.sentence == share.sentence and len(total_named) >= 4
                    and comparable(s.subject).endswith(total_named)]
        return found[-1:] or shortened[-1:] or restated or None

    def _parts_named_before(self, share: _Token, count: int) -> list[Statement] | None:
        """"…税收收入A万元，…；非税收入B万元，…，税收收入和非税收入占一般公共预算收入的比重分别为62%、38%": shares
        naming their parts before 占 are of the last amounts of those names."""
        names = _split_names(self._name_before_share(share), count) if count > 1 else None
        amounts = self._amounts_before(share)
        parts = [next((s for s in reversed(amounts) if comparable(s.subject) == comparable(name)), None)
                 for name in names or []]
        return parts if parts and None not in parts else None

    def _parts_each_before(self, shares: list[_Token]) -> list[Statement] | None:
        """"其中基本支出A万元，项目支出B万元，分别占N%和M%": shares each of its own amount, the amounts stated one by
        one right before them in the sentence, in order."""
        if len(shares) < 2 or not _EACH_SHARE.search(shares[0].prefix):
            return None
        before = [t for t in self.tokens[: self.tokens.index(shares[0])] if t.sentence == shares[0].sentence][-len(shares):]
        if len(before) != len(shares) or any(t.role != "statement" or not isinstance(t.statement, AmountClaim)
                                              or t.statement.prior or not t.statement.subject for t in before):
            return None
        return [t.statement for t in before]

    def _part_of_ratio(self, share: _Token) -> list[Statement] | None:
        """"其中：税收收入A亿元，…；非税收入B亿元，…。税收比重N%": a ratio named by its part's first words is of
        the last amount whose name opens with them."""
        named = _SHARE_OF_ITS_WHOLE.search(share.prefix.strip(" ，,。"))
        if not named or len(named["name"]) < 2:
            return None
        return [s for s in self._amounts_before(share) if comparable(s.subject).startswith(named["name"])][-1:] or None

    def _bracket_owner(self, part: Statement) -> Statement | None:
        """The amount written right before the bracket a part stands in: "W万元（A万元，占收入的N%，…）" is W."""
        text = self.text[:part.quantity.start]
        opened = max(text.rfind("（"), text.rfind("("))
        if opened < 0 or max(text.rfind("）"), text.rfind(")")) > opened:
            return None
        owner = next((t for t in reversed(self.tokens) if t.quantity.end <= opened), None)
        return owner.statement if owner is not None and owner.role == "statement" \
            and not self.text[owner.quantity.end:opened].strip() else None

    def _viewed_whole(self, part: Statement, side: str) -> Statement | None:
        """"1-2月，全县实现财政收入W万元，…。从收入结构看：A…，占收入的N%；…。从征收部门看：B…": in a sentence
        opened as a view of a whole, 占收入 is of the last amount of that side stated before the views began."""
        if not self._opens_view(part.sentence):
            return None
        return next((s for s in reversed(self._amounts_before_offset(self._sentence_start(part.sentence)))
                     if s.subject.endswith(side) and not self._opens_view(s.sentence)), None)

    def _opens_view(self, sentence: int) -> bool:
        """The sentence opens as a view of a whole ("从收入结构看，…")."""
        return bool(_VIEW.match(self.text[self._sentence_start(sentence):].lstrip()))

    def _whole_before_the_list(self, parts: list[Statement]) -> Statement | None:
        """"…支出完成W万元，…。主要是A万元，占比N%，B万元，占比M%"; "…累计完成W亿元。从收入结构看，A…累计完成a亿元，
        占比N%。B…，占比M%": a bare 占比 in a sentence opening a view or a list, or going on from one, is of the
        last amount stated before that sentence, if it can hold the parts."""
        opening = next((k for k in range(parts[0].sentence, max(parts[0].sentence - 3, -1), -1)
                        if _LIST_OPENING.match(self.text, self._sentence_start(k)) or self._opens_view(k)), None)
        if opening is None:
            return None
        # opening its paragraph, the last amount of the paragraph above ("…收入W。\n从收入结构看，A…，占比N%")
        before = [s for s in self.above if s.quantity.kind == parts[0].quantity.kind] if opening == 0 else \
            [s for s in self._amounts_before_offset(self._sentence_start(opening))
             if s.sentence == opening - 1 and s.quantity.kind == parts[0].quantity.kind]
        return before[-1] if before and all(_can_hold(before[-1], p) for p in parts) else None

    def _total_before(self, parts: list[Statement]) -> Statement | None:
        """"收入总计W万元，财政拨款收入A万元，占95.02%": a bare 占 after one part is of the total (合计, 总计, 总额 …)
        stated before it in its sentence, the part being none; "应清退W辆，实际清退A辆，占N%": of what was due."""
        if len(parts) != 1 or _total_rank(parts[0].subject):
            return None
        part = parts[0]
        return self._last_before_that_holds(parts, lambda s: s.quantity.kind == part.quantity.kind and (
            _total_rank(s.subject) or _DUE.search(s.subject) and _ACTUALLY.search(part.subject)))

    def _listed_whole(self, part: Statement) -> Statement | None:
        """For "W，其中：A …，占N%": W, the amount before the list's introduction in the same sentence."""
        intros = list(_SHARES_INTRO.finditer(self.text, 0, part.quantity.start))
        if not intros or self.sentence_of(intros[-1].start()) != part.sentence:
            return None
        whole = self.whole_before(intros[-1].start(), part.sentence)
        if isinstance(part, CountClaim) and whole is not None and whole.quantity.unit != part.quantity.unit:
            # "幼儿园64所，在园幼儿9774人，其中：普惠性幼儿园61所，占比N%": of the count of the part's own kind
            counted = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == part.sentence
                       and t.quantity.end <= intros[-1].start() and isinstance(t.statement, CountClaim)
                       and t.statement.quantity.unit == part.quantity.unit]
            return counted[-1] if counted else None
        return self._amount_past_a_count(whole, intros[-1].end(), part.quantity.end)   # an amount's, not a count's

    def stated_wholes(self) -> tuple[list[ShareClaim], list[RateClaim]]:
        """"A万元，占B万元的N%": the whole written as an amount inside the 占 clause. Named as a plan,
        budget or target ("占年计划98900万元的108.48%", "完成全年预算96.54万元的73.9%") it is the base
        of a completion rate."""
        shares, rates = [], []
        for percent in self.tokens:
            whole = self.neighbour(percent, -1)
            part = self._stated_before(whole) if whole else None
            among = _AMONG_STATED_WHOLE.match(percent.prefix.strip()) and whole and _AMONG_AMOUNT.search(whole.prefix)
            if percent.role != ("share" if among else "statement") or percent.quantity.kind != "percent" or part is None \
                    or not (among or _OF_STATED_WHOLE.match(percent.prefix.strip())) \
                    or len({percent.sentence, whole.sentence, part.sentence}) > 1:
                continue
            named = among or _SHARE_OF_AMOUNT.search(whole.prefix)
            if not named or whole.role != "statement" or part.role != "statement" \
                    or not isinstance(whole.statement, AmountClaim) or not isinstance(part.statement, AmountClaim):
                continue
            percent.role = "other"
            place = Place(self.paragraph, part.statement.place.start, percent.quantity.end)
            # "为市下三季度目标W亿元102.30%": 为 names a yardstick; not "占一般公共预算支出W的N%"
            if not among and (named["verb"] == "为" or _BASE_GENERIC.search(_FUND_BUDGET.sub("", named["name"]))):
                whole.statement.prior = True   # the base compared with, never a current amount
                rates.append(RateClaim(named["verb"] + named["name"], percent.quantity, whole.statement,
                                       part.statement, place))
            elif among or named["verb"] == "占":   # "A万元，在W万元中占比N%" too
                shares.append(ShareClaim(part.statement, whole.statement, whole.statement.subject, percent.quantity,
                                         place))
        return shares, rates

    def _stated_before(self, token: _Token) -> _Token | None:
        """The figure before a token, past its own change and rate ("收入31.57亿元，同比增长23.91%，为预算数34.6亿元的…")
        and past the yardsticks it was measured against before ("…为预算数34.6亿元的91.24%，超序时进度16个百分点，
        为三季度目标30.86亿元102.30%")."""
        before = self.neighbour(token, -1)
        while before is not None and before.sentence == token.sentence and (
                before.role in ("change", "rate_of_change") or before.quantity.kind in ("percent", "points")
                or before.role == "statement" and before.statement.prior
                or self._bracket_closed_between(before.quantity.end, token.quantity.start)):   # "A万元(含B万元),…": A's
            before = self.neighbour(before, -1)
        return before

    # completion rates ------------------------------------------------------------------------
    def rates(self) -> list[RateClaim]:
        found = []
        for i, token in enumerate(self.tokens):
            if token.role != "rate":
                continue
            window = []
            # a rate that opens its sentence ("…支出决算为1.12万元。完成年初预算的100.00%") is of the one before
            sentence = token.sentence - 1 if self._opens_sentence(token) else token.sentence
            for earlier in reversed(self.tokens[:i]):
                if earlier.role == "rate_of_change" and not window and earlier.sentence == token.sentence:
                    continue   # "收入完成A万元，比上年增加Y万元，增长N%，完成年初预算的M%": past A's own growth
                if earlier.sentence not in (sentence, token.sentence) \
                        or earlier.role in ("rate", "share", "rate_of_change") \
                        or window and _SEMICOLON.search(self.text, earlier.quantity.end, window[-1].place.start):
                    break   # nor past a semicolon before the rate's amount ("…总收入T；…支出A，增长…，完成年初预算的N%")
                if earlier.role == "statement" and window and not self._in_brackets(earlier.quantity.end, window[-1].quantity.start) \
                        and _SHARES_INTRO.search(self.text, earlier.quantity.end, window[-1].quantity.start):
                    if len(window) > 1 and not any(_named_as_base(token.detail, s) for s in window[1:]) and _base_and_actual(
                            token.detail, [window[0], earlier.statement], token.budget_kind)[0] is earlier.statement:
                        window = [window[0], earlier.statement]   # "全年预算数W，其中财政拨款a，执行数B，执行率N%": B of W
                    break   # "W，其中：当年收入A，完成预算的N%": the part's rate, not the whole's
                if earlier.role == "statement" and not self._bracket_closed_between(earlier.quantity.end, token.quantity.start) \
                        and not _UNSPENT.search(earlier.statement.raw_subject) \
                        and not _LEFT_OVER.fullmatch(earlier.statement.subject):   # "…，未分配C亿元，分配率N%", "…，结余0万元，执行率N%": what is left
                    window.append(earlier.statement)   # "A万元（其中B万元），完成调整预算的N%" is A's
            base, actual, others = _base_and_actual(token.detail, window, token.budget_kind)
            if base is None and not token.budget_kind:
                base, actual, others = _of_the_budget_it_fits(token, window)
            if base is None and len(window) == 1:
                base, actual = self._base_stated_before(window[0])
            if base is None and len(window) == 1:
                base, actual = self._budget_listed_before(window[0])
            if base is None and len(window) == 1 and token.detail.endswith(("执行率", "到位率")):
                base, actual = self._funds_granted_before(window[0])
            if base is not None and _other_budget_kind(token.budget_kind, base.raw_subject):
                base, actual = None, None   # "完成调整预算数的…" is not of the 年初预算 stated before
            if base is None and token.budget_kind == "调整":
                base, actual = self._adjusted_budget_before(token)
            if base is None and actual is None and len(window) == 1 and self._done_in_full(window[0], token):
                base, actual = window[0], window[0]   # "W万元资金全部拨付到位，资金到位率100%"
            if base is None and actual is None and len(window) == 1:
                actual = _actual_alone(window[0], token.detail)
            if base is None and actual is None and len(window) == 1:
                base, actual = self._actual_stated_before(window[0], token.budget_kind)
            if base is None and (after := self._figures_after(token, bracketed_only=actual is not None)):
                # "预算执行率90%（预算A，执行B）", "…收入B，占年初预算的N%（年初预算A）": the figures follow the rate
                found_base, found_actual, _ = _base_and_actual(token.detail, after if actual is None else [actual, *after],
                                                               token.budget_kind)
                if found_actual is not None and (actual is None or found_actual is actual):
                    base, actual = found_base, found_actual
            shortfall = self._shortfall_after(token) if base is None and actual is not None else None
            start = min([s.place.start for s in window] + [token.clause_start])
            end = shortfall.end if shortfall else token.quantity.end
            found.append(RateClaim(token.detail, token.quantity, base, actual,
                                   Place(self.paragraph, start, end), others, shortfall))
        return found

    def _done_in_full(self, amount: Statement, rate: _Token) -> bool:
        """The amount is said to be done in full (vocabulary completion.done_in_full) between it and the rate, with the
        act the rate measures ("…全部拨付到位，资金到位率…", "…已全额支出，执行率…")."""
        said = self.text[amount.quantity.end:rate.clause_start]
        acts = _DONE_IN_FULL_ACTS.get(rate.detail.removesuffix("率")[-2:], ())   # 到位 of 资金到位率
        return bool(_DONE_IN_FULL.search(said)) and any(act in said for act in acts)

    def _figures_after(self, rate: _Token, bracketed_only: bool) -> list[Statement]:
        """This year's amounts after a rate in its sentence, up to the next figure of another kind or a semicolon (the
        next item of a list): only those of a bracket opened right after it when ``bracketed_only``."""
        following = takewhile(lambda t: t.sentence == rate.sentence and t.role == "statement"
                              and not _SEMICOLON.search(self.text, rate.quantity.end, t.quantity.start),
                              self.tokens[self.tokens.index(rate) + 1:])
        figures = [t for t in following if not t.statement.prior]
        if bracketed_only:
            opened = _BRACKET_OPENS.match(self.text, rate.quantity.end)
            figures = [t for t in figures if opened and self._in_brackets(rate.quantity.end, t.quantity.start)]
        return [t.statement for t in figures]

    def _shortfall_after(self, rate: _Token) -> Quantity | None:
        """"…支出A万元，完成年初预算N%，比年初预算减少D万元": the fall against the budget right after a rate whose
        budget is not stated, when the rate names the budget the fall is against."""
        after = self.neighbour(rate, 1)
        if after is None or after.role != "change" or after.direction != -1 or after.sentence != rate.sentence \
                or len(self.members(after)) > 1 or not _names_budget(after.prefix, self.year):
            return None
        kind = next((k for k in _BUDGET_KINDS if k in after.prefix), "")
        return after.quantity if kind == rate.budget_kind else None

    def _base_stated_before(self, actual: Statement) -> tuple[Statement | None, Statement | None]:
        """"X预算为B。执行结果：完成X A，为调整预算的N%": the one budget of the same item stated in an
        earlier sentence of the paragraph (else in the last paragraph above with amounts, of the actual's year), when
        the rate's own sentence states only the actual."""
        subject = _FINAL_AT_END.sub("", actual.subject.removeprefix("完成"))   # "一般公共预算收入完成3770万元"
        # in an earlier sentence, or before a semicolon ("X预算为B；X完成A，…")
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.quantity.end <= actual.quantity.start
                   and (t.sentence < actual.sentence or _SEMICOLON.search(self.text, t.quantity.end, actual.quantity.start))
                   and type(t.statement) is type(actual) and t.statement.quantity.unit == actual.quantity.unit]
        if _NAMES_NO_ITEM.fullmatch(subject) and not actual.prior:
            base = self._budget_just_before(actual, earlier)
            return (base, actual) if base else (None, None)
        if actual.prior or _BASE_AT_END.search(subject):
            return None, None   # the lone figure is itself a budget ("…收入预算26.84亿元")
        above = [s for s in self.last_amounts if type(s) is type(actual) and s.quantity.unit == actual.quantity.unit
                 and not (s.year and actual.year and s.year != actual.year)]   # not another year's budget
        # "三公经费支出…", "三公经费实际支出…" of "三公经费预算为…"; "地方一般公共预算收入A" of "一般公共预算收入预期数B"
        sideless = _SIDE_AT_END.sub("", subject)
        names = dict.fromkeys([subject, sideless, _FINAL_AT_END.sub("", sideless), _PLACE_FIRST.sub("", subject)])
        # in the paragraph, else in the last one above with amounts ("X预算总额为B。\n完成X A，完成调整后支出预算的N%")
        for stated in (earlier, above):
            for name in names:
                # "X预算为B" or "当年计划X B" ("当年计划投资19亿元。…完成投资28.78亿元，投资完成率151.47%")
                bases = [s for s in stated if len(name) >= 2 and name in s.subject
                         and (_BASE_GENERIC.search(_FUND_BUDGET.sub("", s.subject[s.subject.rfind(name) + len(name):]))
                              or _BASE_GENERIC.search(_FUND_BUDGET.sub("", s.subject[:s.subject.rfind(name)])))]
                if len(bases) == 1:
                    return bases[0], actual
        return None, None

    @staticmethod
    def _budget_just_before(actual: Statement, earlier: list[Statement]) -> Statement | None:
        """"X预算为B。全年完成A，完成预算的N%": an amount done that names no item is of the budget that ends the sentence
        (or the clause before a semicolon) right before it."""
        return _budget_last([s for s in earlier if s.sentence >= actual.sentence - 1])

    def _actual_stated_before(self, base: Statement, kind: str) -> tuple[Statement | None, Statement | None]:
        """"财政拨款收入总计A万元，支出总计A万元，…。财政拨款支出年初预算数B万元，完成年初预算的N%": a rate beside its
        budget alone is of the one amount of the budget's item (or its 总计/合计) stated in an earlier sentence of
        the paragraph."""
        item = comparable(_BASE_AT_END.sub("", base.subject).removesuffix(kind))
        if base.prior or item == comparable(base.subject) or len(item) < 4:
            return None, None   # not named as a budget, or no item named before it
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.sentence < base.sentence
                   and type(t.statement) is type(base) and t.statement.quantity.unit == base.quantity.unit
                   and not t.statement.prior and comparable(_TOTAL_SUFFIX.sub("", t.statement.subject)) == item]
        return (base, earlier[0]) if len(earlier) == 1 else (None, None)

    def _funds_granted_before(self, actual: Statement) -> tuple[Statement | None, Statement | None]:
        """"…市财政局下达我局项目经费150.00万元。2.项目资金执行情况 实际支出项目资金150.00万元，资金执行率100.00%": an
        execution or arrival rate (执行率, 到位率) beside the amount spent or received alone is of the one amount granted or budgeted (vocabulary
        completion.base) stated before it in the paragraph (in its sentence too, past another rate or a semicolon:
        "预算资金A，到位资金A，到位率100%；实际支出B，预算执行率N%"), or else in the last paragraph above with amounts."""
        if actual.prior or _last_end(_ACTUAL, actual.raw_subject) < 0:
            return None, None
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.statement is not actual
                   and (t.sentence < actual.sentence or t.sentence == actual.sentence and t.quantity.end <= actual.place.start)]
        for statements in (earlier, self.last_amounts):
            granted = [s for s in statements if type(s) is type(actual) and s.quantity.unit == actual.quantity.unit
                       and not s.prior and _names_granted(words := self._named_as_granted_by(s, actual) if statements is earlier
                                                          else s.raw_subject)
                       and not _SHARES_INTRO.search(words)]   # "预算资金W，其中：省级资金a…": a is a part of what is granted
            if granted:
                return (granted[0], actual) if len(granted) == 1 else (None, None)
        return None, None

    def _named_as_granted_by(self, statement: Statement, actual: Statement) -> str:
        """The words that may name a figure granted: those of its sentence before it, or in the actual's own sentence
        those of its clause ("全年预算安排A，其中基本支出a1…；实际支出B，预算执行率N%": a1 is no budget)."""
        if statement.sentence == actual.sentence:
            return self.text[self._clause_start(statement.quantity.start):statement.quantity.start]
        return self._sentence_up_to(statement)

    def _sentence_up_to(self, statement: Statement) -> str:
        """"2023年预算安排我局专项资金项目共计126个，财政资金4185.64万元": the words of the sentence before a
        figure, where an earlier clause may name what the figure is."""
        return self.text[self._sentence_start(statement.sentence):statement.quantity.start]

    def _adjusted_budget_before(self, rate: _Token) -> tuple[Statement | None, Statement | None]:
        """"…收入调整为375000万元，实际收入386514万元，比上年增加…，增长…，完成调整预算的103.07%": a rate of the
        adjusted budget is of the last amount stated before it in its sentence and of the one amount of the
        same side (收入/支出) stated earlier in the paragraph as adjusted (调整为, 调整预算为)."""
        done = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == rate.sentence
                and t.quantity.end <= rate.quantity.start and isinstance(t.statement, AmountClaim)
                and not self._bracket_closed_between(t.quantity.end, rate.quantity.start)]   # "A万元（其中B万元），…"
        if not done or done[-1].prior:
            return None, None
        actual = done[-1]
        if "其中" in self.text[self._sentence_start(rate.sentence):actual.quantity.start]:
            return None, None   # "…收入完成A，为调整预算的N%；其中税收收入完成B，为调整预算的M%": B's budget is not stated
        # "…收入为A万元，…调整为B万元，实际完成C万元，为调整预算的N%": the sentence names the side
        sides = [side for side in _SIDES if side in actual.raw_subject] \
            or self._sides_before(next(t for t in self.tokens if t.statement is actual))
        if len(sides) != 1:
            return None, None
        adjusted = [t.statement for t in self.tokens if t.role == "statement" and t.quantity.end <= actual.place.start
                    and isinstance(t.statement, AmountClaim) and "调整" in t.statement.raw_subject
                    and self._sides_before(t) == sides and t.quantity.unit == actual.quantity.unit]
        return (adjusted[0], actual) if len(adjusted) == 1 else (None, None)

    def _sides_before(self, token: _Token) -> list[str]:
        """收入 or 支出, as named in the sentence before a figure ("…收入年初预算为A，经批准调整为B": B's is 收入)."""
        said = self.text[self._sentence_start(token.sentence):token.quantity.start]
        return [side for side in _SIDES if side in said]

    def _budget_listed_before(self, actual: Statement) -> tuple[Statement | None, Statement | None]:
        """"“三公”经费预算为W万元，其中：因公出国（境）费A万元、…。…其中：因公出国（境）费支出a万元，完成预算的N%":
        the one amount of the same item in an earlier sentence of the paragraph that names a budget."""
        name = comparable(actual.subject)
        if actual.prior or not name or _BASE_AT_END.search(actual.subject):
            return None, None
        bases = [t.statement for t in self.tokens if t.role == "statement" and t.sentence < actual.sentence
                 and type(t.statement) is type(actual) and t.quantity.unit == actual.quantity.unit
                 and (comparable(t.statement.subject) == name or actual.key and t.statement.key == actual.key)
                 # "…一般公共预算收入318.4亿元": a fund's name (一般公共预算) names no budget
                 and _BASE_GENERIC.search(_FUND_BUDGET.sub("", self._named_before(t)))]
        return (bases[0], actual) if len(bases) == 1 else (None, None)

    def _named_before(self, token: _Token) -> str:
        """The words of a figure's sentence before it, past any rate stated there ("收入实现A，为预算的N%；支出实现B":
        B is not named as a budget)."""
        start = self._sentence_start(token.sentence)
        rates = [t.quantity.end for t in self.tokens if start <= t.quantity.end <= token.quantity.start
                 and t.quantity.kind == "percent"]
        return self.text[max([start, *rates]):token.quantity.start]

    # stated comparisons ----------------------------------------------------------------------
    def comparisons(self, growths: list[GrowthClaim], rates: list[RateClaim],
                    bare_changes: list[tuple[_Token, str, Statement | None]]) -> list[ComparisonClaim]:
        found = []
        for m in _STATED_COMPARISON.finditer(self.text):
            if bool(m["word"]) == bool(m["flat"]):
                continue  # "比上年增加": a comparison word without a relation
            word = m["word"] or m["flat"]
            if self._said_of_a_share(m.start()):
                continue   # "…，占全国规模的53%，与上年基本持平": the share is flat, not the amount
            clause = self.text[max(self._clause_start(m.start()), 0):m.start()]
            if _REASON_LEAD.match(clause.lstrip()):
                continue   # "…，主要是部分据实安排支出低于预算": a reason, about what no figure states
            this_years = m["prior"] and m["prior"][0].isdigit() and self.year and int(m["prior"][:4]) >= self.year
            if this_years and (int(m["prior"][:4]) > self.year or "预算" not in m.group() or "执行" in m.group()):
                continue  # "较2026年减少" in a 2025 report names no year before it
            claim = ComparisonClaim(_RELATION_WORD[word], word, "prior" if m["prior"] and not this_years else "budget",
                                    Place(self.paragraph, m.start(), m.end()),
                                    normalise_subject(_COMPARISON.sub("", clause)).text,
                                    or_equal=bool(m["or_equal"]) or word in _AT_MOST)
            sentence = self.sentence_of(m.start())
            if claim.against == "budget":
                self._budget_figures(claim, sentence, m["kind"] or "", rates)
            else:
                self._prior_figures(claim, sentence, growths)
            if claim.base is None and claim.actual is not None and m["word"] and (named := self._figure_right_after(m.end())):
                claim.base = named   # "支出6万元，高于上年的5万元"
            found.append(claim)
            found += self._each_of(claim, clause)
        found += self._changes_without_rate(bare_changes) + self._equal_to_base() + self._rates_alone(growths) \
            + self._from_to() + self._budget_then_final(growths) + self._beyond_the_budget(rates) + self._saved_on_budget()
        for m in _FLAT_ON_YEAR.finditer(self.text):
            current = [s for s in self._amounts_before_offset(m.start()) if s.sentence == self.sentence_of(m.start())]
            found.append(ComparisonClaim("=", m["word"], "prior", Place(self.paragraph, m.start(), m.end()),
                                         actual=current[-1] if current else None))
        for m in [*_STATED_TREND.finditer(self.text), *_EXPLAINED_TREND.finditer(self.text)]:
            if m.re is _STATED_TREND and m["year"] and (not self.year or int(m["year"]) >= self.year):
                continue   # "较2026年减少" in a 2026 report compares with no earlier year it names
            clause = self.text[max(self._clause_start(m.start()), 0):m.start()]
            if m.re is _STATED_TREND and m["item"]:
                clause = m["item"]   # "与上年相比，支出减少": the item is named after the comparison
            if m.re is _EXPLAINED_TREND and (_COMPARED.search(clause) or not normalise_subject(clause).text):
                continue   # "较上年增长的主要原因" is a stated trend; "增长的主要原因" alone names no item
            against = "prior" if m.re is _EXPLAINED_TREND or m["prior"] or m["same_period"] else "budget"
            claim = ComparisonClaim(">" if m["dir"] in _UP else "<", m["dir"], against,
                                    Place(self.paragraph, m.start(), m.end()),
                                    normalise_subject(_COMPARISON.sub("", clause)).text)
            if claim.against == "prior":
                self._prior_figures(claim, self.sentence_of(m.start()), growths)
            found.append(claim)
            found += self._each_of(claim, clause)
        for m in _RUN_OF_YEARS.finditer(self.text):
            before = next((t for t in reversed(self.tokens) if t.quantity.end <= m.start()), None)
            if before is not None and before.quantity.kind == "percent":
                continue   # "…占比为30%，连续三年下降": the share's run, not the amount's
            word = m["dir"] or m["short"]
            claim = ComparisonClaim(">" if word in _UP or word in "增涨升" else "<", m.group(), "prior",
                                    Place(self.paragraph, m.start(), m.end()))
            self._prior_figures(claim, self.sentence_of(m.start()), growths)
            found.append(claim)
        return found

    def _said_of_a_share(self, offset: int) -> bool:
        """A comparison in the clause right after a share, where the amount's own change was stated before the share
        ("增加Y亿元，增长N%，占…的53%，与上年基本持平"), is of the share."""
        before = next((t for t in reversed(self.tokens) if t.quantity.end <= offset), None)
        if before is None or before.role != "share" or not _COMMA.fullmatch(self.text, before.quantity.end, offset):
            return False
        for t in reversed(self.tokens[:self.tokens.index(before)]):
            if t.role == "statement" or t.sentence != before.sentence:
                return False   # back at the share's own amount
            if t.role in ("change", "rate_of_change"):
                return True
        return False

    def _beyond_the_budget(self, rates: list[RateClaim]) -> list[ComparisonClaim]:
        """"收入A万元，完成预算B万元的N%，超收C万元": what was collected over (超收) or short of (短收) the budget
        the rate is of, right after the rate: C = A − B. Part of the year in ("1-5月，…占年预算B的N%，短收C"), C is
        against the time schedule instead."""
        found = []
        for rate in (r for r in rates if r.base is not None and r.actual is not None):
            token = next((t for t in self.tokens if t.quantity is rate.rate), None)
            after = self.neighbour(token, 1) if token else None
            if after is None or after.role != "change" or after.sentence != token.sentence \
                    or not _AGAINST_PLAN.fullmatch(after.prefix.strip(" ，,")) \
                    or _PART_OF_THE_YEAR.search(self.text, self._sentence_start(token.sentence), token.quantity.start):
                continue
            relation = "=" if after.quantity.value == 0 else (">" if after.direction > 0 else "<")
            found.append(ComparisonClaim(relation, after.prefix.strip(" ，,"), "budget",
                                         Place(self.paragraph, rate.place.start, after.quantity.end),
                                         actual=rate.actual, base=rate.base, change=after.quantity))
        return found

    def _budget_then_final(self, growths: list[GrowthClaim]) -> list[ComparisonClaim]:
        """"2017年预算数A万元，调整数B万元，决算数C万元，增加D万元": a bare change right after a budget and a final
        amount so named compares the final amount with the budget."""
        found = []
        for change in (t for t in self.tokens if t.role == "change" and not t.net):
            before = self.neighbour(change, -1)
            if before is None or before.role != "statement" or before.sentence != change.sentence \
                    or not _CHANGE_DIRECTION.fullmatch(change.prefix.strip(" ，,")) \
                    or not _FINAL_NAMED.search(before.statement.raw_subject) \
                    or any(g.place.start <= change.quantity.start < g.place.end for g in growths):
                continue
            budgets = [t.statement for t in self.tokens[:self.tokens.index(before)] if t.role == "statement"
                       and t.sentence == change.sentence and _BUDGET_NAMED.search(t.statement.raw_subject)]
            if budgets:
                relation = "=" if change.quantity.value == 0 else (">" if change.direction > 0 else "<")
                found.append(ComparisonClaim(relation, change.prefix.strip(" ，,"), "budget",
                                             Place(self.paragraph, budgets[0].place.start, change.quantity.end),
                                             actual=before.statement, base=budgets[0], change=change.quantity))
        return found

    def _from_to(self) -> list[ComparisonClaim]:
        """"公务接待费一项由218.52万元减至172.52万元": last year's amount, the direction and this year's."""
        found = []
        for base, actual in zip(self.tokens, self.tokens[1:]):
            moved = _MOVED_TO.fullmatch(self.text, base.quantity.end, actual.quantity.start)
            if base.role != "statement" or actual.role != "statement" or base.sentence != actual.sentence \
                    or not moved or not _FROM.search(self.text, 0, base.quantity.start):
                continue
            found.append(ComparisonClaim(">" if moved["dir"] in _UP else "<", moved["dir"], "prior",
                                         Place(self.paragraph, base.clause_start, actual.quantity.end),
                                         actual=actual.statement, base=base.statement))
        return found

    def _saved_on_budget(self) -> list[ComparisonClaim]:
        """"采购预算A万元，实际采购金额B万元，节约资金C万元，节约率N%": what was spent is below the budget by the saving
        (and "送审金额A，审定金额B，审减金额C，审减率N%": what was approved below what was submitted)."""
        return [ComparisonClaim("<" if saved.quantity.value else "=", saved.raw_subject.strip(), "budget",
                                Place(self.paragraph, budget.place.start, saved.quantity.end), actual=spent, base=budget)
                for budget, spent, saved in self.budgets_spent_saved()]

    def _changes_without_rate(self, bare_changes: list[tuple[_Token, str, Statement | None]]) -> list[ComparisonClaim]:
        """"比2024年预算执行数增加15207.44万元", "比预算增加0万元": a change with no rate beside it still
        states how this year's figure compares (equal when the change is nil)."""
        found = []
        for change, clause, current in bare_changes:
            relation = "=" if change.quantity.value == 0 else (">" if change.direction > 0 else "<")
            word = clause[change.word_start - change.clause_start:] if change.word_start >= change.clause_start else ""
            claim = ComparisonClaim(relation, word.strip() or relation, "budget" if _names_budget(clause, self.year)
                                    else "prior", Place(self.paragraph, change.clause_start, change.quantity.end))
            claim.actual, claim.change = current, change.quantity
            base = self._base_before(change)
            if base is not None and claim.actual is not None:
                claim.base = base
                if _names_budget(base.raw_subject, self.year):
                    claim.against = "budget"   # "较年初预算4829万元，减少566万元"
            elif claim.actual is not None and claim.actual.year and (dated := self._dated_base(change, clause)):
                claim.base = dated   # named by its year: "2018年比2017年减少Y"
            elif claim.actual is not None and claim.against == "budget":
                claim.actual, claim.base = self._final_and_budget(claim.actual)
            elif claim.actual is not None and self._prior_stated_first(change):
                claim.base = self.neighbour(change, -2).statement
            elif claim.actual is not None and claim.against == "prior" and self._in_a_row(claim.actual, change):
                claim.base = self._prior_stated_apart(claim.actual, change)   # "A万元，2020年…P万元，比去年增加Y"
            found.append(claim)
        return found

    def _final_and_budget(self, current: Statement) -> tuple[Statement, Statement | None]:
        """The actual and the budget of a change against the budget: the amount before the change and the one
        budget stated before it; but "…决算数为A，预算数为B，比年初预算数减少Y" states the budget last."""
        if _BASE_AT_END.search(current.subject):
            before = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == current.sentence
                      and t.quantity.end <= current.place.start and t.quantity.unit == current.quantity.unit]
            # "…支出总额为A，年初预算数为B，比预算数减少Y": A, not named as a budget, is the actual
            finals = [s for s in before if _FINAL_AT_END.search(s.raw_subject)] \
                or [s for s in before if not _PLAN_NAMED.search(s.raw_subject)]
            if finals:
                return finals[-1], current
        return current, self._budget_before(current)

    def _compared_alone(self, role: str, growths: list[GrowthClaim]) -> list[tuple[_Token, int, str]]:
        """The changes (or rates of change) that no growth pairs, whose clause names what they are compared
        with ("比上年增加Y万元", "与…相比，增加…"; "增加Y万元" names nothing): each with its clause's start and text."""
        found = []
        for token in (t for t in self.tokens if t.role == role):
            if any(g.place.start <= token.quantity.start < g.place.end for g in growths):
                continue
            start = max(self._clause_start(token.quantity.start), 0)
            strong = max(_last_end(_STRONG_BREAK, self.text[:token.quantity.start]), 0)   # past a "收、支总计"
            clause = self._comparison_before(strong) + self.text[start:token.quantity.start]
            # "相比2021年的P亿元，增加了Y亿元": the clause before names it with the amount compared with
            if _COMPARED.search(clause) or self._prior_stated_before(token) \
                    or role == "change" and (self._base_before(token) or self._prior_stated_first(token)):
                found.append((token, start, clause))
            elif said := self._compared_as_before(token):
                found.append((token, start, said + clause))
        return found

    def _compared_as_before(self, change: _Token) -> str:
        """The words comparing the change before, when this bare change goes on comparing as it did, else "":
        "与2014年相比，收入增加A万元，…。支出增加B万元": a change opening its sentence under a side's name after the
        other side's; "A，比预算数减少a；B X亿元，减少b；…": an item of a list after one compared so."""
        if change.role != "change":
            return ""
        if self._opens_sentence(change) and self._change_subject(change) in _SIDES:
            before = [t for t in self.tokens if t.sentence == change.sentence - 1 and t.role == "change"]
            if len(before) != 1 or self._change_subject(before[0]) not in _SIDES:
                return ""
            said = self.text[self._sentence_start(change.sentence - 1):before[0].quantity.start]
            return said if _COMPARED.search(said) else ""
        amount = self.neighbour(change, -1)
        if amount is None or amount.role != "statement" or amount.sentence != change.sentence \
                or not _COMMA_THEN_CHANGE.fullmatch(self.text, amount.quantity.end, change.quantity.start):
            return ""   # not "B X亿元，减少b"
        earlier = [t for t in self.tokens if t.sentence == change.sentence and t.role == "change"
                   and t.quantity.end <= amount.quantity.start]
        if not earlier:
            return self._compared_as_the_whole(amount)
        if not _SEMICOLON.search(self.text, earlier[-1].quantity.end, amount.quantity.start):
            return ""
        said = (self.text[t.clause_start:t.quantity.start] for t in reversed(earlier))
        return next((words for words in said if _COMPARED.search(words)), "") \
            or self._compared_as_the_whole(self.neighbour(earlier[0], -1))

    def _compared_as_the_whole(self, part: _Token | None) -> str:
        """"W亿元，比预算数减少Y亿元。\n其中，A X亿元，减少a；…": the first part of a list opening its sentence (or
        paragraph) goes on comparing as the change of the whole's sentence before it did."""
        start = self._sentence_start(part.sentence) if part is not None else 0
        if part is None or part.role != "statement" or not _LIST_OPENING.match(self.text, start) \
                or any(start <= t.quantity.start < part.quantity.start for t in self.tokens):
            return ""
        before = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == part.sentence - 1] \
            if part.sentence > 0 else self.above
        if not before:
            return ""
        whole = before[-1]
        text = whole.place.paragraph.text
        ends = _sentence_ends(text)
        said = text[whole.quantity.end:ends[whole.sentence] if whole.sentence < len(ends) else len(text)]
        return said if _COMPARED.search(said) else ""

    def _rates_alone(self, growths: list[GrowthClaim]) -> list[ComparisonClaim]:
        """"…预算为1286万元，比2021年预算数增长197.0%": a rate of change with no change beside it still states
        how this year's amount (the last one before it in its sentence) compares with what it names."""
        found = []
        for rate, start, clause in self._compared_alone("rate_of_change", growths):
            if not rate.quantity.value:
                continue
            current = [s for s in self._amounts_before(rate) if s.sentence == rate.sentence
                       and not self._bracket_closed_between(s.place.end, rate.quantity.start)]   # "A万元（其中B…），比上年下降…"
            word = clause[rate.word_start - start:] if rate.word_start >= start else ""
            found.append(ComparisonClaim(">" if rate.direction > 0 else "<", word.strip(),
                                         "budget" if _names_budget(clause, self.year) else "prior",
                                         Place(self.paragraph, start, rate.quantity.end),
                                         actual=current[-1] if current else None))
        return found

    def _amount_of_change(self, change: _Token, growths: list[GrowthClaim], seen: _Lookup) -> Statement | None:
        """The amount of a change whose sentence states none before it: for one that names its item, the one
        amount of that item stated above ("…公务接待费13.85万元。\n…公务接待费较上年减少2.47万元") or the one of its name in
        the paragraph above; for one that
        names none, the amount of the growth before it ("…经费较上年减少4.33万元，下降7.64%，较年初预算数减少0.53万元")."""
        if subject := self._change_subject(change):
            # "（一）2018年收入预算W元。\n（二）2018年收入预算比2017年预算收入P元增加Y元": else the one amount of its name above
            named = [s for s in self.above if comparable(s.subject) == comparable(subject)]
            return seen.sole(subject) or (named[0] if len(named) == 1 else None)
        growth = next((g for g in reversed(growths) if g.current is not None and g.place.end <= change.quantity.start
                       and self.sentence_of(g.place.end - 1) == change.sentence), None)
        return growth.current if growth else None

    def bare_changes(self, growths: list[GrowthClaim], seen: _Lookup) -> list[tuple[_Token, str, Statement | None]]:
        """Each change with no rate beside it that names what it is compared with ("比上年增加Y万元"):
        the change, its clause, and this year's amount stated before it in its sentence."""
        found = []
        for change, _, clause in self._compared_alone("change", growths):
            if change.net:
                continue
            stated_prior = self.neighbour(change, -1).statement if self._prior_stated_before(change) else None
            current = [s for s in self._amounts_before(change) if s.sentence == change.sentence and s is not stated_prior
                       and s.quantity.kind == change.quantity.kind   # not "接待68批742人" before a change in 万元
                       and not self._bracket_closed_between(s.place.end, change.quantity.start)]   # "A（其中：B…），比上年…"
            if years := _YEAR_AGAINST_YEAR.search(clause):   # "A 2018年…，B 2017年…，2018年比2017年减少Y": A's
                current = [s for s in current if s.year == int(years["this"])] or current
            elif last_year := self._last_year_compared_with(change):   # "…，2017年比上年增加Y" (a report of 2017)
                current = [s for s in current if s.year != last_year] or current
            subject = self._change_subject(change)
            # "…预算数W万元，其中：A…，B…；收入比2023年增加…": a change naming its side is of the side's opening amount
            sided = self._current_amount(change, change, subject) if _BUDGET_SUFFIX.sub("", subject) in _SIDES else None
            members = self.members(change)
            # "A…、B…、C…。与上年相比，分别减少a、b、c": a list of changes pairs with the amounts before it, in order
            listed = self._amount_list_before(members[0], len(members)) if len(members) > 1 else None
            current = listed[members.index(change)] if listed else sided or (
                current[-1] if current else
                self._current_amount(change, change, subject) or self._amount_of_change(change, growths, seen))
            found.append((change, clause, current))
        return found

    def _budget_before(self, actual: Statement) -> Statement | None:
        """"预算收入年初1187.42万元，年末财政拨款收入1624.38万元，比预算增加…": the one amount before the actual in
        its sentence named as a budget."""
        budgets = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == actual.sentence
                   and t.quantity.end <= actual.place.start and isinstance(t.statement, AmountClaim)
                   and t.quantity.unit == actual.quantity.unit and _BASE_GENERIC.search(t.statement.raw_subject)]
        if budgets:
            return budgets[0] if len(budgets) == 1 else None
        # "X年初预算为B。支出决算为A，决算数小于预算数": the budget ending the sentence before (or the paragraph above, for
        # an actual opening its paragraph), when A names no item; else the one budget of A's item stated earlier
        if not _NAMES_NO_ITEM.fullmatch(_FINAL_AT_END.sub("", actual.subject).removesuffix("支出").removesuffix("收入")):
            return self._base_stated_before(actual)[0]
        if actual.sentence == 0:
            return _budget_last([s for s in self.last_amounts[-1:] if s.quantity.unit == actual.quantity.unit])
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == actual.sentence - 1
                   and isinstance(t.statement, AmountClaim) and t.quantity.unit == actual.quantity.unit]
        return self._budget_just_before(actual, earlier)

    def _dated_base(self, change: _Token, clause: str) -> Statement | None:
        """"…，2017年基本支出893.17万元，2018年比2017年减少…": the amount of the year compared with."""
        years = _YEAR_AGAINST_YEAR.search(clause)
        dated = [t.statement for t in self.tokens if years and t.role == "statement" and t.sentence == change.sentence
                 and t.quantity.end <= change.quantity.start and t.statement.year == int(years["that"])]
        return dated[-1] if len(dated) == 1 else None

    def _equal_to_base(self) -> list[ComparisonClaim]:
        """"因公出国（境）费为0万元，…，较预算数0万元无增减": a base named with its figure and stated equal."""
        found = []
        for token in self.tokens:
            flat = _EQUAL_AFTER.match(self.text, token.quantity.end)
            if not flat or not _compared_base(token):
                continue
            current = [s for s in self._amounts_before(token) if s.sentence == token.sentence]
            against = "budget" if _names_budget(token.prefix, self.year) else "prior"
            found.append(ComparisonClaim("=", flat["word"], against, Place(self.paragraph, token.clause_start, flat.end()),
                                         actual=current[-1] if current else None, base=token.statement))
        return found

    def _clause_start(self, offset: int) -> int:
        return max((m.end() for m in _CLAUSE_BREAK.finditer(self.text, 0, offset)), default=0)

    def _refers_to(self, comparison: ComparisonClaim, place: Place, start: int, named: str = "") -> bool:
        """Whether a comparison restates the claim written at ``place``: one that names its item must
        name the claim's ("“三公”经费支出决算数小于预算数"); one that names none follows the claim with
        no other amount or change between ("…下降14.29%；购置费0万元，与上年持平" and "…下降42.46%。其中：A减少0万元，
        与上年持平" are about the 购置费 and A)."""
        if comparison.subject:
            return comparable(comparison.subject) in named or self._about(comparison.subject, place.start, place.end)
        return not any(t.role in ("statement", "change") and place.end <= t.quantity.start < start for t in self.tokens)

    def _about(self, subject: str, start: int, end: int) -> bool:
        """Whether a span of text is about the item a comparison names (any span, when it names none)."""
        return not subject or comparable(subject) in MARKUP.sub("", self.text[start:end])

    def _budget_figures(self, claim: ComparisonClaim, sentence: int, kind: str, rates: list[RateClaim]) -> None:
        """The budget and actual the comparison is about (of the item it names, if it names one): a
        completion rate's figures (unless several budgets leave the comparison's own unclear), else the
        two figures stated in this sentence or the one before, else the completion rate alone."""
        start = claim.place.start
        rate = next((r for r in reversed(rates) if r.place.end <= start
                     and self.sentence_of(r.place.end - 1) in (sentence, sentence - 1)
                     and self._refers_to(claim, r.place, start)), None)
        if rate is None and sentence > 1 and _LIST_OPENING.match(self.text, details := self._sentence_start(sentence - 1)):
            # "…完成预算的N%。其中：A…。决算数小于预算数…": past the 其中 list that details the amount
            rate = next((r for r in reversed(rates) if r.place.end <= details
                         and self.sentence_of(r.place.end - 1) == sentence - 2 and self._refers_to(claim, r.place, details)), None)
        if rate is None and claim.subject:
            # "…支出预算为A，支出决算为B，完成预算的N%。其中：…。…支出决算数小于预算数的主要原因：…"
            rate = next((r for r in reversed(rates) if r.place.end <= start and r.place.paragraph is self.paragraph
                         and r.base and r.actual and self._about(claim.subject, r.place.start, r.place.end)), None)
        if rate and rate.base and rate.actual and (not rate.other_bases or (kind and kind in rate.base.raw_subject)):
            claim.actual, claim.base = rate.actual, rate.base
            return
        window = [t.statement for t in self.tokens if t.role == "statement" and t.quantity.end <= start
                  and t.sentence in (sentence, sentence - 1)]
        window = [s for s in window if s.sentence == max((w.sentence for w in window), default=sentence)]
        base, actual, others = _base_and_actual("预算", list(reversed(window)), kind)
        if base and actual and not (others and not kind) \
                and self._about(claim.subject, min(base.place.start, actual.place.start), start):
            claim.actual, claim.base = actual, base
            return
        if base is None and len(window) == 1 and (budget := self._budget_before(window[0])) is not None \
                and (budget.sentence < window[0].sentence or budget.place.paragraph is not self.paragraph) \
                and self._about(claim.subject, budget.place.start if budget.place.paragraph is self.paragraph else 0, start):
            claim.actual, claim.base = window[0], budget   # "X年初预算为B。支出决算为A，决算数小于预算数"
            return
        if rate:
            claim.rate = rate.rate
        if not claim.subject:   # "…支出总计W万元，…完成年初预算100%，决算数大于预算数…": W, its budget unstated
            claim.actual = next((s for s in reversed(self._amounts_before_offset(start)) if s.sentence == sentence), None)

    def _figure_right_after(self, offset: int) -> Statement | None:
        """The amount a comparison names right after its words as the one compared with ("高于上年的5万元")."""
        after = next((t for t in self.tokens if t.quantity.start >= offset), None)
        if after is None or after.role != "statement" or not _NAMED_RIGHT_AFTER.fullmatch(self.text, offset, after.quantity.start):
            return None
        return after.statement

    def _prior_figures(self, claim: ComparisonClaim, sentence: int, growths: list[GrowthClaim]) -> None:
        """Last year's figure behind "大于上年决算数", "与上年持平": the change stated just before, in this
        sentence or the one before, else last year's and this year's amounts stated in this sentence."""
        start = claim.place.start
        # not a total's growth for a part's comparison: "…增加1.55万元，增长39.4%。其中，A比去年无增减变化"
        claim.growth = next((g for g in reversed(growths) if g.place.end <= start
                             and self.sentence_of(g.place.end - 1) in (sentence, sentence - 1)
                             and "其中" not in self.text[max(g.place.end, self._sentence_start(sentence)):start]
                             and self._refers_to(claim, g.place, start, g.subject)), None)
        pair = self._prior_pair(start, sentence) if claim.growth is None else None
        if pair and self._about(claim.subject, pair[0].place.start, start):
            claim.base, claim.actual = pair
        elif claim.growth is None:
            # "…预算12万元，与2018年预算持平": this year's figure alone, last year's unstated; "…13.6万元，本年预算与
            # 上年持平" names it in general words, "…经费共计31.78万元，…“三公”经费预算与上年持平" by its quantity
            earlier = list(reversed(self._amounts_before_offset(start)))
            before = [s for s in earlier if s.sentence == sentence]
            key = canonical_key(claim.subject)
            # "…安排“三公”经费共计A万元，“三公”经费预算与上年持平": the amount the sentence budgets is the budget named
            claim.actual = next((s for s in before if not claim.subject or _THIS_YEARS.fullmatch(claim.subject)
                                 or comparable(s.subject) == comparable(claim.subject)
                                 or key and s.key in (key, key.removesuffix("预算数"))), None)
            if claim.actual is None and key and not before:
                # "“三公”经费预算数为21.6万元，其中：…。“三公”经费预算比2016年减少": the item's amount in a sentence before
                claim.actual = next((s for s in earlier + self.above[::-1] if s.key == key), None)
            if claim.actual is None and not claim.subject and not before and sentence > 0 and earlier \
                    and earlier[0].sentence == sentence - 1 and self._last_of_its_sentence(self._token_of(earlier[0])) \
                    and self._only_compared_before(sentence, start):
                claim.actual = earlier[0]   # "…费预算为0万元。较上年无变化": the amount the sentence before ended on


def _current_from_earlier(growths: list[GrowthClaim], seen: _Lookup, year: int | None,
                          above: list[Statement]) -> list[GrowthClaim]:
    """"…支出决算为0.62万元…。\n三公经费支出决算数比上年减少0.21万元，下降25.30%": a change against
    last year whose paragraph does not state the amount takes the well-known one stated above it, or the one
    amount of its name in the paragraph right above ("2017年总支出A万元…。\n相比2016年的总支出P增加…"); where
    both years were stated above ("2026年…公务接待16.0万元。2025年…公务接待17.0万元"), the amounts of the
    report's year and of the year before it. A change against the budget ("…支出决算数比预算数减少…")
    takes the one amount stated above in the same way."""
    for growth in growths:
        if growth.current is None and growth.change is not None and growth.subject and not growth.net:
            current, prior = seen.sole(growth.subject), None
            if current is None and year and growth.against == "prior":
                current, prior = seen.of_year(growth.subject, year), seen.of_year(growth.subject, year - 1)
                if prior is None:
                    current = None   # this year's amount alone is no more certain than without a year
            named = [s for s in above if comparable(s.subject) == comparable(growth.subject)
                     and not (year and s.year and s.year < year)]
            if current is None and len(named) == 1:
                current = named[0]
            if current is None or current.quantity.unit != growth.change.unit \
                    or prior is not None and prior.quantity.unit != current.quantity.unit:
                continue
            growth.current, growth.prior = current, prior or growth.prior
    return growths


def _budget_last(statements: list[Statement]) -> Statement | None:
    """The last of the statements, when it is named as a budget of this year."""
    last = statements[-1] if statements else None
    return last if last is not None and not last.prior and _BASE_GENERIC.search(_FUND_BUDGET.sub("", last.subject)) else None


def _other_budget_kind(kind: str, subject: str) -> bool:
    """A base named as another kind of budget than the rate names (年初 for a rate of the 调整 budget)."""
    return bool(kind) and kind not in subject and any(k in subject for k in _BUDGET_KINDS)


def _current_of_growth_before(growths: list[GrowthClaim]) -> list[GrowthClaim]:
    """"…经费较上年决算减少2046.6万元，下降38.12%；较年初预算数减少1284.7万元，下降27.88%": a growth naming no item,
    after another growth in its sentence, is of that growth's amount."""
    for before, growth in zip(growths, growths[1:]):
        if growth.current is None and not growth.subject and before.current is not None \
                and not _DISTRIBUTIVE_WORD.search(growth.place.quote) \
                and before.place.paragraph is growth.place.paragraph \
                and growth.change is not None and before.current.quantity.unit == growth.change.unit \
                and not _SENTENCE_END.search(growth.place.paragraph.text, before.place.end, growth.place.start):
            growth.current = before.current
    return growths


def _of_the_list_total(comparisons: list[ComparisonClaim], breakdowns: list[BreakdownClaim]) -> list[ComparisonClaim]:
    """"转移性收入W万元，其中：A…、B…、C万元，比报告数P万元增加Y万元": a change with its base right after a list is
    of the list's total, not of its last part, when C − P is not the change and the base is nearer the total (a
    change is small beside the amounts it lies between)."""
    for claim in comparisons:
        if claim.actual is None or claim.base is None or claim.change is None:
            continue
        listed = next((b for b in breakdowns if b.parts[-1] is claim.actual), None)
        to_part = _difference(claim.actual, claim.base)
        if listed is not None and to_part != claim.change.in_wan().value \
                and _difference(listed.whole, claim.base) < to_part:
            claim.actual = listed.whole
    return comparisons


def _difference(a: Statement, b: Statement) -> Decimal:
    return abs(a.quantity.in_wan().value - b.quantity.in_wan().value)


def _base_kind(comparison: str, year: int | None) -> str:
    """What a comparison is against: "budget", "prior" (last year, or a year written before), or "other"
    (a figure reported elsewhere: 比报告数…)."""
    if _names_budget(comparison, year):
        return "budget"
    return "prior" if _PRIOR.search(comparison) or _YEAR_WRITTEN.search(comparison) else "other"


def _actual_alone(statement: Statement, rate_name: str) -> Statement | None:
    """"收入完成18.42亿元，完成年初预算的96.15%", "实际执行11204.72万元，项目执行率88.72%": the one figure before a rate
    whose base is not stated is its actual when named as done (vocabulary completion.actual), or when named as
    neither done nor budgeted before a rate of completing a budget ("…一般公共预算收入3284.6亿元，完成预算的100.4%")."""
    written = _FUND_BUDGET.sub("", statement.raw_subject.rstrip(" 了为：:"))   # 一般公共预算 is a fund, no budget
    done = max(_last_end(_ACTUAL, written), len(written) if _DONE_WORD.search(written) else -1)
    budgeted = _last_end(_BASE_GENERIC, written)
    if _COMPLETES_BUDGET.match(rate_name) and not _PLAN_NAMED.search(written):
        budgeted = -1   # "收入总量A万元，完成调整后预算的N%": a total (总量, 总额), not a budget, before a rate of the budget
    if statement.prior or done < budgeted:
        return None
    # not a count named neither way ("全县21个乡镇全部完成年度目标任务25%": each did, no actual of the plan)
    return statement if done > budgeted or _COMPLETES_BUDGET.match(rate_name) and isinstance(statement, AmountClaim) \
        else None


def _names_granted(words: str) -> bool:
    """The words before a figure name it as granted or budgeted (预算, 下达 …), the nearest such word being
    no actual's (执行, 实际 …)."""
    return _last_end(_BASE_GENERIC, words) > _last_end(_ACTUAL, words)


def _base_words(rate_name: str) -> re.Pattern:
    return next((words for rx, words in _BASE_BY_NAME if rx.search(rate_name)), _BASE_GENERIC)


def _named_as_base(rate_name: str, statement: Statement) -> bool:
    return _last_end(_base_words(rate_name), _FUND_BUDGET.sub("", statement.raw_subject)) >= 0


def _base_and_actual(name: str, window: list[Statement],
                     kind: str = "") -> tuple[Statement | None, Statement | None, list[Statement]]:
    """Exactly one base figure and one actual figure of the same kind, else (None, None); and the other
    bases when the rate names its kind of budget ("完成年初预算的…" beside 全年预算). A figure's role is
    the one its nearest naming word gives ("…决算具体情况…年初预算为" is a budget)."""
    base_words = _base_words(name)
    actual_words = next((words for rx, words in _ACTUAL_BY_NAME if rx.search(name)), _ACTUAL)
    # "2022年全区一般公共预算收入为…" names a fund, not a budget; "一般性转移支付" a kind of money, not a payment
    named = [(s, _NOT_ACTS.sub("", _FUND_BUDGET.sub("", s.raw_subject))) for s in window]
    roles = [(s, _last_end(base_words, words), _last_end(actual_words, words)) for s, words in named]
    bases = [s for s, base_end, actual_end in roles if base_end > actual_end]
    # a tie is an actual word holding a base word ("已下达" ⊃ "下达": what has been granted so far)
    actuals = [s for s, base_end, actual_end in roles if actual_end >= max(base_end, 0)]
    others: list[Statement] = []
    if kind and len(bases) > 1:
        named = [s for s in bases if kind in s.raw_subject]
        bases, others = named, [s for s in bases if s not in named]
    if len(window) == 2 and len(bases) + len(actuals) == 1:
        # "项目资金共1864万元，…已完成拨付1791.30万元，执行率96%": one figure named, the other is the other one
        unnamed = [s for s in window if s not in bases and s not in actuals]
        if any(_UNSPENT.search(s.raw_subject) for s in unnamed):
            return None, None, []   # "支付A万元，未支B万元，支付率N%": what is left is no base
        if not actuals and any(_other_act(name, s.raw_subject) for s in unnamed):
            return None, None, []   # "…总量A亿元，支出金额B亿元，分配进度100%": B is not what was allotted
        first, second = sorted(window, key=lambda s: s.quantity.start)
        if _SHARES_INTRO.search(first.place.paragraph.text, first.quantity.end, second.quantity.start):
            return None, None, []   # "支出合计W，其中：A支出完成a，为变动预算数的N%": a whole and its part, no base
        bases, actuals = (bases, unnamed) if bases else (unnamed, actuals)
    if len(bases) > 1 and len(bases) + len(actuals) == len(window) and all(isinstance(b, AmountClaim) for b in bases) \
            and len({b.quantity.in_wan().value for b in bases}) == 1:
        bases = bases[-1:]   # "安排资金A万元，应到位A万元，实际到位B万元，到位率N%": one budget said twice
    if len(bases) != 1 or len(actuals) != 1:
        return None, None, []
    base, actual = bases[0], actuals[0]
    same_unit = isinstance(base, AmountClaim) or base.quantity.unit == actual.quantity.unit
    same_kind = type(base) is type(actual) and same_unit
    return (base, actual, others) if same_kind else (None, None, [])


def _other_act(rate_name: str, subject: str) -> bool:
    """A figure named with another act than the one its rate measures (支出 beside 分配进度)."""
    measured = next((acts for acts in _RATE_ACTS if any(a in rate_name for a in acts)), None)
    named = [acts for acts in _RATE_ACTS if any(a in subject for a in acts)]
    return measured is not None and bool(named) and measured not in named


def _of_the_budget_it_fits(rate: _Token, window: list[Statement]) -> tuple[Statement | None, Statement | None,
                                                                             list[Statement]]:
    """"年初预算A万元，全年预算B万元，实际支出C万元，预算执行率N%": a rate naming no budget, beside budgets of
    several kinds, is of the one it fits, else of the full-year one (vocabulary completion.unnamed_budget)."""
    if not _BUDGET_RATE.search(rate.detail):
        return None, None, []   # "资金到位率" is of the funds arrived, not of a budget
    paired = [found for kind in _UNNAMED_BUDGET if (found := _base_and_actual(rate.detail, window, kind))[0] and found[2]]
    fitting = [(base, actual, others) for base, actual, others in paired if _fits(rate.quantity, actual.quantity, base.quantity)]
    only_budgets = [found for found in paired
                    if all(any(k in s.raw_subject for k in _UNNAMED_BUDGET) for s in [found[0], *found[2]])]
    return (fitting or only_budgets or [(None, None, [])])[0]


def _fits(rate: Quantity, actual: Quantity, base: Quantity) -> bool:
    base_wan = base.in_wan().interval()
    if base_wan.lo <= 0:
        return False
    ratio = actual.in_wan().interval() / base_wan
    return rate.interval().lo <= ratio.hi * 100 and ratio.lo * 100 <= rate.interval().hi


def extract_claims(document: Document, scored: set[int] = frozenset()) -> Claims:
    """What the narrative states; `scored` holds the lines of the tables whose funds rows the score tables'
    reader reads (the others' rows are read like funds rows flattened into text)."""
    claims = Claims()
    seen = _Lookup()
    numbered: list[_NumberedSentence | None] = []
    totals: dict[str, Statement] = {}   # the last income and spending totals stated, for 收支相抵
    open_list: BreakdownClaim | None = None   # a 其中 list that ended its paragraph, parts short of the whole
    spanning: dict[int, BreakdownClaim] = {}   # 其中 lists continued in the paragraphs below theirs
    changes_without_rate: list[tuple[_Token, str, Statement | None]] = []
    named_figures: list[tuple[str, str, Statement]] = []   # this year's amounts and changes, in order: (item, kind, figure)
    above: list[Statement] = []
    last_amounts: list[Statement] = []
    heading_number: tuple[int, int | None, str] | None = None   # of a numbered heading with no figure, right above
    for block in document.blocks:
        if not isinstance(block, (Heading, Paragraph)):
            numbered.append(None)
            heading_number = None
            open_list = None
            totals.clear()
            above, last_amounts = [], []
            continue
        reader = _Reader(block if isinstance(block, Paragraph) else block.as_paragraph(), document.year)
        if isinstance(block, Paragraph):
            sentences = reader.numbered_sentences()
            if heading_number and sentences and not sentences[0].rank and sentences[0].amounts \
                    and _heading_names(heading_number[2], sentences[0].amounts[0]):
                numbered.pop()   # "（一）基本支出\n2023年…基本支出1179.67万元…": the heading numbers its paragraph
                sentences[0] = replace(sentences[0], rank=heading_number[0], value=heading_number[1])
            numbered += sentences
            heading_number = None
        else:
            rank, written, value = numbering_of(block.text)
            # "一、中央财政衔接资金(5273万元)" over "(一)…2993.7万元；(二)…": a numbered heading with one amount heads the items below
            amounts = [t.statement for t in reader.tokens if t.role == "statement"
                       and isinstance(t.statement, AmountClaim) and not t.statement.prior]
            numbered.append(_NumberedSentence(rank, value, amounts) if rank and len(amounts) == 1 else None)
            heading_number = (rank, value, block.text.strip()[len(written):]) if rank and not reader.tokens else None
        if open_list is not None and isinstance(block, Paragraph):
            reader.side_total = open_list.whole
            announced = not open_list.parts   # "…W万元，其中：" ended the paragraph above
            # "其中：\n按支出项目类别：A…；B…。\n按支出功能分类科目：C…": a view after parts opens another list of the whole
            if open_list.parts and reader.tokens and reader.opens_as_view() or not reader.continues_list(open_list):
                open_list = None
            else:
                spanning[id(open_list)] = open_list
                if announced:
                    claims.breakdowns.append(open_list)
        reader.above, reader.last_amounts = above, last_amounts
        if not (reader.tokens and reader.opens_as_view()):   # a view lists the whole above, as the next view will
            above = [s for s in reader.statements() if not s.prior and not isinstance(s, PercentClaim)] \
                if isinstance(block, Paragraph) else []
        last_amounts = above or last_amounts
        balance_sums, balance_equals = reader.balances(totals)
        claims.comparisons.extend(balance_equals)
        if not reader.tokens:
            claims.comparisons.extend(reader.comparisons([], [], []))   # "决算数小于预算数的主要原因是…"
            open_list = reader.makeup_announced(seen) or open_list   # "（一）收入总计主要构成。" over its parts
            continue
        seen.new_paragraph()
        stated_shares, stated_rates = reader.stated_wholes()
        growths = _current_of_growth_before(_current_from_earlier(reader.growths(), seen, document.year, reader.above))
        rates = _of_the_budget_stated_before(reader.rates() + stated_rates)
        claims.shares.extend(stated_shares)
        claims.statements.extend(reader.statements())
        claims.growths.extend(growths)
        claims.average_growths.extend(reader.average_growths())
        claims.rates.extend(rates)
        breakdowns, named = reader.paragraph_lists(seen, growths, rates, balance_sums)
        spanning.update((id(b), b) for b in breakdowns if b.whole.place.paragraph is not reader.paragraph)
        open_list = reader.open_list(breakdowns) or reader.list_announced() or open_list
        bare_changes = reader.bare_changes(growths, seen)
        changes_without_rate += bare_changes
        named_figures += reader.named_figures(growths, bare_changes)
        comparisons = _of_the_list_total(reader.comparisons(growths, rates, bare_changes), breakdowns)
        claims.breakdowns.extend(breakdowns + _parallel_breakdowns(breakdowns, growths, rates, bare_changes, comparisons,
                                                                     document.year))
        claims.comparisons.extend(comparisons)
        # A share's whole may be stated earlier in the same sentence: register amounts as we go.
        shares: list[ShareClaim] = []
        for index, token in enumerate(reader.tokens):
            if token.role == "statement":
                seen.add(token.statement)
            elif token.role == "share" and token.group == index:
                shares += reader.shares(token, seen)
            elif token.role == "saving":
                shares += reader.savings(token)
        _of_the_share_before(stated_shares + _of_named_whole(shares, named))
        claims.shares.extend(_of_their_sum(shares, [t.quantity for t in reader.tokens]))
        claims.breakdowns.extend(_sums_of_full_shares(stated_shares + shares, claims.breakdowns))
    claims.rates.extend(fund_row_rates(document.blocks, scored))   # 绩效自评表 funds rows flattened into text
    # lists over several paragraphs: their parts' changes add up like their amounts, as within one
    numbered_lists = _numbered_breakdowns(numbered) + _numbered_totals_after(numbered)
    _of_the_generic_whole(claims.shares, numbered_lists)
    claims.breakdowns.extend(numbered_lists + _parallel_breakdowns(
        numbered_lists + list(spanning.values()), claims.growths, claims.rates, changes_without_rate, claims.comparisons,
        document.year))
    # and the parts stated again further on, each with its change ("（一）因公出国（境）费2.00万元，与上年持平")
    claims.breakdowns.extend(_parallel_breakdowns(claims.breakdowns, claims.growths, claims.rates, changes_without_rate,
                                                  claims.comparisons, document.year, restated=True))
    claims.breakdowns.extend(_parts_stated_after(named_figures, claims.breakdowns))
    _of_a_whole_stated_after(claims.shares, claims.statements, document.year)
    _of_the_item_budget_before(claims.rates, claims.statements)
    _of_the_total_they_make(claims.shares, claims.statements)
    claims.breakdowns = [_without_class_items(b)
                         for b in _once_each(_of_the_whole_their_shares_name(claims.breakdowns, claims.shares))]
    return claims


def _of_the_budget_stated_before(rates: list[RateClaim]) -> list[RateClaim]:
    """"2月份，全县实现财政收入A万元，完成预算B万元的N%…。1-2月，全县实现财政收入C万元，完成预算的M%": a rate of a
    budget it does not state is of the budget an earlier rate of the same amount's name stated in the paragraph."""
    latest_first = sorted(rates, key=lambda r: r.place.start, reverse=True)
    for rate in rates:
        if rate.base is not None or rate.actual is None or not _PLAIN_BUDGET_RATE.fullmatch(rate.name):
            continue
        rate.base = next((other.base for other in latest_first
                          if other.place.end <= rate.place.start and other.base is not None and other.actual is not None
                          and "预算" in other.name + other.base.raw_subject
                          and comparable(other.actual.subject) == comparable(rate.actual.subject)), None)
    return rates


def _names_one_side(side: str, title: str) -> bool:
    """A heading that names the side and not the other one (not "收入支出决算总体情况")."""
    return side in title and side.translate(_SWAP_SIDES) not in title


def _parts_stated_after(figures: list[tuple[str, str, Statement]],
                        breakdowns: list[BreakdownClaim]) -> list[BreakdownClaim]:
    """"本年支出合计W万元，比上年增加Y万元。\n基本支出A万元，比上年增加a万元。\n项目支出B万元，比上年增加b万元": the amounts
    of a well-known whole's parts (vocabulary lists.parts_of, at any depth), each of another part, stated next after the
    whole's in the paragraphs below, make it up; so do their changes, against the same, its change."""
    listed = {(id(b.whole.place.paragraph), b.whole.place.end): b for b in breakdowns}
    found = []
    passed: set[int] = set()   # the paragraphs of parts that took a whole past it: their changes are no list of its either
    for index, (item, kind, whole) in enumerate(figures):
        parts_named = descendants(known_whole(item))
        if not parts_named:
            continue
        earlier = listed.get((id(whole.place.paragraph), whole.place.end))
        alike = (f for f in figures[index + 1:] if (f[1] == "amount") == (kind == "amount"))
        parts, nested = _run_of_parts(alike, whole, kind, parts_named, earlier is not None)
        # as for a list continued over paragraphs, parts that take it past its whole are no parts of it
        past = kind == "amount" and interval_sum(p.quantity.in_wan() for p in parts).lo > whole.quantity.in_wan().interval().hi
        if past:
            passed |= {id(p.place.paragraph) for p in parts}
        if earlier is not None:
            _go_on_with(earlier, parts)
        elif len(parts) >= 2 and (nested or any(p.place.paragraph is not whole.place.paragraph for p in parts)) and not past \
                and not any(id(p.place.paragraph) in passed for p in parts) \
                and (kind == "amount" or names_complete_set(parts) or _within_its_change(whole, parts)):
            found.append(BreakdownClaim(whole, parts, names_complete_set(parts), Place(whole.place.paragraph,
                                        whole.place.start, whole.place.end), of_changes=kind != "amount"))
    return found


def _run_of_parts(figures: Iterable[tuple[str, str, Statement]], whole: Statement, kind: str, parts_named: set[str],
                  listed: bool) -> tuple[list[Statement], bool]:
    """The figures right after a well-known whole's that are its parts, each of another one, and whether parts of the last
    one listed were passed over (where a paragraph's own reading of the list stops)."""
    run: dict[str, Statement] = {}
    nested = False
    for part_item, part_kind, part in figures:
        key = known_part(part_item, parts_named)
        if key is None and listed and not run and part.place.paragraph is whole.place.paragraph:
            continue   # "W万元，预算数为B万元，比预算减少Y万元。\n其中，A…": the list's whole's own budget first
        if key is None and listed and run and part.place.paragraph is list(run.values())[-1].place.paragraph:
            continue   # "其中：A a万元。全年购置车辆0辆，金额0万元。B b万元": what the part before is spent on
        if key is not None and part_kind == kind and part.quantity.unit == whole.quantity.unit and run \
                and key in descendants(list(run)[-1]):
            nested = True
            continue   # "…；B…。其中：B1…。B2…；C…": B's own parts, then the list goes on
        if key is None or part_kind != kind or part.quantity.unit != whole.quantity.unit \
                or any(key in (named, *descendants(named)) or named in descendants(key) for named in run):
            break   # not a part, or one already listed or nested in one listed before the last
        run[key] = part
    return list(run.values()), nested


def _go_on_with(listed: BreakdownClaim, parts: list[Statement]) -> None:
    """"W。\n其中，A…，共组织…团组N个。\nB…。\nC…": the list its paragraph began goes on below, within W (as
    ListReading._parts_continued's sentences do)."""
    if len(parts) > len(listed.parts) and all(a is b for a, b in zip(listed.parts, parts)) \
            and sum(p.quantity.in_wan().value for p in parts) <= listed.whole.quantity.in_wan().interval().hi:
        listed.parts, listed.names_complete_set = parts, names_complete_set(parts)


def _within_its_change(whole: Statement, parts: list[Statement]) -> bool:
    """Changes of some of a whole's parts only, going its way and not past it: the rest may have gone the other way
    (as a list continued over paragraphs, parts that would take it past its whole are no part of it)."""
    sign = 1 if whole.quantity.value > 0 else -1
    if any(p.quantity.value * sign < 0 for p in parts):
        return False
    summed, total = interval_sum(p.quantity.in_wan() for p in parts), whole.quantity.in_wan().interval()
    return summed.lo <= total.hi if sign > 0 else summed.hi >= total.lo


def _of_the_item_budget_before(rates: list[RateClaim], statements: list[Statement]) -> None:
    """"二是公务接待费预算312万元…。（二）决算执行情况…二是公务接待费305万元，完成预算的97.76%": a completion rate whose
    budget its sentence does not state is of the last budget stated before under the actual's item, in any paragraph
    above, when that budget names no other kind (年初, 调整) than the rate does."""
    order = {id(s): i for i, s in enumerate(statements)}
    for rate in rates:
        if rate.base is not None or rate.actual is None or id(rate.actual) not in order or "预算" not in rate.name:
            continue
        item = _ACTUAL.sub("", rate.actual.subject)
        kind = _BUDGET_KIND_NAMED.search(rate.name)
        budgets = [s for s in statements[:order[id(rate.actual)]]
                   if "预算" in s.raw_subject and not s.prior and type(s) is type(rate.actual)
                   and s.quantity.unit == rate.actual.quantity.unit
                   and _names_the_same_item(_BUDGET_WORDS.sub("", s.subject), item)]
        if budgets and (kind is None and not _BUDGET_KIND_NAMED.search(budgets[-1].raw_subject)
                        or kind is not None and kind[0] in budgets[-1].raw_subject):
            rate.base = budgets[-1]


def _names_the_same_item(one: str, other: str) -> bool:
    """Two names of one item, the one ending with the other ("公务接待费" and "二是公务接待费")."""
    return len(one) >= 2 and len(other) >= 2 and (ends_with_name(one, other) or ends_with_name(other, one))


def _of_the_whole_their_shares_name(breakdowns: list[BreakdownClaim], shares: list[ShareClaim]) -> list[BreakdownClaim]:
    """"市本级…规模为W1。从结构上看，全市A、B、C…规模分别为a、b、c，占全市…规模比例为…": a list whose parts add up to
    more than the amount it came after, and are all said to be shares of one stated whole, is of that whole."""
    named = {id(s.part): s.whole for s in shares if s.whole is not None and s.whole is not s.part}
    names = {id(s.part): s.whole_text for s in shares if s.whole_text}
    found = []
    for breakdown in breakdowns:
        wholes = {id(named.get(id(p))) for p in breakdown.parts}
        whole = named.get(id(breakdown.parts[0])) if breakdown.parts else None
        if whole is not None and len(wholes) == 1 and whole is not breakdown.whole \
                and all(id(p) in named for p in breakdown.parts) and _parts_exceed(breakdown):
            breakdown = replace(breakdown, whole=whole)
        elif _a_part_exceeds(breakdown) and all(id(p) in names for p in breakdown.parts) \
                and len(said := {names[id(p)] for p in breakdown.parts}) == 1 \
                and not ends_with_name(breakdown.whole.subject, said.pop()):
            continue   # "项目支出A元。其中：…B元，占支出总预算N%…": shares of a whole out of view, not parts of A
        found.append(breakdown)
    return found


def _without_class_items(breakdown: BreakdownClaim) -> BreakdownClaim:
    """A list of functional classes (vocabulary lists.function_classes) without the items listed right after their
    class, where the classes alone make the whole and all together do not: "公共安全支出A万元；其他监狱支出a万元；
    社会保障和就业支出B万元" lists A and B (a is in A); reports that list a class's items beside it as parts of
    their own ("一般公共服务支出A万元，…，政协会议支出c万元") keep them."""
    classes = [_FUNCTION_CLASS.fullmatch(_class_named(p.subject)) is not None for p in breakdown.parts]
    if sum(classes) < 2 or all(classes):
        return breakdown
    parts = [p for i, p in enumerate(breakdown.parts) if classes[i] or not any(classes[:i])]
    in_wan = [p.quantity.in_wan().value for p in (breakdown.whole, *breakdown.parts)]
    return replace(breakdown, parts=parts) if sum(in_wan[1:]) != in_wan[0] \
        and sum(p.quantity.in_wan().value for p in parts) == in_wan[0] else breakdown


def _class_named(subject: str) -> str:
    """The class a part names, past its budget word and a side word written twice ("…传媒支出支出预算")."""
    return _DOUBLED_SIDE.sub(r"\1", _BUDGET_SUFFIX.sub("", subject))


def _share_of_alike(statement: Statement, whole_text: str) -> bool:
    """The statement's sentence goes on with a share of a whole named alike: a sibling item
    ("（一）A支出a元，占支出总预算N%。\n（二）B支出b元，占支出总预算M%"), not their whole."""
    text = statement.place.paragraph.text
    end = _SENTENCE_END.search(text, statement.place.end)
    return whole_text in text[statement.place.end:end.start() if end else len(text)]


def _can_hold(whole: Statement, part: Statement) -> bool:
    """Whether an amount may be the whole of a part: not smaller than it."""
    return part.quantity.in_wan().interval().lo <= whole.quantity.in_wan().interval().hi


def _a_part_exceeds(breakdown: BreakdownClaim) -> bool:
    return not all(_can_hold(breakdown.whole, p) for p in breakdown.parts)


def _parts_exceed(breakdown: BreakdownClaim) -> bool:
    total = interval_sum(p.quantity.in_wan() for p in breakdown.parts)
    return total.lo > breakdown.whole.quantity.in_wan().interval().hi


def _once_each(breakdowns: list[BreakdownClaim]) -> list[BreakdownClaim]:
    """A list read twice ("A万元（其中：B…，C…）" is both a bracket and a 其中 list) is one list."""
    seen: set[tuple[int, frozenset[int]]] = set()
    found = []
    for breakdown in breakdowns:
        key = (id(breakdown.whole), frozenset(id(p) for p in breakdown.parts))
        if key not in seen:
            seen.add(key)
            found.append(breakdown)
    return found


_TOTAL_REACH = 12   # statements back from a list: its section, not the report


def _heading_names(heading: str, amount: Statement) -> bool:
    """A heading numbers the amount opening the paragraph under it ("（一）基本支出" over "…基本支出1179.67万元"), unless
    it names a topic that amount is not ("一、全省财政收入情况" over "广东省地方一般公共预算收入…"): a section, not an item."""
    if not _TOPIC_SUFFIX.search(heading):
        return True
    name = normalise_subject(_TOPIC_SUFFIX.sub("", heading)).text
    return bool(name) and (name in amount.subject or comparable(name) in comparable(amount.subject))


def _of_the_generic_whole(shares: list[ShareClaim], numbered_lists: list[BreakdownClaim]) -> None:
    """"…支出完成5918.60万元，主要预算项目执行情况如下：\n1、…支出603.47万元，占总支出的10.20%。\n2、…": a share of a
    whole named only generically (占总支出) is of the whole of the numbered list its part opens, else of the whole
    that name last stood for (a second list "…经济分类支出如下：\n1、…，占总支出的6.62%" with no total of its own)."""
    wholes = {id(part): b.whole for b in numbered_lists if not _a_part_exceeds(b) for part in b.parts}
    named: dict[str, Statement] = {}   # the last whole each generic name stood for
    for share in shares:
        if share.whole is None and share.whole_text in _GENERIC_WHOLES:
            whole = wholes.get(id(share.part)) or named.get(share.whole_text)
            share.whole = whole if whole is not None and _can_hold(whole, share.part) else None
        if share.whole is not None and share.whole_text in _GENERIC_WHOLES:
            named[share.whole_text] = share.whole


def _of_the_total_they_make(shares: list[ShareClaim], statements: list[Statement]) -> None:
    """"收支总预算713.46万元…。(二)…一般公共服务支出582.14万元，占81.59%；…住房保障支出46.8万元，占6.56%": shares of
    their list's sum are of the amount stated above that the sum makes, the nearest within a few figures."""
    position = {id(s): i for i, s in enumerate(statements)}
    for share in shares:
        if share.whole is not None or not share.summed_parts or id(share.summed_parts[0]) not in position:
            continue
        total = interval_sum(p.quantity.in_wan() for p in share.summed_parts)
        first = position[id(share.summed_parts[0])]
        share.whole = next((s for s in reversed(statements[max(first - _TOTAL_REACH, 0):first])
                            if type(s) is type(share.part) and s.quantity.unit == share.part.quantity.unit
                            and not s.prior and s.quantity.in_wan().interval().overlaps(total)), None)


def _of_a_whole_stated_after(shares: list[ShareClaim], statements: list[Statement], year: int | None) -> None:
    """"工资福利支出预算A元，占基本支出预算N%…。六、…基本支出情况说明 2022年一般公共预算基本支出W元": a share
    whose named whole is not stated before it takes the first amount after it that the name finds, when
    that amount is of this year and holds the part. Not one further on in the share's paragraph with no heading
    between: there a whole comes before its parts, and one after them is another item's ("A工程总投资W1，…占项目
    总投资的N%。B工程项目总投资W2，…")."""
    position = {id(s): i for i, s in enumerate(statements)}
    for share in shares:
        if share.whole is not None or not share.whole_text or id(share.part) not in position:
            continue
        for later in statements[position[id(share.part)] + 1:]:
            paragraph = share.part.place.paragraph
            if later.place.paragraph is paragraph and not any(
                    rank <= 3 for rank, _, _ in inline_numberings(paragraph.text[share.place.end:later.place.start])):
                continue
            lookup = _Lookup()
            lookup.add(later)
            if lookup.find(share.whole_text) is later:
                # not a part of a list further on ("镇街收入…，其中：税收收入完成B"): a narrower body's
                if isinstance(later, AmountClaim) and later.year in (None, share.part.year or year) and later.whole is None \
                        and later.quantity.in_wan().value >= share.part.quantity.in_wan().value:
                    share.whole = later
                break

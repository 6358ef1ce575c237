"""其中 lists and sums: the BreakdownClaims of the narrative, a whole and the parts it is the sum of.

``ListReading`` is the list-reading half of the paragraph reader (``_Reader`` in reviewer/facts/claims.py):
lists after "其中" (nested, bracketed, changes, continued in the paragraphs below), totals named after their
parts, 收支相抵 balances, sentences of a well-known whole's parts, the unspent budget, lists under a
named whole ("…中，"). The module functions read numbered lists over sentences and paragraphs, the sums of
the figures the parts state beside them (changes, last year's amounts, budgets), and the shares of a
list's whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import takewhile
from os.path import commonprefix
from decimal import Decimal

from reviewer.facts.claim_types import (
    NEAR_COMPLETE, AmountClaim, BreakdownClaim, ComparisonClaim, CountClaim, GrowthClaim, Place, RateClaim, ShareClaim,
    Statement,
)
from reviewer.facts.subjects import MARKUP, PARTITIONS, canonical_key, comparable, normalise_subject
from reviewer.facts.tokens import (
    _ACTUAL, _BASE_AT_END, _BUDGET_SUFFIX, _FUND_BUDGET, _SAVING_RATES, _SIDES, _SIDE_AT_END, _Lookup, _Token, _beside_a_figure, _last_end, _names_a_base,
    _names_budget, budget_after_its_result, scope_of,
)
from reviewer.numbering import numbering_of
from reviewer.numbers import Interval, Quantity, bare_zeros_exact, interval_sum
from reviewer.vocabulary import alternation, vocabulary, words

# "（一）按支出功能分类，包括A…。（二）按支出用途分类，包括B…": each a view of the same whole, not a part of it
CLASSIFIED = re.compile(r"按[\u4e00-\u9fff]{1,6}?(?:分类?|类别)(?:科目)?[：:，,]")   # "按支出功能分类科目：", "按支出项目类别："
# "从收入结构看，全盟一般公共预算收入中，…": the whole a view's list is of, named after the view
_WHOLE_NAMED_AFTER = re.compile(r"\s*(?P<name>[^，,。；;：:\n]{2,30}?)中[，,：:]")
# A list of parts introduced after a whole: "…1060.67万元，其中：A …、B …".
_PARTS_INTRO = re.compile(r"其中[：:，,]?")
# "（一）收入总计主要构成。" alone on its line: what the paragraphs below list the parts of
_MAKEUP_OF = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,12}?)(?:主要)?构成(?:情况)?[。：:]?")
_ANNOUNCED_LIST = re.compile(r"其中[：:，,]?|(?:收入|支出)包括[：:]|具体(?:情况|内容|安排)?如下[：:]")
# "1、A3万元；2、B10万元；3、C10万元。": numbered items inside one sentence, not sentences of a numbered list
_ITEM_NUMBER = re.compile(r"^\s*[（(]?[\d一二三四五六七八九十]{1,3}[）)、.．]")
_INLINE_ITEMS = re.compile(r"[；;]\s*[（(]?\d{1,2}[）)、.．]")
# "其中：", "…72.48亿元中，", "主要用于以下方面：" (a PDF line may break inside a word), "分征收系统来看，", "从征收部门来看：",
# "分级次看，", "按级次分：", "分项情况是：", "主要支出情况是：", "…W万元，具体情况如下：1、A…；2、B…", "收支总预算W元。收入包括：A元。支出包括：B元、C元。"
_SEEN_FROM = r"(?:分|从)[\u4e00-\u9fff“”]{1,10}来?看(?:[（(][^（()）]{1,8}[)）])?[：:，,]"   # "从组织形式看，", "从收入构成看(图1):": a view of a whole
_VIEW = re.compile(rf"{_SEEN_FROM}|{CLASSIFIED.pattern}")
# A list inside a 其中 list: "其中：人员经费A万元，主要包括：基本工资a1万元、…；公用经费B万元，…", "…B万元，包括b1…、b2…",
# "…B亿元,主要为b1…;b2…;b3…", "…B亿元，…，分项目看：b1…，b2…；C亿元", "…B万元(…)，主要是b1…万元" (not a reason: 主要是…改革)
_INNER_INTRO = re.compile(r"其中[：:，,]?|(?:主要)?包括[：:]|(?<=[，,])\s*(?:包括|具体(?:是|为)|主要为|主要是(?=[^，,。；;]{0,60}\d))(?=[\u4e00-\u9fff])"
                          rf"|主要(?:支出)?事项[：:]|{_SEEN_FROM}")   # "…B万元，具体是b1…，b2…", "…A亿元，…，主要支出事项：a1…、a2…等"
# A sentence that opens with a change against another year goes on with the figure the sentence before ended on
_PART_GOES_ON = re.compile(r"\s*(?:比|较|同比|与(?:上年|去年|(?:19|20)\d{2}\s*年))")
_UNIT_ONLY = re.compile(r"\s*(?:亿元|万元|元)?\s*")
# "资金520万元，项目资金已经分配下达到项目建设单位：A…、B…": where the money went, item by item
_ALLOCATED_TO = r"(?<=[，,])[^，,。；;：:]{0,12}(?:分配|下达|拨付|安排)[^，,。；;：:]{0,12}[：:]"
_LIST_INTRO = re.compile(rf"其中(?:包括|包含)?[：:，,]?|(?<=元)中[，,：:]|(?:(?<=[。；;\n])|^)\s*[“”\"\u4e00-\u9fff]{{0,10}}(?:经费|支出|收入)中[，,：:]|主要用于以下\s*方\s*面[：:]?|{_SEEN_FROM}|{_ALLOCATED_TO}"
                         rf"|{CLASSIFIED.pattern}"
                         r"|(?:分项|主要(?:支出|收入)?)情况(?:是|为|如下)[：:]?|(?:具体(?:情况|内容|安排)?|分项目?)如下[：:]|"
                         r"(?<=[，,])\s*(?:具体)?分为[^，,。；;：:\d]{0,4}[：:]|(?<=元)\s*包括(?=[\u4e00-\u9fff])|(?:具体|主要)?构成(?:为|是|如下)?[：:]|(?<=主要构成)。|具体构成(?:为|是)|资金来源(?:为|是|[：:])|(?<=[，,])\s*具体(?:是|为)[：:]?|(?<=[。\n])\s*具体为[：:]|(?<=[，,])\s*(?:包括[：:]?|主要为)(?=[\u4e00-\u9fff])|主要包括[：:]|(?:(?<=[。；;\n])|^)\s*(?:(?:主要)?包括(?=[\u4e00-\u9fff])|包括[：:])"
                         r"|(?<=元)[：:](?=\s*[（(]?[1一①][）)、.．])"   # "W万元：1、A…；2、B…"
                         r"|(?<=元)[：:](?=\s*[\u4e00-\u9fff“][^：:。]*?\d[^。]*?元[；;])"   # "W万元：A a万元；B b万元；…"
                         r"|(?<=[，,])\s*(?:由(?=[^。；;]*?(?:构成|组成))|分别(?:是|为)[：:]?)(?=[\u4e00-\u9fff①-⑳])"   # "W万元，由A…和B…构成", "W万元，分别是A…、B…"
                         r"|(?<=。)\s*由(?=[^。；;]*?(?:构成|组成)。)"   # "…财力W万元。由A…，加B…等C万元构成。"
                         r"|(?:(?<=[。；;\n，,])|^)\s*(?P<side>收入|支出)?包括[：:]")   # "…增长的主要原因是…。包括：A…，B…"
_OPENING_BRACKET = re.compile(r"\s*[（(]")
_OPENS_ITS_LIST = re.compile(r"\s*[，,]?\s*其中")
_ADJUSTED = r"调整|调增|调减|变更"
# "由A万元调整为B万元，调增C万元"; "由年初A万元调整B万元，调增C万元" (为 left out)
_ADJUSTED_TO = re.compile(rf"\s*(?:(?:{_ADJUSTED})(?:为|到|至)|调整)\s*")
_THEN_ADJUSTED_TO = re.compile(rf"\s*[，,]?{_ADJUSTED_TO.pattern}")   # "由年初预算A万元，调整为B万元"
_RAISED_TO = re.compile(rf"(?:{_ADJUSTED}|追加|追减|增加|减少)(?:为|到|至)\s*$")   # "年初预算数A，…追加到W": how W came about
_CLAUSE_THEN = re.compile(r"\s*[，,]?\s*")
_BRACKET_AFTER = re.compile(r"[\s，,]*[（(]\s*")
_SEMICOLON = re.compile(r"[；;]")
_CLAUSE_COMMA = re.compile(r"[，,、]")
# "收入总量减去支出总量后，结转资金…": a difference named in words, before its remainder
_TAKEN_AWAY = re.compile(r"(?P<from>[\u4e00-\u9fff]{2,12}?)减去(?P<taken>[\u4e00-\u9fff]{2,12}?)后?[，,]")
_ITEM_INTRO = re.compile(rf"(?:{alternation(words('lists', 'item_intros'))})[：:。，,]?\s*$")
_BALANCE = re.compile(alternation(words("lists", "balances")))
_REMAINDER = re.compile(alternation(words("lists", "balance_remainders")))
_BALANCES_OF_THEIR_PARAGRAPH = set(words("lists", "balances_of_their_paragraph"))
_GRAND_TOTAL = re.compile(r"总计|^收[、,，]?支")   # 收入总计, 收支总计, "收、支": with the balance carried in
_PARTS_OF = vocabulary()["lists"]["parts_of"]
_FUNCTION_CLASS = re.compile(rf"(?:{alternation(words('lists', 'function_classes'))})")
_NAMES_FUNCTION_CLASS = re.compile(rf"{_FUNCTION_CLASS.pattern}$")   # "包括一般公共服务支出"
# "2023年度“三公”经费支出决算中，A…；B…", "“三公”经费包括：A…、B…": a sentence that opens with a name
# and 中 or 包括 lists its parts.
_NAMED_LIST = re.compile(r"(?:^|(?<=[。；;\n…]))\s*(?P<name>[^，,。；;：:\n]{2,40}?)"
                         r"(?:中[，,：:]|(?<=支出|收入|经费)中(?![央国心])(?=[\u4e00-\u9fff])|包括[：:])")   # "基本支出中医疗…"
_UNSPENT = re.compile(alternation(words("lists", "unspent")))
_LIMIT = re.compile(alternation(words("lists", "limits")))
_DEDUCTION = re.compile(alternation(words("lists", "deductions")))
_PROGRESS = re.compile(rf"^\s*(?:{alternation(words('lists', 'progress'))})")
_TOTAL_WORDS = re.compile(r"合计|总计|共计|累计|小计|总额")
_NAMED_TOTAL = re.compile(r"(?:合计|总计|总额)$")
_TOTAL_LEAD = re.compile(r"\s*(?:合计|总计|共计|共(?=[向为有]))")   # "其中A…、B…，共向下级转移支付C": a total of another flow, no part
_TOTALS_AFTER = set(words("lists", "totals_after"))
# "…，以上共计一般公共预算收入W万元": a total word that opens a longer name still names the total of what came before
_ALL_ABOVE = re.compile(r"\s*(?:以上|上述)")
_OPENS_WITH_TOTAL = re.compile(alternation([w for w in _TOTALS_AFTER if re.search("合计|共计|总计", w)]))
_GIVES_A_REASON = re.compile(r"原因(?:是|为|主要是)")
_REASONS_INTRO = re.compile(r"主要(?:原因)?(?:(?:是|为)[：:，,]?|[：:])")   # "主要是…", "主要原因：一是…；二是…"
_BUDGET_OR_RESULT = re.compile(r"(?:(?P<base>预算)|(?:决算|执行|实际)(?:支出)?)数\s*(?:为|是)?\s*$")
_LAST_JOINED = re.compile(r"\s*(?:和|及|以及)")   # "A…、B…和C…": C closes the list
_HAVING = re.compile(r"(?:^|[，,；;：:\s])有\s*$")   # "有83个部门公开了…": the count of those that did
_YEAR_END_BALANCE = re.compile(alternation(words("lists", "year_end_balances")))
_LESS = re.compile(r"\s*(?:减去?|扣除)")   # "…，减支出总计B万元": taken from what was stated before
_SUBTRACTING = re.compile(rf"(?<=[，,；;]){_LESS.pattern}")   # "…，减…总支出C，…": taken away after a comma
_MEASURE_WORD = re.compile(r"(?:人数|数|金额)$")   # what "在职人数" counts is 在职 (staff in post)
# "全年运行维护费6.84万元，平均每辆1.71万元", "每村每年补助4400元", "其标准为1.142万元/人": a figure per unit, no amount
_PER_UNIT = re.compile(r"平均|人均|生均|户均|每[\u4e00-\u9fff]")
_PER_UNIT_AFTER = re.compile(r"\s*[/／]\s*[\u4e00-\u9fff]")
_ADDED = re.compile(r"[\s，,；;]*加上?")   # "…；加上级补助收入B万元，…，收入合计T万元": added to what was before
_BESIDES = re.compile(r"此外")   # "其中：A…。此外，年初结转和结余B": no part of the list
# "加上B…", "，加以前年度结余B…": what follows is added to the amount before (not 加强, 加快)
_ADDING = re.compile(r"加上|(?<=[，,；;])加(?![强快大紧速深])")
_AUGEND_REACH = 3   # sentences back where what 加上 adds to may stand: past a 其中 list and a sentence of reasons
# "占总支出N%": a whole named only generically is that of the list its part is in (vocabulary generic_wholes)
_GENERIC_WHOLES = set(words("lists", "generic_wholes"))
# after 加上: "…，全省一般公共预算收入总量为…", "…，全市地方一般公共预算总收入215.1亿元", "…，全年…可用资金为…",
# "…，实际财政可支配收入…", "…，一般公共预算总收入预计为…"
_SIDE_TOTAL = re.compile(r"(?:(?:收入|支出)(?:总计|合计|总量|总额)|(?:总|全口径)(?:收入|支出)|可(?:用|支配)(?:资金|财力|收入))(?:预计)?$")
# "财政拨款收入A万元，包括一般公共预算收入A万元；…": what a part holds; "…部门整体评价2个，涉及部门单位8个": what the
# items involve
_DETAIL = re.compile(r"[\s，,]*(?:包括|涉及)")
# "B万元，主要用于b1 A1万元、b2 A2万元…": what a part is spent on, its first amount in the clause of 用于
_SPENT_ON = re.compile(r"用于[^，,；;。]*?\d[\d,.]*\s*(?:万元|亿元|元|万|亿)")   # an amount, not a year ("用于2021年…项目")
_NESTED_NAMES = [tuple(pair) for pair in vocabulary()["lists"]["nested_names"]]
_NONE_STATED = re.compile(r"\s*(?:(?:19|20)\d{2}\s*年度?)?无(?!锡)")   # "（一）2017年无因公出国（境）费用预算"
_CLAUSE_END = re.compile(r"[，,；;。\n]")
_TOTAL_OF_SIDE = re.compile(r"总(收入|支出)$")
_NEVER_PARTS_OF = [tuple(pair) for pair in vocabulary()["lists"]["never_parts_of"]]
_ADJUSTED_UP, _ADJUSTED_DOWN = (re.compile(alternation(vocabulary()["lists"]["adjusted_ways"][way])) for way in ("up", "down"))
_TO_DATE = re.compile(r"累计(?=完成|实现)")
_SUMMED_TOTAL = re.compile(r"(?:总额|总计|合计|小计)$")
_TOTAL_RANKS = [(3, re.compile(r"总计|总额|总量|共计|累计")), (2, re.compile(r"合计")), (1, re.compile(r"小计"))]
_ROLE_WORD = re.compile(r"目标|实际|计划|预算|执行")   # a figure named as a rate's base or actual
_NET_CHANGE = re.compile(alternation(words("lists", "net_changes")))
_DIFFERENCE = re.compile(alternation(words("lists", "differences")))
_OTHER_BUCKETS = tuple(words("lists", "other_buckets"))
_POSTS = re.compile(r"编制")
_NAMES_COMPARISON = re.compile(r"[比较与]|同比")
_DONE_ACT, _LEFT_ACT = (re.compile(rf"(?:{alternation(vocabulary()['lists']['done_and_left'][k])})(?P<act>[\u4e00-\u9fff]{{1,4}})")
                        for k in ("done", "left"))


def _closing_bracket(text: str, start: int, end: int | None = None) -> int | None:
    """Where the bracket open before ``start`` closes, past brackets opened and closed inside it
    ("（其中：因公出国（境）费A万元，…）")."""
    depth = 0
    for offset in range(start, len(text) if end is None else end):
        if text[offset] in "（(":
            depth += 1
        elif text[offset] in "）)":
            if not depth:
                return offset
            depth -= 1
    return None


class ListReading:
    """The 其中 lists of one paragraph; mixed into ``_Reader``, whose tokens, sentences and text it reads."""

    # 其中 lists ------------------------------------------------------------------------------
    def paragraph_lists(self, seen: _Lookup, growths: list[GrowthClaim], rates: list[RateClaim],
                        balances: list[BreakdownClaim]) -> tuple[list[BreakdownClaim], list[BreakdownClaim]]:
        """Every list the paragraph states, and apart those named by their total ("…中，", "…包括："),
        whose shares are of that total; a change after a complete list is settled as the whole's or the
        last part's."""
        breakdowns = self.breakdowns(seen) + self.totals_after() + self.bracketed_parts() + self.changes_explained() + balances \
            + self.adjustments() + self.done_and_left() + self.savings_made() + self.differences()
        breakdowns += self.side_totals_of_sentences_before()
        named = self.named_lists(seen)
        breakdowns += self.sentences_of_parts(breakdowns) + self.unspent(rates) + named + self.graded_counts()
        breakdowns += self.amounts_beside_counts(breakdowns)
        _changes_after_complete_lists(growths, breakdowns)
        return breakdowns, named

    def breakdowns(self, seen: _Lookup) -> list[BreakdownClaim]:
        found = []
        lists: list[tuple[int, int, Statement]] = []   # (start, end, whole) of every list met, read or not
        sides: dict[int, Statement | None] = {}   # sentence of a "收入包括：" list → its whole
        for intro in _LIST_INTRO.finditer(self.text):
            sentence = self.sentence_of(intro.start())
            whole = self.whole_before(intro.start(), sentence)
            if intro["side"]:
                # "…收支总预算W元。收入包括：…。支出包括：…" (or "…；支出包括：…"): both sides list the total before the first
                if sentence - 1 in sides or sentence in sides:
                    whole = sides.get(sentence, sides.get(sentence - 1))
                elif whole is None or not (_total_rank(whole.subject) or "总" in whole.subject or "收支" in whole.subject):
                    # the items of the other side are no total; "…收支总预算W万元，较上年…。\n收入包括：" lists W
                    whole = self.side_total or next((s for s in reversed(self.above)
                                                     if _total_rank(s.subject) or "总" in s.subject), None)
                sides[sentence] = whole
            from_above = whole is None and not intro["side"] and bool(self.above) \
                and not any(t.quantity.start < intro.start() for t in self.tokens)
            if from_above:
                # "…1853万元。\n地方收入按构成分：A…；B…" lists the paragraph above's last amount, past a budget
                # stated after its result ("决算数为A万元，预算数为B万元，…。\n其中，…")
                whole = next((s for s in reversed(self.above) if not budget_after_its_result(s, self.above)),
                             self.above[-1])
                if _VIEW.match(intro.group()) and whole.whole is not None:
                    whole = whole.whole   # "从级次来看，A…；B…。\n从结构来看，…": a view of the whole, not of its last part
            end = self._list_end(intro.end())
            if (of_change := self._bracketed_change_parts(intro, end)) is not None:
                found.append(of_change)
                continue
            whole = self._counted_whole(intro.start(), sentence, end) or self._amount_past_a_count(whole, intro.end(), end)
            if intro.group() == "。":   # "（二）支出总计主要构成。…": the list of the total it names
                said = self.text[self._sentence_start(self.sentence_of(intro.start() - 1)):intro.start()]
                named = comparable(normalise_subject(said.removesuffix("主要构成")).text)
                whole = next((s for s in reversed(self.above if from_above else []) if comparable(s.subject) == named),
                             None if from_above else whole) or seen.last_named(named, self.year) or whole
                if whole is None or comparable(whole.subject) != named:
                    continue
            if whole is not None and (named := _WHOLE_NAMED_AFTER.match(self.text, intro.end())) \
                    and comparable(normalise_subject(named["name"]).text) != comparable(whole.subject):
                continue   # "…旗级收入B万元。从收入结构看，全盟收入中，A…": the list is of the amount it names
            if whole is None and (changes := self._change_list(intro, sentence, end)):
                found += changes
                continue
            if whole is None or _NET_CHANGE.search(whole.raw_subject):
                continue  # no total before it, or a net change
            if CLASSIFIED.match(intro.group()) and not self.text[whole.quantity.end:intro.start()].strip() \
                    and CLASSIFIED.search(self.text, self._sentence_start(sentence), intro.start()):
                continue  # "按功能分类科目，a1…，a6万元按经济分类科目，b1…": a second view run on after the first's last part
            if (from_above or whole.sentence < sentence) and _other_side_named(self.text[self._sentence_start(sentence):intro.end()], whole):
                continue  # "…非税收入B万元。从财政支出完成情况来看，A…": a view of spending lists no income
            if self._in_brackets(whole.quantity.end, intro.start()) and \
                    (closing := _closing_bracket(self.text, intro.end(), end)) is not None:
                end = closing   # "A万元（其中，B…，C…），占N%；D…": the list ends with its bracket
            if intro.group().strip() == "包括" or intro["side"]:
                end = self._clause_that_completes(intro.end(), end, whole)
            holding = [owner for start, list_end, owner in lists if start < whole.place.start < list_end]
            if holding and (whole.sentence < sentence and _VIEW.match(intro.group()) or CLASSIFIED.match(intro.group())):
                # "W万元。其中：基本支出W万元。按支出功能分类：A…", "W亿元。其中，A…。从组织形式看，B…": a view of the
                # whole, not of its part
                whole, holding = holding[-1], []
                while CLASSIFIED.match(intro.group()) and whole.whole is not None:
                    whole = whole.whole   # a classification lists the top whole, not a part listed in it
            inside_earlier = bool(holding)
            listed = [t for t in self.tokens if intro.end() <= t.quantity.start < end]
            parts = _parts([t for t in listed if not self._in_brackets(intro.end(), t.quantity.start)], whole)
            if "其中" in intro.group() \
                    and (parts is None or interval_sum(p.quantity.in_wan() for p in parts).lo > whole.quantity.in_wan().interval().hi) \
                    and (named := self._named_by_its_first_part(listed, whole)) is not whole:
                whole = named   # "…资产总额A，…，净资产C。其中，行政单位资产总额A1…": not C's
                parts = _parts([t for t in listed if not self._in_brackets(intro.end(), t.quantity.start)], whole)
            if parts and (detailed := _first_part_detailed(parts, whole)):
                whole, parts = parts[0], detailed
            if parts and len(parts) > 1 and isinstance(parts[0], CountClaim) and _HAVING.search(parts[0].raw_subject):
                continue   # "104个部门…，其中，有83个部门公开了…；有101个部门公开了…": subsets that may overlap
            if parts and not inside_earlier:
                parts = self._through_the_clause_that_fits(parts, whole)
                if "其中" in intro.group() and not _INNER_INTRO.search(self.text, intro.end(), parts[-1].quantity.end):
                    whole, parts = self._of_an_earlier_whole(parts, whole)   # not where a nested list passes it
            if parts is None and _both_sides_of(whole, listed):
                continue   # "收支总预算W。其中，收入总计W，包括A…；支出总计W，包括B…": each side is W again, listed on its own
            lists.append((intro.start(), parts[-1].quantity.end if parts else end, whole))
            if not parts and not inside_earlier and (changes := self._change_list(intro, sentence, end)):
                found += changes   # "W万元，比上年减少Y万元。其中：A同比增加a万元…；B同比减少b万元…"
                continue
            if not parts or inside_earlier:
                continue   # no list, or a list inside another
            inner: list[BreakdownClaim] = []
            if _INNER_INTRO.search(self.text, intro.end(), parts[-1].quantity.end):
                nested = self._nested_lists(intro.end(), [t for t in listed if t.quantity.end <= parts[-1].quantity.end])
                if nested is None:
                    continue   # inner lists that cannot be told apart
                outer, inner = nested
                parts = _parts(outer, whole)
                if not parts:
                    continue
            parts = _signed_as_adjusted(whole, parts + self._parts_continued(self.sentence_of(intro.start()), whole, parts))
            if self._short_before_a_nested_list(whole, parts):
                continue   # "其中：A…；B…。其中：B1…。B2…；C…": where the outer list goes on past B's is unknown
            before = from_above or whole.sentence < sentence
            earlier = self.above if from_above else \
                [t.statement for t in self.tokens if t.role == "statement" and t.sentence < sentence]
            if before:
                whole = _fitting_whole(whole, parts, earlier)
            if before and _above_the_whole(parts[0], whole) and not names_complete_set(parts) \
                    and any(not _above_the_whole(parts[0], s) for s in earlier if s is not whole and not s.prior):
                continue   # the list of another total; parts that make up a whole set are this one's, wrong
            for breakdown in [BreakdownClaim(whole, parts, names_complete_set(parts),
                                             Place(self.paragraph, whole.place.start, parts[-1].quantity.end)), *inner]:
                for part in breakdown.parts:
                    part.whole = breakdown.whole
                found.append(breakdown)
        return found

    def graded_counts(self) -> list[BreakdownClaim]:
        """"对9个项目实施评价，…评价结果为“优”“良”“中”“差”的项目分别是7个、2个、0个、0个": counts listed
        by names that make up a whole set (vocabulary complete_sets) belong to the last count of their unit
        before them in the sentence."""
        found = []
        for run in self._count_runs():
            for first in range(len(run) - 1):   # "共评价9个项目，优7个、良2个…": the whole may open the run
                parts = [t.statement for t in run[first:]]
                whole = self._counted_whole(run[first].quantity.start, run[first].sentence, run[first].quantity.end)
                # counts each under its own name make a set by their names alone (优/良/中/差), not by a closing 其他…
                complete = names_complete_set(parts) if len({t.group for t in run[first:]}) == 1 else _names_partition(parts)
                named = complete and all(p.subject for p in parts)
                # "1个项目评为优，…；3个项目评为良，…": the names said after each count, in its clause
                named = named or _one_of_a_set_each([self._clause_after(t) for t in run[first:]])
                if whole is not None and named:
                    found.append(BreakdownClaim(whole, parts, True,
                                                Place(self.paragraph, whole.place.start, parts[-1].quantity.end)))
                    break
        return found

    def amounts_beside_counts(self, listed: list[BreakdownClaim]) -> list[BreakdownClaim]:
        """"共计126个，财政资金4185.64万元。其中“优”的项目88个财政资金3851.26万元；“良”的项目14个财政资金262.5万元…": where
        a count and each of its listed counts have an amount right after them in their sentence, the amounts make up alike."""
        found = []
        for counted in listed:
            if not isinstance(counted.whole, CountClaim) or counted.of_changes:
                continue
            amounts = [self._amount_right_after(s) for s in [counted.whole, *counted.parts]]
            if None not in amounts and len({a.quantity.unit for a in amounts}) == 1:
                found.append(BreakdownClaim(amounts[0], amounts[1:], counted.names_complete_set,
                                            Place(self.paragraph, amounts[0].place.start, amounts[-1].quantity.end)))
        return found

    def _amount_right_after(self, count: Statement) -> Statement | None:
        """The figure right after a count in its sentence, when an amount ("…项目9个，涉及预算W万元")."""
        after = next((t for t in self.tokens if t.quantity.start >= count.quantity.end), None)
        if after is None or after.role != "statement" or not isinstance(after.statement, AmountClaim) \
                or after.statement.prior or after.sentence != count.sentence:
            return None
        return after.statement

    def _clause_after(self, token: _Token) -> str:
        """The words of a figure's clause after it, up to the next figure ("…1个项目评为优，" → "项目评为优")."""
        end = _CLAUSE_END.search(self.text, token.quantity.end)
        after = next((t.quantity.start for t in self.tokens if t.quantity.start >= token.quantity.end), len(self.text))
        return self.text[token.quantity.end:min(end.start() if end else len(self.text), after)]

    def _count_runs(self) -> list[list[_Token]]:
        """Counts of one unit in a row in a sentence, a list or each under its own name ("“优秀”1655个、“良好”204个")."""
        runs: list[list[_Token]] = []
        for token in self.tokens:
            if token.role == "share" and runs and runs[-1]:
                continue   # "1个项目评为优，占评定项目的2.33%；3个项目评为良，…": a count's own share
            if token.role != "statement" or not isinstance(token.statement, CountClaim):
                runs.append([])
            elif runs and runs[-1] and runs[-1][-1].sentence == token.sentence \
                    and runs[-1][-1].quantity.unit == token.quantity.unit:
                runs[-1].append(token)
            else:
                runs.append([token])
        return [run for run in runs if len(run) >= 2]

    def _counted_whole(self, start: int, sentence: int, end: int) -> Statement | None:
        """"…项目42个，涉及预算金额3976.20万元，平均得分98.87分（其中，评级为“优”的项目40个；…“良”的项目
        2个…）": parts that are counts list the last count of their unit before them in the sentence, past
        the amounts and scores between, or in the sentence before when they open theirs."""
        first = next((t for t in self.tokens if start <= t.quantity.start < end and t.role == "statement"), None)
        if first is None or not isinstance(first.statement, CountClaim):
            return None
        def counts_of(sentence_: int) -> list[Statement]:
            return [t.statement for t in self.tokens if t.quantity.end <= start and t.sentence == sentence_
                    and t.role == "statement" and isinstance(t.statement, CountClaim) and not t.statement.prior
                    and t.quantity.unit == first.quantity.unit]
        # "…绩效自评2418个，涉及金额…。单位自评结果“优秀”1655个、“良好”204个…": a list opening its sentence counts the
        # sentence before's
        opens = not any(t.sentence == sentence and t.quantity.end <= start for t in self.tokens)
        counts = counts_of(sentence) or (counts_of(sentence - 1) if opens else [])
        return counts[-1] if counts else None

    def _amount_past_a_count(self, whole: Statement | None, start: int, end: int) -> Statement | None:
        """"“三公”经费预算支出共436万元，涉及37个单位。其中，A费118万元；…": parts that are amounts list the last
        amount before the count that closes the whole's sentence, and none where it states none."""
        first = next((t for t in self.tokens if start <= t.quantity.start < end and t.role == "statement"), None)
        if not isinstance(whole, CountClaim) or first is None or not isinstance(first.statement, AmountClaim):
            return whole
        # the count's own paragraph: the one above where the list opens its paragraph ("…W万元（6个区最高）。\n其中：…"),
        # none past a sentence of its own ("…“7个专项行动”…。\n另外，…也加大了投入。其中：A…")
        if whole.place.paragraph is not self.paragraph and self.sentence_of(start) > 0:
            return None
        stated = [t.statement for t in self.tokens if t.role == "statement"] \
            if whole.place.paragraph is self.paragraph else self.above
        amounts = [s for s in stated if s.sentence == whole.sentence and s.quantity.end <= whole.place.start
                   and isinstance(s, AmountClaim) and not s.prior]
        return amounts[-1] if amounts else None   # "…主要用于…2个方面，其中，A方面26602万元": no amount of a count

    def _nested_lists(self, start: int, listed: list[_Token]) -> tuple[list[_Token], list[BreakdownClaim]] | None:
        """A 其中 list's own tokens, and the lists nested in it: "其中：A…；B W万元，…；其中：B1…；B2…；C…"
        or "B W万元，完成预算的N%（其中：B1…；B2…）". A bracketed one ends at its bracket, another where
        its parts reach the part it lists (they may not pass it); None where that never happens. Other
        bracketed figures are a part's own, not parts."""
        outer = [t for t in listed if not self._in_brackets(start, t.quantity.start)]
        inner: list[BreakdownClaim] = []
        end = listed[-1].quantity.start if listed else start
        for intro in _INNER_INTRO.finditer(self.text, start, listed[-1].quantity.end if listed else start):
            following = next((t for t in listed if t.quantity.start >= intro.end()), None)
            if not intro.group().startswith("其中") and (following is None or _SEMICOLON.search(
                    self.text, intro.end(), following.quantity.start) or self.sentence_of(following.quantity.start)
                    != self.sentence_of(intro.start())):
                continue   # "人员经费A万元，主要包括：基本工资、津贴补贴…；" names what a part holds, with no figures
            bracketed = self._in_brackets(start, intro.start())
            owners = [t for t in outer if t.quantity.end <= intro.start() and t.role == "statement"
                      and not _beside_a_figure(t)]
            if not owners:
                return None
            whole = owners[-1].statement
            if bracketed:
                closing = _closing_bracket(self.text, intro.end())
                members = [t for t in listed if intro.end() <= t.quantity.start < (end if closing is None else closing)]
            else:
                members = _closed_list([t for t in outer if t.quantity.start >= intro.end()], whole)
            parts = _parts(members, whole) if members else None
            if not parts:
                return None
            outer = [t for t in outer if t not in members]
            inner.append(BreakdownClaim(whole, parts, names_complete_set(parts),
                                        Place(self.paragraph, whole.place.start, parts[-1].quantity.end)))
        return outer, inner

    def open_list(self, breakdowns: list[BreakdownClaim]) -> BreakdownClaim | None:
        """The 其中 list this paragraph ends with (its last part, or that part's change or rate), if its parts
        fall short of its whole."""
        for breakdown in breakdowns:
            short = interval_sum(p.quantity for p in breakdown.parts).hi < breakdown.whole.quantity.interval().lo
            after = [t for t in self.tokens if t.quantity.start >= breakdown.parts[-1].quantity.end]
            if short and all(_beside_a_figure(t) for t in after):
                return breakdown
        return None

    def makeup_announced(self, seen: _Lookup) -> BreakdownClaim | None:
        """"（一）收入总计主要构成。" standing alone: a list of the total it names, stated above, with no part yet; the
        paragraphs below fill it (``continues_list``)."""
        named = _MAKEUP_OF.fullmatch(_ITEM_NUMBER.sub("", self.text.strip()))
        whole = seen.last_named(named["name"], self.year) if named else None
        return BreakdownClaim(whole, [], False, whole.place) if whole is not None else None

    def list_announced(self) -> BreakdownClaim | None:
        """"基本支出911.70万元，其中：" ending the paragraph: a list with no part yet, which the paragraphs
        below may fill (``continues_list``)."""
        intro = next((m for m in _ANNOUNCED_LIST.finditer(self.text) if not self.text[m.end():].strip()), None)
        if intro is None:
            return None
        whole = self.whole_before(intro.start(), self.sentence_of(intro.start()))
        if whole is None or _NET_CHANGE.search(whole.raw_subject):
            return None
        return BreakdownClaim(whole, [], False, Place(self.paragraph, whole.place.start, intro.end()))

    def _change_list(self, intro: re.Match, sentence: int, end: int) -> list[BreakdownClaim]:
        """"三公经费支出决算数比上年减少241515.50元，下降82.06%。其中：A减少198650.00元…；B减少42415.50元…":
        a change whose parts are changes, as signed amounts (a decrease negative), the whole first: all the
        same way (a change of nothing goes either way), or both ways where they name every part of the
        whole (因公出国/公务用车/公务接待). Changes against last year and against the budget ("较上年减少a，
        较年初预算数减少b") make a list each; the whole's sentence may lie before a sentence of reasons."""
        before = [t for t in self.tokens if t.quantity.end <= intro.start() and t.role != "rate_of_change"]
        if not before or before[-1].role != "change" or before[-1].net:
            return []
        wholes = [t for t in before if t.sentence == before[-1].sentence and t.role == "change" and not t.net]
        end = self._changes_go_on(before[-1], end)
        changes = [t for t in self.tokens if intro.end() <= t.quantity.start < end and t.role == "change"
                   and t.quantity.kind == before[-1].quantity.kind   # not "公务用车保有量减少1辆"
                   and not self._in_brackets(intro.end(), t.quantity.start)]   # "A增加412万元（税收增加157万元、…）": A's
        if any(t.net for t in changes) or not all(t.sentence in (sentence, sentence - 1, sentence - 2) for t in wholes):
            return []
        named: dict[int, str] = {}   # "A较上年减少a，较年初预算数减少b": b is A's too
        subject = ""
        for change in changes:
            subject = named[id(change)] = self._change_subject(change) or subject
        found = []
        last_whole = self._against(wholes[-1]) if wholes else "prior"
        for against in ("prior", "budget"):
            whole = [t for t in wholes if self._against(t) == against][-1:]
            # "较2014年预算减少Y，主要是A减少a…": a part naming no comparison is against what its whole is
            parts = [t for t in changes if (self._against(t) if _NAMES_COMPARISON.search(t.prefix) else last_whole) == against]
            if whole and len(parts) >= 2 and (claim := self._changes_of(whole[0], parts, [named[id(t)] for t in parts])):
                found.append(claim)
        return found

    def _changes_go_on(self, whole_change: _Token, end: int) -> int:
        """Where a list of changes ends: past the sentences after it that each open with the change of another
        well-known part of the whole (vocabulary lists.parts_of, at any depth): "三公经费较上年增加Y，其中A减少a，下降
        r%。B增加b，增长s%。" lists B's change too."""
        parts = descendants(known_whole(self._change_subject(whole_change)))
        named = set()
        while parts and end < len(self.text):
            opener = next((t for t in self.tokens if t.quantity.start > end), None)
            if opener is None or opener.sentence != self.sentence_of(end + 1) or opener.role != "change" or opener.net \
                    or opener.quantity.kind != whole_change.quantity.kind \
                    or self.text[self._sentence_start(opener.sentence):opener.clause_start].strip():
                break
            key = canonical_key(MARKUP.sub("", self._change_subject(opener)))
            if key not in parts or key in named:
                break
            named.add(key)
            end = self.sentence_end(end + 1)
        return end

    def named_figures(self, growths: list[GrowthClaim], bare_changes: list[tuple[_Token, str, Statement | None]]) \
            -> list[tuple[str, str, Statement]]:
        """This year's amounts and the changes (as signed amounts) of the paragraph, in order, each with the item it is
        of and "amount" or what the change is compared with."""
        amounts = [(s.subject, "amount", s) for s in self.statements() if isinstance(s, AmountClaim) and not s.prior]
        changes = [(g.subject, g.against, _signed(g.change, g.direction, g.subject, g.place)) for g in growths
                   if g.change is not None and not g.net]
        changes += [(self._change_subject(t) or (current.subject if current else ""), self._against(t), self._signed_change(t))
                    for t, _, current in bare_changes if not t.net]
        return sorted(amounts + changes, key=lambda figure: figure[2].place.end)

    def _against(self, change: _Token) -> str:
        return "budget" if _names_budget(change.prefix, self.year) else "prior"

    def _changes_of(self, whole_change: _Token, changes: list[_Token], subjects: list[str]) -> BreakdownClaim | None:
        if not all(subjects):
            return None
        # a decrease is negative
        amounts = [self._signed_change(whole_change)] + [self._signed_change(t, s) for t, s in zip(changes, subjects)]
        return BreakdownClaim(amounts[0], amounts[1:], names_complete_set(amounts[1:]),
                              Place(self.paragraph, whole_change.clause_start, changes[-1].quantity.end), of_changes=True)

    def _list_end(self, start: int) -> int:
        """Where a list opened at ``start`` ends: its sentence's end, or a later one where a full stop fell right
        after a part and the sentence after it goes on with that part's change ("其中，A费0.61亿元。比上年减少…；
        B费1.41亿元，…")."""
        end = self.sentence_end(start)
        while end < len(self.text) and _PART_GOES_ON.match(self.text, end + 1) \
                and any(_UNIT_ONLY.fullmatch(self.text, t.quantity.end, end) for t in self.tokens if t.role == "statement"):
            end = self.sentence_end(end + 1)
        # "其中：按支出项目类别：A…；B….按支出功能分类科目：C…": a view after parts opens another list of the whole
        views = [m.start() for m in CLASSIFIED.finditer(self.text, start, end)
                 if any(start <= t.quantity.start < m.start() for t in self.tokens)]
        return views[0] if views else end

    def _bracketed_change_parts(self, intro: re.Match, end: int) -> BreakdownClaim | None:
        """"比上年增加64000万元(其中:A61500万元,B2500万元)", "减少27000万元,(其中:A减少31400万元,B增加4400万元)":
        a bracket opened right after a change lists that change's parts, as signed amounts."""
        before = [t for t in self.tokens if t.quantity.end <= intro.start()]
        closing = _closing_bracket(self.text, intro.end(), end)
        if not before or before[-1].role != "change" or before[-1].net or closing is None \
                or not _BRACKET_AFTER.fullmatch(self.text, before[-1].quantity.end, intro.start()):
            return None
        change = before[-1]
        listed = [t for t in self.tokens if intro.end() <= t.quantity.start < closing]
        if len(listed) < 2 or len({t.quantity.unit for t in [change, *listed]}) > 1:
            return None
        if all(t.role == "statement" for t in listed):
            parts = [replace(t.statement, quantity=replace(t.quantity, value=t.quantity.value * change.direction))
                     for t in listed]
        elif all(t.role == "change" and not t.net for t in listed):
            parts = [self._signed_change(t) for t in listed]
        else:
            return None
        return BreakdownClaim(self._signed_change(change), parts, True,
                              Place(self.paragraph, change.clause_start, closing + 1))

    def _signed_change(self, change: _Token, subject: str = "") -> Statement:
        """A change as an amount with its sign ("减少5.00万元" → −5.00), named after its item (or ``subject``)."""
        subject = subject or self._change_subject(change)
        return _signed(change.quantity, change.direction, subject,
                       Place(self.paragraph, change.clause_start, change.quantity.end), change.sentence)

    def changes_explained(self) -> list[BreakdownClaim]:
        """"支出较去年增加87.35万元，主要是基本支出增加31.52万元，项目支出增加55.83万元": a change explained
        by the changes of parts that make up the whole (基本支出 and 项目支出) adds up like a 其中 list; so do
        reasons that go both ways ("收入增加143.62万元，主要是A减少1.15万元，B增加144.77万元"), which the check
        holds to their whole only when near it. Reasons naming some parts, all one way, need not add up."""
        found = []
        for intro in _REASONS_INTRO.finditer(self.text):
            sentence, end = self.sentence_of(intro.start()), self.sentence_end(intro.end())
            if any(t.role == "statement" and t.quantity.value for t in self.tokens if intro.end() <= t.quantity.start < end):
                continue   # "…主要原因是A减少a万元，B增加b万元，年初结转结余C万元": reasons mixed with levels, no breakdown
            for changes in self._change_list(intro, sentence, end):
                # "收、支总计…增加Y，主要原因是A收入增加a、B收入减少b、其他收入减少c": kinds of this year's income closed by
                # 其他 are not all of a 总计, which holds the balance carried in too (人员经费 and 公用经费 are)
                of_this_year_only = _GRAND_TOTAL.search(changes.whole.subject) and not _names_partition(changes.parts) \
                    and not any(_REMAINDER.search(p.subject) for p in changes.parts)
                # "收支增加Y，主要原因是本年收入合计增加a，…，本年支出合计增加b，结余分配减少c…": each side's own reasons
                sides = {frozenset(side for side in _SIDES if side in p.subject) for p in changes.parts}
                both_sides = all(frozenset([side]) in sides for side in _SIDES)   # not "项目支出收入" (of the income)
                if (changes.names_complete_set or changes.both_ways()) and not of_this_year_only and not both_sides \
                        and not _SEMICOLON.search(self.text, intro.end(), changes.parts[0].place.start):
                    found.append(changes)   # "…减少原因主要是压缩出访；B减少…" goes on to the next item
        return found

    def done_and_left(self) -> list[BreakdownClaim]:
        """"直达资金合计24.61亿元，已分配24.55亿元，未分配0.06亿元": the amount done and the amount left of one act,
        right after an amount in its sentence, are its two parts (vocabulary lists.done_and_left)."""
        found = []
        for whole, done, left in zip(self.tokens, self.tokens[1:], self.tokens[2:]):
            if {whole.role, done.role, left.role} != {"statement"} or len({whole.sentence, done.sentence, left.sentence}) > 1 \
                    or len({t.quantity.unit for t in (whole, done, left)}) > 1:
                continue
            act, rest = _DONE_ACT.fullmatch(done.statement.subject), _LEFT_ACT.fullmatch(left.statement.subject)
            if act and rest and rest["act"] == act["act"]:
                found.append(BreakdownClaim(whole.statement, [done.statement, left.statement], True,
                                            Place(self.paragraph, whole.statement.place.start, left.quantity.end)))
        return found

    def differences(self) -> list[BreakdownClaim]:
        """"…支出3.16万元，年初预算为4.2万元，差值为1.04万元": the difference stated right after two amounts of its
        sentence is what the larger one holds beyond the smaller (vocabulary lists.differences)."""
        found = []
        for first, second, gap in zip(self.tokens, self.tokens[1:], self.tokens[2:]):
            if {first.role, second.role, gap.role} != {"statement"} or len({first.sentence, second.sentence, gap.sentence}) > 1 \
                    or len({t.quantity.unit for t in (first, second, gap)}) > 1 \
                    or not _DIFFERENCE.fullmatch(gap.statement.subject):
                continue
            larger, smaller = sorted((first.statement, second.statement), key=lambda s: s.quantity.value, reverse=True)
            found.append(BreakdownClaim(larger, [smaller, gap.statement], True,
                                        Place(self.paragraph, first.statement.place.start, gap.quantity.end)))
        return found

    def savings_made(self) -> list[BreakdownClaim]:
        """"采购预算金额A万元，实际采购金额B万元，节约金额C万元，资金节约率N%", "送审金额A万元，审定金额B万元，审减金额C
        万元，审减率N%": the amount budgeted (or submitted) is the amount spent (or approved) and the amount saved."""
        return [BreakdownClaim(whole, [spent, saved], True, Place(self.paragraph, whole.place.start, saved.quantity.end))
                for whole, spent, saved in self.budgets_spent_saved()]

    def budgets_spent_saved(self) -> list[tuple[Statement, Statement, Statement]]:
        """(budgeted or submitted, spent or approved, saved) of each saving rate whose sentence states all three."""
        found = []
        for saving in (t for t in self.tokens if t.role == "saving"):
            amounts = self.saved_of(saving)
            if len(amounts) >= 3:
                found.append((amounts[0].statement, amounts[-2].statement, amounts[-1].statement))
        return found

    def saved_of(self, saving: _Token) -> list[_Token]:
        """The amounts of a saving rate's sentence before it ("采购预算A万元，实际采购金额B万元，节约资金C万元，节约率N%"),
        when the saving is the one right before the rate and the first is named with the rate's base word (预算, 送审:
        vocabulary lists.saving_rates), from the last so named ("…节约率为16%，其中货物类采购计划金额A…，节约率为18%"
        starts at A); two at least, else none."""
        amounts = [t for t in self.tokens if t.sentence == saving.sentence and t.quantity.end <= saving.quantity.start
                   and t.role == "statement" and t.quantity.kind == "money" and not t.statement.prior]
        named = [i for i, t in enumerate(amounts) if any(word in t.statement.raw_subject for word in _SAVING_RATES[saving.detail])]
        if not named or len(amounts) - named[-1] < 2 or amounts[-1] is not self.neighbour(saving, -1):
            return []
        return amounts[named[-1]:]

    def totals_after(self) -> list[BreakdownClaim]:
        """"A亿元，加上B亿元、C亿元，收入合计D亿元": a total named after its parts, which are the amounts
        before it in its sentence (or in its clause after "；"), two at least, all of the same side."""
        found = []
        for index, token in enumerate(self.tokens):
            total = token.statement
            balance = token.role == "statement" and bool(_REMAINDER.search(total.subject))
            # "…，共计W万元": a bare total word, which the subject drops as filler
            items_before = self._items_of_the_sentence_before(token) if token.role == "statement" else []
            named_total = token.role == "statement" and ((total.subject or total.raw_subject.strip()) in _TOTALS_AFTER
                                                         or bool(_OPENS_WITH_TOTAL.match(total.raw_subject.strip()))
                                                         or bool(items_before))
            if token.role != "statement" or not (named_total or _SIDE_TOTAL.search(total.subject) or balance):
                continue
            start = self._list_scope_start(token)
            if start is None or not named_total and not _ADDING.search(self.text, start, token.quantity.start):
                continue   # "…支出A，加上B，C，全县一般公共预算支出总计D": a named total only after 加上
            if balance and not _SUBTRACTING.search(self.text, start, token.quantity.start):
                continue   # "上年结转结余A，加…总收入B，减…总支出C，结余D": a balance only after 加 and 减
            if not _ADDED.match(self.text, start) and (added := _ADDING.search(self.text, start, token.quantity.start)) \
                    and not any(start <= t.quantity.start < added.start() for t in self.tokens):
                start = added.start()   # "A亿元。地方级财政收入加上B、C等D亿元，收入总计T": the amount named again is A
            listed = [t for t in self.tokens[:index]
                      if t.quantity.start >= start and not self._in_brackets(start, t.quantity.start)]
            listed = listed or items_before   # "A a；B b；C c。共计下达资金W": all of them, so a shortfall is a slip
            totals = [i for i, t in enumerate(listed) if any(b.whole is t.statement for b in found)]
            listed = listed[totals[-1]:] if totals else listed   # "…总收入T1，加上年结余D，…，收入总计T2": T1 + D + …
            nested = [t for t in listed if t.statement and any(t.statement.whole is s.statement for s in listed if s.statement)]
            listed = [t for t in listed if t not in nested]
            earlier = None
            if _ADDED.match(self.text, start):
                # "其中地方收入A万元，…；加上级补助收入B万元，…，收入合计T": A + B + …; "A亿元，…，其中：…。加上B…" adds
                # to the amount of the sentences before that makes T with what is added ("…决算数A，增长9.3%，为预算的
                # 100.3%。加上B…": A, its rates aside)
                augend = self._amount_before(start, token.sentence)
                # "加上B…后，支出总计T" opening its sentence adds to the sentence before; "一般公共预算收入加上B…" names what
                unnamed = not self.text[self._sentence_start(token.sentence):start].strip(" —-\u3000")
                earlier = None if augend else self._augend_before(token.sentence - 1, listed, total, unnamed)
                if augend is None and earlier is None:
                    continue   # added to an amount not stated here
                listed = [augend, *listed] if augend else listed
            parts = _summands(listed, total)
            if parts is not None and earlier is not None:
                parts.insert(0, earlier.statement)
            if parts is None or len(parts) < 2:
                continue
            parts = [_negated(p) if _LESS.match(p.raw_subject) else p for p in parts]   # "…，减去债务还本支出C，…"
            if nested and not interval_sum(p.quantity.in_wan() for p in parts).overlaps(total.quantity.in_wan().interval()):
                continue   # where the nested list ends is not sure: only parts that make the total are read
            summed = interval_sum(p.quantity.in_wan() for p in parts)
            # short of the total, unless what is added to was found above ("A。加上B…后，支出总计T": the gap is a slip) or
            # the parts are the items of the sentence before
            short = earlier is None and not items_before and summed.hi < total.quantity.in_wan().interval().lo
            if short and token.sentence > 0 and start == self._sentence_start(token.sentence):
                # "…支出A万元，…。B…，C…和D…，支出总计T": A + B + C + D, A stated in the sentence before
                augend = self._augend_before(token.sentence - 1, listed, total)
                if augend is not None:
                    parts.insert(0, augend.statement)
                elif total.quantity.in_wan().value - summed.hi > total.quantity.in_wan().value * NEAR_COMPLETE:
                    continue   # added to an amount not stated here; a gap this small is a slip, not an amount left out
            elif short and (headed := self._headed(start, token, parts)) is not None:
                parts = headed   # "基金收入A，其中：a1，a2；上级补助收入B，加上年结余C，收入合计T": A + B + C
            elif short and self._fits_from_sentence_start(start, token, summed):
                continue   # "A增收a；B b、C c，合计T": the clause's parts fall short, the sentence's make T
            for part in parts:
                part.whole = total
            found.append(BreakdownClaim(total, parts, True,
                                        Place(self.paragraph, parts[0].place.start, total.quantity.end)))
        return found

    def side_totals_of_sentences_before(self) -> list[BreakdownClaim]:
        """"一般公共预算收入A，上级补助收入B，上年结余C。一般公共预算支出D，上解上级支出E。收入合计T1，支出合计T2，年终结余R":
        a side's total in a sentence that opens with totals sums the amounts of the last sentence before it that opens with
        an amount of that side (those of the other side's sentence are not its); "减去…" takes an amount off."""
        found = []
        for token in self.tokens:
            side = _total_side(token.statement) if token.role == "statement" else ""
            if not side or any(t.sentence == token.sentence and t.quantity.start < token.quantity.start
                               and t.role == "statement" and not _total_side(t.statement) for t in self.tokens):
                continue
            items = self._items_of_the_side_before(token.sentence, side)
            if items:
                parts = [_negated(p) if _LESS.match(p.raw_subject) else p for p in items]
                found.append(BreakdownClaim(token.statement, parts, True,
                                            Place(self.paragraph, parts[0].place.start, token.quantity.end)))
        return found

    def _items_of_the_side_before(self, sentence: int, side: str) -> list[Statement]:
        """The amounts of the last sentence before ``sentence`` that opens with an amount named by ``side`` alone, past one
        opening with the other side's; none where a sentence between opens otherwise, or where the amounts hold a total,
        a part listed in another amount or a figure of another kind."""
        for earlier in range(sentence - 1, -1, -1):
            items = [t for t in self.tokens if t.sentence == earlier and t.role == "statement"]
            named = {w for w in _SIDES if items and w in items[0].statement.subject}
            if named != {side}:
                if named and named != set(_SIDES):
                    continue   # the other side's items
                return []
            statements = [t.statement for t in items]
            simple = all(isinstance(s, AmountClaim) and not s.prior and s.whole is None and not _total_side(s)
                         and not _total_rank(s.subject) for s in statements)
            return statements if len(statements) >= 2 and simple else []
        return []

    def _headed(self, start: int, total: _Token, parts: list[Statement]) -> list[Statement] | None:
        """The parts of a total that fall short, with the amounts of its sentence before their clause that no list there
        holds as a part (the head of a 其中 list, not the list), when together they make the total; a part of a head's
        list is left out."""
        heads = [t.statement for t in self.tokens if self._sentence_start(total.sentence) <= t.quantity.start < start
                 and t.role == "statement" and t.quantity.kind == "money" and t.statement.whole is None]
        headed = [*heads, *(p for p in parts if all(p.whole is not h for h in heads))]
        fits = interval_sum(p.quantity.in_wan() for p in headed).overlaps(total.statement.quantity.in_wan().interval())
        return headed if heads and fits else None

    def _fits_from_sentence_start(self, start: int, total: _Token, summed: Interval) -> bool:
        """Whether the amounts of the total's sentence before the clause its parts are in, changes too, make up what
        those parts leave of the total."""
        before = [t.quantity.in_wan() for t in self.tokens if self._sentence_start(total.sentence) <= t.quantity.start < start
                  and t.quantity.kind == "money"]
        return bool(before) and (interval_sum(before) + summed).overlaps(total.quantity.in_wan().interval())

    def _amount_before(self, offset: int, sentence: int) -> _Token | None:
        """The last amount of the sentence before an offset, past the figures stated beside it and its own change."""
        before = [t for t in self.tokens if t.quantity.end <= offset and t.sentence == sentence
                  and not _beside_a_figure(t) and t.role not in ("other", "change", "rate_of_change")]   # past "首次突破7000亿元"
        return before[-1] if before and before[-1].role == "statement" else None

    def adjustments(self) -> list[BreakdownClaim]:
        """"总收入由352846万元调整为362346万元，调增9500万元": the new amount is the old one plus the change."""
        found = []
        for old, new, change in zip(self.tokens, self.tokens[1:], self.tokens[2:]):
            if old.role == new.role == "statement" and change.role == "change" and not change.net \
                    and old.sentence == change.sentence and old.quantity.unit == new.quantity.unit == change.quantity.unit \
                    and _THEN_ADJUSTED_TO.fullmatch(self.text, old.quantity.end, new.quantity.start) \
                    and _CLAUSE_THEN.fullmatch(self.text, new.quantity.end, change.clause_start):
                found.append(BreakdownClaim(new.statement, [old.statement, self._signed_change(change)], True,
                                            Place(self.paragraph, old.clause_start, change.quantity.end)))
        return found

    def _clause_that_completes(self, start: int, end: int, whole: Statement) -> int:
        """Where a list after 包括 ends: "A万元，包括B…和C…；D…", "收入包括：A…、B…；支出包括：…" with its clause; but
        "W万元，包括A…；B…；C…" at the semicolon where its parts make up the whole, and a list of functional classes at
        its end."""
        total = whole.quantity.in_wan().interval()
        semicolons = [m.start() for m in _SEMICOLON.finditer(self.text, start, end)]
        if not semicolons:
            return end
        for stop in [*semicolons, end]:
            listed = [t.statement for t in self.tokens if start <= t.quantity.start < stop
                      and t.role == "statement" and t.quantity.unit == whole.quantity.unit]
            reached = interval_sum(s.quantity.in_wan() for s in listed)
            if reached.overlaps(total):
                return stop
            if reached.lo > total.hi:
                return semicolons[0]
        # short of the whole all through: a list of functional classes (一般公共服务支出…；教育支出…) goes on to its end
        return end if listed and all(_NAMES_FUNCTION_CLASS.search(s.subject) for s in listed) else semicolons[0]

    def _through_the_clause_that_fits(self, parts: list[Statement], whole: Statement) -> list[Statement]:
        """"在职人员125人，其中：A20人，B105人；退休人员47人；…", "其中，A…、B…和C…，债务收入D…": parts that pass
        the whole end where they made it up, at a semicolon, after the part joined with 和, before a change or before
        the whole's amount said again."""
        total = whole.quantity.in_wan().interval()
        if not interval_sum(p.quantity.in_wan() for p in parts).lo > total.hi:
            return parts
        for end in range(1, len(parts)):
            closed = _SEMICOLON.search(self.text, parts[end - 1].quantity.end, parts[end].place.start) \
                or end > 1 and _LAST_JOINED.match(self.text, parts[end - 2].quantity.end) \
                or any(t.role == "change" and parts[end - 1].quantity.end <= t.quantity.start < parts[end].place.start
                       for t in self.tokens) \
                or end > 1 and parts[end].quantity.kind == "money" and parts[end].quantity.in_wan().interval().overlaps(total)
            # "其中A、B，调减C，全年实际下达D": D is what the whole became; "其中A、B，…下达资金W": the whole said again
            if closed and interval_sum(p.quantity.in_wan() for p in parts[:end]).overlaps(total):
                return parts[:end]
        return parts

    def _named_by_its_first_part(self, listed: list[_Token], whole: Statement) -> Statement:
        """"资产总额A，负债总额B，净资产C。其中，行政单位资产总额A1，事业单位资产总额A2": the list is of the amount of its
        sentence whose name ends most like its first part's (a part of a narrower body), not of the last one."""
        first = listed[0].statement if listed and listed[0].role == "statement" else None
        if first is None:
            return whole
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == whole.sentence
                   and t.quantity.end <= whole.place.end and not t.statement.prior
                   and type(t.statement) is type(first) and t.statement.subject != first.subject]
        shared = {id(s): len(_common_ending(s.subject, first.subject)) for s in earlier}
        best = max(earlier, key=lambda s: shared[id(s)], default=whole)
        named = shared.get(id(best), 0) >= 3 and shared[id(best)] > shared.get(id(whole), 0) and _total_rank(best.subject)
        return best if named else whole

    def _of_an_earlier_whole(self, parts: list[Statement], whole: Statement) -> tuple[Statement, list[Statement]]:
        """"实有职工57人，…；离退休人员26人，…；其中大学本科25人，专科23人，中专9人，…": parts that pass their whole at
        every cut may list an earlier amount of their sentence that their first parts make up; else they stay as read."""
        total = interval_sum(p.quantity.in_wan() for p in parts)
        if not total.lo > whole.quantity.in_wan().interval().hi:
            return whole, parts
        earlier = [t.statement for t in self.tokens if t.role == "statement" and t.sentence == whole.sentence
                   and t.quantity.end <= whole.place.start and type(t.statement) is type(whole) and not t.statement.prior
                   and t.quantity.unit == whole.quantity.unit and t.statement.whole is None]
        for candidate in reversed(earlier):
            target = candidate.quantity.in_wan().interval()
            end = next((end for end in range(2, len(parts) + 1)
                        if interval_sum(p.quantity.in_wan() for p in parts[:end]).overlaps(target)), None)
            if end is not None:
                return candidate, parts[:end]
        return whole, parts

    def _augend_before(self, sentence: int, added: list[_Token], total: Statement, unnamed: bool = False) -> _Token | None:
        """The amount of the sentences before (the nearest of the last _AUGEND_REACH) that what is added makes up
        the total with ("A亿元，…。其中：A1…；A2…。加上B…，收入总计T" adds to A); None when none does, as
        what is added to may not be stated."""
        rest = interval_sum(t.quantity.in_wan() for t in added if not _beside_a_figure(t) and t.quantity.kind == "money")
        if total.quantity.kind != "money":
            return None
        for earlier in range(sentence, max(sentence - _AUGEND_REACH, -1), -1):
            amounts = [t for t in self.tokens if t.sentence == earlier and t.role == "statement" and t.quantity.kind == "money"]
            fitting = [t for t in amounts if (t.quantity.in_wan().interval() + rest).overlaps(total.quantity.in_wan().interval())]
            # "…年初预算数A0，…，决算数A，为预算的N%。…加上B…后，收入总量T": the result, not a budget, where both fit
            results = [t for t in fitting if not (m := _BUDGET_OR_RESULT.search(t.statement.raw_subject)) or not m["base"]]
            if fitting:
                return (results or fitting)[0]
        # "全县一般公共预算支出完成70.16亿元。加上上解支出…后，支出总计84.65亿元": the one amount of the sentence right
        # before, of the total's side, is what a sentence opening with 加上 adds to, even where the sum shows a slip
        before = [t for t in self.tokens if t.sentence == sentence and t.role == "statement" and t.quantity.kind == "money"]
        side = [w for w in _SIDES if w in total.subject]
        return before[0] if unnamed and len(before) == 1 and len(side) == 1 and side[0] in before[0].statement.subject \
            else None

    def bracketed_parts(self) -> list[BreakdownClaim]:
        """"公务用车购置及运行维护费176.53万元（公务用车运行维护费176.53万元、公务车购置0万元）": the
        parts of an amount listed in the brackets right after it."""
        found = []
        for token in self.tokens:
            opening = _OPENING_BRACKET.match(self.text, token.quantity.end)
            if opening and token.role == "change" and _PARTS_INTRO.match(self.text, opening.end()):
                continue   # the change's own parts (``_bracketed_change_parts``)
            owner = self._owner(token) if opening else None
            closing = _closing_bracket(self.text, opening.end()) if owner else None
            if closing is None:
                continue
            listed = [t for t in self.tokens if opening.end() <= t.quantity.start < closing]
            if any(_RAISED_TO.search(t.prefix) for t in listed):
                continue   # "预算数W万元（年初预算数A万元，由于机构调整追加到W万元）": how W came about, no parts of it
            parts = _before_a_sibling(_parts(listed, owner), owner)
            if parts and len(parts) >= 2 and not any(_PARTS_INTRO.search(p.raw_subject) for p in parts[1:]):
                found.append(BreakdownClaim(owner, parts, names_complete_set(parts),
                                            Place(self.paragraph, owner.place.start, closing + 1)))
        return found

    def _owner(self, token: _Token) -> Statement | None:
        """The amount a figure stands for or beside: itself, or for its change, rate or base ("A万元，同比
        减少Y万元（…）", "A万元，较预算数B万元增加Y万元，增长N%（…）") the amount before it in its sentence."""
        while token is not None and _beside_a_figure(token):
            before = self.neighbour(token, -1)
            token = before if before is not None and before.sentence == token.sentence else None
        return token.statement if token is not None and token.role == "statement" else None

    def balances(self, totals: dict[str, Statement]) -> tuple[list[BreakdownClaim], list[ComparisonClaim]]:
        """"收入总计A…支出总计B…收支相抵后，结余C": A = B + C; "收支相抵，收支平衡" with no figure after
        it: A = B. The totals are the last of each side stated so far, here or in the paragraphs above
        (``totals``, which this updates)."""
        sums, equals = [], []
        sided = [(side, t.statement) for t in self.tokens if t.role == "statement" and (side := _total_side(t.statement))]
        read: set[int] = set()
        for match in _BALANCE.finditer(self.text):
            sentence = self.sentence_of(match.start())
            if sentence in read:
                continue
            read.add(sentence)
            known = {} if match.group() in _BALANCES_OF_THEIR_PARAGRAPH else dict(totals)
            known.update((side, s) for side, s in sided if s.place.end <= match.start())
            income, spending = known.get("收入"), known.get("支出")
            if income is None or spending is None or income.quantity.unit != spending.quantity.unit:
                continue
            after = [t for t in self.tokens if t.quantity.start >= match.end() and t.sentence == sentence]
            place = Place(self.paragraph, match.start(), after[0].quantity.end if after else self.sentence_end(match.end()))
            carried = [t for t in self.tokens if t.role == "statement" and _REMAINDER.search(t.statement.subject)
                       and max(income.place.end, spending.place.end) <= t.quantity.start < match.start()]
            if not after:
                # "…减去支出总量后，结转资金C亿元。实现收支平衡": balanced by what is carried; a government's 收支总量
                # are balanced by what it carries to next year, stated or not
                if not carried and "总量" not in income.subject + spending.subject:
                    equals.append(ComparisonClaim(relation="=", word=match.group(), against="balance", place=place,
                                                  actual=income, base=spending))
            elif after[0].role == "statement" and _REMAINDER.search(after[0].statement.subject) \
                    and after[0].statement.quantity.unit == income.quantity.unit:
                sums.append(BreakdownClaim(income, [spending, after[0].statement], True, place))
        sums += self._less_spending() + self._named_difference()
        totals.update(sided)
        return sums, equals

    def _named_difference(self) -> list[BreakdownClaim]:
        """"收入总量为A亿元。支出总量为B亿元。收入总量减去支出总量后，结转资金C亿元": A = B + C, the two named by the
        words before and after 减去 as amounts stated before in the paragraph, the remainder as a balance."""
        found = []
        statements = [t.statement for t in self.tokens if t.role == "statement" and not t.statement.prior]
        for rest in statements:
            said = _TAKEN_AWAY.search(self.text, self._sentence_start(rest.sentence), rest.quantity.start)
            if said is None or not _REMAINDER.search(rest.subject):
                continue
            earlier = [s for s in statements if s.quantity.end <= said.start() and s.quantity.unit == rest.quantity.unit]
            minuend, subtrahend = (next((s for s in reversed(earlier) if comparable(s.subject) == comparable(said[name])), None)
                                   for name in ("from", "taken"))
            if minuend is not None and subtrahend is not None:
                found.append(BreakdownClaim(minuend, [subtrahend, rest], True,
                                            Place(self.paragraph, said.start(), rest.quantity.end)))
        return found

    def _less_spending(self) -> list[BreakdownClaim]:
        """"收入总计A万元，减支出总计B万元，财政滚存结余C万元", "收入合计A亿元，支出合计B亿元，年终结余C亿元": A = B + C,
        in one sentence (without 减 only for a government's year-end balance, vocabulary lists.year_end_balances)."""
        found = []
        statements = [t.statement for t in self.tokens if t.role == "statement"]
        for income, spending, rest in zip(statements, statements[1:], statements[2:]):
            taken = _LESS.match(spending.raw_subject) or _YEAR_END_BALANCE.search(rest.subject)
            if _total_side(income) == "收入" and taken and "支出" in spending.subject \
                    and _REMAINDER.search(rest.subject) and income.sentence == spending.sentence == rest.sentence \
                    and income.quantity.unit == spending.quantity.unit == rest.quantity.unit:
                found.append(BreakdownClaim(income, [spending, rest], True,
                                            Place(self.paragraph, income.place.start, rest.quantity.end)))
        return found

    def sentences_of_parts(self, listed: list[BreakdownClaim]) -> list[BreakdownClaim]:
        """"三公经费支出决算为W万元，较上年减少…。公务接待费为A万元，…。公务用车购置及运行维护费为B万元，…":
        a well-known whole (vocabulary lists.parts_of) followed by sentences (or clauses after "；") each opening
        with another of its well-known parts, two at least; or by such clauses after commas right after it
        ("本年支出合计W万元，基本支出A万元，项目支出B万元。", "…总额W万元，政府采购货物支出A万元、…"); wholes already
        ``listed`` are left to their list."""
        found = []
        wholes = {id(b.whole) for b in listed}
        # sentences, and clauses after "；" ("…W万元。A…万元；B…万元；C…万元。")
        ends = sorted([*self.ends, *(m.start() for m in _SEMICOLON.finditer(self.text))])
        commas = sorted([*ends, *(m.start() for m in _CLAUSE_COMMA.finditer(self.text))])
        segmented = [(bounds, self._openers(bounds)) for bounds in (commas, ends)]
        for token in self.tokens:
            whole = token.statement
            key = _whole_name(whole) if token.role == "statement" else None
            if key not in _PARTS_OF or whole.prior or id(whole) in wholes:
                continue
            parts = max((self._opening_parts(token, key, bounds, openers) for bounds, openers in segmented), key=len)
            if len(parts) < 2:
                parts = self._paired_parts_after(token, key)
            # "…旗级收入W万元。从收入结构看，全盟收入中，A…；B…": the parts of another whole, named before them
            if len(parts) >= 2 and not self._other_whole_named(whole, key, parts[0]):
                found.append(BreakdownClaim(whole, parts, names_complete_set(parts),
                                            Place(self.paragraph, whole.place.start, parts[-1].quantity.end)))
        return found

    def _paired_parts_after(self, token: _Token, key: str) -> list[Statement]:
        """"本年支出合计W万元，基本支出、项目支出分别为A、B万元": a list of the whole's well-known parts, each named once,
        paired with their figures right after it (in its sentence or the next)."""
        after = next((t for t in self.tokens[self.tokens.index(token) + 1:] if not _beside_a_figure(t)), None)
        if after is None or after.role != "statement" or after.sentence > token.sentence + 1:
            return []
        members = [m.statement for m in self.members(after)]
        names = [_part_name(s, _PARTS_OF[key]) for s in members]
        if len(members) < 2 or members[0] is not after.statement or None in names or len(set(names)) < len(names) \
                or any(s.prior or s.quantity.unit != token.statement.quantity.unit for s in members):
            return []
        return members

    def _other_whole_named(self, whole: Statement, key: str, first: Statement) -> bool:
        """"…旗级收入W万元。从收入结构看，全盟收入中，A…；B…": the parts of another whole, named before them as it is
        not ("“三公”经费中，A…" names the 三公经费 W is)."""
        named = _WHOLE_NAMED_AFTER.search(self.text, whole.quantity.end, first.quantity.start)
        name = MARKUP.sub("", named["name"]) if named else ""
        return bool(name) and canonical_key(name) != key and not MARKUP.sub("", whole.raw_subject).endswith(name)

    def _openers(self, ends: list[int]) -> dict[int, _Token]:
        """The first token of each segment (text between ``ends``) that is not a figure's companion."""
        openers: dict[int, _Token] = {}
        for t in self.tokens:
            if (segment := bisect_right(ends, t.quantity.start)) not in openers and not _beside_a_figure(t):
                openers[segment] = t
        return openers

    def _opening_parts(self, token: _Token, key: str, ends: list[int], openers: dict[int, _Token]) -> list[Statement]:
        """The well-known parts of ``key`` that open the segments (text between ``ends``) right after the token's."""
        whole, parts = token.statement, []
        for segment in range(bisect_right(ends, token.quantity.start) + 1, len(ends) + 1):
            opener = openers.get(segment)
            if opener is None and not parts and any(bisect_right(ends, t.quantity.start) == segment for t in self.tokens):
                continue   # "W万元，比上年增加28%，A…，B…": past the whole's own change
            part = opener.statement if opener is not None and opener.role == "statement" else None
            name = _part_name(part, _PARTS_OF[key]) if part is not None and not part.prior else None
            # a part of another scope (全市… after 区市…) is not this whole's
            if name is None or scope_of(part.raw_subject) not in ("", scope_of(whole.raw_subject)) \
                    or name in {_part_name(p, _PARTS_OF[key]) for p in parts} or part.quantity.unit != whole.quantity.unit:
                break
            parts.append(part)
        return parts

    def unspent(self, rates: list[RateClaim]) -> list[BreakdownClaim]:
        """"全年预算数110万元，执行数为96.37万元，完成预算的87.61%。…尚未执行的预算金额13.63万元": the
        budget is the amount spent and the amount not spent, stated once after the rate (before the next)."""
        found = []
        stated = [r for r in rates if r.base is not None and r.actual is not None and r.place.paragraph is self.paragraph]
        for rate, following in zip(stated, [*stated[1:], None]):
            end = following.place.start if following else len(self.text)
            lefts = [t.statement for t in self.tokens if rate.place.end <= t.quantity.start < end
                     and t.role == "statement" and _UNSPENT.search(t.statement.raw_subject)]
            # one amount (restated or not); several are reasons ("一是…未使用完A；三是…未使用完B")
            left = lefts[0] if len({s.quantity.value for s in lefts}) == 1 else None
            if left is not None and not left.prior and len({s.quantity.unit for s in (rate.base, rate.actual, left)}) == 1:
                found.append(BreakdownClaim(rate.base, [rate.actual, left], True,
                                            Place(self.paragraph, rate.place.start, left.place.end)))
        return found

    def named_lists(self, seen: _Lookup) -> list[BreakdownClaim]:
        """"…“三公”经费支出决算中，公务接待费支出决算0.71万元，占30%；公务用车…1.65万元，占70%": a sentence
        opening with an amount's name and 中 lists its parts; the amount is the one of that name stated
        earlier in the paragraph or in the paragraph above, or the document's only one of that well-known quantity."""
        found = []
        for intro in _NAMED_LIST.finditer(self.text):
            name = normalise_subject(intro["name"]).text
            if not name or intro["name"].endswith("其"):
                continue
            earlier = [t.statement for t in self.tokens if t.role == "statement" and t.quantity.end <= intro.start()
                       and comparable(t.statement.subject) == comparable(name)] \
                or [s for s in self.above if comparable(s.subject) == comparable(name)]   # "其中：A…。\n一、A中，a1…"
            end = self.sentence_end(intro.end())
            whole = earlier[-1] if earlier else seen.sole(name) or self._named_total_after(name, end)
            listed = [t for t in self.tokens if intro.end() <= t.quantity.start < end
                      and not self._in_brackets(intro.end(), t.quantity.start)]
            parts = _parts(listed, whole) if whole is not None else None
            if parts and len(parts) >= 2 and all(p.subject and p.subject != whole.subject for p in parts):
                found.append(BreakdownClaim(whole, parts, names_complete_set(parts),
                                            Place(self.paragraph, intro.start(), parts[-1].quantity.end)))
        return found

    def _named_total_after(self, name: str, end: int) -> Statement | None:
        """"…三公经费支出决算中，A…；B…；C…。…三公经费支出决算总额为W万元": the total the sentence after a
        named list opens with, when it is the well-known quantity the list names."""
        key = canonical_key(name)
        after = next((t for t in self.tokens if t.quantity.start >= end), None)
        if key is None or after is None or after.role != "statement" or after.sentence != self.sentence_of(end):
            return None
        return after.statement if after.statement.key == key and not after.statement.prior else None

    def numbered_sentences(self) -> list[_NumberedSentence]:
        """Each sentence with the item number it opens with (rank 0 when none) and its amounts of this
        year, for the numbered lists that run over sentences and paragraphs."""
        amounts: dict[int, list[Statement]] = {}
        for t in self.tokens:
            # "（一）A收入（未扣减B 822.05亿元）1887.70亿元": a figure in brackets details the item's, after them
            if t.role == "statement" and isinstance(t.statement, AmountClaim) and not t.statement.prior \
                    and not self._in_brackets(self._sentence_start(t.sentence), t.quantity.start):
                amounts.setdefault(t.sentence, []).append(t.statement)
        found = []
        for sentence in range(len(self.ends) + 1):
            start = self._sentence_start(sentence)
            end = self.ends[sentence] if sentence < len(self.ends) else len(self.text)
            if not self.text[start:end].strip():
                continue
            rank, written, value = numbering_of(self.text[start:end])
            listed = amounts.get(sentence, [])
            intro = not listed and bool(_ITEM_INTRO.search(self.text, start, end + 1))
            head = self.text[start:listed[0].quantity.start] if listed else self.text[start:end] if intro else ""
            none = not listed and bool(_NONE_STATED.match(self.text[start:end].lstrip()[len(written):]))
            found.append(_NumberedSentence(rank, value, listed, intro, frozenset(s for s in _SIDES if s in head),
                                           bool(CLASSIFIED.search(head)), none))
        return found

    def _items_of_the_sentence_before(self, total: _Token) -> list[_Token]:
        """A total opening its sentence with 共计/合计 ("共计下达转移支付资金W万元") after a sentence that is a list of
        items, one amount each, parted by semicolons: those items."""
        if total.sentence == 0 or not _OPENS_WITH_TOTAL.match(self.text, self._sentence_start(total.sentence)) \
                or any(t.sentence == total.sentence and t.quantity.start < total.quantity.start for t in self.tokens):
            return []
        items = [t for t in self.tokens if t.sentence == total.sentence - 1 and t.role == "statement"]
        parted = all(_SEMICOLON.search(self.text, a.quantity.end, b.quantity.start) for a, b in zip(items, items[1:]))
        return items if len(items) > 2 and parted \
            and not self._in_brackets(self._sentence_start(total.sentence - 1), items[0].quantity.start) else []

    def _list_scope_start(self, total: _Token) -> int | None:
        """Where the parts of a total named after them begin: its sentence's or clause's start; None
        after "其中", whose list ``breakdowns`` reads with the whole named before it."""
        sentence_start = self._sentence_start(total.sentence)
        clause = _last_end(_SEMICOLON, self.text[:total.quantity.start])
        intro = max((m.end() for m in _PARTS_INTRO.finditer(self.text, 0, total.quantity.start)
                     if not self._in_brackets(sentence_start, m.start())), default=-1)   # "B万元（其中：…）" is B's
        if intro > max(sentence_start, clause) and not _ADDING.search(self.text, max(sentence_start, clause), intro):
            return None   # "…加上B万元，其中：B1…、B2…，C万元，收入总计T": B's list is nested in the total's
        if clause > sentence_start and not any(clause <= t.quantity.start < total.quantity.start for t in self.tokens):
            return sentence_start   # "A亿元；上年结转B亿元；…；收入合计T亿元": a total alone in its clause sums the clauses
        if total.statement and _ALL_ABOVE.match(total.statement.raw_subject):
            return sentence_start   # "A…；B…、C…，以上共计T": all that the sentence stated
        return max(sentence_start, clause)

    def continues_list(self, breakdown: BreakdownClaim) -> bool:
        """"…其中：\n人员经费897.15万元…。\n公用经费89.19万元…": a paragraph that opens with more parts
        of the list the paragraph above ended with; they join that list."""
        more = self._parts_continued(-1, breakdown.whole, breakdown.parts)
        for part in more:
            part.whole = breakdown.whole
        breakdown.parts += more
        breakdown.names_complete_set = names_complete_set(breakdown.parts)
        return bool(more)

    def _short_before_a_nested_list(self, whole: Statement, parts: list[Statement]) -> bool:
        """Parts short of their whole, the sentence after them opening with a 其中 of its own."""
        short = interval_sum(p.quantity.in_wan() for p in parts).hi < whole.quantity.in_wan().interval().lo
        following = parts[-1].sentence + 1
        return short and following <= len(self.ends) \
            and bool(_PARTS_INTRO.match(self.text, self._sentence_start(following)))

    def _parts_continued(self, last: int, whole: Statement, parts: list[Statement]) -> list[Statement]:
        """"其中：A…。B…。C…。": the sentences after the list that each open with one more part like
        them, as long as the parts stay within the whole (a sentence that would take them past it is
        read as the next topic, not as a part), or that make it up naming a whole set ("W万元。其中：基本支出W万元，
        项目支出0万元。…。财政拨款结转结余0万元" ends with 项目支出). A sentence with no figure ("主要包括：基本
        工资…") describes the part before it."""
        more: list[Statement] = []
        total = sum(p.quantity.in_wan().value for p in parts)
        for sentence in range(last + 1, len(self.ends) + 1):
            if names_complete_set(parts + more) \
                    and interval_sum(p.quantity.in_wan() for p in parts + more).overlaps(whole.quantity.in_wan().interval()):
                break
            tokens = [t for t in self.tokens if t.sentence == sentence]
            if not tokens and sentence < len(self.ends):
                continue
            start, end = self._sentence_start(sentence), self.sentence_end(self._sentence_start(sentence))
            opens = tokens and not _ITEM_NUMBER.sub("", self.text[start:tokens[0].clause_start]).strip()
            numbered = numbering_of(self.text[start:])[0] and not _INLINE_ITEMS.search(self.text, start, end)
            if not opens or numbered \
                    or _PARTS_INTRO.search(self.text, self._sentence_start(sentence), tokens[0].quantity.start):
                break
            found = _parts([t for t in tokens if not self._in_brackets(start, t.quantity.start)], whole)   # not a part's own list
            if not found or _mirrors(found[0], whole):
                break   # "一般公共预算收入安排W，其中A…。一般公共预算支出安排B…": the other side's sentence, no more parts
            total += sum(p.quantity.in_wan().value for p in found)
            if total > whole.quantity.in_wan().interval().hi:
                break
            more += found
        return more


@dataclass
class _NumberedSentence:
    rank: int                  # the rank of the item number it opens with, 0 for none
    value: int | None
    amounts: list[Statement]
    intro: bool = False        # no figure, and ends as a list's introduction ("具体如下：")
    sides: frozenset[str] = frozenset()   # 收入/支出 named before its first amount ("（一）收入预算，…")
    view: bool = False         # opens as one classification of the whole ("（二）按支出用途分类，…")
    none: bool = False         # no figure, and says there is none ("（一）2017年无因公出国（境）费用预算。")


def _numbered_breakdowns(sentences: list[_NumberedSentence | None]) -> list[BreakdownClaim]:
    """"三公经费预算12万元。(一)因公出国费0万元…。(二)公务用车…9万元…。(三)公务接待费3万元…": a
    sentence with one amount, followed by items numbered 1, 2, 3 … of one rank (in its paragraph or
    in the paragraphs below it), each opening with an amount: the items' amounts are its parts. After
    an introduction ("收入具体情况如下。") the sentence before may state several amounts ("总收入W，
    其中本年收入V"): the items are those of the one they add up to, and of none if they fit none. None
    in the sequence marks a heading or a table, which ends a list."""
    found = []
    for index, sentence in enumerate(sentences[:-1]):
        after = index + 1
        while after < len(sentences) - 1 and sentences[after] is not None and (
                sentences[after].intro or not sentences[after].amounts and not sentences[after].rank):
            after += 1   # past "具体如下：" and past a sentence with no amount ("完成调整预算的96.1%。")
        first = sentences[after]
        if sentence is None or first is None or not sentence.amounts or first.value != 1 \
                or first.rank in (0, sentence.rank) or (len(sentence.amounts) > 1 and after == index + 1):
            continue
        introduced = frozenset().union(*(s.sides for s in sentences[index + 1:after]))
        if any(side not in a.subject for a in sentence.amounts for side in introduced):
            continue   # "…结余B万元。支出分项目具体如下：1.…": the items of 支出, not of B
        parts, items, numbered = [], [], 0
        for item in sentences[after:]:
            if item is not None and item.rank == first.rank and item.value not in (numbered + 1, 1):
                parts = []   # "（一）…（二）…（四）…": numbering that skips an item leaves the list unknown
                break
            if item is None or item.rank and item.rank <= first.rank and item.value != numbered + 1 \
                    or 0 < item.rank < first.rank:
                break
            if item.rank == first.rank:
                numbered += 1
                if item.none:
                    continue   # "（一）无因公出国（境）费用。（二）公务接待费A…": an item of none, no part to add
                if item.view:
                    parts = []
                    break
                top = max(max((_total_rank(s.subject) for s in sentence.amounts), default=0), 1)
                if not item.amounts or not item.amounts[0].subject or _total_rank(item.amounts[0].subject) >= top:
                    parts = []
                    break
                parts.append(item.amounts[0])
                items.append(item)
        amounts = [*sentence.amounts, *parts]
        if len(parts) < 2 or len({p.quantity.unit for p in amounts}) > 1 and any(p.quantity.kind != "money" for p in amounts) \
                or len(frozenset().union(*(item.sides for item in items))) > 1:
            continue   # "（一）收入预算…（二）支出预算…": the two sides of a budget, not parts of one amount
        total = interval_sum(bare_zeros_exact([p.quantity.in_wan() for p in parts]))   # "…0元" among 万元 items
        fitting = [s for s in sentence.amounts if s.quantity.in_wan().interval().overlaps(total)]
        # of several that fit within their rounding ("0万元" fits 0.48), the nearest; of equals, the last
        nearest = min(reversed(fitting), key=lambda s: abs(s.quantity.value - (total.lo + total.hi) / 2), default=None)
        whole = sentence.amounts[0] if len(sentence.amounts) == 1 else nearest
        # "…公务接待费支出0.1万元，占…。具体情况如下：1.因公出国…2.公务用车…3.公务接待费…": the items of a whole above,
        # not of one of them
        if whole is not None and not any(_same_item(part, whole) for part in parts):
            found.append(BreakdownClaim(whole, parts, names_complete_set(parts), whole.place))
    return found


def _numbered_totals_after(sentences: list[_NumberedSentence | None]) -> list[BreakdownClaim]:
    """"1.A资金1245万元\n2.B资金54万元\n…\n5.E资金8000万元\n以上资金合计10549万元": a total named 以上…合计 right after
    items numbered 1 to n of one rank, each opening with an amount, is their sum."""
    found = []
    for index, sentence in enumerate(sentences):
        if index == 0 or sentence is None or sentence.rank or not sentence.amounts:
            continue
        total = sentence.amounts[0]
        if not (_ALL_ABOVE.match(total.raw_subject) and _TOTAL_WORDS.search(total.raw_subject)):
            continue
        items: list[_NumberedSentence] = []
        for item in reversed(sentences[:index]):
            if item is None or not item.rank or not item.amounts or items and item.rank != items[-1].rank \
                    or item.value != (items[-1].value - 1 if items else item.value):
                break
            items.append(item)
        parts = [item.amounts[0] for item in reversed(items)]
        if len(parts) >= 2 and items[-1].value == 1 and len({p.quantity.unit for p in [total, *parts]}) == 1:
            found.append(BreakdownClaim(total, parts, True, Place(total.place.paragraph, total.place.start, total.quantity.end)))
    return found


def _parallel_breakdowns(breakdowns: list[BreakdownClaim], growths: list[GrowthClaim], rates: list[RateClaim],
                         bare_changes: list[tuple[_Token, str, Statement | None]] = (),
                         comparisons: list[ComparisonClaim] = (), year: int | None = None,
                         restated: bool = False) -> list[BreakdownClaim]:
    """"W万元，较上年P万元减少Y万元，完成预算B万元的N%…其中：A万元，较上年p万元减少a万元，完成预算
    b万元的…": where the parts add up to the whole and each, like the whole, states the same companion
    figure (its change, last year's amount or its budget, against last year or against the budget),
    those figures add up too. With ``restated``, only lists some of whose parts have their companion
    where the part is stated again ("其中：A a万元…。（一）A a万元，比上年减少…"), under the same name."""
    # (against, is a change) → the companion figure of each amount, by the amount's id
    companions: dict[tuple[str, bool], _ByAmount] = {}
    for g in growths:
        if g.current is None or g.net:
            continue
        against = "预算" if g.against == "budget" else "上年"
        # the first change stated is against last year; a later one may be against another year ("比2019年…")
        if g.change is not None:
            change = _change_of(g.current, g.change, g.direction, against, g.place, g.current.sentence)
            companions.setdefault((against, True), _ByAmount()).add(g.current, change)
        if g.prior is not None:
            companions.setdefault((against, False), _ByAmount()).add(g.current,
                                                                   _companion(g.current, g.prior, f"{against}数"))
    for flat in comparisons:   # "因公出国（境）经费35万元，较上年持平": a change of nothing
        if flat.relation == "=" and flat.actual is not None and flat.growth is None and not flat.subject:
            against = "预算" if flat.against == "budget" else "上年"
            nothing = _change_of(flat.actual, replace(flat.actual.quantity, value=Decimal(0)), 1, against, flat.place,
                                 flat.actual.sentence)
            companions.setdefault((against, True), _ByAmount()).add(flat.actual, nothing)
            if flat.base is not None:   # "较预算数0万元无增减"
                companions.setdefault((against, False), _ByAmount()).add(flat.actual,
                                                                       _companion(flat.actual, flat.base, f"{against}数"))
    for change, clause, current in bare_changes:   # "…19万元，较上年减少11万元，较年初预算数减少3万元"
        if current is not None:
            against = "预算" if _names_budget(clause, year) else "上年"   # as _changes_without_rate reads the clause
            signed = _change_of(current, change.quantity, change.direction, against,
                                Place(current.place.paragraph, change.clause_start, change.quantity.end), change.sentence)
            companions.setdefault((against, True), _ByAmount()).add(current, signed)
    for r in rates:
        if r.actual is not None and r.base is not None:
            companions.setdefault(("预算", False), _ByAmount()).add(r.actual, _companion(r.actual, r.base, "预算数"), first=False)
    found = []
    for breakdown in breakdowns:
        amounts = [breakdown.whole, *breakdown.parts]
        if len(breakdown.parts) < 2 or len({s.quantity.unit for s in amounts}) > 1 \
                or not interval_sum(p.quantity for p in breakdown.parts).overlaps(breakdown.whole.quantity.interval()):
            continue
        summed: set[str] = set()
        for (against, _), of_amount in sorted(companions.items(), key=lambda item: item[0][1]):   # amounts first
            figures = [of_amount.of(s) for s in amounts]
            if restated:
                if None not in figures:
                    continue   # read in its paragraph
                figures = [f or of_amount.restated(s) for f, s in zip(figures, amounts)]
            if None in figures or len({f.quantity.unit for f in figures}) > 1 or against in summed:
                continue   # with last year's amounts summed, the changes' sum says nothing more
            summed.add(against)
            found.append(BreakdownClaim(figures[0], figures[1:], True,
                                        Place(breakdown.place.paragraph, figures[0].place.start,
                                              max(f.place.end for f in figures))))
    return found


def _changes_after_complete_lists(growths: list[GrowthClaim], breakdowns: list[BreakdownClaim]) -> None:
    """"总预算W元，其中：基本支出A元，项目支出B元，同比增加Y元，增长N%": a change right after the last
    part of a list that adds up to its whole, no other part having one, may be the whole's or that
    part's; it is the whole's when its rate fits the whole and not the part."""
    for breakdown in breakdowns:
        last = breakdown.parts[-1] if breakdown.parts else None
        if last is None or not interval_sum(p.quantity for p in breakdown.parts).overlaps(
                breakdown.whole.quantity.interval()):
            continue
        # the changes of its parts right after it; a part's own sentence further on ("…。其中：A同口径比上年减少…") is apart
        own = [g for g in growths if g.current is not None and any(g.current is p for p in breakdown.parts)
               and breakdown.place.paragraph.text.count("。", breakdown.place.end, g.place.start) <= 1]
        if len(own) == 1 and own[0].current is last and own[0].change is not None and not own[0].net \
                and _rate_fits(own[0], breakdown.whole) and not _rate_fits(own[0], last):
            own[0].current = breakdown.whole


def _rate_fits(growth: GrowthClaim, current: Statement) -> bool:
    """The stated rate is the change over last year's amount (current − change), to its shown places."""
    change = growth.change.value * growth.direction
    prior = current.quantity.value - change if current.quantity.unit == growth.change.unit else None
    if not prior:
        return False
    return abs(change / prior * 100 - growth.rate.value * growth.rate_direction) <= growth.rate.half_unit


class _ByAmount:
    """The companion figure of each amount (by the amount's id), the amounts kept to find one stated again."""

    def __init__(self) -> None:
        self._figures: dict[int, Statement] = {}
        self._amounts: list[Statement] = []

    def add(self, amount: Statement, figure: Statement, first: bool = True) -> None:
        """Keep ``figure`` as the amount's companion (unless it has one and ``first`` says the first wins)."""
        if id(amount) not in self._figures:
            self._amounts.append(amount)
        elif first:
            return
        self._figures[id(amount)] = figure

    def of(self, amount: Statement) -> Statement | None:
        return self._figures.get(id(amount))

    def restated(self, part: Statement) -> Statement | None:
        """The figure beside the one other amount of the same name and value as ``part``."""
        same = [a for a in self._amounts if a is not part and a.quantity.value == part.quantity.value
                and a.quantity.unit == part.quantity.unit and _same_name(a, part)]
        return self._figures[id(same[0])] if len(same) == 1 else None


def _same_name(a: Statement, b: Statement) -> bool:
    """Two amounts named alike: the same well-known quantity ("公务接待费支出预算" and "公务接待费支出"), or the
    same words."""
    key = _key_of(a)
    return bool(key and key == _key_of(b) or a.subject and comparable(a.subject) == comparable(b.subject))


def _same_item(a: Statement, b: Statement) -> bool:
    """Two amounts of one well-known item, budget or not ("公务接待费预算支出" and "公务接待费支出"); items named
    alike otherwise ("…项目41个，预算支出A万元") may be parts of a whole so named."""
    return bool((key := canonical_key(a.subject.replace("预算", ""))) and key == canonical_key(b.subject.replace("预算", "")))


def _key_of(statement: Statement) -> str | None:
    return statement.key or canonical_key(_BUDGET_SUFFIX.sub("", statement.subject))


def _change_of(statement: Statement, change: Quantity, direction: int, against: str, place: Place,
               sentence: int) -> Statement:
    """The change stated beside an amount as an amount with its sign ("减少5.00万元" → −5.00), named after
    the amount."""
    return AmountClaim(subject=f"{statement.subject}较{against}增减额", raw_subject=f"{statement.label}较{against}增减额",
                       quantity=replace(change, value=abs(change.value) * direction), place=place, sentence=sentence)


def _companion(statement: Statement, figure: Statement, role: str) -> Statement:
    """The figure stated beside an amount (its budget, last year's amount), named after the amount."""
    return AmountClaim(subject=f"{statement.subject}{role}", raw_subject=f"{statement.label}{role}",
                       quantity=figure.quantity, place=figure.place, sentence=figure.sentence, prior=True)


def _nested_in(part: Statement, parts: list[Statement]) -> bool:
    """A part named as inside an earlier one (vocabulary nested_names: 一般公共预算… after 国家财政性…)."""
    return any(inner in part.subject and any(outer in p.subject for p in parts) for outer, inner in _NESTED_NAMES)


def _common_ending(a: str, b: str) -> str:
    return commonprefix([comparable(a)[::-1], comparable(b)[::-1]])[::-1]


def _total_rank(subject: str) -> int:
    """How high a total its name makes it: 总计 over 合计 over 小计; 0 for a name with none ("…收入累计完成"
    is an amount to date, not a total)."""
    subject = _TO_DATE.sub("", subject)
    return next((rank for rank, rx in _TOTAL_RANKS if rx.search(subject)), 0)


def _counts_the_part(token: _Token, then: _Token | None, whole: Statement) -> bool:
    """A count opening a part of an amount, its amount later in the same clause: "…，其中11个…项目1325万元，…"."""
    if token.role != "statement" or not isinstance(token.statement, CountClaim) or isinstance(whole, CountClaim) \
            or then is None or then.role != "statement" or type(then.statement) is not type(whole):
        return False
    text = token.statement.place.paragraph.text
    return not _CLAUSE_COMMA.search(text, token.quantity.end, then.quantity.start) \
        and not _SEMICOLON.search(text, token.quantity.end, then.quantity.start)


def _parts(after: list[_Token], whole: Statement) -> list[Statement] | None:
    """Every number after "其中" is a part like the whole (or a share of the part before it), else None."""
    parts: list[Statement] = []
    for before, token, then in zip([None, *after], after, [*after[1:], None]):
        if then is not None and _ADJUSTED_TO.fullmatch(then.prefix):
            continue   # "其中：A由年初预算的a0调整为a1，…": the part is what it was adjusted to
        if _counts_the_part(token, then, whole):
            continue   # "其中11个公办养老机构提升改造项目1325万元": how many the part holds, before its amount
        if token.role == "rate" and (not parts or any(_ROLE_WORD.search(_FUND_BUDGET.sub("", p.raw_subject))
                                                      for p in parts)):
            if parts and _SEMICOLON.search(parts[0].place.paragraph.text, parts[0].quantity.end, token.quantity.start):
                break   # "…，其中：A…，B…；年末结余C；…预算数D，实际支出数E，执行率N%": the rate's figures are past the list
            return None   # "A目标值20万元，实际完成值20万元，完成比例100%": figures of rates, not parts
        if parts and (_beside_a_figure(token) or _names_a_base(token) or _GIVES_A_REASON.search(token.prefix)):
            continue   # a part's own share, its completion rate, its rate of a stated budget, its change, or a
            #            figure in the reason given for it ("…，增长20.4%，增长的主要原因是…补助4.23亿元")
        s = token.statement
        if parts and s is not None and (_spent_on(parts[-1], token) or _inside_a_part(s, parts)):
            continue   # "…；B 908055.4万元，主要用于b1 5000万元、b2 4260万元等；C…": what a part is spent on, no part;
            #            "其中教育支出A，高等教育在教育支出中占比最大，B": a part of a part
        if token.role == "statement" and _named_as(s) and _named_as(whole) and _named_as(s) != _named_as(whole):
            continue   # "决算支出数为W，其中：A预算数为a0，决算支出数为a1…": a part's budget beside its result
        if token.role == "statement" and _per_unit(s) and not _per_unit(whole):
            continue   # an average ("平均每辆1.71万元"), a standard ("其中A…，其标准为1.142万元/人"); averages do
            #            make up an average ("人均三公经费3100元，其中，因公出国费年人均600元，…")
        if parts and token.role == "statement" and (type(s) is not type(whole) or s.quantity.unit != whole.quantity.unit
                                                    and isinstance(s, CountClaim) or _DETAIL.match(s.raw_subject)):
            continue   # a part's own count ("…公务接待批次为1126次"), amount beside a count or detail ("，包括…")
        if token.role != "statement" or type(s) is not type(whole) or _DEDUCTION.search(s.raw_subject):
            return None   # "…其中留抵退税冲减收入B亿元": what is taken off, no part
        if isinstance(s, CountClaim) and s.quantity.unit != whole.quantity.unit:
            return None
        # "…，年初项目支出结转和结余C万元": a carry-over named after spending is still the income's; a whole naming no
        # side takes the side of its first part, when named by it, past a budget word (A收入, B收入实现, C支出预算): "…滚存结余W。
        # 其中，A收入a；支出b": b is no part; but "可用资金W，其中：支出基数a，税收分成收入b" names a base, no spending
        side = _other_side(whole) or (_other_side(parts[0]) if parts and not _sides_named(whole)
                                      and _SIDE_AT_END.search(_BUDGET_SUFFIX.sub("", comparable(parts[0].subject))) else "")
        other_side = bool(side) and side in s.subject and not _REMAINDER.search(s.subject)
        if parts and (s.subject in _TOTALS_AFTER or _TOTAL_LEAD.match(s.raw_subject) or other_side or _PROGRESS.match(s.raw_subject)
                      or _DONE_ACT.match(s.raw_subject.strip()) and not any(_DONE_ACT.match(p.raw_subject.strip()) for p in parts)
                      or _LIMIT.search(s.raw_subject) and not _LIMIT.search(whole.raw_subject)
                      or _ADDED.match(s.raw_subject) or _nested_in(s, parts)
                      or _BESIDES.search(s.place.paragraph.text, before.quantity.end, token.quantity.start)
                      or _never_part_of(s, whole)):
            break   # "其中A…，B…，合计W": the total restated; "…；基本支出…" after an income's parts;
            #         "…；加上级补助收入…" adds to another total, "此外，…" to the list; "…，目前已下达B" and, after
            #         parts that are not acts, "…，已支出B" are progress,
            #         "…控制在限额C之内" a ceiling: no part
        if parts and then is not None and _OPENS_ITS_LIST.match(then.prefix) \
                and token.clause_start <= before.quantity.end:
            break   # "…，其他资金C万元2023年支出D万元，其中…": D, run on with no stop, opens a list of its own
        if not s.subject or _total_rank(s.subject) >= max(_total_rank(whole.subject), 1) \
                and not _scoped_total(s, whole):
            if parts and _total_of_another_item(s, whole):
                break   # "资产总额W，其中A…，B…，负债总额L": the total of another item ends the list
            return None   # a total among the parts, unless a lower one ("收入总计…，其中：收入合计…") or one
            #               of a part of the whole's body ("资产总额W，其中，行政单位资产总额A")
        parts += [s] * token.each   # "A、B、C各0.11亿元" are three parts
    named = [k for k, p in enumerate(parts) if p.subject == whole.subject]
    # "…审定金额W，其中预算…送审金额a1，审定金额b1，结算…送审金额a2，审定金额b2": pairs (or triples), each with one
    # figure named as the whole, which is the part; not "调整为W。其中：A 114万元，不作调整；B…调整为b；C…调整为c"
    size = len(parts) // len(named) if named else 0
    grouped = len(named) > 1 and size > 1 and size * len(named) == len(parts) \
        and all(k % size == named[0] % size for k in named)
    return [parts[k] for k in named] if grouped else parts


def _spent_on(part: Statement, token: _Token) -> bool:
    """A figure is among what the part before it is spent on: past a 用于 that opens amounts after the part, with no
    semicolon (the next part) between; a part itself named by 用于 ("其中用于A a1，用于B b1") opens none."""
    text = part.place.paragraph.text
    spent = list(_SPENT_ON.finditer(text, part.quantity.end, token.quantity.end))
    return bool(spent) and "用于" not in part.raw_subject and not _SEMICOLON.search(text, spent[0].start(), token.quantity.start)


def _inside_a_part(statement: Statement, parts: list[Statement]) -> bool:
    """A figure named as within a part listed before it: its clause says "在<that part>中" or "<that part>中"."""
    said = statement.place.paragraph.text[parts[-1].quantity.end:statement.quantity.start]
    return any(len(name) >= 2 and f"{name}中" in said for name in (MARKUP.sub("", p.subject) for p in parts))


def _total_of_another_item(part: Statement, whole: Statement) -> bool:
    """"负债总额" after "国有资产总额W，其中…": a figure named as the total of an item that is not the whole's."""
    if not _NAMED_TOTAL.search(part.subject):
        return False
    item, whole_item = (comparable(_TOTAL_WORDS.sub("", s.subject)) for s in (part, whole))
    return bool(item) and not (item.endswith(whole_item) or whole_item.endswith(item))


def _scoped_total(part: Statement, whole: Statement) -> bool:
    """A total named as the whole's, of another body: "行政单位资产总额" within "行政事业单位资产总额" (the
    names end alike, total word included, and differ before it)."""
    a, b = part.subject, whole.subject
    common = next((n for n in range(min(len(a), len(b)), 0, -1) if a[-n:] == b[-n:]), 0)
    return a != b and common >= 4 and _SUMMED_TOTAL.search(a[-common:]) is not None


def _named_as(statement: Statement) -> str:
    """"base" for a figure named as a budget (…预算数为), "actual" for one named as a result (…决算支出数为), ""
    for neither."""
    named = _BUDGET_OR_RESULT.search(statement.raw_subject)
    return "" if named is None else "base" if named["base"] else "actual"


def _first_part_detailed(parts: list[Statement], whole: Statement) -> list[Statement] | None:
    """"实有人数53，其中：在职人数53，行政在职人数21、…、自收自支在职人数14；离休人数0；…": a first part as large as
    its whole, whose name the parts after it repeat, is the whole they detail, up to the first part not so named."""
    if len(parts) < 3 or parts[0].quantity.value != whole.quantity.value:
        return None
    core = _MEASURE_WORD.sub("", parts[0].subject)
    named = list(takewhile(lambda p: core in p.subject, parts[1:])) if len(core) >= 2 else []
    return named if len(named) >= 2 else None


def _never_part_of(part: Statement, whole: Statement) -> bool:
    """"在职职工138人，其中正式职工126人，特岗教师12人，退休64人": the retired are no part of the staff in post
    (vocabulary lists.never_parts_of)."""
    return any(outer in whole.subject and inner in part.subject for outer, inner in _NEVER_PARTS_OF)


def _before_a_sibling(parts: list[Statement] | None, whole: Statement) -> list[Statement] | None:
    """"一般转移支付收入B万元(含a…、b…,专项转移支付收入C万元)": a bracket that runs on past the whole's parts to a
    sibling of the whole (a name with the same ending, 转移支付收入) lists the whole's parts only up to it."""
    for index, part in enumerate(parts or []):
        shared = len(commonprefix([part.subject[::-1], whole.subject[::-1]]))
        if index >= 2 and shared >= 4 and 0 < len(part.subject) - shared <= 4 and 0 < len(whole.subject) - shared <= 4:
            return parts[:index]
    return parts


def _fitting_whole(whole: Statement, parts: list[Statement], earlier: list[Statement]) -> Statement:
    """"一般公共预算收入完成W万元，…；税收收入完成T万元…。分级次看，市本级A万元；县区级B万元": a list
    opening its sentence (or paragraph) lists the last amount before it, unless its parts add up to
    another amount stated before (the latest such) and not to the last one."""
    total = interval_sum(p.quantity.in_wan() for p in parts)
    if whole.quantity.in_wan().interval().overlaps(total):
        return whole
    fitting = [s for s in earlier if type(s) is type(whole) and not s.prior
               and s.quantity.in_wan().interval().overlaps(total)]
    return fitting[-1] if fitting else whole


def _above_the_whole(part: Statement, whole: Statement) -> bool:
    """"…收入完成T万元…；非税收入完成W万元。其中：累计完成地方本级收入P万元": a 其中 opening its sentence whose
    first part is above the amount before it lists another total stated before (T), not that amount."""
    return part.quantity.in_wan().interval().lo > whole.quantity.in_wan().interval().hi


def _closed_list(after: list[_Token], whole: Statement) -> list[_Token] | None:
    """The tokens of a list nested in another with no bracket to close it: its parts (with the figures
    beside them) up to where their sum reaches the whole it lists and the next part would pass it."""
    target, total, taken = whole.quantity.in_wan().interval(), Decimal(0), 0
    for index, token in enumerate(after):
        if token.role != "statement" or _beside_a_figure(token):
            continue
        if taken and target.lo <= total and total + token.quantity.in_wan().value > target.hi:
            return after[:index]
        total += token.quantity.in_wan().value
        taken += 1
        if total > target.hi:
            return None
    return after if taken and target.lo <= total else None


def _signed_as_adjusted(whole: Statement, parts: list[Statement]) -> list[Statement]:
    """"调增支出1.84亿元，包括调增A 2.73亿元和B 0.60亿元、调减C 1.49亿元": C, adjusted the other way, is taken away."""
    way = _adjusted_way(whole.raw_subject)
    return [_negated(p) if way and _adjusted_way(p.raw_subject) == -way else p for p in parts]


def _adjusted_way(subject: str) -> int:
    """+1 for a figure named as adjusted up (调增), −1 down (调减), by the last such word; 0 for neither."""
    found = [(m.start(), way) for way, words in ((1, _ADJUSTED_UP), (-1, _ADJUSTED_DOWN)) for m in words.finditer(subject)]
    return max(found)[1] if found else 0


def _negated(statement: Statement) -> Statement:
    """An amount taken away ("减去债务还本支出0.3亿元") as the part it is of a total: below zero."""
    return replace(statement, quantity=replace(statement.quantity, value=-statement.quantity.value))


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]")
_COMPARED_IN = re.compile(r"[比较与]|同期|上年|去年|年初|预算|各|均|分别")


def _per_unit(statement: Statement) -> bool:
    """A figure per unit (每村…, 平均…, 人均…, or written "万元/人"): no amount of its own; but a per-student grant
    counted in 万元 or 亿元 ("高中生均经费98.4万元") is a program's whole allocation."""
    named = _PER_UNIT.search(statement.raw_subject)
    program = named is not None and named.group() == "生均" and statement.quantity.unit in ("万元", "亿元")
    return bool(named and not program or _PER_UNIT_AFTER.match(statement.place.paragraph.text, statement.quantity.end))


def _summands(listed: list[_Token], total: Statement) -> list[Statement] | None:
    """This year's figures before a total named after them, their rates, shares and changes skipped;
    None if one is of another kind or of the other side (an income among the parts of 支出合计)."""
    parts: list[Statement] = []
    other_side = _other_side(total)
    if len({_POSTS.search(t.statement.subject) is None for t in listed if t.role == "statement"}) > 1:
        return None   # "事业编制61人，在职66人，总计66人": posts and persons are no parts of one total
    for token, after in zip(listed, [*listed[1:], None]):
        if _named_change(token):
            return None   # "…，调出资金增加9874万元，…，总支出T": an item written as a change, no sure part
        if _beside_a_figure(token) or _budget_of_the_actual_after(token, after) or token.role == "statement" \
                and _per_unit(token.statement):
            continue   # "…，每村每年补助4400元，分配至A 93万元，…，共计237万元": the standard is no summand
        s = token.statement
        taken_away = bool(_LESS.match(s.raw_subject)) if s else False   # "…，减去债务还本支出C": the other side, subtracted
        # "本年收入合计A，加上年初结转和结余B，收入总计T": a lower total may be a part of a higher one
        lower_total = 0 < _total_rank(s.subject) < _total_rank(total.subject) if s else False
        if token.role != "statement" or type(s) is not type(total) or s.prior or not s.subject \
                or _TOTAL_WORDS.search(_TO_DATE.sub("", s.subject)) and not lower_total \
                or (other_side and other_side in s.subject and not taken_away):
            return None
        parts.append(s)
    return parts


def _budget_of_the_actual_after(token: _Token, after: _Token | None) -> bool:
    """"收入预算数为A亿元，实际完成B亿元，…，加上…，收入合计T": the budget of the actual stated right after it is
    no summand."""
    if token.statement is None or after is None or after.statement is None:
        return False
    named = _FUND_BUDGET.sub("", token.statement.raw_subject).rstrip(" 为是：:")
    return bool(_BASE_AT_END.search(named)) and _last_end(_ACTUAL, after.statement.raw_subject) >= 0


def _named_change(token: _Token) -> bool:
    """A change that names its own item and compares with nothing ("调出资金增加9874万元"), not the change of
    the figure before it ("…万元，同比增加…", "比上年减少…")."""
    name = token.prefix[:token.word_start]
    return token.role == "change" and len(_CJK_NAME.findall(name)) >= 2 and not _COMPARED_IN.search(name)


def _whole_name(whole: Statement) -> str | None:
    """Which well-known whole of vocabulary lists.parts_of a statement is: by its concept (past a place named before it,
    "一般公共预算收入完成W万元" stating 一般公共预算收入), or by a name that is none ending its subject."""
    key = whole.key or _key_of_tail(whole.subject) or _key_of_tail(comparable(whole.subject))
    name = _TOTAL_OF_SIDE.sub(r"\1", comparable(whole.subject))   # "财政拨款总收入" is 财政拨款收入
    return key if key in _PARTS_OF else next((known for known in _PARTS_OF if name.endswith(known)), None)


def _part_name(part: Statement, names: list[str]) -> str | None:
    """Which of a whole's well-known parts a statement is: by its concept, or by a name that is none ("税收收入完成A")
    ending its subject."""
    return part.key if part.key in names else next((n for n in names if comparable(part.subject).endswith(n)), None)


def _signed(change: Quantity, direction: int, subject: str, place: Place, sentence: int = 0) -> Statement:
    """A change as an amount with its sign ("减少5.00万元" → −5.00), named after its item."""
    return AmountClaim(subject=subject, raw_subject=f"{subject}增减额", place=place, sentence=sentence,
                       quantity=replace(change, value=change.value * direction))


def known_whole(subject: str) -> str | None:
    """The well-known whole of vocabulary lists.parts_of a change's subject names ("“三公”经费预算" names 三公经费), or
    failing that, the longest it names as written, where its comparable form drops 支出 (一般公共预算财政拨款支出)."""
    written = MARKUP.sub("", subject)
    name = comparable(written)
    return next((whole for whole in _PARTS_OF if whole in name), None) \
        or max((whole for whole in _PARTS_OF if whole in written), key=len, default=None)


def descendants(whole: str | None) -> set[str]:
    """The well-known parts of a whole and of its parts, at any depth (公务用车运行维护费 is one of 三公经费's)."""
    parts = set(_PARTS_OF.get(whole, [])) if whole else set()
    return parts.union(*(descendants(part) for part in parts))


def known_part(subject: str, names: set[str]) -> str | None:
    """Which of a whole's well-known parts a subject names: by its concept ("（二）公务接待费"), or by a name that is
    none ending it ("税收收入完成")."""
    key = canonical_key(MARKUP.sub("", subject))
    return key if key in names else next((name for name in names if comparable(subject).endswith(name)), None)


def _key_of_tail(subject: str) -> str | None:
    """The well-known quantity a subject ends with, past a place named before it
    ("滇池区一般公共预算财政拨款三公经费支出汇总数" is 三公经费)."""
    return next((key for start in range(len(subject) - 1) if (key := canonical_key(subject[start:]))), None)


def _total_side(statement: Statement) -> str:
    """收入 or 支出 for an income or spending total (收入总计, 支出合计, 总收入), else ""."""
    subject = statement.subject
    if not isinstance(statement, AmountClaim) or statement.prior or _NET_CHANGE.search(subject):
        return ""
    side = next((w for w in _SIDES if w in subject), "")
    return side if side and (_total_rank(subject) >= 2 or subject.startswith(f"总{side}")) else ""


def _both_sides_of(whole: Statement, listed: list[_Token]) -> bool:
    """A whole of both sides (收支总预算) listed by the total of each."""
    sides = {_total_side(t.statement) for t in listed if t.role == "statement"}
    return "收支" in whole.subject and set(_SIDES) <= sides


def _other_side_named(text: str, whole: Statement) -> bool:
    """The text names one side (收入 or 支出) only, and the whole's name the other one only."""
    named = {side for side in _SIDES if side in text}
    held = {side for side in _SIDES if side in whole.subject}
    return len(named) == 1 and len(held) == 1 and named != held


def _sides_named(statement: Statement) -> bool:
    return any(side in statement.subject for side in _SIDES)


def _mirrors(statement: Statement, whole: Statement) -> bool:
    """A figure named as the whole is but for the side (一般公共预算支出安排 beside 一般公共预算收入安排)."""
    side = _other_side(whole)
    own = next((w for w in _SIDES if w != side), "")
    name = comparable(statement.subject)
    return bool(side) and len(name) >= 4 and comparable(whole.subject.replace(own, side)).endswith(name)


def _other_side(whole: Statement) -> str:
    """支出 for an income total, 收入 for a spending total, else "" (a total of both: 收入支出预算)."""
    sides = [w for w in _SIDES if w in whole.subject]
    return next(w for w in _SIDES if w != sides[0]) if len(sides) == 1 else ""


def _of_the_share_before(shares: list[ShareClaim]) -> list[ShareClaim]:
    """"一般公共服务支出0万元，占本年财政拨款支出526.40万元的0%；教育支出405.18万元，占本年支出的77%；…": a
    share whose named whole was not found, right after a share of the same kind of whole in its sentence, is
    of that whole (a list of shares names its whole in full once)."""
    ordered = sorted(shares, key=lambda s: s.place.start)
    for before, share in zip(ordered, ordered[1:]):
        if share.whole is None and before.whole is not None and share.whole_text \
                and before.place.paragraph is share.place.paragraph and before.part.sentence == share.part.sentence \
                and before.whole_text.endswith(share.whole_text[-2:]) and share.part.whole is not before.part:
            share.whole = before.whole   # not for a part listed inside the share before's part ("A…，占W的N%，其中a…")
    return shares


def _sums_of_full_shares(shares: list[ShareClaim], breakdowns: list[BreakdownClaim]) -> list[BreakdownClaim]:
    """"按功能科目分类，A 0万元，占本年财政拨款支出W万元的0%；B…，占本年支出的77%；…": parts whose shares of one
    stated whole make 100% add up to it, unless a list already says so."""
    by_whole: dict[int, list[ShareClaim]] = {}
    for share in shares:
        if share.whole is not None and share.whole is not share.part:
            by_whole.setdefault(id(share.whole), []).append(share)
    found = []
    for group in by_whole.values():
        parts = list({id(s.part): s.part for s in group}.values())
        whole = group[0].whole
        listed = any(b.whole is whole and {id(p) for p in b.parts} >= {id(p) for p in parts} for b in breakdowns)
        if len(parts) < 2 or len(parts) != len(group) or listed \
                or not interval_sum(s.share for s in group).overlaps(Interval.exact(Decimal(100))):
            continue
        found.append(BreakdownClaim(whole, parts, True, Place(group[0].place.paragraph, parts[0].place.start,
                                                               group[-1].place.end)))
    return found


def _of_named_whole(shares: list[ShareClaim], named: list[BreakdownClaim]) -> list[ShareClaim]:
    """"三公经费支出决算中，A…，占30%；B…，占70%": shares with no whole, of parts a named list holds, are
    shares of the amount it names."""
    for share in shares:
        if share.whole is None and not share.whole_text:
            share.whole = next((b.whole for b in named if any(p is share.part for p in b.parts)), None)
    return shares


def _of_their_sum(shares: list[ShareClaim], quantities: list[Quantity]) -> list[ShareClaim]:
    """"…决算中，因公出国（境）费8.6万元，占44.3%；公务用车…8.1万元，占41.7%；公务接待费…2.72万元，占14.0%":
    shares with no whole, in one sentence, whose parts make a complete set (or whose shares make 100%)
    are shares of the parts' sum. ``quantities``: every figure of the paragraph."""
    by_sentence: dict[int, list[ShareClaim]] = {}
    for share in shares:
        if share.whole is None and not share.summed_parts:
            by_sentence.setdefault(share.part.sentence, []).append(share)
    for group in by_sentence.values():
        parts = [s.part for s in group]
        percents = [s.share for s in group]
        named = {s.whole_text for s in group} - {""} - _GENERIC_WHOLES
        if named and (len(named) > 1 or not interval_sum(percents).overlaps(Interval.exact(Decimal(100)))):
            continue   # "…占评定项目的N%" four times, making 100%: of one whole the text names but never states
        # shares of one whole that pass 100% between them are of a complete list with a share wrong, unless the
        # list nests ("A…占80%，其中A1…占70%") or two of them, not each a well-known item of its own, are each most of a
        # whole (two bodies' own shares: "甲大学教育支出A，占比96.72%；乙大学教育支出B，占比95.22%")
        text = parts[0].place.paragraph.text
        items = {_key_of(p) for p in parts} - {None}
        passing = interval_sum(percents).lo > 100 and not _INNER_INTRO.search(text, parts[0].place.end, parts[-1].quantity.start) \
            and (sum(p.value > 50 for p in percents) < 2 or len(items) == len(parts))
        if _amounts_between(parts, quantities):
            continue   # "A…，占46.0%；B…，C…，两项合计占0.1%；D…，占12.4%": the whole is more than the parts with shares
        if len(group) > 1 and len({id(p) for p in parts}) == len(parts) and (_complete_list(parts, percents) or passing):
            for share in group:
                share.summed_parts = parts
    return shares


def _amounts_between(parts: list[Statement], quantities: list[Quantity]) -> bool:
    """Amounts of the parts' kind written among them that are none of them."""
    ours = {p.quantity.start for p in parts}
    return any(q.kind == parts[0].quantity.kind and q.start not in ours
               for q in quantities if parts[0].quantity.start < q.start < parts[-1].quantity.end)


# Parts that name a complete partition (or an "other" bucket) make a 其中 list exhaustive.
def names_complete_set(parts: list[Statement]) -> bool:
    subjects = [p.subject for p in parts]
    if any(s.startswith(_OTHER_BUCKETS) for s in subjects[1:]):
        return True   # "…，其他收入C": the rest completes the list (one named first, "主要是其他支出…", is a 类 of its own)
    return _names_partition(parts)


def _names_partition(parts: list[Statement]) -> bool:
    """Whether the parts' names are each one of a set that makes up a whole (vocabulary complete_sets)."""
    subjects = [p.subject for p in parts]
    # each name in a part of its own: "公务用车购置费和运行维护费" alone is one part, not the pair
    return any(len({next((i for i, s in enumerate(subjects) if name in s), None) for name in names} - {None}) == len(names)
               for names in PARTITIONS)


def _one_of_a_set_each(said: list[str]) -> bool:
    """Whether the words said of each part name one member of a set that makes up a whole, each member once."""
    return any(sorted(hit for s in said for hit in [n for n in names if n in s]) == sorted(names)
               and all(sum(n in s for n in names) == 1 for s in said) for names in PARTITIONS)


def _complete_list(parts: list[Statement], shares: list[Quantity]) -> bool:
    """A list that is the whole of something: it names a complete set, or its shares make 100%."""
    return names_complete_set(parts) or interval_sum(shares).overlaps(Interval.exact(Decimal(100)))

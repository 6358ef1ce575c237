"""What the narrative reader (reviewer/facts/claims.py) and its 其中-list reading (reviewer/facts/lists.py)
both use: the ``_Token`` each number of a paragraph becomes, the ``_Lookup`` of amounts stated so far, and
the predicates on tokens and words that tell an amount of its own from a figure stated beside one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.facts.claim_types import AmountClaim, Statement
from reviewer.facts.subjects import canonical_key, comparable, without_body
from reviewer.numbers import Quantity
from reviewer.vocabulary import alternation, vocabulary, words

_SIDES = ("收入", "支出")
_SIDE_AT_END = re.compile(r"(?:支出|收入)$")
# a change against this year's budget ("较预算数", "比年初预算"), not against last year's ("比2021年预算")
_COMPARED_BUDGET = re.compile(r"(?<!年)(?<!上年度)(?<!上一年度)预算")   # not 上年(度)预算数: last year's
_COMPARED_WORD = re.compile(r"[比较与]")
_COMPARED_CLOSED = re.compile(r"相比|比较")
# 较2022年收支预算总数, 比2021年财政拨款收支总预算
_LAST_YEARS_BUDGET = re.compile(r"(?:上年度?|(?P<year>\d{4})年度?)[^，,。；;比较与\d]{2,10}?预算")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# "比2013年预算数少…" in a report of 2013: this year's budget, named by its year
_YEAR_OF_BUDGET = re.compile(r"(?P<year>\d{4})\s*年度?(?=(?:年初|调整)?预算)")
_FUND_BUDGET = re.compile(alternation(words("periods", "fund_budgets")))
_BUDGET_SUFFIX = re.compile(r"(?:预算|决算)数?$")
_SIDE_TOTAL_NAME = re.compile(r"(?:收入|支出)合计")
# "旗级一般公共预算收入" is one level's part of the 一般公共预算收入 a share or a list names as its whole
_ONE_LEVEL = re.compile(r"级$")
# "占一般公共预算支出总量的83%": of 一般公共预算支出; "占…经费决算总数的22.0%": of …经费决算
_AMOUNT_SUFFIX = re.compile(r"(?<=.{4})(?:总量|总额|总数)$")
_TOTAL_SUFFIX = re.compile(r"(?<=.{2})(?:总量|总额|总数|总计|合计)$")
_TOTAL_AMOUNT = re.compile(r"(?<=.{4})总(?=金额$)")   # "占…合同总金额的64.29%": of …合同金额
# "A万元，占年计划B万元的N%": a whole written as an amount between 占 and the percentage.
# "为调整预算225000万元的102.88%": 为 counts only before a budget's name
_SHARE_OF_AMOUNT = re.compile(r"(?P<verb>占|完成|为(?=[^，,。；;占为]*(?:预算|目标|计划)))(?P<name>[^，,。；;占]*)$")
# Completion-rate roles: the words that name a figure as the base (budget, target, plan).
_BASE_GENERIC = re.compile(alternation(words("completion", "base")))
# "节约率", "审减率" → the word naming the base its saving is of (vocabulary lists.saving_rates)
_SAVING_RATES: dict[str, list[str]] = vocabulary()["lists"]["saving_rates"]
_BASE_AT_END = re.compile(rf"(?:{_BASE_GENERIC.pattern})数?$")
_ACTUAL = re.compile(alternation(words("completion", "actual")))
_ALL_OF = re.compile(r"^全部(?=[\u4e00-\u9fff]{4})")   # "占全部组织财政收入的比重": of 组织财政收入 (not 全部支出, a generic whole)
# An amount written as what is compared with ("比2022年预算执行数180.00万元增加…") is the base, not this year's.
_COMPARED_WITH = re.compile(r"^[\s，,、（(]*(?:比(?!如)|较|相比|对比|与(?=(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)度?(?:(?!相比|比较|对比)[^，,。；;\d]){0,12}$))")   # "与2022年的15.00万元相比", "与上年918.60万元相比", "与2012年预算数43.12万元基本持平", "与2021年三公经费支出100万元相比"


@dataclass(eq=False)
class _Token:
    quantity: Quantity
    role: str                 # statement | change | rate_of_change | share | saving | rate | other
    clause_start: int
    prefix: str
    sentence: int
    list_start: int           # where the clause starts when a list's 、 is not a break
    group: int = 0            # tokens of one list ("650.20、350.00万元") share the index of its first
    statement: Statement | None = None
    direction: int = 0
    net: bool = False
    word_start: int = 0       # where the direction word starts in the prefix (changes, rates of change)
    detail: str = ""          # the whole named after 占, or the rate's name
    budget_kind: str = ""     # 年初/全年/调整 in "完成年初预算的…"
    each: int = 1             # how many names one figure is stated of: 3 in "A、B、C各0.11亿元"


_SCOPE = re.compile(r"全[省市县区州旗镇乡]|[省市县区州旗镇乡]?本级")


def scope_of(raw: str) -> str:
    """全市 (the whole area) or 市本级 (the level's own budget) as a name says it, else ""."""
    found = _SCOPE.findall(raw)
    return ("全" if found[-1].startswith("全") else "本级") if found else ""


class _Lookup:
    """Amounts seen so far: well-known quantities document-wide, other subjects within the paragraph."""

    def __init__(self) -> None:
        self._by_key: dict[str, Statement] = {}
        self._by_subject: dict[str, Statement] = {}
        self._stated: dict[str, int] = {}   # how many amounts of each well-known quantity so far
        self._dated: dict[tuple[str, int], list[Statement]] = {}   # (quantity, year written) → amounts
        self._above: dict[str, Statement] = {}   # the paragraph above's, by subject
        self._scoped: dict[tuple[str, str], Statement] = {}   # (scope, subject) → the last amount, document-wide
        self._named_once: dict[str, Statement | None] = {}   # subject → its one amount so far, document-wide (None: two)

    def new_paragraph(self) -> None:
        self._above = self._by_subject or self._above   # past paragraphs with no amount (a heading, a reason)
        self._by_subject = {}

    def add(self, statement: Statement) -> None:
        if isinstance(statement, AmountClaim) and not statement.prior:
            name = comparable(statement.subject)
            self._by_subject[name] = statement
            self._named_once[name] = None if name in self._named_once else statement
            if scope := scope_of(statement.raw_subject):
                self._scoped[scope, name] = statement
            if statement.key:
                self._by_key[statement.key] = statement
                self._stated[statement.key] = self._stated.get(statement.key, 0) + 1
                if statement.year:
                    self._dated.setdefault((statement.key, statement.year), []).append(statement)
            elif key := canonical_key(_BUDGET_SUFFIX.sub("", statement.subject)):
                self._by_key.setdefault(key, statement)   # "基本支出预算" stands for 基本支出 in a budget

    def of_year(self, subject: str, year: int) -> Statement | None:
        """The one amount of the well-known quantity a subject names that is written with that year."""
        found = self._dated.get((canonical_key(subject) or "", year), [])
        return found[0] if len(found) == 1 else None

    def sole(self, subject: str) -> Statement | None:
        """The well-known quantity a subject names, if the document has stated one amount of it so far:
        with two (this year's and last year's, a budget's and a result), which one is meant is unknown."""
        key = canonical_key(subject)
        return self._by_key.get(key) if key and self._stated.get(key) == 1 else None

    def last_named(self, name: str, year: int | None) -> Statement | None:
        """The last amount of the report's year stated, document-wide, of the well-known quantity a name names
        ("收入总计"): not last year's written after it ("2023年度收入总计A，…，2022年度收入总计P")."""
        key = canonical_key(name)
        last = self._by_key.get(key) if key else None
        if last is not None and year and last.year and last.year != year:
            return (self._dated.get((key, year)) or [None])[-1]
        return last

    def find_scoped(self, scope: str, subject: str) -> Statement | None:
        """The last amount of that name stated with that scope ("全市…规模" beside "市本级…规模")."""
        return self._scoped.get((scope, comparable(subject))) if scope else None

    def find(self, subject: str) -> Statement | None:
        """The amount a share names as its whole: by name; else the latest amount of the paragraph whose
        name ends with it ("一般公共预算财政拨款基本支出" for 占基本支出的…); else by concept, document-wide.
        In a budget, "基本支出预算" is the 基本支出 stated before, and "…支出总量" the …支出; "全部X" is X, all of it."""
        subject = _ALL_OF.sub("", subject)
        names = list(dict.fromkeys((subject, _BUDGET_SUFFIX.sub("", subject), _AMOUNT_SUFFIX.sub("", subject),
                                    _TOTAL_AMOUNT.sub("", subject), without_body(subject))))
        for name in names:
            if found := self._by_subject.get(comparable(name)):
                return found
        whole_name = _BUDGET_SUFFIX.sub("", _TOTAL_AMOUNT.sub("", subject))
        name = comparable(whole_name)
        short = name.removesuffix("支出")   # the stored "一般公共预算基本" for "基本支出"
        total = _AMOUNT_SUFFIX.sub("", name)
        ending = next((s for subject_, s in reversed(self._by_subject.items())
                       if len(name) >= 3 and (_BUDGET_SUFFIX.sub("", subject_).endswith(name)   # "…三公经费预算" of 三公经费
                                              or len(short) >= 2 and subject_.endswith(short)
                                              or s.subject.endswith(whole_name)   # 总支出 of 省级…总支出
                                              # "占“三公”经费总额8.4%" of "…“三公”经费总计为4207万元"
                                              or total != name and _TOTAL_SUFFIX.sub("", subject_).endswith(total))
                       and not _ONE_LEVEL.search(subject_.removesuffix(name).removesuffix(short))),
                      None)
        if ending:
            return ending
        for written in names:   # "…一般公共预算收入236.8亿元。\n…县级一般公共预算收入66.2亿元，占一般公共预算收入比重为28.0%"
            if found := self._above.get(comparable(written)):
                return found
        endings = {comparable(written) for written in names} | {name}
        above = [s for subject_, s in self._above.items()   # "一般公共预算基本支出" ends with 基本支出, stored without 支出
                 if any(len(e) >= 4 and (subject_.endswith(e) or s.subject.endswith(e)) for e in endings)]
        if len(above) == 1:
            return above[0]   # "全市地方一般公共预算收入…。\n…，占一般公共预算收入的…": the one amount whose name ends so
        # "占收入合计的99.94%" after "本年收入合计W万元" is of that total
        names += ["本年" + subject] if _SIDE_TOTAL_NAME.fullmatch(subject) else []
        # else by concept; else the one amount so named, further up ("占全国政府采购规模的70.9%"); else a name cut short
        return next((self._by_key[key] for name in names if (key := canonical_key(name)) and key in self._by_key), None) \
            or self._named_once.get(comparable(subject)) \
            or self._abbreviated(comparable(whole_name))

    def _abbreviated(self, name: str) -> Statement | None:
        """The one amount of the paragraph, else of the one above, whose name the whole's name cuts short (a word of it
        and its ending: "占财政收入比重为73.2%" of "全市一般公共财政预算收入36.1亿元")."""
        if not 4 <= len(name) <= 5:
            return None   # a longer name is no abbreviation: "一般公共预算收入" is not "纳入一般公共预算管理的非税收入"
        for stated in (self._by_subject, self._above):
            found = [s for subject, s in stated.items() if subject != name and _shortens(name, subject)]
            if found:
                return found[0] if len(found) == 1 else None
        return None


def _shortens(short: str, name: str) -> bool:
    """``short`` is ``name`` cut short to a word of it and its ending (财政收入 of 一般公共财政预算收入, 财政总收入 of
    公共财政预算总收入)."""
    return any(name.endswith(short[cut:]) and short[:cut] in name.removesuffix(short[cut:])
               for cut in range(2, len(short) - 1))


def _names_budget(text: str, year: int | None = None) -> bool:
    """A budget named as what is compared with ("较预算数…", "与年初预算相比"), not a fund ("一般公共预算财政
    拨款…") nor the item compared ("“三公”经费预算汇总数较上年减少…" compares a budget with last year's),
    nor last year's budget ("较2023年年初预算的1554万元减少…" in a report of 2024)."""
    text = _FUND_BUDGET.sub("", text)
    later_named = max(map(int, _YEAR.findall(text)), default=0)   # "2012年…预算比2011年预算增加…": last year's
    # "相比2019年度预算增加…" in a report of 2020: last year's (in a report of a year not known, left as written)
    text = _YEAR_OF_BUDGET.sub(lambda m: m[0] if not year else "" if int(m["year"]) == year >= later_named else "上年", text)
    text = _LAST_YEARS_BUDGET.sub(lambda m: "上年" if not m["year"] or year and int(m["year"]) < year else m[0], text)
    compared = _COMPARED_WORD.search(text)
    start = compared.start() if compared else 0
    closed = _COMPARED_CLOSED.search(text, start)   # "与2013年年初预算相比，…预算减少": the item after it is no base
    return bool(_COMPARED_BUDGET.search(text, start, closed.end() if closed else len(text)))


def _last_end(pattern: re.Pattern, text: str) -> int:
    return max((m.end() for m in pattern.finditer(text)), default=-1)


def _compared_base(token: _Token) -> bool:
    """The amount a change or a rate is measured from: "较上年1172万元减少…", "较预算数1058万元增加…",
    "完成预算12万元的71.7%"."""
    return token.role == "statement" and token.statement.prior \
        and bool(_COMPARED_WITH.match(token.prefix) or _SHARE_OF_AMOUNT.search(token.prefix))


def _beside_a_figure(token: _Token) -> bool:
    """A share, a rate, a change or a base stated beside an amount, not an amount of its own."""
    return token.role in ("share", "change", "rate_of_change", "rate") or _compared_base(token) \
        or token.quantity.kind == "percent"


def _names_a_base(token: _Token) -> bool:
    """"完成预算0万元的--%": the budget a part is measured against, even with no rate after it."""
    named = _SHARE_OF_AMOUNT.search(token.prefix)
    return bool(named and _BASE_GENERIC.search(named["name"]))


def budget_after_its_result(statement: Statement, statements: list[Statement]) -> bool:
    """A budget stated after the result of the same year in its sentence ("决算数为A万元，预算数为B万元"): no
    total that a list after them is of."""
    if not _BASE_AT_END.search(statement.raw_subject.rstrip("为是 ")):
        return False
    return any(s.sentence == statement.sentence and s.place.paragraph is statement.place.paragraph
               and s.quantity.end <= statement.quantity.start and _last_end(_ACTUAL, s.raw_subject) >= 0
               for s in statements)

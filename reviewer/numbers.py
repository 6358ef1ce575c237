"""Numbers as the reports write them: amounts, percentages, counts, scores and targets.

Every value is a ``Decimal`` that keeps its verbatim text, its place in the source string and the
number of decimals it was displayed with: the displayed precision is what the rounding tolerance of
every check is built from (DOMAIN.md §3: half a unit of the last shown decimal, propagated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from reviewer.vocabulary import alternation, operators, vocabulary, words

# Full-width digits and signs map one-to-one onto ASCII, so offsets stay valid after translation.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")

MONEY_SCALE_TO_WAN = {"万亿元": Decimal(100000000), "亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"),
                      "元": Decimal("0.0001")}
COUNT_UNITS = ("万人次", "万人", "万户", "人次", "批次", "辆", "人", "家", "个", "份", "项", "次", "台", "套", "册", "件", "户", "名",
               "所", "座", "平方米", "万亩", "亩", "公顷", "公里", "千米")
# Units written two ways: "3万" is 3万元, "比上年的4.25亿增长" 4.25亿元; "工勤编制8名" counts persons like
# "事业编制316人".
_UNIT_WRITTEN_AS = {"万": "万元", "亿": "亿元", "名": "人"}
PERCENT = "%"
POINTS = "个百分点"
SCORE = "分"

# every direction word of the vocabulary, as one alternation (the narrative reader uses it too)
DIRECTION = alternation(words("directions", "up") + words("directions", "down"))
_UNIT_ALTERNATION = "|".join(
    ["万亿元", "亿元", "万元", "千元", "元", POINTS, "%", "分"] + sorted(COUNT_UNITS, key=len, reverse=True)
    # "项目总预算1340.00万，其中…": 万 alone, after a figure in cents and before a clause end, is 万元
    + [r"万(?=[，,。；;、）)]|\s*$)(?:(?<=\.\d\d万)|(?<=\.\d\d\s万))"]
    # 亿 alone before a clause end or a direction word is 亿元
    + [rf"亿(?=[，,。；;、）)]|{DIRECTION})"]
)
# thousands set off by commas, or by single spaces as typeset reports print them ("18 189万元")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?=\s?(?:万元|亿元|元))|\d+(?:\.\d+)?"
# A number in running text counts only with a unit beside it: that keeps years, dates, codes and
# list numbering out.  "万" alone after a number reads as 万元 only after a figure in cents ("2360.00万，")
# or where the text says so (tables).
QUANTITY_RE = re.compile(
    # "3万4993.1亿元", "1万5000元": 万 groups the digits of an amount in 亿元 or 元 (34993.1亿元, 15000元)
    rf"(?P<approx>(?<!节)约|近|超过|逾|大约|将近|超(?=\d))?(?P<sign>[-−])?(?:(?P<wan>\d{{1,4}})万(?=\d+(?:\.\d+)?(?:亿元|元)))?"
    rf"(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT_ALTERNATION})"
    rf"(?:(?P=unit))?(?P<approx2>多|余|左右)?"   # "增加73.75万元万元": a unit typed twice
)
# Bare numbers joined by 、/和/及/与 right before a number with a unit: "650.20、350.00万元".
# An ASCII comma joins them too after a number with decimals ("各是3862.47,3881.06万元"), which no
# thousands separator can be.
_LIST_ITEM = re.compile(rf"(?<![\d.,])(?P<num>{_NUMBER})\s*(?:[、和及与]|(?<=\.\d\d),|(?<=\.\d),)\s*")
_LIST_HEAD = re.compile(rf"(?:{_LIST_ITEM.pattern})+$")
# "较上年3.27减少0.11万元": the amount compared with, its unit left to the change written right after it;
# "较2014年同期1226下降3.51%": left to the amount stated before it
_BARE_BASE = re.compile(rf"(?:上年|去年|\d{{4}}年)(?:同期)?的?[\u4e00-\u9fff]{{0,8}}?(?<![\d.,])(?P<num>{_NUMBER})"
                        rf"(?=(?:{DIRECTION})了?$)")
# "收支较上年减少531.27，降低11.2%": a change with its unit left out, its rate after it
_BARE_CHANGE = re.compile(rf"(?:{DIRECTION})了?(?<![\d.,])(?P<num>{_NUMBER})(?=[，,]\s*(?:{DIRECTION})了?$)")
# "收入523.48、支出总计509.32万元", "收入减少92.91、支出总计减少108.3万元": an amount named before it, its unit left to
# the next one, named in words of its own (a decimal, so never the numbering "1、")
_BARE_NAMED = re.compile(r"(?<=[\u4e00-\u9fff])(?P<num>\d+\.\d+)、(?=[\u4e00-\u9fff]{2,10}$)")
# "出院人次71245，同比增加7389人次": a count whose unit is in its name (vocabulary numbers.counted_by_name)
_COUNTED_BY_NAME: dict[str, str] = vocabulary()["numbers"]["counted_by_name"]
_COUNTED_NAME_NUMBER = re.compile(rf"(?P<name>{alternation(list(_COUNTED_BY_NAME))})(?:为|是|共|达到?)?\s*"
                                  rf"(?<![\d.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.%]|,\d|\s*(?:{_UNIT_ALTERNATION}))")
_BARE_WAN = re.compile(rf"(?<![\d.,])(?P<num>{_NUMBER})万(?=[，,。；;、）)（(]|\s*$|{DIRECTION}|比|较|的)")
_BRACKET_OF_AMOUNTS = re.compile(r"[（(][^（()）]*?\d\s*万(?:元|[，,、；;）)])")   # "854万(A400万元,B295万元)": its parts
_MONEY_WORD = re.compile(alternation(words("numbers", "money_words")))
_CHANGE_OF = re.compile(rf"(?:{DIRECTION})$")   # "增支143万。": a change written right before it
_CELL_RE = re.compile(
    rf"^(?P<dir>增|减|增加|减少)?\s*(?P<sign>[-−+])?\s*(?P<num>{_NUMBER})\s*(?P<unit>万元|万|元|%|分)?$"
)
_TARGET_RE = re.compile(rf"^(?P<op>{alternation(list(operators()))})\s*(?P<rest>.+)$")


# Measured values in performance tables and their notes take a wider set of units than amounts in
# running text (平方米, 万人次, 元/人 …), and a bare number counts.
_MEASURE_UNITS = ("个百分点", "平方米", "万人次", "万人", "万户", "万元", "亿元", "千元", "元/人", "元/家", "人次",
                  "家次", "批次", "%", "元", "个", "人", "家", "次", "项", "件", "册", "期", "亩", "户", "名", "所",
                  "座", "辆", "台", "套", "份", "天", "月", "年")
_MEASURE_RE = re.compile(rf"(?<![\d.])(?P<num>{_NUMBER})\s*"
                         rf"(?P<unit>{'|'.join(re.escape(u) for u in _MEASURE_UNITS)})?")
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}


def ascii_digits(text: str) -> str:
    """Full-width digits, point, percent and signs as ASCII; same length, so offsets still hold."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    places: int
    text: str
    start: int = 0
    end: int = 0
    approx: bool = False

    @property
    def kind(self) -> str:
        if self.unit in MONEY_SCALE_TO_WAN:
            return "money"
        if self.unit == PERCENT:
            return "percent"
        if self.unit == POINTS:
            return "points"
        if self.unit == SCORE:
            return "score"
        if self.unit in COUNT_UNITS:
            return "count"
        return "bare"

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the last displayed decimal; whole counts are exact (143.52万人次 is rounded)."""
        if self.kind == "count" and not self.places:
            return Decimal(0)
        return Decimal(5).scaleb(-(self.places + 1))

    def in_wan(self) -> "Quantity":
        """The same amount in 万元, with the displayed precision carried along."""
        scale = MONEY_SCALE_TO_WAN.get(self.unit)
        if scale is None or scale == 1:
            return self
        shift = -scale.adjusted()  # 元 → +4 places, 亿元 → −4
        return replace(self, value=self.value * scale, unit="万元", places=self.places + shift)

    def interval(self) -> "Interval":
        return Interval(self.value - self.half_unit, self.value + self.half_unit)

    @property
    def is_percent(self) -> bool:
        return self.unit in (PERCENT, POINTS)

    def base(self) -> tuple[Decimal, str]:
        """Value and unit with a 万/亿/千 prefix folded into the value: 2.6万元 → (26000, 元)."""
        if len(self.unit) > 1 and self.unit[0] in _MAGNITUDE:
            return self.value * _MAGNITUDE[self.unit[0]], self.unit[1:]
        return self.value, self.unit


@dataclass(frozen=True)
class Target:
    """A performance target such as "≥95%" or "≤20万元": a comparison and a quantity."""

    op: str
    quantity: Quantity


@dataclass(frozen=True)
class Interval:
    """Closed interval of Decimals: the values a rounded figure may stand for (Arelle Calc 1.1 style)."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal) -> "Interval":
        return cls(value, value)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def half_width(self) -> Decimal:
        return (self.hi - self.lo) / 2

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: "Interval") -> "Interval":
        products = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(min(products), max(products))

    def __truediv__(self, other: "Interval") -> "Interval":
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("divisor interval contains zero")
        return self * Interval(1 / other.hi, 1 / other.lo)

    def scale(self, factor: Decimal) -> "Interval":
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def interval_sum(quantities) -> Interval:
    total = Interval.exact(Decimal(0))
    for q in quantities:
        total = total + q.interval()
    return total


def bare_zeros_exact(quantities: list[Quantity]) -> list[Quantity]:
    """"0万元" beside "2.17万元" is nothing at all, not anything under 0.5万元: a zero written with fewer places
    than the figures beside it takes theirs."""
    places = max((q.places for q in quantities), default=0)
    return [replace(q, places=places) if not q.value and q.places < places else q for q in quantities]


def format_decimal(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places) if places > 0 else Decimal(1)
    try:
        return f"{value.quantize(quantum):f}"
    except InvalidOperation:
        return f"{value:f}"


def _places(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _decimal(num: str) -> Decimal:
    return Decimal(num.replace(",", "").replace(" ", ""))


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in a piece of running text, in order. A unit written once after a
    list ("分别为650.20、350.00万元") covers every number of the list."""
    normalized = ascii_digits(text)
    found: list[Quantity] = []
    previous_end = 0
    for m in QUANTITY_RE.finditer(normalized):
        approx = bool(m["approx"] or m["approx2"])
        unit = _UNIT_WRITTEN_AS.get(m["unit"], m["unit"])
        head = _LIST_HEAD.search(normalized, previous_end, m.start())
        for item in _LIST_ITEM.finditer(normalized, head.start(), head.end()) if head else ():
            found.append(Quantity(_decimal(item["num"]), unit, _places(item["num"]),
                                  text[item.start("num"): item.end("num")], item.start("num"), item.end("num"),
                                  approx))
        for bare in (_BARE_BASE.search(normalized, previous_end, m.start()),
                     _BARE_CHANGE.search(normalized, previous_end, m.start()),
                     _BARE_NAMED.search(normalized, previous_end, m.start()) if unit in MONEY_SCALE_TO_WAN else None):
            if bare and (bare_unit := unit if bare.re in (_BARE_BASE, _BARE_NAMED) and unit != PERCENT
                         else _unit_before(found, normalized, bare.start())):
                found.append(Quantity(_decimal(bare["num"]), bare_unit, _places(bare["num"]),
                                      text[bare.start("num"): bare.end("num")], bare.start("num"), bare.end("num"), approx))
        value = _decimal(m["num"]) + (10000 * int(m["wan"]) if m["wan"] else 0)
        if m["sign"]:
            value = -value
        found.append(Quantity(value, unit, _places(m["num"]), text[m.start(): m.end()], m.start(), m.end(),
                              approx))
        previous_end = m.end()
    return sorted(found + _counted_by_name(normalized, text) + _bare_wan_of_money(normalized, text, found),
                  key=lambda q: q.start)


def _bare_wan_of_money(normalized: str, text: str, found: list[Quantity]) -> list[Quantity]:
    """Amounts written "29.6万" before a clause end, a comparison or a direction word, as 万元: in a clause naming
    money ("执行数29.6万，"), as a change ("增支143万。"), with decimals, or before a bracket listing amounts
    ("854万(高标准农田建设400万元,…)")."""
    return [Quantity(_decimal(m["num"]), "万元", _places(m["num"]), text[m.start(): m.end()], m.start(), m.end())
            for m in _BARE_WAN.finditer(normalized)
            if not any(q.start <= m.start() < q.end for q in found)   # read already ("约1340.00万，")
            and _wan_of_money(normalized, m)]


def _wan_of_money(normalized: str, m: re.Match) -> bool:
    if "." in m["num"] or _BRACKET_OF_AMOUNTS.match(normalized, m.end()):
        return True   # "较上年减少2046.6万，": no count of people or mu is written so
    clause = _clause_start(normalized, m.start())
    return bool(_MONEY_WORD.search(normalized, clause, m.start()) or _CHANGE_OF.search(normalized, clause, m.start()))


def _clause_start(text: str, offset: int) -> int:
    return max(text.rfind(mark, 0, offset) for mark in "，,。；;：:、\n") + 1


def _counted_by_name(normalized: str, text: str) -> list[Quantity]:
    return [Quantity(_decimal(m["num"]), _COUNTED_BY_NAME[m["name"]], 0, text[m.start("num"): m.end("num")],
                     m.start("num"), m.end("num")) for m in _COUNTED_NAME_NUMBER.finditer(normalized)]


def _unit_before(found: list[Quantity], text: str, before: int) -> str:
    """The unit of the last amount or count stated before a position in the same paragraph, if any."""
    last = next((q for q in reversed(found) if q.kind in ("money", "count")), None)
    return last.unit if last and "\n" not in text[last.end: before] else ""


def parse_cell(text: str, default_unit: str = "") -> Quantity | None:
    """A table cell that holds one number ("1,642.00", "增44035", "80%", "60万"), else None."""
    raw = ascii_digits(text).strip().replace(" ", "")
    m = _CELL_RE.match(raw)
    if not m:
        return None
    value = _decimal(m["num"])
    if m["sign"] in ("-", "−") or (m["dir"] or "").startswith("减"):
        value = -value
    unit = m["unit"] or default_unit
    if unit == "万":
        unit = "万元"
    return Quantity(value=value, unit=unit, places=_places(m["num"]), text=text.strip())


def _measure(match: re.Match) -> Quantity:
    return Quantity(_decimal(match["num"]), match["unit"] or "", _places(match["num"]), match.group().strip(),
                    match.start(), match.end())


def parse_measure(text: str) -> Quantity | None:
    """A cell that is one measured value with an optional unit ("326人", "94.5%", bare "100"), else None."""
    m = _MEASURE_RE.fullmatch(ascii_digits(text).strip().replace(" ", ""))
    return _measure(m) if m else None


def measures_in(text: str) -> list[Quantity]:
    """Every number of running text with its unit, if any, and its span."""
    return [_measure(m) for m in _MEASURE_RE.finditer(ascii_digits(text))]


def parse_target(text: str) -> Target | None:
    """A target such as "≥95%", "=100%", "≤20万元", "≥2800 件"; None if the text is not one."""
    raw = ascii_digits(text).strip()
    m = _TARGET_RE.match(raw)
    if not m:
        return None
    rest = m["rest"].strip()
    quantities = find_quantities(rest)
    if quantities and quantities[0].start == 0:
        q = quantities[0]
    else:
        num = re.match(_NUMBER, rest)
        if not num:
            return None
        q = Quantity(_decimal(num.group()), "", _places(num.group()), num.group())
    return Target(operators()[m["op"]], q)


def percent_of(part: Quantity, whole: Quantity) -> Interval:
    """part / whole × 100 as an interval over both figures' rounding."""
    return (part.in_wan().interval() / whole.in_wan().interval()).scale(Decimal(100))

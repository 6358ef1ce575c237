"""Narrative numbers: the 情况说明 restates the tables in sentences; every figure must agree with
the figures beside it (growth rates, shares, completion rates, 其中 lists), with the tables, and
with itself when the same quantity is stated twice."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Iterator

from reviewer.checks.base import Check, cell_location, register, text_location
from reviewer.facts import DocumentFacts
from reviewer.facts.claim_types import (
    NEAR_COMPLETE, AmountClaim, AverageGrowthClaim, BreakdownClaim, ComparisonClaim, CountClaim, GrowthClaim, Place,
    RateClaim, ShareClaim, Statement,
)
from reviewer.facts.subjects import PARTITIONS, VEHICLES_HELD, canonical_key, normalise_subject
from reviewer.facts.table_cells import Entry, TableFacts
from reviewer.facts.tokens import _SIDES, scope_of
from reviewer.findings import Deviation, Evidence, Finding, Location, Severity, deviation, grade
from reviewer.numbers import MONEY_SCALE_TO_WAN, Interval, Quantity, bare_zeros_exact, format_decimal, interval_sum
from reviewer.vocabulary import alternation, vocabulary


def _at(place: Place) -> Location:
    return text_location(place.paragraph, place.start, place.end)


def _num(q: Quantity) -> str:
    return format_decimal(q.value, q.places)


def _in_wan(q: Quantity) -> Quantity:
    return q.in_wan() if q.kind == "money" else q


def _figure(q: Quantity) -> str:
    """A figure as a message shows it: in 万元 for money, with its unit."""
    q = _in_wan(q)
    return f"{_num(q)}{q.unit}"


def _shown(value: Decimal, places: int) -> str:
    """An expected figure at the stated precision, with more decimals when that would read as zero."""
    shown = format_decimal(value, places)
    while value and Decimal(shown) == 0 and places < 6:
        places += 1
        shown = format_decimal(value, places)
    return shown


def _percent_gap(stated: Quantity, part: Quantity,
                 whole: Quantity | list[Quantity]) -> tuple[Deviation, str, str] | None:
    """A stated percentage against part ÷ whole × 100 (the whole one figure or the sum of a list):
    (deviation, formula, expected as shown), or None when it agrees within rounding, a figure is
    approximate, or the whole is zero."""
    wholes = [_in_wan(w) for w in (whole if isinstance(whole, list) else [whole])]
    if stated.approx or part.approx or any(w.approx for w in wholes):
        return None
    part, *wholes = bare_zeros_exact([_in_wan(part), *wholes])
    try:
        point = part.value / sum(w.value for w in wholes) * 100
        dev = deviation(stated, (part.interval() / interval_sum(wholes)).scale(Decimal(100)), point=point)
    except (ZeroDivisionError, InvalidOperation):
        return None
    if dev is None:
        return None
    denominator = " + ".join(_num(w) for w in wholes)
    formula = f"{_num(part)} ÷ {f'({denominator})' if len(wholes) > 1 else denominator} × 100"
    return dev, formula, _shown(dev.expected, dev.places)


def _different_years(a: Statement, b: Statement) -> bool:
    """Both dated, to different years: two quantities (a report whose own year is unknown)."""
    return a.year is not None and b.year is not None and a.year != b.year


_NAMED_BUDGET = re.compile(r"(?:年初|全年|调整后?)?预算")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")


def _this_years(statement: Statement, year: int | None) -> bool:
    """Whether a statement is of the report's year: not named as last year's, not dated another year."""
    return not statement.prior and (statement.year is None or year is None or statement.year == year)


@dataclass(frozen=True)
class _GrowthTerms:
    """A growth claim's figures in 万元 (or its count unit): the change, last year's amount and how each
    was obtained, as the message shows them."""

    change: Interval
    base: Interval
    formula: str      # the rate: "6.00 ÷ (66.00 − 6.00) × 100"
    base_text: str    # last year's amount: "66.00 − 6.00" or "12.00"
    rate: Interval | None = None   # the percentages the rounded figures allow; None on a base that may be 0


def _monotone(numerator: tuple[Decimal, Decimal], denominator: tuple[Decimal, Decimal]) -> Interval | None:
    """(lo, hi) of a ratio increasing in its first figure and decreasing in its second, × 100; the
    same figure on both sides of a fraction (Y ÷ (X − Y)) is taken once, not twice as interval
    arithmetic would."""
    (n_lo, d_hi), (n_hi, d_lo) = numerator, denominator
    if d_lo <= 0:
        return None
    return Interval(n_lo / d_hi * 100, n_hi / d_lo * 100)


def _in_cents_beside_cents(quantities: list[Quantity]) -> list[Quantity]:
    """"总额70.98万元，其中：24万元用于…；23.98万元用于…", "1万元，比上年增加0.5万元": a whole number among
    figures with decimals was written without its zeros, so it is read to the places they show (24.00, 1.0,
    a nil change 0 beside 0.20 is 0.00), not as rounded to units. Where whole numbers are most of the list
    ("减少436万元，其中：…增加47万元，…减少936万元，…增加871.5万元") the list was rounded to units; zeros count
    for neither."""
    figures = [q for q in quantities if q.value]   # a bare 0 is nothing, no sign of rounding to units
    if 2 * sum(q.places == 0 for q in figures) > len(figures):
        return quantities
    places = max(q.places for q in quantities)
    return [replace(q, places=places) if q.places == 0 else q for q in quantities]


def _pair_in_cents(quantities: list[Quantity]) -> list[Quantity]:
    """"6.9万元，比上年减少1.37万元": of two amounts, the one with fewer decimals than the other dropped its
    trailing zeros (6.90) unless it is a whole number, which may be rounded to units (_in_cents_beside_cents)."""
    places = max(q.places for q in quantities)
    return [replace(q, places=places) if q.places and q.value else q for q in _in_cents_beside_cents(quantities)]


def _rate_as_written(terms: _GrowthTerms) -> Decimal | None:
    """The change over the base as the figures are written (their intervals' middles), inside the rate's interval."""
    if terms.rate is None or not terms.base.mid:
        return None
    point = abs(terms.change.mid) / abs(terms.base.mid) * 100
    return point if terms.rate.lo <= point <= terms.rate.hi else None


def _growth_terms(growth: GrowthClaim) -> _GrowthTerms | None:
    """None when a figure is approximate or missing, or the amounts are not of one kind."""
    figures = [growth.current, growth.prior]
    quantities = [s.quantity for s in figures if s] + [q for q in (growth.change, growth.rate) if q]
    if growth.net or any(q.approx for q in quantities):
        return None
    if growth.current is None:
        return _change_over_base(growth)
    current = growth.current.quantity
    if growth.change is not None and growth.prior is None:   # with both, the rate is of the stated base
        current, change = _pair_in_cents([current, growth.change])
        x, y = _in_wan(current), _in_wan(change)
        if x.kind != y.kind:
            return None
        up = growth.direction > 0
        sign = "−" if up else "+"
        xi, yi = x.interval(), y.interval()
        base = xi - yi if up else xi + yi
        # Y ÷ (X ∓ Y) rises with Y and falls with X
        rate = _monotone((yi.lo, (xi.hi - yi.lo) if up else (xi.hi + yi.lo)),
                         (yi.hi, (xi.lo - yi.hi) if up else (xi.lo + yi.hi)))
        return _GrowthTerms(yi, base, f"{_num(y)} ÷ ({_num(x)} {sign} {_num(y)}) × 100",
                            f"{_num(x)} {sign} {_num(y)}", rate)
    current, prior = _pair_in_cents([current, growth.prior.quantity])
    x, p = _in_wan(current), _in_wan(prior)
    up = x.value >= p.value
    larger, smaller = (x, p) if up else (p, x)
    xi, pi = x.interval(), p.interval()
    # X ÷ P − 1 rises with X and falls with P; 1 − X ÷ P the other way round
    ratio = _monotone((xi.lo, pi.hi), (xi.hi, pi.lo))
    rate = None if ratio is None else (Interval(ratio.lo - 100, ratio.hi - 100) if up
                                       else Interval(100 - ratio.hi, 100 - ratio.lo))
    return _GrowthTerms(larger.interval() - smaller.interval(), pi,
                        f"({_num(larger)} − {_num(smaller)}) ÷ {_num(p)} × 100", _num(p), rate)


def _change_over_base(growth: GrowthClaim) -> _GrowthTerms | None:
    """"比上年28.50万元减少3.00万元，下降10.53%": with this year's amount left unsaid, the rate is the change over
    the stated base."""
    if growth.change is None or growth.prior is None:
        return None
    change, prior = _pair_in_cents([growth.change, growth.prior.quantity])
    y, p = _in_wan(change), _in_wan(prior)
    if y.kind != p.kind:
        return None
    yi, pi = y.interval(), p.interval()
    return _GrowthTerms(yi, pi, f"{_num(y)} ÷ {_num(p)} × 100", _num(p), _monotone((yi.lo, pi.hi), (yi.hi, pi.lo)))


def _follows_the_change(growth: GrowthClaim) -> bool:
    """With the change and last year's amount both stated, the rate is the change over that amount."""
    if growth.change is None or growth.prior is None or growth.change.approx or growth.prior.quantity.approx \
            or growth.rate_direction < 0 and growth.rate.value > 100:   # no fall passes 100%, whatever it follows
        return False
    y, p = _in_wan(growth.change).interval(), _in_wan(growth.prior.quantity).interval()
    if p.lo <= 0 or y.lo < 0:
        return False
    return deviation(growth.rate, Interval(y.lo / p.hi * 100, y.hi / p.lo * 100)) is None


def _opposite(growth: GrowthClaim) -> bool:
    return growth.direction * growth.rate_direction < 0


@register
class GrowthRate(Check):
    code = "NARR-001"
    title = "增减幅度与增减额不符"
    title_en = "Stated growth rate disagrees with the amounts"
    category = "ratio"
    why = ("“X万元，比上年增加Y万元，增长Z%”中，上年数为X−Y（减少时为X+Y），Z应等于Y÷上年数×100；写出上年数P"
           "（“上年为P，下降Z%”）时，Z应等于|X−P|÷P×100。增减额与幅度的先后、列成“分别/各”的清单都一样读。"
           "不符说明增减额、本年数、上年数或幅度至少有一个写错；增加额大于本年数（上年数为负）同样不成立。"
           "“从2015年的A上升到2020年的B，年均增长N%”是逐年复合的平均增长率：N应等于((B÷A)^(1/年数)−1)×100。")
    why_en = ("In “X, up Y on last year, a rise of Z%”, last year was X − Y (X + Y for a fall) and Z must be "
              "Y divided by it; where last year's amount P is stated instead, Z must be |X − P| ÷ P. A mismatch "
              "means one of the figures is wrong. A yearly average between two years' amounts A and B "
              "(年均增长N%) must be ((B ÷ A)^(1/years) − 1) × 100, compounded.")
    example_fail = "2023年度本部门支出总计520.00万元，较上年增加20.00万元，增长5.00%。\n"
    example_pass = "2023年度本部门支出总计520.00万元，较上年增加20.00万元，增长4.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for growth in facts.claims.growths:
            terms = _growth_terms(growth)
            if terms is not None and not _opposite(growth) and terms.base.hi < 0:
                yield from self._rise_above_the_amount(growth, terms)
                continue
            if terms is None or _opposite(growth) or terms.rate is None:
                continue  # opposite directions are NARR-007's, a zero base NARR-008's
            dev = deviation(growth.rate, terms.rate, point=_rate_as_written(terms))
            if dev is None or _follows_the_change(growth):
                continue   # a rate of the stated change over the stated base: a wrong change is NARR-010's
            current = growth.current
            shown = _shown(dev.expected, dev.places)
            locations = [_at(growth.place)]
            if current is not None and current.place.line != growth.place.line:
                locations.append(_at(current.place))
            x = _in_wan(current.quantity) if current is not None else None
            yield self.numeric(
                dev, terms.formula,
                f"“{growth.place.quote}”与金额不符：{f'{current.label} {_num(x)}{x.unit}，' if x else ''}"
                f"{'预算数' if growth.against == 'budget' else '上年数'}为 {terms.base_text}，"
                f"{terms.formula} = {shown}%，而文中为 {_num(growth.rate)}%。",
                f"Stated change rate {_num(growth.rate)}% disagrees with the amounts: {terms.formula} = {shown}%.",
                locations, unit="%")

        for average in facts.claims.average_growths:
            yield from self._yearly_average(average)

    def _yearly_average(self, average: AverageGrowthClaim) -> Iterator[Finding]:
        """"从2015年的A上升到2020年的B，年均增长N%": N = ((B ÷ A)^(1/年数) − 1) × 100, compounded."""
        start, end = average.start.quantity.interval(), average.end.quantity.interval()
        if start.lo <= 0 or end.lo <= 0:
            return
        root = Decimal(1) / average.years
        expected = Interval(((end.lo / start.hi) ** root - 1) * 100, ((end.hi / start.lo) ** root - 1) * 100)
        stated = replace(average.rate, value=average.direction * abs(average.rate.value))
        dev = deviation(stated, expected)
        if dev is None:
            return
        a, b = _num(average.start.quantity), _num(average.end.quantity)
        formula = f"(({b} ÷ {a})^(1/{average.years}) − 1) × 100"
        shown = _shown(dev.expected, dev.places)
        yield self.numeric(
            dev, formula,
            f"“{average.place.quote}”与金额不符：{average.years}年间由 {a} 到 {b}，年均增长率为 {formula} = {shown}%，"
            f"而文中为 {_num(average.rate)}%。",
            f"Stated yearly average {_num(average.rate)}% disagrees with {a} → {b} over {average.years} years: "
            f"{formula} = {shown}%.",
            [_at(average.place)], unit="%")

    def _rise_above_the_amount(self, growth: GrowthClaim, terms: _GrowthTerms) -> Iterator[Finding]:
        """"结余118.27万元，较上年增加131.52万元，增长12.83%": a rise larger than the amount it led to leaves last
        year below zero, and no rate can follow from that."""
        x, y = _in_wan(growth.current.quantity), _in_wan(growth.change)
        dev = deviation(y, x.interval())
        if dev is not None:
            yield self.numeric(
                dev, f"{_num(x)} − {_num(y)}",
                f"“{growth.place.quote}”与金额不符：增加额 {_num(y)}{y.unit} 大于{growth.current.label} {_num(x)}{x.unit}，"
                f"上年数为 {terms.base_text} < 0，{_num(growth.rate)}% 无从成立。",
                f"The stated rise {_num(y)}{y.unit} exceeds this year's amount {_num(x)}{x.unit}: last year would be "
                f"{terms.base_text} < 0, so no rate of {_num(growth.rate)}% can follow.",
                [_at(growth.place)], unit=y.unit)


@register
class ChangeVersusAmounts(Check):
    code = "NARR-010"
    title = "增减额与本年数、比较基数不符"
    title_en = "Stated change disagrees with the two amounts it compares"
    category = "arithmetic"
    why = ("“X万元，较上年P万元减少Y万元”（或“较预算数P万元增加Y万元”）同时写出本年数、比较的基数和增减额时，"
           "Y应等于|X−P|；不符说明三个数中至少有一个写错。没有增减率时同样核对（“2018年…A万元，2017年…P万元，"
           "2018年比2017年减少Y万元”）。")
    why_en = ("Where this year's amount X, the amount compared with P (last year's or the budget) and the change Y "
              "are all stated, Y must equal |X − P|; otherwise one of the three is wrong. A change stated with no "
              "rate is checked the same way (“2018年…A, 2017年…P, 2018年比2017年减少Y”).")
    example_fail = "2023年度公务接待费3.30万元，较上年3.80万元减少0.60万元，下降13.16%。\n"
    example_pass = "2023年度公务接待费3.30万元，较上年3.80万元减少0.50万元，下降13.16%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        stated = [(g.current, g.prior, g.change, g.place) for g in facts.claims.growths if not g.net] + \
                 [(c.actual, c.base, c.change, c.place) for c in facts.claims.comparisons]   # "2018年比2017年减少Y"
        for current, prior, change, place in stated:
            if change is None or prior is None or current is None:
                continue
            x, p, y = _in_wan(current.quantity), _in_wan(prior.quantity), _in_wan(change)
            if any(q.approx for q in (x, p, y)) or len({x.kind, p.kind, y.kind}) > 1:
                continue
            larger, smaller = (x, p) if x.value >= p.value else (p, x)
            dev = deviation(y, larger.interval() - smaller.interval())
            if dev is None:
                continue
            formula = f"{_num(larger)} − {_num(smaller)}"
            shown = _shown(dev.expected, dev.places)
            yield self.numeric(
                dev, formula,
                f"“{place.quote}”增减额与两数不符：{formula} = {shown}{y.unit}，而文中为 {_num(y)}{y.unit}。",
                f"The stated change {_num(y)}{y.unit} disagrees with the amounts: {formula} = {shown}{y.unit}.",
                [_at(place)], unit=y.unit)


_SIDE_NAMED = re.compile(r"^\s*(?:\d{4}年度?)?(?P<name>[\u4e00-\u9fff]{2,6}?)(?:预算)?(?:较|比|与)")
_BALANCED_SIDES = {name: (side, pair) for pair in vocabulary()["lists"]["balanced_sides"]
                   for side, name in enumerate(pair)}


@dataclass(frozen=True)
class _SideChange:
    side: int          # 0 income, 1 spending
    pair: int          # which balanced total
    current: Quantity
    change: Quantity   # signed
    place: Place


@register
class BalancedSidesChange(Check):
    code = "NARR-014"
    title = "收支两侧总额相等而增减额不同"
    title_en = "The two sides of a balanced total changed by different amounts"
    category = "narrative"
    why = ("部门预算的收入预算与支出预算、决算的收入总计与支出总计每年都相等，所以两侧比上年的增减额也必须相同。"
           "“(一)收入预算：年初预算数2415.91万元…收入较上年增加18.23万元”与“(二)支出预算：年初预算数2415.91万元…"
           "支出预算较上年减少18.23万元”不能同时成立，至少一处方向词或金额写错。")
    why_en = ("A department's income budget equals its spending budget, and a final account's 收入总计 its 支出总计, every "
              "year; so both sides change on last year by the same amount. Income up 18.23 beside spending down 18.23 on "
              "the same total means a direction word or a figure is wrong.")
    example_fail = ("（一）收入预算：2026年年初预算数500.00万元。收入较2025年增加20.00万元。\n"
                    "（二）支出预算：2026年年初预算数500.00万元。支出预算较2025年减少20.00万元。\n")
    example_pass = ("（一）收入预算：2026年年初预算数500.00万元。收入较2025年增加20.00万元。\n"
                    "（二）支出预算：2026年年初预算数500.00万元。支出预算较2025年增加20.00万元。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        changes = self._side_changes(facts)
        for income in (c for c in changes if c.side == 0):
            for spending in (c for c in changes if c.side == 1 and c.pair == income.pair):
                if not income.current.interval().overlaps(spending.current.interval()):
                    continue   # not the same total
                dev = deviation(spending.change, income.change.interval())
                if dev is None:
                    continue
                formula = "支出增减额 = 收入增减额"
                yield self.numeric(
                    dev, formula,
                    f"收支两侧总额相等（均为{_figure(income.current)}），而“{income.place.quote}”与“{spending.place.quote}”"
                    f"的增减额不同：收入方 {_with_sign(income.change)}，支出方 {_with_sign(spending.change)}；两侧增减应相同。",
                    f"Both sides total {_figure(income.current)}, but income changed by {_with_sign(income.change)} and "
                    f"spending by {_with_sign(spending.change)}; a balanced total changes alike on both sides.",
                    [_at(income.place), _at(spending.place)], unit=_in_wan(income.change).unit)

    @staticmethod
    def _side_changes(facts: DocumentFacts) -> list[_SideChange]:
        """Changes on last year of a side named alone, whose amount is a budget or a 总计."""
        found = []
        for current, change, place in _changes_on_last_year(facts):
            named = _SIDE_NAMED.match(place.quote)
            if named is None or named["name"] not in _BALANCED_SIDES:
                continue
            if "总计" not in named["name"] and not _NAMED_BUDGET.search(current.subject):
                continue   # "收入合计…，收入比上年增加…": this year's income alone need not equal this year's spending
            side, pair = _BALANCED_SIDES[named["name"]]
            found.append(_SideChange(side, pair, _in_wan(current.quantity), change, place))
        return found


def _changes_on_last_year(facts: DocumentFacts, restated: bool = True) -> list[tuple[Statement, Quantity, Place]]:
    """Each amount with a change on last year stated of it, the change signed and in 万元 for money; with
    ``restated`` False, a comparison that restates a growth or names its base is left to the growth."""
    stated = [(g.current, g.change, g.direction, g.against, g.place) for g in facts.claims.growths if not g.net] + \
             [(c.actual, c.change, {">": 1, "<": -1}.get(c.relation, 0), c.against, c.place)
              for c in facts.claims.comparisons if restated or c.growth is None and c.base is None]
    return [(current, _in_wan(replace(change, value=abs(change.value) * direction)), place)
            for current, change, direction, against, place in stated
            if current is not None and change is not None and against == "prior"]


def _with_sign(q: Quantity) -> str:
    return f"{'+' if q.value > 0 else ''}{_num(q)}{q.unit}"


@register
class ShareOfWhole(Check):
    code = "NARR-002"
    title = "占比与金额不符"
    title_en = "Stated share disagrees with the amounts"
    category = "ratio"
    why = ("“A万元，占N%”的N应等于A÷总数×100（总数为“占……的”所指或“其中”前的合计；“A、B分别为X、Y万元，"
           "分别占M%、N%”按顺序配对，未写总数而所列各项构成整体、或各项占比相加超过100%时，总数为各项之和）；不符说明占比或金额写错。"
           "与带小数的金额并列的“0万元”按0计，不视为0.5万元以内的舍入。")
    why_en = ("A share “A, N% of the whole” must equal A divided by the whole (the one named after 占, or the total "
              "before 其中; lists “A、B分别为X、Y，分别占M%、N%” pair in order, and a complete list with no stated "
              "whole, or shares that pass 100% between them, are shares of the list's own sum); a mismatch means the "
              "share or an amount is wrong. A bare “0万元” beside figures with decimals counts as nothing, not as "
              "anything under 0.5万元.")
    example_fail = "2023年度本年收入合计800.00万元，其中：财政拨款收入720.00万元，占91.00%；其他收入80.00万元，占10.00%。\n"
    example_pass = "2023年度本年收入合计800.00万元，其中：财政拨款收入720.00万元，占90.00%；其他收入80.00万元，占10.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for share in facts.claims.shares:
            part, whole = share.part, share.whole
            if whole is None and not share.summed_parts:
                continue
            wholes = [whole.quantity] if whole else [p.quantity for p in share.summed_parts]
            gap = _percent_gap(share.share, part.quantity, wholes)
            if gap is None:
                continue
            dev, formula, shown = gap
            named = f"{part.label}占{_num(share.share)}%"
            locations = [_at(share.place)]
            if whole and whole.place.line != share.place.line:
                locations.append(_at(whole.place))
            if whole:
                whole_text = f"总数为{whole.label} {_figure(whole.quantity)}"
            else:
                total = format_decimal(sum(_in_wan(q).value for q in wholes), max(_in_wan(q).places for q in wholes))
                whole_text = f"总数为所列各项之和 {total}{_in_wan(wholes[0]).unit}"
            yield self.numeric(
                dev, formula,
                f"“{named}”与金额不符：{formula} = {shown}%（{whole_text}）。",
                f"Stated share {_num(share.share)}% of {part.subject} disagrees with the amounts: "
                f"{formula} = {shown}%.",
                locations, unit="%")


@register
class SharesOverWhole(Check):
    code = "NARR-011"
    title = "同一总数的各组成部分占比之和超过100%"
    title_en = "Shares of one whole add up to more than 100%"
    category = "ratio"
    why = ("“基本支出……占一般公共预算支出的84.01%”“项目支出……占一般公共预算支出的18.41%”：互不重叠的组成部分"
           "（基本支出与项目支出、人员经费与公用经费、货物/工程/服务、三公经费各项）占同一总数的比例相加不能超过100%；"
           "超过说明某个比例或金额写错。只比较属于同一完整分类、分母写法相同且总数未写出金额的占比（写出总数时由NARR-002逐项核对）。")
    why_en = ("Disjoint parts of one whole (basic and project spending, personnel and public funds, goods/works/"
              "services, the three public-funds items) cannot take more than 100% of it between them; more means "
              "a share or an amount is wrong. Only shares of the same named whole by parts of one partition count.")
    example_fail = ("基本支出230.25万元，占一般公共预算支出的84.01%。\n项目支出43.82万元，占一般公共预算支出的18.41%。\n")
    example_pass = ("基本支出230.25万元，占一般公共预算支出的84.01%。\n项目支出43.82万元，占一般公共预算支出的15.99%。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        groups: dict[tuple, dict[str, ShareClaim]] = {}
        for share in facts.claims.shares:
            if share.whole is not None or share.summed_parts:
                continue   # a whole stated as an amount: NARR-002 checks each share against it
            whole_text = normalise_subject(share.whole_text).text if share.whole_text else ""
            for names in PARTITIONS:
                # one name of the set: "公务用车购置及运行维护费" is both 购置 and 运行, the whole of that pair
                named = [n for n in names if n in share.part.subject]
                name = named[0] if len(named) == 1 else None
                if whole_text and name:
                    key = (whole_text, names, share.part.year, share.part.entity)
                    groups.setdefault(key, {}).setdefault(name, share)
        for (whole_text, _, _, _), by_name in groups.items():
            shares = list(by_name.values())
            total = interval_sum(s.share for s in shares)
            if len(shares) < 2 or total.lo <= 100:
                continue
            # 100% is exact: how far the shares' sum lies beyond it, against their rounding, sets the severity
            over = deviation(Quantity(Decimal(100), "%", 10, "100%"), total)
            formula = " + ".join(f"{_num(s.share)}%" for s in shares)
            shown = format_decimal(total.mid, max(s.share.places for s in shares))
            yield self.finding(
                over.severity,
                f"各组成部分占{whole_text}的比例之和超过100%：{formula} = {shown}%"
                f"（{'、'.join(s.part.label for s in shares)}）。",
                f"Shares of {whole_text} by its disjoint parts add up to {shown}% (> 100%): {formula}.",
                [_at(s.place) for s in shares],
                Evidence(stated=f"{shown}%", expected="≤100%", formula=formula))


@register
class CompletionRate(Check):
    code = "NARR-003"
    title = "完成率与预算数、执行数不符"
    title_en = "Stated completion rate disagrees with budget and actual"
    category = "ratio"
    why = ("同一句中写明预算（目标、计划）数和执行（实际）数时，“完成预算M%”“执行率M%”的M应等于执行数÷预算数×100"
           "（“完成年初预算”“完成全年预算”以所指的那个预算为分母）；不符说明其中一个数字写错。所指预算为0时比率无从计算，"
           "写出的比率往往是相对于另一个预算的（预算与执行都为0时写的100%是惯例，不报）。预算数未写、紧接着写“比年初预算减少D”时，"
           "预算数即执行数+D（“支出A万元，完成年初预算M%，比年初预算减少D万元”：M = A ÷ (A + D) × 100）。绩效自评表的资金行被拍平成文字时"
           "（“年度资金总额 120 120 96 10 80% 8”），执行率以全年预算数为分母同样核对。")
    why_en = ("Where a sentence states both the budget (target, plan) and the actual figure, the completion or "
              "execution rate must be actual divided by budget (the budget it names: 年初 or 全年). A rate of a "
              "budget of 0 cannot be computed; the rate written is usually that of the other budget (100% of a 0 "
              "budget with nothing spent is the usual convention, not reported). Where the budget is not stated but the "
              "fall against it follows the rate (完成年初预算M%，比年初预算减少D), the budget is the actual plus D. "
              "A 绩效自评表 funds row flattened into "
              "text (\"年度资金总额 120 120 96 10 80% 8\") is checked the same way, against 全年预算数.")
    example_fail = "项目全年预算数120万元，执行数为96万元，完成预算的90.00%。\n"
    example_pass = "项目全年预算数120万元，执行数为96万元，完成预算的80.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for rate in facts.claims.rates:
            base, actual = rate.base, rate.actual
            if base is None and actual is not None and rate.shortfall is not None:
                # "完成年初预算71.21%，比年初预算减少3887.49万元": the budget is the actual plus the fall against it
                yield from self._gap(rate, [actual.quantity, rate.shortfall],
                                     f"预算数未写出，为{actual.label} {_num(_in_wan(actual.quantity))} 加比预算减少的 "
                                     f"{_num(_in_wan(rate.shortfall))}，", "",
                                     "the budget is the actual plus the shortfall against it, ")
            if base is None or actual is None:
                continue
            if base.quantity.value == 0 and actual.quantity.value == 0 and rate.rate.value in (0, 100):
                continue   # "完成预算0万元的100%": nothing budgeted and nothing spent, written as done
            if base.quantity.value == 0 and rate.rate.value != 0 and not rate.rate.approx:
                yield self._zero_base(rate)
                continue
            yield from self._gap(rate, base.quantity, "", f"（{actual.label} ÷ {base.label}）", "")

    def _gap(self, rate: RateClaim, base: Quantity | list[Quantity], lead: str, tail: str, lead_en: str) -> Iterator[Finding]:
        gap = _percent_gap(rate.rate, rate.actual.quantity, base)
        if gap is None:
            return
        dev, formula, shown = gap
        yield self.numeric(
            dev, formula,
            f"“{rate.name}{_num(rate.rate)}%”与同句数字不符：{lead}{formula} = {shown}%{tail}。",
            f"Stated rate {_num(rate.rate)}% disagrees with the figures in the sentence: {lead_en}{formula} = {shown}%.",
            [_at(rate.place)], unit="%")

    def _zero_base(self, rate: RateClaim) -> Finding:
        """"完成年初预算的95.89%" where 年初预算 is 0: no rate of it exists; say which budget it is of."""
        base, actual = rate.base, rate.actual
        budget = _NAMED_BUDGET.search(rate.name)
        base_name = budget.group() if budget else base.label
        formula = f"{_figure(actual.quantity)} ÷ {_figure(base.quantity)}"
        matching = next((other for other in rate.other_bases
                         if _percent_gap(rate.rate, actual.quantity, other.quantity) is None), None)
        hint = (f"；该比率等于 {_num(_in_wan(actual.quantity))} ÷ {_num(_in_wan(matching.quantity))} × 100，"
                f"即相对于{matching.label}" if matching else "")
        return self.finding(
            "medium",
            f"“{rate.name}{_num(rate.rate)}%”无从计算：{base_name}为 {_figure(base.quantity)}，{formula} 无意义{hint}。",
            f"A rate of {_num(rate.rate)}% is stated against a base of 0 ({base_name}); it cannot be computed"
            + (f"; it is the rate against {matching.label}." if matching else "."),
            [_at(rate.place)],
            Evidence(stated=f"{_num(rate.rate)}%", expected=f"无（{base_name}为0）", formula=formula))


_SENTENCE_END_IN = re.compile(r"[。！？!?]")
_GOVERNMENT_BUDGETS = tuple(vocabulary()["lists"]["government_budgets"])
_SIGNED_QUANTITY = re.compile(alternation(vocabulary()["lists"]["signed_quantities"]))
# The budgets besides the general one, each with its own totals: "（二）政府性基金预算收支情况…收入总计0万元".
_OTHER_BUDGET = re.compile("|".join(_GOVERNMENT_BUDGETS[1:]))
_ANY_BUDGET = re.compile("|".join(_GOVERNMENT_BUDGETS))
_FUND_HEADING = re.compile(r"[\u4e00-\u9fff]{2,24}保险基金$")   # "一、企业职工基本养老保险基金": one fund's figures follow


def _scope(statement: Statement) -> str:
    """全 or 本级 as the amount's name says it, else as its sentence or paragraph last said it before ("全市一般公共预算
    收入安排A，…。加上…，收入总计T" is the 全市 total; "市本级…，收入总计T" the 市本级 one)."""
    said = statement.place.paragraph.text[:statement.quantity.start]
    return scope_of(statement.raw_subject) or scope_of(said[max(said.rfind("。"), 0):]) or scope_of(said)


def _fund_of(statement: Statement) -> str:
    """The budget other than the general one an amount is of, as its sentence or the headings it stands under
    name it, else "" (一般公共预算 often only qualifies the general figures: "一般公共预算财政拨款安排的“三公”经费";
    "三、政府性基金预算收支情况 / （三）平衡情况 / 收入总计…" is of the fund budget)."""
    if not isinstance(statement, AmountClaim):
        return ""
    paragraph = statement.place.paragraph
    said = paragraph.text[:statement.quantity.start]
    named = _OTHER_BUDGET.findall(said[said.rfind("。") + 1:])
    if named:
        return named[-1]
    for heading in reversed(paragraph.outline or [paragraph.section]):   # the nearest heading naming one budget
        if fund := _FUND_HEADING.search(heading[-30:]):   # its end only: a heading may be any length
            return fund.group()   # "一、企业职工基本养老保险基金 / 本年收入…": that fund's own figures
        budgets = set(_ANY_BUDGET.findall(heading))
        if len(budgets) == 1:
            return "" if _GOVERNMENT_BUDGETS[0] in budgets else budgets.pop()
    return ""


@register
class ListedPartsSum(Check):
    code = "NARR-004"
    title = "“其中”各项之和与总数不符"
    title_en = "Parts listed after 其中 do not add up to the total"
    category = "arithmetic"
    why = ("“总数W，其中：A、B、C”列全了各组成部分时，A+B+C应等于W；不符说明总数或某一项写错"
           "（只检查明显列全的清单：各部分之和超过总数、列有“其他”项或完整分类、或差额很小）。"
           "与带两位小数的数并列的整数视为省略了“.00”（24万元与23.98万元并列即24.00万元），整数占多数的清单（单写的0不计）则按取整到个位核对。"
           "“共有公务用车0辆，其中载客汽车1辆”这样部分大于整体的，只列一项也是错。")
    why_en = ("When a total is followed by a complete 其中 list of its parts, the parts must add up to it. Only "
              "lists that are clearly complete are checked.")
    example_fail = "2023年度本部门政府采购支出总额90.00万元，其中：政府采购货物支出40.00万元、政府采购工程支出0.00万元、政府采购服务支出45.00万元。\n"
    example_pass = "2023年度本部门政府采购支出总额90.00万元，其中：政府采购货物支出40.00万元、政府采购工程支出0.00万元、政府采购服务支出50.00万元。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        budgets_held = {kind for s in facts.claims.statements if s.quantity.value for kind in _GOVERNMENT_BUDGETS if kind in s.subject}
        for breakdown in facts.claims.breakdowns:
            quantities = [breakdown.whole.quantity] + [p.quantity for p in breakdown.parts]
            if any(q.approx for q in quantities) or _SIGNED_QUANTITY.search(breakdown.whole.subject):
                continue   # an approximate figure; or profits, which an unlisted loss may leave below a part
            same_unit = len({q.unit for q in quantities}) == 1
            quantities = _in_cents_beside_cents(quantities) if same_unit else quantities
            whole = quantities[0] if same_unit else _in_wan(quantities[0])
            parts = bare_zeros_exact([p if same_unit else _in_wan(p) for p in quantities[1:]])
            total = interval_sum(parts)
            dev = deviation(whole, total)
            if dev is None or not self._clearly_complete(breakdown, whole, total, budgets_held):
                continue
            unit = whole.unit
            formula = " + ".join(_num(p) for p in parts)
            shown = format_decimal(dev.expected, max(p.places for p in parts))
            if len(parts) == 1:
                message = (f"“其中”所列的{breakdown.parts[0].label} {shown}{unit} 多于总数"
                           f"{breakdown.whole.label} {_num(whole)}{unit}：部分不能大于整体。")
            else:
                message = (f"“其中”所列各项之和与总数不符：{formula} = {shown}{unit}，"
                           f"而{breakdown.whole.label}为 {_num(whole)}{unit}。")
            yield self.numeric(
                dev, formula, message,
                f"The parts listed after 其中 add up to {shown}{unit}, not the stated total {_num(whole)}{unit}.",
                [_at(breakdown.place)], unit=unit)

    def _clearly_complete(self, breakdown: BreakdownClaim, whole: Quantity, total: Interval, budgets_held: set[str]) -> bool:
        # parts (money or counts, or falls) can only exceed their whole by mistake; the rises and falls of some
        # parts can, a part left out having gone either way
        if (total.lo > whole.value >= 0 or total.hi < whole.value < 0) and not (breakdown.of_changes and breakdown.both_ways()):
            return True
        if len(breakdown.parts) == 1:
            return False  # one part short of its whole is simply not all of it
        gap = abs(whole.value - total.mid)
        near = whole.value > 0 and gap <= whole.value * NEAR_COMPLETE and not _cut_off(breakdown) \
            and not _some_of_the_budgets(breakdown, budgets_held)
        return breakdown.names_complete_set or near


def _some_of_the_budgets(breakdown: BreakdownClaim, held: set[str]) -> bool:
    """"地方财政支出W万元。其中：一般公共预算支出A万元。政府性基金预算支出B万元": a list of budgets (vocabulary
    lists.government_budgets) that leaves out one the report states an amount of (国有资本经营预算收入8791万元), or one of a
    government's whole finances, is not all of its total. A department's 财政拨款 often has only two."""
    kinds = [{kind for kind in _GOVERNMENT_BUDGETS if kind in part.subject} for part in breakdown.parts]
    named = set().union(*kinds)
    return all(kinds) and (bool(held - named) or len(named) < len(_GOVERNMENT_BUDGETS) and "财政拨款" not in breakdown.whole.subject)


def _cut_off(breakdown: BreakdownClaim) -> bool:
    """A list whose text stops in mid-sentence after its last part ("…；事业收入98.63万元，占收"): the rest of
    the list was cut off, so a small gap says nothing."""
    last = breakdown.parts[-1].place
    rest = last.paragraph.text[last.end:].rstrip()
    return bool(rest) and not _SENTENCE_END_IN.search(rest)


# --- narrative against the tables --------------------------------------------------------------

def _label(entry: Entry) -> str:
    return normalise_subject(entry.label).text


def _column(tf: TableFacts, entry: Entry, choices: list[list[str]]) -> int | None:
    """The entry's value column under the first header holding all words of a choice; the choice []
    takes an entry with one value only."""
    for words in choices:
        if not words:
            if len(entry.values) == 1:
                return next(iter(entry.values))
            continue
        matching = [c for c in entry.values if c < len(tf.columns) and all(w in tf.columns[c] for w in words)]
        if len(matching) == 1:
            return matching[0]
    return None


def _concept_at_end(header: str) -> str | None:
    """The concept a column header ends with, its group headers in front ("财政拨款三公经费因公出国境费"
    → 因公出国（境）费); the longest that is one."""
    return next((key for start in range(len(header)) if (key := canonical_key(header[start:]))), None)


_COLUMN_NOISE = re.compile(r"[“”\"'()（）]|预算数|决算数|合计|小计")
_CAR_PARTS = ("购置费", "运行费", "运行维护费")   # headed only by their part under a 公务用车 group header


def _in_sections(section: str, place: dict) -> bool:
    return (not place.get("sections") or any(w in section for w in place["sections"])) and \
        not any(w in section for w in place.get("not_sections", ()))


class _TableFigures:
    """The table cells a narrative statement restates, by concept or function code, where the
    vocabulary's [tables] says each concept stands."""

    def __init__(self, facts: DocumentFacts):
        self.by_key: dict[str, tuple[TableFacts, Entry, int]] = {}
        self.by_code: dict[str, tuple[TableFacts, Entry, int]] = {}
        self.sections: dict[str, dict] = {}
        places = vocabulary()["tables"]
        for place in places["locations"]:
            self._locate(facts.table(place["table"]), place)
        self._one_row_by_columns(facts.table("07"))
        self._item_rows(facts.table(places["item_rows"]["table"]), places["item_rows"])

    def _put(self, key: str, tf: TableFacts, entry: Entry, column: int | None) -> None:
        if column is not None and key not in self.by_key and tf.table.unit in MONEY_SCALE_TO_WAN:
            self.by_key[key] = (tf, entry, column)

    def _locate(self, tf: TableFacts | None, place: dict) -> None:
        if tf is None:
            return
        concept = place["concept"]
        self.sections[concept] = place
        split = tf.column("支出") if "side" in place else None
        if "side" in place and split is None:
            return
        for entry in tf.entries:
            side = "收入" if (entry.first_column or 0) < (split or 0) else "支出"
            if "side" in place and side != place["side"]:
                continue
            label = _label(entry)
            if re.fullmatch(place["row"], label) if "row" in place else canonical_key(label) == concept:
                self._put(concept, tf, entry, _column(tf, entry, place["columns"]))

    def _one_row_by_columns(self, tf: TableFacts | None) -> None:
        """A budget's 07 is one row, one column per item; a 决算's may pair 预算数 | 决算数 per item. Each
        column header is read as the concept it names, with the vocabulary the sentences use:
        “三公”经费预算数合计 → 三公经费, 公务用车购置及运行费小计 → 公务用车购置及运行维护费, 购置费 under
        公务用车 → 公务用车购置费, 机关运行经费预算数 → 机关运行经费."""
        rows = [e for e in tf.entries if e.values] if tf else []
        if len(rows) != 1 or len(rows[0].values) < 3:
            return
        entry = rows[0]
        for column in sorted(entry.values):
            raw = tf.columns[column] if column < len(tf.columns) else ""
            if not tf.table.budget and "决算" not in raw:
                continue
            header = _COLUMN_NOISE.sub("", raw)
            header = "公务用车" + header if header in _CAR_PARTS else header
            for key in (_concept_at_end(header), canonical_key(header + "预算数") if tf.table.budget else None):
                if key:
                    self._put(key, tf, entry, column)

    def _item_rows(self, tf: TableFacts | None, place: dict) -> None:
        self.sections["item"] = place
        if tf is None or tf.table.unit not in MONEY_SCALE_TO_WAN:
            return
        for entry in tf.entries:
            column = _column(tf, entry, place["columns"]) if entry.code else None
            if column is not None:
                self.by_code.setdefault(entry.code, (tf, entry, column))

    def cell_for(self, statement: Statement) -> tuple[TableFacts, Entry, int] | None:
        """The table cell this statement restates, where the section leaves no doubt about scope."""
        section = statement.place.paragraph.section
        if statement.code:
            return self.by_code.get(statement.code) if _in_sections(section, self.sections["item"]) else None
        if not statement.key or not _in_sections(section, self.sections.get(statement.key, {})):
            return None
        return self.by_key.get(statement.key)


def _comparable_statements(facts: DocumentFacts) -> Iterator[AmountClaim]:
    year = facts.document.year
    for statement in facts.claims.amounts:
        if not statement.quantity.approx and _this_years(statement, year):
            yield statement


@register
class NarrativeVersusTable(Check):
    code = "NARR-005"
    title = "说明中的金额与报表不符"
    title_en = "Amount in the narrative disagrees with the table"
    category = "crossref"
    why = ("情况说明中的收支总计（含“收入支出总计”）、本年收支合计、一般公共预算财政拨款支出及其项级科目、人员经费和公用经费、"
           "“三公”经费各项，应与公开01、05、06、07表的对应数一致；不一致说明说明或报表有一处写错。")
    why_en = ("Totals, 一般公共预算 expenditure and its items, 人员/公用经费 and the 三公 figures stated in the narrative "
              "must equal the matching cells of tables 01, 05, 06 and 07.")
    example_fail = (
        "公开07表\n单位：万元\n项目\t决算数\n合计\t6.50\n1.因公出国（境）费\t0.00\n2.公务用车购置及运行维护费\t4.00\n"
        "3.公务接待费\t2.50\n\n2023年度一般公共预算财政拨款“三公”经费支出6.80万元。\n")
    example_pass = (
        "公开07表\n单位：万元\n项目\t决算数\n合计\t6.50\n1.因公出国（境）费\t0.00\n2.公务用车购置及运行维护费\t4.00\n"
        "3.公务接待费\t2.50\n\n2023年度一般公共预算财政拨款“三公”经费支出6.50万元。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        figures = _TableFigures(facts)
        for statement in _comparable_statements(facts):
            target = figures.cell_for(statement)
            if target is None:
                continue
            tf, entry, column = target
            cell = entry.values[column].in_wan()
            stated = statement.quantity.in_wan()
            dev = deviation(stated, cell.interval())
            if dev is None:
                continue
            where = cell_location(tf, entry, column)
            row = where.row or entry.label or where.column or ""   # a budget's 07: one row, named by its columns
            yield self.numeric(
                dev, f"{tf.table.label}“{row}”",
                f"说明中“{statement.place.quote}”与{tf.table.label}“{row}”的 {_num(cell)}万元 不一致"
                f"（相差 {format_decimal(abs(stated.value - cell.value), max(stated.places, cell.places))}万元）。",
                f"The narrative states {_num(stated)} 万元 where {tf.table.label} row “{row}” shows {_num(cell)} 万元.",
                [_at(statement.place), where], unit="万元")


@register
class SameQuantityTwice(Check):
    code = "NARR-006"
    title = "同一数量前后表述不一致"
    title_en = "The same quantity is stated with different values"
    category = "narrative"
    why = ("同一口径、同一期间的数量（如年末公务用车保有量、“三公”经费、收支总计、项级科目支出）在报告中多次出现时"
           "应一致；前后不一说明至少一处写错。同一数量比上年的增减额在另一段重述时也应一致。只比较能确认为同一数量的表述。")
    why_en = ("A quantity of the same scope and period (vehicles held at year end, 三公 spending, totals, item "
              "expenditure) stated more than once must have one value, and so must its change on last year restated in "
              "another paragraph. Only statements that are surely the same quantity are compared.")
    example_fail = ("截至2023年12月31日，本部门公务用车保有量为6辆。\n\n"
                    "截至2023年12月31日，本部门共有车辆4辆，其中：特种专业技术用车2辆、其他用车2辆。\n")
    example_pass = ("截至2023年12月31日，本部门公务用车保有量为4辆。\n\n"
                    "截至2023年12月31日，本部门共有车辆4辆，其中：特种专业技术用车2辆、其他用车2辆。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        figures = _TableFigures(facts)
        groups: dict[tuple, list[Statement]] = {}
        for statement in self._candidates(facts):
            if figures.cell_for(statement) is not None:
                continue  # NARR-005 already holds it against its table cell
            groups.setdefault(self._identity(statement), []).append(statement)
        for statements in groups.values():
            yield from self._disagreements(statements)
        for changes in self._changes_of_one_amount(facts).values():
            yield from self._changes_disagree(changes)

    def _changes_of_one_amount(self, facts: DocumentFacts) -> dict[tuple, list[tuple[Quantity, Place]]]:
        """The changes on last year stated of amounts of one name, value and year (a change restated by its
        comparison counts once)."""
        found: dict[tuple, list[tuple[Quantity, Place]]] = {}
        for current, change, place in _changes_on_last_year(facts, restated=False):
            if change.approx or current.quantity.approx or not current.subject \
                    or not _this_years(current, facts.document.year) or self._dated_otherwise(place.quote, facts.document.year):
                continue
            name = canonical_key(current.subject) or current.subject
            # "收入较上年增加a" and "支出较上年增加b" of one 年初预算数 are each side's change (NARR-014 holds them alike)
            sides = frozenset(side for side in _SIDES if side in place.quote)
            key = (name, _in_wan(current.quantity).value, self._body(current), _scope(current), sides)
            if all(change.value != other.value or at.paragraph is not place.paragraph for other, at in found.get(key, [])):
                found.setdefault(key, []).append((change, place))
        return found

    @staticmethod
    def _dated_otherwise(quote: str, year: int | None) -> bool:
        """A change against a year other than the one before ("比2019年（疫情前）决算数减少…")."""
        return any(year is None or int(y) not in (year, year - 1) for y in _YEAR_IN_TEXT.findall(quote))

    def _changes_disagree(self, changes: list[tuple[Quantity, Place]]) -> Iterator[Finding]:
        """The same quantity's change on last year stated twice with different values, in two paragraphs (a section
        restating another's figure: "较2024年增加32.42万元" and, of the same 1125.76万元, "较2024年增加34.42万元").
        Within one paragraph, two changes of one amount are more often of two things than one thing twice."""
        if len(changes) < 2:
            return
        (first, first_at), *others = changes
        for change, place in others:
            dev = deviation(change, first.interval())
            if dev is None or place.paragraph is first_at.paragraph:
                continue
            yield self.numeric(
                dev, f"第{place.line}行 与 第{first_at.line}行",
                f"同一数量比上年的增减额前后不一致：“{place.quote}”（第{place.line}行）为 {_num(change)}{change.unit}，"
                f"而“{first_at.quote}”（第{first_at.line}行）为 {_num(first)}{first.unit}。",
                f"The same quantity's change on last year is stated as {_num(change)}{change.unit} (line {place.line}) "
                f"and {_num(first)}{first.unit} (line {first_at.line}).",
                [_at(place), _at(first_at)], unit=change.unit)

    def _body(self, statement: Statement) -> str:
        """Whose figure it is: "" for the report's own (unnamed, or named as the report's unit)."""
        entity = statement.entity
        return "" if not entity or entity in self._department or self._department in entity else entity

    def _candidates(self, facts: DocumentFacts) -> Iterator[Statement]:
        self._department = facts.document.department or "\0"
        year = facts.document.year
        for statement in facts.claims.statements:
            if statement.quantity.approx or not _this_years(statement, year):
                continue
            if isinstance(statement, AmountClaim) and (statement.key or statement.code):
                yield statement
            elif isinstance(statement, CountClaim) and statement.key == VEHICLES_HELD:
                yield statement

    @staticmethod
    def _identity(statement: Statement) -> tuple:
        # A part of a 其中 list is only the same quantity as a part of the same whole; an item code
        # names a function, not a funding scope, so item lines compare within their section only.
        whole = statement.whole
        scope = (whole.key or whole.subject) if whole else None
        if statement.code:
            return "code", scope, statement.code, statement.place.paragraph.section
        # 全市 and 市本级 spending are two quantities; a name without either is left apart from both
        return type(statement).__name__, scope, statement.key, _fund_of(statement), _scope(statement)

    def _disagreements(self, statements: list[Statement]) -> Iterator[Finding]:
        if len(statements) < 2:
            return
        values = Counter(_in_wan(s.quantity).value for s in statements)
        # The value most statements give is the reference; on a tie, the last one stated, so the
        # finding opens at the earlier statement.
        reference = max(statements, key=lambda s: (values[_in_wan(s.quantity).value], statements.index(s)))
        for statement in statements:
            if statement is reference or _different_years(statement, reference) \
                    or self._body(statement) != self._body(reference):
                continue   # another year, or another body's figure ("下属某中心2023年…")
            stated, other = _in_wan(statement.quantity), _in_wan(reference.quantity)
            dev = deviation(stated, other.interval())
            if dev is None:
                continue
            unit = stated.unit
            yield self.numeric(
                dev, f"第{statement.place.line}行 与 第{reference.place.line}行",
                f"同一数量前后不一致：“{statement.place.quote}”（第{statement.place.line}行）为 {_num(stated)}{unit}，"
                f"而“{reference.place.quote}”（第{reference.place.line}行）为 {_num(other)}{unit}。",
                f"The same quantity is stated as {_num(stated)}{unit} (line {statement.place.line}) and "
                f"{_num(other)}{unit} (line {reference.place.line}).",
                [_at(statement.place), _at(reference.place)], unit=unit)


# --- directions, zero bases, units --------------------------------------------------------------

_RELATION_WORD = {">": "大于", "<": "小于", "=": "等于"}
_RELATION_EN = {">": "greater than", "<": "less than", "=": "equal to"}
_ZERO = Quantity(Decimal(0), "", 0, "0")
_HUNDRED_PERCENT = Quantity(Decimal(100), "%", 0, "100%")


@dataclass(frozen=True)
class _Relation:
    """How figure a stands to figure b as the report shows them, against the relation a sentence states."""

    stated: str               # ">", "<" or "="
    actual: str
    difference: Decimal
    tolerance: Decimal
    a: Quantity
    b: Quantity

    @property
    def contradicted(self) -> bool:
        if self.stated == "=":
            return self.difference > self.tolerance  # equal within the rounding of both figures
        return self.stated != self.actual

    def evidence(self, stated_text: str, expected_text: str) -> Evidence:
        places, gap = max(self.a.places, self.b.places), self.a.value - self.b.value
        unit = self.a.unit if self.a.unit == self.b.unit or not self.b.unit else ""
        return Evidence(stated=stated_text, expected=expected_text,
                        difference=format_decimal(self.difference, places) + unit,
                        tolerance=format_decimal(self.tolerance, places + 1) + unit,
                        formula=f"{_num(self.a)} − {_num(self.b)} = {format_decimal(gap, places)}")

    @property
    def severity(self) -> Severity:
        """How far the figures are from bearing the stated word out, in multiples of their rounding."""
        return grade(self.difference, self.tolerance, abs(self.b.value) or abs(self.a.value))


def _relation(stated: str, a: Quantity, b: Quantity, exact_b: bool = False) -> _Relation:
    """The stated relation of a to b beside the one the figures show (b exact for 0 or 100%)."""
    a, b = _in_wan(a), _in_wan(b)
    actual = "=" if a.value == b.value else (">" if a.value > b.value else "<")
    tolerance = a.half_unit + (Decimal(0) if exact_b else b.half_unit)
    return _Relation(stated, actual, abs(a.value - b.value), tolerance, a, b)


def _signed(growth: GrowthClaim) -> Quantity:
    """The change with its direction as a sign: −5.00 for "减少5.00万元"."""
    change = growth.change
    return Quantity(change.value * growth.direction, change.unit, change.places, change.text)


@register
class DirectionClash(Check):
    code = "NARR-007"
    title = "增减方向或比较结论与数字不符"
    title_en = "Direction word contradicts the figures"
    category = "narrative"
    why = ("“增加”却写“下降”，“决算数大于预算数”而决算数更小，“持平”而两数不同：方向词与所述数字相反，"
           "读者会得出相反的结论。比较的依据是同段写明的预算数与决算数、完成率（低于100%即小于预算）、"
           "或前文的增减额与上年数；“收支平衡”则比较前文的收入合计与支出合计。相差在两数的舍入范围内视为持平。")
    why_en = ("A direction word that contradicts the figures (“up” with a fall, actual “above” a larger budget, "
              "“flat” with two different figures) tells the reader the opposite of what happened. The figures are "
              "the budget and actual stated beside it, a completion rate (below 100% is below budget), or the "
              "change or last year's amount stated before it; “收支平衡” (balanced) compares the income and spending totals "
              "stated before it.")
    example_fail = "公务接待费年初预算为8.00万元，支出决算为7.20万元。决算数大于预算数的主要原因是接待增加。\n"
    example_pass = "公务接待费年初预算为8.00万元，支出决算为7.20万元。决算数小于预算数的主要原因是接待减少。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for growth in facts.claims.growths:
            if finding := self._growth(growth):
                yield finding
        for comparison in facts.claims.comparisons:
            if finding := self._comparison(comparison):
                yield finding

    def _growth(self, growth: GrowthClaim) -> Finding | None:
        """A change and its rate pointing opposite ways, or a rate against the two amounts it compares."""
        if growth.net or growth.rate.value == 0 or growth.rate.approx:
            return None
        stated = ">" if growth.rate_direction > 0 else "<"
        candidates = []
        if growth.change is not None and growth.change.value != 0:
            relation = _relation(stated, _signed(growth), _ZERO, exact_b=True)
            candidates.append((relation, f"增减额为{'增加' if growth.direction > 0 else '减少'} "
                                         f"{_num(growth.change)}{growth.change.unit}"))
        if growth.prior is not None and growth.current is not None:
            relation = _relation(stated, growth.current.quantity, growth.prior.quantity)
            candidates.append((relation, f"本年 {_figure(relation.a)}，比较的基数 {_figure(relation.b)}"))
        clash = next(((r, basis) for r, basis in candidates if r.actual != "=" and r.contradicted), None)
        if clash is None:
            return None
        relation, basis = clash
        word = "增长" if relation.actual == ">" else "下降"
        stated_word = "增长" if stated == ">" else "下降"
        return self.finding(
            relation.severity,
            f"“{growth.place.quote}”方向矛盾：{basis}，应为{word}，文中却写“{stated_word}{_num(growth.rate)}%”。",
            f"The rate says {'up' if stated == '>' else 'down'} {_num(growth.rate)}% but the figures go the other way.",
            [_at(growth.place)],
            relation.evidence(f"{stated_word}{_num(growth.rate)}%", word))

    def _comparison(self, comparison: ComparisonClaim) -> Finding | None:
        if comparison.actual and comparison.base:
            relation = _relation(comparison.relation, comparison.actual.quantity, comparison.base.quantity)
            basis = (f"{comparison.actual.label} {_figure(comparison.actual.quantity)}，"
                     f"{comparison.base.label} {_figure(comparison.base.quantity)}")
            locations = [_at(comparison.place), _at(comparison.actual.place)]
        elif comparison.rate is not None and comparison.rate.value > 0 and not comparison.rate.approx:
            relation = _relation(comparison.relation, comparison.rate, _HUNDRED_PERCENT, exact_b=True)
            basis = f"完成率为 {_num(comparison.rate)}%"
            locations = [_at(comparison.place)]
        elif comparison.growth and comparison.growth.change is not None and not comparison.growth.net:
            relation = _relation(comparison.relation, _signed(comparison.growth), _ZERO, exact_b=True)
            basis = f"前文为“{comparison.growth.place.quote}”"
            locations = [_at(comparison.place), _at(comparison.growth.place)]
        elif comparison.growth and comparison.growth.prior is not None:
            growth = comparison.growth
            relation = _relation(comparison.relation, growth.current.quantity, growth.prior.quantity)
            basis = f"前文为“{growth.place.quote}”"
            locations = [_at(comparison.place), _at(growth.place)]
        else:
            return None
        if not relation.contradicted or comparison.or_equal and not replace(relation, stated="=").contradicted:
            return None   # "小于（或与预算数持平）" at 100%: TMPL-001 reports the choice left
        if comparison.against == "balance":
            return self.finding(
                relation.severity,
                f"“{comparison.place.quote}”与所述数字不符：{basis}，收支并不相等。",
                f"“{comparison.word}” is stated, but the income total and the spending total differ.",
                locations,
                relation.evidence(comparison.word, f"{comparison.actual.label}{_RELATION_WORD[relation.actual]}"
                                                   f"{comparison.base.label}"))
        against = "上年" if comparison.against == "prior" else "预算"
        expected = "持平" if relation.actual == "=" else _RELATION_WORD[relation.actual]
        return self.finding(
            relation.severity,
            f"“{comparison.place.quote}”与所述数字不符：{basis}，即决算数{_RELATION_WORD[relation.actual]}{against}数。",
            f"“{comparison.word}” is stated, but the figures show the actual {_RELATION_EN[relation.actual]} the "
            f"{'prior year' if comparison.against == 'prior' else 'budget'}.",
            locations,
            relation.evidence(comparison.word, expected))


@register
class FallBeyondWhole(Check):
    code = "NARR-013"
    title = "降幅超过100%"
    title_en = "A fall of more than 100%"
    category = "ratio"
    why = ("支出、收入、经费都不会小于0，比上年“下降”最多下降100%（降为0）。写成“下降110.00%”必有一处写错："
           "幅度、增减额或方向词。本年数未写出、NARR-001无从核对时，这一条仍能判定。")
    why_en = ("Spending, income and funds cannot fall below zero, so a fall is at most 100% (down to nothing). A stated "
              "fall of 110% means the rate, the change or the direction word is wrong; this holds even where the "
              "current amount is not stated and NARR-001 cannot check the rate.")
    example_fail = "其中：公务用车购置费支出决算减少19865.00元，下降110.00%。\n"
    example_pass = "其中：公务用车购置费支出决算减少19865.00元，下降100.00%。\n"

    _SIGNED = re.compile(alternation(vocabulary()["lists"]["net_changes"] + ["结余", "净"]))

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for growth in facts.claims.growths:
            if growth.rate_direction > 0 or growth.net or self._SIGNED.search(growth.subject):
                continue   # a balance or a net figure may turn negative
            terms = _growth_terms(growth)
            if terms is not None and terms.rate is not None:
                continue   # NARR-001 checks the rate against the amounts
            dev = deviation(growth.rate, Interval.exact(Decimal(100)))
            if dev is None or growth.rate.value < 100:
                continue
            yield self.numeric(
                dev, "降幅 ≤ 100%",
                f"“{growth.place.quote}”：下降 {_num(growth.rate)}%，而金额最多降到0，降幅不会超过100%。",
                f"A fall of {_num(growth.rate)}% is stated; an amount can fall by 100% at most.",
                [_at(growth.place)], unit="%")


@register
class GrowthOnZeroBase(Check):
    code = "NARR-008"
    title = "上年数为零却写出增长率"
    title_en = "Growth rate stated on a zero base"
    category = "narrative"
    why = ("增长率是增减额÷上年数；上年为0（新设单位、新增科目，本年数等于增加额）时比率不存在，写成“增长100%”并不成立，"
           "应写“上年无此项支出”或“净增加”。这是表述问题而非数字错误，故为低严重度提示。")
    why_en = ("A growth rate is the change divided by last year's amount; when last year was 0 (a new unit or item: "
              "this year's amount equals the increase) there is no rate, and “up 100%” is not true. A wording issue, "
              "noted at low severity.")
    example_fail = "本单位2023年新设立。机关运行经费支出12.00万元，比上年增加12.00万元，增长100.00%。\n"
    example_pass = "本单位2023年新设立。机关运行经费支出12.00万元，比上年净增加12.00万元。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for growth in facts.claims.growths:
            terms = _growth_terms(growth)
            if terms is None or growth.rate.value == 0 or not terms.base.lo <= 0 <= terms.base.hi:
                continue
            yield self.finding(
                "low",
                f"“{growth.place.quote}”：上年数为 {terms.base_text} = 0，增长率无从计算，"
                f"写出的 {_num(growth.rate)}% 没有意义；宜写“上年无此项”或“净增加”。",
                f"A rate of {_num(growth.rate)}% is stated on a zero base (last year = {terms.base_text} = 0).",
                [_at(growth.place)],
                Evidence(stated=f"{_num(growth.rate)}%", expected="无（上年数为0）", formula=terms.formula))


# A rate or an amount written without its unit: "增长13.95。", "支出决算数为907.46，".
_RATE_WITHOUT_PERCENT = re.compile(
    r"(?P<word>增长|下降|增幅|降幅|占[^，,。；;：:]{0,20}?的|完成[^，,。；;：:]{0,12}?的|(?:执行|完成)率为?)\s*"
    r"(?<![\d.,])(?P<num>\d+\.\d+)(?=\s*(?:[，,。；;）)]|$))"
)
_AMOUNT_WITHOUT_UNIT = re.compile(
    r"(?P<word>决算数|预算数|支出|收入|合计|总计)(?:为|是)?\s*(?<![\d.,])(?P<num>\d+\.\d+)(?=\s*[，,。；;])"
)


@register
class MissingUnit(Check):
    code = "NARR-009"
    title = "数字缺少单位"
    title_en = "Figure written without its unit"
    category = "narrative"
    why = ("“增长13.95。”“决算数为907.46，”：幅度没有“%”、金额没有“万元”，读者无法确定数字的含义，"
           "也无从与报表核对；多为排版时漏掉。")
    why_en = ("A rate without “%” or an amount without “万元” cannot be read with certainty nor checked against the "
              "tables; usually the unit was lost in typesetting.")
    example_fail = "一般公共预算财政拨款支出增加12.30万元，增长13.95。\n"
    example_pass = "一般公共预算财政拨款支出增加12.30万元，增长13.95%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for paragraph in facts.document.paragraphs:
            for pattern, unit in ((_RATE_WITHOUT_PERCENT, "%"), (_AMOUNT_WITHOUT_UNIT, "万元")):
                for m in pattern.finditer(paragraph.text):
                    kind = "幅度或比率" if unit == "%" else "金额"
                    yield self.finding(
                        "low",
                        f"“{m.group()}”中的{kind} {m['num']} 没有单位（应为“{m['num']}{unit}”之类），无法确认其含义。",
                        f"The figure {m['num']} after “{m['word']}” has no unit (expected “{unit}”).",
                        [text_location(paragraph, m.start(), m.end())],
                        Evidence(stated=m["num"], expected=f"{m['num']}{unit}"))

"""Narrative numbers: the 情况说明 restates the tables in sentences; every figure must agree with
the figures beside it (growth rates, shares, completion rates, 其中 lists), with the tables, and
with itself when the same quantity is stated twice."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Iterator

from reviewer.checks.base import Check, cell_location, register, text_location
from reviewer.facts import DocumentFacts
from reviewer.facts.claims import (
    VEHICLES_HELD, AmountClaim, BreakdownClaim, CountClaim, Place, Statement, canonical_key, normalise_subject,
)
from reviewer.facts.tables import Entry, TableFacts
from reviewer.findings import Deviation, Finding, Location, deviation
from reviewer.numbers import MONEY_SCALE_TO_WAN, Interval, Quantity, format_decimal, interval_sum, percent_of


def _at(place: Place) -> Location:
    return text_location(place.paragraph, place.start, place.end)


def _num(q: Quantity) -> str:
    return format_decimal(q.value, q.places)


def _in_wan(q: Quantity) -> Quantity:
    return q.in_wan() if q.kind == "money" else q


def _shown(value: Decimal, places: int) -> str:
    """An expected figure at the stated precision, with more decimals when that would read as zero."""
    shown = format_decimal(value, places)
    while value and Decimal(shown) == 0 and places < 6:
        places += 1
        shown = format_decimal(value, places)
    return shown


def _percent_gap(stated: Quantity, part: Quantity, whole: Quantity) -> tuple[Deviation, str, str] | None:
    """A stated percentage against part ÷ whole × 100: (deviation, formula, expected as shown), or None
    when it agrees within rounding, a figure is approximate, or the whole is zero."""
    if stated.approx or part.approx or whole.approx:
        return None
    try:
        dev = deviation(stated, percent_of(part, whole))
    except ZeroDivisionError:
        return None
    if dev is None:
        return None
    formula = f"{_num(_in_wan(part))} ÷ {_num(_in_wan(whole))} × 100"
    return dev, formula, _shown(dev.expected, dev.places)


def _year_ok(statement: Statement, year: int | None) -> bool:
    return statement.year is None or year is None or statement.year == year


@register
class GrowthRate(Check):
    code = "NARR-001"
    title = "增减幅度与增减额不符"
    title_en = "Stated growth rate disagrees with the amounts"
    category = "ratio"
    why = ("“X万元，比上年增加Y万元，增长Z%”中，上年数为X−Y（减少时为X+Y），Z应等于Y÷上年数×100；"
           "不符说明增减额、本年数或幅度至少有一个写错。")
    why_en = ("In “X, up Y on last year, a rise of Z%”, last year was X − Y (X + Y for a fall) and Z must be "
              "Y divided by it; a mismatch means one of the three figures is wrong.")
    example_fail = "2023年度本部门支出总计520.00万元，较上年增加20.00万元，增长5.00%。\n"
    example_pass = "2023年度本部门支出总计520.00万元，较上年增加20.00万元，增长4.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for growth in facts.claims.growths:
            current = growth.current
            if growth.net or current is None or growth.direction != growth.rate_direction:
                continue  # 净增加 has no base; a change and a rate pointing opposite ways is another problem
            if any(q.approx for q in (current.quantity, growth.change, growth.rate)):
                continue
            if current.quantity.kind != growth.change.kind:
                continue
            x, y = _in_wan(current.quantity), _in_wan(growth.change)
            base = x.interval() - y.interval() if growth.direction > 0 else x.interval() + y.interval()
            if base.lo <= 0:
                continue
            expected = (y.interval() / base).scale(Decimal(100))
            dev = deviation(growth.rate, expected)
            if dev is None:
                continue
            sign = "−" if growth.direction > 0 else "+"
            formula = f"{_num(y)} ÷ ({_num(x)} {sign} {_num(y)}) × 100"
            shown = _shown(dev.expected, dev.places)
            locations = [_at(growth.place)]
            if current.place.line != growth.place.line:
                locations.append(_at(current.place))
            yield self.numeric(
                dev, formula,
                f"“{growth.place.quote}”与金额不符：{current.label} {_num(x)}{x.unit}，上年数为 {_num(x)} {sign} {_num(y)}，"
                f"{formula} = {shown}%，而文中为 {_num(growth.rate)}%。",
                f"Stated change rate {_num(growth.rate)}% disagrees with the amounts: {formula} = {shown}%.",
                locations, unit="%")


@register
class ShareOfWhole(Check):
    code = "NARR-002"
    title = "占比与金额不符"
    title_en = "Stated share disagrees with the amounts"
    category = "ratio"
    why = "“A万元，占N%”的N应等于A÷总数×100（总数为“占……的”所指或“其中”前的合计）；不符说明占比或金额写错。"
    why_en = ("A share “A, N% of the whole” must equal A divided by the whole (the one named after 占, or the total "
              "before 其中); a mismatch means the share or an amount is wrong.")
    example_fail = "2023年度本年收入合计800.00万元，其中：财政拨款收入720.00万元，占91.00%；其他收入80.00万元，占10.00%。\n"
    example_pass = "2023年度本年收入合计800.00万元，其中：财政拨款收入720.00万元，占90.00%；其他收入80.00万元，占10.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for share in facts.claims.shares:
            part, whole = share.part, share.whole
            if whole is None:
                continue
            gap = _percent_gap(share.share, part.quantity, whole.quantity)
            if gap is None:
                continue
            dev, formula, shown = gap
            w = _in_wan(whole.quantity)
            named = f"{part.label}占{_num(share.share)}%"
            locations = [_at(share.place)]
            if whole.place.line != share.place.line:
                locations.append(_at(whole.place))
            yield self.numeric(
                dev, formula,
                f"“{named}”与金额不符：{formula} = {shown}%（总数为{whole.label} {_num(w)}万元）。",
                f"Stated share {_num(share.share)}% of {part.subject} disagrees with the amounts: "
                f"{formula} = {shown}%.",
                locations, unit="%")


@register
class CompletionRate(Check):
    code = "NARR-003"
    title = "完成率与预算数、执行数不符"
    title_en = "Stated completion rate disagrees with budget and actual"
    category = "ratio"
    why = ("同一句中写明预算（目标、计划）数和执行（实际）数时，“完成预算M%”“执行率M%”的M应等于执行数÷预算数×100；"
           "不符说明其中一个数字写错。")
    why_en = ("Where a sentence states both the budget (target, plan) and the actual figure, the completion or "
              "execution rate must be actual divided by budget.")
    example_fail = "项目全年预算数120万元，执行数为96万元，完成预算的90.00%。\n"
    example_pass = "项目全年预算数120万元，执行数为96万元，完成预算的80.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for rate in facts.claims.rates:
            base, actual = rate.base, rate.actual
            if base is None or actual is None:
                continue
            gap = _percent_gap(rate.rate, actual.quantity, base.quantity)
            if gap is None:
                continue
            dev, formula, shown = gap
            yield self.numeric(
                dev, formula,
                f"“{rate.name}{_num(rate.rate)}%”与同句数字不符：{formula} = {shown}%"
                f"（{actual.label} ÷ {base.label}）。",
                f"Stated rate {_num(rate.rate)}% disagrees with the figures in the sentence: {formula} = {shown}%.",
                [_at(rate.place)], unit="%")


@register
class ListedPartsSum(Check):
    code = "NARR-004"
    title = "“其中”各项之和与总数不符"
    title_en = "Parts listed after 其中 do not add up to the total"
    category = "arithmetic"
    why = ("“总数W，其中：A、B、C”列全了各组成部分时，A+B+C应等于W；不符说明总数或某一项写错"
           "（只检查明显列全的清单：各部分之和超过总数、列有“其他”项或完整分类、或差额很小）。")
    why_en = ("When a total is followed by a complete 其中 list of its parts, the parts must add up to it. Only "
              "lists that are clearly complete are checked.")
    example_fail = "2023年度本部门政府采购支出总额90.00万元，其中：政府采购货物支出40.00万元、政府采购工程支出0.00万元、政府采购服务支出45.00万元。\n"
    example_pass = "2023年度本部门政府采购支出总额90.00万元，其中：政府采购货物支出40.00万元、政府采购工程支出0.00万元、政府采购服务支出50.00万元。\n"

    # A gap this small relative to the total shows the list was meant to be complete.
    NEAR_COMPLETE = Decimal("0.01")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for breakdown in facts.claims.breakdowns:
            quantities = [breakdown.whole.quantity] + [p.quantity for p in breakdown.parts]
            if any(q.approx for q in quantities):
                continue
            same_unit = len({q.unit for q in quantities}) == 1
            whole = quantities[0] if same_unit else _in_wan(quantities[0])
            parts = [p if same_unit else _in_wan(p) for p in quantities[1:]]
            total = interval_sum(parts)
            dev = deviation(whole, total)
            if dev is None or not self._clearly_complete(breakdown, whole, total):
                continue
            unit = whole.unit
            formula = " + ".join(_num(p) for p in parts)
            shown = format_decimal(dev.expected, max(p.places for p in parts))
            yield self.numeric(
                dev, formula,
                f"“其中”所列各项之和与总数不符：{formula} = {shown}{unit}，"
                f"而{breakdown.whole.label}为 {_num(whole)}{unit}。",
                f"The parts listed after 其中 add up to {shown}{unit}, not the stated total {_num(whole)}{unit}.",
                [_at(breakdown.place)], unit=unit)

    def _clearly_complete(self, breakdown: BreakdownClaim, whole: Quantity, total: Interval) -> bool:
        if isinstance(breakdown.whole, AmountClaim) and total.lo > whole.value:
            return True  # money parts can only exceed their total by mistake
        gap = abs(whole.value - total.mid)
        return breakdown.names_complete_set or (whole.value > 0 and gap <= whole.value * self.NEAR_COMPLETE)


# --- narrative against the tables --------------------------------------------------------------

_TOTAL_ROW = re.compile(r"^(?:合计|总计)$")


def _label(entry: Entry) -> str:
    return normalise_subject(entry.label).text


def _value_column(tf: TableFacts, entry: Entry, *keywords: str, fallback: bool = True) -> int | None:
    """The entry's one column under a header holding the keywords, else (with fallback) its only value."""
    if keywords:
        matching = [c for c in entry.values if c < len(tf.columns) and all(k in tf.columns[c] for k in keywords)]
        if len(matching) == 1:
            return matching[0]
    return next(iter(entry.values)) if fallback and len(entry.values) == 1 else None


def _subtotal_column(tf: TableFacts, entry: Entry) -> int | None:
    column = _value_column(tf, entry, "小计", fallback=False)
    return column if column is not None else _value_column(tf, entry, "合计", fallback=False)


class _TableFigures:
    """The table cells a narrative statement restates, by canonical key or function code."""

    def __init__(self, facts: DocumentFacts):
        self.by_key: dict[str, tuple[TableFacts, Entry, int]] = {}
        self.by_code: dict[str, tuple[TableFacts, Entry, int]] = {}
        self._table_01(facts.table("01"))
        self._table_04(facts.table("04"))
        self._fund_total(facts.table("08"), "政府性基金预算财政拨款支出")
        self._fund_total(facts.table("09"), "国有资本经营预算财政拨款支出")
        self._table_05(facts.table("05"))
        self._table_06(facts.table("06"))
        self._table_07(facts.table("07"))

    def _put(self, key: str, tf: TableFacts, entry: Entry, column: int | None) -> None:
        if column is not None and key not in self.by_key and tf.table.unit in MONEY_SCALE_TO_WAN:
            self.by_key[key] = (tf, entry, column)

    def _table_01(self, tf: TableFacts | None) -> None:
        split = tf.column("支出") if tf else None
        if split is None:
            return
        for entry in tf.entries:
            side = "收入" if (entry.first_column or 0) < split else "支出"
            label = _label(entry)
            key = f"{side}总计" if label == "总计" else canonical_key(label)
            if key in ("收入总计", "支出总计", "本年收入合计", "本年支出合计") and side in key:
                self._put(key, tf, entry, _value_column(tf, entry, "决算"))

    def _table_04(self, tf: TableFacts | None) -> None:
        """04's 总计 rows are the 财政拨款收入总计 and 财政拨款支出总计 the narrative restates."""
        split = tf.column("支出") if tf else None
        if split is None:
            return
        for entry in tf.entries:
            if _label(entry) in ("总计", "总计总计"):  # 总计总计: both sides' labels merged by the extraction
                side = "收入" if (entry.first_column or 0) < split else "支出"
                column = _value_column(tf, entry, "金额") if side == "收入" else _value_column(tf, entry, "合计")
                self._put(f"财政拨款{side}总计", tf, entry, column)

    def _fund_total(self, tf: TableFacts | None, key: str) -> None:
        """08 and 09: the 合计 row's 本年支出 total is what the narrative restates for each fund."""
        for entry in tf.entries if tf else []:
            if _TOTAL_ROW.match(_label(entry)):
                column = _value_column(tf, entry, "本年支出", "小计", fallback=False)
                self._put(key, tf, entry, column if column is not None else
                          _value_column(tf, entry, "本年支出", "合计", fallback=False))

    def _table_05(self, tf: TableFacts | None) -> None:
        if tf is None:
            return
        for entry in tf.entries:
            if _TOTAL_ROW.match(_label(entry)):
                self._put("一般公共预算财政拨款支出", tf, entry, _subtotal_column(tf, entry))
                self._put("一般公共预算财政拨款基本支出", tf, entry,
                          _value_column(tf, entry, "基本支出", fallback=False))
            elif entry.code and tf.table.unit in MONEY_SCALE_TO_WAN:
                column = _subtotal_column(tf, entry)
                if column is not None:
                    self.by_code.setdefault(entry.code, (tf, entry, column))

    def _table_06(self, tf: TableFacts | None) -> None:
        for entry in tf.entries if tf else []:
            label = _label(entry)
            if label in ("人员经费合计", "公用经费合计"):
                self._put(label.removesuffix("合计"), tf, entry, _value_column(tf, entry))

    def _table_07(self, tf: TableFacts | None) -> None:
        for entry in tf.entries if tf else []:
            label = _label(entry)
            key = "三公经费" if _TOTAL_ROW.match(label) else canonical_key(label)
            if key in ("三公经费", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费",
                       "公务用车运行维护费", "公务接待费"):
                self._put(key, tf, entry, _value_column(tf, entry, "决算"))

    def cell_for(self, statement: Statement) -> tuple[TableFacts, Entry, int] | None:
        """The table cell this statement restates, where the section leaves no doubt about scope."""
        section = statement.place.paragraph.section
        if statement.code:
            # Item lines restate table 05 only in the 一般公共预算 expenditure section.
            if "一般公共预算" in section and "基本支出" not in section:
                return self.by_code.get(statement.code)
            return None
        if statement.key in ("人员经费", "公用经费") and "基本支出" not in section:
            return None
        return self.by_key.get(statement.key) if statement.key else None


def _comparable_statements(facts: DocumentFacts) -> Iterator[AmountClaim]:
    year = facts.document.year
    for statement in facts.claims.amounts:
        if not statement.quantity.approx and _year_ok(statement, year):
            yield statement


@register
class NarrativeVersusTable(Check):
    code = "NARR-005"
    title = "说明中的金额与报表不符"
    title_en = "Amount in the narrative disagrees with the table"
    category = "crossref"
    why = ("情况说明中的收支总计、本年收支合计、一般公共预算财政拨款支出及其项级科目、人员经费和公用经费、"
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
            row = where.row or entry.label
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
           "应一致；前后不一说明至少一处写错。只比较能确认为同一数量的表述。")
    why_en = ("A quantity of the same scope and period (vehicles held at year end, 三公 spending, totals, item "
              "expenditure) stated more than once must have one value. Only statements that are surely the "
              "same quantity are compared.")
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

    def _candidates(self, facts: DocumentFacts) -> Iterator[Statement]:
        year = facts.document.year
        for statement in facts.claims.statements:
            if statement.quantity.approx or not _year_ok(statement, year):
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
        return type(statement).__name__, scope, statement.key

    def _disagreements(self, statements: list[Statement]) -> Iterator[Finding]:
        if len(statements) < 2:
            return
        values = Counter(_in_wan(s.quantity).value for s in statements)
        # The value most statements give is the reference; on a tie, the last one stated, so the
        # finding opens at the earlier statement.
        reference = max(statements, key=lambda s: (values[_in_wan(s.quantity).value], statements.index(s)))
        for statement in statements:
            if statement is reference:
                continue
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

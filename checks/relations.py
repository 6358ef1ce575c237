"""Balances of the two-sided tables (01, 04) and the relations between the nine public tables.

Tables 01 and 04 put income on the left and expenditure on the right of one row. Extractions often
lose a cell there and slide a label into an amount column ("| 本年收入合计 | 本年支出合计 | 7775.20 |");
so each side is read by position, and a side whose amount cell holds text is unreadable and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reviewer.checks.base import Check, register
from reviewer.checks.footing import (Figure, class_rows, comparable, data_entries, expenditure_label_column, figure_at,
                            figure_name, figure_name_en, find_value_column, full_row, grand_total_row, is_blank,
                            parts_formula, single_figure, sum_finding, SumTest, table_name, value_columns)
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import Entry, TableFacts, squash
from reviewer.findings import SEVERITY_ORDER, Finding, deviation
from reviewer.numbering import numbering_of
from reviewer.numbers import format_decimal, parse_cell

_RANK = {severity: -order for severity, order in SEVERITY_ORDER.items()}  # high ranks above medium
_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+[、.．]|^\d+[、.．]")
_INCOME_TOTAL = re.compile(r"本年收入合计")
_EXPENSE_TOTAL = re.compile(r"本年支出合计")
_GRAND_TOTAL = re.compile(r"总计")
_TOTAL_LABEL = re.compile(r"合计|总计")
# Lines between 本年X合计 and 总计 that add to it, and the 其中 breakdowns of them that do not.
_INCOME_ADDS = re.compile(r"使用非财政拨款结余|用事业基金弥补|年初.*结转|年初.*结余|上年结转")
_EXPENSE_ADDS = re.compile(r"结余分配|年末.*结转|年末.*结余")
_BREAKDOWN = re.compile(r"^(其中[:：]?)?(一般公共预算|政府性基金|国有资本经营)(预算)?(财政拨款)?$|^其中")

# 支出功能分类 类 codes, so that a class line of 01/04 ("九、卫生健康支出") finds its coded row in 03/05
# even where the two tables word the name differently.
CLASS_CODES = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204", "教育支出": "205",
    "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210", "医疗卫生与计划生育支出": "210",
    "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213", "交通运输支出": "214",
    "资源勘探信息等支出": "215", "资源勘探工业信息等支出": "215", "商业服务业等支出": "216", "金融支出": "217",
    "援助其他地区支出": "219", "自然资源海洋气象等支出": "220", "国土海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224", "预备费": "227",
    "其他支出": "229", "债务还本支出": "231", "债务付息支出": "232", "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}


# --- reading one side of a two-sided table --------------------------------------------------------

@dataclass
class SideRow:
    entry: Entry          # this side's label and numbers only
    readable: bool        # False where text stands in an amount cell or numbers stand without a label


def side_rows(facts: TableFacts, income: bool) -> list[SideRow]:
    """The rows of one side of table 01/04, read by column position."""
    split = expenditure_label_column(facts)
    if split is None:
        return []
    label_column = 0 if income else split
    amount_columns = [c for c in value_columns(facts) if (c < split if income else c > split)]
    rows = []
    for index in range(facts.header_rows, len(facts.table.rows)):
        row = facts.table.rows[index]
        label_cell = row[label_column] if label_column < len(row) else None
        label = squash(label_cell.text) if label_cell else ""
        if _GRAND_TOTAL.fullmatch(label):  # both sides say 总计: name the side
            label = ("收入" if income else "支出") + label
        entry = Entry(row=index, line=label_cell.line if label_cell else None, label=label, code=None)
        readable = full_row(facts, index)
        for column in amount_columns:
            text = row[column].text if column < len(row) else None
            quantity = parse_cell(text, facts.table.unit) if text is not None else None
            if quantity is not None and quantity.unit != "%":
                entry.values[column] = quantity
                entry.cells[column] = row[column]
            elif text is None or not is_blank(text):
                readable = False
        if entry.label or entry.values or not readable:
            rows.append(SideRow(entry, readable and bool(entry.label)))
    return rows


@dataclass
class Side:
    """One side of table 01/04: its lines, 本年X合计, the additions and 总计 (None where not found)."""

    facts: TableFacts
    lines: list[SideRow]                  # the rows above the first 合计/总计
    total: SideRow | None = None
    additions: list[SideRow] | None = None
    grand: SideRow | None = None

    @property
    def amount_column(self) -> int | None:
        """The side's first amount column (01: 决算数; 04 expenditure: 合计)."""
        return min((c for r in self.lines for c in r.entry.values), default=None)

    def line(self, pattern: str) -> SideRow | None:
        return next((r for r in self.lines if r.readable and re.search(pattern, r.entry.label)), None)


def _top_level(lines: list[SideRow]) -> list[SideRow]:
    """Lines numbered 一、二、… are the side's items; "1.一般公共预算资金" under "一、财政拨款收入" is a
    breakdown of the line above it, not another item (budget tables list both levels)."""
    ranks = [numbering_of(r.entry.label)[0] for r in lines]
    if 2 not in ranks:
        return lines
    return [r for r, rank in zip(lines, ranks) if rank not in (4, 5)]


def read_side(facts: TableFacts, income: bool) -> Side:
    rows = side_rows(facts, income)
    total_re, adds_re = (_INCOME_TOTAL, _INCOME_ADDS) if income else (_EXPENSE_TOTAL, _EXPENSE_ADDS)
    end = next((i for i, r in enumerate(rows) if _TOTAL_LABEL.search(r.entry.label)), len(rows))
    lines = _top_level([r for r in rows[:end] if not r.entry.label.startswith("其中")])
    if end < len(rows) and _GRAND_TOTAL.search(rows[end].entry.label):  # a budget's 收入总计 right under the lines
        return Side(facts, lines, rows[end], None, rows[end])
    if end == len(rows) or not total_re.search(rows[end].entry.label):
        return Side(facts, lines)
    grand_at = next((i for i in range(end + 1, len(rows)) if _GRAND_TOTAL.search(rows[i].entry.label)), None)
    additions: list[SideRow] | None = None
    if grand_at is not None:
        between = rows[end + 1: grand_at]
        if all(r.readable and (adds_re.search(r.entry.label) or _BREAKDOWN.search(r.entry.label)) for r in between):
            additions = [r for r in between if adds_re.search(r.entry.label)]
    return Side(facts, lines, rows[end], additions, rows[grand_at] if grand_at is not None else None)


def side_figures(facts: TableFacts, rows: list[SideRow], column: int) -> list[Figure] | None:
    if not all(r.readable for r in rows):
        return None
    figures = [_side_figure(facts, r, column) for r in rows]
    return figures if all(f is not None for f in figures) else None


def _side_figure(facts: TableFacts, row: SideRow, column: int) -> Figure | None:
    if not row.readable:
        return None
    quantity = row.entry.values.get(column)
    cells = facts.table.rows[row.entry.row]
    if quantity is None and not (column < len(cells) and is_blank(cells[column].text)):
        return None
    return Figure(facts, row.entry, column, quantity)


def class_name(label: str) -> str:
    return _ORDINAL_PREFIX.sub("", label)


# --- REL-001: the balance of 01 and 04 ---------------------------------------------------------------

@register
class TwoSidedBalance(Check):
    code = "REL-001"
    title = "收支总表不平衡"
    title_en = "Income/expenditure summary table does not balance"
    category = "arithmetic"
    why = ("收入支出决算总表与财政拨款收入支出决算总表自身要平衡：本年收入合计等于各项收入之和，本年支出合计等于各功能类支出之和，"
           "收入总计等于本年收入合计加使用结余和年初结转结余，支出总计等于本年支出合计加结余分配和年末结转结余，两边总计相等。")
    why_en = ("Tables 01 and 04 balance: 本年收入合计 = the income lines, 本年支出合计 = the class lines, each "
              "总计 = its 合计 plus carry-overs, and the two 总计 are equal.")
    example_fail = ("公开01表\n单位：万元\n收入\t\t支出\t\n项目\t决算数\t项目(按支出功能分类)\t决算数\n"
                    "一、一般公共预算财政拨款收入\t300.00\t一、一般公共服务支出\t20.00\n八、其他收入\t10.00\t八、社会保障和就业支出\t285.00\n"
                    "本年收入合计\t310.00\t本年支出合计\t305.00\n使用非财政拨款结余\t0.00\t结余分配\t0.00\n"
                    "年初结转和结余\t15.00\t年末结转和结余\t20.00\n总计\t325.00\t总计\t326.00\n")
    example_pass = ("公开01表\n单位：万元\n收入\t\t支出\t\n项目\t决算数\t项目(按支出功能分类)\t决算数\n"
                    "一、一般公共预算财政拨款收入\t300.00\t一、一般公共服务支出\t20.00\n八、其他收入\t10.00\t八、社会保障和就业支出\t285.00\n"
                    "本年收入合计\t310.00\t本年支出合计\t305.00\n使用非财政拨款结余\t0.00\t结余分配\t0.00\n"
                    "年初结转和结余\t15.00\t年末结转和结余\t20.00\n总计\t325.00\t总计\t325.00\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.tables:
            if table.table.code not in ("01", "04"):
                continue
            income, expense = read_side(table, True), read_side(table, False)
            for side, words in ((income, ("收入", "income")), (expense, ("支出", "expenditure"))):
                if side.total is not None:
                    yield from self._side(side, *words)
            yield from self._grand_totals(income, expense)

    def _side(self, side: Side, word: str, word_en: str) -> Iterator[Finding]:
        facts = side.facts
        for column in sorted(side.total.entry.values) if side.total.readable else []:
            total = _side_figure(facts, side.total, column)
            if total is None:
                continue
            lines = side_figures(facts, side.lines, column)
            if lines:
                formula = parts_formula(side.total.entry.label, [class_name(r.entry.label) for r in side.lines])
                finding = sum_finding(self, SumTest(total, lines, f"各项{word}之和", f"the {word_en} lines", formula))
                if finding:
                    yield finding
            grand = _side_figure(facts, side.grand, column) if side.grand else None
            additions = side_figures(facts, side.additions, column) if side.additions is not None else None
            if grand is not None and additions is not None:
                names = [side.total.entry.label] + [r.entry.label for r in side.additions]
                finding = sum_finding(self, SumTest(grand, [total, *additions], "+".join(names), " + ".join(names),
                                                    parts_formula("总计", names)))
                if finding:
                    yield finding

    def _grand_totals(self, income: Side, expense: Side) -> Iterator[Finding]:
        if not (income.grand and expense.grand and income.grand.readable
                and expense.grand.readable and income.grand.entry.values and expense.grand.entry.values):
            return
        facts = expense.facts
        stated = _side_figure(facts, expense.grand, min(expense.grand.entry.values))
        other = _side_figure(facts, income.grand, min(income.grand.entry.values))
        if stated and other:
            yield from equal_findings(self, stated, other, "支出总计 = 收入总计")


def equal_findings(check: Check, ours: Figure | None, theirs: Figure | None, formula: str) -> Iterator[Finding]:
    """A finding when two figures that must be equal differ beyond their rounding."""
    if ours is None or theirs is None or ours.quantity is None or theirs.quantity is None:
        return
    a, b = comparable([ours, theirs])
    dev = deviation(a, b.interval())
    if dev is not None:
        yield check.numeric(
            dev, formula,
            f"{figure_name(ours, True)}为 {ours.quantity.text}，{figure_name(theirs, True)}为 {theirs.quantity.text}，"
            f"两者应相等。",
            f"{figure_name_en(ours)} is {ours.quantity.text} but {figure_name_en(theirs)} is "
            f"{theirs.quantity.text}; they must be equal.",
            [ours.location(), theirs.location()], unit=a.unit if a.kind == "money" else "")


# --- REL-002: relations between the tables -----------------------------------------------------------

def _only(facts: DocumentFacts, code: str) -> TableFacts | None:
    """The table with this code, when the document holds exactly one (several: whose is whose?)."""
    tables = facts.tables_coded(code)
    return tables[0] if len(tables) == 1 else None


def _class_lines(side: Side) -> dict[str, SideRow]:
    """01/04 expenditure class lines by 类 name."""
    return {class_name(r.entry.label): r for r in side.lines if r.readable and r.entry.label}


def _coded_class(rows: list[Entry], name: str) -> Entry | None:
    by_name = {e.label: e for e in rows}
    if name in by_name:
        return by_name[name]
    code = CLASS_CODES.get(name)
    return next((e for e in rows if e.code == code), None) if code else None


def _first(facts: TableFacts, row: SideRow | None) -> Figure | None:
    if row is None or not row.readable or not row.entry.values:
        return None
    return _side_figure(facts, row, min(row.entry.values))


def _at(facts: TableFacts | None, entry: Entry | None, column: int | None) -> Figure | None:
    if facts is None or entry is None or column is None or column not in entry.values:
        return None
    return figure_at(facts, entry, column)


@register
class CrossTableRelations(Check):
    code = "REL-002"
    title = "公开表之间数字不一致"
    title_en = "Public tables disagree with each other"
    category = "crossref"
    why = ("九张公开表（决算与预算同理）互相勾稽：收支总表的支出按类等于支出决算表各类，财政拨款总表的一般公共预算列等于一般公共预算财政拨款支出决算表，"
           "其基本支出等于基本支出决算表人员经费与公用经费之和，“三公”经费表的公务用车运行维护费和公务接待费与基本支出表对应科目一致。"
           "表间不一致说明至少一张表填错。")
    why_en = ("The nine tables restate each other: 01 by class = 03's class rows, 04's 一般公共预算 column = 05, "
              "05 basic = 06 人员经费 + 公用经费, 07's car and reception costs vs 06's 30231 and 30217.")
    example_fail = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n合计\t\t95.00\t80.00\t15.00\n"
                    "208\t社会保障和就业支出\t95.00\t80.00\t15.00\n\n公开06表\n单位：万元\n人员经费\t\t\t公用经费\n"
                    "科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n301\t工资福利支出\t70.00\t302\t商品和服务支出\t12.00\n"
                    "人员经费合计\t\t70.00\t公用经费合计\t\t12.00\n")
    example_pass = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n合计\t\t95.00\t80.00\t15.00\n"
                    "208\t社会保障和就业支出\t95.00\t80.00\t15.00\n\n公开06表\n单位：万元\n人员经费\t\t\t公用经费\n"
                    "科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n301\t工资福利支出\t68.00\t302\t商品和服务支出\t12.00\n"
                    "人员经费合计\t\t68.00\t公用经费合计\t\t12.00\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        t = {code: _only(facts, code) for code in ("01", "02", "03", "04", "05", "06", "07")}
        sides = {(code, income): read_side(t[code], income) if t[code] else None
                 for code in ("01", "04") for income in (True, False)}
        yield from self._fiscal_income(t, sides)
        yield from self._classes(sides[("01", False)], t["03"], "01", "03", None)
        yield from self._classes(sides[("04", False)], t["05"], "04", "05", r"一般公共预算")
        yield from self._totals(t, sides)
        yield from self._basic_vs_06(t["05"], t["06"])
        yield from self._all_funds_cover_fiscal(t["03"], t["05"])
        yield from self._sangong_vs_06(t["07"], t["06"])

    def _fiscal_income(self, t, sides) -> Iterator[Finding]:
        """01 一般公共预算财政拨款收入 = 04 一般公共预算财政拨款 (income side)."""
        pattern = r"一般公共预算财政拨款"
        ours = _first(t["01"], sides[("01", True)].line(pattern)) if t["01"] else None
        theirs = _first(t["04"], sides[("04", True)].line(pattern)) if t["04"] else None
        yield from equal_findings(self, ours, theirs, "01 一般公共预算财政拨款收入 = 04 一般公共预算财政拨款")

    def _classes(self, side: Side | None, coded: TableFacts | None, ours: str, theirs: str,
                 fund_column: str | None) -> Iterator[Finding]:
        """Each class line of 01 (04's 一般公共预算 column) = the coded 类 row of 03 (05)."""
        if side is None or coded is None:
            return
        total_column = find_value_column(coded, r"合计|小计", r"基本|项目")
        column = find_value_column(side.facts, fund_column) if fund_column else side.amount_column
        rows = class_rows(coded)
        for name, line in _class_lines(side).items():
            target = _coded_class(rows, name)
            mine = _side_figure(side.facts, line, column) if column is not None else None
            other = _at(coded, target, total_column)
            if mine and mine.quantity is not None and other:
                formula = f"{ours}表 {name} = {theirs}表 {target.code}"
                yield from equal_findings(self, mine, other, formula)

    def _totals(self, t, sides) -> Iterator[Finding]:
        """02 合计 = 01 本年收入合计; 03 合计 = 01 本年支出合计; 05 合计 = 04 本年支出合计 (一般公共预算)."""
        pairs = [("02", ("01", True), None, "02 合计 = 01 本年收入合计"),
                 ("03", ("01", False), None, "03 合计 = 01 本年支出合计"),
                 ("05", ("04", False), r"一般公共预算", "05 合计 = 04 本年支出合计（一般公共预算财政拨款）")]
        for code, side_key, fund_column, formula in pairs:
            coded, side = t[code], sides[side_key]
            if coded is None or side is None or side.total is None:
                continue
            ours = _at(coded, grand_total_row(coded), find_value_column(coded, r"合计|小计", r"基本|项目"))
            column = find_value_column(side.facts, fund_column) if fund_column else side.amount_column
            theirs = _side_figure(side.facts, side.total, column) if column is not None else None
            if theirs and theirs.quantity is not None:
                yield from equal_findings(self, ours, theirs, formula)

    def _basic_vs_06(self, t05: TableFacts | None, t06: TableFacts | None) -> Iterator[Finding]:
        """05 基本支出 合计 = 06 人员经费合计 + 公用经费合计."""
        if t05 is None or t06 is None:
            return
        stated = _at(t05, grand_total_row(t05), find_value_column(t05, r"基本支出", r"其中|人员|公用"))
        parts = [single_figure(t06, e) for e in data_entries(t06) if re.search(r"(人员|公用)经费合计", e.label)]
        if not parts:  # a budget's 06 totals its economic classes in one 合计 row, by column
            yield from equal_findings(self, stated, _at(t06, grand_total_row(t06), find_value_column(t06, r"合计")),
                                      "05 基本支出合计 = 06 合计")
            return
        if stated is None or len(parts) != 2 or any(p is None for p in parts):
            return
        finding = sum_finding(self, SumTest(stated, parts, "公开06表人员经费合计+公用经费合计",
                                            "table 06's 人员经费合计 and 公用经费合计",
                                            "05 基本支出合计 = 06 人员经费合计 + 公用经费合计"))
        if finding:
            yield finding

    def _all_funds_cover_fiscal(self, t03: TableFacts | None, t05: TableFacts | None) -> Iterator[Finding]:
        """03 counts all funds, 05 the general-budget appropriation among them: 03 基本支出 ≥ 05 基本支出."""
        if t03 is None or t05 is None:
            return
        c03 = find_value_column(t03, r"基本支出", r"其中|人员|公用")
        c05 = find_value_column(t05, r"基本支出", r"其中|人员|公用")
        rows03 = {e.code: e for e in class_rows(t03)}
        pairs = [(grand_total_row(t03), grand_total_row(t05))]
        pairs += [(rows03.get(e.code), e) for e in class_rows(t05)]
        for e03, e05 in pairs:
            whole, part = _at(t03, e03, c03), _at(t05, e05, c05)
            if not (whole and part and whole.quantity and part.quantity):
                continue
            q03, q05 = comparable([whole, part])
            dev = deviation(q03, q05.interval()) if q03.value < q05.value else None
            if dev is None:
                continue
            yield self.numeric(
                dev, "03 基本支出 ≥ 05 基本支出",
                f"{figure_name(whole, True)}为 {whole.quantity.text}，小于{figure_name(part, True)} "
                f"{part.quantity.text}；05表只是03表中一般公共预算财政拨款部分，不应更大。",
                f"Table 03 basic expenditure {whole.quantity.text} is below table 05's {part.quantity.text} on "
                f"row “{part.entry.label}”; 05 is the general-budget part of 03 and cannot exceed it.",
                [whole.location(), part.location()], unit=q03.unit)

    def _sangong_vs_06(self, t07: TableFacts | None, t06: TableFacts | None) -> Iterator[Finding]:
        """07 公务用车运行维护费 / 公务接待费 against 06's 30231 / 30217 (basic expenditure only)."""
        if t07 is None or t06 is None:
            return
        codes = {e.code: e for e in data_entries(t06) if e.code}
        column = _spending_column(t07)
        for pattern, code in ((r"公务用车运行|公车运行", "30231"), (r"公务接待", "30217")):
            rows = [e for e in data_entries(t07) if re.search(pattern, e.label) and "购置" not in e.label
                    and not re.search(r"批次|人次|辆", e.label)]
            if len(rows) != 1 or code not in codes or column is None:
                continue
            ours, theirs = _at(t07, rows[0], column), single_figure(t06, codes[code])
            if ours and theirs and ours.quantity is not None and theirs.quantity is not None:
                yield from self._sangong_pair(ours, theirs, code)

    def _sangong_pair(self, ours: Figure, theirs: Figure, code: str) -> Iterator[Finding]:
        q07, q06 = comparable([ours, theirs])
        dev = deviation(q07, q06.interval())
        if dev is None:
            return
        item = ours.entry.label
        stated = (f"{figure_name(ours, True)}为 {ours.quantity.text}，"
                  f"{table_name(theirs.facts)[0]} {code} {theirs.entry.label}为 {theirs.quantity.text}")
        stated_en = f"Table 07 {item} is {ours.quantity.text}, table 06's {code} is {theirs.quantity.text}"
        larger = q07.value > q06.value
        if larger:  # 07 also counts project spending and carried-over funds: a question, not an error
            message = f"{stated}。三公表大于基本支出表对应科目，可能含项目支出或以前年度结转资金，请核实（疑问，非确定错误）。"
            message_en = f"{stated_en}; 07 may include project or carried-over funds: a question, not an error."
        else:
            message = f"{stated}；三公表不应小于基本支出表中的同一科目（应至少为 {format_decimal(dev.expected, dev.places)}）。"
            message_en = f"{stated_en}; 07 cannot be smaller than the basic-expenditure figure."
        finding = self.numeric(dev, f"07 {item} {'≈' if larger else '≥'} 06 {code}", message, message_en,
                               [ours.location(), theirs.location()], unit=q07.unit)
        finding.severity = "low" if larger else max(finding.severity, "medium", key=_RANK.get)
        yield finding


def _spending_column(t07: TableFacts) -> int | None:
    """07's actual-spending column: the only one, or the one headed 决算 / 本年 / 实际."""
    columns = [c for c in value_columns(t07) if not re.search(r"率|%|％|增减|上年|预算数", t07.columns[c])]
    if len(columns) == 1:
        return columns[0]
    return find_value_column(t07, r"决算|本年|实际", r"预算数|上年|增减|率")



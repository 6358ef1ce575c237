"""Footing inside one table: totals against the rows and columns they add up.

The public tables are full of redundant sums (合计 rows, 类/款/项 code hierarchies, 合计 columns); every
one of them must hold within the rounding of the figures shown. The helpers at the top read a cell
as a figure, tell a blank cell (zero) from an unreadable one (skip), and build the finding; the
cross-table checks in ``checks.relations`` use them too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import takewhile
from typing import Iterator

from reviewer.checks.base import Check, cell_location, register
from reviewer.facts import DocumentFacts
from reviewer.facts.change_columns import ColumnChange, column_changes
from reviewer.facts.table_cells import Entry, TableFacts, squash
from reviewer.findings import Finding, Location, deviation
from reviewer.numbering import numbering_of
from reviewer.numbers import Quantity, format_decimal, interval_sum, parse_cell

# Cells that mean "nothing here" in the published tables: an empty cell or a dash is a zero.
_BLANK_TEXTS = {"", "-", "—", "——", "－", "/", "－－"}
_EXPR_PARTS_SHOWN = 6
_TOTAL_WORD = re.compile(r"合计|总计|小计")


# --- reading figures ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One cell taking part in a sum: its table, row entry, column and number (None: a blank cell)."""

    facts: TableFacts
    entry: Entry
    column: int
    quantity: Quantity | None
    show_column: bool = True      # False where the column header says nothing (06's three blocks)

    def location(self) -> Location:
        loc = cell_location(self.facts, self.entry, self.column)
        if not self.show_column:
            loc.column = None
        return loc


def is_blank(text: str) -> bool:
    return squash(text) in _BLANK_TEXTS


def full_row(facts: TableFacts, index: int) -> bool:
    """Whether a row has as many cells as most rows: one lost or doubled cell shifts every number after it."""
    return len(facts.table.rows[index]) == facts.usual_row_length


def figure_at(facts: TableFacts, entry: Entry, column: int, show_column: bool = True) -> Figure | None:
    """The entry's figure in a column; a blank cell reads as zero; None when the cell cannot be read."""
    if not full_row(facts, entry.row):
        return None
    quantity = entry.values.get(column)
    if quantity is not None:
        return None if quantity.unit == "%" else Figure(facts, entry, column, quantity, show_column)
    row = facts.table.rows[entry.row]
    if column < len(row) and is_blank(row[column].text) and _owns_blank(facts, entry, column):
        return Figure(facts, entry, column, None, show_column)
    return None


def _owns_blank(facts: TableFacts, entry: Entry, column: int) -> bool:
    """A blank cell is the entry's own zero when the row holds no other entry, it lies between the
    entry's numbers, or it trails the row's last entry (04's empty fund columns right of the
    expenditure side); beside another entry's numbers (01, 04, 06) it may be the neighbour's."""
    inside = bool(entry.values) and min(entry.values) < column < max(entry.values)
    row_entries = [e for e in facts.entries if e.row == entry.row]
    trailing = bool(entry.values) and column > max(entry.values) and row_entries[-1] is entry
    return inside or trailing or len(row_entries) == 1


def single_figure(facts: TableFacts, entry: Entry) -> Figure | None:
    """The one number of an entry that holds exactly one (06's code | name | amount blocks)."""
    if len(entry.values) != 1:
        return None
    return figure_at(facts, entry, next(iter(entry.values)), show_column=False)


def is_ordinal_row(entry: Entry) -> bool:
    """A 栏次 row (1, 2, 3, …) that the header reader took for data."""
    values = [entry.values[c] for c in sorted(entry.values)]
    return len(values) > 1 and all(q.places == 0 and q.value == i for i, q in enumerate(values, 1))


def data_entries(facts: TableFacts) -> list[Entry]:
    return [e for e in facts.entries if not is_ordinal_row(e)]


def value_columns(facts: TableFacts) -> list[int]:
    return sorted({c for e in data_entries(facts) for c in e.values})


def find_value_column(facts: TableFacts, pattern: str, exclude: str | None = None) -> int | None:
    """The first column holding numbers whose header matches (and does not match ``exclude``)."""
    for column in value_columns(facts):
        header = facts.columns[column] if column < len(facts.columns) else ""
        if re.search(pattern, header) and not (exclude and re.search(exclude, header)):
            return column
    return None


def expenditure_label_column(facts: TableFacts) -> int | None:
    """In the two-sided tables (01, 04): the column naming the expenditure lines."""
    numeric = set(value_columns(facts))
    return next((c for c, h in enumerate(facts.columns) if "支出" in h and c not in numeric and c > 0), None)


# --- naming things in messages ----------------------------------------------------------------

def table_name(facts: TableFacts) -> tuple[str, str]:
    code = facts.table.code
    if code and code.isdigit() and not facts.table.budget:
        return f"公开{code}表", f"Table {code}"
    return facts.table.label, facts.table.label


def row_name(entry: Entry) -> str:
    if entry.code:
        return f"{entry.code} {entry.label}".strip()
    bare = re.sub(r"类款项|[“”\"'\s]", "", entry.label)  # "类 款 项 | 合 计" reads as 合计
    return bare if _TOTAL_WORD.fullmatch(bare) else entry.label or "（无名称行）"


def column_name(figure: Figure) -> str:
    columns = figure.facts.columns
    return columns[figure.column] if figure.show_column and figure.column < len(columns) else ""


def figure_name(figure: Figure, with_table: bool = False) -> str:
    column = column_name(figure)
    name = f"{row_name(figure.entry)}行“{column}”列" if column else f"{row_name(figure.entry)}行"
    return f"{table_name(figure.facts)[0]} {name}" if with_table else name


def figure_name_en(figure: Figure) -> str:
    column = column_name(figure)
    where = f"row “{row_name(figure.entry)}”" + (f", column “{column}”" if column else "")
    return f"{table_name(figure.facts)[1]} {where}"


def _shown_parts(parts: list[Figure]) -> list[Figure]:
    """The parts worth quoting: blanks never, zeros only in a short sum (a long list of 0.00 hides the rest)."""
    filled = [p for p in parts if p.quantity is not None]
    if len(filled) <= _EXPR_PARTS_SHOWN:
        return filled
    return [p for p in filled if p.quantity.value != 0]


def _expression(parts: list[Figure]) -> str:
    texts = [p.quantity.text for p in _shown_parts(parts)]
    shown = "+".join(texts[:_EXPR_PARTS_SHOWN])
    return (shown + "+…" if len(texts) > _EXPR_PARTS_SHOWN else shown) or "0"


def comparable(figures: list[Figure]) -> list[Quantity | None]:
    """Quantities ready to add: as shown when all share one unit, else all in 万元."""
    units = {f.quantity.unit for f in figures if f.quantity is not None}
    if len(units) <= 1:
        return [f.quantity for f in figures]
    return [f.quantity.in_wan() if f.quantity is not None else None for f in figures]


@dataclass(frozen=True)
class SumTest:
    """A total and the figures it must add up to, as a check tests them: what the benchmark counts as
    read, and what a finding names when they do not add up."""

    total: Figure
    parts: list[Figure]
    basis: str        # 三项经费之和
    basis_en: str
    formula: str      # 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费


class SumCheck(Check):
    """A check made of sums: it states them, and finds those that do not hold."""

    def sums(self, facts: DocumentFacts) -> Iterator[SumTest]:
        raise NotImplementedError

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for test in self.sums(facts):
            if finding := sum_finding(self, test):
                yield finding


def sum_finding(check: Check, test: SumTest) -> Finding | None:
    """A finding when the total is outside the rounding interval of its parts' sum, else None."""
    total, parts, basis, basis_en, formula = test.total, test.parts, test.basis, test.basis_en, test.formula
    if total.quantity is None or all(p.quantity is None for p in parts):
        return None   # no part filled in: the table gives no breakdown of this total, rather than zeros
    stated, *addends = comparable([total, *parts])
    dev = deviation(stated, interval_sum(q for q in addends if q is not None))
    if dev is None:
        return None
    expected = format_decimal(dev.expected, dev.places)
    expr = _expression(parts)
    return check.numeric(
        dev, formula,
        f"{figure_name(total, True)}为 {stated.text}，按{basis}应为 {expected}（{expr}）。",
        f"{figure_name_en(total)} is {stated.text}; the sum of {basis_en} is {expected} ({expr}).",
        [total.location()] + [p.location() for p in _shown_parts(parts)],
        unit=stated.unit if stated.kind == "money" else "",
    )


def parts_formula(total: str, parts: list[str]) -> str:
    """"A = B + C"; a long list keeps its ends: "本年支出合计 = 一般公共服务支出 + … + 抗疫特别国债安排的支出（26项）"."""
    if len(parts) > _EXPR_PARTS_SHOWN:
        return f"{total} = {parts[0]} + {parts[1]} + … + {parts[-1]}（{len(parts)}项）"
    return f"{total} = " + " + ".join(parts)


# --- FOOT-001: 合计 rows and total columns --------------------------------------------------------

# Table 07's rows by role. Count rows (批次, 辆, 人次) sit in some versions of the table and never add up.
_SANGONG_ROLES = {
    "total": re.compile(r"合计|总计|^总?[“\"]?三公[”\"]?经费(支出)?$"),   # 总“三公”经费支出
    "abroad": re.compile(r"因公出国"),
    "car_total": re.compile(r"(公务用车|公车).*购置及运行"),
    "car_buy": re.compile(r"(公务用车|公车)购置(?!及)"),
    "car_run": re.compile(r"(公务用车|公车)运行|运行维护费"),
    "reception": re.compile(r"公务接待|接待费"),
}
_COUNT_ROW = re.compile(r"批次|人次|人数|辆|保有量|购置数|（个）|\(个\)|次数")
_PERSONNEL_CODES = ("301", "303")
_SKIP_COLUMN = re.compile(r"率|比例|比重|占|%|％|幅|单价|平均|均值|序号|编号|年份|得分|分值|权重|排名|指标")
_GENERIC_TOTAL = re.compile(r"^[“”\"']*(合计|总计)[”\"']*$")


def _sangong_roles(facts: TableFacts) -> dict[str, Entry]:
    """Each role of table 07 to its one row; a role two rows claim (外事/国内接待) is left out."""
    claims: dict[str, list[Entry]] = {}
    for entry in data_entries(facts):
        row_has_numbers = any(parse_cell(c.text) for c in facts.table.rows[entry.row])
        if _COUNT_ROW.search(entry.label) or (not entry.values and row_has_numbers):
            continue  # a count row, or a note beside another row's numbers
        role = _sangong_role(entry.label)
        if role is not None:
            claims.setdefault(role, []).append(entry)
    return {role: entries[0] for role, entries in claims.items() if len(entries) == 1}


def _sangong_role(label: str) -> str | None:
    if _SANGONG_ROLES["car_total"].search(label):
        return "car_total"
    if _SANGONG_ROLES["car_buy"].search(label) and "运行" not in label:
        return "car_buy"
    if _SANGONG_ROLES["car_run"].search(label) and "购置" not in label:
        return "car_run"
    for role in ("abroad", "reception", "total"):
        if _SANGONG_ROLES[role].search(label):
            return role
    return None


def _row_sum(facts: TableFacts, total: Entry, parts: list[Entry], basis: str, basis_en: str) -> Iterator[SumTest]:
    """total = Σ parts in every summable column the total row fills."""
    formula = parts_formula(row_name(total), [row_name(p) for p in parts])
    for column in sorted(total.values):
        if _SKIP_COLUMN.search(facts.columns[column] if column < len(facts.columns) else ""):
            continue
        stated = figure_at(facts, total, column)
        figures = [figure_at(facts, p, column) for p in parts]
        if stated is not None and all(f is not None for f in figures):
            yield SumTest(stated, figures, basis, basis_en, formula)


def column_sums(facts: TableFacts, total_column: int, part_columns: list[int]) -> Iterator[SumTest]:
    """On every row that fills the total column: total column = Σ part columns."""
    names = [facts.columns[c] for c in part_columns]
    formula = parts_formula(facts.columns[total_column], names)
    for entry in data_entries(facts):
        if total_column not in entry.values:
            continue
        stated = figure_at(facts, entry, total_column)
        figures = [figure_at(facts, entry, c) for c in part_columns]
        if stated is not None and all(f is not None for f in figures):
            yield SumTest(stated, figures, "+".join(names), "the part columns", formula)


@register
class TotalRowFooting(SumCheck):
    code = "FOOT-001"
    title = "合计/小计/总计与明细不符"
    title_en = "Total does not equal its items"
    category = "arithmetic"
    why = ("合计、小计是明细之和：“三公”经费合计等于三项之和，人员经费合计等于工资福利支出与对个人和家庭的补助之和。"
           "不相等说明某个数字填错或漏填，表中其他引用这些数字的地方也会跟着出错。")
    why_en = ("A total is the sum of its items (三公 total = its three items; 人员经费合计 = 301 + 303). "
              "A mismatch means a figure was mistyped or left out.")
    example_fail = ("公开07表\n单位：万元\n项目\t决算数\n合计\t9.80\n1.因公出国（境）费\t0.00\n"
                    "2.公务用车购置及运行维护费\t6.20\n其中：（1）公务用车购置费\t0.00\n（2）公务用车运行维护费\t6.20\n"
                    "3.公务接待费\t2.60\n")
    example_pass = ("公开07表\n单位：万元\n项目\t决算数\n合计\t8.80\n1.因公出国（境）费\t0.00\n"
                    "2.公务用车购置及运行维护费\t6.20\n其中：（1）公务用车购置费\t0.00\n（2）公务用车运行维护费\t6.20\n"
                    "3.公务接待费\t2.60\n")

    def sums(self, facts: DocumentFacts) -> Iterator[SumTest]:
        for table in facts.tables:
            code = table.table.code
            if code == "07":
                yield from self._sangong(table)
            elif code == "06":
                yield from self._personnel_and_public(table)
            elif code is None:
                yield from self._flat_total(table)
                yield from self._numbered_totals(table)
            if code not in ("score", "project_score", "02", "03", "04", "05"):
                yield from self._total_columns(table)

    def _sangong(self, facts: TableFacts) -> Iterator[SumTest]:
        roles = _sangong_roles(facts)
        car = roles.get("car_total")
        car_parts = [roles[r] for r in ("car_buy", "car_run") if r in roles]
        if car and car_parts:
            yield from _row_sum(facts, car, car_parts, "购置费与运行维护费之和", "the purchase and running costs")
        if "total" in roles and "abroad" in roles and "reception" in roles and (car or car_parts):
            items = [roles["abroad"], *([car] if car else car_parts), roles["reception"]]
            yield from _row_sum(facts, roles["total"], items, "三项经费之和", "the three items")

    def _personnel_and_public(self, facts: TableFacts) -> Iterator[SumTest]:
        """人员经费合计 = 301 + 303; 公用经费合计 = the other 类 (302, 307, 310, 312, 399 …)."""
        entries = data_entries(facts)
        classes = [e for e in entries if e.code and len(e.code) == 3]
        if len({e.code for e in classes}) != len(classes):
            return
        groups = {
            "人员经费合计": [e for e in classes if e.code in _PERSONNEL_CODES],
            "公用经费合计": [e for e in classes if e.code not in _PERSONNEL_CODES],
        }
        for label, parts in groups.items():
            total = next((e for e in entries if label in e.label), None)
            if total is None or not parts:
                continue
            stated = single_figure(facts, total)
            figures = [single_figure(facts, p) for p in parts]
            if stated is not None and all(f is not None for f in figures):
                yield SumTest(stated, figures, "各类经济科目之和", "its economic classes",
                              parts_formula(label, [p.code for p in parts]))

    def _flat_total(self, facts: TableFacts) -> Iterator[SumTest]:
        """An unnamed table with one 合计 row and plain item rows: the 合计 row adds them up."""
        entries = data_entries(facts)
        rows = Counter(e.row for e in entries)
        totals = [e for e in entries if _GENERIC_TOTAL.match(e.label)]
        items = [e for e in entries if e not in totals and e.values]
        nested = any(e.code or "其中" in e.label or _TOTAL_WORD.search(e.label) for e in items)
        if len(totals) != 1 or len(items) < 2 or nested or max(rows.values()) > 1:
            return
        yield from _row_sum(facts, totals[0], items, "各行之和", "the other rows")

    def _numbered_totals(self, facts: TableFacts) -> Iterator[SumTest]:
        """An unnamed table of numbered rows: "（一）收入总计" adds up the rows numbered 1., 2., … under it (the next rank
        down, counted from 1 without a gap) up to the next row of its rank or above; deeper rows are their details."""
        entries = data_entries(facts)
        ranks = [numbering_of(e.label) for e in entries]
        for index, (entry, (rank, _, _)) in enumerate(zip(entries, ranks)):
            if not rank or not _TOTAL_WORD.search(entry.label) or "其中" in entry.label:
                continue
            below = list(takewhile(lambda pair: pair[1][0] > rank, zip(entries[index + 1:], ranks[index + 1:])))
            if not below or any(not r for _, (r, _, _) in below):
                continue   # an unnumbered row under it (其中…) may be a detail or a part
            child_rank = below[0][1][0]
            items = [(e, value) for e, (r, _, value) in below if r == child_rank]
            if len(items) >= 2 and [v for _, v in items] == list(range(1, len(items) + 1)) \
                    and not any(_TOTAL_WORD.search(e.label) or "其中" in e.label for e, _ in items):
                yield from _row_sum(facts, entry, [e for e, _ in items], "各编号分项之和", "its numbered items")

    def _total_columns(self, facts: TableFacts) -> Iterator[SumTest]:
        """Header groups such as 本年支出 → 小计 | 基本支出 | 项目支出: the 小计 column adds the others."""
        for total_column, part_columns in header_total_groups(facts):
            yield from column_sums(facts, total_column, part_columns)


def header_total_groups(facts: TableFacts) -> list[tuple[int, list[int]]]:
    """(total column, part columns) for each header cell spanning columns, one of which says 合计/小计."""
    rows = [r for r in facts.table.rows[: facts.header_rows] if not _is_ordinal_header(r)]
    width = facts.table.width
    grid = [[squash(r[c].text) if c < len(r) else "" for c in range(width)] for r in rows]
    groups = []
    bounds = [(0, width)]   # a header cell spans no further than the cell above it
    for level in range(len(grid) - 1):
        spans = [span for start, end in bounds for span in _spans(grid[level], start, end)]
        for start, end in spans:
            if end - start < 2:
                continue
            group = _total_of_span(grid, level + 1, start, end)
            if group:
                groups.append(group)
        bounds = spans
    return groups


def _is_ordinal_header(row) -> bool:
    """A header row of column numbers ("栏次 | | 1 | 2 | 3"): no part of any column's name."""
    texts = [squash(c.text) for c in row if squash(c.text)]
    return any(t in ("栏次", "行次") for t in texts) and sum(t.isdigit() for t in texts) >= 2


def _spans(row: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Each filled cell of a header row with the blank cells after it (a merged cell's extent)."""
    filled = [c for c in range(start, end) if row[c]]
    return [(c, filled[i + 1] if i + 1 < len(filled) else end) for i, c in enumerate(filled)]


def _total_of_span(grid: list[list[str]], level: int, start: int, end: int) -> tuple[int, list[int]] | None:
    row = grid[level]
    if not row[start]:
        return None  # the level below does not start where the group starts: read it as not a group
    total, parts = None, []
    for child_start, child_end in _spans(row, start, end):
        if re.fullmatch(r"(本年)?(支出|收入)?(合计|小计)", row[child_start]):
            if total is not None or child_end - child_start != 1:
                return None
            total = child_start
        elif child_end - child_start == 1:
            parts.append(child_start)
        else:
            nested = _total_of_span(grid, level + 1, child_start, child_end) if level + 1 < len(grid) else None
            if nested is None:
                return None
            parts.append(nested[0])
    if total is None or len(parts) < 2 or any("其中" in row[c] for c in parts):
        return None
    return total, parts


# --- FOOT-002: function-code hierarchy (类 = Σ款, 款 = Σ项, 合计 = Σ类) -----------------------------

def code_children(entries: list[Entry], level_lengths: tuple[int, ...]) -> list[tuple[Entry, list[Entry]]]:
    """Each coded row that has child rows in the table, with them; codes written twice are skipped."""
    counts = Counter(e.code for e in entries if e.code)
    coded = [e for e in entries if e.code and counts[e.code] == 1]
    pairs = []
    for parent in coded:
        if len(parent.code) not in level_lengths:
            continue
        child_length = len(parent.code) + 2
        related = [c for c in counts if len(c) == child_length and c.startswith(parent.code)]
        if any(counts[c] > 1 for c in related):
            continue
        children = [e for e in coded if e.code in related]
        if children:
            pairs.append((parent, children))
    return pairs


def _aligned(facts: TableFacts, parent: Entry, children: list[Entry]) -> Iterator[tuple[Figure, list[Figure]]]:
    """Parent and children figures column by column; rows of one number each compare as they are."""
    if len(parent.values) == 1 and all(len(c.values) == 1 for c in children) and \
            len({next(iter(e.values)) for e in (parent, *children)}) > 1:
        stated = single_figure(facts, parent)
        figures = [single_figure(facts, c) for c in children]
        if stated is not None and all(f is not None for f in figures):
            yield stated, figures
        return
    for column in sorted(parent.values):
        stated = figure_at(facts, parent, column)
        figures = [figure_at(facts, c, column) for c in children]
        if stated is not None and all(f is not None for f in figures):
            yield stated, figures


_LEVEL_WORDS = {3: ("各款", "its 款 rows"), 5: ("各项", "its 项 rows")}


def hierarchy_sums(facts: TableFacts, level_lengths: tuple[int, ...],
                   child_words: dict[int, tuple[str, str]]) -> Iterator[SumTest]:
    for parent, children in code_children(data_entries(facts), level_lengths):
        basis, basis_en = child_words[len(parent.code)]
        formula = parts_formula(parent.code, [c.code for c in children])
        for stated, figures in _aligned(facts, parent, children):
            yield SumTest(stated, figures, f"{basis}合计", basis_en, formula)


_FUNCTION_CODED = ("02", "03", "05", "08", "09")


def uncoded_note(facts: TableFacts, code: str, what: str) -> Iterator[str]:
    """A note for a table with item rows but no row code read: its hierarchy could not be footed (a
    table holding only its 合计 has no hierarchy to foot)."""
    entries = data_entries(facts)
    if any(e.values and not e.is_total() for e in entries) and not any(e.code for e in entries):
        yield f"{facts.table.label}：未识别出科目编码列，{what}（{code}）未检查"


def class_rows(facts: TableFacts) -> list[Entry]:
    entries = data_entries(facts)
    counts = Counter(e.code for e in entries if e.code)
    return [e for e in entries if e.code and len(e.code) == 3 and counts[e.code] == 1]


def grand_total_row(facts: TableFacts) -> Entry | None:
    """The one uncoded 合计 row of a coded table (02/03/05/08/09)."""
    totals = [e for e in data_entries(facts) if not e.code and "合计" in e.label and "其中" not in e.label]
    return totals[0] if len(totals) == 1 else None


@register
class FunctionCodeFooting(SumCheck):
    code = "FOOT-002"
    title = "功能分类科目类款项不衔接"
    title_en = "Function-code rows do not add up"
    category = "arithmetic"
    why = ("收入、支出决算表按功能分类科目列示：类（3位）等于所属款（5位）之和，款等于所属项（7位）之和，合计等于各类之和。"
           "不衔接说明某一科目金额填错，或有科目漏列。")
    why_en = ("In tables 02, 03, 05 (08, 09) a 类 (3 digits) equals the sum of its 款 (5 digits), a 款 the sum "
              "of its 项 (7 digits), and 合计 the sum of the 类.")
    example_fail = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
                    "合计\t\t120.50\t100.50\t20.00\n208\t社会保障和就业支出\t120.50\t100.50\t20.00\n"
                    "20805\t行政事业单位养老支出\t120.50\t100.50\t20.00\n2080501\t行政单位离退休\t60.00\t50.00\t10.00\n"
                    "2080505\t机关事业单位基本养老保险缴费支出\t50.50\t50.50\t0.00\n")
    example_pass = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
                    "合计\t\t120.50\t100.50\t20.00\n208\t社会保障和就业支出\t120.50\t100.50\t20.00\n"
                    "20805\t行政事业单位养老支出\t120.50\t100.50\t20.00\n2080501\t行政单位离退休\t60.00\t50.00\t10.00\n"
                    "2080505\t机关事业单位基本养老保险缴费支出\t60.50\t50.50\t10.00\n")

    def sums(self, facts: DocumentFacts) -> Iterator[SumTest]:
        for table in facts.tables:
            if table.table.code not in _FUNCTION_CODED:
                continue
            yield from hierarchy_sums(table, (3, 5), _LEVEL_WORDS)
            yield from self._grand_total(table)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        for table in facts.tables:
            if table.table.code in _FUNCTION_CODED:
                yield from uncoded_note(table, self.code, "类款项衔接")

    def _grand_total(self, facts: TableFacts) -> Iterator[SumTest]:
        total, classes = grand_total_row(facts), class_rows(facts)
        if total is None or not classes:
            return
        yield from _row_sum(facts, total, classes, "各类合计", "its 类 rows")


# --- FOOT-003: economic-code hierarchy in table 06 ------------------------------------------------

@register
class EconomicCodeFooting(SumCheck):
    code = "FOOT-003"
    title = "经济分类科目类款不衔接"
    title_en = "Economic-code rows do not add up"
    category = "arithmetic"
    why = "基本支出决算表按经济分类列示：301工资福利支出等于各301xx款之和，302、303等同理。不衔接说明明细填错或漏列。"
    why_en = "In table 06 each economic class (301, 302, …) equals the sum of its 5-digit items (301xx, …)."
    example_fail = ("公开06表\n单位：万元\n人员经费\t\t\t公用经费\n科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n"
                    "301\t工资福利支出\t80.00\t302\t商品和服务支出\t12.00\n30101\t基本工资\t50.00\t30201\t办公费\t7.00\n"
                    "30102\t津贴补贴\t25.00\t30211\t差旅费\t5.00\n")
    example_pass = ("公开06表\n单位：万元\n人员经费\t\t\t公用经费\n科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n"
                    "301\t工资福利支出\t75.00\t302\t商品和服务支出\t12.00\n30101\t基本工资\t50.00\t30201\t办公费\t7.00\n"
                    "30102\t津贴补贴\t25.00\t30211\t差旅费\t5.00\n")

    def sums(self, facts: DocumentFacts) -> Iterator[SumTest]:
        for table in facts.tables_coded("06"):
            yield from hierarchy_sums(table, (3,), {3: ("各款", "its 5-digit items")})

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        for table in facts.tables_coded("06"):
            yield from uncoded_note(table, self.code, "经济分类类款衔接")


# --- FOOT-004: per-row column identities ------------------------------------------------------------

@dataclass(frozen=True)
class ColumnIdentity:
    total: str                  # header pattern of the total column
    parts: tuple[str, ...]      # header pattern of each part column
    ignore: str = r"其中"        # sub-columns ("其中：…", 人员经费 under 基本支出) that are not parts
    expenditure_side: bool = False


_IDENTITIES = {
    "02": ColumnIdentity(r"合计", (r"财政拨款", r"上级补助", r"事业收入", r"经营收入", r"附属单位", r"其他收入")),
    "03": ColumnIdentity(r"合计", (r"基本支出", r"项目支出", r"上缴上级", r"经营支出", r"附属单位")),
    "05": ColumnIdentity(r"合计|小计", (r"基本支出", r"项目支出"), ignore=r"其中|人员经费|公用经费"),
    "04": ColumnIdentity(r"合计|小计", (r"一般公共预算", r"政府性基金", r"国有资本"), expenditure_side=True),
}


def identity_columns(facts: TableFacts, identity: ColumnIdentity) -> list[tuple[int, list[int]]] | None:
    """(total column, part columns) per column group when every numeric column is recognised, else
    None. A table may repeat the group (年初预算 | 全年预算 | 决算, each 小计 | 基本支出 | 项目支出): a
    second total, or a part seen twice, opens the next group. A part column left blank on every row
    (no 事业收入 this year) still counts: its zeros belong to the identity."""
    filled = value_columns(facts)
    if not filled:
        return None
    blank_parts = {c for c, header in enumerate(facts.columns)
                   if c > filled[0] and any(re.search(p, header) for p in identity.parts)}
    columns = sorted(set(filled) | blank_parts)
    if identity.expenditure_side:
        start = expenditure_label_column(facts)
        if start is None:
            return None
        columns = [c for c in columns if c > start]
    groups: list[tuple[list[int], dict[str, int]]] = [([], {})]   # (total column, if any; parts by pattern)
    for column in columns:
        header = facts.columns[column] if column < len(facts.columns) else ""
        matched = [p for p in identity.parts if re.search(p, header)]
        if re.search(identity.ignore, header):
            continue
        total, parts = groups[-1]
        if len(matched) == 1:
            if matched[0] in parts:
                groups.append(([], {}))
            groups[-1][1][matched[0]] = column
        elif not matched and re.search(identity.total, header):
            if total:
                groups.append(([], {}))
            groups[-1][0].append(column)
        else:
            return None
    if any(len(total) != 1 or len(parts) < 2 for total, parts in groups):
        return None
    return [(total[0], [parts[p] for p in identity.parts if p in parts]) for total, parts in groups]


@register
class ColumnIdentityFooting(SumCheck):
    code = "FOOT-004"
    title = "合计列与分项列不符"
    title_en = "Total column does not equal its part columns"
    category = "arithmetic"
    why = ("每一行的合计列等于各分项列之和：收入决算表的本年收入合计等于各来源之和，支出决算表的本年支出合计等于基本、项目等支出之和，"
           "一般公共预算财政拨款支出决算表的小计等于基本支出加项目支出。")
    why_en = ("On every row the total column equals its part columns: 02 income by source, 03 basic + project + "
              "…, 05 basic + project, 04 the three kinds of appropriation.")
    example_fail = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
                    "208\t社会保障和就业支出\t120.50\t100.50\t21.00\n")
    example_pass = ("公开05表\n单位：万元\n科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
                    "208\t社会保障和就业支出\t120.50\t100.50\t20.00\n")

    def sums(self, facts: DocumentFacts) -> Iterator[SumTest]:
        for table in facts.tables:
            identity = _IDENTITIES.get(table.table.code or "")
            for total, parts in (identity_columns(table, identity) if identity else None) or []:
                yield from column_sums(table, total, parts)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        for table in facts.tables:
            identity = _IDENTITIES.get(table.table.code or "")
            if identity and value_columns(table) and identity_columns(table, identity) is None:
                yield f"{table.table.label}：合计列与分项列未能一一对应，逐行合计（{self.code}）未检查"


# --- FOOT-005: change columns ---------------------------------------------------------------------------

@register
class ChangeColumns(Check):
    code = "FOOT-005"
    title = "增减额、增减率或完成比例列与所比两列不符"
    title_en = "Change, rate or completion column disagrees with the two columns it compares"
    category = "arithmetic"
    why = ("三公经费表、收支执行表常在“上年数 | 本年数”之后列出“增减金额 | 增减幅度”（或“比上年增长%”），在预算数、执行数之后列出"
           "“占调整预算%”，逐年列表则在每年金额旁列出比上年增长率。每一行的增减额应等于本年数−上年数，增减率应等于增减额÷上年数×100，"
           "完成比例应等于执行数÷预算数×100；不符说明其中至少一格写错。")
    why_en = ("Tables of 三公 spending and of budget execution often give, after last year's and this year's figures, "
              "the change and the rate of change (or 比上年增长%), after the budget and the actual the share of the budget "
              "spent (占调整预算%); a table of past years gives each year's rate beside its amount. On every row the change "
              "must be current − prior, the rate change ÷ prior × 100, the completion actual ÷ budget × 100.")
    example_fail = ("“三公”经费支出情况表\n单位：万元\n项目\t上年决算数\t本年决算数\t增减金额\t增减幅度\n"
                    "合计\t52.00\t46.80\t-5.20\t-11.00%\n公务接待费\t20.00\t18.00\t-2.00\t-10.00%\n")
    example_pass = ("“三公”经费支出情况表\n单位：万元\n项目\t上年决算数\t本年决算数\t增减金额\t增减幅度\n"
                    "合计\t52.00\t46.80\t-5.20\t-10.00%\n公务接待费\t20.00\t18.00\t-2.00\t-10.00%\n")

    _WHAT = {"change": ("增减额", "本年数", "上年数"), "rate": ("增减率", "本年数", "上年数"),
             "completion": ("完成比例", "执行数", "预算数")}

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.tables:
            for change in column_changes(table):
                yield from self._check(table, change)

    def _check(self, table: TableFacts, change: ColumnChange) -> Iterator[Finding]:
        stated, current, prior = (f.quantity for f in (change.stated, change.current, change.prior))
        expected = change.expected
        if expected is None or change.agrees():
            return   # no rate of a zero base
        formula = {"change": f"{current.text} − {prior.text}", "rate": f"({current.text} − {prior.text}) ÷ {prior.text} × 100",
                   "completion": f"{current.text} ÷ {prior.text} × 100"}[change.kind]
        dev = deviation(stated, expected)
        what, current_name, prior_name = self._WHAT[change.kind]
        unit = "" if change.kind == "change" else "%"
        place = Figure(table, change.stated.entry, change.stated.column, stated)
        yield self.numeric(
            dev, formula,
            f"{figure_name(place, True)}{what}为 {stated.text}，按{current_name} {current.text}、{prior_name} {prior.text} "
            f"应为 {format_decimal(dev.expected, dev.places)}{unit}（{formula}）"
            f"{'；此表无表头，各列按其余各行数字的关系认定' if change.guessed else ''}。",
            f"{figure_name_en(place)}: the stated {change.kind} {stated.text} should be "
            f"{format_decimal(dev.expected, dev.places)}{unit} ({formula})"
            f"{'; the table has no header: its columns are read off the figures of the other rows' if change.guessed else ''}.",
            [place.location(), cell_location(table, change.current.entry, change.current.column),
             cell_location(table, change.prior.entry, change.prior.column)], unit=unit)

"""Change columns: a table row comparing two of its own figures in the columns after them.

三公经费表 print "上年决算数 | 本年决算数 | 增减金额 | 增减幅度", budget execution tables "2019年决算数 |
2020年预算调整数 | 2020年执行数 | 比上年增长%", tables of past years a row a year with "比上年增长（%）"
beside each amount. Each change or rate cell states the difference of two figures of its row (or of
the row above, a year earlier), each completion cell ("占调整预算%") the row's actual over its budget;
FOOT-005 checks them. Which columns are compared is read off the headers with the vocabulary's words
(table_changes). Only a table with no header over its figures (a block past the header, on a later page
or copied on its own) has them read off the figures, and only where most rows agree on one reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from decimal import Decimal
from itertools import permutations
from typing import Literal

from reviewer.facts.table_cells import Entry, TableFacts
from reviewer.numbers import Interval, Quantity
from reviewer.vocabulary import alternation, words

_RATE = re.compile(alternation(words("table_changes", "rate")))
_CHANGE = re.compile(alternation(words("table_changes", "change")))
_PERCENT = re.compile(r"[%％]")
_PRIOR = re.compile(alternation(words("periods", "prior")))
_CURRENT = re.compile(alternation(words("table_changes", "current")))
_OF_ANOTHER = re.compile(alternation(words("table_changes", "not_compared")))   # 占比%, 执行率
_OF_BUDGET = re.compile(rf"(?:{alternation(words('table_changes', 'of_budget'))})(?P<kind>{alternation(words('completion', 'budget_kinds'))})?预算")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年?")
_IGNORED = re.compile(r"[、()（）\s]")


@dataclass(frozen=True)
class TableFigure:
    entry: Entry
    column: int
    quantity: Quantity


@dataclass(frozen=True)
class ColumnChange:
    """A stated change (current − prior), rate ((current − prior) ÷ prior × 100) or completion (current ÷
    budget × 100, "占调整预算%") in a table row."""

    table: TableFacts
    kind: Literal["change", "rate", "completion"]
    stated: TableFigure
    current: TableFigure
    prior: TableFigure        # for a completion: the budget
    guessed: bool = False     # a headerless table's columns, read off the other rows' figures

    @cached_property
    def expected(self) -> Interval | None:
        """What the stated cell should be, from the two it compares; None for a rate of a base that may be zero."""
        return _expected(self.kind, self.current.quantity, self.prior.quantity)

    def agrees(self) -> bool:
        """Whether the stated cell is what the two it compares give, within rounding; a fall printed without its
        minus sign agrees (a sign convention, not a wrong figure)."""
        expected, stated = self.expected, self.stated.quantity
        return expected is not None and any(Interval(v - stated.half_unit, v + stated.half_unit).overlaps(expected)
                                            for v in (stated.value, -stated.value))


def _expected(kind: str, current: Quantity, prior: Quantity) -> Interval | None:
    if kind == "change":
        return current.interval() - prior.interval()
    if prior.interval().lo <= 0 <= prior.interval().hi:
        return None
    compared = current.interval() - prior.interval() if kind == "rate" else current.interval()
    return (compared / prior.interval()).scale(Decimal(100))


def _header(table: TableFacts, column: int) -> str:
    return _IGNORED.sub("", table.columns[column]) if column < len(table.columns) else ""


def _role(table: TableFacts, column: int) -> str | None:
    header = _header(table, column)
    if _OF_BUDGET.search(header) and _PERCENT.search(header):
        return "completion"
    if _OF_ANOTHER.search(header):
        return None
    if _RATE.search(header) or _CHANGE.search(header) and _PERCENT.search(header):
        return "rate"   # 增减幅度, 比上年增长%
    return "change" if _CHANGE.search(header) else None


def _year(header: str) -> int | None:
    years = [int(y) for y in _YEAR.findall(header)]
    return max(years) if years else None


def _compared(table: TableFacts, amounts: list[int]) -> tuple[int, int] | None:
    """(prior column, current column) among the amount columns before a change column: the prior is named so
    (上年…) or dated a year before the current; the current is named so, dated later, or the nearest
    column after the prior."""
    headers = {c: _header(table, c) for c in amounts}
    priors = [c for c in amounts if _PRIOR.search(headers[c])]
    years = {c: y for c in amounts if (y := _year(headers[c])) is not None}
    if not priors and len(set(years.values())) > 1:
        earliest = min(years.values())
        priors = [c for c, y in years.items() if y == earliest]
    if len(priors) != 1:
        return None
    prior = priors[0]
    later = [c for c in amounts if c != prior and not _PRIOR.search(headers[c])
             and (years.get(c) is None or years.get(prior) is None or years[c] > years[prior])]
    named = [c for c in later if _CURRENT.search(headers[c])]
    current = (named or later or [None])[-1]
    return (prior, current) if current is not None else None


def _budget_and_actual(table: TableFacts, column: int, amounts: list[int]) -> tuple[int, int] | None:
    """(budget column, actual column) of a completion column: the budget of the kind it names (调整, 年初, or
    any), the actual the nearest amount column not a budget."""
    kind = _OF_BUDGET.search(_header(table, column))["kind"]
    budgets = [c for c in amounts if "预算" in _header(table, c) and (kind is None or kind in _header(table, c))]
    actuals = [c for c in amounts if "预算" not in _header(table, c)]
    return (budgets[-1], actuals[-1]) if len(budgets) == 1 and actuals and actuals[-1] > budgets[-1] else None


def _amount_columns(table: TableFacts, columns: list[int]) -> list[int]:
    """Of the columns that state no change, those of amounts: not a share or a rate of another kind."""
    return [c for c in columns if not _OF_ANOTHER.search(_header(table, c)) and not _PERCENT.search(_header(table, c))]


def _row_year(entry: Entry) -> int | None:
    """The year a row of past years stands for: its label ("2018年"), or a first cell read as a number (2018)."""
    if m := re.fullmatch(r"((?:19|20)\d\d)年?度?", entry.label):
        return int(m[1])
    first = entry.values.get(min(entry.values)) if entry.values and not entry.label else None
    if first is not None and first.places == 0 and 1990 <= first.value <= 2100:
        return int(first.value)
    return None


def column_changes(table: TableFacts) -> list[ColumnChange]:
    """Every change, rate and completion cell of the table with the two figures it compares."""
    numeric = sorted({c for e in table.entries for c in e.values})
    if not any(_header(table, c) for c in numeric):
        return _read_off_the_figures(table, numeric)
    found: list[ColumnChange] = []
    amounts: list[int] = []   # the amount columns since the last change column: what the next one compares
    compared: list[int] = []
    for column in numeric:
        kind = _role(table, column)
        if kind is None:
            amounts.append(column)
            continue
        if amounts:   # a change column right after another (增减额 | 增减率) compares the same two
            compared, amounts = _amount_columns(table, amounts), []
        if kind == "completion":
            if (budget := _budget_and_actual(table, column, compared)) is not None:
                found += _across_columns(table, kind, column, *budget)
            continue
        pair = _compared(table, compared)
        if pair is not None:
            found += _across_columns(table, kind, column, *pair)
        elif compared and all(_row_year(e) for e in table.entries):
            found += _down_the_years(table, kind, column, compared[-1])
    return found


def _figure(entry: Entry, column: int) -> TableFigure | None:
    quantity = entry.values.get(column)
    return TableFigure(entry, column, quantity) if quantity is not None else None


def _across_columns(table: TableFacts, kind, column: int, prior: int, current: int) -> list[ColumnChange]:
    found = []
    for entry in table.entries:
        cells = (_figure(entry, column), _figure(entry, current), _figure(entry, prior))
        if all(cells):
            found.append(ColumnChange(table, kind, *cells))
    return found


def _down_the_years(table: TableFacts, kind, column: int, amount: int) -> list[ColumnChange]:
    """A row a year: the rate compares the row's amount with the row above, a year earlier."""
    found = []
    for above, entry in zip(table.entries, table.entries[1:]):
        if _row_year(entry) != _row_year(above) + 1:
            continue
        cells = (_figure(entry, column), _figure(entry, amount), _figure(above, amount))
        if all(cells):
            found.append(ColumnChange(table, kind, *cells))
    return found


# A reading of a headerless table is taken when this many of its rows, and this share of the rows it can be
# tried on, agree with it: a planted or real error in one row of three still leaves the reading standing.
_AGREEING_ROWS = 2
_AGREEING_SHARE = Decimal(2) / 3
# A change table is narrow (上年 | 本年 | 增减额 | 增减率, a row number or a budget besides): wider headerless blocks are
# not tried, and a reading is chosen on the first rows only, so a large sheet costs no more than a page.
_MAX_FIGURE_COLUMNS = 6
_ROWS_TRIED = 40


def _read_off_the_figures(table: TableFacts, numeric: list[int]) -> list[ColumnChange]:
    """A headerless table's rate column and the two columns it compares (either may come first: "本年 | 上年"
    or "上年 | 本年"), the reading most rows agree with; then its change columns comparing the same two. A
    change alone is never read so: "合计 | 基本支出 | 项目支出" agrees with 合计 − 基本支出 on every row."""
    if len(numeric) > _MAX_FIGURE_COLUMNS:
        return []
    readings = [(rate, prior, current) for rate in numeric
                for prior, current in permutations([c for c in numeric if c < rate], 2)]
    scored = [(agreeing, reading) for reading in readings
              if (agreeing := _agreeing_rows(table, "rate", *reading, rows=_ROWS_TRIED)) is not None]
    if not scored:
        return []
    _, (rate, prior, current) = max(scored, key=lambda s: s[0])
    found = _across_columns(table, "rate", rate, prior, current)
    for column in numeric:
        if max(prior, current) < column != rate and _agreeing_rows(table, "change", column, prior, current):
            found += _across_columns(table, "change", column, prior, current)
    return [replace(c, guessed=True) for c in found]


def _agreeing_rows(table: TableFacts, kind, column: int, prior: int, current: int, rows: int | None = None) -> int | None:
    """How many rows (of the first ``rows``) agree with reading the column as the kind of change of the two, when
    enough do; rows where the two are equal say nothing."""
    tried = [c for c in _across_columns(table, kind, column, prior, current)[:rows]
             if c.current.quantity.value != c.prior.quantity.value and c.expected is not None]
    agreeing = sum(c.agrees() for c in tried)
    return agreeing if agreeing >= _AGREEING_ROWS and agreeing >= _AGREEING_SHARE * len(tried) else None

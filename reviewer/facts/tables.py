"""Table facts: each body row split into labelled runs of numbers (entries), each number with its cell.

A row of 02/03/05 is one entry (code, name, then one number per column). A row of 01/04 holds two
(income side, expenditure side), a row of 06 three (code, name, amount, three times): reading every
row as "a label, then numbers until the next label" covers all of them without per-table code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from reviewer.document import Cell, Table
from reviewer.numbers import Quantity, parse_cell

CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_ORDINAL_COLUMNS = ("行次", "栏次")


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class Entry:
    row: int                    # index into table.rows
    line: int | None
    label: str                  # name text without spaces, e.g. 一般公共服务支出
    code: str | None            # function or economic code, when the row has one
    values: dict[int, Quantity] = field(default_factory=dict)   # column index → number
    cells: dict[int, Cell] = field(default_factory=dict)

    @property
    def first_column(self) -> int | None:
        return min(self.values) if self.values else None

    def is_total(self) -> bool:
        return bool(re.search(r"合计|总计|小计", self.label))


@dataclass
class TableFacts:
    table: Table
    header_rows: int
    columns: list[str]          # header text per column, spaces removed
    entries: list[Entry]

    @cached_property
    def usual_row_length(self) -> int:
        """How many cells most body rows have: a row with one lost or doubled cell differs."""
        lengths = Counter(len(r) for r in self.table.rows[self.header_rows:])
        return lengths.most_common(1)[0][0] if lengths else 0

    def column(self, *keywords: str) -> int | None:
        """The first column whose header holds every keyword."""
        for index, label in enumerate(self.columns):
            if all(k in label for k in keywords):
                return index
        return None

    def entry(self, pattern: str) -> Entry | None:
        """The first entry whose label matches a regular expression."""
        rx = re.compile(pattern)
        return next((e for e in self.entries if rx.search(e.label)), None)

    def by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries if e.code}


def _is_number_row(row: list[Cell], ordinal_columns: set[int], unit: str) -> bool:
    return any(parse_cell(c.text, unit) for i, c in enumerate(row) if i not in ordinal_columns)


def _split_row(index: int, row: list[Cell], skip: set[int], unit: str) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    filled = [(col, cell, parse_cell(cell.text, unit)) for col, cell in enumerate(row)
              if squash(cell.text) and col not in skip]
    for position, (col, cell, quantity) in enumerate(filled):
        text = squash(cell.text)
        starts_entry = current is None or bool(current.values)
        following_is_number = position + 1 < len(filled) and filled[position + 1][2] is not None
        is_code = bool(CODE_RE.match(text)) and starts_entry and not following_is_number
        if quantity is not None and not is_code:
            if current is None:
                current = Entry(row=index, line=cell.line, label="", code=None)
                entries.append(current)
            current.values[col] = quantity
            current.cells[col] = cell
            continue
        if starts_entry:
            current = Entry(row=index, line=cell.line, label="", code=None)
            entries.append(current)
        if is_code:
            current.code = text
        else:
            current.label += text
    return entries


def _is_column_numbering(row: list[Cell]) -> bool:
    """Whether a row's numbers are 1, 2, 3, … in order: the column numbers of a 栏次 row."""
    numbers = [squash(c.text) for c in row if squash(c.text).isdigit()]
    return bool(numbers) and numbers == [str(i) for i in range(1, len(numbers) + 1)]


def table_facts(table: Table) -> TableFacts:
    rows = table.rows
    width = table.width
    unit = table.unit
    header = 0
    skip: set[int] = set()
    while header < len(rows):
        row = rows[header]
        ordinal = [col for col, cell in enumerate(row) if any(k in squash(cell.text) for k in _ORDINAL_COLUMNS)]
        if ordinal and _is_column_numbering(row):
            header += 1  # "栏次 | 1 | 2 | 3": a row numbering the columns, part of the header
            continue
        skip.update(ordinal)  # a 行次 column numbering the rows: not a figure
        if _is_number_row(row, skip, unit):
            break
        header += 1
    columns = [
        "".join(squash(r[c].text) for r in rows[:header] if c < len(r)) for c in range(width)
    ]
    entries = [e for i in range(header, len(rows)) for e in _split_row(i, rows[i], skip, unit)]
    return TableFacts(table=table, header_rows=header, columns=columns, entries=entries)

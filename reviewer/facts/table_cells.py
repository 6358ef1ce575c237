"""Table facts: each body row split into labelled runs of numbers (entries), each number with its cell.

A row of 02/03/05 is one entry (code, name, then one number per column). A row of 01/04 holds two
(income side, expenditure side), a row of 06 three (code, name, amount, three times): reading every
row as "a label, then numbers until the next label" covers all of them without per-table code.

Code columns are told by their header ("科目编码", or 类 | 款 | 项 under it), never by their digits:
a 款 "13" or a 项 "01" is not an amount, and a code beside an empty amount cell is still a code. Codes
split over 类/款/项 columns are joined into one (201 | 13 | 01 → 2011301); a 类 or 款 left blank under
the one above it is carried down, as spreadsheets often print them.
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
_CODE_HEADER_WORDS = ("编码", "代码")
_CODE_LEVEL_HEADERS = ("类", "款", "项")   # one level of a split code per column
_CODE_LEVEL_DIGITS = (3, 2, 2)
_TOTAL_WORDS = ("合计", "小计", "总计")
# A code printed in the name cell: "2010301 行政运行", "【201】一般公共服务支出", "30101-基本工资";
# never a count or an amount ("100万元以上", "120人").
_CODE_IN_NAME = re.compile(r"^[【\[(（]?(\d{3}(?:\d{2}){0,2})[】\])）]?[\s\-—_、.．:：]*(?![万亿千元人个辆台套项次年月日%％])([\u4e00-\u9fff].*)$")


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
    code_columns: list[list[int]] = field(default_factory=list)   # groups of adjacent code columns

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


def _split_row(index: int, row: list[Cell], skip: set[int], unit: str, codes: dict[int, str]) -> list[Entry]:
    """``codes``: the row's codes read from its code columns, keyed by the group's first column; the
    other cells of code columns (and ``skip``) are left out, so no code is taken for an amount."""
    entries: list[Entry] = []
    current: Entry | None = None
    filled = [(col, cell, None if col in codes else parse_cell(cell.text, unit)) for col, cell in enumerate(row)
              if col not in skip and (col in codes or squash(cell.text))]
    for position, (col, cell, quantity) in enumerate(filled):
        text = codes.get(col) or squash(cell.text)
        starts_entry = current is None or bool(current.values)
        if col in codes:   # a code column group starts the entry of its side of the row
            starts_entry = current is None or bool(current.values or current.code or current.label)
        following_is_number = position + 1 < len(filled) and filled[position + 1][2] is not None
        is_code = col in codes or (bool(CODE_RE.match(text)) and starts_entry and not following_is_number)
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
        named = _CODE_IN_NAME.match(text) if not is_code and current.code is None and not current.label else None
        if is_code:
            current.code = text if text.isdigit() else None
            current.label += "" if text.isdigit() else text
        elif named:
            current.code, current.label = named.group(1), named.group(2)
        else:
            current.label += text
    return entries


def _is_code_header(label: str) -> bool:
    return any(w in label for w in _CODE_HEADER_WORDS) or label in _CODE_LEVEL_HEADERS


def _code_groups(columns: list[str]) -> list[list[int]]:
    """Adjacent code columns, each group one code: a 科目编码 column, or its 类 | 款 | 项 columns."""
    groups: list[list[int]] = []
    for index, label in enumerate(columns):
        if not _is_code_header(label):
            continue
        level = next((k for k, word in enumerate(_CODE_LEVEL_HEADERS) if label.endswith(word)), None)
        continues = groups and groups[-1][-1] == index - 1 and level not in (None, 0)
        if continues:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


class _CodeReader:
    """Reads the code of each group of code columns, row after row, carrying blank upper levels down."""

    def __init__(self, groups: list[list[int]]):
        self.groups = groups
        self.carried: dict[int, list[str]] = {}

    def codes(self, row: list[Cell]) -> dict[int, str]:
        """First column of each group → the row's code there ("" when the group holds none, the
        group's words when it holds text such as 合计)."""
        out = {}
        for group in self.groups:
            parts = [squash(row[c].text) if c < len(row) else "" for c in group]
            out[group[0]] = self._code(group, parts)
        return out

    def _code(self, group: list[int], parts: list[str]) -> str:
        if len(group) == 1 or not all(p.isdigit() or not p for p in parts):
            return "".join(parts)
        if any(len(p) > digits or (k == 0 and p and len(p) != digits)
               for k, (p, digits) in enumerate(zip(parts, _CODE_LEVEL_DIGITS))):
            return "".join(parts)   # a malformed code ("7" for 类 210) stays as printed
        levels = [p.zfill(digits) if p else "" for p, digits in zip(parts, _CODE_LEVEL_DIGITS)]
        deepest = max((k for k, p in enumerate(levels) if p), default=None)
        if deepest is None:
            return ""
        carried = self.carried.get(group[0], [])
        filled = [levels[k] or (carried[k] if k < len(carried) else "") for k in range(deepest + 1)]
        if not all(filled):
            return "".join(parts)
        self.carried[group[0]] = filled
        return "".join(filled)


def _is_column_numbering(row: list[Cell]) -> bool:
    """Whether a row's numbers are 1, 2, 3, … in order: the column numbers of a 栏次 row."""
    numbers = [squash(c.text) for c in row if squash(c.text).isdigit()]
    return bool(numbers) and numbers == [str(i) for i in range(1, len(numbers) + 1)]


def _qualified(columns: list[str], header_rows: list[list[Cell]]) -> list[str]:
    """A header repeated under merged group headers (年初预算数 | 决算数, each over 小计 | 基本支出 |
    项目支出) keeps its text only under the group's first column: name the others by their group too."""
    counts = Counter(columns)
    out = list(columns)
    for c, label in enumerate(columns):
        if not label or counts[label] < 2:
            continue
        groups = _groups_over(header_rows, c, label)
        # the nearest group names the column; a bare 合计/小计 needs the one above it too
        nearest = groups[-2:] if groups and groups[-1] in _TOTAL_WORDS else groups[-1:]
        out[c] = "".join(nearest) + label
    return out


def _groups_over(header_rows: list[list[Cell]], column: int, label: str) -> list[str]:
    """The merged header cells over a column, top down: in each row where the column's own cell is
    blank, the nearest text to its left, never left of the group found in the row above."""
    groups, floor = [], 0
    for row in header_rows:
        found = next((k for k in range(min(column, len(row) - 1), floor - 1, -1) if squash(row[k].text)), None)
        if found is None:
            continue
        floor = found
        text = squash(row[found].text)
        if found != column and text not in label:
            groups.append(text)
    return groups


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
    columns = _qualified([
        "".join(squash(r[c].text) for r in rows[:header] if c < len(r)) for c in range(width)
    ], rows[:header])
    groups = _code_groups(columns)
    reader = _CodeReader(groups)
    code_cells = {c for g in groups for c in g[1:]}
    entries = [e for i in range(header, len(rows))
               for e in _split_row(i, rows[i], skip | code_cells, unit, reader.codes(rows[i]))]
    return TableFacts(table=table, header_rows=header, columns=columns, entries=entries, code_columns=groups)

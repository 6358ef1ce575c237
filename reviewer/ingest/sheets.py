"""What the XLSX and XLS loaders share: a sheet's grid of displayed cells into text lines and tables.

A sheet of a published report holds a title, the 公开NN表 number, 部门 and 单位 lines above a ruled
grid, and notes below it. Rows with a ruled (bordered) cell are the table; the rows between tables
are text. A sheet with no borders at all falls back to shape: runs of rows with two or more filled
cells are tables. Text rows set in a larger font than the workbook's body text are headings,
ranked by size. The number a cell shows is rebuilt from its number format (``display_number``),
since a review must read "1,258.15" where the file stores 1258.1499999.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from reviewer.document import Cell, Heading, Table
from reviewer.ingest.extraction import Item, clean_cell_text, column_letter
from reviewer.ingest.text import TextLine

_HEADING_RATIO = 1.1
_HEADING_MAX_CHARS = 40


@dataclass
class SheetCell:
    text: str
    bordered: bool = False
    size: float = 0.0          # font size in points, 0 when unknown


# --- displayed text -----------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"|\\(.)|_.|\*.')
_PLACEHOLDER = re.compile(r"[0#?]")


def display_value(value, number_format: str | None) -> str:
    """A cell value as the spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return _date_text(value.date(), number_format) if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return _date_text(value, number_format)
    if isinstance(value, (int, float, Decimal)):
        return display_number(value, number_format or "General")
    return str(value).strip()


def _date_text(value: date, number_format: str | None) -> str:
    if number_format and "年" in number_format:
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def _sections(number_format: str) -> list[str]:
    sections, current, quoted = [], "", False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += char
    return sections + [current]


def display_number(value: int | float | Decimal, number_format: str) -> str:
    """Excel's rendering of a number through a number format: decimals, thousands separators,
    per cent, scaling commas, literal text and the positive;negative;zero sections."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    sections = _sections(number_format)
    if number < 0 and len(sections) > 1:
        section, number = sections[1], -number
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section = sections[0]
    section = _BRACKETS.sub("", section)
    if section.strip().lower() in ("general", "") or "E+" in section.upper() or "/" in section:
        return _general(number)
    if section.strip() == "@":
        return _general(number)
    pattern = _QUOTED.sub(lambda m: "\x00" * len(m.group(0)), section)  # placeholders outside literals only
    places = [m.start() for m in _PLACEHOLDER.finditer(pattern)]
    if not places:
        return _literal(section)
    first, last = places[0], places[-1]
    core = pattern[first:last + 1]
    if "%" in pattern:
        number *= 100
    scale = len(pattern[last + 1:]) - len(pattern[last + 1:].lstrip(","))
    number /= Decimal(1000) ** scale
    whole, _, fraction = core.partition(".")
    decimals_max = len(_PLACEHOLDER.findall(fraction))
    decimals_min = fraction.count("0")
    rounded = number.quantize(Decimal(1).scaleb(-decimals_max), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals_max}f}" if "," in whole else f"{abs(rounded):.{decimals_max}f}"
    if decimals_max > decimals_min:
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0").ljust(decimals_min, "0")
        text = f"{head}.{tail}" if tail else head
    if whole.count("0") == 0 and text.startswith("0") and "." in text:
        text = text[1:]
    sign = "-" if rounded < 0 else ""
    return _literal(section[:first]) + sign + text + _literal(section[last + 1:])


def _literal(part: str) -> str:
    """The literal text of a format section: quoted strings, escaped characters, %, signs, units."""
    out = ""
    for m in re.finditer(r'"([^"]*)"|\\(.)|_.|\*.|([^"\\_*,#0?.])', part):
        out += m.group(1) or m.group(2) or m.group(3) or ""
    return out.strip()


def _general(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    digits = number.adjusted() + 1
    try:
        text = format(number.quantize(Decimal(1).scaleb(-max(0, 10 - max(digits, 0)))), "f")
    except InvalidOperation:
        return format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- grid into items ----------------------------------------------------------------------------

@dataclass
class _Row:
    text: str
    ref: str
    size: float


def sheet_items(name: str, grid: list[list[SheetCell]]) -> list[TextLine | Table | _Row]:
    """One sheet's rows as text rows and tables, in order. Text rows are resolved into lines or
    headings by ``workbook_items`` once the workbook's body font size is known."""
    ruled = sum(1 for row in grid if any(c.bordered for c in row)) >= 2
    out: list[TextLine | Table | _Row] = []
    block: list[int] = []
    for r, row in enumerate(grid + [[]]):
        filled = [c for c in row if c.text]
        in_table = row and (any(c.bordered for c in row) if ruled else len(filled) >= 2)
        if in_table:
            block.append(r)
            continue
        if block:
            out += _table_or_rows(name, grid, block)
            block = []
        if filled:
            first = next(c for c, cell in enumerate(row) if cell.text)
            out.append(_Row(" ".join(c.text for c in filled), f"{name}!{column_letter(first)}{r + 1}", filled[0].size))
    return out


def _table_or_rows(name: str, grid: list[list[SheetCell]], block: list[int]) -> list[Table | _Row]:
    width = max(len(grid[r]) for r in block)
    columns = [c for c in range(width) if any(c < len(grid[r]) and grid[r][c].text for r in block)]
    if not columns:
        return []
    first, last = columns[0], columns[-1]
    rows = []
    for r in block:
        row = [Cell(text=clean_cell_text(grid[r][c].text) if c < len(grid[r]) else "",
                    ref=f"{name}!{column_letter(c)}{r + 1}") for c in range(first, last + 1)]
        if any(c.text for c in row):
            rows.append(row)
    if len(rows) < 2 and last == first:
        return [_Row(rows[0][0].text, rows[0][0].ref, 0.0)] if rows else []
    return [Table(rows=rows, line=0, ref=name)]


def workbook_items(sheets: list[list[TextLine | Table | _Row]]) -> list[Item]:
    """All sheets in order; a text row in a font clearly larger than the body is a heading."""
    rows = [i for sheet in sheets for i in sheet if isinstance(i, _Row)]
    weights = Counter()
    for row in rows:
        weights[row.size] += len(row.text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    larger = sorted({r.size for r in rows if _is_heading(r, body)}, reverse=True)
    items: list[Item] = []
    for item in (i for sheet in sheets for i in sheet):
        if isinstance(item, _Row):
            if _is_heading(item, body):
                items.append(Heading(text=item.text, level=min(larger.index(item.size) + 1, 6), line=0, ref=item.ref))
            else:
                items.append(TextLine(line=0, text=item.text, ref=item.ref))
        else:
            items.append(item)
    return items


def _is_heading(row: _Row, body: float) -> bool:
    return bool(body) and row.size >= body * _HEADING_RATIO and len(row.text) <= _HEADING_MAX_CHARS

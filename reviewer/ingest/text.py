"""Plain text and markdown extractions: lines, and the two shapes tables take in them.

- tab rows: one table row per line, cells separated by TAB (seed 003);
- cell lines: one cell per line, each starting with a TAB, text continuing on untabbed lines, rows
  separated by blank lines, and blank lines inside merged header cells too (seeds 000, 001).
Markup noise (``<b>``, ``[bookmark: …]``) is dropped; every cell keeps its 1-based line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.document import Cell, Table

# Markdown's "**" is kept: the templates' "**万元" placeholders are made of the same stars.
MARKUP_RE = re.compile(r"\[bookmark:[^\]]*\]|</?(?:b|strong|i|em|u|font|span)(?:\s[^>]*)?>")
_TEXT_START_RE = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十]+[、）)]|[（(]\d+[）)]|\d+[、.．]|#|第[一二三四五六七八九十]+部分)")
_MAX_BLANKS_IN_TABLE = 3
_STRAY_MAX_CHARS = 20


@dataclass
class TextLine:
    line: int
    text: str
    page: int | None = None      # paged inputs (PDF): where the line starts
    ref: str | None = None       # Word paragraph (¶12) or spreadsheet cell (Sheet!A3)
    page_starts: list[tuple[int, int]] | None = None  # (offset, page) when the text runs onto later pages


def clean(line: str) -> str:
    return MARKUP_RE.sub("", line).rstrip("\r\n")


def _is_cell_line(t: str) -> bool:
    return t.startswith("\t") and "\t" not in t[1:]


def _is_tab_row(t: str) -> bool:
    return "\t" in t.strip("\t ") or (t.startswith("\t") and t.count("\t") > 1)


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _is_table_title(line: str) -> bool:
    """The next table's title ("…预算总表", "公开05表"), not a cell fragment of this one."""
    return line.strip().endswith("表")


def _read_tab_table(lines: list[str], i: int) -> tuple[Table, list[TextLine], int]:
    rows: list[list[Cell]] = []
    strays: list[TextLine] = []
    while i < len(lines):
        t = lines[i]
        if "\t" in t and t.strip():
            rows.append([Cell(text=c.strip(), line=i + 1) for c in t.split("\t")])
            i += 1
            continue
        j = _next_nonblank(lines, i)
        if j >= len(lines) or j - i > _MAX_BLANKS_IN_TABLE:
            break
        if j > i:  # blank lines: the table goes on only if a row follows
            if "\t" not in lines[j]:
                k = _next_nonblank(lines, j + 1)
                is_stray = (len(lines[j].strip()) <= _STRAY_MAX_CHARS and not _is_table_title(lines[j])
                            and k < len(lines) and "\t" in lines[k])
                if not is_stray:
                    break
            i = j
            continue
        # an untabbed line between rows: a wrapped cell fragment, kept as text
        k = _next_nonblank(lines, i + 1)
        if len(t.strip()) > _STRAY_MAX_CHARS or "。" in t or _is_table_title(t) or k >= len(lines) or "\t" not in lines[k]:
            break
        strays.append(TextLine(i + 1, t.strip()))
        i += 1
    return Table(rows=rows, line=rows[0][0].line or 0), strays, i


def _read_cell_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    width: int | None = None
    blanks = 0
    end = i
    while i < len(lines):
        t = lines[i]
        if not t.strip() and not _is_cell_line(t):
            blanks += 1
        elif _is_cell_line(t):
            if blanks and row and (width is None or len(row) >= width):
                rows.append(row)
                width = width or len(row)
                row = []
            row.append(Cell(text=t[1:].strip(), line=i + 1))
            blanks, end = 0, i + 1
        elif "\t" in t or not row or blanks >= 2 or (blanks and (_TEXT_START_RE.match(t) or len(t) > 40)):
            break
        else:  # continuation of the cell above (merged or wrapped cell)
            row[-1].text += t.strip()
            blanks, end = 0, i + 1
        i += 1
    if row:
        rows.append(row)
    return Table(rows=rows, line=rows[0][0].line or 0), end


def scan_lines(raw_lines: list[str]) -> list[TextLine | Table]:
    """Split cleaned source lines into text lines and tables, in order."""
    lines = [clean(x) for x in raw_lines]
    items: list[TextLine | Table] = []
    i = 0
    while i < len(lines):
        t = lines[i]
        if _is_tab_row(t):
            table, strays, i = _read_tab_table(lines, i)
            items.append(table)
            items.extend(strays)
        elif _is_cell_line(t) and t.strip():
            table, i = _read_cell_table(lines, i)
            items.append(table)
        else:
            if t.strip():
                items.append(TextLine(i + 1, t.strip()))
            i += 1
    return items

"""What the PDF, Word and spreadsheet loaders hand to the Document builder, and what they share.

A loader yields items in reading order (text lines, headings, tables) with where each came from
(page, bbox, sheet cell, paragraph). ``number_lines`` then numbers them as the lines of the
document's extracted text, one line per text item and per table row, so that every check keeps
working on ``line`` exactly as it does for text inputs, while the memo can point at the page or cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.document import Cell, Heading, Table
from reviewer.ingest.text import TextLine

Item = TextLine | Heading | Table

# Ideographs, CJK punctuation and full-width forms: no space is written between these.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F))


@dataclass
class Extraction:
    items: list[Item]
    format: str
    pages: int | None = None
    not_read: list[str] = field(default_factory=list)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def join_wrapped(pieces: list[str]) -> str:
    """Pieces of text that a line break or a gap separated, as one string: no space where either side
    is CJK (a wrapped Chinese cell), one space between other words."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(piece[0]):
            out += " "
        out += piece
    return out


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet-style column names for cell references."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_cell_text(text: str) -> str:
    """A cell's text on one line: line breaks and whitespace between CJK characters removed."""
    return join_wrapped(text.split())


_NUMBERED_PAGES = re.compile(
    r"^[\s—–\-－·.]*(?:第\s*)?\d{1,4}\s*页?(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?[\s—–\-－·.]*$")


def is_page_number(text: str) -> bool:
    """"— 3 —", "- 3 -", "3", "第 3 页", "第3页 共12页": page furniture, not report text."""
    return bool(_NUMBERED_PAGES.match(text))


def number_lines(items: list[Item]) -> tuple[list[str], list[tuple[int | None, str | None]]]:
    """Give every text item and every table row a 1-based line of the extracted text.

    Returns the extracted text lines (table rows TAB-separated) and (page, ref) for each line.
    """
    lines: list[str] = []
    places: list[tuple[int | None, str | None]] = []
    for item in items:
        if isinstance(item, Table):
            for row in item.rows:
                number = len(lines) + 1
                for cell in row:
                    cell.line = number
                lines.append("\t".join(cell.text for cell in row))
                places.append((_row_page(row, item), _row_ref(row)))
            item.line = item.rows[0][0].line if item.rows and item.rows[0] else len(lines)
        else:
            item.line = len(lines) + 1
            lines.append(item.text)
            places.append((item.page, item.ref))
    return lines, places


def _row_page(row: list[Cell], table: Table) -> int | None:
    return next((c.page for c in row if c.page is not None), table.page)


def _row_ref(row: list[Cell]) -> str | None:
    """公开05表!A12:H12 for a spreadsheet or Word table row, from its first and last cells."""
    refs = [c.ref for c in row if c.ref]
    if not refs:
        return None
    first, last = refs[0], refs[-1]
    sheet, _, start = first.rpartition("!")
    end = last.rpartition("!")[2]
    return first if start == end else f"{sheet}!{start}:{end}"

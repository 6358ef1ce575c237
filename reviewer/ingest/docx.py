"""Word (.docx) reports through python-docx: paragraphs and tables in document order.

- Paragraphs and tables come in body order (``iter_inner_content``), also inside content controls
  (``w:sdt``), which report templates use for their fill-in fields.
- Headings: a Heading/标题 N or Title style, an outline level on the paragraph or its style, or a
  short auto-numbered paragraph (the number Word draws is not in the text, so its list level is).
- Tables: a merged cell appears once, at its top-left position: python-docx returns the same
  ``w:tc`` element for every grid position a merge covers, so later sightings are left empty. Rows
  that start or end short of the grid are padded. Cell text is joined onto one line, whitespace
  between CJK characters dropped.
- Runs of two or more paragraphs laid out with TAB stops (a table without a grid) become a table.
- Every block keeps where it is: ``¶12`` for the 12th body paragraph, ``表3!B5`` for a table cell.
- Tables are read in one pass over their rows (python-docx's ``row.cells`` searches the row above for
  every vertically merged cell); a table whose grid is over the limit is listed as not read.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph as DocxParagraph

from reviewer.document import Cell, Heading, Table
from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction, Item, clean_cell_text, column_letter
from reviewer.ingest.text import TextLine
from reviewer.limits import CellBudget
from reviewer.numbers import parse_cell

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_NUMBERED_HEADING_MAX_CHARS = 32
_SENTENCE_END = "。；;！!？?，,："
_STYLE_DEPTH = 20   # "based on" chains are a few levels deep; a longer one is a loop


def read_docx(data: bytes, fmt: str = "docx") -> Extraction:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"cannot read this Word file: it is damaged or not a .docx ({exc})") from None
    except SyntaxError as exc:  # lxml's XMLSyntaxError: malformed XML, or entities that expand without end
        raise InputError(f"cannot read this Word file: its XML is malformed ({exc.msg})") from None
    items: list[Item] = []
    not_read: list[str] = []
    budget = CellBudget()
    counters = {"paragraph": 0, "table": 0}
    tabbed: list[tuple[str, str]] = []
    for block in _body_blocks(document):
        if isinstance(block, DocxParagraph):
            counters["paragraph"] += 1
            ref = f"¶{counters['paragraph']}"
            if "\t" in block.text.strip():
                tabbed.append((block.text, ref))
                continue
            items += _tab_table(tabbed)
            tabbed = []
            items += _paragraph_items(block, ref)
        else:
            items += _tab_table(tabbed)
            tabbed = []
            counters["table"] += 1
            refusal = budget.refusal(f"Word 表{counters['table']}", *_grid_size(block))
            table = None if refusal else _table(block, counters["table"])
            if table is not None:
                items.append(table)
            not_read += [refusal] if refusal else []
    items += _tab_table(tabbed)
    return Extraction(items=items, format=fmt, not_read=not_read)


def _body_blocks(document):
    """Paragraphs and tables in document order, content controls opened."""
    def walk(element, parent):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield DocxParagraph(child, parent)
            elif child.tag == qn("w:tbl"):
                yield DocxTable(child, parent)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent")):
                yield from walk(child, parent)

    body = document.element.body
    if body.find(qn("w:sdt")) is None:
        yield from document.iter_inner_content()
    else:
        yield from walk(body, document._body)


def _paragraph_items(paragraph: DocxParagraph, ref: str) -> list[Item]:
    out: list[Item] = []
    level = _heading_level(paragraph)
    for piece in paragraph.text.split("\n"):
        text = piece.strip()
        if not text:
            continue
        if level:
            out.append(Heading(text=" ".join(text.split()), level=level, line=0, ref=ref))
        else:
            out.append(TextLine(line=0, text=text, ref=ref))
    return out


def _heading_level(paragraph: DocxParagraph) -> int | None:
    outline = _outline_level(paragraph._p.pPr)
    if outline is not None:
        return outline
    style = paragraph.style
    for _ in range(_STYLE_DEPTH):
        if style is None:
            break
        name = (style.name or "").strip()
        m = _HEADING_STYLE.match(name)
        if m:
            return int(m.group(1))
        if name.lower() in _TITLE_STYLES:
            return 1
        outline = _outline_level(style.element.pPr)
        if outline is not None:
            return outline
        style = style.base_style
    return _numbered_level(paragraph)


def _outline_level(ppr) -> int | None:
    element = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if element is None:
        return None
    value = int(element.get(qn("w:val"), "9"))
    return value + 1 if value < 9 else None


def _numbered_level(paragraph: DocxParagraph) -> int | None:
    """A short auto-numbered line that is not a sentence: a heading at its list level."""
    ppr = paragraph._p.pPr
    numbering = ppr.find(qn("w:numPr")) if ppr is not None else None
    text = paragraph.text.strip()
    if numbering is None or not text or len(text) > _NUMBERED_HEADING_MAX_CHARS or text[-1] in _SENTENCE_END:
        return None
    level = numbering.find(qn("w:ilvl"))
    return int(level.get(qn("w:val"), "0")) + 1 if level is not None else 1


def _grid_size(table: DocxTable) -> tuple[int, int]:
    """Rows and grid columns (the widest row), read from the XML before any cell is built."""
    rows = table._tbl.tr_lst
    width = max([len(table._tbl.xpath("./w:tblGrid/w:gridCol"))]
                + [tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst) for tr in rows])
    return len(rows), width


def _row_cells(table: DocxTable):
    """Each row's grid-cols-before and its w:tc per grid position, as python-docx's ``row.cells`` gives
    them (a vertically merged cell is the w:tc its merge starts at, repeated for each column it spans),
    found with a map of the row above instead of a search for every merged cell."""
    above: dict[int, object] = {}   # grid offset → the w:tc that starts there in the row above
    for tr in table._tbl.tr_lst:
        offset, tcs, starts = tr.grid_before, [], {}
        for tc in tr.tc_lst:
            root = above.get(offset, tc) if tc.vMerge == "continue" else tc
            starts[offset] = root
            tcs += [root] * root.grid_span
            offset += tc.grid_span
        above = starts
        yield tr.grid_before, tcs


def _table(table: DocxTable, number: int) -> Table | None:
    seen: set = set()   # the w:tc elements already read; holding them keeps lxml's proxies (and identity) alive
    grid: list[list[tuple[str, bool]]] = []   # (text, a cell starts here) per grid position
    width = len(table.columns)
    for before, tcs in _row_cells(table):
        cells = [("", False)] * before
        for tc in tcs:
            first = tc not in seen
            seen.add(tc)
            cells.append((clean_cell_text(DocxCell(tc, table).text), True) if first else ("", False))
        grid.append(cells + [("", False)] * max(0, width - len(cells)))
    # a grid column where no cell starts only splits merged cells (Word adds them when rows differ)
    columns = [c for c in range(max((len(r) for r in grid), default=0)) if any(c < len(r) and r[c][1] for r in grid)]
    rows = []
    for r, cells in enumerate(grid, start=1):
        row = [Cell(text=cells[c][0] if c < len(cells) else "", ref=f"表{number}!{column_letter(c)}{r}")
               for c in columns]
        if any(c.text for c in row):
            rows.append(row)
    return Table(rows=rows, line=0, ref=f"表{number}") if rows else None


def _tab_table(paragraphs: list[tuple[str, str]]) -> list[Item]:
    """Paragraphs laid out with TAB stops: a table when two or more in a row hold numbers, else text."""
    if not paragraphs:
        return []
    rows = [[Cell(text=clean_cell_text(t), ref=ref) for t in text.strip().split("\t")] for text, ref in paragraphs]
    if len(rows) >= 2 and any(parse_cell(c.text) for row in rows for c in row):
        return [Table(rows=rows, line=0, ref=paragraphs[0][1])]
    return [TextLine(line=0, text=" ".join(text.split()), ref=ref) for text, ref in paragraphs]

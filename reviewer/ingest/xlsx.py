"""Excel workbooks (.xlsx) through openpyxl: every visible sheet, in order, as text and tables.

The workbook is opened in normal (not read-only) mode because only then does openpyxl expose the
merged ranges; a merge keeps its text at its top-left cell and leaves the cells it covers empty.
Values are the cached results of formulas (``data_only``) shown through their number formats.

Only the cells the file holds are read, never every position of the range they span: one cell at
XFD1048576 would otherwise mean 17 billion. A sheet whose filled range is over the limit is listed
as not read; merged ranges, which openpyxl fills with a cell object per position while loading, are
measured before it loads (``reviewer.limits``).
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
from lxml import etree
from openpyxl.utils.cell import get_column_letter, range_boundaries

from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction
from reviewer.ingest.sheets import SheetCell, display_value, sheet_items, workbook_items
from reviewer.limits import CellBudget, limits, over_limit

_EMPTY = SheetCell(text="")   # every position the file holds no cell for; shared, never changed


def read_xlsx(data: bytes) -> Extraction:
    _check_merged_ranges(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"cannot read this Excel file: it is damaged or not an .xlsx ({exc})") from None
    except SyntaxError as exc:  # an XML parser's error: malformed XML, or entities that expand without end
        raise InputError(f"cannot read this Excel file: its XML is malformed ({exc.msg})") from None
    budget, sheets, not_read = CellBudget(), [], []
    for ws in (ws for ws in book.worksheets if ws.sheet_state == "visible"):
        last_row, last_col = _filled_range(ws)
        refusal = budget.refusal(f"工作表「{ws.title}」的使用范围 A1:{get_column_letter(max(last_col, 1))}{last_row}",
                                 last_row, last_col)
        if refusal:
            not_read.append(refusal)
        else:
            sheets.append(sheet_items(ws.title, _grid(ws, last_row, last_col)))
    if not_read and not sheets:
        raise InputError(f"nothing readable in this workbook: {not_read[0]}")
    return Extraction(items=workbook_items(sheets), format="xlsx", not_read=not_read)


def _filled_range(ws) -> tuple[int, int]:
    """The last row and column holding a value. ``ws._cells`` holds only the cells in the file;
    ``iter_rows`` would create one for every position it passes."""
    filled = [key for key, cell in ws._cells.items() if cell.value is not None and str(cell.value).strip()]
    return max((r for r, _ in filled), default=0), max((c for _, c in filled), default=0)


def _grid(ws, last_row: int, last_col: int) -> list[list[SheetCell]]:
    """The sheet's cells from A1 to its last filled row and column."""
    grid = [[_EMPTY] * last_col for _ in range(last_row)]
    for (r, c), cell in ws._cells.items():
        if r <= last_row and c <= last_col:
            grid[r - 1][c - 1] = SheetCell(text=display_value(cell.value, cell.number_format),
                                           bordered=_bordered(cell),
                                           size=float(cell.font.sz or 0) if cell.font else 0.0)
    return grid


def _check_merged_ranges(data: bytes) -> None:
    """Refuse merged ranges covering more cells than a sheet may hold, before openpyxl makes an object
    for each. Every XML part is searched: a sheet's part may have any name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            covered = sum(_covered(ref) for ref in _merge_refs(archive, member))
            if covered > limits().max_table_cells:
                raise over_limit(f"merged cells in {member.filename} cover too many cells", covered, "max_table_cells")


def _merge_refs(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    try:
        with archive.open(member) as stream:
            for _, element in etree.iterparse(stream, tag="{*}mergeCell", resolve_entities=False, no_network=True):
                yield element.get("ref", "")
                element.clear()
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
        return   # not XML (a picture) or damaged: openpyxl says so if it is a part it needs


_SHEET_ROWS, _SHEET_COLUMNS = 1_048_576, 16_384


def _covered(ref: str) -> int:
    try:
        first_col, first_row, last_col, last_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0   # openpyxl refuses it while loading
    rows = (last_row or _SHEET_ROWS) - (first_row or 1) + 1     # "A:A" spans every row
    columns = (last_col or _SHEET_COLUMNS) - (first_col or 1) + 1   # "1:1" every column
    return rows * columns - 1


def _bordered(cell) -> bool:
    border = cell.border
    return bool(border and (border.left.style or border.right.style or border.top.style or border.bottom.style))

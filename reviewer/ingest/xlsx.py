"""Excel workbooks (.xlsx) through openpyxl: every visible sheet, in order, as text and tables.

The workbook is opened in normal (not read-only) mode because only then does openpyxl expose the
merged ranges; a merge keeps its text at its top-left cell and leaves the cells it covers empty.
Values are the cached results of formulas (``data_only``) shown through their number formats.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction
from reviewer.ingest.sheets import SheetCell, display_value, sheet_items, workbook_items


def read_xlsx(data: bytes) -> Extraction:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"cannot read this Excel file: it is damaged or not an .xlsx ({exc})") from None
    sheets = [sheet_items(ws.title, _grid(ws)) for ws in book.worksheets if ws.sheet_state == "visible"]
    return Extraction(items=workbook_items(sheets), format="xlsx")


def _grid(ws) -> list[list[SheetCell]]:
    last_row = last_col = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value).strip():
                last_row, last_col = max(last_row, cell.row), max(last_col, cell.column)
    grid = []
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        grid.append([SheetCell(text=display_value(cell.value, cell.number_format), bordered=_bordered(cell),
                               size=float(cell.font.sz or 0) if cell.font else 0.0) for cell in row])
    return grid


def _bordered(cell) -> bool:
    border = cell.border
    return bool(border and (border.left.style or border.right.style or border.top.style or border.bottom.style))

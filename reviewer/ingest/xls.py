"""Legacy Excel workbooks (.xls, BIFF) through xlrd with ``formatting_info=True``: number formats,
borders, fonts and merged ranges, read into the same sheet model as .xlsx.

Rows are kept ragged (each as long as its last cell, not padded to the widest), and a sheet whose
range is over the limit is listed as not read (``reviewer.limits``).
"""

from __future__ import annotations

import xlrd

from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction
from reviewer.ingest.sheets import SheetCell, display_value, sheet_items, workbook_items
from reviewer.limits import CellBudget, Limits, limits


def read_xls(data: bytes) -> Extraction:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False, ragged_rows=True)
    except (xlrd.XLRDError, AssertionError, IndexError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read this Excel file: it is damaged or not an .xls ({exc})") from None
    budget, sheets, not_read = CellBudget(), [], []
    for sheet in (sheet for sheet in book.sheets() if sheet.visibility == 0):
        refusal = _merged_refusal(sheet) or budget.refusal(f"工作表「{sheet.name}」", sheet.nrows, sheet.ncols)
        if refusal:
            not_read.append(refusal)
        else:
            sheets.append(sheet_items(sheet.name, _grid(book, sheet)))
    if not_read and not sheets:
        raise InputError(f"nothing readable in this workbook: {not_read[0]}")
    return Extraction(items=workbook_items(sheets), format="xls", not_read=not_read)


def _merged_refusal(sheet) -> str | None:
    """Merged ranges are expanded cell by cell below: their area is limited like a sheet's."""
    merged = sum((rhi - rlo) * (chi - clo) for rlo, rhi, clo, chi in sheet.merged_cells)
    if merged <= limits().max_table_cells:
        return None
    return (f"工作表「{sheet.name}」的合并单元格覆盖 {merged:,} 个单元格，超过单表上限 "
            f"{limits().max_table_cells:,} 个（{Limits.variable('max_table_cells')}），未读取")


def _grid(book, sheet) -> list[list[SheetCell]]:
    covered = {(r, c) for rlo, rhi, clo, chi in sheet.merged_cells
               for r in range(rlo, rhi) for c in range(clo, chi) if (r, c) != (rlo, clo)}
    grid = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            text = "" if (r, c) in covered else _text(book, cell, xf)
            row.append(SheetCell(text=text, bordered=_bordered(xf), size=_font_size(book, xf)))
        grid.append(row)
    return grid


def _text(book, cell, xf) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return display_value(bool(cell.value), None)
    fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return display_value(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), fmt)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return display_value(cell.value, None)
    return display_value(cell.value, fmt)


def _bordered(xf) -> bool:
    if xf is None:
        return False
    border = xf.border
    return bool(border.left_line_style or border.right_line_style or border.top_line_style or border.bottom_line_style)


def _font_size(book, xf) -> float:
    if xf is None or xf.font_index >= len(book.font_list):
        return 0.0
    return book.font_list[xf.font_index].height / 20

"""Pictures of the original page around a finding's cells, for PDF inputs: the reviewer sees the source,
not our extraction. pypdfium2 renders the page; the cited cell is boxed in red, its inputs in blue."""

from __future__ import annotations

import base64
import io

from reviewer.document import Document, Table
from reviewer.findings import Finding

_SCALE = 1.5            # pixels per PDF point
_MARGIN = 24            # points of page kept around the cells
_MAX_IMAGES = 30        # a memo of a long report stays small
_COLOURS = {"wrong": (198, 40, 40), "input": (30, 110, 229)}


def _table_span(table: Table, page: int) -> tuple[float, float] | None:
    """Left and right edge of the table on a page, so the picture keeps its row labels."""
    boxes = [c.bbox for row in table.rows for c in row if c.page == page and c.bbox]
    return (min(b[0] for b in boxes), max(b[2] for b in boxes)) if boxes else None


def _cited_cells(finding: Finding, tables: dict[int, Table]) -> list[tuple[str, int, tuple, Table]]:
    """(role, page, bbox, table) of every cell the finding cites; the first location is the stated figure."""
    cells = []
    for index, location in enumerate(finding.locations):
        table = tables.get(location.table_line) if location.table_line is not None else None
        if table is None or location.cell is None:
            continue
        row, column = location.cell
        if row < len(table.rows) and column < len(table.rows[row]):
            cell = table.rows[row][column]
            if cell.page and cell.bbox:
                cells.append(("wrong" if index == 0 else "input", cell.page, cell.bbox, table))
    return cells


def page_regions(document: Document, findings: list[Finding]) -> dict[str, dict]:
    """{finding id: {"page", "image" (data URI), "boxes": [[x0, y0, x1, y1, role], …] in image pixels}}."""
    if document.format != "pdf":
        return {}
    import pypdfium2

    tables = {table.line: table for table in document.tables}
    regions: dict[str, dict] = {}
    try:
        pdf = pypdfium2.PdfDocument(document.path)
    except Exception:  # pictures are extra evidence: a file that cannot be reopened just has none
        return {}
    try:
        for finding in findings:
            cells = _cited_cells(finding, tables)
            if not cells or len(regions) >= _MAX_IMAGES:
                continue
            _, page_number, _, table = cells[0]
            on_page = [(role, bbox) for role, page, bbox, _ in cells if page == page_number]
            regions[finding.id] = _render(pdf[page_number - 1], page_number, on_page, _table_span(table, page_number))
    finally:
        pdf.close()
    return regions


def _render(page, page_number: int, cells: list[tuple[str, tuple]], span: tuple[float, float] | None) -> dict:
    from PIL import ImageDraw

    width, height = page.get_size()
    span = span or (min(b[0] for _, b in cells), max(b[2] for _, b in cells))
    left = max(0.0, min(span[0], *(b[0] for _, b in cells)) - _MARGIN)
    right = min(width, max(span[1], *(b[2] for _, b in cells)) + _MARGIN)
    top = max(0.0, min(b[1] for _, b in cells) - _MARGIN)
    bottom = min(height, max(b[3] for _, b in cells) + _MARGIN)
    image = page.render(scale=_SCALE).to_pil().convert("RGB")
    crop = image.crop((int(left * _SCALE), int(top * _SCALE), int(right * _SCALE), int(bottom * _SCALE)))
    draw = ImageDraw.Draw(crop)
    boxes = []
    for role, (x0, y0, x1, y1) in cells:
        box = [round((x0 - left) * _SCALE), round((y0 - top) * _SCALE),
               round((x1 - left) * _SCALE), round((y1 - top) * _SCALE)]
        draw.rectangle(box, outline=_COLOURS[role], width=3)
        boxes.append([*box, role])
    buffer = io.BytesIO()
    crop.save(buffer, format="PNG", optimize=True)
    return {"page": page_number, "image": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode(),
            "boxes": boxes, "origin": [left, top], "scale": _SCALE}

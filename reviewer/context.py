"""The evidence a memo shows beside its findings: the tables and paragraphs the findings point at.

Built once, in the review, from the Document and the findings' locations, and stored in the Review,
so every renderer (the HTML memo above all) shows the source without reading the file again.
Only what a finding points at is kept: a memo of a 300-page report stays small.
"""

from __future__ import annotations

from bisect import bisect_right

from reviewer.document import Document, Paragraph, Table
from reviewer.findings import Finding
from reviewer.page_images import page_regions

_MAX_TABLE_ROWS = 400


def _table_snapshot(table: Table) -> dict:
    return {
        "label": table.label,
        "line": table.line,
        "page": table.page if hasattr(table, "page") else None,
        "unit": table.unit,
        "rows": [[[cell.text, cell.line] for cell in row] for row in table.rows[:_MAX_TABLE_ROWS]],
    }


def _paragraph_snapshot(paragraph: Paragraph) -> dict:
    return {"line": paragraph.line, "section": paragraph.section, "text": paragraph.text,
            "line_starts": [list(pair) for pair in paragraph.line_starts]}


class _ParagraphIndex:
    """Which paragraph holds a given source line."""

    def __init__(self, document: Document):
        spans = []
        for paragraph in document.paragraphs:
            last = paragraph.line_starts[-1][1] if paragraph.line_starts else paragraph.line
            spans.append((paragraph.line, last, paragraph))
        spans.sort(key=lambda span: span[0])
        self.starts = [first for first, _, _ in spans]
        self.spans = spans

    def at(self, line: int) -> Paragraph | None:
        index = bisect_right(self.starts, line) - 1
        if index >= 0:
            first, last, paragraph = self.spans[index]
            if first <= line <= last:
                return paragraph
        return None


def evidence_context(document: Document, findings: list[Finding], page_pictures: bool = False) -> dict:
    """{"tables": {table line: snapshot}, "paragraphs": {paragraph line: snapshot},
    "pages": {finding id: picture of the PDF page region}} for the findings. Pictures only with
    ``page_pictures``: only the HTML memo shows them, and they cost most of a PDF's review time and memo size."""
    tables_by_line = {table.line: table for table in document.tables}
    paragraphs = _ParagraphIndex(document)
    pages = page_regions(document, findings) if page_pictures else {}
    context: dict[str, dict] = {"tables": {}, "paragraphs": {}, "pages": pages}
    for finding in findings:
        for location in finding.locations:
            if location.table_line is not None and location.table_line in tables_by_line:
                key = str(location.table_line)
                if key not in context["tables"]:
                    context["tables"][key] = _table_snapshot(tables_by_line[location.table_line])
            elif location.line is not None:
                paragraph = paragraphs.at(location.line)
                if paragraph is not None and str(paragraph.line) not in context["paragraphs"]:
                    context["paragraphs"][str(paragraph.line)] = _paragraph_snapshot(paragraph)
    return context

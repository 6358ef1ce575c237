"""HTML pages: text lines and ``<table>`` grids, each with its source line.

Python's event parser is used instead of a tree builder because it tolerates tag soup and reports
the source position of every piece of text, so findings point at the page's own lines. Scripts,
styles and navigation are dropped. Only innermost tables are data tables: a layout table that
wraps others contributes its text as lines.
"""

from __future__ import annotations

from html.parser import HTMLParser

from reviewer.document import Cell, Heading, Table
from reviewer.ingest.text import TextLine
from reviewer.limits import limits, over_limit

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "select", "iframe", "template", "svg", "head"}
_BREAKS = {"p", "div", "br", "li", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
           "tr", "table", "blockquote", "dd", "dt", "hr", "title", "center", "form", "legend"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source", "track"}


class _TableBuilder:
    def __init__(self, line: int, budget: list[int]):
        self.line = line
        self.budget = budget   # cells the page's tables may still add (max_cells), shared by all of them
        self.rows: list[list[Cell]] = []
        self.cell: list[str] | None = None
        self.cell_line = line
        self.cell_span = 1
        self.nested = False
        self.pending_rowspans: dict[int, int] = {}  # column → rows still covered from above

    def start_row(self):
        self.rows.append([])

    def start_cell(self, line: int, colspan: int, rowspan: int):
        if not self.rows:
            self.rows.append([])
        self.finish_cell()
        row = self.rows[-1]
        while self.pending_rowspans.get(len(row), 0) > 0:  # a cell merged from above covers this slot
            self.pending_rowspans[len(row)] -= 1
            self._spend(1)
            row.append(Cell(text="", line=line))
        self.cell, self.cell_line, self.cell_span = [], line, colspan
        if rowspan > 1:
            self.pending_rowspans[len(row)] = rowspan - 1

    def finish_cell(self):
        if self.cell is None:
            return
        row = self.rows[-1]
        self._spend(self.cell_span)
        row.append(Cell(text="".join(self.cell).strip(), line=self.cell_line))
        row.extend(Cell(text="", line=self.cell_line) for _ in range(self.cell_span - 1))
        self.cell = None

    def _spend(self, cells: int) -> None:
        self.budget[0] -= cells
        if self.budget[0] < 0:
            raise over_limit("too many table cells in this page", None, "max_cells")

    def table(self) -> Table:
        self.finish_cell()
        rows = [r for r in self.rows if any(c.text for c in r)]
        return Table(rows=rows, line=rows[0][0].line if rows and rows[0] else self.line)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[TextLine | Table | Heading] = []
        self.skip_depth = 0
        self.tables: list[_TableBuilder] = []
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.heading_level = 0
        self.cell_budget = [limits().max_cells]

    def _in_data_table(self) -> bool:
        return bool(self.tables) and not self.tables[-1].nested

    def _demote_to_layout(self, builder: _TableBuilder):
        """A table that holds a table is layout: what it collected so far becomes text lines."""
        builder.finish_cell()
        builder.nested = True
        for row in builder.rows:
            self.items.extend(TextLine(c.line or builder.line, c.text) for c in row if c.text)
        builder.rows = []

    # text outside tables ---------------------------------------------------
    def _flush(self):
        text = " ".join("".join(self.buffer).split()) if self.heading_level else "".join(self.buffer).strip()
        if text:
            if self.heading_level:
                self.items.append(Heading(text=text, level=self.heading_level, line=self.buffer_line))
            else:
                self.items.append(TextLine(self.buffer_line, text))
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "table":
            self._flush()
            if self._in_data_table():
                self._demote_to_layout(self.tables[-1])
            self.tables.append(_TableBuilder(line, self.cell_budget))
        elif self._in_data_table() and tag == "tr":
            self.tables[-1].finish_cell()
            self.tables[-1].start_row()
        elif self._in_data_table() and tag in ("td", "th"):
            attributes = dict(attrs)
            self.tables[-1].start_cell(line, _span(attributes.get("colspan")), _span(attributes.get("rowspan")))
        elif tag in _BREAKS or tag in ("td", "th"):
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading_level = int(tag[1])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "table" and self.tables:
            builder = self.tables.pop()
            if not builder.nested:
                table = builder.table()
                if table.rows:
                    self.items.append(table)
        elif tag in _BREAKS and not self._in_data_table():
            self._flush()
            if tag.startswith("h") and tag[1:].isdigit():
                self.heading_level = 0

    def handle_data(self, data):
        if self.skip_depth:
            return
        line = self.getpos()[0]
        if self._in_data_table():
            builder = self.tables[-1]
            if builder.cell is not None:
                builder.cell.append(data)
            return
        # text may hold source line breaks: each source line is its own text line
        for offset, piece in enumerate(data.split("\n")):
            if offset:
                self._flush()
            if piece.strip():
                if not self.buffer:
                    self.buffer_line = line + offset
                self.buffer.append(piece)

    def close(self):
        super().close()
        while self.tables:
            builder = self.tables.pop()
            if not builder.nested and builder.rows:
                self.items.append(builder.table())
        self._flush()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def scan_html(text: str) -> list[TextLine | Table | Heading]:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.items

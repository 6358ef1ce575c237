"""Plain text and markdown extractions: lines, and the three shapes tables take in them.

- tab rows: one table row per line, cells separated by TAB (seed 003);
- pipe rows: one table row per line, cells separated by "|" (markdown tables, web pages copied as
  text: "合计 | 2601.26 | 2416.88 |"), two rows at least; markdown's "|---|" rule rows are dropped;
- cell lines: one cell per line, each starting with a TAB, text continuing on untabbed lines, rows
  separated by blank lines, and blank lines inside merged header cells too (seeds 000, 001);
- spaced rows: a table copied from a PDF viewer, one row per line, a label then its figures parted by
  spaces ("一、“三公”经费合计 18.47 18.47"), three rows at least;
- lone cells: a web page's table copied as text, one cell per line, with or without the pipes that
  parted them ("合 计 |" / "52.46 |", or "合 计" / "|" / "52.46" / "|"); the row breaks are lost, so
  each row is a label and the figures after it, as many as the header names.
Markup noise (``<b>``, ``[bookmark: …]``) is dropped; every cell keeps its 1-based line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from reviewer.document import Cell, Table
from reviewer.vocabulary import words

# Markdown's "**" is kept: the templates' "**万元" placeholders are made of the same stars.
MARKUP_RE = re.compile(r"\[bookmark:[^\]]*\]|</?(?:b|strong|i|em|u|font|span)(?:\s[^>]*)?>")
_TEXT_START_RE = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十]+[、）)]|[（(]\d+[）)]|\d+[、.．]|#|第[一二三四五六七八九十]+部分)")
_MAX_BLANKS_IN_TABLE = 3
_PIPES = re.compile(r"[|｜]")
_FIGURE = re.compile(r"[-+]?[\d,.]+\s*[%％]?")
_PAGE_FIELDS = set(words("layout", "page_fields"))
_RULE_ROW = re.compile(r"^[\s|｜:：\-—]*$")   # markdown's header rule, |---|:---:|
_PROSE_BEFORE_PIPES = re.compile(r"(?P<text>[^|｜]{20,}。)(?=[^|｜。]*[|｜][^|｜]*[|｜])")   # sentences, then cells
_STRAY_MAX_CHARS = 20


@dataclass
class TextLine:
    line: int
    text: str
    page: int | None = None      # paged inputs (PDF): where the line starts
    ref: str | None = None       # Word paragraph (¶12) or spreadsheet cell (Sheet!A3)
    page_starts: list[tuple[int, int]] | None = None  # (offset, page) when the text runs onto later pages
    fills_width: bool = False    # the line runs to the width the text is wrapped at (see mark_full_lines)


def clean(line: str) -> str:
    return MARKUP_RE.sub("", line).rstrip("\r\n")


def _is_cell_line(t: str) -> bool:
    return t.startswith("\t") and "\t" not in t[1:]


def _is_tab_row(t: str) -> bool:
    return "\t" in t.strip("\t ") or (t.startswith("\t") and t.count("\t") > 1)


def _pipe_cells(t: str) -> list[str] | None:
    """The cells of a pipe row (two separators at least), without the empty cell a closing pipe leaves."""
    if len(_PIPES.findall(t)) < 2:
        return None
    cells = [c.strip() for c in _PIPES.split(t.strip())]
    return cells[:-1] if not cells[-1] else cells


def _read_pipe_table(lines: list[str], i: int) -> tuple[list[TextLine], Table | None, int]:
    """The pipe rows from line i on, as one table; None (and i unchanged) when fewer than two follow.
    Where every row opens with a pipe (markdown), the empty cell before it is dropped; where only some
    do, that empty cell is the row's first, left blank under a merged cell. Rows of the web page's own
    fields above the table ("标题: | … |") come first, as text."""
    rows: list[list[Cell]] = []
    fields: list[TextLine] = []
    j = i
    while j < len(lines) and (cells := _pipe_cells(lines[j])) is not None:
        if not rows and any(c.rstrip(":：") in _PAGE_FIELDS for c in cells):
            fields.append(TextLine(j + 1, " ".join(c for c in cells if c)))
            i = j + 1
        elif not _RULE_ROW.match(lines[j]):
            rows.append([Cell(text=c, line=j + 1) for c in cells])
        j += 1
    if len(rows) < 2:
        return [], None, i - len(fields)
    if all(_PIPES.match(lines[k].strip()) for k in range(i, j)):
        rows = [row[1:] for row in rows]
    return fields, Table(rows=_under_spans(rows), line=rows[0][0].line or 0), j


def _under_spans(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Put a merged header's sub-headers back under it. Text copied from a web page drops the empty
    cells a merged cell leaves: "项目 | 上年数 | 本年数 | 比上年增减 | |" over "增减额 | 增减率 | ||"; a
    row whose filled cells all come first, as many as the columns the row above spans at its end, and
    with no figure among them, belongs under that span."""
    aligned = [rows[0]]
    for row in rows[1:]:
        above = aligned[-1]
        filled = [c for c in row if c.text]
        last = max((k for k, c in enumerate(above) if c.text), default=0)
        span = len(above) - last
        if (1 < span == len(filled) and row[:len(filled)] == filled and last > 0
                and not any(_FIGURE.fullmatch(c.text) for c in filled)):
            row = [Cell(text="", line=c.line) for c in above[:last]] + filled
        aligned.append(row)
    return aligned


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


# A lone cell: a short line, no clause inside, at most a pipe at either end.
_LONE_CELL = re.compile(r"^[|｜]?\s*[^|｜。；，;]{0,30}?\s*[|｜]?$")
_EMPTY_FIGURE = {"-", "—", "－", "/", "——"}
_UNIT_LINE = re.compile(r"^[（(]?(?:金额)?单位[:：]")


def _is_lone_cell(t: str) -> bool:
    s = t.strip()
    return bool(s) and bool(_LONE_CELL.match(s)) and not _is_table_title(s) and not _UNIT_LINE.match(s) \
        and not _is_cell_line(t) and "\t" not in s and _spaced_cells(s, 0) is None


def _lone_cells(lines: list[str], i: int) -> tuple[list[Cell], int]:
    """The cells of the lone-cell lines from line i on; a single blank line may sit between them. With
    pipes, the pipes part the cells (a cell wrapped over two lines is joined back, a blank cell is an
    empty one); without, each line is a cell."""
    j = i
    while j < len(lines) and (_is_lone_cell(lines[j]) or (not lines[j].strip() and j + 1 < len(lines)
                                                           and _is_lone_cell(lines[j + 1]))):
        j += 1
    piped = [k for k in range(i, j) if _PIPES.search(lines[k])]
    if not piped:
        return [Cell(text=lines[k].strip(), line=k + 1) for k in range(i, j) if lines[k].strip()], j
    # lines above the first pipe are cells of their own (a caption, or a cell the pipe below closes)
    captions = [Cell(text=lines[k].strip(), line=k + 1) for k in range(i, piped[0]) if lines[k].strip()]
    cells: list[Cell] = []
    text, line = "", None
    for k in range(piped[0], j):
        for piece_index, piece in enumerate(_PIPES.split(lines[k])):
            if piece_index:   # a pipe closes the cell
                cells.append(Cell(text=text, line=line or k + 1))
                text, line = "", None
            if piece.strip():
                text, line = text + piece.strip(), line or k + 1
    if text:
        cells.append(Cell(text=text, line=line))
    if _PIPES.match(lines[piped[0]].strip()) and cells and not cells[0].text:
        cells = cells[1:]   # the pipe opening the first line closes no cell
    return captions + cells, j


def _figure_counts(rows: list[list[Cell]]) -> tuple[list[int], int]:
    """How many figures each row with figures carries after its label, and the usual count."""
    widths = [len(r) - 1 for r in rows if len(r) > 1]
    return widths, max(set(widths), key=widths.count) if widths else 0


def _padded(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    """Each row filled out with empty cells to its label and ``width`` figures."""
    return [r + [Cell(text="", line=r[-1].line) for _ in range(width + 1 - len(r))] for r in rows]


def _is_figure_cell(text: str) -> bool:
    return not text or text in _EMPTY_FIGURE or bool(_FIGURE.fullmatch(text))


def _read_lone_cell_table(lines: list[str], i: int) -> tuple[list[TextLine], Table | None, int]:
    """Rows rebuilt from the lone cells from line i on: each label opens a row and takes the figures after
    it. A table when at least two rows carry the usual number of figures, none carries more and most carry
    that many; the header is the labels before the first row, one per column (none when fewer stand there);
    labels above those are text (a heading, a caption), and so are labels after the last row. Otherwise the
    lines are all text."""
    cells, j = _lone_cells(lines, i)
    rows: list[list[Cell]] = []
    for cell in cells:
        if not rows or not _is_figure_cell(cell.text):
            rows.append([cell])
        else:
            rows[-1].append(cell)
    as_text = [TextLine(k + 1, lines[k].strip()) for k in range(i, j) if lines[k].strip()]
    filled = [r for r in rows if any(c.text and c.text not in _EMPTY_FIGURE for c in r[1:])]
    if not filled or _is_figure_cell(rows[0][0].text):
        return as_text, None, j
    widths, width = _figure_counts(rows)
    first = next(k for k, r in enumerate(rows) if len(r) > 1)
    last = max(k for k, r in enumerate(rows) if len(r) > 1)
    body = rows[first:last + 1]
    if widths.count(width) < 2 or max(widths) > width or 2 * widths.count(width) < len(body):
        return as_text, None, j
    if last + 1 < len(rows):
        j = (rows[last + 1][0].line or j + 1) - 1
    # too few labels for a header: the table goes on from a page or excerpt that held it
    header_start = first - width - 1 if first >= width + 1 else first
    above = [TextLine(r[0].line or 0, r[0].text) for r in rows[:header_start]]
    header = [[r[0] for r in rows[header_start:first]]] if header_start < first else []
    body = _padded(body, width)
    return above, Table(rows=[*header, *body], line=(header or body)[0][0].line or 0), j


# A label (a CJK word, no clause inside) and one figure or more, each after a space.
_FIGURE_TOKEN = r"(?:[-+]?(?:\d[\d,]*)?\.?\d+\s?[%％]?|[-—－/])"
_SPACED_ROW = re.compile(rf"^\s*(?P<label>[^\s，。；;,][^，。；;]*?[^\s\d，。；;,])"
                         rf"\s+(?P<figures>{_FIGURE_TOKEN}(?:\s+{_FIGURE_TOKEN})*)\s*$")
_LABEL_ONLY_ROW = re.compile(r"^\s*[^\s，。；;]{2,30}\s*$")
_MIN_SPACED_ROWS = 3


def _spaced_cells(line: str, number: int) -> list[Cell] | None:
    m = _SPACED_ROW.match(line)
    if m is None or not re.search(r"[\u4e00-\u9fff]", m["label"]):
        return None
    figures = re.findall(_FIGURE_TOKEN, m["figures"].replace(" %", "%"))
    return [Cell(text=m["label"].strip(), line=number)] + [Cell(text=f.strip(), line=number) for f in figures]


def _read_spaced_table(lines: list[str], i: int, above: TextLine | None) -> tuple[Table | None, int]:
    """Spaced rows from line i on, with label-only rows among them (a 其中 heading, an item left blank); the
    text line above is the header when it names one column per cell. None (and i) unless three rows at least
    carry the usual number of figures, none carries more, and a single figure has a header to name it."""
    rows: list[list[Cell]] = []
    j = i
    while j < len(lines):
        cells = _spaced_cells(lines[j], j + 1)
        if cells is None and not (rows and _LABEL_ONLY_ROW.match(lines[j]) and j + 1 < len(lines)
                                  and _spaced_cells(lines[j + 1], j + 2)):
            break
        rows.append(cells or [Cell(text=lines[j].strip(), line=j + 1)])
        j += 1
    widths, width = _figure_counts(rows)
    if widths.count(width) < _MIN_SPACED_ROWS or max(widths) > width:
        return None, i
    names = above.text.split() if above is not None else []
    header = [[Cell(text=t, line=above.line) for t in names]] if len(names) == width + 1 and not any(
        _FIGURE.fullmatch(t) for t in names) else []
    if width == 1 and not header:
        return None, i   # a contents page ("一、部门职责 3"): a name and a page number
    body = _padded(rows, width)   # a spaced row is one line: its last cell's line is its first's
    return Table(rows=[*header, *body], line=(header or body)[0][0].line or 0), j


def _text_line_above(items: list[TextLine | Table], i: int) -> TextLine | None:
    """The text line right above line i (0-based), if the last item is that line."""
    return items[-1] if items and isinstance(items[-1], TextLine) and items[-1].line == i else None


def display_width(text: str) -> int:
    """Columns a line takes when printed: a CJK character or full-width sign two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# A text extracted from a PDF keeps the page's line breaks: most lines of a paragraph run to the same
# width and stop mid-sentence. The width is the one most long lines reach, give or take a character
# (digits and spaces are narrower than CJK, so a full line's column count wavers). A page of one
# paragraph per line may have a few lines of about the same length, but they end with a full stop.
_WRAP_SLACK = 4                    # columns: two CJK characters
_WRAP_MIN_LINES = 3
_LONG_LINE = 20                    # columns; shorter lines (titles, "其中：") say nothing of the width
_WRAP_MIN_SHARE = 0.4              # of the long lines
_WRAP_COLUMNS = range(40, 121)     # a page's text column: 20 to 60 CJK characters
_SENTENCE_STOPS = "。！!？?"


def mark_full_lines(items: list[TextLine | Table]) -> None:
    """Mark the text lines that reach the text's wrap width, if it has one."""
    lines = [item for item in items if isinstance(item, TextLine)]
    widths = [display_width(line.text) for line in lines]
    long = Counter(w for w in widths if w >= _LONG_LINE)
    reaching = {w: sum(long[x] for x in range(w - _WRAP_SLACK, w + _WRAP_SLACK // 2 + 1)) for w in _WRAP_COLUMNS}
    width, count = max(reaching.items(), key=lambda wc: (wc[1], wc[0]))
    if count < _WRAP_MIN_LINES or count < _WRAP_MIN_SHARE * long.total():
        return
    full = [line for line, w in zip(lines, widths) if w >= width - _WRAP_SLACK]
    if 2 * sum(line.text.rstrip()[-1] in _SENTENCE_STOPS for line in full) >= len(full):
        return
    for line in full:
        line.fills_width = True


def scan_lines(raw_lines: list[str]) -> list[TextLine | Table]:
    """Split cleaned source lines into text lines and tables, in order."""
    lines = [clean(x) for x in raw_lines]
    items: list[TextLine | Table] = []
    i = 0
    while i < len(lines):
        t = lines[i]
        if prose := _PROSE_BEFORE_PIPES.match(t):
            # "…增长14.14%。| 税收收入 | 89275 |": a web page's text run into the table below it
            items.append(TextLine(i + 1, prose["text"].strip()))
            t = lines[i] = t[prose.end("text"):]
        fields, pipe_table, i = _read_pipe_table(lines, i) if not _is_tab_row(t) else ([], None, i)
        if pipe_table:
            items.extend(fields)
            items.append(pipe_table)
        elif _is_tab_row(t):
            table, strays, i = _read_tab_table(lines, i)
            items.append(table)
            items.extend(strays)
        elif _is_cell_line(t) and t.strip():
            table, i = _read_cell_table(lines, i)
            items.append(table)
        elif (spaced := _read_spaced_table(lines, i, _text_line_above(items, i)))[0]:
            if spaced[0].rows[0][0].line == i:   # the line above is the table's header, not text
                items.pop()
            items.append(spaced[0])
            i = spaced[1]
        else:
            before, lone_table, end = _read_lone_cell_table(lines, i) if _is_lone_cell(t) else ([], None, i)
            if end > i:
                items.extend(before + ([lone_table] if lone_table else []))
                i = end
                continue
            if t.strip():
                items.append(TextLine(i + 1, t.strip()))
            i += 1
    mark_full_lines(items)
    return items

"""PDF reports: characters and ruling lines through pypdfium2, ruled tables through pdfplumber.

pdfium reads a page's text layer and its drawn lines in a few milliseconds, where pdfminer (the
parser under pdfplumber) needs over a hundred; pdfplumber's ``TableFinder`` (the default "lines"
strategy of ``page.find_tables()``) then turns the ruling lines into cells and
``pdfplumber.utils.dedupe_chars`` drops the doubled glyphs of "fake bold" text.

On top of the page reading:
- text outside tables is grouped into lines in reading order; lines wrapped at the right margin (also
  over a page break) are joined back into paragraphs; lines in a larger font are headings, ranked by size;
- a table that runs onto the next page is stitched to its start: cells are mapped to columns by their
  x-position, header rows repeated on the new page are dropped, and a row cut by the page break is
  joined back into one row;
- merged cells keep their text at the top-left position and leave the positions they cover empty;
  whitespace between CJK characters inside a cell (a wrapped cell) is removed;
- lines of text aligned in columns without rulings (a borderless table) become a table;
- page numbers in the margins and running heads repeated on most pages are dropped;
- pages with no text layer (scanned images) are listed as not read; the rest is reviewed;
- a page whose text uses a font that is not embedded (a CJK font the PDF only names, e.g. FangSong
  or STSong-Light) is read with pdfminer too: pdfium places such characters only when it can load the
  font from the machine, so without CJK system fonts it silently drops whole runs, digits included,
  while pdfminer decodes them from the PDF's own encoding and widths. The reading with more characters
  is kept, so the text does not depend on the machine's fonts; glyphs neither can decode are counted
  and the page is listed as not fully read.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder
from pdfplumber.utils import dedupe_chars

from reviewer.document import Cell, Heading, Table
from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction, clean_cell_text, is_cjk, is_page_number, join_wrapped
from reviewer.ingest.text import TextLine
from reviewer.numbering import numbering_of
from reviewer.numbers import parse_cell

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SEGMENT_GAP = 1.5          # a gap this many font sizes wide separates two cells of a borderless row
_SPACE_GAP = 0.45           # a gap this wide (in font sizes) is a space between words
_HEADING_RATIO = 1.1        # a line this much larger than the body text is a heading
_HEADING_MAX_CHARS = 40
_MARGIN_SHARE = 0.08        # page numbers and running heads sit in the top/bottom 8 % of the page
_COORD_TOLERANCE = 1.0
_EDGE_TOLERANCE = 3.0       # column edges closer than this are the same edge (as pdfplumber's snapping)
_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_CONTINUED = ("续表", "（续表）", "(续表)", "续上表")


# --- page content -------------------------------------------------------------------------------

@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    segments: list[tuple[float, float, str]]   # (x0, x1, text) runs separated by wide gaps
    lead: float = 0.0                          # width of the first word: what would not fit above

    @property
    def text(self) -> str:
        return " ".join(s[2] for s in self.segments)


@dataclass
class _Grid:
    """A table as read from one page (or stitched over several)."""

    page: int
    top: float
    bottom: float
    xs: list[float]                              # column boundaries, left to right
    rows: list[list[Cell]]
    wrapped: list[list[bool]]                    # the cell's text runs to its right edge (it wraps)
    last_page: int = 0
    ys: list[float] = field(default_factory=list)                      # row boundaries (ruled tables)
    owner: list[list[tuple[int, int] | None]] = field(default_factory=list)  # grid position → its cell

    def __post_init__(self):
        self.last_page = self.last_page or self.page


@dataclass
class _Page:
    number: int
    height: float
    items: list[_Line | _Grid] = field(default_factory=list)
    has_image: bool = False     # an image covers much of the page: a scan when there is no text
    undecoded: int = 0          # glyphs on the page that no reader could turn into characters


def read_pdf(data: bytes) -> Extraction:
    if b"%%EOF" not in data[-4096:]:
        raise InputError("PDF file is truncated (no end-of-file marker): the download or copy is incomplete")
    pdf = _open(data)
    pages: list[_Page] = []
    second = _SecondReading(data)
    try:
        count = len(pdf)
        for index in range(count):
            page = pdf[index]
            try:
                pages.append(_read_page(page, index + 1, second))
            finally:
                page.close()
    finally:
        pdf.close()
        second.close()
    if not count:
        raise InputError("this PDF has no pages")
    _drop_page_furniture(pages)
    scanned = [p.number for p in pages if p.has_image and not p.items]
    if count and len(scanned) == count:
        raise InputError(f"no text layer in this PDF ({count} scanned page(s)): run OCR on it first")
    items = _document_items(pages)
    if not any(isinstance(i, (TextLine, Heading, Table)) for i in items):
        raise InputError("no text in this PDF")
    not_read = [f"扫描页（第 {_page_list(scanned)} 页）：无文字层，未能读取，其内容未审阅"] if scanned else []
    not_read += [f"第 {p.number} 页：{p.undecoded} 个字形缺少字符映射（字体未嵌入或无 ToUnicode），"
                 "读出的文字可能缺失或有误，该部分未可靠审阅" for p in pages if p.undecoded]
    return Extraction(items=items, format="pdf", pages=count, not_read=not_read)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium's error code may be stale (left by an earlier document), so the bytes decide
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD and b"/Encrypt" in data:
            raise InputError("PDF is password-protected: "
                             "open it with the password and save an unprotected copy") from None
        if _NO_PAGES.search(data):
            raise InputError("this PDF has no pages") from None
        raise InputError("cannot read this PDF: the file is damaged or not a PDF") from None


def _page_list(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)


def _read_page(page: pdfium.PdfPage, number: int, second: _SecondReading) -> _Page:
    """The page's lines and tables in reading order."""
    width, height = page.get_size()
    display = _display_matrix(page)
    textpage = page.get_textpage()
    try:
        chars, undecoded = _chars(textpage, display, height), _unmapped_count(textpage)
        if _needs_second_reading(page, textpage):
            chars, undecoded = second.better(number - 1, chars, undecoded)
    finally:
        textpage.close()
    has_image = _has_large_image(page, width * height)
    if not chars:
        return _Page(number, height, has_image=has_image, undecoded=undecoded)
    edges = _ruling_edges(page, display, width, height)
    finder = TableFinder(_Rulings(edges, (0, 0, width, height)), _TABLE_SETTINGS) if edges else None
    grids = [_new_grid(t.cells, number) for t in (finder.tables if finder else []) if len(t.cells) >= 2]
    loose = _fill_grids(grids, chars)
    items: list[_Line | _Grid] = [g for g in grids if any(c.text for r in g.rows for c in r)]
    items += _borderless_tables(_lines(loose, number))
    items.sort(key=lambda item: item.top)
    return _Page(number, height, items, has_image, undecoded)


def _has_large_image(page: pdfium.PdfPage, area: float) -> bool:
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) > 0.3 * area:
            return True
    return False


def _display_matrix(page: pdfium.PdfPage) -> tuple:
    """PDF user space to the page as displayed: crop box origin at (0, 0), the page's /Rotate applied
    (landscape tables are often stored as a portrait page turned by /Rotate)."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    turn = {0: (1, 0, 0, 1, 0, 0), 90: (0, -1, 1, 0, 0, w), 180: (-1, 0, 0, -1, w, h), 270: (0, 1, -1, 0, h, 0)}
    return _compose((1, 0, 0, 1, -left, -bottom), turn.get(page.get_rotation() % 360, turn[0]))


def _chars(textpage: pdfium.PdfTextPage, display: tuple, height: float) -> list[dict]:
    """The page's characters (top-left origin, as pdfplumber's), doubled glyphs removed."""
    out = []
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    a, b, c, d, e, f = display
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0x0D, 0x0A, 0x02, 0xFFFE, 0xFFFF) or not pdfium_c.FPDFText_GetLooseCharBox(raw, i, box):
            continue
        size = round(pdfium_c.FPDFText_GetFontSize(raw, i), 1)
        xs = (a * box.left + c * box.bottom + e, a * box.right + c * box.top + e)
        ys = (b * box.left + d * box.bottom + f, b * box.right + d * box.top + f)
        out.append({"text": chr(code), "x0": min(xs), "x1": max(xs), "top": height - max(ys),
                    "bottom": height - min(ys), "doctop": height - max(ys), "size": size, "upright": True})
    if not any(not c["text"].isspace() for c in out):
        return []
    return _dedupe(out)


def _dedupe(chars: list[dict]) -> list[dict]:
    """Doubled glyphs ("fake bold": each character printed twice a fraction of a point apart) removed
    with pdfplumber's dedupe_chars, band by band; bands without a double are passed as they are,
    since dedupe_chars is quadratic and most pages have none."""
    chars.sort(key=lambda c: c["top"])
    out: list[dict] = []
    band: list[dict] = []
    for char in chars + [None]:
        if char is None or (band and char["top"] - band[0]["top"] > 1.5):
            out += dedupe_chars(band, tolerance=1, extra_attrs=("size",)) if _has_doubles(band) else band
            band = []
        if char is not None:
            band.append(char)
    return out


def _unmapped_count(textpage: pdfium.PdfTextPage) -> int:
    raw = textpage.raw
    return sum(pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1 for i in range(textpage.count_chars()))


def _needs_second_reading(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """The page sets text in a font it does not embed, other than plain ASCII (which pdfium's built-in
    Latin fonts cover): CJK text, or a text object pdfium could not decode at all."""
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if font and not pdfium_c.FPDFFont_GetIsEmbedded(font):
            text = _object_text(obj, textpage)
            if not text.strip() or not text.isascii():
                return True
    return False


def _object_text(obj, textpage: pdfium.PdfTextPage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * size)()
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")


class _SecondReading:
    """pdfminer's reading of the same file (through pdfplumber), opened on the first page that needs it.
    It decodes characters from the PDF's own encodings, CMaps and widths, with no font program."""

    def __init__(self, data: bytes):
        self._data = data
        self._pdf: pdfplumber.PDF | None = None

    def better(self, index: int, chars: list[dict], undecoded: int) -> tuple[list[dict], int]:
        """pdfminer's characters for the page when it reads more of them than pdfium did."""
        try:
            if self._pdf is None:
                logging.getLogger("pdfminer").setLevel(logging.ERROR)   # its font warnings are not the user's
                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            page = self._pdf.pages[index]
            read = page.chars
        except Exception:  # pdfminer failing on a page pdfium read: keep pdfium's reading
            return chars, undecoded
        decoded = [c for c in read if not c["text"].startswith("(cid:")]
        if _visible_count(decoded) <= _visible_count(chars):
            return chars, undecoded
        own = [{"text": c["text"], "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"],
                "doctop": c["top"], "size": round(c["size"], 1), "upright": True} for c in decoded]
        page.close()
        return _dedupe(own), len(read) - len(decoded)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _visible_count(chars: list[dict]) -> int:
    return sum(not c["text"].isspace() for c in chars)


def _has_doubles(band: list[dict]) -> bool:
    seen: dict[tuple[str, float], list[float]] = {}
    for char in band:
        if char["text"].isspace():
            continue
        xs = seen.setdefault((char["text"], char["size"]), [])
        if any(abs(x - char["x0"]) <= 1 for x in xs):
            return True
        xs.append(char["x0"])
    return False


# --- ruling lines and ruled tables --------------------------------------------------------------

class _Rulings:
    """The two things pdfplumber's TableFinder reads from a page for the "lines" strategy."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    horizontal = abs(bottom - top) < abs(x1 - x0)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if horizontal else "v", "object_type": "line"}


def _ruling_edges(page: pdfium.PdfPage, display: tuple, width: float, height: float) -> list[dict]:
    """Horizontal and vertical segments of the page's stroked or filled paths, page coordinates."""
    segments: list[tuple[float, float, float, float]] = []
    _collect_segments(page.raw, None, display, width * height, segments)
    edges = []
    for x0, y0, x1, y1 in segments:
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 1:
            edges.append(_edge(min(x0, x1), height - y0, max(x0, x1), height - y0))
        elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= 1:
            edges.append(_edge(x0, height - max(y0, y1), x0, height - min(y0, y1)))
    return edges + _closing_edges(edges)


def _collect_segments(page_raw, form_raw, matrix, page_area, out) -> None:
    count = pdfium_c.FPDFFormObj_CountObjects(form_raw) if form_raw else pdfium_c.FPDFPage_CountObjects(page_raw)
    for i in range(count):
        obj = pdfium_c.FPDFFormObj_GetObject(form_raw, i) if form_raw else pdfium_c.FPDFPage_GetObject(page_raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        m = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        own = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            _collect_segments(page_raw, obj, own, page_area, out)
        elif _visible(obj) and not _covers_page(obj, page_area):
            _path_segments(obj, own, out)


def _compose(inner, outer):
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _visible(obj) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(stroke.value or fill.value)


def _covers_page(obj, page_area: float) -> bool:
    """A page background or frame, not a table ruling."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return (right.value - left.value) * (top.value - bottom.value) > 0.8 * page_area


def _path_segments(obj, matrix, out) -> None:
    a, b, c, d, e, f = matrix
    start = previous = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for j in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, j)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            out.append((*previous, *point))
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and point != start:
            out.append((*point, *start))
            previous = start


def _closing_edges(edges: list[dict]) -> list[dict]:
    """A ruled table cut by a page break may have no line where it is cut: where two or more vertical
    rulings end at the same height with no horizontal ruling there, draw one across them."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    ends: dict[float, list[float]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append(e["x0"])
    added = []
    for y, xs in ends.items():
        if len(xs) < 2:
            continue
        left, right = min(xs), max(xs)
        covered = any(abs(h["top"] - y) <= 1.5 and h["x0"] <= left + 1.5 and h["x1"] >= right - 1.5 for h in horizontal)
        if not covered:
            added.append(_edge(left, float(y), right, float(y)))
    return added


def _coords(values: list[float]) -> list[float]:
    """Sorted distinct coordinates, values within the tolerance taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _COORD_TOLERANCE:
            out.append(v)
    return out


def _index(coords: list[float], value: float) -> int:
    i = bisect_right(coords, value + _COORD_TOLERANCE) - 1
    return max(0, i)


def _new_grid(cells: list[tuple[float, float, float, float]], page: int) -> _Grid:
    xs = _coords([c[0] for c in cells] + [c[2] for c in cells])
    ys = _coords([c[1] for c in cells] + [c[3] for c in cells])
    rows = [[Cell(text="", page=page) for _ in range(len(xs) - 1)] for _ in range(len(ys) - 1)]
    grid = _Grid(page=page, top=ys[0], bottom=ys[-1], xs=xs, rows=rows,
                 wrapped=[[False] * (len(xs) - 1) for _ in range(len(ys) - 1)], ys=ys,
                 owner=[[None] * (len(xs) - 1) for _ in range(len(ys) - 1)])
    for x0, top, x1, bottom in cells:
        r0, r1, c0, c1 = _index(ys, top), _index(ys, bottom), _index(xs, x0), _index(xs, x1)
        rows[r0][c0].bbox = (x0, top, x1, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < len(rows) and c < len(xs) - 1:
                    grid.owner[r][c] = (r0, c0)
    return grid


def _fill_grids(grids: list[_Grid], chars: list[dict]) -> list[dict]:
    """Put each character into the table cell under its centre; return the characters outside tables."""
    loose = []
    placed: dict[tuple[int, int, int], list[dict]] = {}
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        home = None
        for g, grid in enumerate(grids):
            if grid.xs[0] <= cx <= grid.xs[-1] and grid.top <= cy <= grid.bottom:
                r, c = bisect_right(grid.ys, cy) - 1, bisect_right(grid.xs, cx) - 1
                if 0 <= r < len(grid.rows) and 0 <= c < len(grid.xs) - 1 and grid.owner[r][c]:
                    home = (g, *grid.owner[r][c])
                break
        if home is None:
            loose.append(char)
        else:
            placed.setdefault(home, []).append(char)
    for (g, r, c), cell_chars in placed.items():
        lines = _group_lines(cell_chars)
        cell = grids[g].rows[r][c]
        cell.text = clean_cell_text(join_wrapped([_line_text(line) for line in lines]))
        right = cell.bbox[2] if cell.bbox else grids[g].xs[c + 1]
        size = max(ch["size"] for ch in cell_chars)
        grids[g].wrapped[r][c] = max(ch["x1"] for ch in lines[-1]) >= right - 6 - 1.2 * size
    return loose


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters into lines: a character whose vertical centre falls inside the current line joins it."""
    lines: list[list[dict]] = []
    bottom = None
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        centre = (char["top"] + char["bottom"]) / 2
        if lines and centre <= bottom:
            lines[-1].append(char)
            bottom = max(bottom, char["bottom"]) if centre > char["top"] else bottom
        else:
            lines.append([char])
            bottom = char["bottom"]
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _line_text(chars: list[dict]) -> str:
    return "".join(s[2] for s in _segments(chars, gap=float("inf")))


def _segments(chars: list[dict], gap: float = _SEGMENT_GAP) -> list[tuple[float, float, str]]:
    """Runs of a line's characters; a run ends where the gap to the next is ``gap`` font sizes wide.
    A space character or a word-sized gap is kept as one space, except between CJK characters that
    were set without one."""
    segments: list[tuple[float, float, str]] = []
    text, x0, x1, spaced = "", 0.0, 0.0, False
    for char in chars:
        if char["text"].isspace():
            spaced = bool(text)
            continue
        size = char["size"] or 10
        distance = char["x0"] - x1
        if text and distance > gap * size:
            segments.append((x0, x1, text))
            text = ""
        if not text:
            x0 = char["x0"]
        elif spaced or (distance > _SPACE_GAP * size and not (is_cjk(text[-1]) and is_cjk(char["text"]))):
            text += " "
        text += char["text"]
        x1, spaced = char["x1"], False
    if text:
        segments.append((x0, x1, text))
    return segments


def _lines(chars: list[dict], page: int) -> list[_Line]:
    out = []
    for chars_of_line in _group_lines(chars):
        segments = _segments(chars_of_line)
        if not segments:
            continue
        sizes = Counter(c["size"] for c in chars_of_line if not c["text"].isspace())
        out.append(_Line(page=page, top=min(c["top"] for c in chars_of_line),
                         bottom=max(c["bottom"] for c in chars_of_line), x0=segments[0][0], x1=segments[-1][1],
                         size=sizes.most_common(1)[0][0], segments=segments, lead=_first_word_width(chars_of_line)))
    return out


def _first_word_width(chars: list[dict]) -> float:
    """One CJK character, or a run of other characters (a number, a word): the unit a line wraps at."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return 0.0
    end = visible[0]
    if not is_cjk(end["text"]):
        for char in visible[1:]:
            if is_cjk(char["text"]):
                break
            end = char
    return end["x1"] - visible[0]["x0"]


# --- borderless tables --------------------------------------------------------------------------

def _borderless_tables(lines: list[_Line]) -> list[_Line | _Grid]:
    """Runs of two or more lines split into the same columns by wide gaps, with numbers in them."""
    out: list[_Line | _Grid] = []
    run: list[_Line] = []
    for line in lines + [None]:
        if line is not None and len(line.segments) >= 2 and (not run or line.size == run[-1].size):
            run.append(line)
            continue
        grid = _aligned_grid(run) if len(run) >= 2 else None
        out += [grid] if grid else run
        run = []
        if line is not None:
            if len(line.segments) >= 2:
                run.append(line)
            else:
                out.append(line)
    return out


def _aligned_grid(run: list[_Line]) -> _Grid | None:
    spans: list[list[float]] = []
    for x0, x1, _ in sorted((s for line in run for s in line.segments), key=lambda s: s[0]):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 2 or not any(parse_cell(s[2]) for line in run for s in line.segments[1:]):
        return None
    xs = [spans[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1]]
    page = run[0].page
    rows = []
    for line in run:
        row = [Cell(text="", page=page) for _ in spans]
        for x0, x1, text in line.segments:
            column = bisect_right(xs, (x0 + x1) / 2) - 1
            column = min(max(column, 0), len(spans) - 1)
            cell = row[column]
            cell.text = clean_cell_text(join_wrapped([cell.text, text]))
            cell.bbox = (x0, line.top, x1, line.bottom)
        rows.append(row)
    grid = _Grid(page=page, top=run[0].top, bottom=run[-1].bottom, xs=xs, rows=rows,
                 wrapped=[[False] * len(spans) for _ in run])
    return grid


# --- across pages -------------------------------------------------------------------------------

def _drop_page_furniture(pages: list[_Page]) -> None:
    """Page numbers in the top or bottom margin, and running heads repeated on most pages."""
    def in_margin(line: _Line, page: _Page) -> bool:
        return line.top < page.height * _MARGIN_SHARE or line.bottom > page.height * (1 - _MARGIN_SHARE)

    repeated = Counter(i.text for p in pages for i in p.items if isinstance(i, _Line) and in_margin(i, p))
    running = {t for t, n in repeated.items() if n >= 3 and n >= len(pages) / 2}
    for page in pages:
        page.items = [i for i in page.items if not (
            isinstance(i, _Line) and in_margin(i, page) and (is_page_number(i.text) or i.text in running))]


def _document_items(pages: list[_Page]) -> list[TextLine | Heading | Table]:
    flow: list[_Line | _Grid] = []
    for page in pages:
        items = list(page.items)
        if items and isinstance(items[0], _Line) and items[0].text.replace(" ", "") in _CONTINUED:
            items = items[1:] if len(items) > 1 and isinstance(items[1], _Grid) else items
        if items and isinstance(items[0], _Grid) and flow and isinstance(flow[-1], _Grid) \
                and flow[-1].last_page == page.number - 1 and _stitch(flow[-1], items[0]):
            items = items[1:]
        flow += items
    return _text_items(flow)


def _column_map(first: _Grid, continued: _Grid) -> list[int] | None:
    """For each column of the continuation, the column of the table's start at the same x-position;
    None when the two do not line up (a different table)."""
    if abs(first.xs[0] - continued.xs[0]) > _EDGE_TOLERANCE or abs(first.xs[-1] - continued.xs[-1]) > _EDGE_TOLERANCE:
        return None
    inner = continued.xs[1:-1]
    matched = sum(any(abs(x - y) <= _EDGE_TOLERANCE for y in first.xs) for x in inner)
    if inner and matched < 0.7 * len(inner):
        return None
    mapping = []
    for c in range(len(continued.xs) - 1):
        left = continued.xs[c]
        nearest = min(range(len(first.xs) - 1), key=lambda k: abs(first.xs[k] - left))
        if abs(first.xs[nearest] - left) > _EDGE_TOLERANCE:
            nearest = max(0, min(bisect_right(first.xs, (left + continued.xs[c + 1]) / 2) - 1, len(first.xs) - 2))
        mapping.append(nearest)
    return mapping


def _squash(row: list[Cell]) -> tuple[str, ...]:
    return tuple("".join(c.text.split()) for c in row)


def _stitch(first: _Grid, continued: _Grid) -> bool:
    """Append a table's continuation from the next page to it; False when it is another table."""
    mapping = _column_map(first, continued)
    if mapping is None:
        return False
    width = len(first.xs) - 1
    rows, wrapped = [], []
    for row, flags in zip(continued.rows, continued.wrapped):
        new_row = [Cell(text="", page=continued.page) for _ in range(width)]
        new_flags = [False] * width
        for c, cell in enumerate(row):
            target = new_row[mapping[c]]
            if cell.text:
                target.text = clean_cell_text(join_wrapped([target.text, cell.text]))
                target.bbox = cell.bbox
                new_flags[mapping[c]] = flags[c]
        rows.append(new_row)
        wrapped.append(new_flags)
    repeated = 0
    for k in range(1, min(4, len(first.rows), len(rows) - 1) + 1):
        if [_squash(r) for r in rows[:k]] == [_squash(r) for r in first.rows[:k]]:
            repeated = k
    rows, wrapped = rows[repeated:], wrapped[repeated:]
    if rows and _is_cut(first.rows[-1], first.wrapped[-1], rows[0]):
        for previous, cell in zip(first.rows[-1], rows[0]):
            if cell.text:
                previous.text = clean_cell_text(join_wrapped([previous.text, cell.text]))
        rows, wrapped = rows[1:], wrapped[1:]
    first.rows += rows
    first.wrapped += wrapped
    first.last_page = continued.page
    return True


def _is_cut(last: list[Cell], last_wrapped: list[bool], first: list[Cell]) -> bool:
    """The first row on the new page is the rest of the last row before the break: it holds only
    text, each piece under a cell of the last row whose text ran to the cell's edge."""
    filled = [c for c, cell in enumerate(first) if cell.text]
    return bool(filled) and all(
        last[c].text and last_wrapped[c] and parse_cell(first[c].text) is None for c in filled)


# --- text lines into paragraphs and headings ------------------------------------------------------

def _text_items(flow: list[_Line | _Grid]) -> list[TextLine | Heading | Table]:
    lines = [i for i in flow if isinstance(i, _Line)]
    weights = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 0
    heading_sizes = sorted({ln.size for ln in lines if _is_heading(ln, body)}, reverse=True)
    body_lines = [ln for ln in lines if ln.size == body]
    right = _percentile([ln.x1 for ln in body_lines], 0.95)
    left = _percentile([ln.x0 for ln in body_lines], 0.05)
    out: list[TextLine | Heading | Table] = []
    previous: _Line | None = None
    for item in flow:
        if isinstance(item, _Grid):
            out.append(Table(rows=item.rows, line=0, page=item.page))
            previous = None
        elif _is_heading(item, body):
            level = min(heading_sizes.index(item.size) + 1, 6)
            out.append(Heading(text=item.text, level=level, line=0, page=item.page))
            previous = None
        elif previous is not None and _wraps_into(previous, item, left, right):
            paragraph = out[-1]
            if item.page != paragraph.page_starts[-1][1]:
                paragraph.page_starts.append((len(paragraph.text), item.page))
            paragraph.text = join_wrapped([paragraph.text, item.text])
            previous = item
        else:
            out.append(TextLine(line=0, text=item.text, page=item.page, page_starts=[(0, item.page)]))
            previous = item
    return out


def _is_heading(line: _Line, body: float) -> bool:
    return bool(body) and line.size >= body * _HEADING_RATIO and len(line.text) <= _HEADING_MAX_CHARS


def _wraps_into(previous: _Line, line: _Line, left: float, right: float) -> bool:
    """The line continues the paragraph above: that one ran so close to the right margin that this
    line's first word would not have fitted, this one starts at the left margin (no first-line
    indent), in the same font size, and does not open a numbered item."""
    return (previous.size == line.size
            and previous.x1 + line.lead >= right - 0.5 * line.size
            and line.x0 <= left + 0.5 * line.size
            and not numbering_of(line.text)[0])


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

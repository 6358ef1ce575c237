"""Ingest: a file on disk into a Document. The format is sniffed from the content, not the name.

Text, markdown and HTML are read here; PDF, DOCX, XLSX/XLS (and DOC/WPS/RTF through LibreOffice)
by the loaders that ``reviewer.ingest.binary`` picks, which all hand over an Extraction that is
built into the same Document.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from reviewer.document import Document, Table
from reviewer.errors import InputError
from reviewer.ingest.binary import read_binary, sniff_binary
from reviewer.ingest.blocks import build_blocks
from reviewer.ingest.decode import decode
from reviewer.ingest.extraction import Extraction, number_lines
from reviewer.ingest.html import scan_html
from reviewer.ingest.metadata import fill_metadata
from reviewer.ingest.script import readable, readable_items
from reviewer.ingest.text import scan_lines
from reviewer.limits import Limits, limits, over_limit

_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|table|tr|td|th|span|a|li|ul|ol|br|h[1-6]|legend|section|input|meta)[\s>/]",
                       re.IGNORECASE)


def sniff_format(text: str, suffix: str) -> str:
    head = text[:20000]
    if _HTML_MARKERS.search(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "markdown" if suffix in (".md", ".markdown") else "text"


def read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:  # a symlink loop, a name too long, no permission on a folder
        raise InputError(f"cannot open {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"is a directory, not a report file: {path} (use `reviewer batch` for folders)")
    if not stat.S_ISREG(info.st_mode):  # reading a FIFO or a device would block or never end
        raise InputError(f"not a regular file (a pipe, device or socket): {path}")
    if info.st_size == 0:
        raise InputError(f"empty file: {path}")
    max_bytes = limits().max_file_mb * 1024 * 1024
    if info.st_size > max_bytes:
        raise over_limit("file too large", info.st_size // (1024 * 1024), "max_file_mb", " MiB")
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes)  # never more than the limit, even from a file still growing
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


_LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _check_text_size(text: str) -> None:
    """Refuse a text too large to review before it is split into lines (what splitlines counts)."""
    breaks = sum(text.count(mark) for mark in _LINE_BREAKS) - text.count("\r\n")
    lines = breaks + (not text.endswith(_LINE_BREAKS))
    if lines > limits().max_lines:
        raise over_limit("report has too many lines", lines, "max_lines")
    tabs = text.count("\t")   # a TAB separates two table cells
    if tabs > limits().max_cells:
        raise over_limit("too many table cells (TAB-separated)", tabs, "max_cells")
    if len(text) > limits().max_report_chars:
        raise over_limit("report too long", len(text), "max_report_chars", " characters")


def _check_items_size(items: list) -> None:
    """The same limits on what a loader extracted: a line per text item and per table row."""
    lines = sum(len(item.rows) if isinstance(item, Table) else 1 for item in items)
    if lines > limits().max_lines:
        raise over_limit("report has too many lines", lines, "max_lines")
    cells = sum(len(row) for item in items if isinstance(item, Table) for row in item.rows)
    if cells > limits().max_cells:
        raise over_limit("too many table cells", cells, "max_cells")
    chars = sum(_item_chars(item) for item in items)
    if chars > limits().max_report_chars:
        raise over_limit("report too long", chars, "max_report_chars", " characters")


def _item_chars(item) -> int:
    if isinstance(item, Table):
        return sum(len(cell.text) for row in item.rows for cell in row)
    return len(item.text)


_BLOCK_NAMES = {"paragraph": "段落", "heading": "标题", "table": "表格（单元格）"}


def _longest_text(block) -> int:
    if isinstance(block, Table):
        return max((len(cell.text) for row in block.rows for cell in row), default=0)
    return len(block.text)


def _set_aside_long_blocks(doc: Document) -> None:
    """A paragraph, heading or table cell over the paragraph limit is left out of the review and named
    under "not checked": text work on one paragraph grows faster than its length (claims), so one
    huge paragraph must not stall the whole report."""
    limit = limits().max_paragraph_chars
    kept = []
    for block in doc.blocks:
        length = _longest_text(block)
        if length > limit:
            doc.not_read.append(f"第 {block.line} 行的{_BLOCK_NAMES[block.kind]}有 {length:,} 字，超过单段上限 "
                                f"{limit:,} 字（{Limits.variable('max_paragraph_chars')}），未检查")
            continue
        kept.append(block)
    doc.blocks = kept


def load(path: str | Path) -> Document:
    path = Path(path)
    data = read_bytes(path)
    kind = sniff_binary(data)
    if kind is not None:
        return from_extraction(read_binary(kind, data, path), str(path), hashlib.sha256(data).hexdigest())
    text, encoding = decode(data)
    _check_text_size(text)
    if not text.strip():
        raise InputError(f"no text in file: {path}")
    return parse_text(text, str(path), encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def parse_text(text: str, path: str = "<text>", encoding: str = "utf-8", sha256: str = "") -> Document:
    """A Document from text already in memory (check examples, tests, other loaders)."""
    fmt = sniff_format(text, Path(path).suffix.lower())
    text, converted, dropped = readable(text)
    raw_lines = text.splitlines()
    items = scan_html(text) if fmt == "html" else scan_lines(raw_lines)
    _check_items_size(items)
    doc = Document(
        path=path,
        format=fmt,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        lines=len(raw_lines),
        blocks=build_blocks(items),
        source_lines=raw_lines,
        traditional_characters=converted,
        pinyin_dropped=dropped,
    )
    _set_aside_long_blocks(doc)
    fill_metadata(doc)
    return doc


def from_extraction(extraction: Extraction, path: str, sha256: str) -> Document:
    """A Document from what a PDF, Word or spreadsheet loader extracted."""
    _check_items_size(extraction.items)
    converted, dropped = readable_items(extraction.items)
    source_lines, places = number_lines(extraction.items)
    doc = Document(
        path=path,
        format=extraction.format,
        sha256=sha256,
        encoding="binary",
        lines=len(source_lines),
        blocks=build_blocks(extraction.items),
        source_lines=source_lines,
        pages=extraction.pages,
        not_read=extraction.not_read,
        line_places=places,
        traditional_characters=converted,
        pinyin_dropped=dropped,
    )
    _set_aside_long_blocks(doc)
    if not doc.blocks:
        raise InputError(f"no text found in this {extraction.format.upper()} file")
    fill_metadata(doc)
    return doc

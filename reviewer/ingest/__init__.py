"""Ingest: a file on disk into a Document. The format is sniffed from the content, not the name.

Text, markdown and HTML are read here; PDF, DOCX, XLSX/XLS (and DOC/WPS/RTF through LibreOffice)
by the loaders that ``reviewer.ingest.binary`` picks, which all hand over an Extraction that is
built into the same Document.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reviewer.document import Document
from reviewer.errors import InputError
from reviewer.ingest.binary import read_binary, sniff_binary
from reviewer.ingest.blocks import build_blocks
from reviewer.ingest.decode import decode
from reviewer.ingest.extraction import Extraction, number_lines
from reviewer.ingest.html import scan_html
from reviewer.ingest.metadata import fill_metadata
from reviewer.ingest.text import scan_lines

MAX_BYTES = 50 * 1024 * 1024
_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|table|tr|td|th|span|a|li|ul|ol|br|h[1-6]|legend|section|input|meta)[\s>/]",
                       re.IGNORECASE)


def sniff_format(text: str, suffix: str) -> str:
    head = text[:20000]
    if _HTML_MARKERS.search(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "markdown" if suffix in (".md", ".markdown") else "text"


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"is a directory, not a report file: {path} (use `reviewer batch` for folders)")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"empty file: {path}")
    if size > MAX_BYTES:
        raise InputError(f"file too large: {size // (1024 * 1024)} MiB (limit {MAX_BYTES // (1024 * 1024)} MiB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return data


def load(path: str | Path) -> Document:
    path = Path(path)
    data = read_bytes(path)
    kind = sniff_binary(data)
    if kind is not None:
        return from_extraction(read_binary(kind, data, path), str(path), hashlib.sha256(data).hexdigest())
    text, encoding = decode(data)
    if not text.strip():
        raise InputError(f"no text in file: {path}")
    return parse_text(text, str(path), encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def parse_text(text: str, path: str = "<text>", encoding: str = "utf-8", sha256: str = "") -> Document:
    """A Document from text already in memory (check examples, tests, other loaders)."""
    fmt = sniff_format(text, Path(path).suffix.lower())
    raw_lines = text.splitlines()
    items = scan_html(text) if fmt == "html" else scan_lines(raw_lines)
    doc = Document(
        path=path,
        format=fmt,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        lines=len(raw_lines),
        blocks=build_blocks(items),
        source_lines=raw_lines,
    )
    fill_metadata(doc)
    return doc


def from_extraction(extraction: Extraction, path: str, sha256: str) -> Document:
    """A Document from what a PDF, Word or spreadsheet loader extracted."""
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
    )
    if not doc.blocks:
        raise InputError(f"no text found in this {extraction.format.upper()} file")
    fill_metadata(doc)
    return doc

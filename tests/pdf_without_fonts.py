"""Reads PDFs as a machine without any system font would: pdfium is restarted with its font folders
replaced by an empty one (FPDF_LIBRARY_CONFIG.m_pUserFontPaths replaces the default folders).

    python tests/pdf_without_fonts.py FILE...   → JSON: per file, pdfium's own character count and
                                                  the review's findings as (code, stated, expected)
Run in a subprocess, so that the test process keeps its ordinary pdfium.
"""

from __future__ import annotations

import ctypes
import json
import sys
import tempfile

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2 import _library_scope
from pypdfium2.internal import bases


def restart_pdfium_with_fonts_from(folder: str) -> None:
    _library_scope.destroy_lib()
    path = ctypes.create_string_buffer(folder.encode())
    char_p = ctypes.POINTER(ctypes.c_char)
    paths = (char_p * 2)(ctypes.cast(path, char_p), None)
    config = pdfium_c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(char_p)),
                                          m_pIsolate=None, m_v8EmbedderSlot=0)
    pdfium_c.FPDF_InitLibraryWithConfig(config)
    bases.LIBRARY_AVAILABLE = True


def pdfium_characters(path: str) -> int:
    pdf = pdfium.PdfDocument(path)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return sum(not ch.isspace() for ch in text)


def main(paths: list[str]) -> None:
    from reviewer.ingest import load
    from reviewer.review import review_document

    with tempfile.TemporaryDirectory() as empty:
        restart_pdfium_with_fonts_from(empty)
        out = {}
        for path in paths:
            review = review_document(load(path))
            out[path] = {"pdfium_characters": pdfium_characters(path),
                         "findings": sorted([f.code, f.evidence.stated, f.evidence.expected] for f in review.findings)}
        json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])

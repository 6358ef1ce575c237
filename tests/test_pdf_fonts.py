"""PDF text does not depend on the machine's fonts. pdfium places the characters of a font the PDF
does not embed only when it can load that font from the machine; the reader then also reads the page
with pdfminer, which needs no font program. These tests run the reader with pdfium's font folders
replaced by an empty one (tests/pdf_without_fonts.py), as on a server with no CJK font."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import FIXTURES
from reviewer.ingest import load
from reviewer.ingest.pdf import read_pdf
from reviewer.review import review_document

FORMATS = FIXTURES / "formats"
TESTS = Path(__file__).resolve().parent


def _findings(path: Path) -> Counter:
    return Counter((f.code, f.evidence.stated, f.evidence.expected) for f in review_document(load(path)).findings)


def test_a_report_set_in_a_font_it_does_not_embed_gives_the_findings_of_the_text():
    assert _findings(FORMATS / "juesuan_planted_unembedded_font.pdf") == _findings(FIXTURES / "juesuan_planted.txt")


def test_with_no_system_font_every_pdf_reads_as_its_text():
    names = ["juesuan_planted_unembedded_font.pdf", "juesuan_planted.pdf", "jixiao_planted.pdf", "rotated_page.pdf"]
    run = subprocess.run([sys.executable, str(TESTS / "pdf_without_fonts.py"), *(str(FORMATS / n) for n in names)],
                         capture_output=True, text=True, timeout=300, check=True)
    seen = json.loads(run.stdout)
    # pdfium alone loses text in this setting: the test cannot pass on a machine that has the fonts
    rotated = seen[str(FORMATS / "rotated_page.pdf")]
    assert rotated["pdfium_characters"] < 149
    for name, truth in [("juesuan_planted_unembedded_font.pdf", "juesuan_planted.txt"),
                        ("juesuan_planted.pdf", "juesuan_planted.txt"), ("jixiao_planted.pdf", "jixiao_planted.txt")]:
        got = Counter(tuple(f) for f in seen[str(FORMATS / name)]["findings"])
        assert got == _findings(FIXTURES / truth), name


def test_the_rotated_page_in_a_font_it_does_not_embed_keeps_its_unit_and_header():
    table = load(FORMATS / "rotated_page.pdf").tables[0]
    assert (table.code, table.unit) == ("07", "万元")
    assert [c.text for c in table.rows[0]] == ["项目", "预算数", "决算数"]


def _pdf_with_unmapped_glyphs() -> bytes:
    """One page: two glyphs of a CID font with Identity-H encoding, no ToUnicode and no font file (no
    reader can know which characters they are), then a line of Latin text in Helvetica."""
    content = b"BT /F1 12 Tf 72 700 Td <4E004E8C> Tj ET\nBT /F2 12 Tf 72 650 Td (Total 12.50) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 8 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /FontDescriptor 7 0 R /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_glyphs_no_reader_can_decode_are_listed_as_not_checked():
    extraction = read_pdf(_pdf_with_unmapped_glyphs())
    assert "Total 12.50" in " ".join(getattr(i, "text", "") for i in extraction.items)
    assert extraction.not_read == ["第 1 页：2 个字形缺少字符映射（字体未嵌入或无 ToUnicode），"
                                   "读出的文字可能缺失或有误，该部分未可靠审阅"]

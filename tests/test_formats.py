"""The same report as text, DOCX, XLSX, XLS and PDF: the same findings, the same table cells, and
locations a reviewer can find in the original (page, sheet cell, paragraph). Bad files fail with one
line. The renderings are committed under fixtures/formats/ (built by fixtures/build_formats.py)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from reviewer.cli import app
from reviewer.document import Cell, Heading, Paragraph, Table
from reviewer.errors import InputError
from reviewer.eval.table_scores import score_tables
from reviewer.ingest import from_extraction, load
from reviewer.ingest.extraction import Extraction, clean_cell_text
from reviewer.ingest.pdf import _dedupe
from reviewer.ingest.sheets import display_number
from reviewer.ingest.text import TextLine
from reviewer.render.markdown import render_markdown
from reviewer.review import review_document

FORMATS = FIXTURES / "formats"
BAD = FORMATS / "bad"
STEMS = ["juesuan_consistent", "juesuan_planted", "jixiao_consistent", "jixiao_planted"]
KINDS = ["docx", "xlsx", "xls", "pdf"]


@lru_cache(maxsize=None)
def document(name: str):
    return load(FIXTURES / name if name.endswith(".txt") else FORMATS / name)


@lru_cache(maxsize=None)
def review(name: str):
    return review_document(document(name))


def _findings(name: str) -> Counter:
    return Counter((f.code, f.evidence.stated, f.evidence.expected) for f in review(name).findings)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem", STEMS)
def test_every_format_gives_the_findings_of_the_text(stem, kind):
    assert _findings(f"{stem}.{kind}") == _findings(f"{stem}.txt")
    assert review(f"{stem}.{kind}").errors == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem", STEMS)
def test_every_numeric_cell_is_extracted_where_the_text_has_it(stem, kind):
    truth, extracted = document(f"{stem}.txt"), document(f"{stem}.{kind}")
    assert [t.code for t in extracted.tables] == [t.code for t in truth.tables]
    score = score_tables(truth, extracted)
    assert score.numeric > 50
    assert score.misses == [] and score.share == 1.0


# --- what the PDF renderings exercise ---------------------------------------------------------

def test_pdf_tables_split_over_pages_are_stitched():
    doc = document("juesuan_consistent.pdf")
    table_02 = next(t for t in doc.tables if t.code == "02")
    pages = {c.page for row in table_02.rows for c in row if c.text}
    assert len(pages) == 2                                   # one table from two pages
    assert sum(row[0].text == "项目" for row in table_02.rows) == 1   # the repeated header row dropped
    labels = [row[1].text for row in table_02.rows]
    assert "其他巩固脱贫攻坚成果衔接乡村振兴支出" in labels     # the row cut by the page break, joined


def test_pdf_row_cut_in_a_score_table_is_joined():
    doc = document("jixiao_consistent.pdf")
    rows = [[c.text for c in r] for t in doc.tables for r in t.rows]
    assert any("农业科技示范基地建设数量" in row and "2个基地因土地流转未完成延至次年建设" in row for row in rows)
    assert not any(row[3:4] == ["设数量"] for row in rows)


def test_pdf_merged_cells_stay_merged():
    doc = document("jixiao_consistent.pdf")
    score = doc.tables[0]
    assert [c.text for c in score.rows[1][:3]] == ["投入（15分）", "目标设定（6分）", "绩效目标合理性"]
    assert [c.text for c in score.rows[2][:3]] == ["", "", "绩效指标明确性"]   # covered by the vertical merges
    header = document("juesuan_consistent.pdf").tables[0].rows[0]
    assert [c.text for c in header] == ["收入", "", "支出", ""]                   # merged header cells


def test_pdf_borderless_table_full_width_digits_and_fake_bold():
    doc = document("juesuan_consistent.pdf")
    table_07 = next(t for t in doc.tables if t.code == "07")
    assert [c.text for c in table_07.rows[1]] == ["合计", "12.50", "10.61"]
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "第一部分 部门概况" in headings and not any("第第" in h for h in headings)
    assert any("在职人员５２人" in b.text for b in doc.paragraphs)
    assert not any(b.text.strip("— ").isdigit() for b in doc.paragraphs)     # page numbers dropped


def test_pdf_thousands_separators_are_read():
    table_01 = document("juesuan_consistent.pdf").tables[0]
    assert table_01.rows[2][1].text == "1,218.15"


def test_scanned_page_is_listed_as_not_read_and_the_rest_is_reviewed():
    doc = document("juesuan_planted.pdf")
    assert doc.pages == 12 and doc.not_read == ["扫描页（第 2 页）：无文字层，未能读取，其内容未审阅"]
    memo = review("juesuan_planted.pdf")
    assert memo.not_checked[0] == doc.not_read[0]
    assert memo.document["pages"] == 12
    assert "Scanned pages (2): no text layer" in render_markdown(memo, "en")


def test_dedupe_drops_doubled_glyphs():
    def char(text, x0, top):
        return {"text": text, "x0": x0, "x1": x0 + 10, "top": top, "bottom": top + 10, "doctop": top,
                "size": 10.0, "upright": True}
    doubled = [char("总", 10, 50), char("总", 10.3, 50.2), char("计", 20, 50), char("计", 20.3, 50.2)]
    assert [c["text"] for c in _dedupe(doubled)] == ["总", "计"]


def test_landscape_page_turned_by_rotate_is_read_upright():
    doc = document("rotated_page.pdf")
    table = doc.tables[0]
    truth = next(t for t in document("juesuan_consistent.txt").tables if t.code == "07")
    assert (table.code, table.unit) == ("07", "万元")
    assert [[c.text for c in r] for r in table.rows] == [[c.text for c in r] for r in truth.rows]


def test_encrypted_pdf_that_opens_without_a_password_is_read():
    doc = document("owner_locked.pdf")
    assert doc.format == "pdf" and "绩效自评报告" in " ".join(b.text for b in doc.blocks)


# --- where findings are -------------------------------------------------------------------------

def test_locations_name_the_page_the_cell_or_the_paragraph():
    pdf = review("juesuan_planted.pdf").findings
    assert all(loc.page for f in pdf for loc in f.locations)
    xlsx = review("juesuan_planted.xlsx").findings
    first = next(f for f in xlsx if f.code == "REL-001")
    assert first.locations[0].ref == "公开01表!D32" and first.locations[0].quote == "1,238.10"
    docx = review("jixiao_planted.docx").findings
    assert any(loc.ref and loc.ref.startswith("¶") for f in docx for loc in f.locations)
    memo = render_markdown(review("juesuan_planted.xlsx"))
    assert "单元格 公开01表!D32" in memo and "提取文本第" in memo
    assert "第 4 页" in render_markdown(review("juesuan_planted.pdf"))


# --- loaders in small -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, fmt, shown", [
    (1258.15, "#,##0.00", "1,258.15"),
    (0, "#,##0.00", "0.00"),
    (0.945, "0.0%", "94.5%"),
    (10, "0", "10"),
    (-3.5, "#,##0.00;[Red]-#,##0.00", "-3.50"),
    (-3.5, "#,##0.00_);(#,##0.00)", "(3.50)"),
    (46.8, '0.00"万元"', "46.80万元"),
    (12345678, "#,##0,", "12,346"),
    (0.1 + 0.2, "General", "0.3"),
    (1218.15, "General", "1218.15"),
])
def test_spreadsheet_numbers_are_shown_as_their_format_shows_them(value, fmt, shown):
    assert display_number(value, fmt) == shown


def test_wrapped_cell_text_is_joined_without_spaces_between_cjk():
    assert clean_cell_text("其他巩固脱贫攻坚成果衔接\n乡村振兴支出") == "其他巩固脱贫攻坚成果衔接乡村振兴支出"
    assert clean_cell_text("基本 支出 ") == "基本支出"
    assert clean_cell_text("Total\namount") == "Total amount"


def test_units_outside_the_table_above_split_over_lines_or_below():
    rows = [[Cell(text="项目"), Cell(text="金额")], [Cell(text="合计"), Cell(text="10.00")]]
    above = from_extraction(Extraction(items=[TextLine(0, "单位："), TextLine(0, "万元"), Table(rows=rows, line=0)],
                                       format="pdf"), "x.pdf", "")
    assert above.tables[0].unit == "万元"
    rows = [[Cell(text="项目"), Cell(text="金额")], [Cell(text="合计"), Cell(text="10.00")]]
    below = from_extraction(Extraction(items=[TextLine(0, "支出表"), Table(rows=rows, line=0), TextLine(0, "单位：元")],
                                       format="pdf"), "x.pdf", "")
    assert below.tables[0].unit == "元"
    assert isinstance(below.blocks[-1], Paragraph) and below.lines == 4


# --- bad input --------------------------------------------------------------------------------------

BAD_INPUTS = [
    ("truncated.pdf", "PDF file is truncated"),
    ("password.pdf", "password-protected"),
    ("renamed_zip.docx", "not a Word (.docx) or Excel (.xlsx) file"),
    ("empty.xlsx", "empty file"),
    ("image.pdf", "PNG image, not a report"),
]


@pytest.mark.parametrize("name, words", BAD_INPUTS)
def test_bad_files_fail_with_one_clear_line(name, words):
    with pytest.raises(InputError, match=re.escape(words)) as error:
        load(BAD / name)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("name, words", BAD_INPUTS)
def test_cli_exits_2_with_one_line_and_no_traceback(name, words):
    result = CliRunner().invoke(app, ["review", str(BAD / name)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and words in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


def _ole_word_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.doc"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(header + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    return path


def test_doc_without_libreoffice_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="install it .*libreoffice-writer-nogui"):
        load(_ole_word_file(tmp_path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_doc_is_converted_with_libreoffice_and_reviewed_like_the_text():
    assert _findings("juesuan_planted.doc") == _findings("juesuan_planted.txt")
    assert document("juesuan_planted.doc").format == "doc"


def test_a_pdf_with_no_pages_is_one_clear_line(tmp_path):
    import pypdfium2 as pdfium

    empty = tmp_path / "no_pages.pdf"
    pdfium.PdfDocument.new().save(str(empty))
    with pytest.raises(InputError, match="password"):
        load(BAD / "password.pdf")   # leaves pdfium's last error at "password": it must not be reused
    with pytest.raises(InputError, match="^this PDF has no pages$"):
        load(empty)

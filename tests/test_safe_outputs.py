"""Outputs that text from a report cannot subvert: no live formula in summary.csv/summary.xlsx, links
that survive any file name, an HTML memo that stays interactive whatever a cell holds."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from reviewer.batch import Row
from reviewer.ingest import load
from reviewer.render.html import render_html_memo
from reviewer.render.summary import COLUMNS, write_csv, write_xlsx
from reviewer.review import review_document
from test_batch import _links

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']


def _rows() -> list[Row]:
    return [Row(file=f"/r/{i}.txt", department=text, year=2023, high=i, risk_score=10.5 * i, memos={"md": f"memos/{i}.md"})
            for i, text in enumerate(FORMULAS + ["临溪市农业技术推广中心"])]


def test_summary_csv_quotes_every_value_a_spreadsheet_would_run(tmp_path):
    write_csv(_rows(), tmp_path / "summary.csv")
    with (tmp_path / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    departments = {r["部门"] for r in rows}
    assert departments == {"'" + text for text in FORMULAS} | {"临溪市农业技术推广中心"}
    assert {r["高"] for r in rows} == {str(i) for i in range(len(FORMULAS) + 1)}   # numbers untouched


def test_summary_xlsx_keeps_such_values_as_text_that_reads_unchanged(tmp_path):
    write_xlsx(_rows(), tmp_path / "summary.xlsx")
    sheet = load_workbook(tmp_path / "summary.xlsx").active
    department, high, risk = (COLUMNS.index(name) + 1 for name in ("部门", "高", "风险分"))
    cells = [sheet.cell(row=r, column=department) for r in range(2, sheet.max_row + 1)]
    assert {c.value for c in cells} == set(FORMULAS) | {"临溪市农业技术推广中心"}
    for cell in cells:
        assert cell.data_type == "s"   # never "f": no formula is stored
        assert cell.quotePrefix == (cell.value in FORMULAS)
    numbers = [sheet.cell(row=r, column=c).value for r in range(2, sheet.max_row + 1) for c in (high, risk)]
    assert all(isinstance(n, (int, float)) for n in numbers)


def test_index_links_reach_memos_of_files_named_with_hash_question_mark_and_percent(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    for name in ("第1#稿.txt", "a?b.txt", "c%20d.txt", "e%f.txt"):
        shutil.copy(ROOT / "fixtures" / "juesuan_planted.txt", reports / name)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "reviewer.cli", "batch", str(reports), "--out", str(out),
                             "--format", "md,html"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    links = _links(out / "index.html")
    assert len(links) == 4
    for link in links:
        assert "#" not in link and "?" not in link and re.fullmatch(r"[^%]*(%[0-9A-F]{2}[^%]*)*", link)
        assert (out / unquote(link)).is_file()
    sheet = load_workbook(out / "summary.xlsx").active
    targets = [sheet.cell(row=r, column=sheet.max_column).hyperlink.target for r in range(2, 6)]
    assert all((out / unquote(t)).is_file() and "#" not in t for t in targets)


HOSTILE = "本年收入合计 50.00 万元，其中：财政拨款收入 40.00 万元，占 81.00%。<!--<script>不是注释</script>\n"


def _hostile_memo(tmp_path: Path) -> Path:
    report = tmp_path / "hostile.txt"
    report.write_text("一、说明\n" + HOSTILE, encoding="utf-8")
    memo = tmp_path / "memo.html"
    memo.write_text(render_html_memo(review_document(load(report))), encoding="utf-8")
    return memo


def test_the_memo_data_holds_no_markup_whatever_the_document_says(tmp_path):
    page = _hostile_memo(tmp_path).read_text(encoding="utf-8")
    start = page.index('<script type="application/json" id="memo-data">') + len('<script type="application/json" id="memo-data">')
    data = page[start:page.index("</script>", start)]
    assert "<" not in data and ">" not in data
    paragraphs = json.loads(data)["context"]["paragraphs"].values()
    assert any("<!--<script>不是注释</script>" in p["text"] for p in paragraphs)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_a_memo_with_a_comment_and_script_in_its_text_stays_interactive_in_a_browser(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    memo = _hostile_memo(tmp_path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(memo.as_uri())
        findings = page.locator(".f")
        assert findings.count() > 0
        findings.first.click()
        assert "<!--<script>不是注释</script>" in page.locator("#detail .para").inner_text(timeout=5000)
        browser.close()
    assert errors == []

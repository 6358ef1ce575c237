"""The HTML memo in a real headless browser: it loads with no console error, a click on a finding
shows its table with the cited cell and its inputs highlighted, and a screenshot is kept."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from reviewer.ingest import load
from reviewer.render.html import render_html_memo
from reviewer.render.summary import COLUMNS
from reviewer.review import review_document

ARTEFACTS = ROOT / "tests" / "artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _memo(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"{path.stem}.html"
    out.write_text(render_html_memo(review_document(load(path), page_pictures=True)), encoding="utf-8")
    return out


def test_memo_is_self_contained_and_escapes_the_document(tmp_path):
    text = "一、说明\n本年收入合计 50.00 万元，其中：财政拨款收入 40.00 万元，占 81.00%。</script><script>alert(1)</script>\n"
    report = tmp_path / "hostile.txt"
    report.write_text(text, encoding="utf-8")
    page = _memo(report, tmp_path).read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # no CDN, opens offline
    assert "<script>alert(1)</script>" not in page  # document text never becomes markup


def test_memo_of_the_largest_seed_is_small_and_fast(seeds_dir):
    review = review_document(load(seeds_dir / "003_2eb6b8bca2f0722e.txt"))
    start = time.perf_counter()
    page = render_html_memo(review)
    assert time.perf_counter() - start < 1.0
    assert len(page.encode("utf-8")) < 2_000_000
    assert page.index('id="list"') < page.index('id="detail"')  # the findings list comes first


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_clicking_a_finding_highlights_its_cells_in_a_real_browser(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    memo = _memo(FIXTURES / "juesuan_planted.txt", tmp_path)
    review = review_document(load(FIXTURES / "juesuan_planted.txt"))
    target = next(f for f in review.findings if f.code == "FOOT-001" and f.first_line == 263)  # 07 合计
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(memo.as_uri())
        page.click(f"#{target.id}")
        wrong = page.locator("#detail td.wrong")
        inputs = page.locator("#detail td.input")
        assert wrong.count() == 1 and wrong.first.inner_text() == "11.61"
        assert inputs.count() >= 2  # the three items it should be the sum of (0.00 may be blank)
        assert "公开07表" in page.locator("#detail").inner_text()
        page.uncheck("input[value='high']")
        assert page.locator(f"#{target.id}").is_hidden()
        ARTEFACTS.mkdir(exist_ok=True)
        page.check("input[value='high']")
        page.click(f"#{target.id}")
        page.screenshot(path=str(ARTEFACTS / "memo.png"), full_page=False)
        browser.close()
    assert errors == []


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_batch_index_sorts_and_opens_memos_in_a_real_browser(tmp_path):
    import subprocess
    import sys

    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "out"
    reports = [str(FIXTURES / name) for name in ("juesuan_planted.txt", "jixiao_planted.txt", "juesuan_consistent.txt")]
    subprocess.run([sys.executable, "-m", "reviewer.cli", "batch", *reports, "--out", str(out), "--format", "html"],
                   check=True, capture_output=True, timeout=120)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                    "--disable-background-networking"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "index.html").as_uri())
        risk_column = COLUMNS.index("风险分") + 1
        risk = page.locator(f"#summary tbody tr td:nth-child({risk_column})")
        first = [float(t) for t in risk.all_inner_texts()]
        assert first == sorted(first, reverse=True)  # riskiest first
        page.click(f"th:nth-child({risk_column})")  # sort ascending by risk
        assert [float(t) for t in risk.all_inner_texts()] == sorted(first)
        page.click("#summary tbody tr:last-child a")  # the riskiest report's memo
        assert page.locator(".f").count() > 0
        browser.close()
    assert errors == []


def test_pdf_memo_shows_the_page_region_with_the_cited_cell_boxed():
    from reviewer.page_images import _SCALE

    pdf = FIXTURES / "formats" / "juesuan_planted.pdf"
    document = load(pdf)
    review = review_document(document, page_pictures=True)
    pages = review.context["pages"]
    assert pages, "a PDF memo carries page pictures"
    tables = {t.line: t for t in document.tables}
    for finding in review.findings:
        picture = pages.get(finding.id)
        if picture is None:
            continue
        assert picture["image"].startswith("data:image/png;base64,")
        first = next(loc for loc in finding.locations if loc.cell is not None)
        cell = tables[first.table_line].rows[first.cell[0]][first.cell[1]]
        assert picture["page"] == cell.page
        x0, y0, x1, y1, role = picture["boxes"][0]
        left, top = picture["origin"]
        assert role == ("wrong" if first is finding.locations[0] else "input")
        # the box is drawn where that cell is on the page
        assert abs(x0 - (cell.bbox[0] - left) * _SCALE) <= 1 and abs(y1 - (cell.bbox[3] - top) * _SCALE) <= 1
    assert len(render_html_memo(review).encode("utf-8")) < 2_000_000


def test_spreadsheet_memo_names_sheet_and_cell(tmp_path):
    page = _memo(FIXTURES / "formats" / "juesuan_planted.xlsx", tmp_path).read_text(encoding="utf-8")
    assert re.search(r'<div class="ev">[^<]*公开0\d表![A-Z]+\d+', page)  # e.g. 公开07表!C5 beside the finding

"""The command line as a user runs it: a real subprocess, real files, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import FIXTURES

PLANTED_PDF = FIXTURES / "formats" / "juesuan_planted.pdf"
PAGE_PICTURE = "data:image/png;base64,"   # how the HTML memo embeds a picture of the page

REPORT = (
    "一、收入支出决算总体情况说明\n"
    "2023年度本年收入合计 50.00 万元，其中：财政拨款收入 40.00 万元，占 80.00%；其他收入 10.00 万元，占 20.00%。\n"
    "（一）基本支出\n（二）项目支出\n（四）三公经费\n"
    "三公经费比上年增加/减少 0.10 万元。\n"
)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reviewer.cli", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_review_prints_a_markdown_memo_in_chinese(report):
    result = run_cli("review", str(report), "--offline")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# 审阅备忘录")
    assert "TMPL-001" in result.stdout and "TMPL-002" in result.stdout


def test_json_memo_follows_the_contract(report, tmp_path):
    out = tmp_path / "memo.json"
    result = run_cli("review", str(report), "--format", "json", "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    memo = json.loads(out.read_text(encoding="utf-8"))
    assert memo["schema_version"] == "1"
    assert set(memo) >= {"tool", "document", "run", "summary", "findings", "errors"}
    assert memo["run"]["offline"] is True and memo["run"]["llm_status"] == "skipped"
    assert memo["summary"]["findings"] == len(memo["findings"])
    finding = memo["findings"][0]
    assert set(finding) >= {"id", "code", "category", "severity", "source", "message", "locations", "evidence", "confidence"}
    assert finding["locations"][0]["line"] in (3, 4, 5, 6)
    assert all(f["message"].isascii() or "“" in f["message"] for f in memo["findings"])  # English messages


def test_fail_on_sets_exit_code_one_only_when_a_finding_reaches_it(report):
    assert run_cli("review", str(report), "--fail-on", "medium").returncode == 1
    clean = report.with_name("clean.txt")
    clean.write_text("一、概况\n本年收入合计 50.00 万元。\n", encoding="utf-8")
    assert run_cli("review", str(clean), "--fail-on", "low").returncode == 0


@pytest.mark.parametrize("name, data, words", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty file"),
    ("binary.bin", bytes(range(256)) * 4, "binary file"),
])
def test_bad_input_gives_one_line_and_exit_two(tmp_path, name, data, words):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = run_cli("review", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_directory_is_refused_cleanly(tmp_path):
    result = run_cli("review", str(tmp_path))
    assert result.returncode == 2 and "is a directory" in result.stderr


def test_gbk_file_is_reviewed(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(REPORT.encode("gbk"))
    result = run_cli("review", str(path), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["document"]["encoding"] == "gb18030"


def test_checks_lists_the_catalogue_and_prints_one_doc():
    listing = run_cli("checks")
    assert listing.returncode == 0 and "TMPL-001" in listing.stdout and "INTEG-001" in listing.stdout
    doc = run_cli("checks", "TMPL-002")
    assert doc.returncode == 0 and "Failing example" in doc.stdout and "（四）" in doc.stdout
    assert run_cli("checks", "NOPE-999").returncode == 2


def test_committed_check_catalogue_is_up_to_date():
    from pathlib import Path

    committed = (Path(__file__).resolve().parent.parent / "docs" / "CHECKS.md").read_text(encoding="utf-8")
    assert run_cli("checks", "--markdown").stdout == committed, "run: reviewer checks --markdown > docs/CHECKS.md"


def test_page_pictures_are_rendered_for_the_html_memo_only(tmp_path):
    """Pictures of the PDF page cost most of a PDF review's time and a JSON memo's size."""
    for fmt in ("json", "html"):
        result = run_cli("review", str(PLANTED_PDF), "--offline", "--format", fmt, "-o", str(tmp_path / f"memo.{fmt}"))
        assert result.returncode == 0, result.stderr
    assert PAGE_PICTURE not in (tmp_path / "memo.json").read_text(encoding="utf-8")
    assert PAGE_PICTURE in (tmp_path / "memo.html").read_text(encoding="utf-8")


def test_batch_with_an_html_memo_keeps_page_pictures_out_of_its_json_memo(tmp_path):
    out = tmp_path / "out"
    result = run_cli("batch", str(PLANTED_PDF), "--offline", "--format", "json,html", "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    (json_memo,), (html_memo,) = (list((out / "memos").glob(f"*.{fmt}")) for fmt in ("json", "html"))
    assert PAGE_PICTURE not in json_memo.read_text(encoding="utf-8")
    assert PAGE_PICTURE in html_memo.read_text(encoding="utf-8")

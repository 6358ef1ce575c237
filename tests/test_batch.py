"""Batch triage end to end: real files, real worker processes, the summary files a reviewer opens."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from make_batch import generate  # noqa: E402


def run_batch(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reviewer.cli", "batch", *args], capture_output=True,
                          text=True, timeout=300, **kwargs)


@pytest.fixture
def folder(tmp_path):
    """Fixtures, two same-named reports in different folders, and broken files."""
    root = tmp_path / "in"
    (root / "east").mkdir(parents=True)
    (root / "west").mkdir()
    shutil.copy(ROOT / "fixtures" / "juesuan_planted.txt", root / "east" / "report.txt")
    shutil.copy(ROOT / "fixtures" / "juesuan_consistent.txt", root / "west" / "report.txt")
    shutil.copy(ROOT / "fixtures" / "jixiao_planted.txt", root / "jixiao.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)))
    (root / "fake.pdf").write_bytes(b"%PDF-1.4 encrypted garbage")
    return root


def read_summary(out: Path) -> list[dict]:
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_batch_writes_memos_and_a_risk_sorted_summary(folder, tmp_path, seeds_dir):
    out = tmp_path / "out"
    result = run_batch(str(folder), str(seeds_dir), "--out", str(out), "--jobs", "2", "--format", "md,json,html")
    assert result.returncode == 0, result.stderr
    assert "8 reviewed, 3 failed" in result.stdout
    rows = read_summary(out)
    assert len(rows) == 11
    failed = {Path(r["文件"]).name: r["状态"] for r in rows if r["状态"] != "ok"}
    assert set(failed) == {"empty.txt", "binary.txt", "fake.pdf"}
    assert "empty file" in failed["empty.txt"] and "binary" in failed["binary.txt"]
    ok = [r for r in rows if r["状态"] == "ok"]
    risks = [float(r["风险分"]) for r in ok]
    assert risks == sorted(risks, reverse=True) and rows[-1]["状态"] != "ok"
    memos = {r["备忘录"] for r in ok}
    assert len(memos) == 8 and all((out / m).exists() for m in memos)  # same-named files: two memos
    for memo in memos:
        assert (out / memo).with_suffix(".md").exists() and (out / memo).with_suffix(".json").exists()
    planted = next(r for r in ok if r["文件"].endswith(os.path.join("east", "report.txt")))
    assert int(planted["发现总数"]) > 0 and planted["报告类型"] == "部门决算"

    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet["A1"].font.bold and sheet.max_row == 12
    assert sheet.cell(row=2, column=1).value == rows[0]["文件"]
    memo_cell = sheet.cell(row=2, column=sheet.max_column)
    assert memo_cell.hyperlink is not None and memo_cell.hyperlink.target == rows[0]["备忘录"]

    links = _links(out / "index.html")
    assert len(links) == 8 and all((out / link).exists() for link in links)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") == 3 and "http" not in index  # charts drawn inline, no network


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])


def _links(path: Path) -> list[str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def test_killed_batch_resumes_and_redoes_only_what_was_unfinished(tmp_path):
    reports = tmp_path / "many"
    generate(reports, 200)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reviewer.cli", "batch", str(reports), "--out", str(out), "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    state = out / ".reviewer-state.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and (not state.exists() or state.read_text().count("\n") < 30):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the whole batch, workers included, mid-run
    process.wait()
    finished_before = state.read_text(encoding="utf-8").count("\n")
    assert 30 <= finished_before < 200

    result = run_batch(str(reports), "--out", str(out), "--jobs", "2", "--resume")
    assert result.returncode == 0, result.stderr
    reused = result.stderr.count(": reused,")
    assert reused >= finished_before - 1  # a line cut by the kill is redone, nothing else that finished
    assert reused < 200
    rows = read_summary(out)
    assert len(rows) == 200 and all(r["状态"] == "ok" for r in rows)
    memos = list((out / "memos").iterdir())
    assert len([m for m in memos if m.suffix == ".md"]) == 200
    assert not [m for m in memos if ".tmp" in m.name]  # no half-written memo left behind

    again = run_batch(str(reports), "--out", str(out), "--resume")
    assert again.stderr.count(": reused,") == 200

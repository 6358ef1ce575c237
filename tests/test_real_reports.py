"""The seven real PDFs of ../shared/real_reports against the hand verdicts of
bench/real_reports_verdicts.toml: every finding the reviewer makes there has been checked by hand
and found true, and every hand-checked finding is still made. A new finding on a real report fails
this test until someone has checked it and recorded the verdict."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "real_reports"
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/real_reports is not beside this checkout")


@pytest.fixture(scope="module")
def results():
    from real_reports import VERDICTS, review_file

    verdicts = tomllib.loads(VERDICTS.read_text(encoding="utf-8"))["finding"]
    return verdicts, [review_file(path, verdicts) for path in sorted(REPORTS.glob("*.pdf"))]


def test_every_finding_on_a_real_report_was_checked_by_hand_and_is_true(results):
    _, reviewed = results
    unchecked = [(r["name"], f.code, f.message[:80], v) for r in reviewed for f, v, _ in r["findings"] if v != "true"]
    assert unchecked == []


def test_every_hand_checked_finding_is_still_made(results):
    verdicts, reviewed = results
    made = {(r["name"], f.code, f.message) for r in reviewed for f, _, _ in r["findings"]}
    lost = [v for v in verdicts if not any(n == v["file"] and c == v["code"] and v["match"] in m for n, c, m in made)]
    assert lost == []


def test_every_real_table_with_a_hierarchy_is_read():
    from real_reports import footed_tables

    from reviewer.facts import DocumentFacts
    from reviewer.ingest import load

    for path in sorted(REPORTS.glob("*.pdf")):
        recognised, footed = footed_tables(DocumentFacts(load(path)))
        assert (recognised, footed) == (9, 4), path.name   # 01–09; 02, 03, 05 and 06 carry codes

"""The real public reports: each reviews offline into a memo that honours the JSON contract."""

from __future__ import annotations

import json

import pytest

from reviewer.findings import Review
from reviewer.ingest import load
from reviewer.render import render_json, render_markdown
from reviewer.review import review_document

SEED_NAMES = ["000_606bb5564b4898ff.txt", "001_8ce664a1ba30d0b4.txt", "002_dbaf5c1903f647a7.txt",
              "003_2eb6b8bca2f0722e.txt", "004_b6a21158be6c136a.txt"]


def _review(seeds_dir, name):
    return review_document(load(seeds_dir / name))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_memo_validates_against_the_contract(seeds_dir, name):
    document = load(seeds_dir / name)
    review = review_document(document)
    memo = json.loads(render_json(review))
    Review.model_validate(memo)  # every contract field present and typed
    assert memo["errors"] == [], memo["errors"]  # no check crashed on real input
    for finding in memo["findings"]:
        for location in finding["locations"]:
            line, quote = location["line"], location["quote"]
            assert line is not None and quote, finding
            around = "".join(document.line_text(n) for n in (line, line + 1)).replace(" ", "")
            assert quote.replace(" ", "")[:6] in around, (line, quote)  # the quote is at its line
    assert render_markdown(review).startswith("# 审阅备忘录")


def _codes_at(review, code):
    return [(f.first_line, f) for f in review.findings if f.code == code]


def test_injected_gambling_string_in_004(seeds_dir):
    found = _codes_at(_review(seeds_dir, "004_b6a21158be6c136a.txt"), "INTEG-001")
    assert len(found) == 1
    line, finding = found[0]
    assert finding.severity == "high" and "买球" in finding.evidence.stated and line == 20


def test_template_leftovers_in_001(seeds_dir):
    found = [f for _, f in _codes_at(_review(seeds_dir, "001_8ce664a1ba30d0b4.txt"), "TMPL-001")]
    lines = {loc.line for f in found for loc in f.locations}
    assert {68, 69, 70, 71, 86, 93, 95} <= lines
    assert [len(f.locations) for f in found if f.first_line == 68] == [4]  # one finding for lines 68–71


def test_numbering_gaps_that_are_real(seeds_dir):
    gaps_000 = [line for line, _ in _codes_at(_review(seeds_dir, "000_606bb5564b4898ff.txt"), "TMPL-002")]
    assert gaps_000 == [631]  # （1） then （3）: the （2） item is missing
    gaps_001 = [line for line, _ in _codes_at(_review(seeds_dir, "001_8ce664a1ba30d0b4.txt"), "TMPL-002")]
    assert 78 in gaps_001  # item "11." of the list is missing
    assert 776 in gaps_001  # "三是开展。三是照协议…": a point pasted twice


def test_scores_and_grades_left_blank_in_003(seeds_dir):
    found = _codes_at(_review(seeds_dir, "003_2eb6b8bca2f0722e.txt"), "TMPL-001")
    assert {line for line, f in found if "得分" in f.message} == {986, 2578}


def test_nearly_clean_report_002_has_one_template_leftover_and_no_integrity_finding(seeds_dir):
    """Its list of offices runs on into the template's instruction "机构情况，包括当年变动情况及原因"."""
    review = _review(seeds_dir, "002_dbaf5c1903f647a7.txt")
    found = [f for f in review.findings if f.category in ("template", "integrity")]
    assert [(f.code, "包括当年变动情况及原因" in f.message) for f in found] == [("TMPL-001", True)]


def test_duties_copied_from_the_item_above_in_003(seeds_dir):
    """Its list of duties repeats （二） as （三） and （七） as （八） word for word."""
    found = _codes_at(_review(seeds_dir, "003_2eb6b8bca2f0722e.txt"), "TMPL-003")
    assert [line for line, _ in found] == [47, 59]


def test_rate_column_of_000_cut_short_instead_of_rounded(seeds_dir):
    """Seed 000's 三公 table: 98701 against 54666 is up 44035, 80.55 %, printed 80 % (cut, not rounded to 81 %),
    on the 合计 row and on 公务接待费, its only item: two low findings, one per cell."""
    found = _codes_at(_review(seeds_dir, "000_606bb5564b4898ff.txt"), "FOOT-005")
    assert [(line, f.severity, f.evidence.stated, f.evidence.expected) for line, f in found] == [
        (606, "low", "80%", "81%"), (613, "low", "80%", "81%")]

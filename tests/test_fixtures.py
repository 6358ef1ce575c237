"""The project's own fixtures: consistent reports give no finding; every planted error is found at its line.

Each planted error may legitimately surface at a related place too (a changed 项 row makes its 款
row disagree): the fixture's ``also`` list names those (code, line) pairs. Nothing else may appear.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from reviewer.ingest import load
from reviewer.review import review_document

CONSISTENT = ["juesuan_consistent.txt", "jixiao_consistent.txt", "juesuan_consistent_gbk.html"]
PLANTED = ["juesuan_planted", "jixiao_planted"]


def _pairs(review) -> set[tuple[str, int]]:
    return {(f.code, loc.line) for f in review.findings for loc in f.locations if loc.line is not None}


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_fixture_has_no_findings(name):
    review = review_document(load(FIXTURES / name))
    assert [(f.code, f.first_line, f.message) for f in review.findings] == []
    assert review.errors == []


@pytest.mark.parametrize("stem", PLANTED)
def test_every_planted_error_is_found_at_its_line(stem):
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))["planted"]
    review = review_document(load(FIXTURES / f"{stem}.txt"))
    found = _pairs(review)
    missed = []
    allowed: set[tuple[str, int]] = set()
    for planted in expected:
        accepted = {(planted["code"], planted["line"])} | {(a["code"], a["line"]) for a in planted.get("also", [])}
        allowed |= accepted
        if not accepted & found:
            missed.append((planted["line"], planted["code"], planted["what"]))
    assert missed == []
    unexpected = [(f.code, f.first_line, f.message) for f in review.findings
                  if not {(f.code, loc.line) for loc in f.locations} & allowed]
    assert unexpected == []

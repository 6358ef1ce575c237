"""Every check's documented examples are real test cases: the failing one is flagged, the passing one not."""

from __future__ import annotations

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.ingest import parse_text


def _codes(text: str, check_code: str) -> list[str]:
    check = CATALOGUE[check_code]()
    return [f.code for f in check.run(DocumentFacts(parse_text(text, "example.txt")))]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_failing_example_is_flagged(code):
    assert code in _codes(CATALOGUE[code].example_fail, code)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_passing_example_is_clean(code):
    assert _codes(CATALOGUE[code].example_pass, code) == []


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_check_is_documented(code):
    cls = CATALOGUE[code]
    assert cls.title and cls.title_en and cls.why and cls.category
    assert cls.example_fail.strip() and cls.example_pass.strip()


def test_xx_inside_a_quoted_name_is_a_naming_pattern_not_a_blank():
    quoted = "在各县设立 13 个“市医疗保障基金管理中心××管理部”，为派出机构。\n"
    blank = "支出增加的主要原因是XX。\n"
    assert _codes(quoted, "TMPL-001") == []
    assert _codes(blank, "TMPL-001") == ["TMPL-001"]

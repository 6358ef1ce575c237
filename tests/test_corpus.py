"""The sentence corpus of real reports (tests/corpus) and the harness that scores the reader on it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reviewer.eval.corpus import evaluate, findings_of, load_corpus, plant, read_relations, schema_problems

CORPUS = Path(__file__).parent / "corpus"
REPORTS = load_corpus(CORPUS)

_MINI = """
source = "https://example.invalid/report"
province = "测试"
year = 2023
report_type = "决算"
split = "dev"

[[case]]
text = "2023年本年支出合计530.10万元，其中：基本支出400.00万元，占75.46%；项目支出130.10万元，占24.54%。"
relations = [
  { kind = "share", part = "400.00", whole = "530.10", percent = "75.46" },
  { kind = "share", part = "130.10", whole = "530.10", percent = "24.54" },
  { kind = "sum", whole = "530.10", parts = ["400.00", "130.10"] },
]
findings = []

[[case]]
text = "公务接待费3.30万元，比上年减少0.30万元，下降8.33%。"
relations = [{ kind = "growth", subject = "公务接待费", current = "3.30", change = "-0.30", rate = "-8.33" }]
findings = []
"""


@pytest.fixture()
def mini(tmp_path) -> list:
    (tmp_path / "mini.toml").write_text(_MINI, encoding="utf-8")
    return load_corpus(tmp_path)


def test_every_corpus_file_is_usable():
    problems = [p for report in REPORTS for p in schema_problems(report)]
    assert problems == []


def test_a_relation_is_read_when_every_annotated_figure_is_there(mini):
    shares, growth = mini[0].cases
    assert read_relations(shares) == [True, True, True]
    assert read_relations(growth) == [True]


def test_a_rate_with_nothing_to_check_it_against_is_no_relation(mini):
    case = mini[0].cases[1]
    bare = type(case)(case.report, case.split, case.year, case.index, "一般公共预算收入完成107.30万元，同比增长8.36%。", [],
                      [{"kind": "growth", "current": "107.30", "rate": "8.36"}], [])
    assert read_relations(bare) == [] and plant(bare) == []


def test_a_relation_with_another_figure_is_not_read(mini):
    case = mini[0].cases[1]
    wrong = type(case)(case.report, case.split, case.year, case.index, case.text, [],
                       [{"kind": "growth", "current": "3.30", "change": "0.30", "rate": "8.33"}], [])
    assert read_relations(wrong) == [False]   # the annotation says an increase: the sign counts


def test_twins_are_planted_at_the_annotated_figures(mini):
    shares, growth = mini[0].cases
    twins = plant(shares)
    assert [t.kind for t in twins] == ["share", "share", "sum"]
    assert "占83.01%" in twins[0].text          # 75.46 moved by a tenth
    assert "基本支出440.00万元" in twins[2].text
    assert [t.kind for t in plant(growth)] == ["growth", "direction"]
    assert "比上年增加0.30万元" in plant(growth)[1].text


def test_planted_twins_raise_their_finding_and_the_originals_none(mini):
    for case in mini[0].cases:
        assert findings_of(case.text) == []
        for twin in plant(case):
            assert twin.caught_by(findings_of(twin.text)), twin.text


def test_the_evaluation_counts_reads_and_catches(mini):
    dev = evaluate(mini)["dev"]
    assert (dev.sentences, sum(dev.relations.values()), sum(dev.read.values())) == (2, 4, 4)
    assert sum(dev.planted.values()) == sum(dev.caught.values()) == 5
    assert dev.false_cases == [] and dev.missed_twins == []


def _case_of(mini, text: str, relations: list[dict]):
    """The mini corpus's second case with another text and other annotated relations."""
    case = mini[0].cases[1]
    return type(case)(case.report, case.split, case.year, case.index, text, [], relations, [])


def test_a_completion_rate_of_a_budget_states_the_comparison(mini):
    text = "“三公”经费支出预算为20.00万元，支出决算为21.00万元，完成预算105.00%。"
    above = {"kind": "compare", "relation": ">", "against": "budget", "actual": "21.00", "base": "20.00"}
    assert read_relations(_case_of(mini, text, [above, dict(above, relation="<")])) == [True, False]


def test_a_rate_against_a_named_budget_states_the_comparison(mini):
    text = "公务接待费决算数210万元，相比年初预算数560万元下降62.5%。"
    below = {"kind": "compare", "relation": "<", "against": "budget", "actual": "210", "base": "560"}
    assert read_relations(_case_of(mini, text, [below, dict(below, relation=">")])) == [True, False]


def test_a_table_sum_is_read_when_a_footing_check_tests_it(mini):
    text = ("“三公”经费支出决算表\n单位：万元\n项目 | 决算数 |\n合计 | 12.50 |\n因公出国（境）费 | 0.00 |\n"
            "公务用车购置及运行费 | 8.00 |\n公务接待费 | 4.50 |\n")
    total = {"kind": "sum", "whole": "12.50", "parts": ["0.00", "8.00", "4.50"]}
    assert read_relations(_case_of(mini, text, [total, dict(total, whole="12.60")])) == [True, False]


def test_decimal_comparison_ignores_trailing_zeros(mini):
    case = mini[0].cases[1]
    loose = type(case)(case.report, case.split, case.year, case.index, case.text, [],
                       [{"kind": "growth", "change": "-0.30", "rate": "-8.330"}], [])
    assert Decimal("-8.330") == Decimal("-8.33") and read_relations(loose) == [True]


def test_the_corpus_spans_many_reports_and_provinces():
    cases = sum(len(r.cases) for r in REPORTS)
    assert cases >= 400 and len(REPORTS) >= 40 and len({r.province for r in REPORTS}) >= 10
    assert {r.split for r in REPORTS} == {"dev", "held"}


def test_the_dev_corpus_raises_nothing_a_reviewer_did_not_expect():
    dev = evaluate([r for r in REPORTS if r.split == "dev"])["dev"]
    assert dev.false_cases == []

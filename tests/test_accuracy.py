"""Accuracy floors: a small fixed-seed run of the planted-error harness (the full run is bench/accuracy.py)."""

from __future__ import annotations

from conftest import FIXTURES
from reviewer.eval.harness import evaluate
from reviewer.eval.mutations import MUTATORS

CONSISTENT = [FIXTURES / "juesuan_consistent.txt", FIXTURES / "jixiao_consistent.txt"]


def test_planted_errors_are_found_and_clean_reports_stay_clean():
    evaluation = evaluate(CONSISTENT, [], per_kind=2, seed=11)
    assert evaluation.clean_findings == {"juesuan_consistent.txt": 0, "jixiao_consistent.txt": 0}
    planted_kinds = set(evaluation.kinds["fixtures"])
    assert planted_kinds == set(MUTATORS)  # every kind of mutation found a place to plant in the fixtures
    missed = [m for r in evaluation.kinds["fixtures"].values() for m in r.missed]
    assert evaluation.overall("fixtures") >= 0.95, missed


def test_injected_strings_of_the_benchmark_are_not_the_checks_own_words():
    from reviewer.eval.mutations import FOREIGN_STRINGS
    from reviewer.vocabulary import words

    own = [w.lower() for w in words("integrity", "foreign")]
    assert [s for s in FOREIGN_STRINGS if any(w in s.lower() for w in own)] == []

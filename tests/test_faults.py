"""Hostile and broken input: every kind ends in a clear exit 2 or a review, within a memory and time ceiling.

Each case (tests/hostile.py) is built byte by byte and reviewed in its own process, whose peak RSS
and wall time are measured: under 500 MB and 30 s, with the default limits.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from hostile import CEILING_MB, CEILING_S, cases, run_measured

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_or_reviewed_within_bounds(case, tmp_path):
    if case.name.startswith("xls_") and importlib.util.find_spec("xlwt") is None:
        pytest.skip("building an .xls needs xlwt (pip install -e '.[dev]')")
    path = case.build(tmp_path)
    result = run_measured(["review", str(path), "--offline", "--format", "json"], env=case.env, timeout=120)
    assert "Traceback" not in result.stderr
    assert result.peak_mb < CEILING_MB, f"peak {result.peak_mb:.0f} MB"
    assert result.seconds < CEILING_S, f"{result.seconds:.1f} s"
    if case.expect == "refused":
        assert result.returncode == 2, result.stderr[-500:]
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr[-500:]
        assert case.says in result.stderr
        assert result.stdout == ""
    else:
        assert result.returncode == 0, result.stderr[-500:]
        memo = json.loads(result.stdout)
        assert not case.says or any(case.says in note for note in memo["not_checked"]), memo["not_checked"]


def test_the_matrix_covers_at_least_forty_kinds():
    assert len({c.name for c in CASES}) >= 40

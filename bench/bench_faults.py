"""Hostile and broken input: peak memory and wall time of one offline review per case (tests/hostile.py).

Usage: .venv/bin/python bench/bench_faults.py [--write]
Each case runs in its own process with the default limits; the ceiling is 500 MB and 30 s per case
(issue 15). ``--write`` records the table in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from benchmarks_md import stamp, update_section  # noqa: E402
from hostile import CEILING_MB, CEILING_S, cases, run_measured  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    rows = ["| case | exit | peak MB | s | outcome |", "|---|---|---|---|---|"]
    worst_mb = worst_s = 0.0
    for case in cases():
        with tempfile.TemporaryDirectory() as temp:
            try:
                path = case.build(Path(temp))
            except ImportError as exc:   # xlwt for the .xls case
                rows.append(f"| {case.name} | – | – | – | not built: {exc} |")
                continue
            result = run_measured(["review", str(path), "--offline", "--format", "json"], env=case.env)
        outcome = result.stderr.strip().splitlines()[-1] if result.returncode else "reviewed"
        outcome = outcome.replace(f"{path.parent}/", "")[:110]
        rows.append(f"| {case.name} | {result.returncode} | {result.peak_mb:.0f} | {result.seconds:.2f} | "
                    f"{outcome.replace('|', '/')} |")
        worst_mb, worst_s = max(worst_mb, result.peak_mb), max(worst_s, result.seconds)
        print(rows[-1], flush=True)
    summary = (f"{len(rows) - 2} cases; worst peak {worst_mb:.0f} MB (ceiling {CEILING_MB}), "
               f"worst wall time {worst_s:.1f} s (ceiling {CEILING_S})")
    print(summary)
    if args.write:
        update_section("faults", f"## Hostile input: memory and time per case ({stamp()})\n\n"
                       "Reproduce: `.venv/bin/python bench/bench_faults.py --write` (the same cases as "
                       "`tests/test_faults.py`; one `reviewer review --offline --format json` process per case, "
                       "peak RSS from `wait4`).\n\n" + summary + "\n\n" + "\n".join(rows))


if __name__ == "__main__":
    main()

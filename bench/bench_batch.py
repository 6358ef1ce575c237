"""Batch throughput and memory: N generated reports, offline, with --jobs 1 and --jobs 2.

Usage: .venv/bin/python bench/bench_batch.py [-n 1000]
Prints wall time, reports per second and peak resident memory (the batch process and its largest
worker). Targets (issue 6): ≥ 20 text reports/s with 2 jobs; peak memory < 500 MB whatever N.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmarks_md import stamp, update_section  # noqa: E402
from make_batch import generate  # noqa: E402


def run(reports: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, peak RSS MB of the batch and its workers)."""
    start = time.perf_counter()
    script = ("import resource, sys; from reviewer.cli import app\n"
              "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
              "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print('PEAK', max(own, kids), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script, "batch", str(reports), "--out", str(out),
                           "--jobs", str(jobs), "--format", "md,json"], capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = int(done.stderr.rsplit("PEAK", 1)[1].split()[0])
    return wall, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    lines = [f"{args.n} generated reports (fixtures with varied names and planted errors), offline, md+json memos"]
    with tempfile.TemporaryDirectory() as temp:
        reports = Path(temp) / "reports"
        generate(reports, args.n)
        walls = {}
        for jobs in (1, 2):
            wall, peak = run(reports, Path(temp) / f"out{jobs}", jobs)
            walls[jobs] = wall
            lines.append(f"--jobs {jobs}: {wall:.1f} s wall, {args.n / wall:.1f} reports/s, peak RSS {peak:.0f} MB")
        lines.append(f"speed-up with 2 jobs: {walls[1] / walls[2]:.2f}x")
    print("\n".join(lines))
    if args.write:
        update_section("batch", f"## Batch throughput ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/bench_batch.py -n {args.n} --write`\n\n"
                       + "\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()

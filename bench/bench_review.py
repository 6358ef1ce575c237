"""Offline review speed: median wall time of load + checks + memo for the largest seed and for all five.

Usage: .venv/bin/python bench/bench_review.py [SEEDS_DIR] [--repeat N]
Target (issue 3): under 1 s for seed 003 on a 2-core machine. Medians, since machines here are shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from benchmarks_md import stamp, update_section
from reviewer.ingest import load
from reviewer.render import render_json, render_markdown
from reviewer.review import review_document

ROOT = Path(__file__).resolve().parent.parent


def review_once(path: Path) -> int:
    result = review_document(load(path))
    render_markdown(result)
    render_json(result)
    return len(result.findings)


def timed(paths: list[Path], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            review_once(path)
        runs.append(time.perf_counter() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("seeds", nargs="?", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    seeds = sorted(Path(args.seeds).glob("*"))
    if not seeds:
        raise SystemExit(f"no seeds in {args.seeds}")
    largest = max(seeds, key=lambda p: p.stat().st_size)
    review_once(largest)  # warm imports and regex caches

    one = timed([largest], args.repeat)
    every = timed(seeds, args.repeat)
    tracemalloc.start()
    review_once(largest)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    lines = [
        f"runs per figure: {args.repeat}",
        f"{largest.name} ({largest.stat().st_size // 1024} KiB): median {statistics.median(one) * 1000:.0f} ms "
        f"(min {min(one) * 1000:.0f}, max {max(one) * 1000:.0f}); target < 1000 ms",
        f"all {len(seeds)} seeds: median {statistics.median(every) * 1000:.0f} ms "
        f"(min {min(every) * 1000:.0f}, max {max(every) * 1000:.0f})",
        f"peak Python heap for {largest.name}: {peak / 1e6:.1f} MB",
    ]
    print("\n".join(lines))
    if args.write:
        update_section("review-speed", f"## Offline review speed ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/bench_review.py --repeat {args.repeat} --write`\n\n"
                       + "\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()

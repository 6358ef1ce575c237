"""Start-up and per-page speed: what a user waits for at the command line.

Usage: .venv/bin/python bench/bench_startup.py [--runs N] [--repeat N] [--write]

- Whole process, the venv's ``reviewer`` run as a subprocess: ``reviewer --help``, and the offline
  review of the smallest text fixture (Markdown to stdout). Targets (issue 11): ≤ 0.25 s and ≤ 0.35 s.
- In process: load + review + Markdown memo of the real 30-page PDF in ../shared/real_reports, per
  page. Target: ≤ 25 ms/page. Skipped when ../shared is not beside this checkout.
Medians, since machines here are shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks_md import stamp, update_section

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = Path(sys.executable).with_name("reviewer")
REAL_PDF = ROOT.parent / "shared" / "real_reports" / "juesuan_2024_putuo_guihuaziyuan.pdf"


def process_seconds(args: list[str], runs: int) -> list[float]:
    """Wall time of ``reviewer ARGS`` as a fresh process, after one unmeasured run (disk cache)."""
    command = [str(REVIEWER), *args]
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def pdf_ms_per_page(path: Path, repeat: int) -> tuple[float, int]:
    """Median milliseconds per page of load → review → Markdown memo, imports already warm."""
    from reviewer.ingest import load
    from reviewer.render import render_markdown
    from reviewer.review import review_document

    def once() -> int:
        document = load(path)
        render_markdown(review_document(document))
        return document.pages or 1

    pages = once()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000 / pages, pages


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11, help="processes per whole-process figure")
    parser.add_argument("--repeat", type=int, default=5, help="reviews of the real PDF")
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    smallest = min((ROOT / "fixtures").glob("*.txt"), key=lambda p: p.stat().st_size)
    review_args = ["review", str(smallest.relative_to(ROOT)), "--offline"]
    bytecode = "off (PYTHONDONTWRITEBYTECODE is set: every run compiles the package)" \
        if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"

    lines = [
        f"whole process, {args.runs} runs each after one warm-up, {os.cpu_count()} cores; bytecode cache {bytecode}",
        f"`reviewer --help`: {spread(process_seconds(['--help'], args.runs))}; target ≤ 0.25 s",
        f"`reviewer {' '.join(review_args)}` (Markdown to stdout): "
        f"{spread(process_seconds(review_args, args.runs))}; target ≤ 0.35 s",
    ]
    if REAL_PDF.exists():
        ms, pages = pdf_ms_per_page(REAL_PDF, args.repeat)
        lines.append(f"in process, {REAL_PDF.name} ({pages} pages) to Markdown: median {ms:.1f} ms/page "
                     f"over {args.repeat} reviews ({ms * pages / 1000:.2f} s); target ≤ 25 ms/page")
    else:
        lines.append(f"in process, real PDF: skipped, {REAL_PDF} is absent")
    print("\n".join(lines))
    if args.write:
        update_section("startup", f"## Start-up and per-page speed ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/bench_startup.py --runs {args.runs} "
                       f"--repeat {args.repeat} --write`\n\n" + "\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()

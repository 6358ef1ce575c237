"""Model-stage cost: tokens and seconds per report for the seed reports, and the estimate's error.

Usage:
    .venv/bin/python bench/bench_model.py --local [SEEDS_DIR] [--write]
    .venv/bin/python bench/bench_model.py --model M --base-url URL [SEEDS_DIR]

For each report: the questions asked, the prompt tokens ``reviewer estimate`` predicts (counted before
sending), the tokens the endpoint reports using, and the wall time of the whole review. Nothing is
taken from the cache. With --write the table replaces this benchmark's section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchmarks_md import stamp, update_section  # noqa: E402
from model_common import add_endpoint_arguments, endpoint  # noqa: E402

from reviewer.ingest import load  # noqa: E402
from reviewer.llm.cache import Store  # noqa: E402
from reviewer.llm.estimate import estimate_document  # noqa: E402
from reviewer.llm.stage import ModelStage  # noqa: E402
from reviewer.review import review_document  # noqa: E402

SECTION = "model-cost"
HEADING = "Model stage: tokens and seconds per seed report"


def measure(paths: list[Path], config, store: Store) -> list[dict]:
    rows = []
    for path in paths:
        document = load(path)
        predicted = estimate_document(document, config)
        started = time.perf_counter()
        review = review_document(load(path), model=ModelStage(config, store))
        seconds = time.perf_counter() - started
        llm, tokens = review.run["llm"], review.run["tokens"]
        rows.append({"report": path.name, "questions": llm["questions"], "answered": llm["answered"],
                     "estimate": predicted.prompt_tokens,
                     "estimate_total": predicted.prompt_tokens + predicted.completion_tokens,
                     "prompt": tokens["prompt"], "completion": tokens["completion"], "seconds": seconds,
                     "status": review.run["llm_status"]})
        print(f"{path.name}: {rows[-1]}", file=sys.stderr)
    return rows


def _error(estimate: int, actual: int) -> str:
    return f"{(estimate - actual) / actual:+.1%}" if actual else "—"


def table(rows: list[dict], label: str) -> str:
    out = ["| report | questions | answered | est. prompt tok | prompt tok used | error | completion tok | "
           "est. total | total used | error | seconds | status |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        total = r["prompt"] + r["completion"]
        out.append(f"| {r['report']} | {r['questions']} | {r['answered']} | {r['estimate']} | {r['prompt']} | "
                   f"{_error(r['estimate'], r['prompt'])} | {r['completion']} | {r['estimate_total']} | {total} | "
                   f"{_error(r['estimate_total'], total)} | {r['seconds']:.1f} | {r['status']} |")
    est, used = sum(r["estimate"] for r in rows), sum(r["prompt"] for r in rows)
    est_total = sum(r["estimate_total"] for r in rows)
    total = used + sum(r["completion"] for r in rows)
    questions, answered = sum(r["questions"] for r in rows), sum(r["answered"] for r in rows)
    out.append(f"| **all** | {questions} | {answered} | {est} | {used} | "
               f"**{_error(est, used)}** | {total - used} | {est_total} | {total} | **{_error(est_total, total)}** | "
               f"{sum(r['seconds'] for r in rows):.1f} | |")
    out += ["", f"Endpoint: {label}. Prompt tokens used include the retries a malformed or truncated answer costs "
            "(one per question at most); the estimate counts one request per question."]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_endpoint_arguments(parser)
    parser.add_argument("seeds", nargs="?", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    paths = sorted(Path(args.seeds).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt reports in {args.seeds}")
    with tempfile.TemporaryDirectory() as scratch, endpoint(args, Path(scratch)) as (config, label):
        rows = measure(paths, config, Store(Path(scratch) / "log.sqlite3", read_cache=False))
    report = table(rows, label)
    print(report)
    if args.write:
        update_section(SECTION, f"## {HEADING} ({stamp()}, {os.cpu_count()} cores)\n\n"
                       "Reproduce: `.venv/bin/python bench/bench_model.py --local --write`.\n\n" + report)


if __name__ == "__main__":
    main()

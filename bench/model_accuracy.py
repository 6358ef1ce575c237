"""Model-stage accuracy: recall on errors only a reading model can catch, and false findings on clean twins.

Usage:
    .venv/bin/python bench/model_accuracy.py --local                       # the bundled Gemma-3 270M
    .venv/bin/python bench/model_accuracy.py --model gpt-4o-mini --base-url https://api.openai.com/v1
    (any OpenAI-compatible endpoint; OPENAI_API_KEY from the environment)  [--write] [--repeat N]

Reads fixtures/model/expected.json (built by fixtures/model/build.py): for each case, a planted report
and its clean twin. A planted error is caught when the memo has a model finding (source model or both)
with the expected code located at the planted line; any model finding on a clean twin is a false
finding. Answers are never taken from the cache. With --write the table replaces this benchmark's
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchmarks_md import stamp, update_section  # noqa: E402
from model_common import add_endpoint_arguments, endpoint  # noqa: E402

from reviewer.ingest import load  # noqa: E402
from reviewer.llm.cache import Store  # noqa: E402
from reviewer.llm.stage import ModelStage  # noqa: E402
from reviewer.review import review_document  # noqa: E402

CASES = ROOT / "fixtures" / "model"
SECTION = "model-accuracy"
HEADING = "Model stage: planted model-dependent errors"


def model_findings(review) -> list:
    return [f for f in review.findings if f.source in ("model", "both")]


def evaluate(config, store: Store, repeat: int) -> dict:
    cases = json.loads((CASES / "expected.json").read_text(encoding="utf-8"))["cases"]
    results = defaultdict(lambda: {"planted": 0, "caught": 0, "clean": 0, "false": 0})
    runs = {"questions": 0, "answered": 0, "dropped": 0, "inconsistent": 0, "seconds": 0.0, "prompt": 0,
            "completion": 0}
    for _ in range(repeat):
        for case in cases:
            kind = results[case["kind"]]
            for name, planted in ((case["planted"], True), (case["clean"], False)):
                started = time.perf_counter()
                review = review_document(load(CASES / name), model=ModelStage(config, store))
                runs["seconds"] += time.perf_counter() - started
                llm = review.run["llm"]
                for key in ("questions", "answered"):
                    runs[key] += llm[key]
                runs["dropped"] += sum(llm["dropped"].values())
                runs["inconsistent"] += llm["verdicts"].get("inconsistent", 0)
                runs["prompt"] += review.run["tokens"]["prompt"]
                runs["completion"] += review.run["tokens"]["completion"]
                found = model_findings(review)
                if planted:
                    kind["planted"] += 1
                    kind["caught"] += any(f.code == case["code"] and case["line"] in {loc.line for loc in f.locations}
                                          for f in found)
                else:
                    kind["clean"] += 1
                    kind["false"] += len(found)
    return {"kinds": dict(results), "runs": runs}


def table(result: dict, label: str) -> str:
    rows = ["| kind | caught / planted | recall | false findings / clean twins |", "|---|---|---|---|"]
    total = {"planted": 0, "caught": 0, "clean": 0, "false": 0}
    for kind, r in result["kinds"].items():
        recall = r["caught"] / r["planted"]
        rows.append(f"| {kind} | {r['caught']}/{r['planted']} | {recall:.0%} | {r['false']}/{r['clean']} |")
        for key in total:
            total[key] += r[key]
    rows.append(f"| **all** | {total['caught']}/{total['planted']} | **{total['caught'] / total['planted']:.0%}** "
                f"| {total['false']}/{total['clean']} |")
    runs = result["runs"]
    per_report = runs["seconds"] / max(1, total["planted"] + total["clean"])
    rows += ["", f"Endpoint: {label}. Questions asked: {runs['questions']}, answered validly: {runs['answered']}, "
             f"verdicts \"inconsistent\": {runs['inconsistent']}, dropped by verification (quote or number not in "
             f"the document): {runs['dropped']}. Tokens {runs['prompt']} prompt + {runs['completion']} completion; "
             f"{runs['seconds']:.0f} s in all ({per_report:.1f} s per report)."]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_endpoint_arguments(parser)
    parser.add_argument("--repeat", type=int, default=1, help="Run every case this many times.")
    parser.add_argument("--write", action="store_true", help="Write the table into BENCHMARKS.md.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, endpoint(args, Path(scratch)) as (config, label):
        store = Store(Path(scratch) / "log.sqlite3", read_cache=False)
        report = table(evaluate(config, store, args.repeat), label)
    print(report)
    if args.write:
        update_section(SECTION, f"## {HEADING} ({stamp()}, {os.cpu_count()} cores)\n\n"
                       "Reproduce: `.venv/bin/python bench/model_accuracy.py --local --write` (or `--model M "
                       "--base-url URL` for any endpoint). Cases: `fixtures/model/` (4 wordings × 3 kinds, each with "
                       "a clean twin; no rule finding in any of them).\n\n" + report)


if __name__ == "__main__":
    main()

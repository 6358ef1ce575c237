"""Accuracy benchmark: plant one error at a time in consistent reports and count what the review finds.

Usage: .venv/bin/python bench/accuracy.py [--per-kind 8] [--seed 7] [--write]
Prints recall per kind of planted error (on the project's consistent fixtures, and on the real seeds
where the line had no finding before), false findings per clean document and the median memo time.
With --write, the table goes to BENCHMARKS.md with the date and the commit.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks_md import stamp, update_section
from reviewer.eval.harness import evaluate
from reviewer.eval.mutations import MODEL_KINDS, MUTATORS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [ROOT / "fixtures" / n for n in ("juesuan_consistent.txt", "jixiao_consistent.txt")]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def table(evaluation) -> str:
    rows = ["| kind | fixtures: caught/planted | recall | seeds: caught/planted | recall |", "|---|---|---|---|---|"]
    for kind in MUTATORS:
        fx = evaluation.kinds.get("fixtures", {}).get(kind)
        sd = evaluation.kinds.get("seeds", {}).get(kind)
        rows.append(f"| {kind} | {f'{fx.caught}/{fx.planted}' if fx else '0/0'} | {_pct(fx.recall if fx else None)} "
                    f"| {f'{sd.caught}/{sd.planted}' if sd else '0/0'} | {_pct(sd.recall if sd else None)} |")
    for kind in MODEL_KINDS:
        rows.append(f"| {kind} | model stage: see \"Model stage: planted model-dependent errors\" below | — | — | — |")
    rows.append(f"| **overall** | | **{_pct(evaluation.overall('fixtures'))}** | | **{_pct(evaluation.overall('seeds'))}** |")
    clean = ", ".join(f"{name}: {count}" for name, count in evaluation.clean_findings.items())
    rows += ["", f"False findings on consistent fixtures: {clean}",
             f"Median memo time per review: {evaluation.median_review_ms:.0f} ms over {len(evaluation.review_seconds)} reviews"]
    return "\n".join(rows)


def misses(evaluation) -> str:
    lines = []
    for source, kinds in evaluation.kinds.items():
        for kind, result in kinds.items():
            lines += [f"- {source} {kind}: {m}" for m in result.missed[:3]]
    return "\n".join(lines) or "- none"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    evaluation = evaluate(FIXTURES, SEEDS, args.per_kind, args.seed)
    report = table(evaluation)
    print(report)
    print("\nMissed (first 3 per kind):\n" + misses(evaluation))
    if args.write:
        update_section("accuracy", f"## Accuracy on planted errors ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/accuracy.py --per-kind {args.per_kind} --seed {args.seed} --write`\n\n"
                       f"{CAVEAT}\n\n{report}\n\nMissed (first 3 per kind):\n\n{misses(evaluation)}\n")


CAVEAT = ("What this measures: the narrative kinds (narrative_*, share, qizhong_part, count_one_place) are planted "
          "in sentences the fixtures and seeds phrase the way the reader already reads, so their recall is the "
          "extractor measured against itself; recall on real phrasings is in \"Sentence corpus of real reports\" "
          "below (twins planted where people's annotations say, and a held-back part). The injected strings "
          "(foreign_string) hold no word of INTEG-001's own list.")


if __name__ == "__main__":
    main()

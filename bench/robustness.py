"""How much of what the reader reads in the sentence corpus survives rewrites that keep the meaning
(reviewer/eval/variants.py): the layouts and phrasings other departments and extraction tools use.

    .venv/bin/python bench/robustness.py [--every N] [--write]

For each variant, of the relations read in a prose case as written, the share still read once the case
is rewritten, on the dev split and on the held split (totals only). --every N takes every Nth report.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks_md import stamp, update_section  # noqa: E402

from reviewer.eval.corpus import load_corpus  # noqa: E402
from reviewer.eval.variants import VARIANTS, kept  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
SPLITS = ("dev", "held")


def measure(every: int) -> dict[str, dict[str, Counter]]:
    """split → variant → Counter(kept=…, read=…)."""
    totals = {split: {v.name: Counter() for v in VARIANTS} for split in SPLITS}
    for report in load_corpus(CORPUS)[::every]:
        for case in report.cases:
            for name, (still, read) in kept(case).items():
                totals[report.split][name].update(kept=still, read=read)
    return totals


def describe(totals: dict[str, dict[str, Counter]], every: int, seconds: float) -> str:
    sample = "every report" if every == 1 else f"every {every}th report"
    lines = [f"## Robustness to layout and phrasing ({stamp()})", "",
             f"`.venv/bin/python bench/robustness.py --every {every} --write` ({sample}, {seconds:.0f} s): of the "
             "relations the reader reads in a prose case as written, the share it still reads once the case is "
             "rewritten the way other reports write the same thing (reviewer/eval/variants.py).", "",
             "| variant | rewrite | dev | held |", "| --- | --- | --- | --- |"]
    for variant in VARIANTS:
        cells = [_share(totals[split][variant.name]) for split in SPLITS]
        lines.append(f"| {variant.name} | {variant.doc} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _share(counts: Counter) -> str:
    read = counts["read"]
    return f"{counts['kept']}/{read} ({counts['kept'] / read:.3f})" if read else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth report of the corpus")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    start = time.perf_counter()
    totals = measure(max(args.every, 1))
    text = describe(totals, max(args.every, 1), time.perf_counter() - start)
    print(text)
    if args.write:
        update_section("robustness", text)


if __name__ == "__main__":
    main()

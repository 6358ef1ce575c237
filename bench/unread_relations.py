"""Recall on real files without annotations: relations that hold among the figures a sentence states,
and how many of them the reader does not read.

    .venv/bin/python bench/unread_relations.py [--list] [--write] [FILES...]

Default files: the seeds and real reports in ../shared (skipped where absent) and the fixtures. In each
sentence, a percentage that equals a/b, (a−b)/b or c/(a−c) of two amounts at its displayed precision, or an
amount followed by two or more amounts that add up to it, is a relation the sentence states (a coincidence
now and then). It is unread when no relation the reader produces holds all of its figures. The share
unread is an estimate of what the reader misses on real text, with no annotator's choices in it.
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks_md import stamp, update_section  # noqa: E402

from reviewer.eval.corpus import observed_relations  # noqa: E402
from reviewer.facts import DocumentFacts  # noqa: E402
from reviewer.ingest import load  # noqa: E402
from reviewer.numbers import Quantity, find_quantities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_MOST_AMOUNTS = 12   # a sentence listing more is a table flattened into text: pairs would match by chance


def default_files() -> list[Path]:
    shared = sorted((SHARED / "seeds").glob("*")) + sorted((SHARED / "real_reports").glob("*.pdf"))
    return shared + sorted(p for p in (ROOT / "fixtures").iterdir() if p.suffix in (".txt", ".html", ".pdf"))


def stated_relations(sentence: str) -> list[tuple[str, frozenset[Decimal]]]:
    """(kind, figures) of each relation that holds among the sentence's figures."""
    quantities = find_quantities(sentence)
    amounts = [q for q in quantities if q.kind == "money"]
    percents = [q for q in quantities if q.kind == "percent" and q.places and q.value]
    if len(amounts) > _MOST_AMOUNTS:
        return []
    found = []
    for p in percents:
        for a, b in combinations(amounts, 2):
            for x, y in ((a, b), (b, a)):
                if _ratio_holds(p, x, y):
                    found.append(("ratio", frozenset({abs(p.value), x.value, y.value})))
    for i, whole in enumerate(amounts):
        total, parts = Decimal(0), []
        for part in amounts[i + 1:]:
            total, parts = total + part.in_wan().value, parts + [part]
            if len(parts) >= 2 and abs(total - whole.in_wan().value) <= whole.in_wan().half_unit and whole.value:
                found.append(("sum", frozenset({whole.value, *(q.value for q in parts)})))
                break
    return found


def _ratio_holds(p: Quantity, x: Quantity, y: Quantity) -> bool:
    """p% is x/y, (x−y)/y, x/(y−x) or x/(y+x) at p's displayed precision."""
    a, b = x.in_wan().value, y.in_wan().value
    candidates = [a / b if b else None, (a - b) / b if b and a != b else None,
                  a / (b - a) if b > a else None, a / (b + a) if a + b else None]
    return any(c is not None and abs(abs(c) * 100 - abs(p.value)) <= p.half_unit for c in candidates)


def measure(path: Path) -> tuple[int, list[tuple[str, str]]]:
    """(relations stated, [(kind, sentence) of those unread])."""
    facts = DocumentFacts(load(path))
    read = [frozenset(abs(v) for v in _figures(o)) for o in observed_relations(facts)]
    stated, unread = 0, []
    for paragraph in facts.document.paragraphs:
        for sentence in _SENTENCE.findall(paragraph.text):
            for kind, figures in stated_relations(sentence):
                stated += 1
                if not any(figures <= seen for seen in read):
                    unread.append((kind, sentence.strip()))
    return stated, unread


def _figures(observed: dict):
    for value in observed.values():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, Decimal):
                yield v


def describe(rows: list[tuple[str, int, int]]) -> str:
    stated, unread = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines = [f"## Relations held among stated figures and left unread ({stamp()})", "",
             "`.venv/bin/python bench/unread_relations.py --write`: in each sentence of the seeds, the real-report PDFs "
             "and the fixtures, the relations that hold among its figures (a percentage equal to a ratio or rate of change "
             "of two amounts, amounts that add up to one before them), and those no relation the reader produces holds. "
             "No annotation goes into it; a coincidence counts now and then.", "",
             "| file | relations held | unread |", "| --- | --- | --- |"]
    lines += [f"| {name} | {s} | {u} |" for name, s, u in rows]
    lines.append(f"| **all** | {stated} | {unread} ({unread / stated:.1%}) |" if stated else "| **all** | 0 | 0 |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--list", action="store_true", help="print each unread relation's sentence")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    rows = []
    for path in args.files or default_files():
        stated, unread = measure(path)
        rows.append((path.name, stated, len(unread)))
        if args.list:
            for kind, sentence in unread:
                print(f"{path.name}\t{kind}\t{sentence[:200]}")
    text = describe(rows)
    print(text)
    if args.write:
        update_section("unread-relations", text)


if __name__ == "__main__":
    main()

"""Recall per kind of planted error, and false findings on clean reports.

A mutation is caught when the review of the mutated report has a finding the unmutated review did
not have, located at the mutated line or naming the planted value in its evidence.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.eval.mutations import MUTATORS, Mutation
from reviewer.findings import Finding
from reviewer.ingest import parse_text
from reviewer.ingest.decode import decode
from reviewer.review import review_document


def _key(f: Finding) -> tuple:
    return (f.code, tuple(loc.line for loc in f.locations), f.evidence.stated, f.evidence.expected)


@dataclass
class KindResult:
    planted: int = 0
    caught: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.caught / self.planted if self.planted else None


@dataclass
class Evaluation:
    kinds: dict[str, dict[str, KindResult]] = field(default_factory=lambda: defaultdict(dict))  # source → kind
    clean_findings: dict[str, int] = field(default_factory=dict)    # consistent document → findings
    review_seconds: list[float] = field(default_factory=list)

    def recall(self, source: str, kind: str) -> float | None:
        result = self.kinds.get(source, {}).get(kind)
        return result.recall if result else None

    def overall(self, source: str) -> float | None:
        results = self.kinds.get(source, {}).values()
        planted = sum(r.planted for r in results)
        return sum(r.caught for r in results) / planted if planted else None

    @property
    def median_review_ms(self) -> float:
        return statistics.median(self.review_seconds) * 1000 if self.review_seconds else 0.0


def _timed_review(evaluation: Evaluation, text: str, name: str):
    start = time.perf_counter()
    review = review_document(parse_text(text, name))
    evaluation.review_seconds.append(time.perf_counter() - start)
    return review


def is_caught(mutation: Mutation, base_keys: set[tuple], review) -> bool:
    for finding in review.findings:
        if _key(finding) in base_keys:
            continue
        if any(loc.line == mutation.line for loc in finding.locations):
            return True
        evidence = f"{finding.evidence.stated or ''} {finding.evidence.expected or ''}"
        if mutation.value and mutation.value in evidence:
            return True
    return False


def evaluate_document(evaluation: Evaluation, path: Path, source: str, per_kind: int, rng: random.Random,
                      clean: bool) -> None:
    text, _ = decode(path.read_bytes())
    lines = text.splitlines()
    base = _timed_review(evaluation, text, path.name)
    if clean:
        evaluation.clean_findings[path.name] = len(base.findings)
    flagged_lines = {loc.line for f in base.findings for loc in f.locations}
    base_keys = {_key(f) for f in base.findings}
    document = parse_text(text, path.name)
    for kind, mutator in MUTATORS.items():
        candidates = [m for m in mutator(document, lines) if m.line not in flagged_lines]
        for mutation in rng.sample(candidates, min(per_kind, len(candidates))):
            review = _timed_review(evaluation, mutation.apply(lines), path.name)
            result = evaluation.kinds[source].setdefault(kind, KindResult())
            result.planted += 1
            if is_caught(mutation, base_keys, review):
                result.caught += 1
            else:
                result.missed.append(f"{path.name}:{mutation.line} {mutation.before.strip()[:40]} → {mutation.value}")


def evaluate(fixtures: list[Path], seeds: list[Path], per_kind: int = 5, seed: int = 7) -> Evaluation:
    """Fixtures are consistent by construction; seeds are real and only mutated where unflagged."""
    evaluation = Evaluation()
    rng = random.Random(seed)
    for path in fixtures:
        evaluate_document(evaluation, path, "fixtures", per_kind, rng, clean=True)
    for path in seeds:
        evaluate_document(evaluation, path, "seeds", per_kind, rng, clean=False)
    return evaluation

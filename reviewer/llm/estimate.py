"""``reviewer estimate``: the questions a review would ask and the requests that carry them, their
tokens and cost, with nothing sent; with ``--questions``, every question itself (its kind, the lines
of the claim asked about, the lines of the material sent with it, its share of its request's tokens,
its request) and every one not sent with the reason, and every request with its tokens.

Prompt tokens are counted on the exact messages the model stage would send (same claims, same
grouping into requests, same prompts, same budgets), the answer schema's tokens included when it
travels with each request (``response_format = "json_schema"``). Completion tokens cannot be known in
advance: the estimate assumes a typical answer per question (the answer schema bounds its length)
and also gives the ceiling, questions × max_tokens.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.document import Document
from reviewer.facts import DocumentFacts
from reviewer.llm.config import ModelConfig
from reviewer.llm.packs import ClaimPack, build_plan
from reviewer.llm.prompts import load_prompts
from reviewer.llm.tokens import TokenCounter
from reviewer.review import review_document

TYPICAL_ANSWER_TOKENS = 90   # a filled answer object: quote ≤ 40 chars, explanation ≤ 60 chars, 3 numbers


@dataclass
class Estimate:
    path: str
    packs: int                   # questions (claims) asked
    prompt_tokens: int
    completion_tokens: int
    completion_ceiling: int
    not_sent: int
    by_kind: dict[str, int] = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def cost(self, prices: tuple[float | None, float | None]) -> float | None:
        price_in, price_out = prices
        if price_in is None and price_out is None:
            return None
        return (self.prompt_tokens * (price_in or 0) + self.completion_tokens * (price_out or 0)) / 1_000_000


def estimate_document(document: Document, config: ModelConfig) -> Estimate:
    rule_findings = review_document(document).findings
    counter = TokenCounter(config.model)
    plan = build_plan(DocumentFacts(document), rule_findings, load_prompts(), counter, config.pack_tokens,
                      config.report_tokens, schema=config.response_format == "json_schema")
    packs = len(plan.packs)
    questions = [_question(p, n) for n, r in enumerate(plan.requests, 1) for p in r.packs]
    questions += [{**_question(u.pack, None), "not_sent": u.reason} for u in plan.unsent]
    requests = [{"request": n, "kind": r.kind, "questions": len(r.packs), "tokens": r.tokens}
                for n, r in enumerate(plan.requests, 1)]
    return Estimate(document.path, packs, plan.tokens, packs * min(TYPICAL_ANSWER_TOKENS, config.max_tokens),
                    packs * config.max_tokens, len(plan.unsent), dict(Counter(p.kind for p in plan.packs)),
                    questions, requests)


def _question(pack: ClaimPack, request: int | None) -> dict:
    claim_lines = sorted(pack.lines | {pack.anchor.line} - {None})
    return {"kind": pack.kind, "code": pack.question.code, "claim_lines": claim_lines,
            "context_lines": sorted(pack.context - set(claim_lines)), "tokens": pack.tokens, "request": request,
            "id": pack.id}


def questions_json(estimates: list[Estimate]) -> str:
    """Every question each report would send (and each not sent, with why), and the requests that
    carry them; nothing sent. A question's ``tokens`` is its share of its request's (the request
    less what every request of its kind carries, divided among its questions)."""
    return json.dumps({"reports": [{"path": e.path, "prompt_tokens": e.prompt_tokens, "questions": e.questions,
                                    "requests": e.requests} for e in estimates]}, ensure_ascii=False, indent=1)


def format_estimates(estimates: list[Estimate], config: ModelConfig, prices: tuple[float | None, float | None]) -> str:
    counter = TokenCounter(config.model)
    header = f"{'report':<40} {'questions':>9} {'requests':>8} {'not sent':>8} {'prompt tok':>10} {'answer tok':>10}"
    priced = prices != (None, None)
    lines = [header + (f" {'cost':>10}" if priced else ""), "-" * (len(header) + (11 if priced else 0))]
    for e in estimates:
        name = Path(e.path).name[:40]
        row = (f"{name:<40} {e.packs:>9} {len(e.requests):>8} {e.not_sent:>8} {e.prompt_tokens:>10} "
               f"{e.completion_tokens:>10}")
        lines.append(row + (f" {e.cost(prices):>10.4f}" if priced else ""))
    total = Estimate("total", sum(e.packs for e in estimates), sum(e.prompt_tokens for e in estimates),
                     sum(e.completion_tokens for e in estimates), sum(e.completion_ceiling for e in estimates),
                     sum(e.not_sent for e in estimates))
    requests = sum(len(e.requests) for e in estimates)
    lines.append(f"{'total':<40} {total.packs:>9} {requests:>8} {total.not_sent:>8} {total.prompt_tokens:>10} "
                 f"{total.completion_tokens:>10}" + (f" {total.cost(prices):>10.4f}" if priced else ""))
    schema = "answer schema counted in each request" if config.response_format == "json_schema" else "no schema sent"
    lines += ["", f"model: {config.model or '(none configured)'}; tokens: {counter.method}; {schema}",
              f"answers: about {TYPICAL_ANSWER_TOKENS} tokens each, at most {config.max_tokens} "
              f"(ceiling {total.completion_ceiling} in all)"]
    if not priced:
        lines.append("cost: give --price-in/--price-out (per million tokens) or price_*_per_mtok in reviewer.toml")
    return "\n".join(lines)

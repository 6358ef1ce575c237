"""Model-stage tokens per report before and after several claims per request, nothing sent.

Usage:
    .venv/bin/python bench/model_tokens.py [REPORT ...] [--write]

Default reports: the seeds (../shared/seeds/*.txt) and the real PDFs (../shared/real_reports/*.pdf).
For each report, counted offline with cl100k_base on the exact messages the stage would send:
- before: prompt v2, one claim per request, the v2 kinds, no schema counted (as the estimate was);
- the same questions batched: prompt v3, the v2 kinds only, claims of one kind and part per request,
  the answer schema counted in each request;
- after: prompt v3, every kind (the new questions and the section review), within the budgets
  (pack_tokens 1500 of material per claim, report_tokens 60000).
Also the system prompt's share of the tokens sent. With --write the table replaces this benchmark's
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchmarks_md import stamp, update_section  # noqa: E402

from reviewer.facts import DocumentFacts  # noqa: E402
from reviewer.ingest import load  # noqa: E402
from reviewer.llm.packs import build_plan  # noqa: E402
from reviewer.llm.prompts import load_prompts  # noqa: E402
from reviewer.llm.tokens import TokenCounter  # noqa: E402
from reviewer.review import review_document  # noqa: E402

SECTION = "model-tokens"
HEADING = "Model stage: tokens per report, one claim per request and several"
PACK_TOKENS, REPORT_TOKENS = 1500, 60000


def _system_share(plan, counter: TokenCounter) -> str:
    if not plan.tokens:
        return "—"
    system = sum(counter.count(r.messages[0]["content"]) for r in plan.requests)
    return f"{system / plan.tokens:.0%}"


def measure(path: Path) -> dict:
    document = load(path)
    findings = review_document(document).findings
    facts = DocumentFacts(document)
    counter = TokenCounter("gpt-4")
    v2, v3 = load_prompts("v2"), load_prompts("v3")
    same_kinds = replace(v3, templates={k: v for k, v in v3.templates.items() if k in v2.templates},
                         items={k: v for k, v in v3.items.items() if k in v2.templates})
    before = build_plan(facts, findings, v2, counter, 10**6, 10**9, schema=False)   # as sent before: no limits hit
    batched = build_plan(facts, findings, same_kinds, counter, PACK_TOKENS, REPORT_TOKENS)
    after = build_plan(facts, findings, v3, counter, PACK_TOKENS, REPORT_TOKENS)
    sections = [p for p in after.packs if p.kind == "section_review"]
    return {"report": path.name, "lines": len(document.source_lines),
            "before": (len(before.packs), len(before.requests), before.tokens, _system_share(before, counter)),
            "batched": (len(batched.packs), len(batched.requests), batched.tokens, _system_share(batched, counter)),
            "after": (len(after.packs), len(after.requests), after.tokens, len(after.unsent),
                      _system_share(after, counter)),
            "sections": (len(sections), sum(u.pack.kind == "section_review" for u in after.unsent))}


def table(rows: list[dict]) -> str:
    out = ["| report | lines | before: questions / requests / tokens (system share) | same questions batched: "
           "requests / tokens (system share) | after, every kind: questions / requests / tokens / not sent | "
           "sections read / not read |", "|---|---|---|---|---|---|"]
    for r in rows:
        b, s, a, sec = r["before"], r["batched"], r["after"], r["sections"]
        out.append(f"| {r['report']} | {r['lines']} | {b[0]} / {b[1]} / {b[2]} ({b[3]}) | {s[1]} / {s[2]} ({s[3]}) | "
                   f"{a[0]} / {a[1]} / {a[2]} / {a[3]} | {sec[0]} / {sec[1]} |")
    total = lambda key, i: sum(r[key][i] for r in rows)  # noqa: E731
    out.append(f"| **all** | | {total('before', 0)} / {total('before', 1)} / {total('before', 2)} | "
               f"{total('batched', 1)} / {total('batched', 2)} | {total('after', 0)} / {total('after', 1)} / "
               f"{total('after', 2)} / {total('after', 3)} | {total('sections', 0)} / {total('sections', 1)} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    paths = [Path(p) for p in args.reports] or (sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
                                                + sorted((ROOT.parent / "shared" / "real_reports").glob("*.pdf")))
    rows = []
    for path in paths:
        rows.append(measure(path))
        print(rows[-1], file=sys.stderr)
    report = table(rows)
    print(report)
    if args.write:
        update_section(SECTION, f"## {HEADING} ({stamp()})\n\n"
                       "Reproduce: `.venv/bin/python bench/model_tokens.py --write` (offline, nothing sent; "
                       "cl100k_base on the exact messages).\n\n" + report)


if __name__ == "__main__":
    main()

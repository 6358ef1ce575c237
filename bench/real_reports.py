"""The reviewer on real published reports nobody here wrote (../shared/real_reports), against what a
person found in them by hand.

    .venv/bin/python bench/real_reports.py [--write]

For each file: the document block (type, year, unit), how many tables were recognised and how many
of their hierarchies were footed, and every finding with the verdict a reviewer gave it after
checking it by hand with Decimal arithmetic (bench/real_reports_verdicts.toml: true, false, or
unreviewed when a finding is new). The same file lists the inconsistencies found by hand that the
tool does not report. --write puts the figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmarks_md import stamp, update_section  # noqa: E402

from reviewer.checks.footing import code_children, data_entries  # noqa: E402
from reviewer.facts import DocumentFacts  # noqa: E402
from reviewer.findings import Finding  # noqa: E402
from reviewer.ingest import load  # noqa: E402
from reviewer.review import review_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "real_reports"
VERDICTS = Path(__file__).resolve().parent / "real_reports_verdicts.toml"


def verdict_of(name: str, finding: Finding, verdicts: list[dict]) -> dict | None:
    """The hand verdict for a finding: same file and code, and the verdict's ``match`` in its message."""
    return next((v for v in verdicts if v["file"] == name and v["code"] == finding.code
                 and v["match"] in finding.message), None)


def footed_tables(facts: DocumentFacts) -> tuple[int, int]:
    """(tables recognised, of them coded tables whose 类/款/项 or economic hierarchy was footed)."""
    recognised = [t for t in facts.tables if t.table.code]
    footed = [t for t in recognised if code_children(data_entries(t), (3, 5))]
    return len(recognised), len(footed)


def review_file(path: Path, verdicts: list[dict]) -> dict:
    document = load(path)
    review = review_document(document)
    facts = DocumentFacts(document)
    recognised, footed = footed_tables(facts)
    rows = []
    for finding in review.findings:
        verdict = verdict_of(path.name, finding, verdicts)
        rows.append((finding, verdict["verdict"] if verdict else "unreviewed", verdict.get("why", "") if verdict else ""))
    return {"name": path.name, "doc": review.document, "recognised": recognised, "footed": footed,
            "findings": rows, "not_checked": [n for n in review.not_checked if "未检查" in n or "未核对" in n]}


def render(results: list[dict], missed: list[dict]) -> str:
    counts = Counter(v for r in results for _, v, _ in r["findings"])
    reviewed = counts["true"] + counts["false"]
    filled_rows = [v for r in results if "template" not in r["name"] for _, v, _ in r["findings"]]
    filled, filled_true = len(filled_rows), filled_rows.count("true")
    lines = [f"## Real reports ({stamp()})", "",
             "Reproduce: `.venv/bin/python bench/real_reports.py --write` (needs `../shared/real_reports`).",
             "Verdicts and the misses are hand work, kept in `bench/real_reports_verdicts.toml`.", "",
             f"- files: {len(results)}; findings: {sum(len(r['findings']) for r in results)} "
             f"(true {counts['true']}, false {counts['false']}, unreviewed {counts['unreviewed']}); "
             f"precision on reviewed: {counts['true'] / reviewed:.0%}" if reviewed else "- no reviewed findings",
             f"- without the blank template: {filled_true} true of {filled} findings",
             f"- inconsistencies found by hand and not reported: {len(missed)}", "",
             "| file | type | year | unit | tables recognised (hierarchy read) | findings: true / false / unreviewed "
             "| missed |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        c = Counter(v for _, v, _ in r["findings"])
        doc = r["doc"]
        lines.append(f"| {r['name']} | {doc['report_type']} | {doc['year']} | {doc['department'] or '—'} | "
                     f"{r['recognised']} ({r['footed']}) | {c['true']} / {c['false']} / {c['unreviewed']} | "
                     f"{sum(1 for m in missed if m['file'] == r['name'])} |")
    lines += ["", "Findings (TMPL-001 placeholders of the blank template counted, not listed):", ""]
    for r in results:
        for finding, verdict, why in r["findings"]:
            if finding.code == "TMPL-001" and "template" in r["name"]:
                continue
            lines.append(f"- {r['name']} {finding.code} {finding.severity} **{verdict}**: "
                         f"{finding.evidence.stated or ''}{' → ' + finding.evidence.expected if finding.evidence.expected else ''}"
                         f"{' — ' + why if why else ''}")
    lines += ["", "Missed (found by hand, not reported):", ""]
    lines += [f"- {m['file']} ({m['kind']}): {m['what']}" for m in missed]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the real-reports section of BENCHMARKS.md")
    args = parser.parse_args()
    if not REPORTS.is_dir():
        sys.exit(f"{REPORTS} is absent: nothing to measure")
    data = tomllib.loads(VERDICTS.read_text(encoding="utf-8"))
    results = [review_file(path, data.get("finding", [])) for path in sorted(REPORTS.glob("*.pdf"))]
    text = render(results, data.get("missed", []))
    print(text)
    for r in results:
        for note in r["not_checked"]:
            print(f"  not checked in {r['name']}: {note}")
    if args.write:
        update_section("real-reports", text)


if __name__ == "__main__":
    main()

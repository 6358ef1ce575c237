"""PDF ingestion speed and memory, whole-review speed, and table extraction accuracy.

Usage: .venv/bin/python bench/bench_pdf.py [--repeat N] [--write]

- Builds PDFs of 10, 25 and 50 pages from the committed fixture renderings (pages of
  fixtures/formats/*.pdf, joined with pypdfium2: tables over page breaks, a scanned page, fake bold).
- For each, in a fresh process: milliseconds per page to ingest (load → Document) and the peak RSS,
  so that memory growth with page count shows. Target (issue 4): under 60 ms per page.
- For the 50-page PDF: milliseconds per page for the whole offline review (load, checks, memo).
- Table extraction scored cell by cell against the text fixtures (reviewer.eval.table_scores), per format.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "fixtures" / "formats"
SOURCES = ["juesuan_consistent.pdf", "jixiao_consistent.pdf"]


def build_pdf(pages: int, target: Path) -> None:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(FORMATS / name) for name in SOURCES]
    while len(out) < pages:
        for source in sources:
            take = min(len(source), pages - len(out))
            if take:
                out.import_pages(source, list(range(take)))
    out.save(target)


def child(mode: str, path: str, repeat: int) -> None:
    """Run in a fresh process: time one stage and report the process's peak RSS."""
    from reviewer.ingest import load
    from reviewer.render import render_json, render_markdown
    from reviewer.review import review_document

    def once() -> int:
        doc = load(path)
        if mode == "review":
            memo = review_document(doc)
            render_markdown(memo)
            render_json(memo)
        return doc.pages or 0

    pages = once()  # warm imports
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        runs.append(time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "ms_per_page": statistics.median(runs) * 1000 / pages, "peak_rss_mib": peak_mib}))


def measure(mode: str, path: Path, repeat: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path), "--repeat", str(repeat)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cell_scores() -> list[str]:
    from reviewer.eval.table_scores import score_tables
    from reviewer.ingest import load

    lines = []
    for kind in ("pdf", "docx", "xlsx", "xls"):
        numeric = matched = 0
        for stem in ("juesuan_consistent", "juesuan_planted", "jixiao_consistent", "jixiao_planted"):
            score = score_tables(load(ROOT / "fixtures" / f"{stem}.txt"), load(FORMATS / f"{stem}.{kind}"))
            numeric, matched = numeric + score.numeric, matched + score.matched
        lines.append(f"{kind}: {matched}/{numeric} numeric cells ({100 * matched / numeric:.1f} %)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.repeat)
        return
    lines = [f"runs per figure: {args.repeat} (median), each size in a fresh process"]
    with tempfile.TemporaryDirectory() as tmp:
        for pages in (10, 25, 50):
            path = Path(tmp) / f"report_{pages}.pdf"
            build_pdf(pages, path)
            ingest = measure("ingest", path, args.repeat)
            lines.append(f"ingest {pages} pages: {ingest['ms_per_page']:.1f} ms/page, "
                         f"peak RSS {ingest['peak_rss_mib']:.0f} MiB; target < 60 ms/page")
        review = measure("review", path, args.repeat)
        lines.append(f"whole offline review of 50 pages (load, checks, memo): {review['ms_per_page']:.1f} ms/page "
                     f"({review['ms_per_page'] * 50 / 1000:.2f} s), peak RSS {review['peak_rss_mib']:.0f} MiB")
    lines += [f"table cells, {line}" for line in cell_scores()]
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).parent))
        from benchmarks_md import stamp, update_section

        update_section("pdf-ingest", f"## PDF ingestion and table extraction ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/bench_pdf.py --repeat {args.repeat} --write`\n\n"
                       + "\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()

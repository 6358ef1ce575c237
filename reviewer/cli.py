"""The command line: ``reviewer review`` one report, ``reviewer checks`` the catalogue.

Exit codes: 0 the review ran; 1 only with --fail-on and a finding at or above that severity;
2 unreadable input or bad usage, with a one-line error and never a traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from reviewer.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Consistency reviewer for Chinese budget (部门决算) and performance (绩效自评) reports.")


class Format(str, Enum):
    md = "md"
    json = "json"
    html = "html"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def review(
    path: Path = typer.Argument(..., help="Report file: text, markdown or HTML (sniffed from content)."),
    offline: bool = typer.Option(True, "--offline/--online", help="Deterministic checks only; nothing leaves the machine."),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Memo format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the memo here instead of stdout."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Memo language."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when a finding at or above this severity exists."),
) -> None:
    """Review one report and print its memo."""
    from reviewer.findings import SEVERITY_ORDER
    from reviewer.ingest import load
    from reviewer.render import render_json, render_markdown
    from reviewer.review import review_document

    if not offline:
        _fail("the model stage is not available yet; run with --offline")
    try:
        document = load(path)
    except InputError as exc:
        _fail(str(exc))
    except Exception as exc:  # a reader bug on hostile input still gets one line, not a traceback
        _fail(f"cannot read {path}: {type(exc).__name__}: {exc}")
    result = review_document(document)
    from reviewer.render.html import render_html_memo

    renderer = {Format.json: render_json, Format.md: render_markdown, Format.html: render_html_memo}[fmt]
    text = renderer(result, lang.value)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    if fail_on is not None:
        threshold = SEVERITY_ORDER[fail_on.value]
        if any(SEVERITY_ORDER[f.severity] <= threshold for f in result.findings):
            raise typer.Exit(1)


@app.command()
def batch(
    paths: list[str] = typer.Argument(..., help="Folders (recursive), globs or files."),
    out: Path = typer.Option(Path("review-out"), "--out", help="Where memos and the summary go."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: the number of cores)."),
    offline: bool = typer.Option(True, "--offline/--online", help="Deterministic checks only."),
    formats: str = typer.Option("md,json", "--format", "-f", help="Memo formats, comma-separated: md,json,html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Memo language."),
    resume: bool = typer.Option(False, "--resume", help="Skip reports already reviewed unchanged in --out."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when any report has a finding at or above this severity."),
) -> None:
    """Review many reports: one memo each, and a risk-sorted summary (csv, xlsx, index.html)."""
    import os
    import time

    from reviewer.batch import collect_inputs, run_batch, summarize
    from reviewer.render.summary import write_csv, write_index_html, write_xlsx

    if not offline:
        _fail("the model stage is not available yet; run with --offline")
    chosen = tuple(dict.fromkeys(f.strip() for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in ("md", "json", "html")]
    if unknown or not chosen:
        _fail(f"unknown memo format(s): {', '.join(unknown) or formats}; choose from md, json, html")
    files = collect_inputs(paths)
    if not files:
        _fail("no report files found in the given paths")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create {out}: {exc.strerror or exc}")
    rows = []
    started = time.perf_counter()
    show = _progress(len(files))
    for row, reused in run_batch(files, out, chosen, lang.value, jobs or os.cpu_count() or 1, resume):
        rows.append(row)
        show(row, reused, sum(r.findings for r in rows), time.perf_counter() - started)
    totals = summarize(rows)
    write_csv(rows, out / "summary.csv")
    write_xlsx(rows, out / "summary.xlsx")
    write_index_html(rows, out / "index.html", totals)
    elapsed = time.perf_counter() - started
    typer.echo(f"{totals['reports']} reports: {totals['ok']} reviewed, {totals['failed']} failed, "
               f"{totals['findings']} findings ({totals['high']} high) in {elapsed:.1f} s → {out / 'index.html'}")
    if fail_on is not None:
        order = {"high": 0, "medium": 1, "low": 2}[fail_on.value]
        levels = ("high", "medium", "low")[: order + 1]
        if any(getattr(r, level) for r in rows for level in levels):
            raise typer.Exit(1)


def _progress(total: int):
    """A live bar on a terminal; plain log lines otherwise (CI, pipes)."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[found]} findings · {task.fields[rate]:.1f}/s"), TimeElapsedColumn(),
                       transient=True)
        task = bar.add_task("reviewing", total=total, found=0, rate=0.0)
        bar.start()

        def show(row, reused, found, elapsed):
            done = bar.tasks[0].completed + 1
            bar.update(task, advance=1, found=found, rate=done / max(elapsed, 1e-6))
            if done >= total:
                bar.stop()
        return show

    done = [0]

    def log(row, reused, found, elapsed):
        done[0] += 1
        tag = "reused" if reused else row.status
        typer.echo(f"[{done[0]}/{total}] {row.file}: {tag}, {row.findings} findings", err=True)
    return log


@app.command()
def checks(
    code: Optional[str] = typer.Argument(None, help="A check code, e.g. NARR-002, to print its documentation."),
    markdown: bool = typer.Option(False, "--markdown", help="The whole catalogue as Markdown (docs/CHECKS.md)."),
) -> None:
    """List the check catalogue, or print one check's documentation."""
    from checks import CATALOGUE

    if markdown:
        typer.echo(catalogue_markdown(CATALOGUE), nl=False)
        return
    if code is None:
        for c in sorted(CATALOGUE):
            cls = CATALOGUE[c]
            typer.echo(f"{c:<10} {cls.category:<11} {cls.title}  ({cls.title_en})")
        return
    cls = CATALOGUE.get(code.upper())
    if cls is None:
        _fail(f"no check with code {code}; `reviewer checks` lists them")
    typer.echo(f"{cls.code}  {cls.title}\n{cls.title_en}\n\ncategory: {cls.category}\n")
    typer.echo(f"为何重要 / Why it matters\n  {cls.why}\n  {cls.why_en}\n".rstrip() + "\n")
    typer.echo("不通过的例子 / Failing example\n" + _indent(cls.example_fail) + "\n")
    typer.echo("通过的例子 / Passing example\n" + _indent(cls.example_pass))


def catalogue_markdown(catalogue: dict) -> str:
    """The check catalogue as one Markdown page, generated from the checks so it cannot drift."""
    out = ["# Check catalogue", "", "Generated by `reviewer checks --markdown`; do not edit by hand.", "",
           "| code | category | title | |", "|---|---|---|---|"]
    out += [f"| [{c}](#{c.lower()}) | {catalogue[c].category} | {catalogue[c].title} | {catalogue[c].title_en} |"
            for c in sorted(catalogue)]
    for c in sorted(catalogue):
        cls = catalogue[c]
        out += ["", f"## {c}", "", f"**{cls.title}** — {cls.title_en} (`{cls.category}`)", "",
                cls.why, "", cls.why_en, "", "Failing example:", "", "```text", cls.example_fail.strip("\n"), "```",
                "", "Passing example:", "", "```text", cls.example_pass.strip("\n"), "```"]
    return "\n".join(out) + "\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.strip("\n").splitlines())


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()

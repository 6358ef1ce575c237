"""The command line: ``reviewer review`` one report, ``reviewer checks`` the catalogue, ``reviewer batch``
many reports; for the model stage ``reviewer estimate`` (tokens and cost before sending) and
``reviewer log`` (the audit log of every request).

Exit codes: 0 the review ran; 1 only with --fail-on and a finding at or above that severity;
2 unreadable input or bad usage, with a one-line error and never a traceback.
"""

from __future__ import annotations

import sys
import time
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


_ONLINE_HELP = ("--offline: deterministic checks only, nothing leaves the machine. --online: also the model stage. "
                "Default: online when a model is configured (--model, REVIEWER_MODEL, reviewer.toml).")


def _model_config(model: Optional[str], base_url: Optional[str]):
    """The model settings for commands that cannot go on without them (estimate, log)."""
    from reviewer.llm.config import ConfigError, resolve_config

    try:
        return resolve_config(model=model, base_url=base_url)
    except ConfigError as exc:
        _fail(str(exc))


def _online_config(offline: Optional[bool], model: Optional[str], base_url: Optional[str], no_cache: bool):
    """The model settings when the model stage should run, None when offline, or the reason a model
    setting cannot be read (the review then runs without the model and its memo says why)."""
    from dataclasses import replace

    from reviewer.llm.config import ConfigError, resolve_config

    if offline:
        return None
    try:
        config = resolve_config(model=model, base_url=base_url)
    except ConfigError as exc:
        return f"model settings: {exc}"
    if not config.configured:
        if offline is False:
            _fail("--online needs a model: pass --model, set REVIEWER_MODEL, or add model to reviewer.toml")
        return None
    return replace(config, use_cache=False) if no_cache else config


def _model_stage(online):
    """The stage for ``_online_config``'s answer: None offline, else one that runs or says why not."""
    if online is None:
        return None
    from reviewer.llm.stage import UnavailableStage, start_stage

    return UnavailableStage(None, None, online) if isinstance(online, str) else start_stage(online)


def _warn_model_trouble(run: dict, errors: list) -> None:
    """The memo has the details; stderr gets one line so a failed model stage is never silent."""
    status = run.get("llm_status")
    if status in ("failed", "partial"):
        reason = next((e.message for e in errors if e.stage == "model"), "see the memo's errors")
        typer.echo(f"warning: model stage {status}, rule findings are complete: {reason}", err=True)


@app.command()
def review(
    path: Path = typer.Argument(..., help="Report file: text, markdown or HTML (sniffed from content)."),
    offline: Optional[bool] = typer.Option(None, "--offline/--online", help=_ONLINE_HELP),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Memo format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the memo here instead of stdout."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Memo language."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when a finding at or above this severity exists."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name (over REVIEWER_MODEL and reviewer.toml)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint (over OPENAI_BASE_URL)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again instead of reusing cached answers."),
) -> None:
    """Review one report and print its memo."""
    from reviewer.findings import SEVERITY_ORDER
    from reviewer.ingest import load
    from reviewer.limits import ReportTimeout, limits, time_limit
    from reviewer.render import render_json, render_markdown
    from reviewer.review import review_document

    stage = _model_stage(_online_config(offline, model, base_url, no_cache))
    try:
        with time_limit(limits().report_timeout_s):
            document = load(path)
            result = review_document(document, model=stage, page_pictures=fmt is Format.html)
    except (InputError, ReportTimeout) as exc:
        _fail(str(exc))
    except Exception as exc:  # a reader bug on hostile input still gets one line, not a traceback
        _fail(f"cannot read {path}: {type(exc).__name__}: {exc}")
    from reviewer.render.html import render_html_memo

    _warn_model_trouble(result.run, result.errors)
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
    paths: Optional[list[str]] = typer.Argument(None, help="Folders (recursive), globs or files (with --collect or "
                                                "--import-results: by default those of the submission)."),
    out: Path = typer.Option(Path("review-out"), "--out", help="Where memos and the summary go."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: the number of cores)."),
    offline: Optional[bool] = typer.Option(None, "--offline/--online", help=_ONLINE_HELP),
    formats: str = typer.Option("md,json", "--format", "-f", help="Memo formats, comma-separated: md,json,html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Memo language."),
    resume: bool = typer.Option(False, "--resume", help="Skip reports already reviewed unchanged in --out."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when any report has a finding at or above this severity."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name (over REVIEWER_MODEL and reviewer.toml)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint (over OPENAI_BASE_URL)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model again instead of reusing cached answers."),
    submit: bool = typer.Option(False, "--submit", help="Model stage through the Batch API: rule stage now, memos "
                                "marked model pending, every question uploaded as a batch."),
    collect: bool = typer.Option(False, "--collect", help="Poll the submitted batches; once done, merge the answers "
                                 "into the memos and the summary (follow-up questions go as a new round)."),
    wait: bool = typer.Option(False, "--wait", help="With --collect (or --submit): poll until every batch is done."),
    resubmit: bool = typer.Option(False, "--resubmit", help="With --submit: ask again the requests that failed or "
                                  "expired in a batch."),
    poll_s: float = typer.Option(30.0, "--poll", help="Seconds between polls with --wait."),
    export_requests: Optional[Path] = typer.Option(None, "--export-requests", help="Write every question as batch "
                                                   "request files (OpenAI batch JSONL) into DIR, for any runner "
                                                   "(vllm run-batch); memos marked model pending."),
    import_results: Optional[Path] = typer.Option(None, "--import-results", help="Merge the result files in DIR "
                                                  "(the runner's output JSONL) into the memos and the summary."),
) -> None:
    """Review many reports: one memo each, and a risk-sorted summary (csv, xlsx, index.html)."""
    import os

    from reviewer.batch import collect_inputs, output_lock, prepare_output, run_batch
    from reviewer.limits import limits

    try:
        limits()   # a malformed limit setting stops the batch before it starts
    except InputError as exc:
        _fail(str(exc))
    actions = [name for name, given in (("--submit", submit or resubmit), ("--collect", collect or (wait and not submit)),
                                        ("--export-requests", export_requests), ("--import-results", import_results))
               if given]
    if actions:
        _model_batch(actions, paths or [], out, jobs, offline, formats, lang, fail_on, model, base_url, no_cache,
                     resubmit, wait, poll_s, export_requests, import_results)
        return
    if not paths:
        _fail("give the reports to review: folders, globs or files")
    online = _online_config(offline, model, base_url, no_cache)
    if isinstance(online, str):
        typer.echo(f"warning: the model stage cannot start, reviewing without it: {online}", err=True)
    chosen = _memo_formats(formats)
    files = collect_inputs(paths, exclude=out)
    if not files:
        _fail(f"no report files found in the given paths (the output folder {out} is never read)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with output_lock(out):
            state = prepare_output(out, resume)
            started = time.perf_counter()
            rows = _review_batch(run_batch(files, out, chosen, lang.value, jobs or os.cpu_count() or 1, state, online),
                                 len(files), started)
            totals = _write_summaries(rows, out)
    except InputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        typer.echo("interrupted: the reports finished so far are kept; run again with --resume to go on", err=True)
        raise typer.Exit(130) from None
    elapsed = time.perf_counter() - started
    typer.echo(f"{totals['reports']} reports: {totals['ok']} reviewed, {totals['failed']} failed, "
               f"{totals['findings']} findings ({totals['high']} high) in {elapsed:.1f} s → {out / 'index.html'}")
    if fail_on is not None:
        order = {"high": 0, "medium": 1, "low": 2}[fail_on.value]
        levels = ("high", "medium", "low")[: order + 1]
        if any(getattr(r, level) for r in rows for level in levels):
            raise typer.Exit(1)


def _memo_formats(formats: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip() for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in ("md", "json", "html")]
    if unknown or not chosen:
        _fail(f"unknown memo format(s): {', '.join(unknown) or formats}; choose from md, json, html")
    return chosen


def _model_batch(actions, paths, out, jobs, offline, formats, lang, fail_on, model, base_url, no_cache, resubmit,
                 wait, poll_s, export_dir, import_dir) -> None:
    """``batch --submit/--collect/--export-requests/--import-results``: the model stage through a batch
    (reviewer.llm.batch_api); the memos and the summary are rewritten after each step."""
    import os

    from reviewer.batch import collect_inputs, output_lock, prepare_output, run_batch
    from reviewer.llm.batch_api import Ledger, Runner

    if len(actions) > 1 and actions != ["--submit", "--collect"]:
        _fail(f"choose one of {', '.join(actions)}")
    if offline:
        _fail(f"{actions[0]} runs the model stage: drop --offline")
    config = _online_config(False, model, base_url, no_cache)
    if isinstance(config, str):
        _fail(config)
    chosen = _memo_formats(formats)
    files = collect_inputs(paths, exclude=out) if paths else []
    if not paths and actions[0] in ("--collect", "--import-results") and (out / "model-batch" / "state.json").exists():
        files = [Path(f) for f in Ledger.open(out).state.get("files", [])]
    if not files:
        _fail(f"no report files found in the given paths (the output folder {out} is never read)")
    last: dict = {}

    def rebuild(mode) -> list:
        state = prepare_output(out, resume=False)
        started = time.perf_counter()
        rows = _review_batch(run_batch(files, out, chosen, lang.value, jobs or os.cpu_count() or 1, state, mode),
                             len(files), started)
        last.update(rows=rows, totals=_write_summaries(rows, out), elapsed=time.perf_counter() - started)
        return rows

    def echo(line: str) -> None:
        typer.echo(line, err=True)

    def show(rounds: list) -> None:
        flying = [p for r in rounds if r["mode"] == "api" for p in r["parts"] if not p.get("collected")]
        if flying:
            done = sum((p.get("counts") or {}).get("completed", 0) for p in flying)
            echo(f"{time.strftime('%H:%M:%S')} {len(flying)} batch(es): "
                 + ", ".join(sorted({p.get('status') or '?' for p in flying})) + f", {done}/{sum(p['lines'] for p in flying)} answered")

    try:
        out.mkdir(parents=True, exist_ok=True)
        with output_lock(out):
            runner = Runner(config, out, files, rebuild, echo)
            if "--submit" in actions:
                runner.submit(resubmit=resubmit)
            if "--collect" in actions or (wait and "--submit" in actions):
                runner.collect(wait=wait, poll_s=poll_s, show=show if wait else None)
            if export_dir is not None:
                runner.export(export_dir)
            if import_dir is not None:
                runner.import_results(import_dir)
    except InputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing is lost; run the same command (or --collect) again to go on", err=True)
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:   # the SDK's errors (imported only when the Batch API is used)
        openai = sys.modules.get("openai")
        if openai is not None and isinstance(exc, openai.APIConnectionError):
            _fail(f"the batch endpoint {config.base_url} is unreachable: {exc.__cause__ or exc}")
        if openai is not None and isinstance(exc, openai.APIStatusError):
            _fail(f"the batch endpoint refused: HTTP {exc.status_code}: {str(exc)[:200]}")
        _fail(f"batch submission: {type(exc).__name__}: {exc}")
    if last:
        totals = last["totals"]
        pending = sum(r.llm_status == "pending" for r in last["rows"])
        typer.echo(f"{totals['reports']} reports: {totals['ok']} reviewed, {totals['failed']} failed, "
                   f"{totals['findings']} findings ({totals['high']} high), {pending} with model questions pending "
                   f"→ {out / 'index.html'}")
        if fail_on is not None:
            levels = ("high", "medium", "low")[: {"high": 0, "medium": 1, "low": 2}[fail_on.value] + 1]
            if any(getattr(r, level) for r in last["rows"] for level in levels):
                raise typer.Exit(1)


def _review_batch(results, total: int, started: float) -> list:
    rows, found = [], 0
    show = _progress(total)
    for row, reused in results:
        rows.append(row)
        found += row.findings
        show(row, reused, found, time.perf_counter() - started)
    return rows


def _write_summaries(rows: list, out: Path) -> dict:
    from reviewer.batch import summarize
    from reviewer.render.summary import write_csv, write_index_html, write_xlsx

    totals = summarize(rows)
    write_csv(rows, out / "summary.csv")
    write_xlsx(rows, out / "summary.xlsx")
    write_index_html(rows, out / "index.html", totals)
    return totals


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
    from reviewer.checks import CATALOGUE

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


@app.command()
def estimate(
    paths: list[str] = typer.Argument(..., help="Report files, folders (recursive) or globs."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name: chooses the tokenizer estimate."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Endpoint (only recorded; nothing is sent)."),
    price_in: Optional[float] = typer.Option(None, "--price-in", help="Price per million prompt tokens."),
    price_out: Optional[float] = typer.Option(None, "--price-out", help="Price per million completion tokens."),
    questions: bool = typer.Option(False, "--questions", help="List every question as JSON: kind, claim and context lines, tokens."),
    batch_api: bool = typer.Option(False, "--batch-api", help="Price a batch submission (reviewer batch --submit) "
                                   "at Batch API rates: half the given prices."),
) -> None:
    """Claim packs and tokens per report and in total, and their cost, before anything is sent."""
    from reviewer.batch import collect_inputs
    from reviewer.errors import InputError
    from reviewer.ingest import load
    from reviewer.llm.estimate import estimate_document, format_estimates, questions_json
    from reviewer.llm.prompts import PromptError, load_prompts

    config = _model_config(model, base_url)
    prices = (price_in if price_in is not None else config.price_input_per_mtok,
              price_out if price_out is not None else config.price_output_per_mtok)
    try:
        load_prompts()
    except PromptError as exc:
        _fail(f"cannot estimate without the prompts: {exc}")
    files = collect_inputs(paths)
    if not files:
        _fail("no report files found in the given paths")
    estimates = []
    for path in files:
        try:
            estimates.append(estimate_document(load(path), config))
        except InputError as exc:
            typer.echo(f"skipped {path}: {exc}", err=True)
        except Exception as exc:  # a reader bug on hostile input: this file is skipped, not the run
            typer.echo(f"skipped {path}: {type(exc).__name__}: {exc}", err=True)
    if batch_api and not questions:
        from decimal import Decimal

        from reviewer.llm.batch_api import BATCH_PRICE_FACTOR, MAX_BYTES, MAX_LINES

        factor = Decimal(BATCH_PRICE_FACTOR)
        prices = tuple(None if p is None else float(Decimal(str(p)) * factor) for p in prices)
        requests = sum(e.packs for e in estimates)
        typer.echo(format_estimates(estimates, config, prices))
        typer.echo(f"priced at Batch API rates ({factor} × the listed prices); {requests} requests in "
                   f"{max(1, -(-requests // MAX_LINES))} request file(s) (at most {MAX_LINES} requests and "
                   f"{MAX_BYTES // 2**20} MB each); retries and re-asks after verification go as later rounds")
        return
    typer.echo(questions_json(estimates) if questions else format_estimates(estimates, config, prices))


@app.command("log")
def log_command(
    count: int = typer.Option(20, "--count", "-n", help="How many of the latest entries."),
    entry: Optional[int] = typer.Option(None, "--id", help="Print one entry in full: request and response."),
    as_json: bool = typer.Option(False, "--json", help="Entries as JSON lines."),
) -> None:
    """The model stage's audit log: every request and reply, sent or served from the cache."""
    import json

    from reviewer.llm.cache import Store

    config = _model_config(None, None)
    if not config.cache_path.exists():
        _fail(f"no model log yet at {config.cache_path}")
    rows = Store(config.cache_path).entries(limit=1 if entry is not None else count, entry_id=entry)
    if entry is not None and not rows:
        _fail(f"no log entry {entry}")
    for row in reversed(rows):
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        elif entry is not None:
            typer.echo(_log_entry_in_full(row))
        else:
            typer.echo(_log_line(row))


def _log_line(row: dict) -> str:
    import time

    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row["created"]))
    tokens = f"{row['prompt_tokens']}+{row['completion_tokens']} tok"
    place = f"{Path(row['document']).name}:{row['line']}"
    return (f"#{row['id']:<5} {when} {row['status']:<7} {row['kind']:<20} {place:<36} {row['model']} "
            f"{tokens} {row['duration_s']:.1f}s" + (f"  {row['error'][:80]}" if row["error"] else ""))


def _log_entry_in_full(row: dict) -> str:
    import json

    request = json.loads(row["request"])
    messages = request.pop("messages", [])
    out = [_log_line(row), f"base URL: {row['base_url']}  prompt version: {row['prompt_version']}",
           f"pack hash: {row['pack_hash']}  settings: {json.dumps(request, ensure_ascii=False)[:300]}", ""]
    for message in messages:
        out += [f"--- {message['role']}", message["content"]]
    out += [f"--- response (finish_reason {row['finish_reason']})", row["response"] or "(none)"]
    return "\n".join(out)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()

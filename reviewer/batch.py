"""Batch triage: many reports → one memo each, a risk-sorted summary, resumable after any interruption.

Each report is reviewed in a worker process; a report that cannot be read is a failed row with its
one-line reason and never stops the batch. Finished reports are appended to a state file (one JSON
line each, flushed), and every memo is written to a temporary name and renamed, so a killed batch
resumes with ``--resume`` where it stopped and never leaves a half-written memo.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from reviewer import __version__

if TYPE_CHECKING:
    from reviewer.llm.config import ModelConfig

REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".xlsx", ".xls"}
STATE_FILE = ".reviewer-state.jsonl"
CATEGORIES = ("arithmetic", "ratio", "crossref", "score", "narrative", "template", "integrity", "structure")
PROMPT_VERSION = None  # the offline batch sends no prompt; an online batch keys on the model and prompts


@dataclass
class Row:
    file: str
    status: str = "ok"                 # "ok" or "failed: <reason>"
    department: str = ""
    year: int | None = None
    report_type: str = ""
    high: int = 0
    medium: int = 0
    low: int = 0
    findings: int = 0
    risk_score: float = 0.0
    top_finding: str = ""
    memos: dict[str, str] = field(default_factory=dict)   # format → path relative to the output folder
    by_category: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    key: str = ""


def collect_inputs(arguments: Iterable[str]) -> list[Path]:
    """Files from folders (recursive, report-like suffixes), globs and plain paths, each once, in order."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif any(ch in argument for ch in "*?["):
            found += sorted(Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        else:
            found.append(path)  # a missing file becomes a failed row, with its reason
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.absolute(), None)
    return list(unique)


def memo_stem(path: Path, root: Path) -> str:
    """A memo name that two reports with the same file name in different folders never share."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    readable = "__".join(relative.parts)
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return f"{readable}.{digest}"


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class Job:
    path: Path
    stem: str
    out: Path
    formats: tuple[str, ...]
    lang: str
    model: ModelConfig | str | None = None   # online: the model stage runs, sharing the batch's limit and
                                             # cache; a str: why the model settings could not be read


_stages: dict = {}   # one model stage per worker process: its cache connection, client and failure state


def _model_stage(config: ModelConfig | str | None):
    if config is None:
        return None
    if config not in _stages:
        from reviewer.llm.stage import UnavailableStage, start_stage

        _stages[config] = UnavailableStage(None, None, config) if isinstance(config, str) else start_stage(config)
    return _stages[config]


def review_one(job: Job) -> Row:
    """Worker: review one file and write its memos; every failure becomes a row, never an exception."""
    from reviewer.errors import InputError
    from reviewer.ingest import load
    from reviewer.render import render_json, render_markdown
    from reviewer.review import review_document

    row = Row(file=str(job.path))
    try:
        document = load(job.path)
        review = review_document(document, model=_model_stage(job.model), page_pictures="html" in job.formats)
    except InputError as exc:
        row.status = f"failed: {exc}"
        return row
    except Exception as exc:  # hostile input hitting a reader bug: isolate it, name it
        row.status = f"failed: {type(exc).__name__}: {exc}"
        return row
    renderers: dict[str, Callable] = {"md": render_markdown, "json": render_json}
    if "html" in job.formats:
        from reviewer.render.html import render_html_memo
        renderers["html"] = render_html_memo
    for fmt in job.formats:
        memo_path = job.out / "memos" / f"{job.stem}.{fmt}"
        _write_atomic(memo_path, renderers[fmt](review, job.lang))
        row.memos[fmt] = str(memo_path.relative_to(job.out))
    by_severity = review.summary["by_severity"]
    row.department, row.year = document.department, document.year
    row.report_type = review.document["report_type"]
    row.high, row.medium, row.low = (by_severity.get(s, 0) for s in ("high", "medium", "low"))
    row.findings = len(review.findings)
    row.risk_score = review.summary["risk_score"]
    row.by_category = dict(review.summary["by_category"])
    row.sha256 = document.sha256
    if review.findings:
        top = review.findings[0]
        row.top_finding = f"{top.code} 第{top.first_line}行：{top.message}"[:200]
    return row


def _prompt_key(model: ModelConfig | str | None) -> str | None:
    if model is None:
        return PROMPT_VERSION
    if isinstance(model, str):
        return f"unavailable|{model}"
    from reviewer.llm.prompts import PromptError, load_prompts

    try:
        return f"{model.base_url}|{model.model}|{load_prompts().cache_version}"
    except PromptError as exc:
        return f"unavailable|{exc}"


def resume_key(path: Path, formats: tuple[str, ...], lang: str, model: ModelConfig | str | None = None) -> str | None:
    """Content hash plus everything that changes a memo; None when the file cannot be read."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return f"{digest}|{__version__}|{_prompt_key(model)}|{','.join(formats)}|{lang}"


def load_state(out: Path) -> dict[str, dict]:
    """Finished rows by file; a line cut by a kill mid-write is ignored."""
    state: dict[str, dict] = {}
    path = out / STATE_FILE
    if not path.exists():
        return state
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        state[row["file"]] = row
    return state


def _still_valid(saved: dict, key: str | None, out: Path) -> bool:
    return key is not None and saved.get("key") == key and all((out / m).exists() for m in saved["memos"].values())


def run_batch(paths: list[Path], out: Path, formats: tuple[str, ...], lang: str, jobs: int,
              resume: bool, model: ModelConfig | str | None = None) -> Iterator[tuple[Row, bool]]:
    """Yield (row, reused) as reports finish; the caller shows progress and writes the summary."""
    (out / "memos").mkdir(parents=True, exist_ok=True)
    for stale in (out / "memos").glob(".*.tmp*"):  # a memo cut by a kill: never used, so removed
        stale.unlink(missing_ok=True)
    root = Path(os.path.commonpath([str(p.parent) for p in paths])) if paths else out
    state = load_state(out) if resume else {}
    state_file = (out / STATE_FILE).open("a" if resume else "w", encoding="utf-8")
    pending: list[tuple[Job, str | None]] = []
    try:
        for path in paths:
            key = resume_key(path, formats, lang, model)
            saved = state.get(str(path))
            if saved and _still_valid(saved, key, out):
                yield Row(**saved), True
                continue
            pending.append((Job(path, memo_stem(path, root), out, formats, lang, model), key))
        keys = {str(job.path): key for job, key in pending}
        context = get_context("spawn" if os.name == "nt" else "fork")
        with context.Pool(max(1, jobs), **_shared_limit(context, model)) as pool:
            for row in pool.imap_unordered(review_one, [job for job, _ in pending], chunksize=4):
                row.key = keys.get(row.file) or ""
                if row.status == "ok":
                    state_file.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
                    state_file.flush()
                yield row, False
    finally:
        state_file.close()


def _shared_limit(context, model: ModelConfig | str | None) -> dict:
    """Online: one semaphore for every worker, so the batch as a whole keeps to ``concurrency``."""
    if model is None or isinstance(model, str):
        return {}
    from reviewer.llm.client import share_limit

    return {"initializer": share_limit, "initargs": (context.BoundedSemaphore(max(1, model.concurrency)),)}


def summarize(rows: list[Row]) -> dict:
    counts = Counter("failed" if r.status != "ok" else "ok" for r in rows)
    return {"reports": len(rows), "ok": counts["ok"], "failed": counts["failed"],
            "findings": sum(r.findings for r in rows), "high": sum(r.high for r in rows)}

"""Batch triage: many reports → one memo each, a risk-sorted summary, resumable after any interruption.

Each report is reviewed in a worker process; a report that cannot be read is a failed row with its
one-line reason and never stops the batch. Nothing a report does can stop the batch either: a
worker that dies (killed, out of memory) is noticed, the reports it may have been reviewing are
retried once, each alone, so the one that kills its worker is named and the others are reviewed; a
report over its time limit is stopped. Finished reports are appended to a state file (one JSON line
each, flushed), and every memo is written to a temporary name and renamed, so a killed batch resumes
with ``--resume`` where it stopped and never leaves a half-written memo. One batch at a time may
write an output folder (an exclusive lock), and the batch never reads its own output folder.
"""

from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing
import os
import signal
import stat
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from reviewer import __version__
from reviewer.errors import InputError
from reviewer.limits import ReportTimeout, limits, time_limit

from reviewer.llm.batch_api import BatchMode, BatchStage, batch_review

if TYPE_CHECKING:
    from reviewer.llm.config import ModelConfig

REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".xlsx", ".xls"}
STATE_FILE = ".reviewer-state.jsonl"
LOCK_FILE = ".reviewer.lock"
WORKER_DIED = "the worker process died while reviewing this report, twice (killed, or out of memory)"
_KILL_GRACE_S = 15       # past a report's time limit, before its worker is killed from outside
_NAME_MAX_BYTES = 150    # of a memo's readable name: file systems allow 255 per name, hash and suffix included
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
    llm_status: str = ""               # online: the model stage's status ("pending" while a batch has questions)
    tokens: int = 0                    # model tokens, prompt and completion
    batches: str = ""                  # the batches that answered this report's questions


def collect_inputs(arguments: Iterable[str], exclude: Path | None = None) -> list[Path]:
    """Files from folders (recursive, report-like suffixes), globs and plain paths, each once, in order;
    nothing under ``exclude`` (the batch's own output folder)."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif any(ch in argument for ch in "*?["):
            found += sorted(Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        else:
            found.append(path)  # a missing file or a FIFO becomes a failed row, with its reason
    unique: dict[Path, None] = {}
    for path in found:
        if exclude is None or not _inside(path, exclude):
            unique.setdefault(path.absolute(), None)
    return list(unique)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):   # a symlink loop: left for the review to name
        return False


def memo_stem(path: Path, root: Path) -> str:
    """A memo name that two reports with the same file name in different folders never share, short
    enough for any file system however deep the folders are."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    readable = "__".join(relative.parts).encode("utf-8")[-_NAME_MAX_BYTES:].decode("utf-8", "ignore")
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return f"{readable}.{digest}"


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary name beside ``path``, then rename it over ``path``: a kill or a full disk
    leaves the previous file (or none), never a truncated one."""
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def output_lock(out: Path):
    """Hold an exclusive lock on the output folder while the batch writes it; a second batch on the
    same folder fails at once with InputError instead of mixing its records with this one's."""
    try:
        import fcntl
    except ImportError:   # Windows: no advisory locks; one batch per folder is then the user's care
        yield
        return
    with (out / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"another reviewer batch is writing to {out}: wait for it to finish, "
                             "or choose another --out") from None
        yield


@dataclass(frozen=True)
class Job:
    path: Path
    stem: str
    out: Path
    formats: tuple[str, ...]
    lang: str
    model: ModelConfig | BatchMode | str | None = None   # online: the model stage runs, sharing the batch's
                                             # limit and cache; a BatchMode: through a batch submission;
                                             # a str: why the model settings could not be read


_stages: dict = {}   # one model stage per worker process: its cache connection, client and failure state


def _model_stage(config: ModelConfig | str | None):
    if config is None:
        return None
    if config not in _stages:
        from reviewer.llm.stage import UnavailableStage, start_stage

        if isinstance(config, str):
            _stages[config] = UnavailableStage(None, None, config)
        elif isinstance(config, BatchMode):
            try:
                _stages[config] = BatchStage(config)
            except Exception as exc:   # prompts missing, cache unopenable: the memo says why
                _stages[config] = UnavailableStage(config.config.model, config.config.base_url,
                                                   f"{type(exc).__name__}: {exc}")
        else:
            _stages[config] = start_stage(config)
    return _stages[config]


def review_one(job: Job) -> Row:
    """Worker: review one file and write its memos; every failure becomes a row, never an exception."""
    row = Row(file=str(job.path))
    try:
        with time_limit(limits().report_timeout_s):
            _review_into(row, job)
    except (InputError, ReportTimeout) as exc:
        row.status = f"failed: {exc}"
    except OSError as exc:   # a memo that cannot be written: read-only folder, full disk, name too long
        row.status = f"failed: cannot write the memo: {exc.strerror or exc}"
    except Exception as exc:  # hostile input hitting a reader bug: isolate it, name it
        row.status = f"failed: {type(exc).__name__}: {exc}"
    if row.status != "ok":
        row.memos = {}
    return row


def _review_into(row: Row, job: Job) -> None:
    from reviewer.ingest import load
    from reviewer.render import render_json, render_markdown
    from reviewer.review import review_document

    stage = _model_stage(job.model)
    if isinstance(job.model, BatchMode) and isinstance(stage, BatchStage):
        document, review = batch_review(job.model, stage, job.path, "html" in job.formats)
    else:
        document = load(job.path)
        review = review_document(document, model=stage, page_pictures="html" in job.formats)
    renderers: dict[str, Callable] = {"md": render_markdown, "json": render_json}
    if "html" in job.formats:
        from reviewer.render.html import render_html_memo
        renderers["html"] = render_html_memo
    for fmt in job.formats:
        memo_path = job.out / "memos" / f"{job.stem}.{fmt}"
        write_atomic(memo_path, renderers[fmt](review, job.lang))
        row.memos[fmt] = str(memo_path.relative_to(job.out))
    by_severity = review.summary["by_severity"]
    row.department, row.year = document.department, document.year
    row.report_type = review.document["report_type"]
    row.high, row.medium, row.low = (by_severity.get(s, 0) for s in ("high", "medium", "low"))
    row.findings = len(review.findings)
    row.risk_score = review.summary["risk_score"]
    row.by_category = dict(review.summary["by_category"])
    row.sha256 = document.sha256
    if not review.run.get("offline", True):
        row.llm_status = review.run.get("llm_status") or ""
        row.tokens = sum((review.run.get("tokens") or {}).values())
        row.batches = ",".join((review.run.get("batch") or {}).get("batches", []))
    if review.findings:
        top = review.findings[0]
        row.top_finding = f"{top.code} 第{top.first_line}行：{top.message}"[:200]


def _prompt_key(model: ModelConfig | str | None) -> str | None:
    if model is None:
        return PROMPT_VERSION
    if isinstance(model, str):
        return f"unavailable|{model}"
    if isinstance(model, BatchMode):   # its memos change with every import: never reused
        return f"batch|{time.time()}"
    from reviewer.llm.prompts import PromptError, load_prompts

    try:
        return f"{model.base_url}|{model.model}|{load_prompts().cache_version}"
    except PromptError as exc:
        return f"unavailable|{exc}"


def resume_key(path: Path, formats: tuple[str, ...], lang: str, model: ModelConfig | str | None = None) -> str | None:
    """Content hash plus everything that changes a memo; None when the file cannot be read here (not a
    regular file: a FIFO would block; over the size limit: the review refuses it anyway)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limits().max_file_mb * 1024 * 1024:
            return None
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    return f"{digest}|{__version__}|{_prompt_key(model)}|{','.join(formats)}|{lang}"


_ROW_FIELDS = {f.name for f in fields(Row)}
_ROW_FIELDS_ADDED = {"llm_status", "tokens", "batches"}   # a state line written before them still counts


def load_state(out: Path) -> dict[str, dict]:
    """Finished rows by file. A line that is not a whole record (cut by a kill mid-write, even inside a
    multi-byte character) is ignored: that report is simply reviewed again."""
    state: dict[str, dict] = {}
    path = out / STATE_FILE
    if not path.exists():
        return state
    for line in path.read_bytes().splitlines():
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if (isinstance(row, dict) and _ROW_FIELDS - _ROW_FIELDS_ADDED <= row.keys() <= _ROW_FIELDS
                and isinstance(row["memos"], dict)):
            state[row["file"]] = row
    return state


def _still_valid(saved: dict, key: str | None, out: Path) -> bool:
    return key is not None and saved.get("key") == key and all((out / m).exists() for m in saved["memos"].values())


def prepare_output(out: Path, resume: bool) -> dict[str, dict]:
    """Create the memo folder, remove memos a kill left half-written, and return the state to resume
    from (empty unless ``resume``). Call it holding ``output_lock``; OSError when ``out`` is not writable."""
    (out / "memos").mkdir(parents=True, exist_ok=True)
    for stale in (out / "memos").glob(".*.tmp*"):  # a memo cut by a kill: never used, so removed
        stale.unlink(missing_ok=True)
    state = load_state(out) if resume else {}
    path = out / STATE_FILE
    if not resume:
        path.write_bytes(b"")
    elif path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
        with path.open("ab") as handle:   # end a torn last line, so the next record starts a line of its own
            handle.write(b"\n")
    return state


def run_batch(paths: list[Path], out: Path, formats: tuple[str, ...], lang: str, jobs: int,
              state: dict[str, dict], model: ModelConfig | str | None = None) -> Iterator[tuple[Row, bool]]:
    """Yield (row, reused) as reports finish, each report once; the caller shows progress and writes the
    summary. ``state``: what ``prepare_output`` found to resume from."""
    root = Path(os.path.commonpath([str(p.parent) for p in paths])) if paths else out
    pending: list[Job] = []
    keys: dict[str, str | None] = {}
    for path in paths:
        key = resume_key(path, formats, lang, model)
        saved = state.get(str(path))
        if saved and _still_valid(saved, key, out):
            yield Row(**saved), True
            continue
        pending.append(Job(path, memo_stem(path, root), out, formats, lang, model))
        keys[str(path)] = key
    with (out / STATE_FILE).open("a", encoding="utf-8") as state_file:
        for row in review_all(pending, max(1, jobs), model):
            row.key = keys.get(row.file) or ""
            if row.status == "ok":
                state_file.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
                state_file.flush()
            yield row, False


def review_all(jobs: list[Job], workers: int, model: ModelConfig | str | None = None) -> Iterator[Row]:
    """A row for every job, whatever happens to the worker processes. When a worker dies, the jobs in
    flight at that moment are retried once, each alone, so the one that kills its worker is named
    (failed) and the others are reviewed."""
    _preload(model is not None and not isinstance(model, str))
    queue, suspects = deque(jobs), deque()
    while queue:
        suspects += yield from _run_pool(queue, workers, model)
    while suspects:
        job = suspects.popleft()
        if (yield from _run_pool(deque([job]), 1, model)):
            yield Row(file=str(job.path), status=f"failed: {WORKER_DIED}")


def _run_pool(queue: deque[Job], workers: int, model) -> Iterator[Row]:
    """Review jobs from ``queue`` in one pool, ``workers`` at a time, until the queue is empty or a
    worker dies; returns the jobs that were in flight when it died. A report past its time limit
    whose worker does not stop by itself (stuck in native code) is failed and its worker killed."""
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    running: dict = {}   # future → (job, when it was sent)
    timeout = limits().report_timeout_s + _KILL_GRACE_S
    workers = min(workers, len(queue))   # a fork-based pool starts all its workers at once
    with ProcessPoolExecutor(workers, mp_context=context, **_worker_settings(context, model)) as pool, \
            _workers_stopped_on_interrupt():
        while queue or running:
            while queue and len(running) < workers:
                job = queue.popleft()
                running[pool.submit(review_one, job)] = (job, time.monotonic())
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            if any(isinstance(future.exception(), BrokenProcessPool) for future in done):
                return (yield from _after_a_death(running))
            for future in done:
                job, _ = running.pop(future)
                yield _row_of(future, job)
            overdue = [f for f, (_, sent) in running.items() if time.monotonic() - sent > timeout]
            if overdue:
                yield from _fail_overdue(overdue, running)
                return [job for job, _ in running.values()]
    return []


def _after_a_death(running: dict) -> Iterator[Row]:
    """The pool is broken: rows of the reports that finished before, and the jobs that did not."""
    unfinished = []
    for future, (job, _) in running.items():
        if isinstance(future.exception(), BrokenProcessPool):
            unfinished.append(job)
        else:
            yield _row_of(future, job)
    return unfinished


def _row_of(future, job: Job) -> Row:
    """The worker's row; a failed row when what it raised got past review_one (SystemExit, a row
    that could not be sent back)."""
    exc = future.exception()
    if exc is None:
        return future.result()
    return Row(file=str(job.path), status=f"failed: {type(exc).__name__}: {exc}")


@contextmanager
def _workers_stopped_on_interrupt():
    """Ctrl-C (which the workers ignore), or the caller stopping early, stops the workers at once
    rather than having the pool wait for the reports they are on."""
    try:
        yield
    except BaseException:   # KeyboardInterrupt, GeneratorExit
        _kill_workers()
        raise


def _kill_workers() -> None:
    for child in multiprocessing.active_children():
        child.kill()


def _fail_overdue(overdue: list, running: dict) -> Iterator[Row]:
    """Kill the pool's workers (which one holds the report is not known), fail the overdue reports."""
    _kill_workers()
    for future in overdue:
        job, _ = running.pop(future)
        yield Row(file=str(job.path), status=f"failed: review took longer than the limit of "
                                            f"{limits().report_timeout_s} s and did not stop; its worker was killed")


def _preload(online: bool = False) -> None:
    """Import the review's modules before the workers fork, so each starts with them loaded (online,
    the model stage's too: the SDK alone takes a second or more to import)."""
    import reviewer.ingest  # noqa: F401
    import reviewer.render  # noqa: F401
    import reviewer.review  # noqa: F401

    if online:
        import reviewer.llm.stage  # noqa: F401


def _worker_settings(context, model: ModelConfig | str | None) -> dict:
    """Online, one semaphore for every worker, so the batch as a whole keeps to ``concurrency``: a new
    one per pool, since a worker killed while holding it would leak its permit."""
    online = model is not None and not isinstance(model, (str, BatchMode))   # a BatchMode sends nothing
    semaphore = context.BoundedSemaphore(max(1, model.concurrency)) if online else None
    return {"initializer": _start_worker, "initargs": (semaphore,)}


def _start_worker(semaphore) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the batch's to handle: no traceback per worker
    if semaphore is not None:
        from reviewer.llm.client import share_limit

        share_limit(semaphore)


def summarize(rows: list[Row]) -> dict:
    counts = Counter("failed" if r.status != "ok" else "ok" for r in rows)
    return {"reports": len(rows), "ok": counts["ok"], "failed": counts["failed"],
            "findings": sum(r.findings for r in rows), "high": sum(r.high for r in rows)}

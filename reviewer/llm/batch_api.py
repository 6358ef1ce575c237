"""A year's reports through the model in one batch: the OpenAI Batch API, ``vllm run-batch`` or any
runner of that JSONL format, instead of live requests (issue 16).

How it stays the live stage. The model stage runs as it does live, with two stand-ins:

- ``BatchClient`` in place of ``LLMClient``: a question whose answer the batch has already returned
  gets that reply (content, finish reason, refusal, tokens) exactly as the endpoint gave it; any other
  question is written down as a request (the body ``client.chat_request`` builds for a live request,
  byte for byte) and stays "pending". So answers are parsed, retried with their error, verified,
  re-asked and merged by the stage's own code: an invalid answer's retry and a re-ask after
  verification are simply the next round's requests;
- ``BatchStore`` in place of the cache: answers the batch gave are written to the cache under the
  live cache key (by the stage itself), but are read back from the batch's results, so a memo counts
  their tokens and names the batch that answered, however often it is rebuilt.

The rule stage runs once: its results (document and rule findings) are kept beside the batch
(``model-batch/rules/``), so merging the answers later costs the model stage and the rendering only.

Files, all under ``OUT/model-batch/``: ``state.json`` (rounds, request files, batch ids, statuses),
``round-N/requests-NNN.jsonl`` and ``manifest.json`` (what was submitted), ``round-N/output-NNN.jsonl``
and ``errors-NNN.jsonl`` (what came back), ``results.jsonl`` (every reply, by the hash of its request;
appended, read last-success-wins, so importing twice changes nothing), ``pending/`` (each report's
unanswered requests), ``answered-keys.txt`` (cache keys the batch answered).

A request's ``custom_id`` is ``<report sha256, 12>-<prompt version>-<request hash, 32>``: it names the
report, the prompt version and the question, and the hash alone is enough to file a reply, so results
import without a manifest (from any runner).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from reviewer import __version__
from reviewer.errors import InputError
from reviewer.llm.config import ModelConfig

FOLDER = "model-batch"
ENDPOINT = "/v1/chat/completions"
MAX_LINES = 50_000                       # the Batch API's limits on one input file
MAX_BYTES = 200 * 1024 * 1024
BATCH_PRICE_FACTOR = "0.5"               # Batch API prices are half the interactive ones (a Decimal string)
PENDING = "model pending: the question is in a batch submission, not answered yet"
TERMINAL = {"completed", "failed", "expired", "cancelled"}
_MAX_ROUNDS = 8                          # first questions, invalid answers' retries, re-asks: a few rounds at most


# the request format ---------------------------------------------------------------------------
def request_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def _messages_hash(messages: list[dict]) -> str:
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def custom_id(sha256: str, prompt_version: str, digest: str) -> str:
    return f"{sha256[:12] or 'nohash'}-{prompt_version}-{digest}"


def hash_of(custom: str) -> str:
    return custom.rsplit("-", 1)[-1]


def request_line(custom: str, body: dict) -> dict:
    return {"custom_id": custom, "method": "POST", "url": ENDPOINT, "body": body}


def validate_request_file(path: Path, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES) -> list[str]:
    """What the Batch API would reject in an input file (its documented format and limits); [] if none."""
    problems: list[str] = []
    size = path.stat().st_size
    if size > max_bytes:
        problems.append(f"{path.name}: {size} bytes, over the limit of {max_bytes}")
    seen: set[str] = set()
    models: set[str] = set()
    lines = path.read_bytes().splitlines()
    if len(lines) > max_lines:
        problems.append(f"{path.name}: {len(lines)} requests, over the limit of {max_lines}")
    for number, raw in enumerate(lines, 1):
        try:
            line = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"line {number}: not JSON ({exc})")
            continue
        if not isinstance(line, dict) or set(line) != {"custom_id", "method", "url", "body"}:
            problems.append(f"line {number}: keys must be custom_id, method, url, body")
            continue
        if not isinstance(line["custom_id"], str) or not line["custom_id"] or line["custom_id"] in seen:
            problems.append(f"line {number}: custom_id missing or repeated")
        seen.add(str(line["custom_id"]))
        if line["method"] != "POST" or line["url"] != ENDPOINT:
            problems.append(f"line {number}: must be POST {ENDPOINT}")
        body = line["body"]
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body.get("model"):
            problems.append(f"line {number}: body needs model and messages")
            continue
        models.add(body["model"])
    if len(models) > 1:
        problems.append(f"{path.name}: one model per file, found {sorted(models)}")
    return problems


# the worker side: the live stage with the batch standing in for the endpoint ---------------------
@dataclass(frozen=True)
class BatchMode:
    """An online batch whose model stage goes through a batch (a Job's ``model``). ``resubmit``: the
    requests that failed in the batch (HTTP errors, expiry) are asked again instead of reported failed."""

    config: ModelConfig
    out: Path
    resubmit: bool = False

    @property
    def folder(self) -> Path:
        return self.out / FOLDER


def load_results(folder: Path) -> dict[str, dict]:
    """Every reply the batch gave, by request hash: a success is never replaced by a later error."""
    results: dict[str, dict] = {}
    path = folder / "results.jsonl"
    if not path.exists():
        return results
    for raw in path.read_bytes().splitlines():
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue   # a line cut by a kill: that reply is imported again from its saved output file
        if not isinstance(record, dict) or "hash" not in record:
            continue
        known = results.get(record["hash"])
        if known is None or known.get("error") or not record.get("error"):
            results[record["hash"]] = record
    return results


class BatchClient:
    """Stands in for ``LLMClient``: replies from the batch's results; anything else is written down."""

    def __init__(self, config: ModelConfig, prompt_version: str, results: dict[str, dict], resubmit: bool):
        self.config, self.prompt_version, self.results, self.resubmit = config, prompt_version, results, resubmit
        self._lock = threading.Lock()
        self.begin("", "")

    def begin(self, path: str, sha256: str) -> None:
        with self._lock:
            self.path, self.sha256 = path, sha256
            self.pending: dict[str, dict] = {}
            self._by_messages: dict[str, str] = {}
            self.batches: Counter = Counter()
            self.failed = 0

    def complete(self, messages: list[dict], deadline: float | None = None, **settings):
        """As ``LLMClient.complete``; ``settings`` (this request's max_tokens) shape the body as they do live."""
        from reviewer.llm.client import ModelError, Reply, chat_request

        body = chat_request(self.config, messages, **settings)
        digest = request_hash(body)
        result = self.results.get(digest)
        if result is not None and not (result.get("error") and self.resubmit):
            if result.get("error"):
                with self._lock:
                    self.failed += 1
                raise ModelError(f"the batch request failed: {result['error']}")
            with self._lock:
                self.batches[result.get("batch") or "?"] += 1
            request = {k: v for k, v in body.items() if k != "messages"}
            return Reply(content=result.get("content"), finish_reason=result.get("finish_reason"),
                         prompt_tokens=result.get("prompt_tokens") or 0,
                         completion_tokens=result.get("completion_tokens") or 0, duration_s=0.0, attempts=1,
                         request={**request, "batch": result.get("batch")}, refusal=result.get("refusal"))
        with self._lock:
            self._by_messages[_messages_hash(messages)] = digest
            self.pending.setdefault(digest, {"custom_id": custom_id(self.sha256, self.prompt_version, digest),
                                             "hash": digest, "body": body, "document": self.path,
                                             "sha256": self.sha256})
        raise ModelError(PENDING)

    def annotate(self, messages: list[dict], kind: str, line: int | None) -> None:
        with self._lock:
            digest = self._by_messages.get(_messages_hash(messages))
            if digest in self.pending:
                self.pending[digest].update(kind=kind, line=line)


def _store_class():
    from reviewer.llm.cache import Store

    class BatchStore(Store):
        """The cache, except that answers the batch gave are read from the batch (so every rebuild of a
        memo counts their tokens and names their batch); the stage still writes them under the live key.
        A pending question's failure is not logged (it is not one): it names the request's kind and line."""

        def __init__(self, path: Path, read_cache: bool, keys_file: Path, client: BatchClient):
            super().__init__(path, read_cache)
            self.keys_file, self.client = keys_file, client
            self.batch_keys = set(keys_file.read_text(encoding="utf-8").split()) if keys_file.exists() else set()

        def get(self, key: str):
            return None if key in self.batch_keys else super().get(key)

        def put(self, key: str, *args) -> None:
            super().put(key, *args)
            if key not in self.batch_keys:
                self.batch_keys.add(key)
                with self.keys_file.open("a", encoding="utf-8") as handle:
                    handle.write(key + "\n")

        def log(self, entry) -> None:
            if entry.status == "error" and entry.error == PENDING:
                self.client.annotate(entry.request.get("messages", []), entry.kind, entry.line)
                return
            super().log(entry)

    return BatchStore


def _path_key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:20]


def write_atomic_bytes(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class BatchStage:
    """The model stage of a batch-mode review (in a batch worker): ``run`` as ModelStage.run, plus the
    report's pending requests written to ``pending/`` and the memo marked pending while any remain."""

    def __init__(self, mode: BatchMode):
        from reviewer.llm.prompts import load_prompts
        from reviewer.llm.stage import ModelStage

        self.mode = mode
        folder = mode.folder
        (folder / "pending").mkdir(parents=True, exist_ok=True)
        prompts = load_prompts()
        self.client = BatchClient(mode.config, prompts.cache_version, load_results(folder), mode.resubmit)
        store = _store_class()(mode.config.cache_path, mode.config.use_cache, folder / "answered-keys.txt", self.client)
        self.stage = ModelStage(mode.config, store, client=self.client)
        self.stage.plan = self._plan     # the plan kept beside the batch is reused by the merge

    def _plan_key(self) -> tuple:
        c = self.mode.config
        return (__version__, self.client.prompt_version, c.model, c.pack_tokens, c.report_tokens, c.max_tokens,
                c.response_format, c.temperature)

    def reuse_plan(self, path: Path) -> None:
        """The next run's claim packs from ``path`` when they were planned there for these settings (a
        merge need not plan the questions again); otherwise planned, and kept there for the next run."""
        self._plan_file = path
        try:
            key, data = pickle.loads(zlib.decompress(path.read_bytes()))
            self._saved_plan = pickle.loads(data) if key == self._plan_key() else None
        except Exception:   # none yet, or unreadable: planned again
            self._saved_plan = None

    def _plan(self, facts, rule_findings):
        saved, self._saved_plan = getattr(self, "_saved_plan", None), None
        if saved is not None:
            return saved
        plan = type(self.stage).plan(self.stage, facts, rule_findings)
        target = getattr(self, "_plan_file", None)
        if target is not None:   # pickled now, before verification and merging touch anything
            try:
                write_atomic_bytes(target, zlib.compress(pickle.dumps((self._plan_key(), pickle.dumps(plan, protocol=5)),
                                                                      protocol=5), 1))
            except (pickle.PicklingError, TypeError, AttributeError):
                pass   # a plan that will not pickle is planned again next time
        return plan

    def run(self, facts, rule_findings):
        from reviewer.findings import ErrorNote

        document = facts.document
        self.client.begin(document.path, document.sha256)
        result = self.stage.run(facts, rule_findings)
        pending = list(self.client.pending.values())
        target = self.mode.folder / "pending" / f"{_path_key(document.path)}.jsonl"
        if pending:
            write_atomic_bytes(target, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending).encode())
        else:
            target.unlink(missing_ok=True)
        run = result.run
        run["batch"] = {"answered": sum(self.client.batches.values()), "pending": len(pending),
                        "failed_in_batch": self.client.failed, "batches": sorted(self.client.batches)}
        if pending:
            run["llm_status"] = "pending"
            result.errors = [e for e in result.errors if not e.message.startswith(PENDING)]
            result.not_checked.append(f"模型阶段：{len(pending)} 个问题已提交批处理，等待回答"
                                      "（reviewer batch … --collect 取回后重写本备忘录）")
        elif not result.errors and run.get("llm_status") == "failed" and run["llm"].get("questions"):
            result.errors.append(ErrorNote(stage="model", message="no answer from the batch"))
        return result


def batch_review(mode: BatchMode, stage: BatchStage, path: Path, page_pictures: bool):
    """(document, review) for one report of a batch-mode run: the rule stage's results are kept the first
    time and reused after (checked against the file's content and the tool's version)."""
    from reviewer.facts import DocumentFacts
    from reviewer.ingest import load
    from reviewer.review import review_document, run_checks

    snapshot = mode.folder / "rules" / f"{_path_key(str(path))}.pickle.z"
    planned = snapshot.with_name(snapshot.name.replace(".pickle.z", ".plan.z"))
    document = rules = None
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        version, document, rules = pickle.loads(zlib.decompress(snapshot.read_bytes()))
        if version != __version__ or document.sha256 != digest:
            document = rules = None
    except Exception:   # no snapshot yet, or one from another version: the rule stage runs
        document = rules = None
    if document is None:
        document = load(path)
        rules = run_checks(DocumentFacts(document))
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(snapshot, zlib.compress(pickle.dumps((__version__, document, rules), protocol=5), 1))
        planned.unlink(missing_ok=True)
    stage.reuse_plan(planned)
    return document, review_document(document, model=stage, page_pictures=page_pictures, rules=rules)


# the batch side: state, export, import ---------------------------------------------------------
@dataclass
class Ledger:
    """``OUT/model-batch``: the state of a submission, saved after every step (a kill loses nothing)."""

    out: Path
    state: dict = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.out / FOLDER

    @classmethod
    def open(cls, out: Path) -> "Ledger":
        ledger = cls(out)
        path = ledger.folder / "state.json"
        if path.exists():
            try:
                ledger.state = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"cannot read {path}: {exc}") from None
        ledger.state.setdefault("rounds", [])
        ledger.state.setdefault("imported", [])
        return ledger

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(self.folder / "state.json",
                           json.dumps(self.state, ensure_ascii=False, indent=1).encode("utf-8"))

    def in_flight(self, mode: str = "api") -> list[dict]:
        return [part for r in self.state["rounds"] if r["mode"] == mode for part in r["parts"]
                if not part.get("collected")]

    def append_results(self, records: list[dict]) -> None:
        if not records:
            return
        with (self.folder / "results.jsonl").open("ab") as handle:
            handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())


def gather_pending(out: Path, files: Iterable[Path]) -> list[dict]:
    """The unanswered requests of these reports, each distinct request once, in a stable order."""
    requests: dict[str, dict] = {}
    folder = out / FOLDER / "pending"
    for path in files:
        target = folder / f"{_path_key(str(path))}.jsonl"
        if not target.exists():
            continue
        for raw in target.read_bytes().splitlines():
            record = json.loads(raw)
            requests.setdefault(record["hash"], record)
    return sorted(requests.values(), key=lambda r: r["custom_id"])


def write_requests(requests: list[dict], folder: Path, prefix: str = "requests", max_lines: int = MAX_LINES,
                   max_bytes: int = MAX_BYTES) -> dict:
    """Request files split at the API's limits, and their manifest (also written as manifest.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts: list[list[bytes]] = [[]]
    size = 0
    for request in requests:
        line = (json.dumps(request_line(request["custom_id"], request["body"]), ensure_ascii=False) + "\n").encode()
        if parts[-1] and (len(parts[-1]) >= max_lines or size + len(line) > max_bytes):
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line)
    files = []
    for number, lines in enumerate(p for p in parts if p):
        name = f"{prefix}-{number + 1:03d}.jsonl"
        data = b"".join(lines)
        write_atomic_bytes(folder / name, data)
        files.append({"file": name, "lines": len(lines), "bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"tool": __version__, "endpoint": ENDPOINT, "requests": len(requests), "files": files,
                "questions": [{k: r.get(k) for k in ("custom_id", "document", "sha256", "kind", "line")}
                              for r in requests]}
    write_atomic_bytes(folder / f"{prefix.replace('requests', 'manifest')}.json",
                       json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return manifest


def parse_result_line(line: dict, batch: str | None) -> dict | None:
    """One line of an output or error file (OpenAI Batch API and vllm run-batch write the same) as a
    results record, or None when it is not one."""
    if not isinstance(line, dict) or not isinstance(line.get("custom_id"), str):
        return None
    if "response" not in line and "error" not in line:   # a request line (a request file beside the results)
        return None
    record = {"hash": hash_of(line["custom_id"]), "custom_id": line["custom_id"], "batch": batch}
    response = line.get("response") or {}
    error = line.get("error")
    status = response.get("status_code")
    body = response.get("body") if isinstance(response.get("body"), dict) else {}
    if error or status != 200 or not body.get("choices"):
        problem = error or body.get("error") or {"message": f"HTTP {status}"}
        if isinstance(problem, dict):
            problem = f"{problem.get('code') or ''} {problem.get('message') or ''}".strip()
        return {**record, "error": str(problem)[:300] or "no answer"}
    choice = body["choices"][0]
    message = choice.get("message") or {}
    usage = body.get("usage") or {}
    return {**record, "content": message.get("content"), "refusal": message.get("refusal"),
            "finish_reason": choice.get("finish_reason"), "prompt_tokens": usage.get("prompt_tokens") or 0,
            "completion_tokens": usage.get("completion_tokens") or 0}


def import_lines(data: bytes, batch: str | None) -> list[dict]:
    records = []
    for raw in data.splitlines():
        try:
            record = parse_result_line(json.loads(raw), batch)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if record is not None:
            records.append(record)
    return records


def request_hashes(path: Path) -> list[str]:
    return [hash_of(json.loads(raw)["custom_id"]) for raw in path.read_bytes().splitlines() if raw.strip()]


# the runs --------------------------------------------------------------------------------------
Rebuild = Callable[[BatchMode], list]   # runs the batch in batch mode and writes memos and summaries
Echo = Callable[[str], None]


@dataclass
class Runner:
    """One output folder's submission: what the CLI's --submit, --collect, --export-requests and
    --import-results do. ``sdk``: an ``openai.OpenAI`` (made from the config when None)."""

    config: ModelConfig
    out: Path
    files: list[Path]
    rebuild: Rebuild
    echo: Echo
    sdk: object = None
    max_lines: int = MAX_LINES
    max_bytes: int = MAX_BYTES

    def __post_init__(self):
        self.ledger = Ledger.open(self.out)
        self.timings: dict[str, float] = {}   # the last step's: reading results, memos rebuilt, requests written
        lowered = os.environ.get("REVIEWER_BATCH_MAX_REQUESTS")   # a smaller split, to try (or test) several files
        if lowered:
            try:
                self.max_lines = max(1, min(int(lowered), MAX_LINES))
            except ValueError:
                raise InputError(f"REVIEWER_BATCH_MAX_REQUESTS={lowered!r} is not a whole number") from None

    def _client(self):
        if self.sdk is None:
            import openai

            if not self.config.api_key:
                raise InputError("OPENAI_API_KEY is not set: the Batch API needs a key")
            self.sdk = openai.OpenAI(base_url=self.config.base_url, api_key=self.config.api_key,
                                     timeout=max(60.0, self.config.timeout_s), max_retries=3)
        return self.sdk

    def _mode(self, resubmit: bool = False) -> BatchMode:
        return BatchMode(self.config, self.out, resubmit)

    def _new_round(self, kind: str, folder: Path, prefix: str, resubmit: bool = False) -> dict | None:
        """Rebuild the memos (questions not answered become pending requests) and write them as a round."""
        started = time.perf_counter()
        rows = self.rebuild(self._mode(resubmit))
        reviewed = time.perf_counter()
        self.timings["memos_s"] = round(reviewed - started, 3)
        requests = gather_pending(self.out, [Path(r.file) for r in rows if r.status == "ok"])
        if not requests:
            return None
        if len(self.ledger.state["rounds"]) >= _MAX_ROUNDS:
            raise InputError(f"{len(self.ledger.state['rounds'])} rounds already submitted; "
                             "the questions left are reported failed")
        number = len(self.ledger.state["rounds"]) + 1
        manifest = write_requests(requests, folder, prefix.format(round=number), self.max_lines, self.max_bytes)
        self.timings["write_requests_s"] = round(time.perf_counter() - reviewed, 3)
        entry = {"round": number, "mode": kind, "dir": str(folder), "requests": len(requests), "created": time.time(),
                 "seconds": dict(self.timings),
                 "model": self.config.model, "base_url": self.config.base_url,
                 "parts": [{"file": f["file"], "lines": f["lines"], "bytes": f["bytes"]} for f in manifest["files"]]}
        self.ledger.state["rounds"].append(entry)
        self.ledger.state["files"] = [str(p) for p in self.files]
        self.ledger.save()
        return entry

    # Batch API ---------------------------------------------------------------------------------
    def submit(self, resubmit: bool = False) -> dict | None:
        open_parts = [(r, p) for r in self.ledger.state["rounds"] for p in r["parts"] if not p.get("collected")]
        if open_parts:
            if all(r["mode"] == "api" and not p.get("batch_id") for r, p in open_parts):
                self._upload()          # a submit killed before its batches were created: finish it
                return self.ledger.state["rounds"][-1]
            ids = ", ".join(p.get("batch_id") or str(Path(r["dir"]) / p["file"]) for r, p in open_parts[:5])
            raise InputError(f"a submission is still open ({ids}): run --collect (or --import-results) first")
        self._client()
        folder = self.ledger.folder / f"round-{len(self.ledger.state['rounds']) + 1}"
        entry = self._new_round("api", folder, "requests", resubmit)
        if entry is None:
            self.echo("nothing to submit: every question is answered (by a batch or from the cache)")
            return None
        self._upload()
        self.echo(f"round {entry['round']}: {entry['requests']} requests in {len(entry['parts'])} file(s) submitted: "
                  + ", ".join(p["batch_id"] for p in entry["parts"]))
        return entry

    def _upload(self) -> None:
        sdk = self._client()
        for entry in self.ledger.state["rounds"]:
            if entry["mode"] != "api":
                continue
            for part in entry["parts"]:
                if part.get("collected"):
                    continue
                if not part.get("input_file_id"):
                    with (Path(entry["dir"]) / part["file"]).open("rb") as handle:
                        part["input_file_id"] = sdk.files.create(file=handle, purpose="batch").id
                    self.ledger.save()
                if not part.get("batch_id"):
                    batch = sdk.batches.create(input_file_id=part["input_file_id"], endpoint=ENDPOINT,
                                               completion_window="24h",
                                               metadata={"tool": "reviewer", "round": str(entry["round"]),
                                                         "file": part["file"]})
                    part["batch_id"], part["status"] = batch.id, batch.status
                    self.ledger.save()

    def collect(self, wait: bool = False, poll_s: float = 30.0, show: Callable[[list[dict]], None] | None = None) -> dict:
        """Poll, download, import; once nothing is in flight, rebuild the memos, and submit the
        follow-up questions (invalid answers' retries, re-asks) as a new round. With ``wait``, until
        every round is done. Returns the totals."""
        if not self.ledger.state["rounds"]:
            raise InputError(f"nothing submitted from {self.out}: run --submit first")
        if self.ledger.in_flight("export"):
            raise InputError("the open round was exported to files: run them, then --import-results DIR")
        while True:
            if self.ledger.in_flight():
                self._upload()   # parts a killed submit left without a batch
                self._poll()
            if show:
                show(self.ledger.state["rounds"])
            if not self.ledger.in_flight():
                entry = self._new_round("api", self.ledger.folder / f"round-{len(self.ledger.state['rounds']) + 1}",
                                        "requests") if self._rounds_left() else None
                if entry is None:
                    return self.totals(final=True)
                self._upload()
                self.echo(f"round {entry['round']}: {entry['requests']} follow-up requests (retries of invalid "
                          "answers, re-asks after verification) submitted")
                continue
            if not wait:
                self.echo(self._progress_line() + "; run --collect again later")
                return self.totals(final=False)
            time.sleep(poll_s)

    def _rounds_left(self) -> bool:
        if len(self.ledger.state["rounds"]) >= _MAX_ROUNDS:
            self.rebuild(self._mode())
            return False
        return True

    def _poll(self) -> None:
        sdk = self._client()
        for entry in self.ledger.state["rounds"]:
            for part in entry["parts"]:
                if part.get("collected") or entry["mode"] != "api" or not part.get("batch_id"):
                    continue
                batch = sdk.batches.retrieve(part["batch_id"])
                part["status"] = batch.status
                counts = getattr(batch, "request_counts", None)
                if counts is not None:
                    part["counts"] = {"total": counts.total, "completed": counts.completed, "failed": counts.failed}
                if batch.status not in TERMINAL:
                    self.ledger.save()
                    continue
                folder = Path(entry["dir"])
                stem = part["file"].replace("requests", "{}").removesuffix(".jsonl")
                records: list[dict] = []
                for kind, file_id in (("output", batch.output_file_id), ("errors", batch.error_file_id)):
                    if not file_id:
                        continue
                    target = folder / (stem.format(kind) + ".jsonl")
                    if not target.exists():
                        write_atomic_bytes(target, sdk.files.content(file_id).read())
                    records += import_lines(target.read_bytes(), batch.id)
                answered = {r["hash"] for r in records}
                why = f"batch {batch.id} {batch.status}"
                if batch.status == "failed" and getattr(batch, "errors", None) and batch.errors.data:
                    why += ": " + "; ".join(f"{e.code}: {e.message}" for e in batch.errors.data[:3])
                records += [{"hash": h, "custom_id": None, "batch": batch.id, "error": f"no result ({why})"}
                            for h in request_hashes(folder / part["file"]) if h not in answered]
                self.ledger.append_results(records)
                part["collected"] = True
                part["answers"] = sum(not r.get("error") for r in records)
                part["errors"] = sum(bool(r.get("error")) for r in records)
                self.ledger.save()

    def _progress_line(self) -> str:
        flying = self.ledger.in_flight()
        counts = Counter(p.get("status") or "not created" for p in flying)
        done = sum((p.get("counts") or {}).get("completed", 0) for p in flying)
        total = sum(p["lines"] for p in flying)
        return (f"{len(flying)} batch(es) in flight (" + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                + f"), {done}/{total} requests answered so far")

    # any runner: files out, files in -----------------------------------------------------------
    def export(self, folder: Path) -> dict | None:
        entry = self._new_round("export", folder, "requests-r{round}")
        if entry is None:
            self.echo("nothing to export: every question is answered (by a batch or from the cache)")
        else:
            self.echo(f"round {entry['round']}: {entry['requests']} requests in "
                      + ", ".join(str(folder / p["file"]) for p in entry["parts"]))
        return entry

    def import_results(self, folder: Path) -> dict:
        """Every result file in ``folder`` (OpenAI or vllm output/error JSONL; request files and the
        manifest are recognised and passed over), each imported once; then the memos are rebuilt, and
        follow-up questions, if any, exported into the same folder as the next round."""
        if not folder.is_dir():
            raise InputError(f"{folder} is not a folder of result files")
        imported = set(self.ledger.state["imported"])
        found = 0
        started = time.perf_counter()
        for path in sorted(folder.glob("*.jsonl")):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in imported:
                continue
            records = import_lines(data, f"file:{path.name}")
            if not records:
                continue   # a request file, or not ours
            self.ledger.append_results(records)
            found += len(records)
            self.ledger.state["imported"].append(digest)
            self.ledger.save()
        for entry in self.ledger.state["rounds"]:
            if entry["mode"] == "export":
                for part in entry["parts"]:
                    part["collected"] = True
        self.ledger.save()
        self.timings = {"import_s": round(time.perf_counter() - started, 3)}
        self.echo(f"{found} results imported from {folder}")
        entry = self._new_round("export", folder, "requests-r{round}") if self._rounds_left() else None
        if entry is not None:
            self.echo(f"round {entry['round']}: {entry['requests']} follow-up requests (retries of invalid answers, "
                      f"re-asks after verification) written to {folder}: run them and import again")
        return self.totals(final=entry is None)

    # reporting ---------------------------------------------------------------------------------
    def totals(self, final: bool) -> dict:
        results = load_results(self.ledger.folder)
        failed = sorted((r for r in results.values() if r.get("error")), key=lambda r: r["hash"])
        answers = [r for r in results.values() if not r.get("error")]
        totals = {"rounds": len(self.ledger.state["rounds"]), "answered": len(answers), "failed": len(failed),
                  "prompt_tokens": sum(r.get("prompt_tokens") or 0 for r in answers),
                  "completion_tokens": sum(r.get("completion_tokens") or 0 for r in answers), "final": final,
                  "seconds": dict(self.timings)}
        self.ledger.state["last_step"] = totals
        self.ledger.save()
        if final:
            self.echo(f"{totals['answered']} answers over {totals['rounds']} round(s), {totals['prompt_tokens']} prompt + "
                      f"{totals['completion_tokens']} completion tokens; {totals['failed']} requests failed")
            for record in failed[:10]:
                self.echo(f"  failed: {record.get('custom_id') or record['hash']}: {record['error']}")
            if failed:
                self.echo("  resubmit them alone with --submit --resubmit")
        return totals


def main(argv: list[str] | None = None) -> int:
    """``python -m reviewer.llm.batch_api -i requests.jsonl -o results.jsonl --base-url URL``: a runner of
    the batch format against any OpenAI-compatible endpoint (what ``vllm run-batch`` does on a GPU
    cluster), one request at a time: for trying a submission on a local server, and for the tests."""
    import argparse

    import openai

    parser = argparse.ArgumentParser(prog="python -m reviewer.llm.batch_api")
    parser.add_argument("-i", "--input", required=True, type=Path)
    parser.add_argument("-o", "--output", required=True, type=Path)
    parser.add_argument("--base-url", default=os.environ.get("OPENAI_BASE_URL"))
    parser.add_argument("--model", default=None, help="Override the body's model (the name the server serves).")
    args = parser.parse_args(argv)
    sdk = openai.OpenAI(base_url=args.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "sk-local", max_retries=2)
    lines = []
    for raw in args.input.read_bytes().splitlines():
        request = json.loads(raw)
        body = dict(request["body"], **({"model": args.model} if args.model else {}))
        try:
            response = sdk.chat.completions.create(**body)
            result = {"status_code": 200, "request_id": response.id, "body": response.model_dump()}
            error = None
        except openai.APIStatusError as exc:
            result, error = {"status_code": exc.status_code, "body": {}}, {"code": str(exc.status_code), "message": str(exc)[:200]}
        lines.append(json.dumps({"id": f"batch_req_{len(lines)}", "custom_id": request["custom_id"],
                                 "response": result, "error": error}, ensure_ascii=False))
    write_atomic_bytes(args.output, ("\n".join(lines) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""The model stage against endpoints that misbehave: a server that trickles its answer a byte at a time,
one that never answers, one that answers HTTP 200 with a web page; every attempt in the audit log;
the stage's share of a report's time; many worker processes creating one new cache at the same time.
Every server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from llm_support import REPORT, FakeOpenAI, Step, config, error, ok, replay, write_report
from reviewer.ingest import parse_text
from reviewer.limits import limits
from reviewer.llm.cache import LogEntry, Store
from reviewer.llm.client import LLMClient, ModelError
from reviewer.llm.stage import ModelStage
from reviewer.review import review_document

MESSAGES = [{"role": "user", "content": "问题"}]


class SlowServer:
    """``trickle``: headers at once, then one byte of the body every ``every`` seconds; otherwise the
    request is read and never answered."""

    def __init__(self, trickle: bool, every: float = 2.0):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    if trickle:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "100000")
                        self.end_headers()
                    for _ in range(60):
                        if trickle:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                        time.sleep(every)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("trickle", [True, False], ids=["trickling", "hanging"])
def test_a_slow_endpoint_cannot_outlast_the_request_deadline(trickle, tmp_path):
    with SlowServer(trickle, every=0.5) as server:
        client = LLMClient(config(server.base_url, tmp_path, timeout_s=1.5, max_retry_wait_s=0.1))
        started = time.monotonic()
        with pytest.raises(ModelError) as caught:
            client.complete(MESSAGES)
        elapsed = time.monotonic() - started
    assert elapsed < 5, f"{elapsed:.1f} s for two attempts of 1.5 s"     # not 60 reads of 0.5 s each
    assert caught.value.fatal and "twice" in str(caught.value)
    assert len(caught.value.attempts) == 2 and all(1.4 < a.duration_s < 2.5 for a in caught.value.attempts)


def test_a_hanging_endpoint_costs_a_report_two_deadlines_and_the_memo_keeps_its_rule_findings(tmp_path):
    report = write_report(tmp_path)
    (tmp_path / "reviewer.toml").write_text('timeout_s = 1.5\nmax_retry_wait_s = 0.1\n', encoding="utf-8")
    with SlowServer(trickle=True, every=0.5) as server:
        environment = {**os.environ, "OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "c.sqlite3")}
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "reviewer.cli", "review", str(report), "--format", "json",
                                 "--model", "m", "--base-url", server.base_url], capture_output=True, text=True,
                                cwd=tmp_path, env=environment, timeout=120)
        elapsed = time.monotonic() - started
    assert result.returncode == 0 and elapsed < 15
    assert result.stderr.startswith("warning: model stage failed") and result.stderr.count("\n") == 1
    assert "SCORE-005" in result.stdout


def test_every_attempt_is_in_the_audit_log_with_its_duration(tmp_path):
    steps = [error(500, "boom"), Step(status=503, body={"error": {"message": "busy"}}, delay=0.3), ok()]
    with FakeOpenAI(steps) as server:
        client = LLMClient(config(server.base_url, tmp_path, max_retry_wait_s=0.05))
        reply = client.complete(MESSAGES)
    assert reply.attempts == 3 and len(reply.failed_attempts) == 2
    assert reply.failed_attempts[1].duration_s >= 0.3 and "HTTP 503" in reply.failed_attempts[1].error

    with FakeOpenAI(handler=_fail_first_then(replay())) as server:   # the stage: one log line per attempt
        settings = config(server.base_url, tmp_path, max_retry_wait_s=0.05)
        store = Store(settings.cache_path)
        review_document(parse_text(REPORT, "report.txt"), model=ModelStage(settings, store))
    log = store.entries(limit=100)
    errors = [e for e in log if e["status"] == "error"]
    assert errors and all(e["duration_s"] > 0 and "HTTP 500" in e["error"] for e in errors)
    assert len([e for e in log if e["status"] == "ok"]) == len(errors)   # each question: one failure, one answer


def _fail_first_then(handler):
    """Every question fails once with HTTP 500, then is answered by ``handler``."""
    seen: set[str] = set()
    lock = threading.Lock()

    def respond(body: dict) -> Step:
        key = str(body["messages"])
        with lock:
            first = key not in seen
            seen.add(key)
        return error(500, "boom") if first else handler(body)
    return respond


def test_an_answer_that_is_not_json_is_counted_as_a_failed_question(tmp_path):
    with FakeOpenAI([Step(body="<html><body>502 Bad Gateway</body></html>")]) as server:
        settings = config(server.base_url, tmp_path, max_retries=0)
        review = review_document(parse_text(REPORT, "report.txt"), model=ModelStage(settings, Store(settings.cache_path)))
    counts = review.run["llm"]
    assert review.run["llm_status"] == "failed"
    assert counts["questions"] > 0 and counts["failed"] == counts["questions"] and counts["answered"] == 0
    assert "not JSON" in review.errors[0].message


def test_the_model_stage_stops_asking_when_its_share_of_the_report_time_is_spent(monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEWER_REPORT_TIMEOUT_S", "2")     # the stage's share: 1.6 s
    limits.cache_clear()
    try:
        with FakeOpenAI(handler=replay(delay=0.7)) as server:
            settings = config(server.base_url, tmp_path, concurrency=1)
            started = time.monotonic()
            review = review_document(parse_text(REPORT, "report.txt"), model=ModelStage(settings, Store(settings.cache_path)))
            elapsed = time.monotonic() - started
    finally:
        limits.cache_clear()
    assert elapsed < 3.5
    assert review.run["llm_status"] == "partial" and 0 < review.run["llm"]["answered"] < review.run["llm"]["questions"]
    assert any("时限" in e.message for e in review.errors)


def _open_fresh_cache(path: str, start: float, failures) -> None:
    while time.time() < start:
        pass
    try:
        store = Store(Path(path))
        store.put(f"key{os.getpid()}", "u", "m", "v", "h", "{}", 1, 1)
        store.log(LogEntry("d", "k", 1, "u", "m", "v", "h", {}, None, None, "ok", None, 0, 0, 0.1, False))
        store.close()
    except Exception as exc:   # "database is locked" before the fix
        failures.put(repr(exc))


def test_many_workers_creating_one_new_cache_at_once_all_succeed(tmp_path):
    context = multiprocessing.get_context("fork")
    failures = context.Queue()
    opened = 0
    for round_ in range(10):
        path = tmp_path / f"cache{round_}.sqlite3"
        start = time.time() + 0.3
        workers = [context.Process(target=_open_fresh_cache, args=(str(path), start, failures)) for _ in range(12)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        opened += len(workers)
        assert len(Store(path).entries(limit=100)) == 12
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == [] and opened == 120

"""The model stage through a batch (issue 16): submit → collect against a fake OpenAI files/batches server
gives the memos of a live run against a server answering the same; request files in the batch input
format, run by a runner of that format and imported; a killed collect resumed; a partly failed batch
listed and resubmitted alone. Nothing leaves the loopback interface."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from fake_batch_server import FakeBatchServer
from llm_support import REPORT, Step, completion, question_of, replay, write_report
from reviewer.llm.batch_api import FOLDER, hash_of, validate_request_file, write_requests

ENV_DROP = ("REVIEWER_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "REVIEWER_CACHE")


def cli(*args: str, cwd, env: dict, wait: bool = True, timeout: int = 180):
    environment = {k: v for k, v in os.environ.items() if k not in ENV_DROP}
    environment.update(env)
    command = [sys.executable, "-m", "reviewer.cli", *args]
    if not wait:
        return subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=environment)


def reports(folder, count: int = 4):
    folder.mkdir()
    for n in range(count):   # indicators named apart, so no two reports ask the same question
        text = REPORT
        for label in ("新建供水管网长度", "水质检测合格率", "受益农户数"):
            text = text.replace(label, f"{label}（{n}号片区）")
        write_report(folder, text, f"r{n}.txt")
    return folder


def answering(body: dict) -> Step:
    """The recorded answers, with two twists that take a live run more than one request per question,
    so a batch needs follow-up rounds: in report 0 the first reply about 移民搬迁 is not JSON (the stage
    retries with the error); elsewhere the first inconsistent answer quoting 检测设备已更新 misquotes it
    (verification asks once more)."""
    step = replay()(body)
    first = len(body["messages"]) == 2
    text = question_of(body)
    content = step.body["choices"][0]["message"]["content"]
    if first and "移民搬迁" in text and "0号片区" in text:
        content = "好的，我来看看。"
    elif first and "检测设备已更新" in text:
        content = json.dumps(misquoted(json.loads(content)), ensure_ascii=False)
    return Step(body=completion(content, prompt_tokens=100 + len(text) % 50, completion_tokens=20))


def misquoted(data):
    """The reply with every inconsistent answer quoting 检测设备已更新 misquoting it, whatever the reply's
    shape (one answer, a list, answers keyed by claim id)."""
    if isinstance(data, list):
        return [misquoted(item) for item in data]
    if not isinstance(data, dict):
        return data
    if data.get("verdict") == "inconsistent" and data.get("quote") == "检测设备已更新":
        return {**data, "quote": "检测设备已经全部更新完毕"}
    return {key: misquoted(value) for key, value in data.items()}


def memos(out) -> dict:
    found = {}
    for path in sorted((out / "memos").glob("*.json")):
        memo = json.loads(path.read_text(encoding="utf-8"))
        memo["run"].pop("elapsed_s", None)
        memo["run"].get("llm", {}).pop("elapsed_s", None)
        memo["run"].pop("batch", None)
        found[path.name] = memo
    return found


def settings(tmp_path, server, cache: str) -> dict:
    (tmp_path / "reviewer.toml").write_text('model = "test-model"\nconcurrency = 2\n')
    return {"OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / cache), "OPENAI_BASE_URL": server.base_url}


@pytest.fixture
def folder(tmp_path):
    return reports(tmp_path / "in")


def live(tmp_path, folder, server) -> dict:
    env = settings(tmp_path, server, "live.db")
    done = cli("batch", str(folder), "--online", "--out", str(tmp_path / "live"), "--jobs", "2", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    return memos(tmp_path / "live")


def test_submit_then_collect_gives_the_live_memos_and_fills_the_cache(tmp_path, folder):
    with FakeBatchServer(answering) as server:
        expected = live(tmp_path, folder, server)
        assert any(m["run"]["llm"]["reasked"] for m in expected.values())   # a re-ask after verification
        asked_live = {json.dumps(b, sort_keys=True, ensure_ascii=False) for b in server.chat_requests}
        env = settings(tmp_path, server, "batch.db")
        out = tmp_path / "out"
        submitted = cli("batch", str(folder), "--online", "--submit", "--out", str(out), cwd=tmp_path, env=env)
        assert submitted.returncode == 0, submitted.stderr
        pending = memos(out)
        assert {m["run"]["llm_status"] for m in pending.values()} == {"pending"}
        assert all(m["findings"] == [f for f in m["findings"] if f["source"] == "rule"] for m in pending.values())
        assert "pending" in (out / "summary.csv").read_text(encoding="utf-8-sig")
        collected = cli("batch", "--online", "--collect", "--wait", "--poll", "0", "--out", str(out), cwd=tmp_path,
                        env=env)
        assert collected.returncode == 0, collected.stderr
        assert "follow-up requests" in collected.stderr     # the retries and re-asks went as a second round
        assert memos(out) == expected
        # the same requests, byte for byte, as the live run sent: body for body
        asked_batch = {json.dumps(line["body"], sort_keys=True, ensure_ascii=False) for line in server.batch_requests}
        assert asked_batch == asked_live
        assert len(server.batch_requests) == len(server.chat_requests)
        # the cache is filled under the live keys: a live run now sends nothing
        before = len(server.chat_requests)
        again = cli("batch", str(folder), "--online", "--out", str(tmp_path / "again"), cwd=tmp_path, env=env)
        assert again.returncode == 0 and len(server.chat_requests) == before
    one = json.loads(next((out / "memos").glob("r0*.json")).read_text(encoding="utf-8"))
    assert one["run"]["batch"]["batches"] and one["run"]["tokens"]["prompt"] > 0
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "complete" in summary and "batch_1" in summary


def test_request_files_follow_the_batch_format_and_any_runner_can_answer_them(tmp_path, folder):
    with FakeBatchServer(answering) as server:
        expected = live(tmp_path, folder, server)
        env = settings(tmp_path, server, "runner.db")
        out, exchange = tmp_path / "out", tmp_path / "exchange"
        rounds = 0
        done = cli("batch", str(folder), "--online", "--export-requests", str(exchange), "--out", str(out),
                   cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        while True:
            requests = sorted(p for p in exchange.glob(f"requests-r{rounds + 1}-*.jsonl"))
            if not requests:
                break
            rounds += 1
            for path in requests:
                assert validate_request_file(path) == []
                result = path.with_name(path.name.replace("requests", "results"))
                ran = subprocess.run([sys.executable, "-m", "reviewer.llm.batch_api", "-i", str(path), "-o", str(result),
                                      "--base-url", server.base_url], capture_output=True, text=True, timeout=120,
                                     env={**os.environ, "OPENAI_API_KEY": "sk-test"})
                assert ran.returncode == 0, ran.stderr
            imported = cli("batch", "--online", "--import-results", str(exchange), "--out", str(out), cwd=tmp_path,
                           env=env)
            assert imported.returncode == 0, imported.stderr
        assert rounds == 2
        assert json.loads((exchange / "manifest-r1.json").read_text())["requests"] > 0
    assert memos(out) == expected


def test_a_killed_collect_is_resumed_with_nothing_lost_or_duplicated(tmp_path, folder):
    gate = threading.Event()

    class Slow(FakeBatchServer):
        def get(self, path):
            if path.endswith("/content") and len([p for p in self.batches.values() if p["status"] == "completed"]) > 1:
                gate.set()
                time.sleep(0.5)     # the second download: the collect is killed while it waits
            return super().get(path)

    with Slow(answering) as server:
        expected = live(tmp_path, folder, server)
        env = {**settings(tmp_path, server, "kill.db"), "REVIEWER_BATCH_MAX_REQUESTS": "6"}
        out = tmp_path / "out"
        assert cli("batch", str(folder), "--online", "--submit", "--out", str(out), cwd=tmp_path, env=env).returncode == 0
        first_round = len(server.batches)
        assert first_round >= 2                     # split at the (lowered) request limit
        running = cli("batch", "--online", "--collect", "--wait", "--poll", "0", "--out", str(out), cwd=tmp_path,
                      env=env, wait=False)
        assert gate.wait(60)
        running.send_signal(signal.SIGKILL)
        running.wait(10)
        state = json.loads((out / FOLDER / "state.json").read_text())
        assert any(p.get("collected") for p in state["rounds"][0]["parts"])
        assert not all(p.get("collected") for p in state["rounds"][0]["parts"])
        resumed = cli("batch", "--online", "--collect", "--wait", "--poll", "0", "--out", str(out), cwd=tmp_path,
                      env=env)
        assert resumed.returncode == 0, resumed.stderr
        again = cli("batch", "--online", "--collect", "--out", str(out), cwd=tmp_path, env=env)
        assert again.returncode == 0, again.stderr
        created = [b["input_file_id"] for b in server.batches.values()]
        assert len(created) == len(set(created))    # no file submitted twice
        ran = [line["custom_id"] for line in server.batch_requests]
        assert len(ran) == len(set(ran))            # no request run twice
    assert memos(out) == expected


def test_failed_and_expired_requests_are_listed_and_resubmitted_alone(tmp_path, folder):
    failing = {"on": True}

    def fail(custom: str, body: dict) -> bool:
        return failing["on"] and "1号片区" in question_of(body) and len(body["messages"]) == 2

    with FakeBatchServer(answering, fail=fail, expire={2}, expire_keep=2) as server:
        expected = live(tmp_path, folder, server)
        env = {**settings(tmp_path, server, "fail.db"), "REVIEWER_BATCH_MAX_REQUESTS": "8"}
        out = tmp_path / "out"
        assert cli("batch", str(folder), "--online", "--submit", "--out", str(out), cwd=tmp_path, env=env).returncode == 0
        collected = cli("batch", "--online", "--collect", "--wait", "--poll", "0", "--out", str(out), cwd=tmp_path,
                        env=env)
        assert collected.returncode == 0, collected.stderr
        assert "failed:" in collected.stderr and "--resubmit" in collected.stderr
        partial = memos(out)
        r1 = next(m for name, m in partial.items() if name.startswith("r1"))
        assert r1["run"]["llm_status"] in ("partial", "failed")
        assert any("batch request failed" in e["message"] for e in r1["errors"])
        failed_ids = {json.loads(line)["custom_id"] for line in (out / FOLDER / "results.jsonl").read_text().splitlines()
                      if json.loads(line).get("error")}
        failed_ids.discard(None)
        before = len(server.batch_requests)
        failing["on"] = False
        resubmitted = cli("batch", "--online", "--submit", "--resubmit", "--wait", "--poll", "0", "--out", str(out),
                          str(folder), cwd=tmp_path, env=env)
        assert resubmitted.returncode == 0, resubmitted.stderr
        first_resent = server.batch_requests[before:]
        resent_hashes = {hash_of(line["custom_id"]) for line in first_resent}
        results = [json.loads(line) for line in (out / FOLDER / "results.jsonl").read_text().splitlines()]
        failed_hashes = {r["hash"] for r in results if r.get("error")}
        assert resent_hashes <= failed_hashes | {r["hash"] for r in results if r.get("batch", "").startswith("batch_")}
        assert {hash_of(c) for c in failed_ids} <= resent_hashes
    assert memos(out) == expected


def test_request_files_are_split_at_the_limits(tmp_path):
    requests = [{"custom_id": f"abc-v2-{n:032x}", "hash": f"{n:032x}",
                 "body": {"model": "m", "messages": [{"role": "user", "content": "问" * 50}]}} for n in range(7)]
    manifest = write_requests(requests, tmp_path, max_lines=3)
    assert [f["lines"] for f in manifest["files"]] == [3, 3, 1]
    manifest = write_requests(requests, tmp_path / "bytes", max_bytes=400)
    assert all(f["bytes"] <= 400 for f in manifest["files"]) and sum(f["lines"] for f in manifest["files"]) == 7
    for f in manifest["files"]:
        assert validate_request_file(tmp_path / "bytes" / f["file"], max_bytes=400) == []
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"custom_id": "a", "method": "GET", "url": "/v1/chat/completions", "body": {"model": "m", "messages": []}}\n'
                   '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "n", "messages": []}}\n'
                   "not json\n")
    problems = validate_request_file(bad)
    assert any("POST" in p for p in problems) and any("repeated" in p for p in problems)
    assert any("not JSON" in p for p in problems) and any("one model" in p for p in problems)


def test_bad_usage_is_one_line(tmp_path, folder):
    env = {"OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "x.db"), "REVIEWER_MODEL": "m"}
    for args, words in ((("--offline", "--submit"), "drop --offline"),
                        (("--online", "--collect"), "run --submit first"),
                        (("--online", "--submit", "--export-requests", str(tmp_path / "x")), "choose one of"),
                        (("--online", "--import-results", str(tmp_path / "nowhere")), "not a folder")):
        done = cli("batch", str(folder), *args, "--out", str(tmp_path / "out"), cwd=tmp_path, env=env)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    dead = cli("batch", str(folder), "--online", "--submit", "--out", str(tmp_path / "out2"), cwd=tmp_path,
               env={**env, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert dead.returncode == 2 and "unreachable" in dead.stderr and "Traceback" not in dead.stderr


def test_estimate_prices_a_batch_at_batch_rates(tmp_path, folder):
    env = {"OPENAI_API_KEY": "sk-test", "REVIEWER_MODEL": "gpt-4o-mini"}
    args = ("estimate", str(folder), "--price-in", "0.15", "--price-out", "0.60")
    plain = cli(*args, cwd=tmp_path, env=env)
    batch = cli(*args, "--batch-api", cwd=tmp_path, env=env)
    assert plain.returncode == batch.returncode == 0, batch.stderr
    cost = lambda text: float(next(l for l in text.splitlines() if l.startswith("total")).split()[-1])  # noqa: E731
    assert cost(batch.stdout) == pytest.approx(cost(plain.stdout) / 2, abs=1e-4)
    assert "Batch API" in batch.stdout and "request file" in batch.stdout


def test_a_local_model_runs_the_exported_requests_and_they_import(tmp_path):
    """The request files through a real model (Gemma-3 270M on llama.cpp, on loopback) by the format's
    runner, then imported: every question answered or failed, none left pending. The model judges
    poorly; only the cycle is asserted."""
    from reviewer.llm.local_server import MODEL_ALIAS, LocalServer, available

    reason = available()
    if reason:
        pytest.skip(reason)
    folder = reports(tmp_path / "in", count=1)
    (tmp_path / "reviewer.toml").write_text(f'model = "{MODEL_ALIAS}"\nmax_tokens = 160\n')
    with LocalServer(threads=2) as server:
        env = {"OPENAI_API_KEY": "sk-local", "REVIEWER_CACHE": str(tmp_path / "local.db"),
               "OPENAI_BASE_URL": server.base_url}
        out, exchange = tmp_path / "out", tmp_path / "exchange"
        done = cli("batch", str(folder), "--online", "--export-requests", str(exchange), "--out", str(out),
                   cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        for number in range(1, 4):
            requests = sorted(exchange.glob(f"requests-r{number}-*.jsonl"))
            if not requests:
                break
            for path in requests:
                assert validate_request_file(path) == []
                ran = subprocess.run([sys.executable, "-m", "reviewer.llm.batch_api", "-i", str(path), "-o",
                                      str(path.with_name(path.name.replace("requests", "results"))),
                                      "--base-url", server.base_url], capture_output=True, text=True, timeout=600,
                                     env={**os.environ, "OPENAI_API_KEY": "sk-local"})
                assert ran.returncode == 0, ran.stderr
            imported = cli("batch", "--online", "--import-results", str(exchange), "--out", str(out), cwd=tmp_path,
                           env=env, timeout=600)
            assert imported.returncode == 0, imported.stderr
    memo = next(iter(memos(out).values()))
    assert memo["run"]["llm_status"] in ("complete", "partial", "failed") and memo["run"]["model"] == MODEL_ALIAS
    assert memo["run"]["tokens"]["prompt"] > 0
    assert all(f["source"] in ("rule", "model", "both") for f in memo["findings"])


def test_result_lines_are_read_and_request_lines_passed_over():
    from reviewer.llm.batch_api import parse_result_line

    ok = {"id": "r1", "custom_id": "abc-v3-" + "1" * 32, "error": None,
          "response": {"status_code": 200, "request_id": "q", "body": completion('{"a": 1}', prompt_tokens=7)}}
    record = parse_result_line(ok, "batch_9")
    assert record["hash"] == "1" * 32 and record["content"] == '{"a": 1}' and record["prompt_tokens"] == 7
    expired = {"id": "r2", "custom_id": "abc-v3-" + "2" * 32, "response": None,
               "error": {"code": "batch_expired", "message": "not run in time"}}
    assert "batch_expired" in parse_result_line(expired, "batch_9")["error"]
    failed = {"id": "r3", "custom_id": "abc-v3-" + "3" * 32, "error": None,
              "response": {"status_code": 500, "body": {"error": {"message": "server error"}}}}
    assert "server error" in parse_result_line(failed, "batch_9")["error"]
    request = {"custom_id": "abc-v3-" + "4" * 32, "method": "POST", "url": "/v1/chat/completions", "body": {}}
    assert parse_result_line(request, None) is None

"""The model stage from the command line: online by configuration, --offline unchanged, estimate, log."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from llm_support import FakeOpenAI, closed_port_url, replay, write_report


def run_cli(*args: str, cwd, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("REVIEWER_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "REVIEWER_CACHE")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "reviewer.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=environment)


@pytest.fixture
def report(tmp_path):
    return write_report(tmp_path)


def without_timing(memo: str) -> dict:
    data = json.loads(memo)
    data["run"].pop("elapsed_s")
    return data


def test_online_without_a_model_is_a_usage_error(report, tmp_path):
    result = run_cli("review", str(report), "--online", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("error: --online needs a model")


def test_a_configured_model_runs_the_stage_and_offline_stays_the_offline_memo(report, tmp_path):
    (tmp_path / "reviewer.toml").write_text('model = "test-model"\nconcurrency = 1\n')
    with FakeOpenAI(handler=replay()) as server:
        env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "c.db")}
        online = run_cli("review", str(report), "--format", "json", cwd=tmp_path, **env)
        offline = run_cli("review", str(report), "--format", "json", "--offline", cwd=tmp_path, **env)
        markdown = run_cli("review", str(report), cwd=tmp_path, **env)
        unconfigured = run_cli("review", str(report), "--format", "json", cwd=tmp_path.parent)
    assert online.returncode == offline.returncode == 0, online.stderr
    memo = json.loads(online.stdout)
    assert memo["run"]["model"] == "test-model" and memo["run"]["llm_status"] == "complete"
    assert {f["source"] for f in memo["findings"]} == {"model", "both"}
    assert without_timing(offline.stdout) == without_timing(unconfigured.stdout)
    assert "规则检查 + 模型 test-model（提示词 v3，状态 complete" in markdown.stdout and "〔模型〕" in markdown.stdout


def test_a_failed_model_stage_never_changes_the_exit_code(report, tmp_path):
    (tmp_path / "reviewer.toml").write_text("max_retries = 1\nmax_retry_wait_s = 0.1\n")
    env = {"REVIEWER_MODEL": "test-model", "OPENAI_BASE_URL": closed_port_url(), "OPENAI_API_KEY": "sk-test",
           "REVIEWER_CACHE": str(tmp_path / "c.db")}
    for level, code in (("low", 1), ("medium", 0)):      # the report's rule finding (SCORE-005) is low
        online = run_cli("review", str(report), "--format", "json", "--fail-on", level, cwd=tmp_path, **env)
        assert online.returncode == code, online.stderr
    memo = json.loads(online.stdout)
    assert memo["run"]["llm_status"] == "failed" and "unreachable" in memo["errors"][0]["message"]
    assert [f["code"] for f in memo["findings"]] == ["SCORE-005"]


@pytest.mark.parametrize("setting, words", [
    ({"REVIEWER_PROMPTS_DIR": "no-prompts-here"}, "prompts: no prompt versions"),
    ({"REVIEWER_CACHE": "/proc/no/cache.db"}, "cannot open the model cache"),
    ({"reviewer.toml": 'modle = "typo"\n'}, "unknown setting 'modle'"),
])
def test_a_model_stage_that_cannot_start_gives_the_offline_findings_marked_failed(report, tmp_path, setting, words):
    env = {"REVIEWER_MODEL": "test-model", "OPENAI_BASE_URL": closed_port_url(), "OPENAI_API_KEY": "sk-test",
           "REVIEWER_CACHE": str(tmp_path / "c.db")}
    if "reviewer.toml" in setting:
        (tmp_path / "reviewer.toml").write_text(setting["reviewer.toml"])
    else:
        env.update(setting)
    online = run_cli("review", str(report), "--format", "json", cwd=tmp_path, **env)
    offline = run_cli("review", str(report), "--format", "json", "--offline", cwd=tmp_path, **env)
    assert online.returncode == 0 and "Traceback" not in online.stderr
    assert online.stderr.count("\n") == 1 and online.stderr.startswith("warning: model stage failed")
    memo = json.loads(online.stdout)
    assert memo["run"]["llm_status"] == "failed" and words in memo["errors"][0]["message"]
    assert memo["findings"] == json.loads(offline.stdout)["findings"]
    batch = run_cli("batch", str(report), "--out", str(tmp_path / "out"), "--jobs", "1", cwd=tmp_path, **env)
    assert batch.returncode == 0 and "Traceback" not in batch.stderr
    memo_file = next((tmp_path / "out" / "memos").glob("*.json"))
    assert json.loads(memo_file.read_text())["run"]["llm_status"] == "failed"


def test_estimate_without_prompts_is_one_line(report, tmp_path):
    result = run_cli("estimate", str(report), cwd=tmp_path, REVIEWER_PROMPTS_DIR="no-prompts-here")
    assert result.returncode == 2 and result.stderr.startswith("error: cannot estimate without the prompts")
    assert "Traceback" not in result.stderr


def test_estimate_and_log(report, tmp_path):
    estimate = run_cli("estimate", str(report), "--model", "gpt-4", "--price-in", "2.5", "--price-out", "10",
                       cwd=tmp_path)
    assert estimate.returncode == 0, estimate.stderr
    row = next(line for line in estimate.stdout.splitlines() if line.startswith("report.txt"))
    questions, requests, not_sent, prompt, completion, cost = row.split()[1:]
    assert (int(questions), int(requests), int(not_sent)) == (5, 3, 0) and int(prompt) > 1000 and float(cost) > 0
    assert "tokens: cl100k_base" in estimate.stdout
    env = {"REVIEWER_MODEL": "test-model", "OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "c.db")}
    with FakeOpenAI(handler=replay()) as server:
        run_cli("review", str(report), "--base-url", server.base_url, cwd=tmp_path, **env)
    listing = run_cli("log", cwd=tmp_path, **env)
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 3      # one line per request
    assert all(" ok " in line and "test-model" in line for line in listing.stdout.splitlines())
    first_id = listing.stdout.split()[0].lstrip("#")
    full = run_cli("log", "--id", first_id, cwd=tmp_path, **env)
    assert "--- system" in full.stdout and "--- response (finish_reason stop)" in full.stdout


def test_an_online_batch_shares_one_concurrency_limit_and_the_cache(tmp_path):
    from llm_support import REPORT

    reports = tmp_path / "in"
    reports.mkdir()
    for n in range(3):   # three reports whose indicators are named apart, so no two questions are the same
        text = REPORT
        for label in ("新建供水管网长度", "水质检测合格率", "受益农户数"):
            text = text.replace(label, f"{label}（{n}号片区）")
        write_report(reports, text, f"r{n}.txt")
    (tmp_path / "reviewer.toml").write_text('model = "test-model"\nconcurrency = 1\n')
    env = {"OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "c.db")}
    with FakeOpenAI(handler=replay(delay=0.05)) as server:
        env["OPENAI_BASE_URL"] = server.base_url
        first = run_cli("batch", str(reports), "--out", str(tmp_path / "out"), "--jobs", "3", cwd=tmp_path, **env)
        sent = len(server.requests)
        again = run_cli("batch", str(reports), "--out", str(tmp_path / "out2"), "--jobs", "3", cwd=tmp_path, **env)
        assert first.returncode == again.returncode == 0, first.stderr
        assert server.max_in_flight == 1 and len(server.requests) == sent
    assert sent == 9          # 5 questions in 3 requests each, every one asked once; the second batch asks nothing
    memo = json.loads(next((tmp_path / "out2" / "memos").glob("r1*.json")).read_text(encoding="utf-8"))
    assert memo["run"]["llm"]["cached"] == 3 and memo["run"]["llm_status"] == "complete"

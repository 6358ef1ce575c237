"""The model stage through a batch (issue 16): for N generated reports, the time to export every question
as batch request files and the time to merge the answers back into the memos, beside the rule stage
alone, and the token counts.

Usage: .venv/bin/python bench/bench_batch_api.py [-n 1000] [--jobs 2] [--write]

Steps, each a real `reviewer batch` run in a fresh process, with the same --jobs and md+json memos:
1. the rule stage alone (`--offline`), the baseline;
2. `--online --export-requests DIR`: rule stage, memos marked pending, request files (the rule stage's
   results are kept for step 4);
3. the answers, written by this script as a runner would (every claim answered "consistent", tokens
   counted with the model stage's tokenizer): not the reviewer's time, not counted;
4. `--online --import-results DIR`: results read, model stage verifies and merges, memos and summary
   rewritten, without running the checks again.
Nothing is sent anywhere: the endpoint named in the settings is never contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
from benchmarks_md import stamp, update_section  # noqa: E402
from make_batch import generate  # noqa: E402


def cli(*args: str, cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reviewer.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)
    if done.returncode != 0:
        raise SystemExit(f"reviewer {' '.join(args[:2])} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - started


def answer_requests(folder: Path) -> tuple[int, int]:
    """Result files for the request files in ``folder``: (requests, completion tokens)."""
    from llm_support import answer, answers, completion, items_of, question_of
    from reviewer.llm.tokens import TokenCounter

    counter = TokenCounter("gpt-4o-mini")
    requests = completion_tokens = 0
    for path in sorted(folder.glob("requests-r*-*.jsonl")):
        lines = []
        for raw in path.read_bytes().splitlines():
            line = json.loads(raw)
            items = items_of(question_of(line["body"]))
            content = answers(*((claim, answer("consistent", quote="", numbers=(), explanation="一致"))
                                for claim, _ in items))
            tokens = counter.count(content)
            completion_tokens += tokens
            requests += 1
            lines.append(json.dumps({"id": f"r{requests}", "custom_id": line["custom_id"], "error": None,
                                     "response": {"status_code": 200, "request_id": f"r{requests}",
                                                  "body": completion(content, completion_tokens=tokens)}},
                                    ensure_ascii=False))
        path.with_name(path.name.replace("requests", "results")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return requests, completion_tokens


def compare(count: int) -> list[str]:
    """``count`` self-evaluation reports (the tests' report, indicators named apart, so every question is
    its own) through a live batch and through submit → collect against the fake files/batches server
    giving the same answers (tests/fake_batch_server.py): the memos must be equal."""
    from fake_batch_server import FakeBatchServer
    from test_batch_api import answering, cli as run_cli, memos, reports, settings

    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        folder = reports(temp / "in", count)
        with FakeBatchServer(answering) as server:
            env = settings(temp, server, "live.db")
            started = time.perf_counter()
            assert run_cli("batch", str(folder), "--online", "--out", str(temp / "live"), cwd=temp, env=env).returncode == 0
            live = time.perf_counter() - started
            env = settings(temp, server, "batch.db")
            started = time.perf_counter()
            submitted = run_cli("batch", str(folder), "--online", "--submit", "--out", str(temp / "out"), cwd=temp, env=env)
            collected = run_cli("batch", "--online", "--collect", "--wait", "--poll", "0", "--out", str(temp / "out"),
                                cwd=temp, env=env, timeout=1800)
            batch = time.perf_counter() - started
            assert submitted.returncode == collected.returncode == 0, collected.stderr
            expected, got = memos(temp / "live"), memos(temp / "out")
            equal = sum(expected[name] == got.get(name) for name in expected)
            requests = len(server.chat_requests)
            batches = len(server.batches)
    return [f"{count} self-evaluation reports, live (`batch --online`, {requests} requests) in {live:.1f} s; "
            f"submit → collect --wait against the fake Batch API ({batches} batches over the rounds) in {batch:.1f} s; "
            f"memos equal to the live run's (findings, verification counts, tokens): {equal}/{len(expected)}"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", type=int, default=0, metavar="N",
                        help="instead: N reports live and through submit → collect on the fake server, memos compared")
    parser.add_argument("--write", action="store_true", help="also record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    if args.compare:
        lines = compare(args.compare)
        print("\n".join(lines))
        if args.write:
            update_section("batch-api-compare", f"### Batch submission against a live run ({stamp()})\n\n"
                           f"Reproduce: `.venv/bin/python bench/bench_batch_api.py --compare {args.compare} --write`\n\n"
                           + "\n".join(f"- {line}" for line in lines))
        return
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        reports = temp / "reports"
        generate(reports, args.n)
        (temp / "reviewer.toml").write_text('model = "gpt-4o-mini"\n', encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("REVIEWER_MODEL", "OPENAI_BASE_URL")}
        env.update(OPENAI_API_KEY="sk-unused", REVIEWER_CACHE=str(temp / "llm.sqlite3"),
                   OPENAI_BASE_URL="http://127.0.0.1:9/v1")
        jobs = ("--jobs", str(args.jobs), "--format", "md,json")
        rules = cli("batch", str(reports), "--offline", "--out", str(temp / "offline"), *jobs, cwd=temp, env=env)
        out, exchange = temp / "out", temp / "exchange"
        export = cli("batch", str(reports), "--online", "--export-requests", str(exchange), "--out", str(out), *jobs,
                     cwd=temp, env=env)
        state = json.loads((out / "model-batch" / "state.json").read_text(encoding="utf-8"))
        exported = state["rounds"][0]
        manifest = json.loads((exchange / "manifest-r1.json").read_text(encoding="utf-8"))
        requests, completion_tokens = answer_requests(exchange)
        merge = cli("batch", "--online", "--import-results", str(exchange), "--out", str(out), *jobs, cwd=temp,
                    env=env)
        state = json.loads((out / "model-batch" / "state.json").read_text(encoding="utf-8"))
        merged = state["last_step"]["seconds"]
        memos = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "memos").glob("*.json")]
        statuses: dict[str, int] = {}
        for memo in memos:
            statuses[memo["run"]["llm_status"]] = statuses.get(memo["run"]["llm_status"], 0) + 1
        prompt_tokens = sum(m["run"]["llm"].get("estimated_prompt_tokens", 0) for m in memos)
        live_requests = sum(m["run"]["llm"].get("requests", m["run"]["llm"].get("questions", 0)) for m in memos)
        size = sum(f["bytes"] for f in manifest["files"])
        snapshots = sum(p.stat().st_size for p in (out / "model-batch" / "rules").iterdir())
    lines = [
        f"{args.n} generated reports (bench/make_batch.py), --jobs {args.jobs}, md+json memos, on {os.cpu_count()} cores",
        f"rule stage alone (`batch --offline`): {rules:.1f} s wall",
        f"export (`batch --online --export-requests`): {export:.1f} s wall, of which the memos (rule stage, "
        f"questions planned, memos marked pending) {exported['seconds']['memos_s']:.1f} s and writing the request "
        f"files {exported['seconds']['write_requests_s']:.2f} s; the questions alone (export minus the rule stage): "
        f"{max(0.0, export - rules):.1f} s",
        f"merge (`batch --online --import-results`): {merge:.1f} s wall, of which reading the results "
        f"{merged.get('import_s', 0):.2f} s and rebuilding every memo from the kept rule results "
        f"{merged.get('memos_s', 0):.1f} s (the checks are not run again)",
        f"merge ÷ rule stage: {merge / rules:.2f}",
        f"requests: {live_requests} asked by the memos, {requests} distinct (a question several reports share is "
        f"sent once; the generated reports repeat the fixtures' claims) in {len(manifest['files'])} file(s), "
        f"{size / 2**20:.2f} MB; prompt tokens of every memo's questions "
        f"{prompt_tokens} (cl100k_base, as `reviewer estimate` counts them), {prompt_tokens // max(1, args.n)} per "
        f"report; completion tokens of the scripted answers {completion_tokens}",
        "memos after the merge: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + f"; rule results kept for the merge: {snapshots / 2**20:.1f} MB",
    ]
    print("\n".join(lines))
    if args.write:
        update_section("batch-api", f"## Model stage through a batch ({stamp()})\n\n"
                       f"Reproduce: `.venv/bin/python bench/bench_batch_api.py -n {args.n} --jobs {args.jobs} --write`\n\n"
                       + "\n".join(f"- {line}" for line in lines))


if __name__ == "__main__":
    main()

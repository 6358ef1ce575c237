"""A batch that cannot hang or lose work: dead and stuck workers, killed and resumed batches, two batches
on one folder, torn state, FIFOs, its own output folder, deep names, read-only and full output folders.

Real files and real processes throughout: workers are killed with SIGKILL from outside, the batch with
its whole process group; the read-only and full folders are small tmpfs mounts in a private mount
namespace (skipped where the test may not mount).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import reviewer.batch as batch
from hostile import slow_text
from reviewer.batch import Job, Row, load_state, review_all, review_one

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(ROOT / "bench"))
from make_batch import generate  # noqa: E402

BATCH = [sys.executable, "-m", "reviewer.cli", "batch"]


def slow_report(folder: Path, lines: int = 12_000) -> Path:
    """A report that takes seconds to review: thousands of numeric sentences, each a claim to check."""
    path = folder / "slow.txt"
    path.write_text(slow_text(lines), encoding="utf-8")
    return path


def fixtures_into(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(FIXTURES / name, folder / name)) for name in names]


def run(*args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*BATCH, *args], capture_output=True, text=True, timeout=timeout, **kwargs)


def summary(out: Path) -> list[dict]:
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def statuses(out: Path) -> dict[str, str]:
    rows = summary(out)
    names = [Path(r["文件"]).name for r in rows]
    assert len(names) == len(set(names)), "a report appears twice in the summary"
    return {Path(r["文件"]).name: r["状态"] for r in rows}


def children(pid: int) -> dict[int, int]:
    """Child processes of ``pid`` and the CPU ticks each has used (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found[int(entry.name)] = int(fields[11]) + int(fields[12])
    return found


def kill_busy_workers(batch_pid: int, times: int, busy_ticks: int = 50) -> list[int]:
    """In the background: SIGKILL a worker of the batch that has been computing for a while, ``times``
    times (a new worker each time). Returns the list the killed pids are added to."""
    killed: list[int] = []

    def hunt():
        deadline = time.time() + 120
        while len(killed) < times and time.time() < deadline:
            busy = [pid for pid, ticks in children(batch_pid).items() if ticks >= busy_ticks and pid not in killed]
            if busy:
                os.kill(busy[0], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.05)

    threading.Thread(target=hunt, daemon=True).start()
    return killed


def batch_killing_workers(reports: Path, out: Path, jobs: int, kills: int) -> tuple[str, str]:
    """Run a batch while its busy workers are killed ``kills`` times; its stdout and stderr."""
    process = subprocess.Popen([*BATCH, str(reports), "--out", str(out), "--jobs", str(jobs)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = kill_busy_workers(process.pid, times=kills)
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr
    assert len(killed) == kills and "Traceback" not in stderr
    return stdout, stderr


# --- dead and stuck workers -------------------------------------------------------------------

def test_a_worker_killed_once_is_noticed_and_its_report_retried(tmp_path):
    reports = tmp_path / "in"
    fixtures_into(reports, "juesuan_planted.txt", "juesuan_consistent.txt", "jixiao_planted.txt")
    slow_report(reports)
    stdout, _ = batch_killing_workers(reports, tmp_path / "out", jobs=2, kills=1)
    assert set(statuses(tmp_path / "out").values()) == {"ok"} and len(statuses(tmp_path / "out")) == 4
    assert "4 reviewed, 0 failed" in stdout


def test_a_report_that_kills_its_worker_every_time_is_failed_with_the_reason(tmp_path):
    reports = tmp_path / "in"
    fixtures_into(reports, "jixiao_planted.txt")
    slow_report(reports)
    batch_killing_workers(reports, tmp_path / "out", jobs=1, kills=2)
    found = statuses(tmp_path / "out")
    assert found["jixiao_planted.txt"] == "ok"
    assert found["slow.txt"].startswith("failed: the worker process died") and "twice" in found["slow.txt"]


def test_a_report_over_its_time_limit_is_stopped_and_the_batch_goes_on(tmp_path):
    reports = tmp_path / "in"
    fixtures_into(reports, "juesuan_planted.txt")
    slow_report(reports)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = run(str(reports), "--out", str(out), env={**os.environ, "REVIEWER_REPORT_TIMEOUT_S": "1"})
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 30
    found = statuses(out)
    assert found["juesuan_planted.txt"] == "ok"
    assert "longer than the limit of 1 s" in found["slow.txt"] and "REVIEWER_REPORT_TIMEOUT_S" in found["slow.txt"]


def _scripted_review(job: Job) -> Row:
    """Stands in for review_one in forked workers: dies, hangs with the alarm blocked, or succeeds."""
    if job.stem.startswith("dies"):
        os._exit(3)
    if job.stem.startswith("stuck"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like native code that never returns
        time.sleep(300)
    time.sleep(0.1)
    return Row(file=str(job.path))


def test_workers_that_die_or_ignore_their_time_limit_cost_only_their_own_report(monkeypatch, tmp_path):
    monkeypatch.setattr(batch, "review_one", _scripted_review)
    monkeypatch.setattr(batch, "_KILL_GRACE_S", 1)
    monkeypatch.setenv("REVIEWER_REPORT_TIMEOUT_S", "1")
    batch.limits.cache_clear()
    try:
        names = ["a", "b", "dies", "c", "d", "stuck", "e", "f", "g"]
        jobs = [Job(tmp_path / name, name, tmp_path, ("md",), "zh") for name in names]
        started = time.perf_counter()
        rows = {Path(row.file).name: row.status for row in review_all(jobs, 3)}
    finally:
        batch.limits.cache_clear()
    assert time.perf_counter() - started < 30
    assert sorted(rows) == sorted(names)   # every job exactly once
    assert rows["dies"].startswith("failed: the worker process died")
    assert "did not stop; its worker was killed" in rows["stuck"]
    assert {rows[n] for n in names if n not in ("dies", "stuck")} == {"ok"}


def test_a_memo_that_cannot_be_written_is_a_failed_row_not_a_crash(monkeypatch, tmp_path):
    def disk_full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch, "write_atomic", disk_full)
    report = fixtures_into(tmp_path, "juesuan_planted.txt")[0]
    (tmp_path / "memos").mkdir()
    row = review_one(Job(report, "memo", tmp_path, ("md",), "zh"))
    assert row.status == "failed: cannot write the memo: No space left on device" and row.memos == {}


# --- killed batches, two batches, torn state ---------------------------------------------------

def test_a_batch_killed_repeatedly_and_resumed_gives_each_report_once_and_nothing_half_written(tmp_path):
    reports = tmp_path / "many"
    generate(reports, 120)
    out = tmp_path / "out"
    state = out / ".reviewer-state.jsonl"
    for _ in range(3):
        before = state.read_bytes().count(b"\n") if state.exists() else 0
        process = subprocess.Popen([*BATCH, str(reports), "--out", str(out), "--jobs", "2", "--resume",
                                    "--format", "md,json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline and (not state.exists() or state.read_bytes().count(b"\n") < before + 15):
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    result = run(str(reports), "--out", str(out), "--jobs", "2", "--resume", "--format", "md,json")
    assert result.returncode == 0, result.stderr
    found = statuses(out)
    assert len(found) == 120 and set(found.values()) == {"ok"}
    memos = list((out / "memos").iterdir())
    assert not [m for m in memos if ".tmp" in m.name]
    json_memos = [m for m in memos if m.suffix == ".json"]
    assert len(json_memos) == 120
    for memo in json_memos:
        json.loads(memo.read_text(encoding="utf-8"))   # whole, not cut


def test_a_second_batch_on_the_same_folder_fails_fast_and_the_first_loses_nothing(tmp_path):
    reports = tmp_path / "many"
    generate(reports, 80)
    out = tmp_path / "out"
    first = subprocess.Popen([*BATCH, str(reports), "--out", str(out), "--jobs", "1"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    state = out / ".reviewer-state.jsonl"
    deadline = time.time() + 60
    while time.time() < deadline and not (state.exists() and state.stat().st_size):
        time.sleep(0.02)
    started = time.perf_counter()
    second = run(str(reports), "--out", str(out), "--jobs", "1", timeout=60)
    assert time.perf_counter() - started < 10
    assert second.returncode == 2
    assert second.stderr.startswith("error: another reviewer batch is writing to") and second.stderr.count("\n") == 1
    first.communicate(timeout=180)
    assert first.returncode == 0
    assert len(load_state(out)) == 80 and len(statuses(out)) == 80


def test_a_torn_last_state_line_is_ignored_on_resume(tmp_path):
    reports = tmp_path / "in"
    fixtures_into(reports, "juesuan_planted.txt", "juesuan_consistent.txt", "jixiao_planted.txt")
    out = tmp_path / "out"
    assert run(str(reports), "--out", str(out), "--jobs", "1").returncode == 0
    state = out / ".reviewer-state.jsonl"
    data = state.read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[1]
    cut = len(data) - len(last) - 1 + last.index("部".encode()) + 1   # inside a three-byte character
    state.write_bytes(data[:cut])
    result = run(str(reports), "--out", str(out), "--jobs", "1", "--resume")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(": reused,") == 2
    assert set(statuses(out).values()) == {"ok"}
    assert len(load_state(out)) == 3    # the redone report's record starts a line of its own


def test_state_lines_that_are_not_whole_records_are_skipped(tmp_path):
    good = {"file": "/r.txt", "status": "ok", "department": "", "year": None, "report_type": "", "high": 0,
            "medium": 0, "low": 0, "findings": 0, "risk_score": 0.0, "top_finding": "", "memos": {}, "by_category": {},
            "sha256": "", "key": "k"}
    lines = [json.dumps(good), "123", json.dumps({"file": "/x.txt"}), json.dumps({**good, "memos": "x"}),
             json.dumps({**good, "file": "/s.txt"})[:40]]
    (tmp_path / ".reviewer-state.jsonl").write_bytes(("\n".join(lines)).encode() + "\n{\"file\": \"半".encode()[:-1])
    assert list(load_state(tmp_path)) == ["/r.txt"]


# --- what the batch reads -----------------------------------------------------------------------

def test_the_batch_never_reads_its_own_output_folder(tmp_path):
    fixtures_into(tmp_path, "juesuan_planted.txt", "jixiao_planted.txt")
    for _ in range(3):
        result = run(".", "--out", "review-out", "--format", "md,json,html", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(statuses(tmp_path / "review-out")) == 2


def test_a_fifo_is_skipped_with_a_note_not_waited_on(tmp_path):
    report = fixtures_into(tmp_path, "juesuan_planted.txt")[0]
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run(str(fifo), str(report), "--out", str(tmp_path / "out"), timeout=60)
    assert result.returncode == 0, result.stderr
    found = statuses(tmp_path / "out")
    assert found["juesuan_planted.txt"] == "ok"
    assert found["pipe.txt"].startswith("failed: not a regular file")


def test_reports_deep_in_long_chinese_folder_names_get_their_memos(tmp_path):
    deep = tmp_path.joinpath(*[f"第{i}级预算单位财政拨款收支决算报告材料汇编目录" for i in range(10)])
    fixtures_into(deep, "juesuan_planted.txt")
    fixtures_into(tmp_path / "top", "jixiao_planted.txt")
    out = tmp_path / "out"
    result = run(str(tmp_path / "top"), str(tmp_path / "第0级预算单位财政拨款收支决算报告材料汇编目录"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert set(statuses(out).values()) == {"ok"}
    assert all(len(m.name.encode()) < 255 for m in (out / "memos").iterdir())


# --- read-only and full output folders ----------------------------------------------------------

def _in_private_tmpfs(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a shell script with a small tmpfs at $MNT, in a mount namespace of its own."""
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {mount_point}"],
                           capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip("needs unshare and the right to mount a tmpfs (root, or a user namespace)")
    environment = {**os.environ, "MNT": str(mount_point), "PY": sys.executable, "HERE": str(tmp_path)}
    return subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          env=environment, cwd=ROOT)


def test_a_read_only_output_folder_is_one_line_and_exit_2(tmp_path):
    fixtures_into(tmp_path / "in", "juesuan_planted.txt")
    result = _in_private_tmpfs(
        'set -e; mount -t tmpfs -o size=4m tmpfs "$MNT"; mkdir "$MNT/out"; mount -o remount,ro "$MNT";'
        '"$PY" -m reviewer.cli batch "$HERE/in" --out "$MNT/out"', tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: cannot write to {tmp_path / 'mnt' / 'out'}: Read-only file system\n"


def test_a_full_disk_fails_the_memos_it_cannot_write_and_keeps_the_previous_summary(tmp_path):
    fixtures_into(tmp_path / "first", "juesuan_planted.txt", "jixiao_planted.txt")
    generate(tmp_path / "second", 30)
    result = _in_private_tmpfs(
        'set -e; mount -t tmpfs -o size=1m tmpfs "$MNT";'
        '"$PY" -m reviewer.cli batch "$HERE/first" --out "$MNT/out" --format md,json;'
        'cp "$MNT/out/summary.csv" "$HERE/first.csv";'
        'dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true;'
        'set +e; "$PY" -m reviewer.cli batch "$HERE/second" --out "$MNT/out" --format md,json,html; echo "rc=$?";'
        'cp "$MNT/out/summary.csv" "$HERE/after.csv"', tmp_path)
    assert "Traceback" not in result.stderr
    assert "rc=2" in result.stdout
    assert result.stderr.splitlines()[-1] == f"error: cannot write to {tmp_path / 'mnt' / 'out'}: No space left on device"
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "first.csv").read_bytes()  # whole, as before
    failed = [line for line in result.stderr.splitlines() if "cannot write the memo: No space left on device" in line]
    assert len(failed) == 30


def test_ctrl_c_stops_the_batch_with_one_line_and_resume_finishes_it(tmp_path):
    reports = tmp_path / "many"
    generate(reports, 150)
    out = tmp_path / "out"
    process = subprocess.Popen([*BATCH, str(reports), "--out", str(out), "--jobs", "2"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    state = out / ".reviewer-state.jsonl"
    deadline = time.time() + 60
    while time.time() < deadline and (not state.exists() or state.read_bytes().count(b"\n") < 20):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)   # what a terminal sends the whole group on Ctrl-C
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr and stderr.splitlines()[-1].startswith("interrupted:")
    result = run(str(reports), "--out", str(out), "--jobs", "2", "--resume")
    assert result.returncode == 0, result.stderr
    assert len(statuses(out)) == 150 and set(statuses(out).values()) == {"ok"}

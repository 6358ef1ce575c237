"""Test support for the model stage: a scripted OpenAI-compatible HTTP server on a real socket, and a
small self-evaluation report in our own words.

``FakeOpenAI`` answers ``POST /v1/chat/completions`` from a script of steps (status, headers, body,
delay), one per request, repeating the last; it records every request body. Nothing here mocks the
SDK: the client under test speaks HTTP to it exactly as to a real endpoint.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reviewer.llm.config import resolve_config

# A project self-evaluation: row 1 has full marks beside a note stating a deduction (a model question),
# row 2 misses its target yet has full marks (SCORE-005, a rule finding) and its 偏差原因 gives no reason,
# row 3 lost points and says why. Questions: score_vs_note (rows 1, 2), deviation_reason (rows 2, 3), claim_vs_table.
REPORT = "\n".join([
    "青岚县水务服务中心2023年度农村供水保障项目支出绩效自评报告",
    "",
    "一、绩效目标完成情况",
    "",
    "本项目全面完成年度绩效目标。",
    "",
    "二、自评表",
    "项目支出绩效自评表",
    "项目名称\t农村供水保障项目",
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施",
    "\t产出指标\t数量指标\t新建供水管网长度\t≥40公里\t42公里\t30\t30\t有3公里管网未通水，扣2分",
    "\t\t质量指标\t水质检测合格率\t≥98%\t95%\t30\t30\t检测设备已更新",
    "\t效益指标\t社会效益指标\t受益农户数\t≥3000户\t2800户\t40\t36\t两个村因移民搬迁未接入",
    "总分\t\t\t\t\t\t100\t96\t",
    "",
])
NOTE_LINE = 11          # 有3公里管网未通水，扣2分
MISSED_LINE = 12        # 水质检测合格率 95% < 98% with full marks: SCORE-005
CLAIM_LINE = 5


def write_report(folder: Path, text: str = REPORT, name: str = "report.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def answer(verdict="inconsistent", quote="有3公里管网未通水，扣2分", numbers=("30", "2"), explanation="说明写明扣2分，得分仍为满分30分",
           category="score", severity="medium") -> str:
    return json.dumps({"quote": quote, "numbers": list(numbers), "explanation": explanation, "verdict": verdict,
                       "category": category, "severity": severity}, ensure_ascii=False)


def completion(content: str | None, finish_reason: str = "stop", prompt_tokens: int = 100,
               completion_tokens: int = 20) -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


@dataclass
class Step:
    status: int = 200
    body: dict | str = field(default_factory=lambda: completion(answer()))
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


def ok(content: str | None = None, **kwargs) -> Step:
    return Step(body=completion(answer() if content is None else content, **kwargs))


def error(status: int, message: str = "error", code: str | None = None, headers: dict | None = None) -> Step:
    return Step(status=status, body={"error": {"message": message, "type": "error", "code": code}},
                headers=headers or {})


class FakeOpenAI:
    """``with FakeOpenAI([steps]) as server: server.base_url``; ``server.requests`` holds the bodies."""

    def __init__(self, steps: list[Step] | None = None, handler=None):
        self.steps = list(steps or [ok()])
        self.handler = handler          # optional: body dict → Step, instead of the script
        self.requests: list[dict] = []
        self.times: list[float] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    fake.times.append(time.monotonic())
                    step = fake.handler(body) if fake.handler else fake.steps[min(len(fake.requests), len(fake.steps)) - 1]
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                if step.delay:
                    time.sleep(step.delay)
                payload = (step.body if isinstance(step.body, str) else json.dumps(step.body, ensure_ascii=False)).encode()
                try:
                    self.send_response(step.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in step.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass   # the client gave up (a timeout test)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def config(base_url: str, tmp_path: Path, **overrides):
    """Settings for a test: no retry waits to speak of, a private cache, no config file or env leaking in."""
    settings = dict(max_retries=3, max_retry_wait_s=5.0, timeout_s=5.0, concurrency=2)
    settings.update(overrides)
    env = {"OPENAI_API_KEY": "sk-test", "REVIEWER_CACHE": str(tmp_path / "llm.sqlite3")}
    if settings.pop("no_key", False):
        env.pop("OPENAI_API_KEY")
    settings.setdefault("model", "test-model")
    return resolve_config(base_url=base_url, cwd=tmp_path, env=env, **settings)


def closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# Recorded judgements for REPORT, replayed through the fake server. The local 270M model cannot judge,
# so the merge is tested with these: hand-written in the answer schema, as a capable model answers.
RECORDED = [
    # (words of the question, words of its material, the answer)
    ("满分与扣分说明", "有3公里管网未通水", answer()),
    ("满分与扣分说明", "检测设备已更新",
     answer("consistent", quote="检测设备已更新", numbers=(), explanation="说明未提及扣分")),
    ("偏差原因是否说明", "检测设备已更新",
     answer(quote="检测设备已更新", numbers=("95", "98"), explanation="实际95%未达98%，偏差原因未说明原因")),
    ("偏差原因是否说明", "移民搬迁",
     answer("consistent", quote="两个村因移民搬迁未接入", numbers=("2800", "3000"), explanation="说明了未达目标的原因")),
    ("完成情况是否与", "",
     answer(quote="本项目全面完成年度绩效目标", numbers=("95", "98", "96.94"), category="narrative",
            explanation="水质检测合格率95%未达到98%，与全面完成的说法矛盾")),
]


def question_of(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


_ITEM = re.compile(r"^【(Q\d+)】", re.M)


def items_of(text: str) -> list[tuple[str, str]]:
    """(id, the item's text) of each claim in a request's question; ("Q1", the whole text) for a
    question written for one claim (prompt versions before v3)."""
    starts = list(_ITEM.finditer(text))
    if not starts:
        return [("Q1", text)]
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [(m.group(1), text[m.start():end]) for m, end in zip(starts, ends)]


def shared_of(text: str) -> str:
    """A request's question without its items: its wording and the material its claims share."""
    first = _ITEM.search(text)
    return text[:first.start()] if first else text


def answers(*items: tuple[str, str]) -> str:
    """A reply of several answers keyed by claim id, as the schema asks: (id, one answer as answer()
    writes it) each."""
    return json.dumps({claim_id: json.loads(content) for claim_id, content in items}, ensure_ascii=False)


def replay(recorded=RECORDED, delay: float = 0.0, **completion_args):
    """A FakeOpenAI handler answering each claim of a request with its recorded answer: the first
    whose question words are in the request and whose material words are in the claim's item (or in
    the material the claims share)."""
    def handler(body: dict) -> Step:
        text = question_of(body)
        shared = shared_of(text)
        content = answers(*((claim_id, next(a for q, m, a in recorded if q in text and (m in item or m in shared)))
                            for claim_id, item in items_of(text)))
        return Step(body=completion(content, **completion_args), delay=delay)
    return handler

"""A fake OpenAI-compatible server with the files and batches endpoints, on a real loopback socket, for
the batch submission tests (issue 16). Nothing mocks the SDK: ``openai.OpenAI`` speaks HTTP to it.

- ``POST /v1/chat/completions``: the live endpoint, answered by ``answer(body) -> Step`` (llm_support);
- ``POST /v1/files`` (multipart upload, purpose "batch"), ``GET /v1/files/{id}``, ``GET /v1/files/{id}/content``;
- ``POST /v1/batches``, ``GET /v1/batches/{id}``: each retrieve moves a batch one step along
  validating → in_progress → finalizing → completed. At validation the input file is checked against the
  batch input format (``reviewer.llm.batch_api.validate_request_file``): a bad file fails the batch with
  its errors. On completion every request is answered by ``answer`` into an output file, except those
  ``fail(custom_id, body)`` picks, which go to the error file (HTTP 500). A batch whose ordinal is in
  ``expire`` ends "expired" with only its first ``expire_keep`` requests answered, the rest in the error
  file as batch_expired.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from reviewer.llm.batch_api import validate_request_file


class FakeBatchServer:
    def __init__(self, answer: Callable[[dict], object], fail: Callable[[str, dict], bool] | None = None,
                 expire: set[int] = frozenset(), expire_keep: int = 1):
        self.answer, self.fail, self.expire, self.expire_keep = answer, fail, set(expire), expire_keep
        self.files: dict[str, dict] = {}
        self.batches: dict[str, dict] = {}
        self.chat_requests: list[dict] = []
        self.batch_requests: list[dict] = []     # every request line a batch ran
        self.retrievals = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, payload: bytes | dict, content_type: str = "application/json"):
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with fake._lock:
                    status, payload = fake.post(self.path, self.headers.get("Content-Type", ""), raw)
                self._send(status, payload)

            def do_GET(self):  # noqa: N802
                with fake._lock:
                    status, payload = fake.get(self.path)
                self._send(status, payload, "application/octet-stream" if isinstance(payload, bytes) else
                           "application/json")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeBatchServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # endpoints -----------------------------------------------------------------------------------
    def _file(self, data: bytes, purpose: str, name: str) -> dict:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                               "filename": name, "purpose": purpose, "status": "processed", "data": data}
        return {k: v for k, v in self.files[file_id].items() if k != "data"}

    def post(self, path: str, content_type: str, raw: bytes):
        if path == "/v1/chat/completions":
            body = json.loads(raw)
            self.chat_requests.append(body)
            step = self.answer(body)
            return step.status, step.body
        if path == "/v1/files":
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
            fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
            upload = fields["file"]
            return 200, self._file(upload.get_payload(decode=True), fields["purpose"].get_content().strip(),
                                   upload.get_filename() or "upload.jsonl")
        if path == "/v1/batches":
            body = json.loads(raw)
            if body.get("input_file_id") not in self.files or body.get("endpoint") != "/v1/chat/completions":
                return 400, {"error": {"message": "bad batch request", "type": "invalid_request_error"}}
            batch_id = f"batch_{len(self.batches) + 1}"
            self.batches[batch_id] = {
                "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
                "input_file_id": body["input_file_id"], "completion_window": body["completion_window"],
                "status": "validating", "output_file_id": None, "error_file_id": None,
                "created_at": int(time.time()), "metadata": body.get("metadata"),
                "request_counts": {"total": 0, "completed": 0, "failed": 0}, "ordinal": len(self.batches) + 1}
            return 200, self._public(self.batches[batch_id])
        return 404, {"error": {"message": f"no route {path}"}}

    def get(self, path: str):
        if match := re.fullmatch(r"/v1/files/([\w-]+)/content", path):
            found = self.files.get(match.group(1))
            return (200, found["data"]) if found else (404, {"error": {"message": "no such file"}})
        if match := re.fullmatch(r"/v1/files/([\w-]+)", path):
            found = self.files.get(match.group(1))
            return (200, {k: v for k, v in found.items() if k != "data"}) if found else (404, {"error": {}})
        if match := re.fullmatch(r"/v1/batches/([\w-]+)", path):
            batch = self.batches.get(match.group(1))
            if batch is None:
                return 404, {"error": {"message": "no such batch"}}
            self.retrievals += 1
            self._advance(batch)
            return 200, self._public(batch)
        return 404, {"error": {"message": f"no route {path}"}}

    @staticmethod
    def _public(batch: dict) -> dict:
        return {k: v for k, v in batch.items() if k != "ordinal"}

    def _advance(self, batch: dict) -> None:
        data = self.files[batch["input_file_id"]]["data"]
        if batch["status"] == "validating":
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "input.jsonl"
                path.write_bytes(data)
                problems = validate_request_file(path)
            if problems:
                batch["status"] = "failed"
                batch["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": p, "line": None}
                                                              for p in problems[:5]]}
            else:
                batch["status"] = "in_progress"
                batch["request_counts"]["total"] = len(data.splitlines())
        elif batch["status"] == "in_progress":
            batch["status"] = "finalizing"
        elif batch["status"] == "finalizing":
            self._run(batch, data)

    def _run(self, batch: dict, data: bytes) -> None:
        expired = batch["ordinal"] in self.expire
        outputs, errors = [], []
        for number, raw in enumerate(data.splitlines()):
            line = json.loads(raw)
            self.batch_requests.append(line)
            request_id = f"req_{batch['id']}_{number}"
            if expired and number >= self.expire_keep:
                errors.append({"id": request_id, "custom_id": line["custom_id"], "response": None,
                               "error": {"code": "batch_expired",
                                         "message": "This request could not be executed before the completion window expired."}})
                continue
            if self.fail and self.fail(line["custom_id"], line["body"]):
                errors.append({"id": request_id, "custom_id": line["custom_id"],
                               "response": {"status_code": 500, "request_id": request_id,
                                            "body": {"error": {"message": "server error", "type": "server_error"}}},
                               "error": None})
                continue
            step = self.answer(line["body"])
            outputs.append({"id": request_id, "custom_id": line["custom_id"],
                            "response": {"status_code": step.status, "request_id": request_id, "body": step.body},
                            "error": None})
        encode = lambda lines: "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()  # noqa: E731
        if outputs:
            batch["output_file_id"] = self._file(encode(outputs), "batch_output", "output.jsonl")["id"]
        if errors:
            batch["error_file_id"] = self._file(encode(errors), "batch_output", "errors.jsonl")["id"]
        batch["status"] = "expired" if expired else "completed"
        batch["request_counts"] = {"total": len(outputs) + len(errors), "completed": len(outputs),
                                   "failed": len(errors)}

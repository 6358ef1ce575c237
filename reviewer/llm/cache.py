"""The response cache and the audit log, in one SQLite file (like Simon Willison's ``llm`` logs).

``responses``: a validated answer per key, the key being the hash of (base URL, model, prompt version,
claim pack hash), so re-running a report or a batch costs nothing. ``log``: every request and reply,
sent or served from the cache, failed or not, for ``reviewer log``. Several batch workers may share
the file: WAL mode and a busy timeout let them write without stepping on each other. Setting up a
new file (switching it to WAL, creating the tables) takes locks SQLite does not wait for, so workers
that open a new cache at once do it one after another, under a lock on a file beside it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, base_url TEXT, model TEXT, prompt_version TEXT, pack_hash TEXT,
    content TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, created REAL);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created REAL, document TEXT, kind TEXT, line INTEGER,
    base_url TEXT, model TEXT, prompt_version TEXT, pack_hash TEXT, request TEXT, response TEXT,
    finish_reason TEXT, status TEXT, error TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
    duration_s REAL, cached INTEGER);
"""


_BUSY_TIMEOUT_S = 30


@contextmanager
def _setting_up(path: Path):
    """One process at a time sets the cache file up (an exclusive lock on ``<cache>.lock``)."""
    try:
        import fcntl
    except ImportError:   # Windows: no advisory locks; the busy timeout alone
        yield
        return
    with path.with_name(path.name + ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def cache_key(base_url: str, model: str, prompt_version: str, pack_hash: str) -> str:
    return hashlib.sha256("\0".join((base_url.rstrip("/"), model, prompt_version, pack_hash)).encode()).hexdigest()


@dataclass
class Cached:
    content: str
    prompt_tokens: int
    completion_tokens: int


@dataclass
class LogEntry:
    document: str
    kind: str
    line: int | None
    base_url: str
    model: str
    prompt_version: str
    pack_hash: str
    request: dict
    response: str | None
    finish_reason: str | None
    status: str                  # ok | invalid | error | cached
    error: str | None
    prompt_tokens: int
    completion_tokens: int
    duration_s: float
    cached: bool


class Store:
    """Cache and log; ``read_cache=False`` (``--no-cache``) neither reads nor writes answers, only logs."""

    def __init__(self, path: Path, read_cache: bool = True):
        self.path, self.read_cache = Path(path), read_cache
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with _setting_up(self.path):
            self._db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, check_same_thread=False,
                                       isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_S * 1000}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    def get(self, key: str) -> Cached | None:
        if not self.read_cache:
            return None
        with self._lock:
            row = self._db.execute("SELECT content, prompt_tokens, completion_tokens FROM responses WHERE key = ?",
                                   (key,)).fetchone()
        return Cached(*row) if row else None

    def put(self, key: str, base_url: str, model: str, prompt_version: str, pack_hash: str, content: str,
            prompt_tokens: int, completion_tokens: int) -> None:
        if not self.read_cache:
            return
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (key, base_url, model, prompt_version, pack_hash, content, prompt_tokens,
                              completion_tokens, time.time()))

    def log(self, entry: LogEntry) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO log (created, document, kind, line, base_url, model, prompt_version, pack_hash, request,"
                " response, finish_reason, status, error, prompt_tokens, completion_tokens, duration_s, cached)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), entry.document, entry.kind, entry.line, entry.base_url, entry.model,
                 entry.prompt_version, entry.pack_hash, json.dumps(entry.request, ensure_ascii=False),
                 entry.response, entry.finish_reason, entry.status, entry.error, entry.prompt_tokens,
                 entry.completion_tokens, round(entry.duration_s, 3), int(entry.cached)))

    def entries(self, limit: int = 20, entry_id: int | None = None) -> list[dict]:
        query = "SELECT * FROM log" + (" WHERE id = ?" if entry_id is not None else "") + " ORDER BY id DESC LIMIT ?"
        args = ((entry_id,) if entry_id is not None else ()) + (limit,)
        with self._lock:
            cursor = self._db.execute(query, args)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def close(self) -> None:
        with self._lock:
            self._db.close()

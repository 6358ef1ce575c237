"""Where the model stage's settings come from, in order of precedence:

1. the command line (``--model``, ``--base-url``);
2. the environment (``REVIEWER_MODEL``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``);
3. a config file: the nearest ``reviewer.toml`` (top-level keys), else the nearest ``pyproject.toml``
   with a ``[tool.reviewer]`` table, searched from the working directory upwards.

The API key is read from the environment only: a key does not belong in a file that gets committed.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping

DEFAULT_BASE_URL = "https://api.openai.com/v1"


def default_cache_path() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "reviewer" / "llm.sqlite3"


@dataclass(frozen=True)
class ModelConfig:
    model: str | None = None
    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 60.0            # one request, connect to last byte
    max_retries: int = 4               # retries after the first attempt, on 429/5xx/timeouts
    max_retry_wait_s: float = 60.0     # the longest we honour a Retry-After
    concurrency: int = 4               # requests in flight at once, shared by a whole batch
    max_tokens: int = 400              # completion limit per answer
    temperature: float = 0.0
    response_format: str = "json_schema"   # or "json_object" for endpoints without schema support
    pack_tokens: int = 1500            # budget of one claim pack (prompt tokens)
    report_tokens: int = 60000         # budget of one report; packs beyond it are not sent
    price_input_per_mtok: float | None = None
    price_output_per_mtok: float | None = None
    cache_path: Path = field(default_factory=default_cache_path)
    use_cache: bool = True
    source: dict = field(default_factory=dict, compare=False)   # setting → where it came from

    @property
    def configured(self) -> bool:
        return bool(self.model)


_FILE_KEYS = {f.name for f in fields(ModelConfig)} - {"api_key", "source", "use_cache"}
_NUMBERS = {"timeout_s": float, "max_retries": int, "max_retry_wait_s": float, "concurrency": int,
            "max_tokens": int, "temperature": float, "pack_tokens": int, "report_tokens": int,
            "price_input_per_mtok": float, "price_output_per_mtok": float}


class ConfigError(ValueError):
    """A config file that cannot be read or holds a setting of the wrong kind."""


def find_config_file(start: Path) -> tuple[Path, dict] | None:
    """The nearest reviewer.toml, else the nearest pyproject.toml with [tool.reviewer]."""
    for folder in [start, *start.parents]:
        candidate = folder / "reviewer.toml"
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read_toml(project).get("tool", {}).get("reviewer")
            if isinstance(table, dict):
                return project, table
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _from_file(table: dict, path: Path) -> dict:
    settings = {}
    for key, value in table.items():
        if key not in _FILE_KEYS:
            raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(sorted(_FILE_KEYS))}")
        try:
            if key in _NUMBERS:
                value = _NUMBERS[key](value)
            elif key == "cache_path":
                value = (path.parent / Path(value).expanduser()).resolve()
            else:
                value = str(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: {key} = {value!r} is not a valid value") from exc
        settings[key] = value
    return settings


def resolve_config(model: str | None = None, base_url: str | None = None, *, cwd: Path | None = None,
                   env: Mapping[str, str] | None = None, **overrides) -> ModelConfig:
    """The effective settings: command line over environment over config file over defaults."""
    env = os.environ if env is None else env
    settings: dict = {}
    source: dict = {}
    found = find_config_file((cwd or Path.cwd()).resolve())
    if found:
        path, table = found
        for key, value in _from_file(table, path).items():
            settings[key], source[key] = value, str(path)
    for key, variable in (("model", "REVIEWER_MODEL"), ("base_url", "OPENAI_BASE_URL"), ("api_key", "OPENAI_API_KEY")):
        if env.get(variable):
            settings[key], source[key] = env[variable], f"env {variable}"
    if env.get("REVIEWER_CACHE"):
        settings["cache_path"], source["cache_path"] = Path(env["REVIEWER_CACHE"]), "env REVIEWER_CACHE"
    for key, value in (("model", model), ("base_url", base_url), *overrides.items()):
        if value is not None:
            settings[key], source[key] = value, "command line"
    return replace(ModelConfig(), **settings, source=source)

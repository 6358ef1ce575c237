"""Prompt templates: plain files in ``prompts/<version>/``, one per question kind, with named slots.

The repository keeps them in the top-level ``prompts/`` folder; the installed package carries that
folder as ``reviewer.prompts`` and they are read as package resources, never from a source tree.

From v3 a kind also has an item template (``<kind>.item.txt``): a request carries several claims of
one kind, the kind's template once (with an ``{items}`` slot) and each claim's item with its id; a
version without item templates asks one claim per request, as it always did.

A version is a folder (``prompts/v1``): changing a prompt means adding ``v2`` beside it, so memos and
cached answers made with ``v1`` stay reproducible. The newest version is used unless one is chosen
(env ``REVIEWER_PROMPT_VERSION``). The memo's ``run.prompt_version`` names the folder; the cache key
also hashes the files' text, so an edit made in place can never serve a stale answer.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

KINDS = ("score_vs_note", "deviation_reason", "claim_vs_table", "reason_vs_direction")
# Kinds added after v1: a version folder without their file simply does not ask them.
LATER_KINDS = ("score_sentence", "target_count", "score_reason", "section_review")
_SLOT = re.compile(r"\{([a-z_]+)\}")


class PromptError(RuntimeError):
    """The prompt folder is missing, incomplete, or a template was filled with the wrong slots."""


@dataclass(frozen=True)
class PromptSet:
    version: str
    digest: str                     # sha256 of every file, first 12 hex digits
    system: str
    templates: dict[str, str]
    items: dict[str, str] = field(default_factory=dict)   # kind → the template of one claim in a request

    @property
    def batched(self) -> bool:
        """Whether a request carries several claims (each answered under its id)."""
        return bool(self.items)

    @property
    def cache_version(self) -> str:
        return f"{self.version}+{self.digest}"

    def render(self, kind: str, slots: dict[str, str]) -> str:
        return self._fill(self.templates[kind], f"{kind}.txt", slots)

    def render_item(self, kind: str, slots: dict[str, str]) -> str:
        return self._fill(self.items[kind], f"{kind}.item.txt", slots)

    def _fill(self, template: str, name: str, slots: dict[str, str]) -> str:
        wanted = set(_SLOT.findall(template))
        if wanted != set(slots):
            raise PromptError(f"{self.version}/{name} wants slots {sorted(wanted)}, got {sorted(slots)}")
        return _SLOT.sub(lambda m: slots[m.group(1)], template)


def _version_key(name: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", name)
    return (int(digits) if digits else -1, name)


def prompts_dir() -> Traversable:
    """The packaged prompts, or a folder named by env ``REVIEWER_PROMPTS_DIR`` (to try a new version)."""
    override = os.environ.get("REVIEWER_PROMPTS_DIR")
    return Path(override) if override else resources.files("reviewer.prompts")


@lru_cache(maxsize=8)
def _load(folder: Traversable, version: str | None) -> PromptSet:
    versions = sorted((p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith("v")),
                      key=_version_key) if folder.is_dir() else []
    if not versions:
        raise PromptError(f"no prompt versions in {folder}")
    chosen = version or versions[-1]
    if chosen not in versions:
        raise PromptError(f"prompt version {chosen} not in {folder} (have {', '.join(versions)})")
    texts = {}
    for name in ("system", *KINDS):
        path = folder.joinpath(chosen, f"{name}.txt")
        if not path.is_file():
            raise PromptError(f"missing prompt file {path}")
        texts[name] = path.read_text(encoding="utf-8").strip()
    for name in LATER_KINDS:
        path = folder.joinpath(chosen, f"{name}.txt")
        if path.is_file():
            texts[name] = path.read_text(encoding="utf-8").strip()
    items = {}
    for name in list(texts):
        path = folder.joinpath(chosen, f"{name}.item.txt")
        if name != "system" and path.is_file():
            items[name] = path.read_text(encoding="utf-8").strip()
    if items and set(items) != set(texts) - {"system"}:
        raise PromptError(f"{folder}/{chosen}: item templates for {sorted(items)} but kinds {sorted(set(texts) - {'system'})}")
    digest = hashlib.sha256("\0".join(f"{k}\0{v}" for k, v in [*texts.items(), *((f"{k}.item", v) for k, v in items.items())])
                            .encode("utf-8")).hexdigest()[:12]
    system = texts.pop("system")
    return PromptSet(chosen, digest, system, texts, items)


def load_prompts(version: str | None = None) -> PromptSet:
    return _load(prompts_dir(), version or os.environ.get("REVIEWER_PROMPT_VERSION") or None)

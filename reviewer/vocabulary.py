"""The domain vocabulary (reviewer/vocabulary.toml): concepts and their synonyms, direction,
comparison and period words, as data. Read once, on first use."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files


@cache
def vocabulary() -> dict:
    return tomllib.loads(files("reviewer").joinpath("vocabulary.toml").read_text(encoding="utf-8"))


def words(*path: str) -> list[str]:
    """The word list at a dotted path of the vocabulary: words("directions", "up")."""
    node = vocabulary()
    for key in path:
        node = node[key]
    return list(node)


def alternation(items: list[str]) -> str:
    """A regex alternation of literal words, longest first so that 增加 wins over 增."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


@cache
def operators() -> dict[str, str]:
    """Each word or sign that writes a comparison in a target or a rule, and its operator (">=" …)."""
    return {word: op for op, written in vocabulary()["operators"].items() for word in written}

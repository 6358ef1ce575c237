"""BENCHMARKS.md is shared by several benchmarks: each rewrites only its own marked section."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "BENCHMARKS.md"


def stamp() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return f"{datetime.date.today().isoformat()}, commit {commit or 'unknown'}"


def update_section(name: str, body: str) -> None:
    """Replace the section called ``name`` (or append it), leaving the others as they are."""
    start, end = f"<!-- section: {name} -->", f"<!-- /section: {name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = PATH.read_text(encoding="utf-8") if PATH.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    PATH.write_text(text, encoding="utf-8")

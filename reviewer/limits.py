"""Resource limits: how much a single report may make the reviewer read, unpack, hold and spend.

A few kilobytes of hostile input (a cell at XFD1048576, a zip bomb, a million lines, one 10 MB
paragraph) must never cost gigabytes or hours. Each limit is set by an environment variable, read
once per process (batch workers inherit it); README.md lists them with their defaults. A report over
a limit is refused with one line naming the variable to raise, or, where the rest can still be
reviewed (one sheet too large, one paragraph too long), that part is listed under "not checked".
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache

from reviewer.errors import InputError

_PREFIX = "REVIEWER_"


@dataclass(frozen=True)
class Limits:
    max_file_mb: int = 50                   # the report file itself
    max_unpacked_mb: int = 100              # a .docx/.xlsx's parts, uncompressed, all together
    max_zip_members: int = 2_000            # parts in a .docx/.xlsx
    max_xml_elements: int = 500_000         # XML elements in a .docx/.xlsx (what its reader holds in memory)
    max_table_cells: int = 200_000          # one sheet's used range or Word table's grid (rows × columns)
    max_cells: int = 300_000                # table cells of the whole report, all tables together
    max_lines: int = 100_000                # lines of the report's text (a table row is a line)
    max_report_chars: int = 5_000_000       # characters of the report's text
    max_paragraph_chars: int = 20_000       # one paragraph; a longer one is not checked
    report_timeout_s: float = 300           # one report, all stages (review and batch); may be fractional

    @staticmethod
    def variable(name: str) -> str:
        return _PREFIX + name.upper()


@cache
def limits() -> Limits:
    """The limits in force: defaults, each overridden by its environment variable."""
    values = {}
    for spec in fields(Limits):
        raw = os.environ.get(Limits.variable(spec.name), "").strip()
        if not raw:
            continue
        number = float if spec.name.endswith("_s") else int
        try:
            values[spec.name] = number(raw)
        except ValueError:
            values[spec.name] = 0
        if values[spec.name] <= 0:
            kind = "number" if number is float else "whole number"
            raise InputError(f"{Limits.variable(spec.name)}={raw!r}: a limit must be a positive {kind}")
    return Limits(**values)


def over_limit(what: str, amount: int | None, name: str, unit: str = "") -> InputError:
    """The one line a user sees: what is too large, by how much (None: counting stopped at the limit),
    and which variable raises the limit."""
    limit = getattr(limits(), name)
    shown = f"{amount:,}" if amount is not None else f"over {limit:,}"
    return InputError(f"{what}: {shown}{unit} (limit {limit:,}{unit}; set {Limits.variable(name)} to raise it)")


class CellBudget:
    """The table cells one report may still take (``max_cells``), shared by all its tables."""

    def __init__(self) -> None:
        self.left = limits().max_cells

    def refusal(self, name: str, rows: int, columns: int) -> str | None:
        """None when a grid of rows × columns may be read (its cells are then taken from the budget);
        else the "not checked" note saying why not."""
        cells, size = rows * columns, f"{name}（{rows:,} 行 × {columns:,} 列）"
        if cells > limits().max_table_cells:
            return (f"{size}超过单表上限 {limits().max_table_cells:,} 个单元格"
                    f"（{Limits.variable('max_table_cells')}），未读取")
        if cells > self.left:
            return f"{size}未读取：全文表格已达上限 {limits().max_cells:,} 个单元格（{Limits.variable('max_cells')}）"
        self.left -= cells
        return None


class ReportTimeout(BaseException):
    """One report took longer than ``report_timeout_s``. A BaseException, like KeyboardInterrupt, so
    that the handlers that keep one failing check or question from taking a memo down let it pass."""


@contextmanager
def time_limit(seconds: float):
    """Raise ReportTimeout in this (main) thread once ``seconds`` have passed, with SIGALRM. Where
    there is no such signal, or off the main thread, the caller's own deadline must do."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ReportTimeout(f"review took longer than the limit of {seconds:g} s "
                            f"(set {Limits.variable('report_timeout_s')} to raise it)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""The deterministic checks. Every module in this package is a check family; importing the package
loads them all into ``CATALOGUE`` (code → check class), so adding a check touches one file."""

from __future__ import annotations

import importlib
import pkgutil

from reviewer.checks.base import CATALOGUE, Check, register

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def all_checks() -> list[Check]:
    return [CATALOGUE[code]() for code in sorted(CATALOGUE)]


__all__ = ["CATALOGUE", "Check", "all_checks", "register"]

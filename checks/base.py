"""What a check is: a small self-describing unit with a stable code, registered in one catalogue.

Write a check as a subclass of ``Check`` decorated with ``@register``. Its class attributes are its
documentation (``reviewer checks CODE`` prints them) and its two examples are run by the tests:
``example_fail`` must give at least one finding with the check's code, ``example_pass`` none.
"""

from __future__ import annotations

from typing import ClassVar, Iterator

from reviewer.document import Paragraph, Table
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import Entry, TableFacts
from reviewer.findings import Category, Deviation, Evidence, Finding, Location, Severity

CATALOGUE: dict[str, type["Check"]] = {}


class Check:
    code: ClassVar[str]
    title: ClassVar[str]            # Chinese title, shown in memos
    title_en: ClassVar[str]
    category: ClassVar[Category]
    why: ClassVar[str]              # why it matters, one or two sentences (Chinese)
    why_en: ClassVar[str] = ""
    example_fail: ClassVar[str]     # a report snippet this check flags
    example_pass: ClassVar[str]     # the same snippet, correct

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        raise NotImplementedError

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        """Tables this check is meant for but could not read, one memo line each: a recognised table
        the check silently skipped would read as a table that passed."""
        return iter(())

    # helpers for building findings ------------------------------------------------------------
    def finding(self, severity: Severity, message: str, message_en: str, locations: list[Location],
                evidence: Evidence | None = None, confidence: float = 1.0) -> Finding:
        return Finding(code=self.code, title=self.title, title_en=self.title_en, category=self.category, severity=severity,
                       message=message, message_en=message_en, locations=locations,
                       evidence=evidence or Evidence(), confidence=confidence)

    def numeric(self, dev: Deviation, formula: str, message: str, message_en: str,
                locations: list[Location], unit: str = "") -> Finding:
        """A finding about a figure outside its rounding tolerance: severity comes from how far."""
        return self.finding(dev.severity, message, message_en, locations, dev.evidence(formula, unit))


def register(cls: type[Check]) -> type[Check]:
    if cls.code in CATALOGUE:
        raise ValueError(f"duplicate check code {cls.code}")
    CATALOGUE[cls.code] = cls
    return cls


def cell_location(facts: TableFacts, entry: Entry, column: int | None = None) -> Location:
    """Where a table number sits: line (page and cell reference for PDF, Word and spreadsheets),
    table, row label, column header, and the cell's text."""
    table: Table = facts.table
    cell = entry.cells.get(column) if column is not None else None
    label = f"{entry.code} {entry.label}".strip() if entry.code else entry.label
    anchor = cell or next(iter(entry.cells.values()), None)
    return Location(
        line=(cell.line if cell else entry.line),
        page=anchor.page if anchor else table.page,
        ref=cell.ref if cell else None,
        section=table.section or None,
        table=table.label,
        row=label or None,
        column=(facts.columns[column] or None) if column is not None and column < len(facts.columns) else None,
        quote=(cell.text if cell else label) or None,
        table_line=table.line,
        cell=(entry.row, column) if column is not None else None,
    )


def text_location(paragraph: Paragraph, start: int, end: int) -> Location:
    """Where a span of running text sits: its line (page or paragraph for PDF and Word), its section,
    and the quoted words."""
    return Location(line=paragraph.line_at(start), page=paragraph.page_at(start), ref=paragraph.ref,
                    section=paragraph.section or None, quote=paragraph.text[start:end])

"""Findings and the review memo, exactly as the JSON memo contract (DESIGN.md, schema_version "1") says."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from reviewer.numbers import Interval, Quantity, format_decimal

Severity = Literal["high", "medium", "low"]
Category = Literal["arithmetic", "ratio", "crossref", "score", "narrative", "template", "integrity", "structure"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class Location(BaseModel):
    line: int | None = None
    page: int | None = None
    ref: str | None = None          # spreadsheet or Word cell (公开05表!D12, 表3!B5), Word paragraph (¶12)
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    quote: str | None = None
    table_line: int | None = None       # the cited table, by its first line (key into Review.context)
    cell: tuple[int, int] | None = None  # (row, column) in that table


class Evidence(BaseModel):
    stated: str | None = None
    expected: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    formula: str | None = None


class Finding(BaseModel):
    id: str = ""
    code: str
    title: str = ""
    title_en: str = Field(default="", exclude=True)
    category: Category
    severity: Severity
    source: Literal["rule", "model", "both"] = "rule"
    message: str
    message_en: str = Field(default="", exclude=True)
    locations: list[Location] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=Evidence)
    confidence: float = 1.0

    @property
    def first_line(self) -> int | None:
        return next((loc.line for loc in self.locations if loc.line is not None), None)


class ErrorNote(BaseModel):
    stage: str
    message: str


class Review(BaseModel):
    schema_version: str = "1"
    tool: dict
    document: dict
    run: dict
    summary: dict
    findings: list[Finding]
    errors: list[ErrorNote] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list)
    context: dict = Field(default_factory=dict)  # the tables and paragraphs the findings cite (reviewer.context)


# --- numeric comparison under rounding -------------------------------------------------------

@dataclass(frozen=True)
class Deviation:
    """A stated figure outside the interval its inputs allow, and how far outside."""

    stated: Decimal
    expected: Decimal
    difference: Decimal
    tolerance: Decimal
    places: int
    severity: Severity

    def evidence(self, formula: str, unit: str = "") -> Evidence:
        p = self.places
        expected = format_decimal(self.expected, p)
        if Decimal(expected) == self.stated or (Decimal(expected) == 0 and self.expected != 0):
            expected = format_decimal(self.expected, p + 2)  # rounding at the shown places would hide the gap
        return Evidence(
            stated=format_decimal(self.stated, p) + unit,
            expected=expected + unit,
            difference=format_decimal(self.difference, p) + unit,
            tolerance=format_decimal(self.tolerance, p + 1).rstrip("0").rstrip(".") + unit,
            formula=formula,
        )


# How far outside the rounding tolerance, in multiples of it: just outside is low; a gap that is
# also material relative to the figure (≥ 0.5 %) or hundreds of tolerances wide is high.
_LOW_UP_TO = Decimal(4)
_HIGH_RELATIVE = Decimal("0.005")
_HIGH_MULTIPLE = Decimal(200)


def grade(difference: Decimal, tolerance: Decimal, expected: Decimal) -> Severity:
    multiple = difference / tolerance if tolerance else Decimal("Infinity")
    relative = difference / abs(expected) if expected else Decimal("Infinity")
    if multiple <= _LOW_UP_TO:
        return "low"
    if relative >= _HIGH_RELATIVE or multiple >= _HIGH_MULTIPLE:
        return "high"
    return "medium"


def deviation(stated: Quantity, expected: Interval, places: int | None = None,
              point: Decimal | None = None) -> Deviation | None:
    """None when the stated figure agrees with the expected interval within the stated rounding. The expected value
    is ``point`` where the figures as written give one (1.71 ÷ 3 is 57%, not the middle of 1.71 ÷ [2.5, 3.5]), else
    the interval's middle."""
    if stated.interval().overlaps(expected):
        return None
    shown = stated.places if places is None else places
    centre = expected.mid if point is None else point
    difference = abs(stated.value - centre)
    tolerance = stated.half_unit + expected.half_width
    return Deviation(stated.value, centre, difference, tolerance, shown, grade(difference, tolerance, centre))

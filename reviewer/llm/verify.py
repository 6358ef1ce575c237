"""Verification before merge: a model finding is kept only if the document backs what it cites.

- its quote occurs verbatim in the document; the finding takes the location of that occurrence (the
  one nearest the claim it was asked about);
- every number it cites (in ``numbers`` and in its explanation) occurs in the document, or follows
  from the numbers it was shown (a sum, difference, ratio or percentage of two of them, within the
  rounding of the cited figure).
Otherwise it is dropped, and the reason counted. Merging only ever adds: a model finding on the same
place as a rule finding of a related check is folded into it (source "both", confidence raised by
noisy-OR); the rule finding's code, severity, message and locations never change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from itertools import combinations

from reviewer.document import Document, Heading, Paragraph, Table
from reviewer.findings import Evidence, Finding, Location
from reviewer.llm.answer import Answer
from reviewer.llm.packs import QUESTIONS, ClaimPack
from reviewer.numbers import ascii_digits

MODEL_CONFIDENCE = 0.6
_MIN_QUOTE_CHARS = 2
_PACK_NUMBERS_MAX = 80
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_QUOTE_MARKS = "“”\"'‘’「」『』《》 \t\n"


def numbers_in(text: str) -> list[tuple[Decimal, int]]:
    """Every number in a text, with its displayed decimals."""
    found = []
    for m in _NUMBER.finditer(ascii_digits(text)):
        raw = m.group().replace(",", "")
        try:
            found.append((Decimal(raw), len(raw.split(".", 1)[1]) if "." in raw else 0))
        except InvalidOperation:
            continue
    return found


class DocumentIndex:
    """The document as verification reads it: its lines, its numbers, what each line belongs to."""

    def __init__(self, document: Document):
        self.document = document
        self.lines = document.source_lines
        self.values = {value for line in self.lines for value, _ in numbers_in(line)}
        self._starts: list[int] = []
        self._blocks: list = []
        self._cells: dict[int, tuple[Table, str]] = {}
        for block in document.blocks:
            self._starts.append(block.line)
            self._blocks.append(block)
            if isinstance(block, Table):
                for row in block.rows:
                    label = next((c.text.strip() for c in row if c.text.strip()), "")
                    for cell in row:
                        if cell.line is not None:
                            self._cells.setdefault(cell.line, (block, label))

    def _location(self, line: int, quote: str) -> Location:
        index = bisect_right(self._starts, line) - 1
        block = self._blocks[index] if index >= 0 else None
        section = block.section if isinstance(block, (Heading, Paragraph, Table)) else ""
        table, row = self._cells.get(line, (None, None))
        return Location(line=line, section=section or None, table=table.label if table else None,
                        row=row or None, quote=quote)

    def locate(self, quote: str, near: int | None) -> Location | None:
        """The occurrence of a verbatim quote nearest a line: on one source line, else across a paragraph."""
        hits = [number for number, text in enumerate(self.lines, 1) if quote in text]
        if not hits:
            for block in self._blocks:
                if isinstance(block, Paragraph) and quote in block.text:
                    hits.append(block.line_at(block.text.index(quote)))
        if not hits:
            return None
        target = near or hits[0]
        return self._location(min(hits, key=lambda n: (abs(n - target), n)), quote)


def _follows(cited: Decimal, places: int, shown: list[Decimal]) -> bool:
    """The cited figure is a sum, difference, ratio or percentage of two figures the model was shown."""
    half = Decimal(5).scaleb(-(places + 1))
    for a, b in combinations(shown[:_PACK_NUMBERS_MAX], 2):
        candidates = [a + b, abs(a - b)]
        if b:
            candidates += [a / b, a / b * 100]
        if a:
            candidates += [b / a, b / a * 100]
        if any(abs(c - cited) <= half for c in candidates):
            return True
    return False


def unbacked_numbers(answer: Answer, pack: ClaimPack, index: DocumentIndex) -> list[str]:
    cited = [n for item in answer.numbers for n in numbers_in(item)] + numbers_in(answer.explanation)
    shown = sorted({value for value, _ in numbers_in(pack.data)})
    return [str(value) for value, places in cited
            if value not in index.values and not _follows(value, places, shown)]


def to_finding(answer: Answer, pack: ClaimPack, index: DocumentIndex) -> tuple[Finding | None, str | None]:
    """The finding an inconsistent verdict makes, or (None, why it was dropped)."""
    quote = answer.quote.strip(_QUOTE_MARKS)
    if len(quote) < _MIN_QUOTE_CHARS:
        return None, "quote_too_short"
    location = index.locate(quote, pack.anchor.line)
    if location is None:
        return None, "quote_not_in_document"
    if unbacked_numbers(answer, pack, index):
        return None, "number_not_in_document"
    question = pack.question
    locations = [location] + ([pack.anchor] if pack.anchor.line != location.line else [])
    explanation = answer.explanation.strip() or question.title
    return Finding(
        code=question.code, title=question.title,
        category=answer.category if answer.category in question.allowed else question.category,
        severity="medium" if answer.severity == "high" else answer.severity,   # a judgement, not a computation
        source="model",
        message=f"{question.title}：{explanation}（模型判断；引文与数字已与原文核对）",
        message_en=f"{question.title_en} (model judgement; quote and figures checked against the document): "
                   f"{explanation}",
        locations=locations,
        evidence=Evidence(stated="、".join(answer.numbers) or None, formula=None),
        confidence=MODEL_CONFIDENCE,
    ), None


def _lines(finding: Finding) -> set[int]:
    return {loc.line for loc in finding.locations if loc.line is not None}


def merge(rule_findings: list[Finding], proposed: list[tuple[Finding, ClaimPack]]) -> tuple[list[Finding], int]:
    """Model findings to add, and how many were folded into rule findings instead.

    A rule finding is only ever raised: its source becomes "both" and its confidence 1 − (1 − r)(1 − m)."""
    added: list[Finding] = []
    merged = 0
    seen: set[tuple[str, int | None]] = set()
    for finding, pack in proposed:
        places = _lines(finding) | set(pack.lines)
        twin = next((r for r in rule_findings if r.code in QUESTIONS[pack.kind].related_rules and _lines(r) & places),
                    None)
        if twin is not None:
            twin.source = "both"
            twin.confidence = round(1 - (1 - twin.confidence) * (1 - finding.confidence), 3)
            merged += 1
            continue
        key = (finding.code, finding.first_line)
        if key not in seen:
            seen.add(key)
            added.append(finding)
    return added, merged

"""Verification before merge: a model finding is kept only if the document backs what it cites.

- its quote occurs in the material the model was shown and in the document, compared as a reader
  compares them (full-width forms folded, whitespace ignored: the PDF's "7 个" is "7个"), on one
  line, in one paragraph or in one table cell; the finding takes the location of the occurrence
  nearest the claim, and the document's own words there as its quote;
- every number it cites (in ``numbers`` and in its explanation) occurs in the question's material or
  on the lines around its quote, or follows from the material's numbers (a sum, difference, ratio or
  percentage of two of them, within the rounding of the cited figure). A figure that occurs only
  elsewhere in the report backs nothing.
Otherwise it is dropped, and the reason counted. Merging only ever adds: a model finding on the same
place as a rule finding of a related check is folded into it (source "both", confidence raised by
noisy-OR); the rule finding's code, severity, message and locations never change.
"""

from __future__ import annotations

import re
import unicodedata
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
_NEAR_LINES = 2      # a cited figure may stand this many lines from the quote
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


def folded(text: str) -> tuple[str, list[int]]:
    """Text as a reader compares it (NFKC folds full-width forms; whitespace dropped), with the offset
    in the original of each character kept, so a match maps back to the document's own words."""
    chars, offsets = [], []
    for offset, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char):
            if not c.isspace():
                chars.append(c)
                offsets.append(offset)
    return "".join(chars), offsets


def fold(text: str) -> str:
    return folded(text)[0]


def _original(text: str, quote: str) -> str | None:
    """The document's own words matching a folded quote inside ``text``, or None."""
    plain, offsets = folded(text)
    at = plain.find(quote)
    if at < 0:
        return None
    return text[offsets[at]: offsets[at + len(quote) - 1] + 1]


class DocumentIndex:
    """The document as verification reads it: its lines, paragraphs and cells, what each line belongs to."""

    def __init__(self, document: Document):
        self.document = document
        self.lines = document.source_lines
        self._starts: list[int] = []
        self._blocks: list = []
        self._cells: dict[int, tuple[Table, str]] = {}
        self._cell_texts: list[tuple[int, str]] = []
        for block in document.blocks:
            self._starts.append(block.line)
            self._blocks.append(block)
            if isinstance(block, Table):
                for row in block.rows:
                    label = next((c.text.strip() for c in row if c.text.strip()), "")
                    for cell in row:
                        if cell.line is not None:
                            self._cells.setdefault(cell.line, (block, label))
                            self._cell_texts.append((cell.line, cell.text))

    def _location(self, line: int, quote: str) -> Location:
        index = bisect_right(self._starts, line) - 1
        block = self._blocks[index] if index >= 0 else None
        section = block.section if isinstance(block, (Heading, Paragraph, Table)) else ""
        table, row = self._cells.get(line, (None, None))
        return Location(line=line, section=section or None, table=table.label if table else None,
                        row=row or None, quote=quote)

    def _occurrences(self, quote: str) -> list[tuple[int, str]]:
        """(line, the document's words) of each place the folded quote occurs: on one line, else in one
        paragraph (lines joined) or one table cell."""
        hits = [(n, words) for n, text in enumerate(self.lines, 1) if (words := _original(text, quote))]
        if hits:
            return hits
        for block in self._blocks:
            if isinstance(block, Paragraph) and (words := _original(block.text, quote)):
                hits.append((block.line_at(block.text.index(words)), words))
        return hits + [(line, words) for line, text in self._cell_texts if (words := _original(text, quote))]

    def locate(self, quote: str, near: int | None) -> Location | None:
        """The occurrence of a quote nearest a line, quoted in the document's own words."""
        hits = self._occurrences(fold(quote))
        if not hits:
            return None
        target = near or hits[0][0]
        line, words = min(hits, key=lambda hit: (abs(hit[0] - target), hit[0]))
        return self._location(line, words)

    def around(self, line: int) -> str:
        return "\n".join(self.lines[max(0, line - 1 - _NEAR_LINES): line + _NEAR_LINES])


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


def unbacked_numbers(answer: Answer, pack: ClaimPack, index: DocumentIndex, location: Location) -> list[str]:
    """Cited figures that neither stand in the question's material or beside the quote, nor follow
    from the material's figures."""
    cited = [n for item in answer.numbers for n in numbers_in(item)] + numbers_in(answer.explanation)
    shown = sorted({value for value, _ in numbers_in(pack.data)})
    nearby = shown + [value for value, _ in numbers_in(index.around(location.line))]
    return [str(value) for value, places in cited if value not in nearby and not _follows(value, places, shown)]


def to_finding(answer: Answer, pack: ClaimPack, index: DocumentIndex) -> tuple[Finding | None, str | None]:
    """The finding an inconsistent verdict makes, or (None, why it was dropped)."""
    quote = answer.quote.strip(_QUOTE_MARKS)
    if len(fold(quote)) < _MIN_QUOTE_CHARS:
        return None, "quote_too_short"
    location = index.locate(quote, pack.anchor.line)
    if location is None:
        return None, "quote_not_in_document"
    if fold(quote) not in fold(pack.data):
        return None, "quote_not_in_material"
    if unbacked_numbers(answer, pack, index, location):
        return None, "number_not_in_material"
    question = pack.question
    locations = [location] + ([pack.anchor] if pack.anchor.line != location.line else [])
    explanation = answer.explanation.strip()
    checked = _what_was_checked(answer, location)
    return Finding(
        code=question.code, title=question.title,
        category=answer.category if answer.category in question.allowed else question.category,
        severity="medium" if answer.severity == "high" else answer.severity,   # a judgement, not a computation
        source="model",
        message=f"{question.title}。模型的说明：“{explanation or '（未说明）'}”（{checked[0]}）",
        message_en=f"{question.title_en}. The model's words: “{explanation or '(none given)'}” ({checked[1]})",
        locations=locations,
        evidence=Evidence(stated="、".join(answer.numbers) or None, formula=None),
        confidence=MODEL_CONFIDENCE,
    ), None


def _what_was_checked(answer: Answer, location: Location) -> tuple[str, str]:
    """What verification established, in Chinese and English: the quote's place, and the figures."""
    quote = f"引文已在原文第 {location.line} 行核对"
    quote_en = f"quote checked at line {location.line}"
    if not answer.numbers and not numbers_in(answer.explanation):
        return f"{quote}；未引用数字；判断本身未经核对", f"{quote_en}; no figures cited; the judgement itself is unchecked"
    return (f"{quote}；所引数字已在问题材料或引文附近核对；判断本身未经核对",
            f"{quote_en}; figures checked in the question's material or beside the quote; the judgement itself is unchecked")


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

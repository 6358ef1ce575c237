"""Table extraction scored cell by cell against ground truth: the same report read from its text.

Every numeric cell of the truth's tables (tables in document order, cells by row and column) must
reappear in the extraction at the same place with the same value and the same displayed decimals
("1,258.15" in a PDF equals "1258.15" in the text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.document import Document
from reviewer.numbers import parse_cell


@dataclass
class CellScore:
    numeric: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)   # "table 3 row 5 col 2: 12.50 → 12.5"

    @property
    def share(self) -> float:
        return self.matched / self.numeric if self.numeric else 1.0


def score_tables(truth: Document, extracted: Document) -> CellScore:
    score = CellScore()
    for index, table in enumerate(truth.tables):
        other = extracted.tables[index] if index < len(extracted.tables) else None
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                expected = parse_cell(cell.text)
                if expected is None:
                    continue
                score.numeric += 1
                got_text = other.rows[r][c].text if other and r < len(other.rows) and c < len(other.rows[r]) else ""
                got = parse_cell(got_text)
                if got is not None and (got.value, got.places) == (expected.value, expected.places):
                    score.matched += 1
                else:
                    score.misses.append(f"table {index + 1} row {r + 1} col {c + 1}: {cell.text} → {got_text or '∅'}")
    return score

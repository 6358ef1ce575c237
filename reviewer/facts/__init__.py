"""Facts: what the document asserts, read off its tables and its sentences, with their locations.

``DocumentFacts`` is built once per document and handed to every check; each kind of fact is
computed on first use, so a check family pays only for what it reads.
"""

from __future__ import annotations

from functools import cached_property

from reviewer.document import Document
from reviewer.facts.claims import Claims, extract_claims
from reviewer.facts.scores import ScoreFacts, score_facts
from reviewer.facts.table_cells import TableFacts, table_facts


class DocumentFacts:
    def __init__(self, document: Document):
        self.document = document

    @cached_property
    def tables(self) -> list[TableFacts]:
        return [table_facts(t) for t in self.document.tables]

    @cached_property
    def claims(self) -> Claims:
        """What the narrative states: amounts, counts, growth, shares, completion rates, 其中 lists."""
        return extract_claims(self.document, {row.table.line for t in self.scores.tables for row in t.funds})

    @cached_property
    def scores(self) -> ScoreFacts:
        """Score tables (stitched across page breaks) and the scores, grades and rules the text states."""
        return score_facts(self.document)

    def tables_coded(self, code: str) -> list[TableFacts]:
        return [f for f in self.tables if f.table.code == code]

    def table(self, code: str) -> TableFacts | None:
        """The first table with this code (公开表 number, "score" or "project_score")."""
        return next(iter(self.tables_coded(code)), None)

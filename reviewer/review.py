"""One document through the stages: facts → checks → (model) → merge → the Review memo object.

Check errors are collected, not raised: one broken check costs its findings, never the memo.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.checks import all_checks
from reviewer import __version__
from reviewer.context import evidence_context
from reviewer.document import Document
from reviewer.facts import DocumentFacts
from reviewer.findings import SEVERITY_ORDER, ErrorNote, Finding, Review

if TYPE_CHECKING:
    from reviewer.llm.stage import ModelStage

# Risk score: what a reviewer should open first. Each finding weighs by severity; the sum is capped
# at 100 so a score reads as "how much is wrong here", comparable across a batch.
RISK_WEIGHTS = {"high": 10.0, "medium": 4.0, "low": 1.0}


def risk_score(findings: list[Finding]) -> float:
    return min(100.0, sum(RISK_WEIGHTS[f.severity] * f.confidence for f in findings))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """The same check on the same place and figure, reached twice, is one finding."""
    seen: set[tuple] = set()
    unique = []
    for f in findings:
        key = (f.code, f.first_line, f.evidence.stated, f.evidence.expected, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _place(findings: list[Finding], doc: Document) -> None:
    """Give every location of a PDF, Word or spreadsheet input the page or cell its line came from."""
    if not doc.line_places:
        return
    for location in (loc for f in findings for loc in f.locations):
        page, ref = doc.place_of(location.line)
        location.page = location.page if location.page is not None else page
        location.ref = location.ref or ref


def _not_checked(doc: Document, offline: bool = True) -> list[str]:
    notes = list(doc.not_read)  # what the loader could not read, e.g. scanned PDF pages
    unnamed = [t for t in doc.tables if t.code is None and len(t.rows) > 3]
    if unnamed:
        lines = "、".join(str(t.line) for t in unnamed[:10])
        notes.append(f"{len(unnamed)} 个表格未能识别类型（第 {lines} 行），只做了通用合计检查")
    if not doc.tables:
        notes.append("文档中未识别出表格，表内与表间关系未检查")
    if offline:
        notes.append("离线模式：未调用模型，叙述与表格的语义一致性（原因与方向、扣分说明等）未检查")
    return notes


def report_type(doc: Document) -> str:
    """The type told at load time from the title, cover and table set (reviewer.ingest.metadata)."""
    return doc.report_type


@dataclass
class RuleResults:
    """What the checks found in one document: kept by a model batch (reviewer.llm.batch_api) so that
    merging the batch's answers later does not run the checks again."""

    findings: list[Finding]
    errors: list[ErrorNote]
    not_checked: list[str]


def run_checks(facts: DocumentFacts) -> RuleResults:
    findings: list[Finding] = []
    errors: list[ErrorNote] = []
    skipped: list[str] = []
    for check in all_checks():
        try:
            findings.extend(check.run(facts))
            skipped.extend(check.not_checked(facts))
        except Exception as exc:  # a bug in one check must not take the memo down
            errors.append(ErrorNote(stage=f"check {check.code}", message=f"{type(exc).__name__}: {exc}"))
    return RuleResults(_dedupe(findings), errors, skipped)


def review_document(doc: Document, model: ModelStage | None = None, page_pictures: bool = False,
                    rules: RuleResults | None = None) -> Review:
    """The checks, then, when a model stage is given, the model's verified findings merged in.
    Without ``model`` the memo is exactly the offline memo. ``page_pictures``: also picture the PDF
    page regions the findings cite, for the HTML memo. ``rules``: the checks' results for this
    document, found earlier (they are not run again)."""
    started = time.perf_counter()
    facts = DocumentFacts(doc)
    rules = rules or run_checks(facts)
    findings, errors, skipped = list(rules.findings), list(rules.errors), list(rules.not_checked)
    stage = model.run(facts, findings) if model is not None else None
    if stage is not None:  # the model only adds findings; a rule finding it duplicates becomes source "both"
        findings = findings + stage.findings
        errors.extend(stage.errors)
    _place(findings, doc)
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.first_line or 0, f.code))
    for number, finding in enumerate(findings, 1):
        finding.id = f"F{number:03d}"
    return Review(
        tool={"name": "reviewer", "version": __version__},
        document={"path": doc.path, "sha256": doc.sha256, "format": doc.format, "title": doc.title,
                  "department": doc.department, "year": doc.year, "lines": doc.lines, "pages": doc.pages,
                  "encoding": doc.encoding, "tables": len(doc.tables), "report_type": report_type(doc),
                  "traditional_characters": doc.traditional_characters, "pinyin_dropped": doc.pinyin_dropped},
        run={"offline": True, "model": None, "prompt_version": None, "tokens": {"prompt": 0, "completion": 0},
             "llm_status": "skipped", "elapsed_s": round(time.perf_counter() - started, 4)} if stage is None else
            {**stage.run, "elapsed_s": round(time.perf_counter() - started, 4)},
        summary={"findings": len(findings),
                 "by_severity": dict(Counter(f.severity for f in findings)),
                 "by_category": dict(Counter(f.category for f in findings)),
                 "risk_score": round(risk_score(findings), 1)},
        findings=findings,
        errors=errors,
        not_checked=skipped + (_not_checked(doc) if stage is None else _not_checked(doc, offline=False) + stage.not_checked),
        context=evidence_context(doc, findings, page_pictures),
    )

"""The sentence corpus of real reports (tests/corpus): how many of the relations people wrote down the
reader reads, what the narrative checks say of each sentence, and what they say of planted twins.

A relation is read when the claims of the sentence hold one of the same kind with every figure the
annotation gives (signed: a decrease's change and rate are negative); a growth is also the comparison
of this year's figure with its base that it states. Twins are planted where the
annotation says a relation's figure stands, not where the reader matched: a stated rate, share or
completion rate is moved, a part of a 其中 list is changed, a direction word is turned round.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reviewer.checks import CATALOGUE
from reviewer.checks.footing import SumCheck
from reviewer.facts import DocumentFacts
from reviewer.facts.change_columns import column_changes
from reviewer.ingest import parse_text
from reviewer.vocabulary import vocabulary

FAMILIES = ("NARR", "TMPL", "INTEG")
# A case holding table cells as text ("合计 | 16 | 5.74", tab-separated rows): the table checks read
# those, not the narrative reader.
_TABLE_TEXT = re.compile(r"\||\t")
KINDS = ("growth", "share", "rate", "sum", "compare")
_FIELDS = {
    "growth": ("current", "change", "prior", "rate"),
    "share": ("part", "whole", "percent"),
    "rate": ("base", "actual", "percent"),
    "sum": ("whole",),
    "compare": ("actual", "base"),
}
# The reader tells a comparison with a budget from one with last year; which budget (年初, 全年) is
# the completion rate's business.
_AGAINST = {"adjusted_budget": "budget"}
# Which figure a twin moves, and the finding that should then follow.
# A share moved where no whole is stated is caught by NARR-011 when its parts then take more than 100 %.
_PLANT = {"growth": ("rate", ("NARR-001",)), "share": ("percent", ("NARR-002", "NARR-011")),
          "rate": ("percent", ("NARR-003",))}


@dataclass(frozen=True)
class Case:
    report: str          # file stem
    split: str
    year: int            # the report's year: what its title would tell the reader
    index: int
    text: str
    facts: list
    relations: list[dict]
    findings: list[str]

    @property
    def name(self) -> str:
        return f"{self.report}#{self.index}"

    @property
    def prose(self) -> bool:
        """No table cells written as text in it: the narrative reader's alone."""
        return not _TABLE_TEXT.search(self.text)


@dataclass(frozen=True)
class Report:
    stem: str
    source: str
    province: str
    year: int
    report_type: str
    split: str
    cases: list[Case]
    blind: bool = False   # held, and never read by whoever tunes the reader (not even its totals)


def load_corpus(folder: Path) -> list[Report]:
    reports = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        cases = [Case(path.stem, data["split"], int(data["year"]), i, c["text"], c.get("facts", []), c.get("relations", []),
                      c.get("findings", [])) for i, c in enumerate(data.get("case", []), 1)]
        reports.append(Report(path.stem, data["source"], data["province"], int(data["year"]), data["report_type"],
                              data["split"], cases, bool(data.get("blind", False))))
    return reports


def schema_problems(report: Report) -> list[str]:
    """What makes a corpus file unusable: unknown kinds or codes, figures that are not in the text."""
    problems = []
    if report.split not in ("dev", "held"):
        problems.append(f"{report.stem}: split {report.split!r}")
    for case in report.cases:
        for relation in case.relations:
            kind = relation.get("kind")
            if kind not in KINDS:
                problems.append(f"{case.name}: relation kind {kind!r}")
                continue
            for figure in _figures(relation):
                if figure.lstrip("-") not in case.text:
                    problems.append(f"{case.name}: {figure} is not in the text")
                if not _is_number(figure):
                    problems.append(f"{case.name}: {figure} is not a number")
        for code in case.findings:
            if code not in CATALOGUE:
                problems.append(f"{case.name}: unknown code {code}")
    return problems


def _figures(relation: dict) -> list[str]:
    figures = [relation[f] for f in _FIELDS.get(relation["kind"], ()) if f in relation]
    return figures + list(relation.get("parts", [])) + ([relation["rate"]] if relation["kind"] == "compare"
                                                        and "rate" in relation else [])


# --- what the reader makes of a sentence --------------------------------------------------------

def _value(statement) -> Decimal | None:
    return statement.quantity.value if statement is not None else None


def observed_relations(facts: DocumentFacts) -> list[dict]:
    """The claims of a sentence, and the execution rates of the score tables, the change columns and the
    sums the footing checks test of the tables it holds, in the corpus's terms."""
    claims = facts.claims
    seen: list[dict] = []
    for check in CATALOGUE.values():
        if issubclass(check, SumCheck):
            seen += [{"kind": "sum", "whole": t.total.quantity.value,
                      "parts": sorted(p.quantity.value for p in t.parts if p.quantity is not None)}
                     for t in check().sums(facts) if t.total.quantity is not None]
    for table in facts.scores.tables:
        for _, total, sources in table.fund_sources():   # SCORE-008 checks these: 年度资金总额 = Σ 其中 sources
            seen.append({"kind": "sum", "whole": total.quantity.value, "parts": sorted(s.quantity.value for s in sources)})
        for row in table.funds:   # SCORE-003 checks these: 全年执行数 ÷ 全年预算数
            budget, executed, rate = (row.figures.get(k) for k in ("budget", "executed", "rate"))
            if budget and executed and rate:
                seen.append({"kind": "rate", "base": budget.quantity.value, "actual": executed.quantity.value,
                             "percent": rate.quantity.value})
    for table in facts.tables:   # FOOT-005 checks these: a row's change, rate and completion columns
        rows: dict[tuple, dict] = {}
        for c in column_changes(table):
            if c.kind == "completion":
                seen.append({"kind": "rate", "base": c.prior.quantity.value, "actual": c.current.quantity.value,
                             "percent": c.stated.quantity.value})
                continue
            key = (c.current.entry.row, c.current.column, c.prior.entry.row, c.prior.column)
            rows.setdefault(key, {"kind": "growth", "current": c.current.quantity.value, "prior": c.prior.quantity.value,
                                  "change": None, "rate": None})[c.kind] = c.stated.quantity.value
        seen += rows.values()
    for g in claims.growths:
        change = None if g.change is None else g.direction * abs(g.change.value)
        seen.append({"kind": "growth", "current": _value(g.current), "change": change, "prior": _value(g.prior),
                     "rate": None if g.net else g.rate_direction * abs(g.rate.value)})
        if g.change is not None or g.prior is not None and not g.net:
            # "较预算数1410万元减少124万元" also states that this year's figure is below the budget, and so does
            # "相比年初预算数5630万元下降62.6%" (NARR-001 checks the rate against the two figures)
            moved, direction = (g.change.value, g.direction) if g.change is not None else (g.rate.value, g.rate_direction)
            relation = "=" if moved == 0 else (">" if direction > 0 else "<")
            seen.append({"kind": "compare", "relation": relation, "against": g.against, "actual": _value(g.current),
                         "base": _value(g.prior)})
    for s in claims.shares:
        whole = _value(s.whole) if s.whole is not None else None
        seen.append({"kind": "share", "part": _value(s.part), "whole": whole, "percent": s.share.value})
    for r in claims.rates:
        seen.append({"kind": "rate", "base": _value(r.base), "actual": _value(r.actual), "percent": r.rate.value})
        if "预算" in r.name or r.base is not None and "预算" in r.base.subject:
            # a completion rate of a budget, not of a target: "预算为11.80万元，决算为12.46万元，完成预算105.59%" also
            # states the actual above the budget (NARR-003 checks it)
            relation = "=" if r.rate.value == 100 else (">" if r.rate.value > 100 else "<")
            seen.append({"kind": "compare", "relation": relation, "against": "budget", "actual": _value(r.actual),
                         "base": _value(r.base)})
    for b in claims.breakdowns:
        seen.append({"kind": "sum", "whole": _value(b.whole), "parts": sorted(_value(p) for p in b.parts)})
    for c in claims.comparisons:
        seen.append({"kind": "compare", "relation": c.relation, "against": c.against, "actual": _value(c.actual),
                     "base": _value(c.base)})
        if c.change is not None:
            # "…512.6亿元，比上年减少71.3亿元" states a growth with no rate (NARR-010 checks it against a stated base)
            sign = {">": 1, "<": -1}.get(c.relation, 0)
            seen.append({"kind": "growth", "current": _value(c.actual), "change": sign * abs(c.change.value),
                         "prior": _value(c.base), "rate": None})
    return seen


def _number(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def _matches(annotated: dict, observed: dict) -> bool:
    if annotated["kind"] != observed["kind"]:
        return False
    for name in _FIELDS[annotated["kind"]]:
        if name in annotated and observed.get(name) != _number(annotated[name]):
            return False
    if "parts" in annotated and _nonzero(observed.get("parts") or []) != _nonzero(_number(p) for p in annotated["parts"]):
        return False   # a part of nothing adds nothing: "因公出国费较上年持平" may be listed as 0 or left out
    against = _AGAINST.get(annotated.get("against"), annotated.get("against"))
    return annotated.get("relation", observed.get("relation")) == observed.get("relation") \
        and (against is None or against == observed.get("against"))


def _nonzero(parts) -> list[Decimal]:
    return sorted(p for p in parts if p != 0)


def checkable(relation: dict) -> bool:
    """A relation between stated figures; a growth rate with neither its change nor the amount compared
    with ("同比增长18.36%") states a fact that nothing in the sentence can confirm or refute."""
    if not all(_is_number(f) for f in _figures(relation)):
        return False   # schema_problems reports it
    return relation["kind"] != "growth" or "change" in relation or "prior" in relation


def _is_number(written: str) -> bool:
    try:
        _number(written)
    except ArithmeticError:
        return False
    return True


def read_relations(case: Case) -> list[bool]:
    """For each checkable annotated relation of the case, whether the reader produced it."""
    observed = observed_relations(_facts(case.text, case.year))
    return [any(_matches(a, o) for o in observed) for a in case.relations if checkable(a)]


def _facts(text: str, year: int | None) -> DocumentFacts:
    document = parse_text(text, "corpus.txt")
    document.year = year or document.year
    return DocumentFacts(document)


def findings_of(text: str, year: int | None = None) -> list[str]:
    facts = _facts(text, year)
    return sorted(f.code for code in sorted(CATALOGUE) if code.startswith(FAMILIES)
                  for f in CATALOGUE[code]().run(facts))


# --- planted twins ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Twin:
    case: Case
    kind: str          # the relation kind planted into
    text: str
    codes: tuple[str, ...]   # the findings that catch it (one is enough)

    def caught_by(self, findings: list[str]) -> bool:
        return any(code in findings for code in self.codes)


def _moved(figure: str) -> str:
    """A figure moved well outside its rounding: by a tenth of it, and by 1 at least."""
    value = abs(_number(figure))
    quantum = Decimal(1).scaleb(value.as_tuple().exponent)
    return str((value + max(value / 10, Decimal(1))).quantize(quantum, rounding=ROUND_HALF_UP))


def _replace_once(text: str, old: str, new: str, before: str = "") -> str | None:
    """text with the only occurrence of `old` (followed by `before`, when given) replaced, or None."""
    needle = old + before
    if text.count(needle) != 1:
        return None
    return text.replace(needle, new + before)


def _flip_direction(text: str, figure: str) -> str | None:
    """The direction word right before a change's figure turned round (增加→减少)."""
    words = vocabulary()["directions"]
    position = text.find(figure)
    if position < 0 or text.count(figure) != 1:
        return None
    for up, down in zip(words["up"], words["down"]):
        for word, other in ((up, down), (down, up)):
            start = position - len(word)
            if start >= 0 and text[start:position] == word:
                return text[:start] + other + text[position:]
    return None


def plant(case: Case) -> list[Twin]:
    """One twin per annotated relation of a consistent case, where the relation's figure can be moved."""
    twins = []
    for relation in filter(checkable, case.relations):
        kind = relation["kind"]
        if kind in _PLANT and _PLANT[kind][0] in relation:
            figure = relation[_PLANT[kind][0]].lstrip("-")
            text = _replace_once(case.text, figure, _moved(figure), "%")
            if text:
                twins.append(Twin(case, kind, text, _PLANT[kind][1]))
        if kind == "growth" and "change" in relation:
            text = _flip_direction(case.text, relation["change"].lstrip("-"))
            if text:
                twins.append(Twin(case, "direction", text, ("NARR-007",)))
        if kind == "sum" and relation.get("parts"):
            part = relation["parts"][0]
            text = _replace_once(case.text, part, _moved(part))
            if text:
                twins.append(Twin(case, kind, text, ("NARR-004",)))
    return twins


# --- the whole corpus ------------------------------------------------------------------------------

@dataclass
class SplitResult:
    sentences: int = 0
    relations: Counter = field(default_factory=Counter)        # kind → annotated
    read: Counter = field(default_factory=Counter)             # kind → read
    prose_relations: int = 0                                   # of them, in prose (no table cells in the case)
    prose_read: int = 0
    unread: list[str] = field(default_factory=list)
    expected: Counter = field(default_factory=Counter)         # code → expected on the real text
    found: Counter = field(default_factory=Counter)            # code → expected and found
    false: Counter = field(default_factory=Counter)            # code → found, not expected
    false_cases: list[str] = field(default_factory=list)
    missed_findings: list[str] = field(default_factory=list)
    planted: Counter = field(default_factory=Counter)          # twin kind → planted
    caught: Counter = field(default_factory=Counter)
    missed_twins: list[str] = field(default_factory=list)

    @property
    def read_share(self) -> float | None:
        total = sum(self.relations.values())
        return sum(self.read.values()) / total if total else None


def evaluate(reports: list[Report]) -> dict[str, SplitResult]:
    results: dict[str, SplitResult] = defaultdict(SplitResult)
    for report in reports:
        for case in report.cases:
            _evaluate_case(case, results[report.split])
    return dict(results)


def _evaluate_case(case: Case, result: SplitResult) -> None:
    result.sentences += 1
    for relation, read in zip(filter(checkable, case.relations), read_relations(case)):
        result.relations[relation["kind"]] += 1
        result.read[relation["kind"]] += read
        result.prose_relations += case.prose
        result.prose_read += case.prose and read
        if not read:
            result.unread.append(f"{case.name} {relation['kind']}")
    got, wanted = Counter(findings_of(case.text, case.year)), Counter(case.findings)
    for code in wanted:
        result.expected[code] += wanted[code]
        result.found[code] += min(wanted[code], got[code])
        if got[code] < wanted[code]:
            result.missed_findings.append(f"{case.name} {code}")
    for code in got:
        if got[code] > wanted[code]:
            result.false[code] += got[code] - wanted[code]
            result.false_cases.append(f"{case.name} {code}")
    if not case.findings:
        for twin in plant(case):
            result.planted[twin.kind] += 1
            if twin.caught_by(findings_of(twin.text, case.year)):
                result.caught[twin.kind] += 1
            else:
                result.missed_twins.append(f"{case.name} {twin.kind}")

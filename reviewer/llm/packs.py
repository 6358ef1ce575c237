"""Claim packs: one compact context per question, built from the facts and the rule findings, and
requests: the claims of one kind and one part of the report asked together.

Kinds of question, each asked only where the facts give it something to judge:
- score_vs_note: a score-table row with full marks whose 扣分说明/偏差原因 cell says something;
- deviation_reason: a project-table row that lost points (or missed its target) and names a reason;
- claim_vs_table: a sentence claiming completion ("全面完成", "无问题", "存在问题：无") in a report whose
  score tables show deductions or missed targets (those rows go with it);
- reason_vs_direction: a sentence giving the reason ("主要原因是…") for a change, where the reason
  itself names a direction (人员减少, 业务增加 …) that could contradict it;
- score_sentence: a prose score statement giving full marks ("满分10分，得分10分") that goes on to
  state a deduction, a shortfall or a deviation ("扣分原因是：…没有全部达到…").
Completion claims are asked wherever the report states a shortfall, in a score table or in prose
(a prose score below full marks, "未完成目标", a 完成比例 under 100%), with no score-table precondition.
A pack carries the claim, the rows it refers to and the rule findings already made there.

Requests (issue 14, item 4): claims of one kind in one part of the report (the text under one
top-level heading: one project's evaluation) go together in one request, up to
``CLAIMS_PER_REQUEST`` claims and ``request_tokens`` prompt tokens, each under its id (Q1, Q2 …):
one system prompt and one statement of the question per request, material shared by the claims (the
shortfall rows a completion claim is read against) sent once. The prompt tokens of a request include
the answer schema's when it travels with it. A claim whose request alone would exceed ``pack_tokens``
is not sent (claim_vs_table first spreads its rows over several parts); requests beyond the
per-report budget are not sent. Nothing is cut silently: every claim not sent is returned with its
reason and the memo lists it. A prompt version without a kind's template does not ask that kind; one
without item templates (v1, v2) asks one claim per request.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from reviewer.document import Heading, Paragraph
from reviewer.facts import DocumentFacts
from reviewer.facts.scores import ScoreNode, ScoreTable
from reviewer.findings import Category, Finding, Location
from reviewer.llm.answer import schema_text
from reviewer.llm.prompts import PromptSet
from reviewer.llm.tokens import TokenCounter


@dataclass(frozen=True)
class Question:
    code: str
    title: str
    title_en: str
    category: Category
    allowed: tuple[str, ...]          # categories a model answer may choose for this question
    related_rules: frozenset[str]     # rule codes that report the same problem at the same place


QUESTIONS = {
    "score_vs_note": Question("MODEL-001", "满分与扣分说明矛盾", "Full marks beside a deduction note", "score",
                              ("score",), frozenset({"SCORE-002", "SCORE-005", "SCORE-006"})),
    "deviation_reason": Question("MODEL-002", "偏差原因未说明未达目标的原因",
                                 "Deviation reason does not explain the missed target", "score",
                                 ("score", "narrative"), frozenset({"SCORE-005"})),
    "claim_vs_table": Question("MODEL-003", "叙述的完成情况与评分表矛盾",
                               "Narrative claims completion that the score tables contradict", "narrative",
                               ("narrative", "crossref"), frozenset({"SCORE-007"})),
    "reason_vs_direction": Question("MODEL-004", "原因与增减方向不符", "Reason does not fit the direction of change",
                                    "narrative", ("narrative",), frozenset()),
    "score_sentence": Question("MODEL-005", "叙述给满分却写明扣分原因", "A score sentence gives full marks yet states a deduction",
                               "score", ("score", "narrative"), frozenset()),
    "target_count": Question("MODEL-006", "目标设置数、完成数与指标不符",
                             "Counts of targets set and met disagree with the project's indicators", "crossref",
                             ("crossref", "narrative", "score"), frozenset()),
    "section_review": Question("MODEL-008", "评价章节与本项目指标或自身矛盾",
                               "An evaluative section contradicts the project's indicators or itself", "narrative",
                               ("narrative", "crossref", "score"), frozenset()),
    "score_reason": Question("MODEL-007", "得分原因或评价结论与本项目指标不符",
                             "A score reason or conclusion cites what the project's own indicators contradict",
                             "crossref", ("crossref", "narrative", "score"), frozenset({"SCORE-007"})),
}

DATA_OPEN, DATA_CLOSE = "<<<材料>>>", "<<<材料结束>>>"
CLAIMS_PER_REQUEST = 8          # claims of one kind and part asked in one request, at most
REQUEST_TOKENS = 4000           # a request's prompt tokens, at most (or pack_tokens when that is larger)
_ONE_PER_REQUEST = frozenset({"section_review"})   # kinds whose material is large: one claim a request
_RULE_NOTE_MAX = 90
_ROWS_MARGIN = 16   # tokens: rows counted one by one may merge a little differently once joined
_SENTENCE_MAX = 400


@dataclass
class ClaimPack:
    """One claim to ask about: what the model is shown about it and where it stands."""

    kind: str
    anchor: Location                  # where the claim stands in the document
    lines: frozenset[int]             # the claim's own lines (its sentence, or its row's cells)
    slots: dict[str, str]             # the claim's own slots (its item in a request)
    data: str                         # the document text shown for this claim (verification reads it)
    tokens: int = 0                   # its item's tokens in its request (the whole request when asked alone)
    part: tuple[int, int] = (1, 1)
    context: frozenset[int] = frozenset()   # lines of the other material sent with the claim
    region: int = 0                   # the part of the report it stands in (claims are grouped by it)
    shared: dict[str, str] = field(default_factory=dict)   # slots shared by the claims of its request
    id: str = ""                      # its id in its request ("Q1" …), given when the plan is made

    @property
    def question(self) -> Question:
        return QUESTIONS[self.kind]

    @property
    def label(self) -> str:
        where = f"第{self.anchor.line}行" if self.anchor.line else "位置不明"
        if self.kind == "section_review":
            return f"评价章节“{self.slots.get('title', '')}”（{where}起）"
        part = f"（第{self.part[0]}/{self.part[1]}部分）" if self.part[1] > 1 else ""
        return f"{self.question.title}：{where}{part}"


@dataclass
class Request:
    """One request to the model: claims of one kind and one part, one system prompt, one reply."""

    kind: str
    packs: list[ClaimPack]
    messages: list[dict]
    tokens: int                       # prompt tokens, the answer schema's included when it is sent

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.packs]

    @property
    def line(self) -> int | None:
        return self.packs[0].anchor.line

    @property
    def label(self) -> str:
        more = f" 等 {len(self.packs)} 处" if len(self.packs) > 1 else ""
        return f"{self.packs[0].label}{more}"

    def digest(self, request: dict, messages: list[dict] | None = None) -> str:
        """Hash of everything the model sees (the request's messages, or a follow-up conversation
        about it) and every setting that shapes its answer."""
        body = json.dumps({"messages": messages or self.messages, **request}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class Unsent:
    pack: ClaimPack
    reason: str


@dataclass
class PackPlan:
    requests: list[Request]
    unsent: list[Unsent]

    @property
    def packs(self) -> list[ClaimPack]:
        """Every claim that will be asked, request by request."""
        return [p for r in self.requests for p in r.packs]

    @property
    def tokens(self) -> int:
        return sum(r.tokens for r in self.requests)


# --- the material ------------------------------------------------------------------------------

def neutralise(text: str) -> str:
    """Document text cannot close the data block it is quoted in."""
    return text.replace("<<<", "＜＜＜").replace(">>>", "＞＞＞")


def _score(node: ScoreNode):
    return next(iter(node.scores.values()), None)


def _weight(node: ScoreNode):
    return node.weight or node.label_weight


def row_text(node: ScoreNode) -> str:
    """A score-table row as one line of labelled cells, each cell verbatim."""
    score, weight = _score(node), _weight(node)
    cells = [("指标", node.quote or node.label), ("评分标准", node.rule_text), ("年度指标值", node.target_text),
             ("实际完成值", node.actual_quote), ("分值", weight.quote if weight else ""),
             ("得分", score.quote if score else ""), ("说明", node.note)]
    return "｜".join(f"{name}：{value}" for name, value in cells if value)


def _row_lines(node: ScoreNode) -> set[int]:
    figures = [_score(node), _weight(node)]
    return {n for n in [node.line, node.actual_line, *(f.line for f in figures if f)] if n}


_TRIVIAL_NOTE = re.compile(r"^(?:无|暂无|—+|-+|－+|/|／|0|无偏差|未偏差|没有偏差|(?:已|均已|全部)?(?:完成|达到|实现|达标)"
                           r"(?:了)?(?:年度|预期)?(?:绩效)?(?:目标|目标值|指标值|指标)?)$")


def _trivial(note: str) -> bool:
    return bool(_TRIVIAL_NOTE.match(re.sub(r"[。.，,；;！!\s]", "", note)))


def _rule_notes(findings: list[Finding], lines: set[int] | frozenset[int]) -> str:
    notes = []
    for f in findings:
        hit = sorted({loc.line for loc in f.locations if loc.line in lines})
        if hit:
            message = f.message if len(f.message) <= _RULE_NOTE_MAX else f.message[:_RULE_NOTE_MAX] + "…"
            notes.append(f"{f.code}（第{hit[0]}行）{message}")
    return "；".join(notes) or "无"


def _table_location(table: ScoreTable, node: ScoreNode, quote: str) -> Location:
    return Location(line=node.line, section=(table.tables[0].section or None), table=table.label,
                    row=node.label or None, quote=quote or None)


# --- the questions -----------------------------------------------------------------------------

def _full_marks_with_note(facts: DocumentFacts, findings: list[Finding]) -> list[ClaimPack]:
    packs = []
    for table in facts.scores.tables:
        for node in table.leaves():
            score, weight = _score(node), _weight(node)
            if not (score and weight and weight.value > 0 and score.value == weight.value and node.note):
                continue
            if _trivial(node.note):
                continue
            lines = frozenset(_row_lines(node))
            row = neutralise(row_text(node))
            packs.append(ClaimPack("score_vs_note", _table_location(table, node, node.note), lines, {
                "line": str(node.line), "weight": weight.quote, "score": score.quote, "row": row,
                "rule_findings": neutralise(_rule_notes(findings, lines))}, row, region=table.region))
    return packs


def _missed_lines(findings: list[Finding]) -> set[int]:
    """Rows the rules found missing their target yet given full marks."""
    return {loc.line for f in findings if f.code == "SCORE-005" for loc in f.locations if loc.line}


def _shortfall(node: ScoreNode, missed: set[int]) -> str | None:
    """Why a row is a shortfall (lost points, or a missed target the rules found), else None."""
    score, weight = _score(node), _weight(node)
    if score and weight and score.value < weight.value:
        return f"分值 {weight.quote}，得分 {score.quote}，被扣分"
    if _row_lines(node) & missed:
        return "实际完成值未达到年度指标值"
    return None


def _deviation_reasons(facts: DocumentFacts, findings: list[Finding]) -> list[ClaimPack]:
    packs = []
    missed = _missed_lines(findings)
    for table in facts.scores.tables:
        if table.kind != "project":
            continue
        for node in table.leaves():
            status = _shortfall(node, missed)
            if status is None or not node.note.strip():
                continue
            lines = frozenset(_row_lines(node))
            row = neutralise(row_text(node))
            packs.append(ClaimPack("deviation_reason", _table_location(table, node, node.note), lines, {
                "line": str(node.line), "status": status, "row": row,
                "rule_findings": neutralise(_rule_notes(findings, lines))}, row, region=table.region))
    return packs


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
# "满分10分，得分10分", "本项目满分3分,得满分3分", "满分2分,扣2分,得0分"
PROSE_SCORE = re.compile(r"满分\s*(?P<weight>\d+(?:\.\d+)?)\s*分[，,、]?\s*(?:扣\s*\d+(?:\.\d+)?\s*分[，,]?\s*)?"
                         r"(?:自评)?得(?:分)?\s*(?:满分)?\s*(?P<score>\d+(?:\.\d+)?)\s*分")
_DEDUCTION_WORDS = re.compile(r"扣分原因|扣\s*\d+(?:\.\d+)?\s*分|没有全部|未全部|未能?达到|未达|未完成|偏差|不足")
_SHORTFALL_WORDS = re.compile(r"未完成(?:年度|绩效)?目标|没有全部达到|未(?:能)?(?:全部)?达到(?:年度|预期|计划)?(?:目标|指标值|计划)")
_COMPLETION_SHARE = re.compile(r"完成(?:比例|率)\s*(?:为|仅为)?\s*(\d+(?:\.\d+)?)\s*%")


def prose_scores(text: str) -> list[tuple[re.Match, int]]:
    """Each prose score statement with where its own words end (the next statement, or the text's end)."""
    found = list(PROSE_SCORE.finditer(text))
    return [(m, found[i + 1].start() if i + 1 < len(found) else len(text)) for i, m in enumerate(found)]


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` begins: the model may quote any of its words."""
    return max((m.start() for m in _SENTENCE.finditer(text, 0, offset + 1) if m.start() <= offset), default=0)


def _regions(facts: DocumentFacts):
    """Paragraphs and headings with the region they stand in (the part of the report under one
    top-level heading, as score facts count them)."""
    region = 0
    for block in facts.document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            region += 1
        if isinstance(block, (Paragraph, Heading)):
            yield block, region


def _paragraphs(facts: DocumentFacts):
    return ((block, region) for block, region in _regions(facts) if isinstance(block, Paragraph))


def _score_sentences(facts: DocumentFacts, findings: list[Finding]) -> list[ClaimPack]:
    packs = []
    for block, region in _paragraphs(facts):
        for match, end in prose_scores(block.text):
            if Decimal(match["score"]) != Decimal(match["weight"]) or not _DEDUCTION_WORDS.search(block.text, match.end(), end):
                continue
            start = _sentence_start(block.text, match.start())
            words = block.text[start:end].strip()[:_SENTENCE_MAX]
            line = block.line_at(start)
            lines = frozenset({line, block.line_at(min(end, len(block.text)) - 1)})
            anchor = Location(line=line, section=block.section or None, quote=words)
            packs.append(ClaimPack("score_sentence", anchor, lines, {
                "line": str(line), "weight": f"{match['weight']}分", "score": f"{match['score']}分",
                "sentence": neutralise(words), "rule_findings": neutralise(_rule_notes(findings, lines))}, words,
                region=region))
    return packs


def _prose_shortfalls(facts: DocumentFacts) -> list[tuple[int, str, set[int]]]:
    """Sentences stating a shortfall (a score below full marks, a missed target, a completion share
    under 100%), each with its region."""
    found = []
    for block, region in _paragraphs(facts):
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group().strip()
            low_score = any(Decimal(m["score"]) < Decimal(m["weight"]) for m in PROSE_SCORE.finditer(text))
            low_share = any(Decimal(m.group(1)) < 100 for m in _COMPLETION_SHARE.finditer(text))
            if (low_score or low_share or _SHORTFALL_WORDS.search(text)) and len(text) <= _SENTENCE_MAX:
                line = block.line_at(sentence.start())
                found.append((region, neutralise(f"［第{line}行］{text}"), {line}))
    return found

# Claims about the whole report, not one indicator ("数量指标均达到目标值" speaks of its own rows only).
_COMPLETION = re.compile(
    r"全面完成|圆满完成|全部完成|(?:各项|所有|全部)(?:绩效)?(?:目标|指标|任务)(?:均|全部|都)?(?:已|已经)?(?:完成|达到|实现|达标)"
    r"|(?:达到|实现|完成)了?(?:预期|年度|既定|全部)(?:的)?(?:绩效)?(?:目标|指标)(?!情况|率|度|值)"
    r"|(?:无|没有|不存在|未发现|未发生)(?:明显|突出|任何)?问题|存在的?问题[：:]\s*(?:无|暂无|没有)"
    r"|目标完成率\s*(?:为|达到)?\s*100\s*%")
_NEGATION = re.compile(r"未|没|不|尚|基本|部分|大部")    # in the claim's clause before it: a hedge or a denial
_NONE_ANSWER = re.compile(r"^(?:无|暂无|没有|无。|暂无。)$")
_PROBLEM_SECTION = re.compile(r"存在的?问题|问题及|主要问题")


def _claims(facts: DocumentFacts) -> list[tuple[Paragraph | Heading, int, int, int]]:
    """Sentences claiming completion or no problems, and a bare "无" under a 存在问题 heading, each with
    its region."""
    found = []
    for block, region in _regions(facts):
        text = block.text
        if isinstance(block, Paragraph) and _NONE_ANSWER.match(text.strip()) and _PROBLEM_SECTION.search(block.section):
            found.append((block, 0, len(text), region))
            continue
        for sentence in _SENTENCE.finditer(text):
            for m in _COMPLETION.finditer(sentence.group()):
                clause = re.split(r"[，,；;：:]", sentence.group()[:m.start()])[-1]
                if not _NEGATION.search(clause) and not re.match(r"情况|率|度|进度", sentence.group()[m.end():]):
                    found.append((block, sentence.start(), sentence.end(), region))
                    break
    return found


def _line_of(block: Paragraph | Heading, offset: int) -> int:
    return block.line_at(offset) if isinstance(block, Paragraph) else block.line


def _shortfall_rows(facts: DocumentFacts, findings: list[Finding]) -> list[tuple[int, str, set[int]]]:
    """Score-table rows that lost points or missed their target (each with the rule findings made on
    it) and prose sentences stating a shortfall, each with its region."""
    missed = _missed_lines(findings)
    rows = []
    for table in facts.scores.tables:
        for node in table.leaves():
            if _shortfall(node, missed):
                notes = _rule_notes(findings, _row_lines(node))
                found = f"（规则检查已发现：{notes}）" if notes != "无" else ""
                rows.append((table.region, neutralise(f"［{table.label}］{row_text(node)}{found}"), _row_lines(node)))
    return rows + _prose_shortfalls(facts)


def _completion_claims(facts: DocumentFacts, findings: list[Finding], room) -> list[ClaimPack]:
    """Completion and "无问题" claims, each part's claims against the shortfalls of their project."""
    rows = _shortfall_rows(facts, findings)
    if not rows:
        return []
    claims = []
    for block, start, end, region in _claims(facts):
        claim = block.text[start:end].strip()
        if isinstance(block, Paragraph) and _NONE_ANSWER.match(claim):
            claim = f"{block.section}\n{claim}"
        claims.append(_sentence_claim("claim_vs_table", block, start, end, region, findings, claim))
    linked = _linked_regions(facts)
    return _against_rows("claim_vs_table", claims,
                         lambda region: [(t, ls) for where, t, ls in rows if where in linked(region)]
                         or [(t, ls) for _, t, ls in rows], room)


def _sentence_claim(kind: str, block: Paragraph | Heading, start: int, end: int, region: int,
                    findings: list[Finding], claim: str | None = None) -> ClaimPack:
    words = block.text[start:end].strip()
    claim = (claim or words)[:_SENTENCE_MAX]
    line = _line_of(block, start)
    anchor = Location(line=line, section=block.section or None, quote=words)
    return ClaimPack(kind, anchor, frozenset({line}), {"line": str(line), "claim": neutralise(claim),
                     "rule_findings": neutralise(_rule_notes(findings, {line}))}, claim, region=region)


def _against_rows(kind: str, claims: list[ClaimPack], rows_for, room) -> list[ClaimPack]:
    """Claims read against rows (``rows_for(region)``: (text, lines) of the rows of the claims'
    project). ``room(kind, claims)``: the tokens left for the rows in a request asking these claims
    (the longest of them alone). The claims of one part share its rows (sent once per request); rows
    that do not fit are spread over several parts, each asked with every claim."""
    by_region: dict[int, list[ClaimPack]] = {}
    for claim in claims:
        by_region.setdefault(claim.region, []).append(claim)
    packs = []
    for region, mine in by_region.items():
        rows = rows_for(region)
        if not rows:
            continue
        chunks = _chunk_rows(rows, room(kind, mine))
        for index, chunk in enumerate(chunks, 1):
            text_rows = "\n".join(text for text, _ in chunk)
            part = f"第 {index}/{len(chunks)} 部分" if len(chunks) > 1 else "全部"
            context = frozenset().union(*(ls for _, ls in chunk))
            for claim in mine:
                packs.append(ClaimPack(kind, claim.anchor, claim.lines, claim.slots, f"{claim.data}\n{text_rows}",
                                       part=(index, len(chunks)), context=context, region=region,
                                       shared={"part": part, "rows": text_rows}))
    return packs


# --- a project's indicators: its score tables (linked by project name across parts) and its prose ----

_BARE_NAME = re.compile(r"[（(][^（）()]*[)）]|\s+|项目$")
_NAME_MIN = 4
_REGION_TEXT = 3000     # characters of a part searched for a project's name


def _region_texts(facts: DocumentFacts) -> dict[int, str]:
    texts: dict[int, list[str]] = {}
    for block, region in _regions(facts):
        texts.setdefault(region, []).append(block.text)
    return {region: "\n".join(parts)[:_REGION_TEXT] for region, parts in texts.items()}


def _linked_regions(facts: DocumentFacts):
    """``linked(region)``: the parts holding the score tables of this part's project: its own, and
    any part whose table names (项目名称) a project this part names; a part with no tables of its own
    and no name to link by gets none."""
    texts = _region_texts(facts)
    named = [(t.region, _BARE_NAME.sub("", t.name)) for t in facts.scores.tables if t.name]

    def linked(region: int) -> set[int]:
        if facts.scores.tables_in(region):
            return {region}
        text = re.sub(r"\s+", "", texts.get(region, ""))
        found = [(where, name) for where, name in named if len(name) >= _NAME_MIN and name in text]
        # "稽核专项工作经费" inside "追加稽核专项工作经费": the longer name is the project meant
        return {where for where, name in found if not any(name != other and name in other for _, other in found)}
    return linked


_PROSE_INDICATOR = re.compile(r"目标值[^。；;]{0,40}?完成值")


def _indicator_rows(facts: DocumentFacts, findings: list[Finding]):
    """``rows(region)``: every indicator of the part's project: its score-table rows (with the rule
    findings made on them; tables linked by project name when the part has none) and the prose
    sentences that give an indicator's target and actual value (目标值…完成值…)."""
    table_rows: dict[int, list[tuple[str, set[int]]]] = {}
    for table in facts.scores.tables:
        table_rows.setdefault(table.region, []).extend(_table_rows(table, findings))
    texts = _region_texts(facts)
    prose: dict[int, list[tuple[str, set[int]]]] = {}
    for block, region in _paragraphs(facts):
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group().strip()
            if _PROSE_INDICATOR.search(text) and len(text) <= _SENTENCE_MAX:
                line = block.line_at(sentence.start())
                prose.setdefault(region, []).append((neutralise(f"［第{line}行］{text}"), {line}))
    linked = _linked_regions(facts)

    def rows(region: int) -> list[tuple[str, set[int]]]:
        tables = linked(region)
        own = [row for row in table_rows.get(region, [])] if region in tables else []
        # a shared part holding every project's table: only the rows of the tables named for this part
        named = [row for t in facts.scores.tables if t.region in tables and t.region != region and t.name
                 and _BARE_NAME.sub("", t.name) in re.sub(r"\s+", "", texts.get(region, ""))
                 for row in _table_rows(t, findings)]
        return own + named + prose.get(region, [])
    return rows


def _table_rows(table: ScoreTable, findings: list[Finding]) -> list[tuple[str, set[int]]]:
    rows = []
    for node in table.leaves():
        notes = _rule_notes(findings, _row_lines(node))
        found = f"（规则检查已发现：{notes}）" if notes != "无" else ""
        rows.append((neutralise(f"［{table.label}］{row_text(node)}{found}"), _row_lines(node)))
    return rows


# "设置绩效目标 7 个，实际完成 6 个", "期初编制目标数6个,目标实际完成数6个"
TARGET_COUNT = re.compile(r"(?:设置|编制|设定|确定|制定)了?(?:绩效)?(?:目标|指标)数?(?:共)?\s*(?P<set>\d+)\s*个\s*[，,、；;]?\s*"
                          r"(?:目标|指标)?(?:实际)?(?:已)?完成(?:数)?\s*(?P<met>\d+)\s*个")


def _target_counts(facts: DocumentFacts, findings: list[Finding], room) -> list[ClaimPack]:
    """Counts of targets set and met, against every indicator of the same project."""
    claims = []
    for block, region in _paragraphs(facts):
        for sentence in _SENTENCE.finditer(block.text):
            if TARGET_COUNT.search(sentence.group()):
                claims.append(_sentence_claim("target_count", block, sentence.start(), sentence.end(), region, findings))
    return _against_rows("target_count", claims, _indicator_rows(facts, findings), room) if claims else []


_SCORE_REASON = re.compile(r"得分原因|得分理由|评价结论|自评结论")
_EVALUATION_HEADING = re.compile(r"评价结论|自评结论|综合评价")


_SCORE_WORDS = re.compile(r"(?:满分|得分|分值|扣|得满分|评价得分为?|自评得分为?)\s*\d+(?:\.\d+)?\s*分|\d{4}\s*年度?|[（(]?\d{1,2}[）)、.．]")


def _cites_a_figure(text: str) -> bool:
    """A figure besides the scores, years and item numbers: what a reason can get wrong."""
    return bool(re.search(r"\d", _SCORE_WORDS.sub("", text)))


_ROW_LABEL = re.compile(r"指标：([^｜]+)|［第\d+行］(?:\d+[)）、.．]\s*)?([^，,（(]{2,30}?)[（(，,]?\s*目标值")
_MATCHED_ROWS = 4


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\d（）()，,。、：:；;%％｜]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _rows_named(sentence: str, rows: list[tuple[str, set[int]]]) -> list[tuple[str, set[int]]]:
    """The indicator rows a sentence speaks of: those whose indicator it names, else the few whose
    names share most words with it (a reason is read against its own indicator, not every row)."""
    named, scored = [], []
    words = _bigrams(sentence)
    for row in rows:
        label = next((g for g in (_ROW_LABEL.search(row[0]) or re.match("", "")).groups() if g), "") \
            if _ROW_LABEL.search(row[0]) else ""
        label = _BARE_NAME.sub("", label).strip("“”\"")
        if len(label) >= 2 and label in sentence:
            named.append(row)
        elif label:
            scored.append((len(_bigrams(label) & words), row))
    if named:
        return named[:_MATCHED_ROWS]
    best = sorted((item for item in scored if item[0] >= 2), key=lambda item: -item[0])
    return [row for _, row in best[:_MATCHED_ROWS]]


def _score_reasons(facts: DocumentFacts, findings: list[Finding], room) -> list[ClaimPack]:
    """得分原因 and 评价结论 sentences that cite a figure (not only the score), each against the
    indicators of its own project that it names (or, naming none, the few nearest in wording)."""
    rows_for = _indicator_rows(facts, findings)
    packs = []
    for block, region in _paragraphs(facts):
        under_conclusion = bool(_EVALUATION_HEADING.search(block.section or ""))
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group()
            reason = _SCORE_REASON.search(text)
            cited = text[reason.end():] if reason else text
            if not ((under_conclusion or reason) and _cites_a_figure(cited)) \
                    or TARGET_COUNT.search(text) or _PROSE_INDICATOR.search(text):
                continue
            claim = _sentence_claim("score_reason", block, sentence.start(), sentence.end(), region, findings)
            rows = _rows_named(text, rows_for(region))
            if not rows:
                continue
            shown = "\n".join(r for r, _ in rows)
            packs.append(ClaimPack("score_reason", claim.anchor, claim.lines, {**claim.slots, "rows": shown},
                                   f"{claim.data}\n{shown}", context=frozenset().union(*(ls for _, ls in rows)),
                                   region=region))
    return packs


def _chunk_rows(rows: list[tuple[str, set[int]]], budget: tuple[int, object]) -> list[list[tuple[str, set[int]]]]:
    """Rows (text, lines) in groups whose text fits the budget; a single row over it still makes its
    own group (and is then reported as not sent, never cut)."""
    room, measure = budget
    chunks: list[list[tuple[str, set[int]]]] = [[]]
    used = 0
    for item in rows:
        cost = measure(item[0]) + 1
        if chunks[-1] and used + cost > room:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += cost
    return chunks


_UP_WORDS = r"增加|增长|上升|提高|大于|高于|超出|超过"
_DOWN_WORDS = r"减少|下降|降低|小于|低于|结余|节约|减"
_DIRECTION = re.compile(rf"(?P<word>{_UP_WORDS}|{_DOWN_WORDS})(?![/／率额幅])")
_REASON = re.compile(r"(?<!得分)(?<!扣分)(?:主要)?原因(?:是|为|主要是|主要为|[：:])|主要是由于|主要由于|由于|主要系|系因|因为")
_REASON_DIRECTION = re.compile(
    r"增加|减少|增长|下降|提高|降低|上升|扩大|缩减|压缩|缩小|新增|增设|增员|减员|调增|调减|上涨|下调|上调|增多|加大"
    r"|节约|节省|结余|推迟|延期|延迟|取消|暂停|停止|追加|补发|调出|调入|退休")


def _direction_claims(facts: DocumentFacts, findings: list[Finding]) -> list[ClaimPack]:
    packs = []
    for block, region in _paragraphs(facts):
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group()
            reason = _REASON.search(text)
            if not reason or not _REASON_DIRECTION.search(text, reason.end()):
                continue
            directions = list(_DIRECTION.finditer(text, 0, reason.start()))
            if not directions or "/" in text or "／" in text:
                continue   # no direction before the reason, or an unfilled template choice (增加/减少)
            word = directions[-1]["word"]
            direction = f"{word}（数额变大）" if re.fullmatch(_UP_WORDS, word) else f"{word}（数额变小）"
            line = block.line_at(sentence.start())
            lines = frozenset({line, block.line_at(sentence.end() - 1)})
            quoted = neutralise(text.strip())
            anchor = Location(line=line, section=block.section or None, quote=text.strip())
            packs.append(ClaimPack("reason_vs_direction", anchor, lines, {
                "line": str(line), "sentence": quoted, "direction": direction,
                "rule_findings": neutralise(_rule_notes(findings, lines))}, quoted, region=region))
    return packs


# --- section review: what no question covers ----------------------------------------------------

_EVALUATIVE = re.compile(r"评价结论|自评结论|存在的?(?:主要)?问题|主要问题|问题及|绩效分析|目标完成情况|自评(?:得分|情况)|偏差")
_SECTION_CHARS = 1200     # one piece of a section's text; a longer section is read in consecutive pieces
_NO_ROWS = "（本部分没有找到评分表或指标）"


def _sections(facts: DocumentFacts) -> list[tuple[Heading, int, list[Paragraph]]]:
    """Evaluative sections (a heading naming 评价结论, 存在问题, 绩效分析 …, with the paragraphs under it
    up to the next heading of its level or above), each with its part of the report."""
    found: list[tuple[Heading, int, list[Paragraph]]] = []
    current: tuple[Heading, int, list[Paragraph]] | None = None
    for block, region in _regions(facts):
        if isinstance(block, Heading):
            if current and block.level <= current[0].level:
                current = None
            if current is None and _EVALUATIVE.search(block.text):
                current = (block, region, [])
                found.append(current)
        elif current is not None:
            current[2].append(block)
    return [(h, r, ps) for h, r, ps in found if ps]


def _pieces(paragraphs: list[Paragraph]) -> list[tuple[str, int, set[int]]]:
    """A section's text in pieces of at most _SECTION_CHARS, cut between paragraphs (or inside one that
    is longer), each with its first line and its lines."""
    pieces: list[tuple[str, int, set[int]]] = []
    text, lines, first = "", set(), None
    for paragraph in paragraphs:
        for start in range(0, len(paragraph.text), _SECTION_CHARS):
            chunk = paragraph.text[start:start + _SECTION_CHARS]
            if text and len(text) + len(chunk) > _SECTION_CHARS:
                pieces.append((text, first, lines))
                text, lines, first = "", set(), None
            first = first or paragraph.line_at(start)
            text += ("\n" if text else "") + chunk
            lines |= {paragraph.line_at(start), paragraph.line_at(start + len(chunk) - 1)}
    if text:
        pieces.append((text, first, lines))
    return pieces


def _section_reviews(facts: DocumentFacts, findings: list[Finding], room, asked: set[int]) -> list[ClaimPack]:
    """Each evaluative section of a part with a project's indicators (or of a performance report),
    read once with those indicators; a section every paragraph of which is already the claim of a
    question (``asked``: their lines) is left to those questions."""
    rows_for = _indicator_rows(facts, findings)
    performance = "绩效" in (facts.document.report_type or "")
    packs = []
    for heading, region, paragraphs in _sections(facts):
        rows = rows_for(region)
        if not rows and not performance:
            continue
        if all({p.line_at(0), p.line_at(max(0, len(p.text) - 1))} & asked for p in paragraphs):
            continue
        pieces = _pieces(paragraphs)
        for index, (text, first, lines) in enumerate(pieces, 1):
            title = heading.text.strip() + (f"（第{index}/{len(pieces)}段）" if len(pieces) > 1 else "")
            anchor = Location(line=first, section=heading.text.strip() or None, quote=None)
            claim = ClaimPack("section_review", anchor, frozenset(lines), {
                "line": str(first), "title": neutralise(title), "claim": neutralise(text),
                "rule_findings": neutralise(_rule_notes(findings, lines))}, text, region=region)
            budget, measure = room("section_review", [claim])
            chosen, used = [], 0
            for row, row_lines in rows:          # the indicators that fit beside the text, in order
                cost = measure(row) + 1
                if used + cost > budget:
                    break
                chosen.append((row, row_lines))
                used += cost
            shown = "\n".join(r for r, _ in chosen) or _NO_ROWS
            more = f"共 {len(rows)} 行，此处列出前 {len(chosen)} 行" if len(chosen) < len(rows) else "全部"
            packs.append(ClaimPack("section_review", anchor, claim.lines, claim.slots, f"{text}\n{shown}",
                                   context=frozenset().union(*(ls for _, ls in chosen)) if chosen else frozenset(),
                                   region=region, shared={"part": more, "rows": shown}))
    return packs


# --- the plan ----------------------------------------------------------------------------------

def build_plan(facts: DocumentFacts, findings: list[Finding], prompts: PromptSet, counter: TokenCounter,
               pack_tokens: int, report_tokens: int, schema: bool = True) -> PackPlan:
    """Every question for this document, grouped into requests with their token counts, within the
    budgets: ``pack_tokens`` bounds one claim's material (its item and the material it shares, not
    the system prompt, the question's wording or the schema), ``report_tokens`` the report's requests.
    ``schema``: the answer schema travels with each request (``json_schema``) and its tokens count."""
    def extra(packs: list[ClaimPack]) -> int:
        return counter.count(schema_text([p.id for p in packs] or ["Q1"])) if schema else 0

    def measure(kind: str, packs: list[ClaimPack]) -> int:
        """A request's prompt tokens; with no claims, its frame (what every request of the kind carries)."""
        if not packs and not prompts.batched:
            return counter.count_messages([{"role": "system", "content": prompts.system}]) + extra(packs)
        return counter.count_messages(request_messages(prompts, kind, packs)) + extra(packs)

    def room(kind: str, claims: list[ClaimPack]) -> tuple[int, object]:
        longest = max(claims, key=lambda c: len(c.data))
        claim = _with(longest, {"part": "第 99/99 部分", "rows": ""})
        if kind not in prompts.templates:
            return pack_tokens, counter.count
        return pack_tokens - (measure(kind, [claim]) - measure(kind, [])) - _ROWS_MARGIN, counter.count

    questions = [c for c in (_full_marks_with_note(facts, findings) + _deviation_reasons(facts, findings)
                             + _completion_claims(facts, findings, room) + _direction_claims(facts, findings)
                             + _score_sentences(facts, findings) + _target_counts(facts, findings, room)
                             + _score_reasons(facts, findings, room)) if c.kind in prompts.templates]
    sections = _section_reviews(facts, findings, room, {n for c in questions for n in c.lines}) \
        if "section_review" in prompts.templates else []
    return group_requests(questions + sections, prompts, measure, pack_tokens, report_tokens)  # sections last


def group_requests(candidates: list[ClaimPack], prompts: PromptSet, measure, pack_tokens: int,
                   report_tokens: int) -> PackPlan:
    """Claims grouped by kind, part and shared material, in the order they were found, into requests
    of at most ``CLAIMS_PER_REQUEST`` claims within the request budget; then the report's budget."""
    groups: dict[tuple, list[ClaimPack]] = {}
    for pack in candidates:
        groups.setdefault((pack.kind, pack.region, tuple(sorted(pack.shared.items()))), []).append(pack)
    built: list[Request] = []
    unsent: list[Unsent] = []
    for (kind, _, _), packs in groups.items():
        most = 1 if kind in _ONE_PER_REQUEST or not prompts.batched else CLAIMS_PER_REQUEST
        frame = measure(kind, [])
        budget = max(REQUEST_TOKENS, frame + pack_tokens)
        current: list[ClaimPack] = []
        for pack in packs:
            pack.id = "Q1"
            material = measure(kind, [pack]) - frame
            if material > pack_tokens:
                pack.tokens = material
                unsent.append(Unsent(pack, f"单个问题的材料约 {material} 个令牌，超过每包预算 {pack_tokens}"))
                continue
            pack.id = f"Q{len(current) + 1}"
            if current and (len(current) >= most or measure(kind, current + [pack]) > budget):
                built.append(_request(prompts, kind, current, measure))
                current = []
                pack.id = "Q1"
            current.append(pack)
        if current:
            built.append(_request(prompts, kind, current, measure))
    requests, spent = [], 0
    for request in built:
        if spent + request.tokens > report_tokens:
            unsent += [Unsent(p, f"超过每份报告的令牌预算 {report_tokens}") for p in request.packs]
        else:
            requests.append(request)
            spent += request.tokens
    return PackPlan(requests, unsent)


def _with(pack: ClaimPack, shared: dict[str, str]) -> ClaimPack:
    return ClaimPack(pack.kind, pack.anchor, pack.lines, pack.slots, pack.data, region=pack.region, shared=shared,
                     id="Q1")


def _request(prompts: PromptSet, kind: str, packs: list[ClaimPack], measure) -> Request:
    tokens = measure(kind, packs)
    frame = measure(kind, [])
    for pack in packs:      # each claim's share: the request less its frame, divided among its claims
        pack.tokens = max(1, round((tokens - frame) / len(packs)))
    return Request(kind, packs, request_messages(prompts, kind, packs), tokens)


def request_messages(prompts: PromptSet, kind: str, packs: list[ClaimPack]) -> list[dict]:
    """The messages of one request: the system prompt once, the kind's question once, each claim's
    item under its id (or, for a version without item templates, the one claim's question)."""
    shared = packs[0].shared if packs else _SHARED_EMPTY.get(kind, {})
    if prompts.batched:
        items = "\n\n".join(prompts.render_item(kind, {"id": p.id, **p.slots}) for p in packs)
        user = prompts.render(kind, {**shared, "items": items})
    else:
        user = prompts.render(kind, {**packs[0].slots, **shared})
    return [{"role": "system", "content": prompts.system}, {"role": "user", "content": user}]


_SHARED_EMPTY = {kind: {"part": "全部", "rows": ""} for kind in ("claim_vs_table", "target_count", "section_review")}

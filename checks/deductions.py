"""Deductions and execution rates the narrative must account for: cheap, decidable cases that would
otherwise be questions for the model."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from reviewer.checks.base import Check, register, text_location
from reviewer.document import Heading, Paragraph
from reviewer.facts import DocumentFacts
from reviewer.findings import Evidence, Finding, Location

# Words that explain a lost point: a reason, a shortfall, a deviation.
_EXPLAINS = re.compile(r"扣分|扣\s*\d|原因|未|没有|不足|偏差|差距|低于|仅")
_LABEL_NOISE = re.compile(r"[（(][^（）()]*[)）]|\s+")
_MIN_LABEL_CHARS = 2


def _paragraphs(facts: DocumentFacts) -> list[Paragraph]:
    return [b for b in facts.document.blocks if isinstance(b, Paragraph)]


def _bare_label(text: str) -> str:
    return _LABEL_NOISE.sub("", text)


@register
class DeductionExplainedNowhere(Check):
    code = "DEDUCT-001"
    title = "扣分未说明原因"
    title_en = "A deduction explained nowhere"
    category = "score"
    why = ("评分表中某项指标得分低于分值，没有实际完成值，说明栏空白，正文也没有任何一句提到该指标的扣分原因。"
           "读者无法判断扣分依据，自评结论也无从核对。")
    why_en = ("A score-table indicator lost points, its note cell is empty and no sentence of the report names "
              "the indicator with a reason: the reader cannot tell why the points were lost.")
    example_fail = ("部门整体支出绩效评价指标及评分表\n一级指标\t二级指标\t分值\t自评得分\t说明\n"
                    "产出\t履职效益\t10\t10\t\n效益\t社会效益\t5\t4\t\n总分\t\t15\t14\t\n")
    example_pass = example_fail + "\n社会效益指标扣1分，原因是部分群众反映办事等候时间较长。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        sentences = [p.text for p in _paragraphs(facts)]
        for table in facts.scores.tables:
            for node in table.leaves():
                score, weight = next(iter(node.scores.values()), None), node.weight or node.label_weight
                if not (score and weight and score.value < weight.value) or node.note.strip() or node.actual_quote:
                    continue
                label = _bare_label(node.label)
                if len(label) < _MIN_LABEL_CHARS or any(label in text and _EXPLAINS.search(text) for text in sentences):
                    continue
                yield self.finding(
                    "low", f"“{label}”分值 {weight.quote}，自评得分 {score.quote}，说明栏空白，正文也未说明扣分原因。",
                    f"“{label}” scores {score.quote} of {weight.quote}; its note is empty and no sentence explains why.",
                    [Location(line=node.line, section=table.tables[0].section or None, table=table.label,
                              row=node.label or None, quote=node.quote or node.label)],
                    Evidence(stated=score.quote, expected=weight.quote))


# "执行率达到 100%", "预算执行率为 99.65%", "执行率仅为74.83%"; "执行率未达 100%" states a ceiling.
_RATE = re.compile(r"执行率\s*(?P<below>未达到?|未能?达到|低于)?\s*(?P<verb>为|是|达到|达|仅为|仅|只有|[:：])?\s*"
                   r"(?P<value>\d+(?:\.\d+)?)\s*[%％]")
# A rate that is a target, a scoring rule or a formula, not this project's result.
_NOT_A_RESULT = re.compile(r"目标值|标准|以上|以下|≥|≤|不低于|不高于|得满分|计满分|=|＝|每[低少]")
_SENTENCE = re.compile(r"[^。；;！!\n]+")
# A sentence explaining a score: the rate it cites is checked against the part's own statements.
_SCORING = re.compile(r"得分|扣分|满分")


def _half_unit(rate: re.Match) -> Decimal:
    """The rounding a stated rate allows; "达到100%" claims full execution, with none."""
    value = rate["value"]
    if rate["verb"] in ("达到", "达") and Decimal(value) == 100:
        return Decimal(0)
    places = len(value.split(".", 1)[1]) if "." in value else 0
    return Decimal(5).scaleb(-(places + 1))


def _conflict(first: re.Match, second: re.Match) -> bool:
    a, b = Decimal(first["value"]), Decimal(second["value"])
    if first["below"] and second["below"]:
        return False
    if first["below"]:
        return b >= a
    if second["below"]:
        return a >= b
    return abs(a - b) > _half_unit(first) + _half_unit(second)


@register
class ExecutionRateStatedTwice(Check):
    code = "DEDUCT-002"
    title = "同一项目的执行率前后不一"
    title_en = "The execution rate stated differently in one part"
    category = "narrative"
    why = ("同一项目（报告中同一个一级部分）的预算执行率在总结处写“达到100%”，在扣分原因处又写“执行率为99.65%”"
           "或“未达100%”：两处至少有一处不实，自评结论随之失据。")
    why_en = ("One project's budget execution rate is stated as 100% in its summary and as 99.65% (or below 100%) "
              "where a deduction is explained: at least one of them is wrong.")
    example_fail = ("# 某专项经费项目支出绩效评价报告\n（1）预算执行率：专项资金全年执行率达到100%；\n"
                    "2、资金管理的预算执行率指标满分3分，得分2分，扣分原因是：实际支出有偏差，执行率为96.37%。\n")
    example_pass = ("# 某专项经费项目支出绩效评价报告\n（1）预算执行率：专项资金全年执行率为96.37%；\n"
                    "2、资金管理的预算执行率指标满分3分，得分2分，扣分原因是：实际支出有偏差，执行率为96.37%。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for statements in _rates_by_region(facts).values():
            own = [(p, m) for p, m, scoring in statements if not scoring]
            for paragraph, cited in ((p, m) for p, m, scoring in statements if scoring):
                conflicting = next(((q, m) for q, m in own if _conflict(m, cited)), None)
                if conflicting:
                    yield self._report(*conflicting, paragraph, cited)
                    break

    def _report(self, block: Paragraph | Heading, first: re.Match, other_block: Paragraph | Heading,
                other: re.Match) -> Finding:
        here, there = _location(block, first), _location(other_block, other)
        return self.finding(
            "medium", f"第 {here.line} 行写“{first.group()}”，同一部分第 {there.line} 行写“{other.group()}”，执行率前后不一。",
            f"Line {here.line} states “{first.group()}”, line {there.line} of the same part “{other.group()}”.",
            [here, there], Evidence(stated=first.group(), expected=other.group()))


def _location(block: Paragraph | Heading, rate: re.Match) -> Location:
    if isinstance(block, Paragraph):
        return text_location(block, rate.start(), rate.end())
    return Location(line=block.line, section=block.section or None, quote=rate.group())


def _rates_by_region(facts: DocumentFacts) -> dict[int, list[tuple[Paragraph | Heading, re.Match, bool]]]:
    """Execution rates stated as results (in running text or in a numbered heading such as
    "（1）预算执行率：…100%"), per top-level part of the report, each marked as cited in a scoring
    sentence or not."""
    found: dict[int, list[tuple[Paragraph | Heading, re.Match, bool]]] = {}
    region = 0
    for block in facts.document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            region += 1
        if not isinstance(block, (Paragraph, Heading)):
            continue
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group()
            if _NOT_A_RESULT.search(text):
                continue
            scoring = bool(_SCORING.search(block.text[:sentence.end()].rsplit("\n", 1)[-1]))
            for m in _RATE.finditer(block.text, sentence.start(), sentence.end()):
                found.setdefault(region, []).append((block, m, scoring))
    return found

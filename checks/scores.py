"""Score checks: the sums, limits, rates, grades and rules of 绩效自评 score tables and of the text.

Scores are assigned numbers: an integer score is exact, so 99 against parts adding to 98 is an
error, not rounding; a score shown with decimals carries half a unit of its last decimal, and a
total shown with fewer decimals than its parts may have been rounded to its own last decimal.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Iterator

from reviewer.checks.base import Check, register
from reviewer.facts import DocumentFacts
from reviewer.facts.scores import (
    DEFAULT_SCALE, Figure, FundsRow, PartClaim, ScoreFacts, ScoreNode, ScoreRule, ScoreTable,
    TextBlock, comparable, grade_for, parse_rule,
)
from reviewer.findings import Deviation, Evidence, Finding, Location, deviation
from reviewer.numbers import Interval, Quantity, format_decimal, interval_sum, measures_in, parse_measure, percent_of

_TERMS_SHOWN = 12
_SUBJECT_SHOWN = 16
_SUSPECT_UNIT_RATIO = Decimal(100)   # an actual 100× off its target is a unit slip, not a miss
_ODD_FULL_MARKS_BELOW = Decimal(80)  # full 执行率 points below this rate is odd under any banding
_TARGET_OP_RE = re.compile(r"^\s*(?:≥|≤|>=|<=|=|＝|>|<|大于等于|小于等于|不低于|不高于|不少于|不超过|大于|小于|等于)\s*")


# --- shared helpers ------------------------------------------------------------------------------

def _interval(q: Quantity) -> Interval:
    """An integer score is exact; a score with decimals may be rounded to its last decimal."""
    return q.interval() if q.places else Interval.exact(q.value)


def _sum_deviation(stated: Quantity, parts: list[Quantity]) -> Deviation | None:
    total = Interval.exact(Decimal(0))
    for part in parts:
        total = total + _interval(part)
    finest = max((p.places for p in parts), default=0)
    probe = stated if stated.places < finest else replace(stated, places=stated.places + 2)
    return deviation(probe, total, places=max(stated.places, finest))


def _equal_deviation(stated: Quantity, expected: Quantity) -> Deviation | None:
    return _sum_deviation(stated, [expected])


def _n(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _terms(parts: list[Quantity]) -> str:
    shown = [_n(p.value) for p in parts[:_TERMS_SHOWN]]
    return "+".join(shown) + ("+…" if len(parts) > _TERMS_SHOWN else "")


def _where(table: ScoreTable, figure: Figure | None, row: str, line: int | None = None, quote: str = "") -> Location:
    return Location(line=figure.line if figure else line, section=table.tables[0].section or None,
                    table=table.label, row=row or None, column=(figure.column or None) if figure else None,
                    quote=(figure.quote if figure else quote) or None)


def _said(block: TextBlock, start: int, end: int) -> Location:
    line = block.line_at(start) if hasattr(block, "line_at") else block.line
    return Location(line=line, section=block.section or None, quote=block.text[start:end])


def _subject(claim: PartClaim) -> str:
    """How a sentence names its indicator, cut to its last words when the sentence runs long."""
    subject = claim.subject or "本部分"
    return subject if len(subject) <= _SUBJECT_SHOWN else "…" + subject[-_SUBJECT_SHOWN:]


def _key_name(key: str) -> tuple[str, str]:
    return ("分值", "weight") if key == "weight" else (key, "score" if key == "自评得分" else "audited score")


def _stated(node: ScoreNode, key: str) -> Figure | None:
    return node.stated_weight() if key == "weight" else node.stated_score(key)


def _effective(node: ScoreNode, key: str) -> list[Quantity] | None:
    """What a node contributes to its parent: its stated figure, else its children's."""
    figure = _stated(node, key)
    if figure is not None:
        return [figure.quantity]
    if not node.children:
        return None
    return _joined([_effective(c, key) for c in node.children])


def _leaves(node: ScoreNode, key: str) -> list[Quantity] | None:
    if not node.children:
        figure = _stated(node, key)
        return [figure.quantity] if figure is not None else None
    return _joined([_leaves(c, key) for c in node.children])


def _joined(groups: list[list[Quantity] | None]) -> list[Quantity] | None:
    if not groups or any(g is None for g in groups):
        return None
    return [q for g in groups for q in g]


def _table_for_claim(scores: ScoreFacts, region: int, text: str) -> ScoreTable | None:
    """The one score table a sentence speaks of: the only one in its report part, or the one its
    words name (部门整体 / the project's name)."""
    tables = [t for t in scores.tables_in(region) if t.total_scores]
    if len(tables) == 1:
        return tables[0]
    named = [t for t in tables if t.name and t.name in text]
    if len(named) == 1:
        return named[0]
    if "部门整体" in text:
        whole = [t for t in tables if "部门整体" in (t.title + t.name)]
        if len(whole) == 1:
            return whole[0]
    return None


# --- SCORE-001 ---------------------------------------------------------------------------------

@register
class ScoreSums(Check):
    code = "SCORE-001"
    title = "评分表分值或得分合计不符"
    title_en = "Score table weights or scores do not add up"
    category = "score"
    why = ("评分表中下级指标的分值、得分应当合计为上级指标和总分；合计不符说明有漏项、错填或加总错误，"
           "总分和评价等级因此不可信。")
    why_en = ("The weights and scores of sub-indicators must add up to their parent and to the total; a "
              "mismatch means an omitted item, a wrong entry or a wrong sum, and the total and grade are in doubt.")
    example_fail = (
        "项目支出绩效评价指标评分表\n"
        "一级指标\t分值\t得分\t二级指标\t分值\t得分\t三级指标\t分值\t得分\n"
        "决策\t20\t18\t项目立项\t10\t8\t立项依据充分性\t6\t5\n"
        "\t\t\t\t\t\t立项程序规范性\t4\t4\n"
        "\t\t\t绩效目标\t10\t9\t绩效目标合理性\t10\t9\n"
        "合计\t20\t18\t等级\t差\n"
    )
    example_pass = example_fail.replace("项目立项\t10\t8", "项目立项\t10\t9")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            if not table.reliable:
                continue
            keys = ["weight"] + table.score_keys
            for node in table.nodes():
                if node.children:
                    yield from self._report(table, node.label, [m for k in keys if (m := self._node(node, k))])
            yield from self._report(table, "总分", [m for k in keys if (m := self._total(table, k))])
            yield from self._label_weights(table)

    def _node(self, node: ScoreNode, key: str) -> tuple | None:
        stated = _stated(node, key)
        groups = [_effective(c, key) for c in node.children]
        parts = _joined(groups)
        if stated is None or parts is None:
            return None
        dev = _sum_deviation(stated.quantity, parts)
        leaves = _leaves(node, key)
        if dev is None or (leaves is not None and _sum_deviation(stated.quantity, leaves) is None):
            return None   # matches its leaves: the wrong figure is a child's, reported there
        if len(node.children) <= 3:
            terms = " + ".join(f"{c.label} {_terms(g)}" for c, g in zip(node.children, groups))
        else:
            terms = _terms(parts)
        return key, stated, parts, terms, dev

    def _total(self, table: ScoreTable, key: str) -> tuple | None:
        if table.total_line is None:
            return None
        stated = table.total_weight if key == "weight" else table.total_scores.get(key)
        parts = self._total_parts(table, key, leaves=False)
        if parts is None:
            return None
        if stated is None:
            if key != "weight" or table.kind != "project" or not table.total_scores:
                return None
            stated = Figure(Quantity(Decimal(100), "分", 0, "100"), table.total_line, table.total_quote, "总分值")
        dev = _sum_deviation(stated.quantity, parts)
        leaves = self._total_parts(table, key, leaves=True)
        if dev is None or (leaves is not None and _sum_deviation(stated.quantity, leaves) is None):
            return None
        return key, stated, parts, _terms(parts), dev

    def _report(self, table: ScoreTable, label: str, mismatches: list[tuple]) -> Iterator[Finding]:
        """One finding per row: its weight and its score may both be off."""
        if not mismatches:
            return
        zh_parts, en_parts = [], []
        items = "各项" if label == "总分" else "下级各项"
        for key, stated, parts, terms, _ in mismatches:
            zh, en = _key_name(key)
            total = _n(sum(p.value for p in parts))
            zh_parts.append(f"{zh} {stated.quote} ≠ {items}{zh}之和 {total}（{terms}）")
            en_parts.append(f"{en} {stated.quote} ≠ sum of its items {total} ({terms})")
        key, stated, _, terms, dev = mismatches[0]
        yield self.numeric(
            dev, f"{label}{_key_name(key)[0]} = {terms}",
            f"“{label}”" + "；".join(zh_parts) + "。", f"“{label}”: " + "; ".join(en_parts) + ".",
            [_where(table, m[1], label) for m in mismatches])

    def _total_parts(self, table: ScoreTable, key: str, leaves: bool) -> list[Quantity] | None:
        pick = _leaves if leaves else _effective
        parts = _joined([pick(r, key) for r in table.roots])
        if table.kind == "project" and parts is not None:
            funds = table.funds_total()
            figure = funds.figures.get("weight" if key == "weight" else "score") if funds else None
            if figure is None:
                return None
            parts.append(figure.quantity)
        return parts

    def _label_weights(self, table: ScoreTable) -> Iterator[Finding]:
        """"投入（20分）" beside a 小计 or 分值 cell that says otherwise."""
        for node in table.nodes():
            cell = node.subtotal_weight or node.weight
            if node.label_weight is None or cell is None:
                continue
            dev = _equal_deviation(cell.quantity, node.label_weight.quantity)
            if dev is not None:
                yield self.numeric(
                    dev, f"{node.label}分值 = 标签所注 {_n(node.label_weight.value)}",
                    f"“{node.label}”分值 {_n(cell.value)} 与其标签所注“{node.label_weight.quantity.text}”不符。",
                    f"“{node.label}” weight {_n(cell.value)} differs from its label’s {node.label_weight.quantity.text}.",
                    [_where(table, cell, node.label), _where(table, node.label_weight, node.label)])


# --- SCORE-002 ---------------------------------------------------------------------------------

@register
class ScoreAboveWeight(Check):
    code = "SCORE-002"
    title = "得分高于分值"
    title_en = "Score above its weight"
    category = "score"
    why = "一项指标的得分不能超过它的分值（满分）；超出说明得分或分值填错，总分随之虚高。"
    why_en = "No indicator can score more than its weight; a higher score is a wrong entry and inflates the total."
    example_fail = (
        "部门整体支出绩效评价指标及评分表\n"
        "一级指标\t二级指标\t三级指标\t分值\t自评得分\n"
        "投入（6分）\t预算配置（6分）\t在职人员控制率\t3\t4\n"
        "\t\t“三公经费”变动率\t3\t2\n"
        "总分\t\t\t6\t6\n"
    )
    example_pass = example_fail.replace("在职人员控制率\t3\t4", "在职人员控制率\t3\t3").replace(
        "总分\t\t\t6\t6", "总分\t\t\t6\t5")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            for node in table.nodes():
                for key in table.score_keys:
                    yield from self._pair(table, node.label, node.stated_weight(), node.stated_score(key))
            funds = table.funds_total()
            if funds is not None:
                yield from self._pair(table, "预算执行率", funds.figures.get("weight"), funds.figures.get("score"))
            for key, score in table.total_scores.items():
                yield from self._pair(table, "总分", table.total_weight, score)
        for claim in facts.scores.parts:
            if claim.score.value > claim.full.value:
                yield self.finding(
                    "high",
                    f"“{_subject(claim)}”得{_n(claim.score.value)}分，高于其满分{_n(claim.full.value)}分。",
                    f"“{_subject(claim)}” scores {_n(claim.score.value)}, above its maximum of {_n(claim.full.value)}.",
                    [_said(claim.block, claim.start, claim.end)],
                    Evidence(stated=_n(claim.score.value), expected=f"≤ {_n(claim.full.value)}",
                             difference=_n(claim.score.value - claim.full.value), formula="得分 ≤ 满分"))

    def _pair(self, table: ScoreTable, label: str, weight: Figure | None, score: Figure | None) -> Iterator[Finding]:
        if weight is None or score is None or score.value <= weight.value:
            return
        yield self.finding(
            "high",
            f"“{label}”{score.column or '得分'} {_n(score.value)} 高于其分值 {_n(weight.value)}。",
            f"“{label}” score {_n(score.value)} is above its weight {_n(weight.value)}.",
            [_where(table, score, label), _where(table, weight, label)],
            Evidence(stated=_n(score.value), expected=f"≤ {_n(weight.value)}",
                     difference=_n(score.value - weight.value), formula="得分 ≤ 分值"))


# --- SCORE-003 ---------------------------------------------------------------------------------

@register
class ExecutionRate(Check):
    code = "SCORE-003"
    title = "预算执行率与执行数、预算数不符"
    title_en = "Budget execution rate does not match spending over budget"
    category = "ratio"
    why = "自评表的执行率应等于全年执行数 ÷ 全年预算数 × 100%（按所示位数四舍五入）；不符时执行率得分的依据就不成立。"
    why_en = ("The execution rate must equal full-year spending ÷ full-year budget × 100 within the rounding "
              "of the figures shown; otherwise the execution-rate score rests on a wrong figure.")
    example_fail = (
        "项目支出绩效自评表\n"
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
        "\t年度资金总额\t80.00\t80.00\t72.00\t10\t92.50\t9.25\n"
    )
    example_pass = example_fail.replace("92.50\t9.25", "90.00\t9.00")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            for row in table.funds:
                yield from self._row(table, row)

    def _row(self, table: ScoreTable, row: FundsRow) -> Iterator[Finding]:
        rate, budget, spent = (row.figures.get(k) for k in ("rate", "budget", "executed"))
        if rate is None or budget is None or spent is None or budget.value <= 0:
            return
        dev = deviation(rate.quantity, percent_of(spent.quantity, budget.quantity))
        initial = row.figures.get("budget_initial")
        if dev is None or (initial is not None and initial.value > 0
                           and deviation(rate.quantity, percent_of(spent.quantity, initial.quantity)) is None):
            return   # matches the rate on the 年初 budget: a choice of base, not an error
        formula = f"{spent.quantity.text} / {budget.quantity.text} × 100"
        yield self.numeric(
            dev, formula,
            f"“{row.label}”执行率 {rate.quantity.text}% ≠ 全年执行数 / 全年预算数 × 100 = "
            f"{format_decimal(dev.expected, 2)}%（{formula}）。",
            f"“{row.label}” execution rate {rate.quantity.text}% ≠ spending / budget × 100 = "
            f"{format_decimal(dev.expected, 2)}% ({formula}).",
            [_where(table, rate, row.label), _where(table, spent, row.label), _where(table, budget, row.label)],
            unit="%")


# --- SCORE-008 ---------------------------------------------------------------------------------

_FUND_COLUMNS = {"budget_initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


@register
class FundSources(Check):
    code = "SCORE-008"
    title = "年度资金总额与其中各项资金之和不符"
    title_en = "Annual funds total does not equal its sources"
    category = "arithmetic"
    why = ("自评表的年度资金总额等于其下各项资金来源之和（“其中：当年财政拨款、上年结转资金、其他资金”，年初预算数、全年预算数、"
           "全年执行数各列分别相加）；不等说明总额或某一来源填错，执行率和得分也就无从核对。空着的来源按0计。")
    why_en = ("The annual funds total of a project self-evaluation table equals the sum of its sources (当年财政拨款, "
              "上年结转资金, 其他资金), column by column; a source left blank counts as zero.")
    example_fail = (
        "项目支出绩效自评表\n"
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
        "\t年度资金总额\t80.00\t80.00\t72.00\t10\t90.00\t9.00\n"
        "\t其中：当年财政拨款\t70.00\t70.00\t62.00\t—\t\t—\n\t上年结转资金\t\t\t\t—\t\t—\n"
        "\t其他资金\t5.00\t5.00\t5.00\t—\t\t—\n"
    )
    example_pass = example_fail.replace("5.00\t5.00\t5.00", "10.00\t10.00\t10.00")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            if not table.reliable:
                continue
            for key, total, sources in table.fund_sources():
                dev = deviation(total.quantity, interval_sum(s.quantity for s in sources))
                if dev is None:
                    continue
                column = _FUND_COLUMNS[key]
                formula = " + ".join(s.quantity.text for s in sources)
                yield self.numeric(
                    dev, formula,
                    f"年度资金总额的{column}为 {total.quantity.text}，其中各项资金之和应为 "
                    f"{format_decimal(dev.expected, dev.places)}（{formula}）。",
                    f"The funds total's {key} is {total.quantity.text}; its sources add up to "
                    f"{format_decimal(dev.expected, dev.places)} ({formula}).",
                    [_where(table, total, "年度资金总额"), *(_where(table, s, "") for s in sources)],
                    unit=total.quantity.unit)


# --- SCORE-004 ---------------------------------------------------------------------------------

@register
class GradeMatchesTotal(Check):
    code = "SCORE-004"
    title = "评价等级与总分不符"
    title_en = "Grade does not match the total score"
    category = "score"
    why = ("评价等级由总分决定（默认 优≥90、良80–90、中60–80、差<60，文件自己写明的分档优先）；"
           "等级与总分不符，结论就自相矛盾。")
    why_en = ("The grade follows from the total (by default 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60; a scale the "
              "document states wins); a grade that does not fit its total contradicts it.")
    example_fail = (
        "项目支出绩效自评表\n"
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
        "\t年度资金总额\t50.00\t50.00\t50.00\t10\t100.00\t10\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t培训人数\t≥200人\t150人\t90\t75\t部分学员未到\n"
        "总分\t\t\t\t\t\t100\t85\n"
        "评价等级\t优 (S≥90)\n"
    )
    example_pass = example_fail.replace("评价等级\t优 (S≥90)", "评价等级\t良")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            total = next(iter(table.total_scores.values()), None)
            if table.grade is None or total is None:
                continue
            expected = grade_for(total.value, table.grade.scale)
            if expected and expected != table.grade.grade:
                yield self._mismatch(table.grade.text, total.value, expected, table.grade.scale,
                                     [_where(table, None, "评价等级", table.grade.line, table.grade.text),
                                      _where(table, total, "总分")])
        for claim in facts.scores.totals:
            if claim.grade is None or claim.grade_span is None:
                continue
            expected = grade_for(claim.score.value, self._scale(facts.scores, claim.region, claim.sentence))
            if expected and expected != claim.grade:
                start, end = claim.grade_span
                yield self._mismatch(claim.block.text[start:end], claim.score.value, expected,
                                     self._scale(facts.scores, claim.region, claim.sentence),
                                     [_said(claim.block, min(claim.start, start), max(claim.end, end))])

    def _scale(self, scores: ScoreFacts, region: int, text: str) -> dict:
        table = _table_for_claim(scores, region, text)
        return table.grade.scale if table is not None and table.grade is not None else DEFAULT_SCALE

    def _mismatch(self, stated: str, total: Decimal, expected: str, scale: dict, where: list[Location]) -> Finding:
        lo, hi = scale[expected]
        band = f"{_n(lo) if lo is not None else ''}≤S{'<' + _n(hi) if hi is not None else ''}"
        return self.finding(
            "medium",
            f"评价等级“{stated}”与总分 {_n(total)} 不符：按分档（{expected}：{band}）应为“{expected}”。",
            f"Grade “{stated}” does not fit the total {_n(total)}: the scale gives “{expected}” ({band}).",
            where, Evidence(stated=stated, expected=expected, formula=f"{expected}：{band}"))


# --- SCORE-005 ---------------------------------------------------------------------------------

@register
class MissedTargetFullMarks(Check):
    code = "SCORE-005"
    title = "未完成年度指标值却得满分"
    title_en = "Full marks for a missed target"
    category = "score"
    why = "实际完成值未达到年度指标值（按 ≥、≤、= 的方向）时应当扣分或说明理由；照给满分会抬高总分和等级。"
    why_en = ("An actual value worse than the target (respecting ≥, ≤, =) should lose points or be explained; "
              "full marks inflate the total and the grade.")
    example_fail = (
        "项目支出绩效自评表\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t质量指标\t验收合格率\t≥98%\t93%\t20\t20\t\n"
        "\t\t数量指标\t维修路段数\t≥12个\t12个\t20\t20\t\n"
    )
    example_pass = example_fail.replace("≥98%\t93%\t20\t20", "≥98%\t93%\t20\t19")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table in facts.scores.tables:
            if table.kind != "project":
                continue
            for node in table.leaves():
                yield from self._row(table, node)

    def _row(self, table: ScoreTable, node: ScoreNode) -> Iterator[Finding]:
        score = next(iter(node.scores.values()), None)
        if node.target is None or node.actual is None or node.weight is None or score is None:
            return
        if node.weight.value <= 0 or score.value < node.weight.value:
            return
        target = parse_measure(_TARGET_OP_RE.sub("", node.target_text))
        scale = comparable(target, node.actual) if target is not None else None
        if scale is None or not _missed(node.target.op, *scale, node.actual):
            return
        explained = bool(node.note.strip("—-/ 无"))
        yield self.finding(
            "low" if explained or node.target.op == "=" else "medium",
            f"“{node.label}”年度指标值 {node.target_text}，实际完成值 {node.actual_quote}，未达到目标却得满分"
            f"（{_n(score.value)}/{_n(node.weight.value)}）。",
            f"“{node.label}”: target {node.target_text}, actual {node.actual_quote}: the target was missed yet "
            f"the indicator has full marks ({_n(score.value)}/{_n(node.weight.value)}).",
            [_where(table, None, node.label, node.actual_line, node.actual_quote), _where(table, score, node.label)],
            Evidence(stated=_n(score.value), expected=f"< {_n(node.weight.value)}",
                     formula=f"实际完成值 {node.actual_quote} 未满足 {node.target_text}"))


def _missed(op: str, target: Decimal, actual: Decimal, measure: Quantity) -> bool:
    if target and not (target / _SUSPECT_UNIT_RATIO <= abs(actual) <= target * _SUSPECT_UNIT_RATIO):
        return False
    span = measure.interval()
    scaled = Interval(span.lo * (actual / measure.value), span.hi * (actual / measure.value)) if measure.value else span
    return {">=": scaled.hi < target, ">": scaled.hi <= target, "<=": scaled.lo > target, "<": scaled.lo >= target,
            "=": not (scaled.lo <= target <= scaled.hi)}[op]


# --- SCORE-006 ---------------------------------------------------------------------------------

@register
class ScoreFollowsRule(Check):
    code = "SCORE-006"
    title = "得分不符合文件所述计分规则"
    title_en = "Score does not follow the document's own scoring rule"
    category = "score"
    why = ("文件写明了计分办法（按比例计分、每少1个百分点扣1分、分档计分）时，得分应能按该办法由实际值算出；"
           "算不出说明评分随意或数据有误。未写明办法的预算执行率得分只在明显反常时提出疑问。")
    why_en = ("Where the document states how an indicator is scored (in proportion, per point short, in bands), "
              "the score must follow from the actual value; an execution-rate score with no stated rule is only "
              "questioned when clearly odd.")
    example_fail = (
        "项目支出绩效自评表\n"
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
        "\t年度资金总额\t40.00\t40.00\t36.00\t10\t90.00\t10\n"
        "注：预算执行率得分＝预算执行率×分值。\n"
    )
    example_pass = example_fail.replace("90.00\t10\n", "90.00\t9\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        scores = facts.scores
        for table in scores.tables:
            yield from self._funds(table)
            for node in table.nodes():
                yield from self._row(scores, table, node)
        for block, rule, start, end in scores.rule_blocks:
            yield from self._sentence(scores, block, rule, start, end)

    def _funds(self, table: ScoreTable) -> Iterator[Finding]:
        funds = table.funds_total()
        figures = funds.figures if funds else {}
        rate, weight, score = figures.get("rate"), figures.get("weight"), figures.get("score")
        if rate is None or weight is None or score is None:
            return
        rule = table.funds_rule()
        where = [_where(table, score, "预算执行率"), _where(table, rate, "预算执行率")]
        if rule is not None:
            yield from self._judge(rule, [rate.value], weight.value, score.quantity, "预算执行率", where)
        elif score.value >= weight.value and rate.value < _ODD_FULL_MARKS_BELOW:
            yield self.finding(
                "low",
                f"执行率仅 {rate.quantity.text}% 却得满分 {_n(score.value)}/{_n(weight.value)}，文件未写明执行率计分办法，请核实。",
                f"Full execution-rate marks ({_n(score.value)}/{_n(weight.value)}) at a rate of only "
                f"{rate.quantity.text}%; the document states no rule for this score — please confirm.",
                where, Evidence(stated=_n(score.value), formula="未写明计分办法"), confidence=0.5)

    def _row(self, scores: ScoreFacts, table: ScoreTable, node: ScoreNode) -> Iterator[Finding]:
        weight, score = node.stated_weight(), next(iter(node.scores.values()), None)
        rule = parse_rule(node.rule_text) if node.rule_text and weight and score else None
        if rule is None or node.children:
            return
        measured = _measured(node.note + "。" + node.rule_text, rule)
        where = [_where(table, score, node.label)]
        stated_rate = scores.rate_in(table.region) if "执行率" in node.label else None
        if not measured and stated_rate is not None:   # the rate the same report part states
            measured = [stated_rate.value]
            where.append(_said(stated_rate.block, stated_rate.start, stated_rate.end))
        yield from self._judge(rule, measured, weight.value, score.quantity, node.label, where)

    def _sentence(self, scores: ScoreFacts, block: TextBlock, rule: ScoreRule, start: int, end: int) -> Iterator[Finding]:
        claim = next((c for c in scores.parts if c.block is block and c.start >= start), None)
        if claim is None:
            return
        text = block.text[:start] + " " * (end - start) + block.text[end:]
        text = text[:claim.start] + " " * (claim.end - claim.start) + text[claim.end:]
        yield from self._judge(rule, _measured(text, rule), claim.full.value, claim.score, _subject(claim),
                               [_said(block, claim.start, claim.end), _said(block, start, end)])

    def _judge(self, rule: ScoreRule, measured: list[Decimal], weight: Decimal, stated: Quantity, label: str,
               where: list[Location]) -> Iterator[Finding]:
        """Flag only when no reading of the rule, for no candidate actual value, gives the stated score."""
        missed = None
        for value in measured:
            expected = rule.expected(value, weight)
            if expected is None:
                continue
            if _allowed(stated, expected):
                return
            missed = missed or (value, expected)
        if missed is None:
            return
        value, expected = missed
        shown = (f"{expected.mid.quantize(Decimal('0.01'), ROUND_HALF_UP)}" if isinstance(expected, Interval)
                 else "或".join(_n(e) for e in expected))
        yield self.finding(
            "medium",
            f"“{label}”得分 {stated.text} 不符合文件所述计分办法“{rule.text.strip()[:60]}”："
            f"按实际值 {_n(value)} 应得 {shown} 分。",
            f"“{label}” scores {stated.text}, but the document’s own rule gives {shown} for the actual value "
            f"{_n(value)}.",
            where, Evidence(stated=stated.text, expected=shown, formula=rule.text.strip()[:80]))


def _allowed(stated: Quantity, expected: list[Decimal] | Interval) -> bool:
    """A proportional score shown as an integer may be rounded or cut to the integer; else it must match."""
    if not isinstance(expected, Interval):
        return stated.value in expected
    if stated.places == 0:
        return (expected.lo.to_integral_value(ROUND_FLOOR) <= stated.value
                <= expected.hi.to_integral_value(ROUND_HALF_UP))
    return deviation(stated, expected) is None


def _measured(text: str, rule: ScoreRule) -> list[Decimal]:
    """Candidate actual values in a cell or sentence: numbers in the rule's unit, not the rule's own
    bounds and not a formula's "×100%"."""
    own = {rule.threshold, rule.step} | {b.bound for b in rule.bands} | {b.upper for b in rule.bands}
    found = []
    for measure in measures_in(text):
        if measure.start and text[measure.start - 1] in "×*xX":
            continue
        if measure.value in own or not _same_unit(measure, rule.unit):
            continue
        found.append(measure.value)
    return list(dict.fromkeys(found))


def _same_unit(measure: Quantity, unit: str) -> bool:
    if unit in ("%", ""):
        return measure.unit == "%"
    return measure.unit == unit


# --- SCORE-007 ---------------------------------------------------------------------------------

@register
class NarrativeScores(Check):
    code = "SCORE-007"
    title = "正文所述得分与评分表或自身不一致"
    title_en = "Scores stated in the text disagree with the table or with themselves"
    category = "score"
    why = ("报告正文复述的总分、各部分得分应与评分表一致，并且自身相符（满分 − 扣分 = 得分，"
           "分项之和 = 所在部分的分数）；不一致时读者无法判断哪个数字可信。")
    why_en = ("The total and part scores the text restates must agree with the score table and with "
              "themselves (maximum − deduction = score; parts add up to their section).")
    example_fail = (
        "三、自评结论\n"
        "本部门整体支出绩效自评得分92分，评价等级为优。\n"
        "部门整体支出绩效评价指标及评分表\n"
        "一级指标\t二级指标\t三级指标\t分值\t自评得分\n"
        "投入（50分）\t预算配置（50分）\t在职人员控制率\t50\t45\n"
        "产出（50分）\t产出数量（50分）\t培训完成率\t50\t45\n"
        "总分\t\t\t100\t90\n"
    )
    example_pass = example_fail.replace("自评得分92分", "自评得分90分")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        scores = facts.scores
        for claim in scores.totals:
            yield from self._total(scores, claim)
        for claim in scores.parts:
            yield from self._deduction(claim)
            if claim.children:
                yield from self._sections(claim)
            yield from self._against_table(scores, claim)
        for listed in scores.lists:
            yield from self._list(scores, listed)

    def _total(self, scores: ScoreFacts, claim) -> Iterator[Finding]:
        table = _table_for_claim(scores, claim.region, claim.sentence)
        total = next(iter(table.total_scores.values()), None) if table else None
        if total is None:
            return
        dev = _equal_deviation(claim.score, total.quantity)
        if dev is not None:
            yield self.numeric(
                dev, f"评分表总分 {total.quote}",
                f"正文所述得分 {_n(claim.score.value)} 分与评分表总分 {_n(total.value)} 不符。",
                f"The text states a score of {_n(claim.score.value)}, the score table’s total is {_n(total.value)}.",
                [_said(claim.block, claim.start, claim.end), _where(table, total, "总分")])

    def _deduction(self, claim: PartClaim) -> Iterator[Finding]:
        if claim.deducted is None:
            return
        expected = claim.full.value - claim.deducted.value
        dev = _equal_deviation(claim.score, replace(claim.full, value=expected))
        if dev is not None:
            yield self.numeric(
                dev, f"{_n(claim.full.value)} − {_n(claim.deducted.value)}",
                f"“{_subject(claim)}”满分 {_n(claim.full.value)} 分、扣 {_n(claim.deducted.value)} 分，应得 "
                f"{_n(expected)} 分，文中为 {_n(claim.score.value)} 分。",
                f"“{_subject(claim)}”: maximum {_n(claim.full.value)} less {_n(claim.deducted.value)} is "
                f"{_n(expected)}, the text says {_n(claim.score.value)}.",
                [_said(claim.block, claim.start, claim.end)])

    def _sections(self, claim: PartClaim) -> Iterator[Finding]:
        fulls = [c.full for c in claim.children]
        got = [c.score for c in claim.children]
        full_dev, score_dev = _sum_deviation(claim.full, fulls), _sum_deviation(claim.score, got)
        if full_dev is None and score_dev is None:
            return
        full_sum, score_sum = sum(q.value for q in fulls), sum(q.value for q in got)
        where = [_said(claim.block, claim.start, claim.end)] + [_said(c.block, c.start, c.end) for c in claim.children[:3]]
        name = _subject(claim)
        if full_dev is not None and claim.full.value - full_sum == claim.score.value - score_sum > 0:
            gap = claim.full.value - full_sum
            yield self.finding(
                "low",
                f"“{name}”满分 {_n(claim.full.value)} 分、得 {_n(claim.score.value)} 分，但其下列出的 {len(fulls)} 项"
                f"满分合计 {_n(full_sum)} 分（{_terms(fulls)}）、得分合计 {_n(score_sum)} 分，各少 {_n(gap)} 分，"
                f"似漏列一项满分 {_n(gap)} 分的指标。",
                f"“{name}” is stated as {_n(claim.score.value)}/{_n(claim.full.value)}, but the {len(fulls)} items "
                f"listed under it add up to {_n(score_sum)}/{_n(full_sum)}: an item worth {_n(gap)} seems left out.",
                where, Evidence(stated=f"{_n(claim.score.value)}/{_n(claim.full.value)}",
                                expected=f"{_n(score_sum)}/{_n(full_sum)}", difference=_n(gap),
                                formula=f"满分 {_terms(fulls)}；得分 {_terms(got)}"))
            return
        for dev, stated, parts, zh, en in ((full_dev, claim.full, fulls, "满分", "maximum"),
                                           (score_dev, claim.score, got, "得分", "score")):
            if dev is not None:
                yield self.numeric(
                    dev, f"{name}{zh} = {_terms(parts)}",
                    f"“{name}”{zh} {_n(stated.value)} 分 ≠ 其下各项{zh}之和 {_n(sum(p.value for p in parts))} 分"
                    f"（{_terms(parts)}）。",
                    f"“{name}” {en} {_n(stated.value)} ≠ sum of the items listed under it "
                    f"{_n(sum(p.value for p in parts))} ({_terms(parts)}).", where)

    def _against_table(self, scores: ScoreFacts, claim: PartClaim) -> Iterator[Finding]:
        """A part score the text gives for an indicator the region's one table also scores."""
        tables = [t for t in scores.tables_in(claim.region) if t.kind == "tree"]
        if len(tables) != 1 or not claim.subject:
            return
        table = tables[0]
        named = [n for n in table.nodes() if len(n.label) >= 3 and n.label in claim.subject]
        longest = max((len(n.label) for n in named), default=0)
        matches = [n for n in named if len(n.label) == longest]
        if len(matches) != 1:
            return
        node = matches[0]
        weight, score = node.stated_weight(), next(iter(node.scores.values()), None) or node.stated_score("自评得分")
        if weight is None or score is None or weight.value != claim.full.value:
            return
        dev = _equal_deviation(claim.score, score.quantity)
        if dev is not None:
            yield self.numeric(
                dev, f"评分表“{node.label}”得分 {score.quote}",
                f"正文称“{node.label}”满分 {_n(claim.full.value)} 分、得 {_n(claim.score.value)} 分，"
                f"评分表中该项得分为 {_n(score.value)} 分。",
                f"The text gives “{node.label}” {_n(claim.score.value)}/{_n(claim.full.value)}; the score table "
                f"gives {_n(score.value)}.",
                [_said(claim.block, claim.start, claim.end), _where(table, score, node.label)])

    def _list(self, scores: ScoreFacts, listed) -> Iterator[Finding]:
        parts = [q for _, q in listed.parts]
        dev = _sum_deviation(listed.total, parts)
        word = "得分" if listed.kind == "score" else "扣分"
        if dev is not None:
            yield self.numeric(
                dev, f"{_terms(parts)}",
                f"所列各项{word}之和 {_n(sum(p.value for p in parts))} 分（{_terms(parts)}）≠ 文中合计 "
                f"{_n(listed.total.value)} 分。",
                f"The listed {'scores' if listed.kind == 'score' else 'deductions'} add up to "
                f"{_n(sum(p.value for p in parts))} ({_terms(parts)}), not the stated {_n(listed.total.value)}.",
                [_said(listed.block, listed.start, listed.end)])
        if listed.kind != "deduction":
            return
        table = _table_for_claim(scores, listed.region, listed.block.text)
        total = next(iter(table.total_scores.values()), None) if table else None
        if total is None or table.total_weight is None:
            return
        lost = replace(total.quantity, value=table.total_weight.value - total.value)
        dev = _equal_deviation(listed.total, lost)
        if dev is not None:
            yield self.numeric(
                dev, f"{_n(table.total_weight.value)} − {_n(total.value)}",
                f"正文称共扣 {_n(listed.total.value)} 分，评分表总分 {_n(total.value)}/{_n(table.total_weight.value)} "
                f"意味着扣 {_n(lost.value)} 分。",
                f"The text says {_n(listed.total.value)} points were lost; the table’s total "
                f"{_n(total.value)}/{_n(table.total_weight.value)} means {_n(lost.value)}.",
                [_said(listed.block, listed.start, listed.end), _where(table, total, "总分")])

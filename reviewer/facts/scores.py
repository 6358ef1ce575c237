"""Score facts: what a 绩效自评 report asserts about weights (分值), scores (得分), grades and its own rules.

Three shapes carry scores:
- indicator score tables (部门整体 or 项目 评分表): 一级/二级/三级 label columns, a parent's weight in its
  label ("投入（20分）") or in its own 分值/得分 columns, 小计 rows, a 总分/合计 row;
- 项目支出/专项资金绩效自评表: a funds block (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分)
  and flat indicator rows (年度指标值, 实际完成值, 指标分值, 自评得分, 偏差原因), then 总分 and 评价等级;
- sentences: "满分30分，得28分", "扣2分得1分", "自评得分95分，评价等级为优", "A得4分、B得12分…总得分90分".
Columns are found by their header words, never by position; a page break that splits a table (the
header repeated, a title line between) is stitched back into one logical table. Rows whose cells do
not fit their header (a label where a number belongs) are kept apart: a table with such rows is not
trusted for sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Literal, Union

from reviewer.document import Cell, Document, Heading, Paragraph, Table
from reviewer.facts.table_cells import squash
from reviewer.numbers import Interval, Quantity, Target, ascii_digits, parse_cell, parse_measure, parse_target
from reviewer.vocabulary import alternation, operators

TextBlock = Union[Paragraph, Heading]
NUM = r"\d+(?:\.\d+)?"

def comparable(target: Quantity, actual: Quantity) -> tuple[Decimal, Decimal] | None:
    """Target and actual on one scale, or None when their units cannot be compared with confidence.

    A bare actual takes the target's unit; a percentage and a bare number in a % indicator are the
    same scale unless the bare number looks like a fraction (0.98 against 95%)."""
    if not actual.unit or not target.unit:
        if target.is_percent and actual.value <= 1 < target.value:
            return None
        return target.value, actual.value
    (t, tu), (a, au) = target.base(), actual.base()
    if tu == au:
        return t, a
    return None


# --- the rules a document states for a score --------------------------------------------------

_OP_OF = operators()
_OP_ALT = alternation(list(_OP_OF))
_RULE_UNIT = r"个百分点|%|万人次|万人|万元|亿元|元|人次|家次|个|人|家|次|项|件|册|期|亩|户"
_FULL_RE = re.compile(
    rf"(?P<op>{_OP_ALT})?(?:目标(?:值)?(?:为)?)?[（(]?(?:目标值为)?(?P<op2>{_OP_ALT})?(?P<num>{NUM})(?P<unit>{_RULE_UNIT})?"
    rf"[）)]?(?:[（(]含[）)])?(?P<suffix>及以上|以上|及以下|以下)?的?(?:，|,)?(?:得|计)满分")
_TARGET_RE = re.compile(rf"目标(?:值)?(?:为)?[（(]?(?P<op>{_OP_ALT})?(?P<num>{NUM})(?P<unit>{_RULE_UNIT})?")
_FULL_WORDS_RE = re.compile(r"(?:达到|完成|达标)(?:目标)?的?(?:得|计)满分")
# "每少1个百分点扣1分", "少10%扣1分": a step; "低于80%的扣1分" is a threshold with one fixed deduction.
_PER_STEP_RE = re.compile(
    rf"(?:每(?P<dir>少|低于|低|减少|多|高于|高|超过|超|增加)|(?P<dir2>少|减少|多|增加|低(?!于)|高(?!于)))"
    rf"(?P<step>{NUM})(?P<unit>个百分点|%|{_RULE_UNIT})?(?:的)?[，,]?扣(?:除)?(?P<pts>{NUM})分")
_FIXED_RE = re.compile(rf"(?P<dir>低于|未达到|未完成|超过|高于|不足)(?:{NUM}(?:{_RULE_UNIT})?)?的?[，,]?扣(?P<pts>{NUM})分")
_BAND_RANGE_RE = re.compile(
    rf"(?P<lo>{NUM})(?:{_RULE_UNIT})?(?P<incl>[（(]含[）)])?(?:至|~|～|－|-|到)(?P<hi>{NUM})(?:{_RULE_UNIT})?(?:[（(]不含[）)])?的?(?:得|计)(?P<pts>{NUM})分")
_BAND_EDGE_RE = re.compile(
    rf"(?P<pre>{_OP_ALT})?(?P<b>{NUM})(?:{_RULE_UNIT})?(?P<suffix>[（(]含[）)]以上|及以上|以上|以下|及以下)?的?(?:，|,)?(?:计|得)(?P<pts>{NUM}|满)分")
_PROPORTIONAL_RE = re.compile(r"按比例(?:计分|得分|计算|扣分)|[×*xX]\s*(?:指标)?分值|乘以(?:指标)?分值")
_LATEX_OPS_RE = re.compile(r"\$?\\(?:geq|leq|ge|le)\$?")


@dataclass(frozen=True)
class Band:
    op: str          # how the measured value compares with the bound to fall in this band
    bound: Decimal
    points: Decimal | None   # None: full marks
    upper: Decimal | None = None   # a closed range lo（含）–hi: measured in [bound, upper)


@dataclass(frozen=True)
class ScoreRule:
    """A scoring rule the document states, in a form the tool can evaluate."""

    text: str
    kind: Literal["proportional", "deduction", "fixed", "bands"]
    unit: str = ""
    threshold: Decimal | None = None    # where full marks begin
    full_op: str = ">="                 # measured `full_op` threshold → full marks
    step: Decimal | None = None         # per-step deduction: every `step` short costs `points`
    step_unit: str = ""
    points: Decimal | None = None
    bands: tuple[Band, ...] = ()

    def expected(self, measured: Decimal, weight: Decimal) -> list[Decimal] | Interval | None:
        """The scores this rule allows for a measured value, or None when the rule does not say."""
        if self.kind == "bands":
            return self._banded(measured, weight)
        if self.threshold is not None and _compare(measured, self.full_op, self.threshold):
            return [weight]
        if self.kind == "proportional":
            return Interval.exact(measured).scale(weight / 100) if self.unit in ("%", "") else None
        if self.threshold is None:
            return None
        if self.kind == "fixed":
            return [max(Decimal(0), weight - self.points)]
        return self._per_step(measured, weight)

    def _banded(self, measured: Decimal, weight: Decimal) -> list[Decimal] | None:
        for band in self.bands:
            inside = (band.bound <= measured < band.upper) if band.upper is not None else _compare(
                measured, band.op, band.bound)
            if inside:
                return [weight if band.points is None else band.points]
        return None

    def _per_step(self, measured: Decimal, weight: Decimal) -> list[Decimal]:
        gap = abs(self.threshold - measured)
        gaps = []
        if self.step_unit == "个百分点" or (self.step_unit == "%" and self.unit == "%"):
            gaps.append(gap)
        if self.step_unit == "%" and self.threshold:
            gaps.append(gap / self.threshold * 100)   # "少10%" read as a tenth of the target
        if self.step_unit not in ("%", "个百分点"):
            gaps.append(gap)
        scores = set()
        for g in gaps:
            steps = g / self.step
            for n in (steps.to_integral_value(ROUND_FLOOR), steps.to_integral_value(ROUND_CEILING), steps):
                scores.add(max(Decimal(0), weight - n * self.points).quantize(Decimal("0.01")))
        return sorted(scores)


def _compare(value: Decimal, op: str, bound: Decimal) -> bool:
    return {">=": value >= bound, ">": value > bound, "<=": value <= bound, "<": value < bound,
            "=": value == bound}[op]


def _suffix_op(suffix: str | None, default: str) -> str:
    if not suffix:
        return default
    return "<=" if "以下" in suffix else ">="


def parse_rule(text: str) -> ScoreRule | None:
    """The scoring rule in a sentence or cell, when it is one the tool can read; None otherwise."""
    raw = _LATEX_OPS_RE.sub(lambda m: "≥" if "g" in m.group() else "≤", ascii_digits(text))
    raw = raw.replace(" ", "").replace("　", "")
    if len({m["num"] for m in _TARGET_RE.finditer(raw)}) > 1:
        return None   # two different targets in one rule (a template copied over): no single reading
    bands = _bands(raw)
    if bands:
        return ScoreRule(text=text, kind="bands", bands=bands)
    full = _FULL_RE.search(raw)
    target = _TARGET_RE.search(raw)
    step = _PER_STEP_RE.search(raw)
    fixed = _FIXED_RE.search(raw)
    proportional = _PROPORTIONAL_RE.search(raw)
    threshold, unit, op = None, "", None
    if full:
        threshold, unit = Decimal(full["num"]), full["unit"] or ""
        op = _OP_OF.get(full["op2"] or full["op"] or "") or (_suffix_op(full["suffix"], "") or None)
    elif target and (_FULL_WORDS_RE.search(raw) or step or fixed):
        threshold, unit = Decimal(target["num"]), target["unit"] or ""
        op = _OP_OF.get(target["op"] or "")
    shortfall = step or fixed
    if op is None and shortfall:
        direction = shortfall["dir"] or shortfall.groupdict().get("dir2")
        op = ">=" if direction in ("少", "低于", "低", "减少", "未达到", "未完成", "不足") else "<="
    op = op or ">="
    if proportional:
        return ScoreRule(text=text, kind="proportional", unit=unit or "%", threshold=threshold, full_op=op)
    if threshold is None:
        return None
    if step:
        return ScoreRule(text=text, kind="deduction", unit=unit, threshold=threshold, full_op=op,
                         step=Decimal(step["step"]), step_unit=step["unit"] or unit, points=Decimal(step["pts"]))
    if fixed:
        return ScoreRule(text=text, kind="fixed", unit=unit, threshold=threshold, full_op=op,
                         points=Decimal(fixed["pts"]))
    return None


def _bands(raw: str) -> tuple[Band, ...]:
    """Score bands: "80%及以上计满分，60%及以上计3分，40%以下的计1分", "90%（含）至95%的得4分"."""
    bands: list[Band] = []
    for m in _BAND_RANGE_RE.finditer(raw):
        bands.append(Band(">=", Decimal(m["lo"]), Decimal(m["pts"]), upper=Decimal(m["hi"])))
    for m in _BAND_EDGE_RE.finditer(raw):
        if any(m.start() < r.end() and r.start() < m.end() for r in _BAND_RANGE_RE.finditer(raw)):
            continue
        op = _OP_OF.get(m["pre"] or "") or _suffix_op(m["suffix"], "")
        if not op:
            continue
        points = None if m["pts"] == "满" else Decimal(m["pts"])
        bands.append(Band(op, Decimal(m["b"]), points))
    scored = [b for b in bands if b.points is not None]
    return tuple(bands) if len(bands) >= 2 and scored else ()


# --- grades -------------------------------------------------------------------------------------

GRADES = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "一般": "中", "较差": "差",
          "差": "差", "不合格": "差"}
_GRADE_RE = re.compile(r"优秀|良好|中等|较差|不合格|一般|优|良|中|差")
DEFAULT_SCALE = {"优": (Decimal(90), None), "良": (Decimal(80), Decimal(90)), "中": (Decimal(60), Decimal(80)),
                 "差": (None, Decimal(60))}
_SCALE_RANGE_RE = re.compile(rf"(?P<lo>{NUM})分?(?:[（(]含[）)])?(?:~|～|-|－|至|到)(?P<hi>{NUM})分?(?:[（(]不含[）)])?(?:的)?为(?P<g>{_GRADE_RE.pattern})")
_SCALE_BELOW_RE = re.compile(rf"(?P<hi>{NUM})分?以下(?:的)?为(?P<g>{_GRADE_RE.pattern})")
_SCALE_ABOVE_RE = re.compile(rf"(?P<g>{_GRADE_RE.pattern})[（(]\s*S?\s*(?:≥|>=|大于等于)\s*(?P<lo>{NUM})\s*[）)]|(?P<lo2>{NUM})分?(?:[（(]含[）)])?(?:及)?以上(?:的)?为(?P<g2>{_GRADE_RE.pattern})")


def grade_scale(text: str) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """The grade bands a document states ("90（含）~100分为优", "优 (S≥90)"), over the national default."""
    scale = dict(DEFAULT_SCALE)
    raw = ascii_digits(text).replace(" ", "")
    for m in _SCALE_RANGE_RE.finditer(raw):
        lo, hi = Decimal(m["lo"]), Decimal(m["hi"])
        scale[GRADES[m["g"]]] = (lo, None if hi >= 100 else hi)
    for m in _SCALE_BELOW_RE.finditer(raw):
        scale[GRADES[m["g"]]] = (None, Decimal(m["hi"]))
    for m in _SCALE_ABOVE_RE.finditer(raw):
        grade = GRADES[m["g"] or m["g2"]]
        scale[grade] = (Decimal(m["lo"] or m["lo2"]), None)
    return scale


def grade_for(total: Decimal, scale: dict) -> str | None:
    for grade, (lo, hi) in scale.items():
        if (lo is None or total >= lo) and (hi is None or total < hi):
            return grade
    return None


# --- score tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """A number in a score table and where it stands."""

    quantity: Quantity
    line: int | None
    quote: str
    column: str = ""

    @property
    def value(self) -> Decimal:
        return self.quantity.value


@dataclass
class ScoreNode:
    level: int                      # 1–3 indicator levels; 4: a scored item under a 三级 label
    label: str
    line: int | None
    quote: str = ""
    label_weight: Figure | None = None         # "投入（20分）"
    weight: Figure | None = None               # its own 分值 cell
    scores: dict[str, Figure] = field(default_factory=dict)   # 自评得分 / 审核得分 → cell
    subtotal_weight: Figure | None = None      # a 小计 row closing the group
    subtotal_scores: dict[str, Figure] = field(default_factory=dict)
    children: list["ScoreNode"] = field(default_factory=list)
    rule_text: str = ""
    note: str = ""                  # 扣分说明 / 偏差原因
    target_text: str = ""
    target: Target | None = None
    actual: Quantity | None = None
    actual_quote: str = ""
    actual_line: int | None = None
    table: Table | None = None

    def stated_weight(self) -> Figure | None:
        return self.subtotal_weight or self.weight or self.label_weight

    def stated_score(self, key: str) -> Figure | None:
        return self.subtotal_scores.get(key) or self.scores.get(key)


@dataclass
class FundsRow:
    """One row of the 项目资金 block: 年度资金总额 or one of its 其中 lines."""

    label: str
    line: int | None
    figures: dict[str, Figure]      # budget_initial, budget, executed, weight, rate, score
    table: Table


@dataclass
class GradeCell:
    grade: str                      # 优 / 良 / 中 / 差
    text: str
    line: int | None
    scale: dict


@dataclass
class ScoreTable:
    """One logical score table: the fragments a page break made, stitched back together."""

    kind: Literal["tree", "project"]
    tables: list[Table]
    title: str = ""
    name: str = ""                   # 项目名称 / 专项名称 when the table gives one
    roots: list[ScoreNode] = field(default_factory=list)
    funds: list[FundsRow] = field(default_factory=list)
    total_weight: Figure | None = None
    total_scores: dict[str, Figure] = field(default_factory=dict)
    total_line: int | None = None
    total_quote: str = ""
    grade: GradeCell | None = None
    notes: list[Paragraph] = field(default_factory=list)   # "注：预算执行率得分＝预算执行率×分值"
    score_keys: list[str] = field(default_factory=list)
    misfit_lines: list[int] = field(default_factory=list)  # rows whose cells do not fit the header
    region: int = 0
    closed: bool = False

    @property
    def line(self) -> int:
        return self.tables[0].line

    @property
    def reliable(self) -> bool:
        return not self.misfit_lines

    @property
    def label(self) -> str:
        named = self.name or self.title or self.tables[0].label
        return f"{named}（第{self.line}行起）"

    def nodes(self) -> list[ScoreNode]:
        found: list[ScoreNode] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found

    def leaves(self) -> list[ScoreNode]:
        return [n for n in self.nodes() if not n.children]

    def funds_total(self) -> FundsRow | None:
        return next((f for f in self.funds if "weight" in f.figures or "score" in f.figures), None)

    def fund_sources(self) -> list[tuple[str, Figure, list[Figure]]]:
        """(column key, 年度资金总额's figure, its sources' figures) for the budget and spending columns: the
        rows after the total ("其中：当年财政拨款", "上年结转资金", "其他资金") add up to it; a source left blank
        adds nothing. None where a second 其中 nests sources inside a source."""
        total = next((f for f in self.funds if _FUNDS_TOTAL.search(f.label)), None)
        sources = self.funds[self.funds.index(total) + 1:] if total is not None else []
        if not sources or sum(s.label.startswith("其中") for s in sources) > 1:
            return []
        return [(key, total.figures[key], [s.figures[key] for s in sources if key in s.figures])
                for key in ("budget_initial", "budget", "executed")
                if key in total.figures and any(key in s.figures for s in sources)]

    def funds_rule(self) -> ScoreRule | None:
        for paragraph in self.notes:
            rule = parse_rule(paragraph.text)
            if rule is not None:
                return rule
        return None


_FUNDS_TOTAL = re.compile(r"资金总额|资金总计|总额[:：]?$")
# Header words → column role, first match wins: "指标说明及分值" is a rule column, not a weight.
_ROLE_WORDS = [
    (("一级指标",), ("label", 1)), (("二级指标",), ("label", 2)), (("三级指标",), ("label", 3)),
    (("年初预算",), ("budget_initial", None)), (("全年预算", "调整后预算", "预算数"), ("budget", None)),
    (("执行数", "实际支出"), ("executed", None)), (("执行率",), ("rate", None)),
    (("年度指标值", "指标值", "目标值"), ("target", None)), (("实际完成值", "完成值", "实际值"), ("actual", None)),
    (("评分标准", "指标说明", "评分办法", "计分方法", "评分细则", "评分说明"), ("rule", None)),
    (("审核得分",), ("score", "审核得分")), (("得分",), ("score", "自评得分")), (("分值", "权重"), ("weight", None)),
    (("扣分", "偏差", "原因", "说明"), ("note", None)),
]


_EXPLAINED = re.compile(r"[（(][^（()）]*[)）]")   # "得分(20分*执行率)" is a score, however it is worked out


@lru_cache(maxsize=4096)   # the same few header words come back on every page of every table
def _role(header: str) -> tuple[str, object] | None:
    named = _EXPLAINED.sub("", header) or header
    for words, role in _ROLE_WORDS:
        if any(w in named for w in words):
            return role
    return None


@dataclass
class _Layout:
    kind: Literal["tree", "indicators", "funds"]
    roles: dict[int, tuple[str, object]]
    headers: list[str]

    def header(self, col: int) -> str:
        return self.headers[col] if col < len(self.headers) else ""

    def columns(self, role: str) -> list[int]:
        return [c for c, r in sorted(self.roles.items()) if r[0] == role]

    def column(self, role: str) -> int | None:
        found = self.columns(role)
        return found[0] if found else None

    def level_of(self, col: int) -> int:
        """The indicator level a number column belongs to: the nearest label column on its left."""
        labels = [c for c in self.columns("label") if c < col]
        return self.roles[labels[-1]][1] if labels else 1


def _texts(row: list[Cell]) -> list[str]:
    return [squash(c.text) for c in row]


def _number(text: str) -> Quantity | None:
    """A cell holding one number; long cells are text and are not parsed at all."""
    return parse_cell(text) if len(text) <= _NUMBER_MAX_CHARS else None


def _has_number(row: list[Cell]) -> bool:
    return any(_number(c.text) is not None for c in row)


def _is_header_words(texts: list[str]) -> bool:
    """A row of short header words only ("分值", "得分"): the lower half of a two-row header."""
    filled = [t for t in texts if t]
    return bool(filled) and all(len(t) <= 6 and _role(t) for t in filled)


def _header_at(rows: list[list[Cell]], i: int) -> tuple[_Layout | None, int]:
    """The layout a header starting at row i gives and how many rows it spans (one or two)."""
    texts = _texts(rows[i])
    if not any(_role(t) for t in texts if t and len(t) <= _HEADER_MAX_CHARS) or _has_number(rows[i]):
        return None, 1
    if i + 1 < len(rows) and not _has_number(rows[i + 1]) and _is_header_words(_texts(rows[i + 1])):
        below = _texts(rows[i + 1])
        merged = [(texts[c] if c < len(texts) else "") + (below[c] if c < len(below) else "")
                  for c in range(max(len(texts), len(below)))]
        layout = _layout_of(merged)
        if layout is not None:
            return layout, 2
    return _layout_of(texts), 1


def _layout_of(header: list[str]) -> _Layout | None:
    roles = {c: r for c, h in enumerate(header) if h and (r := _role(h))}
    kinds = {r[0] for r in roles.values()}
    if {"budget", "executed"} <= kinds or {"executed", "rate"} <= kinds:
        return _Layout("funds", roles, header)
    if "target" in kinds and ("weight" in kinds or "score" in kinds):
        return _Layout("indicators", roles, header)
    if "label" in kinds and ("weight" in kinds or "score" in kinds):
        return _Layout("tree", roles, header)
    return None


_PERCENT = re.compile(r"[%％]")
_TOTAL_RE = re.compile(r"^(?:总分|合计|总计|总得分|评价总分|总分值)")
_SUBTOTAL_RE = re.compile(r"小计|合计")
_LABEL_WEIGHT_RE = re.compile(rf"[（(]\s*(?P<num>{NUM})\s*分\s*[)）]\s*$")
_NAME_RE = re.compile(r"^(?:项目名称|专项名称|项目\(专项\)名称|项目（专项）名称)$")
_DASHES = {"", "—", "-", "－", "/", "——", "--", "／", "无"}
_GAP_MAX_CHARS = 60
_NUMBER_MAX_CHARS = 24
_HEADER_MAX_CHARS = 20


def _figure(cell: Cell, column: str) -> Figure | None:
    quantity = _number(cell.text)
    return Figure(quantity, cell.line, cell.text.strip(), column) if quantity is not None else None


def _cell(row: list[Cell], col: int | None) -> Cell | None:
    return row[col] if col is not None and 0 <= col < len(row) else None


class _Reader:
    """Reads the fragments of a document's score tables in order and stitches them."""

    def __init__(self) -> None:
        self.tables: list[ScoreTable] = []
        self.current: ScoreTable | None = None
        self.open_nodes: dict[int, ScoreNode] = {}
        self.sections_read = 0

    # fragments and stitching ----------------------------------------------------------------
    def gap(self, block: TextBlock) -> None:
        """Text between two tables: a short title or a note keeps a table open, a sentence ends it."""
        if self.current is None:
            return
        text = block.text.strip()
        if text.startswith("注") and isinstance(block, Paragraph):
            self.current.notes.append(block)
        elif len(text) > _GAP_MAX_CHARS or isinstance(block, Heading) and block.level <= _MAJOR_HEADING:
            self._close()

    def table(self, table: Table, region: int) -> None:
        sections = self._sections(table)
        if not sections:
            self._close()
            return
        first_kind = sections[0][1].kind
        if not self._continues(table, first_kind):
            self._start(table, first_kind, region)
        else:
            self.current.tables.append(table)
        for row in table.rows[:sections[0][0]]:
            texts = _texts(row)
            if texts and _NAME_RE.match(texts[0]):
                self.current.name = next((t for t in texts[1:] if t), "")
        for start, layout, end in sections:
            self._read_section(table, start, layout, end)
            self.sections_read += 1

    def _continues(self, table: Table, kind: str | None) -> bool:
        current = self.current
        if current is None or current.closed:
            return False
        if table.rows and _NAME_RE.match(squash(table.rows[0][0].text)):
            return False   # a fragment opening with 项目名称 is the next project's table
        if current.kind == "tree":
            return kind == "tree" and (table.title == current.title or not table.title)
        return kind == "indicators" and not current.roots

    def _start(self, table: Table, kind: str | None, region: int) -> None:
        self._close()
        self.current = ScoreTable(kind="tree" if kind == "tree" else "project", tables=[table],
                                  title=table.title, region=region)
        self.tables.append(self.current)
        self.open_nodes = {}
        self.sections_read = 0

    def _close(self) -> None:
        self.current = None
        self.open_nodes = {}

    def _sections(self, table: Table) -> list[tuple[int, _Layout, int]]:
        """(first body row, layout, end row) for every header row a fragment holds."""
        rows = table.rows
        headers: list[tuple[int, int, _Layout]] = []
        i = 0
        while i < len(rows):
            layout, used = _header_at(rows, i)
            if layout is not None:
                headers.append((i, i + used, layout))
            i += used
        ends = [h[0] for h in headers[1:]] + [len(rows)]
        return [(body, layout, end) for (_, body, layout), end in zip(headers, ends)]

    # rows ------------------------------------------------------------------------------------
    def _read_section(self, table: Table, start: int, layout: _Layout, end: int) -> None:
        current = self.current
        for key in (r[1] for r in layout.roles.values() if r[0] == "score"):
            if key not in current.score_keys:
                current.score_keys.append(key)
        if current.kind == "tree" and layout.kind != "tree":
            return
        continuing = self.sections_read > 0   # after a page break: a label may end on this page
        for index, row in enumerate(table.rows[start:end]):
            texts = _texts(row)
            first = next((t for t in texts if t), "")
            if not first:
                continue
            if continuing and index == 0 and layout.kind == "tree" and self._label_tail(row, texts, layout):
                continue
            if _NAME_RE.match(texts[0]):
                current.name = next((t for t in texts[1:] if t), "")
            elif "等级" in first and not _TOTAL_RE.match(first):
                self._grade(row, texts)
            elif _TOTAL_RE.match(first) and not layout.kind == "funds":
                self._total(row, texts, layout)
            elif layout.kind == "funds":
                self._funds_row(table, row, texts, layout)
            elif layout.kind == "indicators":
                self._indicator_row(table, row, texts, layout)
            else:
                self._tree_row(table, row, texts, layout)

    def _grade(self, row: list[Cell], texts: list[str]) -> None:
        """The grade cell beside "评价等级"/"等级"; the row's other words may state the grade bands."""
        cells = [(c, t) for c, t in zip(row, texts) if t]
        for cell, text in cells:
            grade = None if "等级" in text else _GRADE_RE.match(text)
            if grade:
                bands = grade_scale(" ".join(t for _, t in cells))
                self.current.grade = GradeCell(GRADES[grade.group()], cell.text.strip(), cell.line, bands)
                return

    def _total(self, row: list[Cell], texts: list[str], layout: _Layout) -> None:
        current = self.current
        label_cell = next(c for c, t in zip(row, texts) if t)
        label = squash(label_cell.text)
        grade_at = next((i for i, t in enumerate(texts) if t == "等级" or t.startswith("等级")), len(texts))
        numbers = [(_figure(c, ""), c) for c, t in list(zip(row, texts))[:grade_at] if t and _number(c.text)]
        keys = current.score_keys or ["自评得分"]
        current.total_line, current.total_quote = label_cell.line, label_cell.text.strip()
        if len(numbers) == 1 and re.search(r"得分|评价总分|\(S\)|（S）", label):
            current.total_scores[keys[0]] = numbers[0][0]
        elif len(numbers) >= 2:
            current.total_weight = numbers[0][0]
            for key, (figure, _) in zip(keys, numbers[1:]):
                current.total_scores[key] = figure
        if grade_at < len(texts):
            self._grade(row, texts)
        current.closed = True

    def _funds_row(self, table: Table, row: list[Cell], texts: list[str], layout: _Layout) -> None:
        rates = layout.columns("rate")
        if any(_PERCENT.search(t) and c not in rates for c, t in enumerate(texts) if t):
            return   # a percentage outside the rate column: the row is out of line with its header (cells lost)
        figures: dict[str, Figure] = {}
        for col, (role, _) in layout.roles.items():
            cell = _cell(row, col)
            if cell is not None and role in ("budget_initial", "budget", "executed", "rate", "weight", "score"):
                figure = _figure(cell, layout.header(col))
                if figure is not None:
                    figures[role] = figure
        label = next((t for c, t in enumerate(texts) if t and _number(row[c].text) is None), "")
        if "budget" in figures or "executed" in figures:
            self.current.funds.append(FundsRow(label, row[0].line, figures, table))

    def _indicator_row(self, table: Table, row: list[Cell], texts: list[str], layout: _Layout) -> None:
        target_col = layout.column("target")
        shift = None
        for offset in (0, 1, -1, 2, -2):
            cell = _cell(row, target_col + offset)
            if cell is not None and parse_target(cell.text):
                shift = offset
                break
        if shift is None:   # no readable target: the row counts only if its weight sits in place
            weight_cell = _cell(row, layout.column("weight"))
            if weight_cell is None or _number(weight_cell.text) is None:
                return
            shift = 0

        def at(role: str) -> Cell | None:
            col = layout.column(role)
            return _cell(row, col + shift) if col is not None else None

        labels = layout.columns("label")
        label_cell = _cell(row, (labels[-1] if labels else target_col - 1) + shift)
        node = ScoreNode(level=3, label=squash(label_cell.text) if label_cell else "",
                         line=label_cell.line if label_cell else row[0].line,
                         quote=label_cell.text.strip() if label_cell else "", table=table)
        node.target_text = at("target").text.strip() if at("target") else ""
        node.target = parse_target(node.target_text) if node.target_text else None
        actual = at("actual")
        if actual is not None:
            node.actual, node.actual_quote, node.actual_line = parse_measure(actual.text), actual.text.strip(), actual.line
        node.note = at("note").text.strip() if at("note") is not None else ""
        weight_cell = at("weight")
        if weight_cell is not None:
            node.weight = _figure(weight_cell, layout.header(layout.column("weight")))
            if node.weight is None and squash(weight_cell.text) not in _DASHES:
                self.current.misfit_lines.append(row[0].line)
        for col in layout.columns("score"):
            cell = _cell(row, col + shift)
            figure = _figure(cell, layout.header(col)) if cell is not None else None
            if figure is not None:
                node.scores[layout.roles[col][1]] = figure
        self.current.roots.append(node)

    def _tree_row(self, table: Table, row: list[Cell], texts: list[str], layout: _Layout) -> None:
        if not self._fits(row, texts, layout):
            self.current.misfit_lines.append(next(c.line for c, t in zip(row, texts) if t))
            return
        row_nodes: dict[int, ScoreNode] = {}
        subtotal_level = None
        for col in layout.columns("label"):
            level = layout.roles[col][1]
            text = texts[col] if col < len(texts) else ""
            if not text:
                continue
            if _SUBTOTAL_RE.search(text):
                subtotal_level = level
                continue
            row_nodes[level] = self._node(level, row[col], text, table)
        for col in sorted(c for c, r in layout.roles.items() if r[0] in ("weight", "score")):
            cell = _cell(row, col)
            figure = _figure(cell, layout.header(col)) if cell is not None else None
            if figure is None:
                continue
            level = layout.level_of(col)
            role, key = layout.roles[col]
            if subtotal_level is not None:
                group = self.open_nodes.get(subtotal_level)
                if group is not None:
                    _put(group, role, key, figure, subtotal=True)
                continue
            if level not in row_nodes:
                row_nodes[level] = self._item(level, row, texts, layout, table)
            owner = row_nodes[level]
            if owner is not None:
                _put(owner, role, key, figure, subtotal=False)
        owner = row_nodes[max(row_nodes)] if row_nodes else None   # the rule and note speak of the deepest
        for col in layout.columns("rule") + layout.columns("note"):
            cell = _cell(row, col)
            if cell is not None and owner is not None and cell.text.strip():
                if layout.roles[col][0] == "rule":
                    owner.rule_text += cell.text.strip()
                else:
                    owner.note += cell.text.strip()

    def _label_tail(self, row: list[Cell], texts: list[str], layout: _Layout) -> bool:
        """The first row after a page break holding only the rest of a label cut by the break."""
        if any(_number(c.text) for c in row):
            return False
        tails = {layout.roles[c][1]: texts[c] for c in layout.columns("label") if c < len(texts) and texts[c]}
        if not tails or any(level not in self.open_nodes for level in tails):
            return False
        for level, tail in tails.items():
            self.open_nodes[level].label += tail
        return True

    def _fits(self, row: list[Cell], texts: list[str], layout: _Layout) -> bool:
        for col, (role, _) in layout.roles.items():
            text = texts[col] if col < len(texts) else ""
            if role == "label" and text and _number(text) is not None:
                return False
            if role in ("weight", "score") and text not in _DASHES and _number(text) is None:
                return False
        return True

    def _node(self, level: int, cell: Cell, text: str, table: Table) -> ScoreNode:
        m = _LABEL_WEIGHT_RE.search(text)
        name = text[: m.start()] if m else text
        existing = self.open_nodes.get(level)
        if existing is not None and existing.label == name:   # a page break repeated the parent label
            return existing
        node = ScoreNode(level=level, label=name, line=cell.line, quote=cell.text.strip(), table=table)
        if m:
            node.label_weight = Figure(_q(text, m.start(), m.end(), m["num"]), cell.line, cell.text.strip(), "标签")
        parent = next((self.open_nodes[k] for k in range(level - 1, 0, -1) if k in self.open_nodes), None)
        (parent.children if parent else self.current.roots).append(node)
        self.open_nodes[level] = node
        for deeper in [k for k in self.open_nodes if k > level]:
            del self.open_nodes[deeper]
        return node

    def _item(self, level: int, row: list[Cell], texts: list[str], layout: _Layout, table: Table) -> ScoreNode | None:
        """A scored row under an open label with no label of its own (seed 000: sub-items of a 三级)."""
        parent = self.open_nodes.get(level)
        if parent is None:
            return None
        if not parent.children and (parent.weight or parent.scores):
            first = ScoreNode(level=level + 1, label=parent.label + "第1项", line=parent.line, quote=parent.quote,
                              weight=parent.weight, scores=dict(parent.scores), table=parent.table,
                              rule_text=parent.rule_text, note=parent.note)
            parent.children.append(first)
            parent.weight, parent.scores = None, {}
        described = next((row[c] for c in layout.columns("rule") if c < len(row) and texts[c]), None)
        quote_cell = described or next(c for c, t in zip(row, texts) if t)
        item = ScoreNode(level=level + 1, label=f"{parent.label}第{len(parent.children) + 1}项",
                         line=quote_cell.line, quote=quote_cell.text.strip(), table=table)
        parent.children.append(item)
        return item


def _put(node: ScoreNode, role: str, key: object, figure: Figure, subtotal: bool) -> None:
    if role == "weight":
        if subtotal:
            node.subtotal_weight = figure
        elif node.weight is None:
            node.weight = figure
    elif subtotal:
        node.subtotal_scores[key] = figure
    else:
        node.scores.setdefault(key, figure)


# --- sentences ----------------------------------------------------------------------------------

_PART_RE = re.compile(
    rf"满分\s*(?P<full>{NUM})\s*分[，,、；;]?\s*(?:(?:扣|扣除)\s*(?P<ded>{NUM})\s*分[，,、；;]?\s*)?"
    rf"(?:实际)?得(?:分)?(?:为)?\s*(?:满分)?\s*(?P<score>{NUM})\s*分")
_TOTAL_CLAIM_RE = re.compile(
    rf"(?P<word>自评得分|自评总得分|自评总分|评价得分|总得分|综合得分|绩效得分|最终得分)\s*(?:为|是|：|:)?\s*(?P<num>{NUM})\s*分")
_GRADE_CLAIM_RE = re.compile(rf"(?:评价|自评|绩效)?等级(?:为|是|：|:|评定为)?\s*[“\"「]?(?P<g>{_GRADE_RE.pattern})|自评(?P<g2>优秀|良好|合格)")
_LIST_PART_RE = re.compile(rf"(?P<name>[^、，,。；;：:]{{1,20}}?)得\s*(?P<num>{NUM})\s*分")
_LIST_TOTAL_RE = re.compile(rf"(?:总得分|合计得分|合计|共计|总分)\s*(?:为)?\s*(?P<num>{NUM})\s*分")
_DEDUCT_TOTAL_RE = re.compile(rf"(?:共|合计|累计|总计)扣(?:除)?\s*(?P<num>{NUM})\s*分")
_DEDUCT_PART_RE = re.compile(rf"(?P<name>[^、，,。；;：:（(]{{1,16}}?)扣\s*(?P<num>{NUM})\s*分")
_SENTENCE_BREAK = "。；;！!？?\n"
_STYLE_RES = [("N.", re.compile(r"^\d{1,2}\s*[.．](?!\d)")), ("N、", re.compile(r"^\d{1,2}\s*、")),
              ("(N)", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")), ("①", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
              ("一、", re.compile(r"^[一二三四五六七八九十]+[、.．]")), ("(一)", re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]"))]


def _q(text: str, start: int, end: int, num: str) -> Quantity:
    places = len(num.split(".", 1)[1]) if "." in num else 0
    return Quantity(Decimal(num), "分", places, text[start:end], start, end)


@dataclass
class PartClaim:
    """"X满分A分，（扣C分，）得B分" in one sentence."""

    block: TextBlock
    start: int
    end: int
    subject: str
    full: Quantity
    score: Quantity
    deducted: Quantity | None
    style: str                       # numbering style of its paragraph: "N.", "(N)", "①", "" …
    region: int
    segment: int = 0                 # text between two tables or major headings: outlines stay inside one
    children: list["PartClaim"] = field(default_factory=list)
    in_hierarchy: bool = True


@dataclass
class TotalClaim:
    """"自评得分95分" / "总得分90分", with the grade the same paragraph gives."""

    block: TextBlock
    start: int
    end: int
    score: Quantity
    sentence: str
    region: int
    grade: str | None = None
    grade_span: tuple[int, int] | None = None


@dataclass
class ListClaim:
    """"A得4分、B得12分……总得分90分" or "共扣7分，其中：A扣1分，B扣1分……": parts and their stated sum."""

    block: TextBlock
    start: int
    end: int
    parts: list[tuple[str, Quantity]]
    total: Quantity
    kind: Literal["score", "deduction"]
    region: int


@dataclass
class RateMention:
    """"预算执行率为 86.53%" in the text of a report part."""

    value: Decimal
    region: int
    block: TextBlock
    start: int
    end: int


@dataclass
class ScoreFacts:
    tables: list[ScoreTable]
    parts: list[PartClaim]            # every part claim, in order; hierarchy through .children
    totals: list[TotalClaim]
    lists: list[ListClaim]
    rates: list[RateMention]
    rule_blocks: list[tuple[TextBlock, ScoreRule, int, int]]   # a sentence stating a rule, its span

    def tables_in(self, region: int) -> list[ScoreTable]:
        return [t for t in self.tables if t.region == region]

    def rate_in(self, region: int) -> RateMention | None:
        """The 执行率 a report part states, when every mention of it agrees (to 0.01)."""
        mentions = [r for r in self.rates if r.region == region]
        values = [r.value for r in mentions]
        if values and max(values) - min(values) <= Decimal("0.01"):
            return mentions[0]
        return None


def _style(block: TextBlock) -> str:
    """The numbering style a paragraph opens with ("N.", "(N)", "①" …), "" for none."""
    text = block.text
    for name, pattern in _STYLE_RES:
        if pattern.match(text.strip()):
            return name
    return ""


def _subject(text: str, start: int) -> str:
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_BREAK), default=-1) + 1
    subject = text[left:start].strip(" ，,")
    for _, pattern in _STYLE_RES:
        subject = pattern.sub("", subject).strip()
    return subject


def _part_claims(block: TextBlock, text: str, region: int) -> list[PartClaim]:
    claims = []
    for m in _PART_RE.finditer(text):
        deducted = _q(block.text, m.start("ded"), m.end("ded"), m["ded"]) if m["ded"] else None
        claims.append(PartClaim(block, m.start(), m.end(), _subject(text, m.start()),
                                _q(block.text, m.start(), m.end(), m["full"]),
                                _q(block.text, m.start(), m.end(), m["score"]), deducted,
                                _style(block), region))
    if len(claims) > 1:
        for claim in claims:
            claim.in_hierarchy = False
    return claims


def _nest(claims: list[PartClaim]) -> None:
    """Give part claims their children by numbering style: a style already open closes back to it,
    a new style opens one level deeper (how outlines are read)."""
    stack: list[PartClaim] = []
    for claim in claims:
        if not claim.in_hierarchy:
            continue
        if stack and stack[-1].segment != claim.segment:
            stack = []
        styles = [c.style for c in stack]
        if claim.style in styles:
            del stack[styles.index(claim.style):]
        if stack:
            stack[-1].children.append(claim)
        stack.append(claim)


def _total_claims(block: TextBlock, text: str, region: int) -> list[TotalClaim]:
    claims = []
    for m in _TOTAL_CLAIM_RE.finditer(text):
        if "指标" in text[max(0, m.start() - _INDICATOR_LOOKBACK):m.start()]:
            continue   # "满意度指标自评得分9分" is one indicator's score, not the total
        claim = TotalClaim(block, m.start(), m.end(), _q(block.text, m.start(), m.end(), m["num"]),
                           text, region)
        grade = _GRADE_CLAIM_RE.search(text)
        if grade:
            word = grade["g"] or grade["g2"]
            claim.grade = GRADES.get(word) if word != "合格" else None
            claim.grade_span = (grade.start(), grade.end())
        claims.append(claim)
    return claims


def _list_claims(block: TextBlock, text: str, region: int) -> list[ListClaim]:
    claims = []
    for total in _LIST_TOTAL_RE.finditer(text):
        left = max((text.rfind(ch, 0, total.start()) for ch in "。；;"), default=-1) + 1
        span = text[left:total.start()]
        parts = [(m["name"].strip(), _q(block.text, left + m.start("num"), left + m.end("num"), m["num"]))
                 for m in _LIST_PART_RE.finditer(span)]
        if len(parts) >= 2 and "、" in span:
            claims.append(ListClaim(block, left, total.end(), parts,
                                    _q(block.text, total.start(), total.end(), total["num"]), "score", region))
    for total in _DEDUCT_TOTAL_RE.finditer(text):
        after = text[total.end():]
        if not re.match(r"\s*[，,]?\s*其中\s*[：:]", after):
            continue
        stop = min((i for i in (after.find("。"), after.find("\n")) if i >= 0), default=len(after))
        span_start = total.end()
        parts = [(m["name"].strip(), _q(block.text, span_start + m.start("num"), span_start + m.end("num"), m["num"]))
                 for m in _DEDUCT_PART_RE.finditer(after[:stop])]
        if len(parts) >= 2:
            claims.append(ListClaim(block, total.start(), span_start + stop, parts,
                                    _q(block.text, total.start(), total.end(), total["num"]), "deduction", region))
    return claims


_MAJOR_HEADING = 2   # "一、" or "##": an outline of part scores does not run across one
_INDICATOR_LOOKBACK = 8
_RATE_RE = re.compile(rf"执行率(?:为|达到|达|是|：|:)?\s*(?P<num>{NUM})\s*%")


def score_facts(document: Document) -> ScoreFacts:
    reader = _Reader()
    parts: list[PartClaim] = []
    totals: list[TotalClaim] = []
    lists: list[ListClaim] = []
    rates: list[RateMention] = []
    rule_blocks: list[tuple[TextBlock, ScoreRule, int, int]] = []
    region = segment = 0
    for block in document.blocks:
        if isinstance(block, Table):
            reader.table(block, region)
            segment += 1
            continue
        if isinstance(block, Heading) and block.level <= _MAJOR_HEADING:
            region += block.level == 1
            segment += 1
        reader.gap(block)
        text = ascii_digits(block.text)
        rates.extend(RateMention(Decimal(m["num"]), region, block, m.start(), m.end()) for m in _RATE_RE.finditer(text))
        if "分" not in text:
            continue
        for claim in _part_claims(block, text, region):
            claim.segment = segment
            parts.append(claim)
        totals.extend(_total_claims(block, text, region))
        lists.extend(_list_claims(block, text, region))
        if "扣" in text or "满分" in text or "分值" in text:
            rule_blocks.extend(_rules_in(block, text))
    _nest(parts)
    return ScoreFacts([t for t in reader.tables if t.roots or t.funds], parts, totals, lists, rates, rule_blocks)


def _rules_in(block: TextBlock, text: str) -> list[tuple[TextBlock, ScoreRule, int, int]]:
    """Sentences of running text that state a scoring rule ("每少1个百分点扣1分"), up to where the
    sentence turns to the score itself ("本项目满分3分，扣2分得1分")."""
    found = []
    start = 0
    for end in [i + 1 for i, ch in enumerate(text) if ch in "。；;"] + [len(text)]:
        claim = _PART_RE.search(text, start, end)
        stop = claim.start() if claim else end
        if "满分" in text[start:stop] or "扣" in text[start:stop]:
            rule = parse_rule(block.text[start:stop])
            if rule is not None:
                found.append((block, rule, start, stop))
        start = end
    return found

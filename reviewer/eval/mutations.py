"""Plant one error at a time in a consistent report: each mutation knows its kind, line and new value.

Mutations edit the source text (never the parsed model), so the review of a mutated report goes
through the same loader as a real one. Every generator is deterministic: it proposes every place
of its kind, and the harness samples from them with a fixed seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from reviewer.document import Document, Table
from reviewer.facts.table_cells import TableFacts, table_facts
from reviewer.numbers import format_decimal, parse_cell


@dataclass(frozen=True)
class Mutation:
    kind: str
    line: int          # 1-based line of the edit
    before: str        # the line as it was
    after: str         # the line as planted
    value: str         # the planted figure or text, as written

    def apply(self, lines: list[str]) -> str:
        changed = list(lines)
        changed[self.line - 1] = self.after
        return "\n".join(changed) + "\n"


# --- table cells -----------------------------------------------------------------------------

def _edit_cell(lines: list[str], table: Table, row: int, column: int, new_text: str) -> tuple[int, str] | None:
    cell = table.rows[row][column]
    if cell.line is None:
        return None
    line = lines[cell.line - 1]
    if line.count("\t") > 1:  # a TAB row: the column is the field index
        fields = line.split("\t")
        if column >= len(fields) or cell.text not in fields[column]:
            return None
        fields[column] = fields[column].replace(cell.text, new_text, 1)
        return cell.line, "\t".join(fields)
    if cell.text and cell.text in line:  # one cell per line
        return cell.line, line.replace(cell.text, new_text, 1)
    return None


def _bumped(text: str, delta: Decimal) -> str | None:
    quantity = parse_cell(text)
    if quantity is None:
        return None
    # Just outside rounding: two units of the last shown decimal at least (an integer cell moves by 2).
    smallest = 2 * Decimal(1).scaleb(-quantity.places)
    return format_decimal(quantity.value + max(delta, smallest), quantity.places)


def _cells(doc: Document, codes: tuple[str, ...], pick: Callable[[TableFacts, object], bool]) -> Iterator[tuple]:
    for table in doc.tables:
        if table.code not in codes:
            continue
        facts = table_facts(table)
        for entry in facts.entries:
            if pick(facts, entry) and entry.values:
                column = min(entry.values)
                yield table, entry.row, column, table.rows[entry.row][column].text


def _cell_mutations(kind: str, doc: Document, lines: list[str], delta: Decimal,
                    pick: Callable, codes=("02", "03", "05")) -> Iterator[Mutation]:
    for table, row, column, text in _cells(doc, codes, pick):
        new = _bumped(text, delta)
        edit = new and _edit_cell(lines, table, row, column, new)
        if edit:
            yield Mutation(kind, edit[0], lines[edit[0] - 1], edit[1], new)


def _is_leaf(facts, entry) -> bool:
    return bool(entry.code and len(entry.code) == 7)


def _is_subtotal(facts, entry) -> bool:
    return bool(entry.code and len(entry.code) == 5)


def _is_total(facts, entry) -> bool:
    return entry.is_total() and not entry.code


# --- narrative -------------------------------------------------------------------------------

_GROWTH = re.compile(r"(\d+\.\d{2})\s*万元[^。；]*?(?:增加|减少)\s*(\d+\.\d{2})\s*万元[^。；]*?(?:增长|下降)\s*(\d+\.\d{2})%")
_SHARE = re.compile(r"\d+\.\d{2}\s*万元[，,]\s*占[^0-9。；]{0,16}?(\d+\.\d{2})%")  # a share beside its part
_PART = re.compile(r"其中[:：][^。；0-9]{1,30}?(\d+\.\d{2})\s*万元")
_VEHICLES = re.compile(r"(?:共有车辆|公务用车保有量为?|共有公务用车)\s*(\d+)\s*辆")
_ITEM_AMOUNT = re.compile(r"\d{7}-[^0-9]{2,30}?(?!0\.00)(\d+\.\d{2})\s*(万元)")  # zero is zero in any unit
_RISE = re.compile(r"增加(?![/（])")


def _text_mutations(kind: str, lines: list[str], pattern: re.Pattern, group: int,
                    change: Callable[[str], str]) -> Iterator[Mutation]:
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            continue
        for m in pattern.finditer(line):
            new = change(m.group(group))
            after = line[: m.start(group)] + new + line[m.end(group):]
            yield Mutation(kind, number, line, after, new)


def _scaled(fraction: str, floor: str) -> Callable[[str], str]:
    """A rate moved by a fraction of itself: a fixed step can hide inside a small base's rounding."""
    def change(text: str) -> str:
        value = Decimal(text)
        return format_decimal(value + max(abs(value) * Decimal(fraction), Decimal(floor)), 2)
    return change


def _plus(delta: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        value = Decimal(text)
        places = len(text.split(".")[1]) if "." in text else 0
        return format_decimal(value + Decimal(delta), places)
    return change


def _stated_twice(mutations: Iterator[Mutation], lines: list[str]) -> Iterator[Mutation]:
    """Only counts the report states in another place too: one changed copy is then detectable."""
    for mutation in mutations:
        original = re.search(r"(\d+)\s*辆", mutation.before[mutation.before.find("车"):])
        if original and sum(f"{original.group(1)}辆" in l.replace(" ", "") for l in lines) >= 2:
            yield mutation


# --- score tables ----------------------------------------------------------------------------

def _score_rows(doc: Document) -> Iterator[tuple[Table, TableFacts, object, int, int]]:
    """Indicator rows with a maximum (分值) and a score (得分) column both numeric."""
    for table in doc.tables:
        if table.code not in ("score", "project_score"):
            continue
        facts = table_facts(table)
        maximum = facts.column("指标分值") or facts.column("分值")
        score = facts.column("自评得分") or facts.column("得分")
        if maximum is None or score is None:
            continue
        for entry in facts.entries:
            if maximum in entry.values and score in entry.values and not entry.is_total():
                yield table, facts, entry, maximum, score


def _score_above_max(doc, lines) -> Iterator[Mutation]:
    for table, _facts, entry, maximum, score in _score_rows(doc):
        high = entry.values[maximum].value + 1
        new = format_decimal(high, entry.values[score].places)
        edit = _edit_cell(lines, table, entry.row, score, new)
        if edit:
            yield Mutation("score_above_max", edit[0], lines[edit[0] - 1], edit[1], new)


def _missed_target_full_marks(doc, lines) -> Iterator[Mutation]:
    for table, facts, entry, maximum, score in _score_rows(doc):
        target_col, actual_col = facts.column("年度指标值"), facts.column("实际完成值")
        if target_col is None or actual_col is None or entry.values[score].value != entry.values[maximum].value:
            continue
        target = table.rows[entry.row][target_col].text
        actual = table.rows[entry.row][actual_col].text
        m = re.match(r"\s*≥\s*(\d+(?:\.\d+)?)\s*%", target)
        if not m or "%" not in actual:
            continue
        new = f"{Decimal(m.group(1)) - 10}%"
        edit = _edit_cell(lines, table, entry.row, actual_col, new)
        if edit:
            yield Mutation("full_marks_missed_target", edit[0], lines[edit[0] - 1], edit[1], new)


def _total_score(doc, lines) -> Iterator[Mutation]:
    for number, line in enumerate(lines, 1):
        m = re.match(r"^(总分\t(?:\t)*\d+\t)(\d+(?:\.\d+)?)", line)
        if m:
            new = _plus("1")(m.group(2))
            yield Mutation("score_total", number, line, line[: m.start(2)] + new + line[m.end(2):], new)


def _grade(doc, lines) -> Iterator[Mutation]:
    swap = {"优": "差", "良": "优", "中": "优", "差": "优"}
    for number, line in enumerate(lines, 1):
        m = re.match(r"^(评价等级\t+)([优良中差])", line)
        if m:
            new = swap[m.group(2)]
            yield Mutation("grade_mismatch", number, line, line[: m.start(2)] + new + line[m.end(2):], new)


# --- text planted as a whole -----------------------------------------------------------------

def _template(doc, lines) -> Iterator[Mutation]:
    for number, line in enumerate(lines, 1):
        if "\t" not in line and _RISE.search(line) and "万元" in line:
            yield Mutation("template_leftover", number, line, _RISE.sub("增加/减少", line, count=1), "增加/减少")


# Injected strings of the kinds seen on tampered pages, none holding a word of INTEG-001's own list
# (vocabulary.toml [integrity] foreign): the benchmark must not measure the check against itself.
FOREIGN_STRINGS = ["华体会体育官方网站入口", "pg电子游戏平台_最新网址", "开元棋牌app下载", "金沙娱乐场官网",
                   "皇冠体育(中国)官方网站", "半岛体育app下载安装", "188金宝博_体育投注", "KOK体育官方登录",
                   "星空体育平台注册", "米乐m6官网入口", "天博体育_综合体育平台", "永利皇宫娱乐_在线",
                   "澳门金沙娱乐场网址", "AG真人平台网址", "爱游戏体育官方首页"]


def _foreign(doc, lines) -> Iterator[Mutation]:
    for number, line in enumerate(lines, 1):
        m = re.search(r"[\u4e00-\u9fff]{2,6}(?:市|县|区)", line)
        if m and "\t" not in line:
            injected = FOREIGN_STRINGS[number % len(FOREIGN_STRINGS)]
            yield Mutation("foreign_string", number, line, line.replace(m.group(), injected, 1), injected)


MUTATORS: dict[str, Callable[[Document, list[str]], Iterator[Mutation]]] = {
    "cell_leaf_small": lambda d, l: _cell_mutations("cell_leaf_small", d, l, Decimal("0.10"), _is_leaf),
    "cell_leaf_large": lambda d, l: _cell_mutations("cell_leaf_large", d, l, Decimal("100.00"), _is_leaf),
    "cell_subtotal_small": lambda d, l: _cell_mutations("cell_subtotal_small", d, l, Decimal("0.10"), _is_subtotal),
    "cell_subtotal_large": lambda d, l: _cell_mutations("cell_subtotal_large", d, l, Decimal("100.00"), _is_subtotal),
    "cell_total_small": lambda d, l: _cell_mutations("cell_total_small", d, l, Decimal("0.10"), _is_total,
                                                      ("02", "03", "05", "07")),
    "cell_total_large": lambda d, l: _cell_mutations("cell_total_large", d, l, Decimal("100.00"), _is_total,
                                                      ("02", "03", "05", "07")),
    "narrative_amount": lambda d, l: _text_mutations("narrative_amount", l, _GROWTH, 1, _plus("5.00")),
    "narrative_change": lambda d, l: _text_mutations("narrative_change", l, _GROWTH, 2, _plus("1.00")),
    "narrative_rate": lambda d, l: _text_mutations("narrative_rate", l, _GROWTH, 3, _scaled("0.10", "0.50")),
    "share": lambda d, l: _text_mutations("share", l, _SHARE, 1, _plus("0.50")),
    "qizhong_part": lambda d, l: _text_mutations("qizhong_part", l, _PART, 1, _plus("1.00")),
    "count_one_place": lambda d, l: _stated_twice(_text_mutations("count_one_place", l, _VEHICLES, 1, _plus("2")), l),
    "unit_wan_to_yuan": lambda d, l: _text_mutations("unit_wan_to_yuan", l, _ITEM_AMOUNT, 2, lambda _: "元"),
    "score_above_max": _score_above_max,
    "score_total": _total_score,
    "grade_mismatch": _grade,
    "full_marks_missed_target": _missed_target_full_marks,
    "template_leftover": _template,
    "foreign_string": _foreign,
}

# Kinds only a reading model can catch (issue 5); measured with the model stage on.
MODEL_KINDS = ["deduction_sentence_beside_full_marks", "no_problem_beside_deduction"]

"""Function-classification items the narrative names by 类/款/项, against the row of the function table.

Every 情况说明 (决算 and 预算 alike) walks through its 一般公共预算 items one by one:
“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”141.09万元, or
"…（项）。主要用于…全年预算为52.00万元，支出决算为51.32万元". The item is found in the 05-kind table
by its names, level by level (the 项 name alone is ambiguous: every 款 has a 行政运行), and the amount
the sentence gives is compared with that row's total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Iterator

from reviewer.checks.base import Check, cell_location, register, text_location
from reviewer.checks.footing import data_entries, find_value_column
from reviewer.checks.relations import CLASS_CODES
from reviewer.document import Paragraph
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import Entry, TableFacts, squash
from reviewer.findings import Deviation, Finding, deviation
from reviewer.numbers import MONEY_SCALE_TO_WAN, Quantity, format_decimal, parse_cell

_NAME = r"[^，。；;、“”\"（(）)]{2,30}(?:[（(][^（(）)类款项]{1,4}[）)][^，。；;、“”\"（(）)]{0,20})?"
_ITEM = re.compile(rf"(?P<cls>{_NAME})[（(]类[）)]\s*(?P<kuan>{_NAME})[（(]款[）)]\s*(?P<xiang>{_NAME})[（(]项[）)]")
_AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|千元|元)"
# Where the item's own amount sits after its names, most explicit first: the 决算 wording, then an
# amount right after the closing quote (the budget wording: ”938.99万元, ”科目217.72万元).
_AMOUNT_AFTER = [
    re.compile(rf"支出决算(?:数)?(?:为|是)?[:：]?\s*{_AMOUNT}"),
    re.compile(rf"决算数(?:为|是)?[:：]?\s*{_AMOUNT}"),
    re.compile(rf"^[”\"」』]?\s*(?:科目)?(?:支出|预算|安排)?(?:为|是)?[:：]?\s*{_AMOUNT}"),
]
_TOTAL_COLUMN = r"合计|小计|决算"
_NOT_TOTAL = r"基本支出|项目支出|年初|调整|全年预算|上年"


@dataclass
class ItemStatement:
    paragraph: Paragraph
    start: int                 # the statement's names
    end: int
    names: tuple[str, str, str]
    amount_start: int
    amount_end: int
    amount_text: str


def item_statements(paragraph: Paragraph) -> Iterator[ItemStatement]:
    """Each “X（类）Y（款）Z（项）” of the paragraph with the amount it states, if it states one."""
    matches = list(_ITEM.finditer(paragraph.text))
    for m, following in zip(matches, matches[1:] + [None]):
        tail_end = following.start() if following else min(len(paragraph.text), m.end() + 160)
        tail = paragraph.text[m.end():tail_end]
        amount = next((a for pattern in _AMOUNT_AFTER if (a := pattern.search(tail))), None)
        if amount is None:
            continue
        names = tuple(_name(m.group(g)) for g in ("cls", "kuan", "xiang"))
        yield ItemStatement(paragraph, m.start(), m.end(), names, m.end() + amount.start("amount"),
                            m.end() + amount.end("unit"), amount.group("amount") + amount.group("unit"))


_LEADING = re.compile(r"^(?:[\d一二三四五六七八九十]+[、.．]|[（(][\d一二三四五六七八九十]+[）)])?[”“\"]?")


def _name(text: str) -> str:
    """A name as the table writes it: no item number or quote mark in front, full-width brackets."""
    return _LEADING.sub("", squash(text)).replace("(", "（").replace(")", "）")


def _row_of(facts: TableFacts, names: tuple[str, str, str]) -> Entry | None:
    """The 项 row under the 款 under the 类 the names give; None when any level is missing or ambiguous."""
    path = _path(facts, names, similar=False)
    return path.row if path and not path.renamed else None


@dataclass
class Path:
    row: Entry                                           # the 项 row
    renamed: list[tuple[str, Entry]] = field(default_factory=list)   # (name stated, row it names) per level


_SIMILAR = 0.5   # the least SequenceMatcher ratio for a name to be read as a miswritten row name


def _path(facts: TableFacts, names: tuple[str, str, str], similar: bool = True,
          same_amount: Callable[[Entry], bool] | None = None) -> Path | None:
    """The rows the three names point to, level by level; with ``similar``, a name the level does not
    hold is read as the most similar row name there (or, for a 类, the row with its classification
    code), and noted as renamed. A 款 name found nowhere is skipped when its 项 is unique in the 类; a
    项 name found nowhere is the one 项 of its 款 with the stated amount (``same_amount``)."""
    coded = [e for e in data_entries(facts) if e.code]
    klass = _one(_level(coded, 3, "", names[0], similar))
    if klass is None:
        return None
    renamed = [] if _name(klass.label) == names[0] else [(names[0], klass)]
    kuan = _one(_level(coded, 5, klass.code, names[1], similar))
    under = kuan.code if kuan else klass.code
    row = _one(_level(coded, 7, under, names[2], similar=False)) or _misnumbered_below(facts, kuan, names[2])
    if row is None and kuan is not None and same_amount is not None:
        row = _one([e for e in coded if len(e.code) == 7 and e.code.startswith(kuan.code) and same_amount(e)])
    if row is None and kuan is not None and similar:
        row = _one(_level(coded, 7, under, names[2], similar))
    if row is None:
        return None
    if kuan is None:
        kuan = next((e for e in coded if e.code == row.code[:5]), None)
        if kuan is None or not similar:
            return None
    renamed += [(name, e) for name, e in ((names[1], kuan), (names[2], row)) if _name(e.label) != name]
    return Path(row, renamed)


def _misnumbered_below(facts: TableFacts, kuan: Entry | None, name: str) -> Entry | None:
    """The 项 of that name printed right under its 款 with a code not under it ("7 11 02" for 2101102,
    which STRUCT-004 reports): the row the table means, found by its place."""
    if kuan is None:
        return None
    entries = data_entries(facts)
    for entry in entries[entries.index(kuan) + 1:]:
        if not entry.code or entry.code.startswith(kuan.code[:3]) and len(entry.code) <= 5:
            return None   # the next 款 or 类, or the total
        if _name(entry.label) == name and not entry.code.startswith(kuan.code):
            return entry
    return None


def _level(coded: list[Entry], length: int, prefix: str, name: str, similar: bool) -> list[Entry]:
    rows = [e for e in coded if len(e.code) == length and e.code.startswith(prefix)]
    exact = [e for e in rows if _name(e.label) == name]
    if exact or not similar:
        return exact
    if length == 3 and name in CLASS_CODES:
        return [e for e in rows if e.code == CLASS_CODES[name]]
    scored = sorted(((SequenceMatcher(None, name, _name(e.label)).ratio(), e) for e in rows), key=lambda p: -p[0])
    if scored and scored[0][0] >= _SIMILAR and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return [scored[0][1]]
    return []


def _function_table(facts: DocumentFacts) -> tuple[TableFacts, int] | None:
    """The 05-kind table the items restate and its total column, where its amounts are money."""
    table = facts.table("05")
    column = find_value_column(table, _TOTAL_COLUMN, _NOT_TOTAL) if table else None
    if column is None or table.table.unit not in MONEY_SCALE_TO_WAN:
        return None
    return table, column


def _all_statements(facts: DocumentFacts) -> Iterator[ItemStatement]:
    for paragraph in facts.document.paragraphs:
        yield from item_statements(paragraph)


def _one(found: list[Entry]) -> Entry | None:
    return found[0] if len(found) == 1 else None


@register
class ItemAmountVersusTable(Check):
    code = "ITEM-001"
    title = "类款项科目金额与报表不符"
    title_en = "An item named by 类/款/项 disagrees with its table row"
    category = "crossref"
    why = ("情况说明逐项列示一般公共预算支出的类、款、项科目及其金额（决算写“支出决算为…万元”，预算写“…（项）”…万元），"
           "应与一般公共预算（财政拨款）支出表中同一科目行的合计数一致；不一致说明说明或报表有一处写错。")
    why_en = ("The narrative lists 一般公共预算 items by 类/款/项 with their amounts; each must equal the total of "
              "the same row of the function table (05 in 决算, the 一般公共预算 function table in 预算).")
    example_fail = (
        "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "208\t社会保障和就业支出\t30.00\t30.00\t0.00\n20805\t行政事业单位养老支出\t30.00\t30.00\t0.00\n"
        "2080505\t机关事业单位基本养老保险缴费支出\t30.00\t30.00\t0.00\n\n"
        "1.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"
        "全年预算为31.00万元，支出决算为32.00万元。\n")
    example_pass = example_fail.replace("支出决算为32.00万元", "支出决算为30.00万元")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        found = _function_table(facts)
        if found is None:
            return
        table, column = found
        for statement in _all_statements(facts):
            row = _row_of(table, statement.names)
            if row is not None and column in row.values:
                yield from self._compare(table, row, column, statement)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        table = facts.table("05")
        if table is None:
            return
        unmatched = [s for s in _all_statements(facts) if _row_of(table, s.names) is None]
        if unmatched:
            yield (f"{len(unmatched)} 条按类款项列示的科目金额未能在{table.table.label}中找到唯一对应行"
                   f"（如“{'/'.join(unmatched[0].names)}”），未核对（{self.code}）")

    def _compare(self, table: TableFacts, row: Entry, column: int, statement: ItemStatement) -> Iterator[Finding]:
        compared = _against_row(statement, row, column)
        if compared is None or compared[0] is None:
            return
        dev, stated, cell = compared
        item = f"{statement.names[0]}（类）{statement.names[1]}（款）{statement.names[2]}（项）"
        shown = f"{row.cells[column].text}{table.table.unit}"
        if table.table.unit != "万元":
            shown += f"（{format_decimal(cell.value, min(cell.places, stated.places))}万元）"
        yield self.numeric(
            dev, f"{row.code} {row.label} = {table.table.label}“{table.columns[column]}”列",
            f"说明中“{item}”为 {statement.amount_text}，{table.table.label} {row.code} {row.label}行为 {shown}。",
            f"The narrative gives {statement.amount_text} for {row.code} {row.label}; {table.table.label} shows "
            f"{shown}.",
            [text_location(statement.paragraph, statement.amount_start, statement.amount_end),
             cell_location(table, row, column)], unit="万元")


@register
class ItemNameVersusTable(Check):
    code = "ITEM-002"
    title = "类款项科目名称与报表不符"
    title_en = "An item's 类/款/项 name differs from its table row"
    category = "crossref"
    why = ("情况说明按类、款、项列示科目时，名称应与报表同一科目行一致：写错款名（如把“住房改革支出”写成“住房保障支出”）、"
           "沿用已停用的旧科目名称（如“医疗卫生与计划生育支出”）或项名不符，说明说明文字是套用旧稿或抄错了科目。"
           "只在金额与报表该行一致、能确认所指为同一行时报告。")
    why_en = ("Items the narrative names by 类/款/项 must carry the names of their table row; a wrong 款, an "
              "obsolete 类 name or a miswritten 项 shows copied or outdated text. Reported only where the amount "
              "matches the row, so the row is certain.")
    example_fail = ("公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
                    "221\t住房保障支出\t12.00\t12.00\t0.00\n22102\t住房改革支出\t12.00\t12.00\t0.00\n"
                    "2210201\t住房公积金\t12.00\t12.00\t0.00\n\n"
                    "1.住房保障支出（类）住房保障支出（款）住房公积金（项）。支出决算为12.00万元。\n")
    example_pass = example_fail.replace("（类）住房保障支出（款）", "（类）住房改革支出（款）")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        found = _function_table(facts)
        if found is None:
            return
        table, column = found
        for statement in _all_statements(facts):
            path = _path(table, statement.names, same_amount=lambda e, s=statement: _nonzero_same(s, e, column))
            if path and path.renamed and column in path.row.values and _same_amount(statement, path.row, column):
                yield self._report(table, path, statement)
            elif path is None and (shifted := _kuan_named_as_xiang(table, statement, column)):
                yield self._report_shift(table, *shifted, statement)

    def _report_shift(self, table: TableFacts, kuan: Entry, row: Entry, statement: ItemStatement) -> Finding:
        names = statement.names
        return self.finding(
            "low", f"{table.table.label} {kuan.code} {kuan.label}（金额一致）：说明写“{names[1]}（款）{names[2]}（项）”，"
                   f"而“{kuan.label}”在报表中是款，其下的项为 {row.code} {row.label}。",
            f"{table.table.label} {kuan.code} (same amount): the narrative gives the 款 “{kuan.label}” as a 项 under "
            f"a 款 “{names[1]}”; the table's 项 under it is {row.code} {row.label}.",
            [text_location(statement.paragraph, statement.start, statement.end), cell_location(table, kuan, None)])

    def _report(self, table: TableFacts, path: Path, statement: ItemStatement) -> Finding:
        stated = "；".join(f"说明写“{name}”，报表 {e.code} 为“{e.label}”" for name, e in path.renamed)
        stated_en = "; ".join(f"“{name}” where the table's {e.code} reads “{e.label}”" for name, e in path.renamed)
        return self.finding(
            "low", f"{table.table.label} {path.row.code} {path.row.label}（金额一致）：{stated}。",
            f"{table.table.label} row {path.row.code} (same amount): {stated_en}.",
            [text_location(statement.paragraph, statement.start, statement.end),
             cell_location(table, path.row, None)])


_PURPOSE = re.compile(r"^[。.]?\s*主要用于[：:]\s*(?P<purpose>[^。；;]{2,80})")


@register
class ItemPurposeCopied(Check):
    code = "ITEM-003"
    title = "科目用途说明照抄上一科目"
    title_en = "An item's purpose copied from the item above"
    category = "template"
    why = ("情况说明逐项写明各科目“主要用于：…”。另一款下的科目与上一科目的用途说明一字不差（如住房公积金写成“事业单位"
           "医疗保险支出”），多半是复制上一段后漏改，读者会误解这笔钱的用途。同一款下的科目用途相近是常事，不报告。")
    why_en = ("Each item's “主要用于：…” says what the money was for. An item of another 款 whose purpose is word for word "
              "the one of the item above (住房公积金 “for public institutions' medical insurance”) was most likely copied "
              "and not edited. Items of one 款 often share a purpose and are not reported.")
    example_fail = ("1、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。主要用于：事业单位医疗保险支出。支出决算为3.00万元。\n"
                    "2、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：事业单位医疗保险支出。支出决算为9.00万元。\n")
    example_pass = example_fail.replace("住房公积金（项）。主要用于：事业单位医疗保险支出", "住房公积金（项）。主要用于：住房公积金支出")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        statements = [(s, _purpose(s)) for s in _all_statements(facts)]
        for (before, said), (item, purpose) in zip(statements, statements[1:]):
            if purpose and purpose == said and before.names[:2] != item.names[:2] and before.names[2] != item.names[2]:
                yield self.finding(
                    "low", f"“{item.names[2]}（项）”的用途写作“主要用于：{purpose}”，与上一科目“{before.names[2]}（项）”"
                           f"一字不差，而两者不在同一款下：疑为照抄未改。",
                    f"The purpose of {item.names[2]} is word for word that of {before.names[2]}, an item of another 款.",
                    [text_location(item.paragraph, item.start, item.end), text_location(before.paragraph, before.start,
                                                                                       before.end)])


def _purpose(statement: ItemStatement) -> str:
    m = _PURPOSE.search(statement.paragraph.text[statement.end:statement.end + 100])
    return squash(m["purpose"]) if m else ""


def _kuan_named_as_xiang(facts: TableFacts, statement: ItemStatement, column: int) -> tuple[Entry, Entry] | None:
    """"卫生健康支出（类）卫生健康支出（款）计划生育事务（项）20.00万元" where 计划生育事务 is the table's 款
    (with one 项 below it) of that amount: the names moved up a level. (款 row, its 项 row), else None."""
    coded = [e for e in data_entries(facts) if e.code]
    klass = _one(_level(coded, 3, "", statement.names[0], similar=True))
    kuan = _one([e for e in coded if klass and len(e.code) == 5 and e.code.startswith(klass.code)
                 and _name(e.label) == statement.names[2]]) if klass else None
    if kuan is None or column not in kuan.values or not _same_amount(statement, kuan, column):
        return None
    row = _one([e for e in coded if len(e.code) == 7 and e.code.startswith(kuan.code)])
    return (kuan, row) if row is not None else None


def _nonzero_same(statement: ItemStatement, row: Entry, column: int) -> bool:
    return column in row.values and row.values[column].value != 0 and _same_amount(statement, row, column)


def _same_amount(statement: ItemStatement, row: Entry, column: int) -> bool:
    compared = _against_row(statement, row, column)
    return compared is not None and compared[0] is None


def _against_row(statement: ItemStatement, row: Entry, column: int) -> tuple[Deviation | None, Quantity, Quantity] | None:
    """The stated amount against the row's, both in 万元: (deviation or None within rounding, stated,
    row); None where the stated amount cannot be read."""
    stated = parse_cell(statement.amount_text)
    if stated is None:
        return None
    stated, cell = stated.in_wan(), row.values[column].in_wan()
    return deviation(stated, cell.interval()), stated, cell

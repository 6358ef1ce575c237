"""Which table is this? 公开01–09表 by name, else by shape; score tables by their columns.

A 预算 (budget) table is given the number of the 决算 table it shares rows and columns with, so the
same footing and relations run on it: 收支总表 → 01, 收入总表 → 02, 支出总表 → 03, 财政拨款收支总表
→ 04, 一般公共预算支出(功能分类)表 → 05, 基本支出(经济分类)表 → 06, 三公经费表 → 07, 政府性基金 →
08, 国有资本经营 → 09. Titles with 决算 are 决算 tables; other titles are read as budget titles (the
national template's "部门收支总表" says neither word).
"""

from __future__ import annotations

import re

from reviewer.document import Table

# Title fragments, most specific first: 04 before 01, 05/06 before 03.
_BY_TITLE = [
    ("04", re.compile(r"财政拨款收入支出决算总表")),
    ("01", re.compile(r"收入支出决算总表")),
    ("02", re.compile(r"收入决算表")),
    ("06", re.compile(r"基本支出决算表")),
    ("07", re.compile(r"三公")),
    ("08", re.compile(r"政府性基金预算财政拨款")),
    ("09", re.compile(r"国有资本经营预算财政拨款")),
    ("05", re.compile(r"一般公共预算财政拨款支出决算表")),
    ("03", re.compile(r"支出决算表")),
]


# Budget titles, most specific first (Shanghai's "2025年部门财务收支预算总表" and the national
# "部门收支总表" alike).
_BUDGET_BY_TITLE = [
    ("04", re.compile(r"财政拨款收支(预算)?总表")),
    ("01", re.compile(r"收支(预算)?总表")),
    ("02", re.compile(r"收入(预算)?总表")),
    ("03", re.compile(r"支出(预算)?总表")),
    ("08", re.compile(r"政府性基金预算支出")),
    ("09", re.compile(r"国有资本经营预算支出")),
    ("07", re.compile(r"三公")),
    ("06", re.compile(r"基本支出")),
    ("05", re.compile(r"一般公共预算支出")),
]


def _header_text(table: Table, rows: int = 4) -> str:
    return "".join("".join(c.text for c in r) for r in table.rows[:rows]).replace(" ", "")


def _all_text(table: Table) -> str:
    return "".join("".join(c.text for c in r) for r in table.rows).replace(" ", "")


def _by_shape(table: Table) -> str | None:
    head = _header_text(table)
    text = _all_text(table)
    if "分值" in head and ("得分" in head or "自评" in head):
        return "score"
    if "全年执行数" in text or ("年度资金总额" in text and "执行率" in text):
        return "project_score"
    if "人员经费" in head and "公用经费" in head:
        return "06"
    if "因公出国" in text and "公务接待" in text and "公务用车" in text:
        return "07"
    if "本年收入合计" in text and "总计" in text and "结转" in text:
        return "04" if "一般公共预算财政拨款" in head else "01"
    if "本年收入合计" in head and "财政拨款收入" in head:
        return "02"
    if "本年支出合计" in head and "基本支出" in head and "项目支出" in head:
        return "03"
    if "基本支出" in head and "项目支出" in head and ("小计" in head or "合计" in head):
        return "05"
    return None


def identify_table(table: Table) -> None:
    """Set ``table.code`` (and a title if missing) from the title, else from the table's shape."""
    if table.code is None and table.title:
        budget = "决算" not in table.title
        for code, pattern in _BUDGET_BY_TITLE if budget else _BY_TITLE:
            if pattern.search(table.title):
                table.code, table.budget = code, budget
                break
    shape = _by_shape(table)
    if table.code is None or shape in ("score", "project_score"):
        table.code = shape or table.code

"""Table layouts of real reports: codes in one column or split over 类 | 款 | 项 columns (as text or
as spreadsheet numbers, upper levels left blank), codes beside empty amount cells, 预算 tables named
by their titles, titles drawn inside the grid. Each layout is footed: a planted error is found at its
cell, and a code is never read as an amount. The figures are invented (a fictional 河湾区档案服务中心)."""

from __future__ import annotations

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import table_facts
from reviewer.ingest import parse_text

SPLIT_CODES = """\
2025年部门一般公共预算支出功能分类预算表
编制部门：河湾区档案服务中心\t\t\t\t\t单位：元
项目\t\t\t\t一般公共预算支出\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t1,250,000.00\t950,000.00\t300,000.00
201\t26\t\t档案事务\t1,250,000.00\t950,000.00\t300,000.00
201\t26\t01\t行政运行\t950,000.00\t950,000.00\t
201\t26\t04\t档案馆\t300,000.00\t\t300,000.00
208\t\t\t社会保障和就业支出\t180,000.00\t180,000.00\t
208\t05\t\t行政事业单位养老支出\t180,000.00\t180,000.00\t
208\t05\t05\t机关事业单位基本养老保险缴费支出\t120,000.00\t120,000.00\t
208\t05\t06\t机关事业单位职业年金缴费支出\t60,000.00\t60,000.00\t
合计\t\t\t\t1,430,000.00\t1,130,000.00\t300,000.00
"""


def _findings(text: str, codes=("FOOT-001", "FOOT-002", "FOOT-003", "FOOT-004")):
    facts = DocumentFacts(parse_text(text))
    return [f for code in codes for f in CATALOGUE[code]().run(facts)]


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_split_code_columns_are_joined_into_codes_and_never_read_as_amounts():
    facts = table_facts(parse_text(SPLIT_CODES).tables[0])
    assert [e.code for e in facts.entries if e.code] == ["201", "20126", "2012601", "2012604", "208", "20805",
                                                          "2080505", "2080506"]
    assert all(min(e.values) >= 4 for e in facts.entries if e.values)
    assert facts.code_columns == [[0, 1, 2]]
    assert _findings(SPLIT_CODES) == []


def test_a_budget_table_is_named_by_its_title_and_gets_the_05_checks():
    table = parse_text(SPLIT_CODES).tables[0]
    assert (table.code, table.budget, table.unit) == ("05", True, "元")
    assert table.label == "2025年部门一般公共预算支出功能分类预算表"


@pytest.mark.parametrize("old, new, expected", [
    # a 项 amount off: its 款 no longer adds up, and its own row no longer equals 基本 + 项目
    ("01\t行政运行\t950,000.00\t950,000.00", "01\t行政运行\t950,000.00\t905,000.00",
     {("FOOT-002", "20126"), ("FOOT-004", "2012601")}),
    # a 类 total off in the 合计 column only: 类 ≠ Σ款, 合计 ≠ Σ类 and the row ≠ 基本 + 项目
    ("208\t\t\t社会保障和就业支出\t180,000.00", "208\t\t\t社会保障和就业支出\t190,000.00",
     {("FOOT-002", "208"), ("FOOT-002", "合计"), ("FOOT-004", "208")}),
])
def test_a_planted_error_in_split_code_columns_is_found_at_its_cell(old, new, expected):
    found = {(f.code, f.locations[0].row.split()[0]) for f in _findings(_swap(SPLIT_CODES, old, new))}
    assert found == expected


def test_the_cited_cell_is_the_changed_one():
    text = _swap(SPLIT_CODES, "01\t行政运行\t950,000.00\t950,000.00", "01\t行政运行\t950,000.00\t905,000.00")
    finding = next(f for f in _findings(text) if f.code == "FOOT-004")
    assert finding.locations[0].row == "2012601 行政运行" and finding.locations[0].quote == "950,000.00"
    assert (finding.evidence.stated, finding.evidence.expected) == ("950000.00元", "905000.00元")


def test_blank_upper_levels_are_carried_down_and_numeric_codes_padded():
    # a spreadsheet export: 类 printed once, 款 and 项 stored as numbers (26 → "26", 1 → "01")
    text = (SPLIT_CODES.replace("201\t26\t01\t", "\t\t1\t").replace("201\t26\t04\t", "\t\t4\t")
            .replace("208\t05\t\t", "\t5\t\t").replace("208\t05\t05\t", "\t\t5\t").replace("208\t05\t06\t", "\t\t6\t"))
    facts = table_facts(parse_text(text).tables[0])
    assert [e.code for e in facts.entries if e.code] == ["201", "20126", "2012601", "2012604", "208", "20805",
                                                          "2080505", "2080506"]
    assert _findings(text) == []


def test_a_malformed_class_code_is_kept_as_printed_not_padded():
    text = SPLIT_CODES.replace("208\t05\t06\t", "8\t05\t06\t")
    codes = [e.code for e in table_facts(parse_text(text).tables[0]).entries if e.code]
    assert "80506" in codes and "0080506" not in codes


ECONOMIC_TEMPLATE = """\
公开06表
一般公共预算财政拨款基本支出决算表
单位：万元
经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数
301\t工资福利支出\t\t302\t商品和服务支出\t
30101\t基本工资\t\t30201\t办公费\t
30102\t津贴补贴\t\t30202\t印刷费\t
"""


def test_a_code_beside_an_empty_amount_is_a_code_not_an_amount():
    facts = table_facts(parse_text(ECONOMIC_TEMPLATE).tables[0])
    assert [e.code for e in facts.entries] == ["301", "302", "30101", "30201", "30102", "30202"]
    assert all(not e.values for e in facts.entries)
    assert _findings(ECONOMIC_TEMPLATE) == []


INCOME_BUDGET = """\
2025年部门收入预算总表
编制部门：河湾区档案服务中心\t\t\t\t\t\t单位：元
项目\t\t\t\t收入预算\t\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\t其他收入
类\t款\t项\t\t\t\t\t
201\t\t\t一般公共服务支出\t1,250,000.00\t1,250,000.00\t\t
201\t26\t\t档案事务\t1,250,000.00\t1,250,000.00\t\t
201\t26\t01\t行政运行\t950,000.00\t950,000.00\t\t
201\t26\t04\t档案馆\t300,000.00\t300,000.00\t\t
"""


def test_income_sources_left_blank_still_give_the_row_identity():
    assert _findings(INCOME_BUDGET) == []
    text = _swap(INCOME_BUDGET, "04\t档案馆\t300,000.00\t300,000.00", "04\t档案馆\t300,000.00\t310,000.00")
    found = {(f.code, f.locations[0].row.split()[0]) for f in _findings(text)}
    assert found == {("FOOT-004", "2012604"), ("FOOT-002", "20126")}


@pytest.mark.parametrize("title, code", [
    ("2025年部门财务收支预算总表", "01"), ("部门收支总表", "01"), ("2025年部门收入预算总表", "02"),
    ("部门支出总表", "03"), ("2025年部门财政拨款收支预算总表", "04"), ("财政拨款收支总表", "04"),
    ("一般公共预算支出表", "05"), ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "06"),
    ("一般公共预算基本支出表", "06"), ("一般公共预算“三公”经费支出表", "07"),
    ("2025年部门政府性基金预算支出功能分类预算表", "08"), ("国有资本经营预算支出表", "09"),
    ("一般公共预算财政拨款支出决算表", "05"), ("支出决算表", "03"),
])
def test_budget_and_final_account_titles_name_the_table(title, code):
    table = parse_text(f"{title}\n单位：万元\n项目\t金额\n合计\t1.00\n").tables[0]
    assert table.code == code and table.budget == ("决算" not in title)


def test_title_and_unit_drawn_inside_the_grid_name_the_table_and_leave_its_header():
    text = ("说明文字结束。\n"
            "2025年部门收入预算总表\t\t\t\t\t\t\t\n\t\t\t\t\t\t\t\n编制部门：河湾区档案服务中心\t\t\t\t\t\t单位：元\t\n"
            + INCOME_BUDGET.split("\n", 2)[2])
    table = parse_text(text).tables[0]
    assert (table.code, table.unit, table.title) == ("02", "元", "2025年部门收入预算总表")
    assert table.rows[0][0].text == "项目"


BUDGET_TABLES = """\
2025年部门财务收支预算总表
编制部门：河湾区档案服务中心\t\t\t单位：元
本年收入\t\t本年支出\t
项目\t预算数\t项目\t预算数
一、财政拨款收入\t1,430,000.00\t一、一般公共服务支出\t1,250,000.00
1.一般公共预算资金\t1,430,000.00\t二、社会保障和就业支出\t180,000.00
2.政府性基金\t\t\t
二、事业收入\t\t\t
收入总计\t1,430,000.00\t支出总计\t1,430,000.00

2025年部门财政拨款收支预算总表
编制部门：河湾区档案服务中心\t\t\t\t\t\t单位：元
财政拨款收入\t\t财政拨款支出\t\t\t\t
项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
一、一般公共预算资金\t1,430,000.00\t一、一般公共服务支出\t1,250,000.00\t1,250,000.00\t\t
二、政府性基金\t\t二、社会保障和就业支出\t180,000.00\t180,000.00\t\t
收入总计\t1,430,000.00\t支出总计\t1,430,000.00\t1,430,000.00\t\t

""" + SPLIT_CODES + """
2025年部门一般公共预算基本支出部门预算经济分类预算表
编制部门：河湾区档案服务中心\t\t\t\t\t单位：元
项目\t\t\t一般公共预算基本支出\t\t
经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费
类\t款\t\t\t\t
301\t\t工资福利支出\t1,000,000.00\t1,000,000.00\t
301\t01\t基本工资\t600,000.00\t600,000.00\t
301\t02\t津贴补贴\t400,000.00\t400,000.00\t
302\t\t商品和服务支出\t130,000.00\t\t130,000.00
302\t01\t办公费\t130,000.00\t\t130,000.00
合计\t\t\t1,130,000.00\t1,000,000.00\t130,000.00
"""

ALL_TABLE_CHECKS = ("FOOT-001", "FOOT-002", "FOOT-003", "FOOT-004", "REL-001", "REL-002")


def test_a_consistent_budget_gives_no_table_finding():
    tables = parse_text(BUDGET_TABLES).tables
    assert [t.code for t in tables] == ["01", "04", "05", "06"] and all(t.budget for t in tables)
    assert _findings(BUDGET_TABLES, ALL_TABLE_CHECKS) == []


@pytest.mark.parametrize("old, new, expected", [
    # 01: a class line off: 支出总计 is no longer the sum of its lines (the sub-line 1.一般公共预算资金
    # is a breakdown of 一、财政拨款收入, never added to it)
    ("一、一般公共服务支出\t1,250,000.00\n1.", "一、一般公共服务支出\t1,260,000.00\n1.", {"REL-001"}),
    # 04: the 一般公共预算 column of a class line: its own column sum, its row identity and table 05 disagree
    ("一、一般公共服务支出\t1,250,000.00\t1,250,000.00", "一、一般公共服务支出\t1,250,000.00\t1,240,000.00",
     {"REL-001", "REL-002", "FOOT-004"}),
    # 06: its 合计 no longer equals 人员经费 + 公用经费, nor 05's 基本支出 合计
    ("合计\t\t\t1,130,000.00", "合计\t\t\t1,140,000.00", {"FOOT-001", "REL-002"}),
])
def test_budget_relations_and_balances(old, new, expected):
    assert {f.code for f in _findings(_swap(BUDGET_TABLES, old, new), ALL_TABLE_CHECKS)} == expected


def test_a_recognised_table_a_check_cannot_read_is_listed_as_not_checked():
    from reviewer.review import review_document

    uncoded = ("公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目名称\t合计\t基本支出\t项目支出\t调整数\n"
               "一般公共服务支出\t100.00\t80.00\t20.00\t1.00\n行政运行\t80.00\t80.00\t0.00\t0.00\n"
               "合计\t100.00\t80.00\t20.00\t1.00\n")
    notes = review_document(parse_text(uncoded)).not_checked
    assert "公开05表 一般公共预算财政拨款支出决算表：未识别出科目编码列，类款项衔接（FOOT-002）未检查" in notes
    assert "公开05表 一般公共预算财政拨款支出决算表：合计列与分项列未能一一对应，逐行合计（FOOT-004）未检查" in notes
    assert not [n for n in review_document(parse_text(SPLIT_CODES)).not_checked if "（FOOT-" in n]


def test_split_codes_stored_as_spreadsheet_numbers_are_read_as_codes(tmp_path):
    """An Excel export: 类 | 款 | 项 as numbers (26, 1), amounts as numbers; a planted error is found at its cell."""
    from openpyxl import Workbook

    from reviewer.ingest import load
    from reviewer.review import review_document

    book = Workbook()
    sheet = book.active
    sheet.title = "预算表5"
    sheet.append(["2025年部门一般公共预算支出功能分类预算表"])
    sheet.append(["编制部门：河湾区档案服务中心", None, None, None, None, None, "单位：元"])
    sheet.append(["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"])
    sheet.append(["类", "款", "项", None, None, None, None])
    sheet.append([201, None, None, "一般公共服务支出", 1250000, 950000, 300000])
    sheet.append([201, 26, None, "档案事务", 1250000, 950000, 300000])
    sheet.append([201, 26, 1, "行政运行", 950000, 905000, None])
    sheet.append([201, 26, 4, "档案馆", 300000, None, 300000])
    path = tmp_path / "budget.xlsx"
    book.save(path)
    document = load(path)
    assert [e.code for e in table_facts(document.tables[0]).entries if e.code] == ["201", "20126", "2012601", "2012604"]
    findings = [f for f in review_document(document).findings if f.code.startswith("FOOT")]
    assert {(f.code, f.locations[0].ref) for f in findings} == {("FOOT-002", "预算表5!F6"), ("FOOT-004", "预算表5!E7")}


@pytest.mark.parametrize("written", ["{code} {name}", "【{code}】{name}", "{code}-{name}", "{code}{name}"])
def test_a_code_printed_in_the_name_cell_is_read_as_the_row_code(written):
    rows = [("201", "一般公共服务支出", "80.00"), ("20126", "档案事务", "80.00"), ("2012601", "行政运行", "50.00"),
            ("2012604", "档案馆", "31.00")]
    text = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目\t合计\n" + "".join(
        f"{written.format(code=c, name=n)}\t{v}\n" for c, n, v in rows)
    facts = table_facts(parse_text(text).tables[0])
    assert [(e.code, e.label) for e in facts.entries] == [(c, n) for c, n, _ in rows]
    assert {f.locations[0].row for f in _findings(text)} == {"20126 档案事务"}   # 80.00 ≠ 50.00 + 31.00


def test_a_count_or_amount_in_a_name_cell_is_not_a_code():
    text = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目\t合计\n100万元以上设备\t3.00\n120人以上会议\t2.00\n"
    assert [e.code for e in table_facts(parse_text(text).tables[0]).entries] == [None, None]


REPEATED_GROUPS = """\
公开05表
一般公共预算财政拨款支出决算表
单位：万元
项目\t\t年初预算数\t\t\t决算数\t\t
科目编码\t科目名称\t小计\t基本支出\t项目支出\t小计\t基本支出\t项目支出
201\t一般公共服务支出\t100.00\t80.00\t20.00\t105.00\t84.00\t21.00
20126\t档案事务\t100.00\t80.00\t20.00\t105.00\t84.00\t21.00
2012601\t行政运行\t80.00\t80.00\t0.00\t84.00\t84.00\t0.00
2012604\t档案馆\t20.00\t0.00\t20.00\t21.00\t0.00\t21.00
"""


def test_column_groups_repeated_for_budget_and_actual_each_get_the_row_identity():
    assert _findings(REPEATED_GROUPS) == []
    text = _swap(REPEATED_GROUPS, "2012604\t档案馆\t20.00\t0.00\t20.00\t21.00\t0.00\t21.00",
                 "2012604\t档案馆\t20.00\t0.00\t20.00\t21.00\t0.00\t22.00")
    found = {(f.code, f.locations[0].row, f.locations[0].column) for f in _findings(text)}
    assert found == {("FOOT-004", "2012604 档案馆", "决算数小计"), ("FOOT-002", "20126 档案事务", "决算数项目支出")}


BUDGET_SANGONG = """\
2025年部门“三公”经费和机关运行经费预算表
编制部门：河湾区档案服务中心\t\t\t\t\t\t单位：万元
“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t
\t\t\t小计\t购置费\t运行费\t
12.40\t0.00\t2.40\t10.00\t4.00\t6.00\t88.50

2025年“三公”经费预算数为12.40万元。其中：因公出国（境）费0.00万元；公务接待费2.40万元；公务用车购置及运行费10.00万元，其中：公务用车购置费4.00万元，公务用车运行费6.00万元。
2025年本部门财政拨款的机关运行经费预算为88.50万元。
"""


def test_a_budget_sangong_table_of_one_row_is_read_by_its_columns_against_the_narrative():
    from reviewer.review import review_document

    assert [f for f in review_document(parse_text(BUDGET_SANGONG)).findings if f.code == "NARR-005"] == []
    for old, new, column in [("12.40\t0.00", "12.90\t0.00", "“三公”经费预算数合计"), ("\t88.50", "\t89.50", "机关运行经费预算数"),
                             ("4.00\t6.00", "4.00\t6.50", "运行费")]:
        text = _swap(BUDGET_SANGONG, old, new)
        narrative = [f for f in review_document(parse_text(text)).findings if f.code == "NARR-005"]
        assert len(narrative) == 1 and narrative[0].locations[1].column == column, (old, narrative)
        assert f"预算表“{column}”" in narrative[0].message


def test_a_subtotal_under_a_merged_header_beside_a_row_spanning_column_is_footed():
    # 公务用车购置及运行费 spans 小计 | 购置费 | 运行费; 机关运行经费预算数 beside it spans the header rows
    found = [(f.code, f.locations[0].column) for f in _findings(_swap(BUDGET_SANGONG, "4.00\t6.00", "4.00\t6.50"))]
    assert found == [("FOOT-001", "公务用车购置及运行费小计")]


FINAL_SANGONG = """\
公开07表
财政拨款“三公”经费支出决算表
单位：万元
财政拨款“三公”经费\t\t\t\t\t\t\t\t\t\t\t
合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t
\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t
预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数
3.00\t2.50\t0.00\t0.00\t2.00\t1.80\t0.00\t0.00\t2.00\t1.80\t1.00\t0.70

2024年度财政拨款“三公”经费支出决算为2.50万元。公务用车运行维护费支出决算为1.80万元。公务接待费支出决算为0.70万元。
"""


def test_a_final_sangong_table_of_budget_and_actual_pairs_is_read_by_its_actual_columns():
    from reviewer.review import review_document

    columns = table_facts(parse_text(FINAL_SANGONG).tables[0]).columns
    # the text loader drops the one-cell top row (财政拨款“三公”经费); a PDF grid keeps it above 合计
    assert columns[1::2] == ["合计决算数", "因公出国（境）费决算数", "公务用车购置及运行维护费小计决算数",
                             "公务用车购置费决算数", "公务用车运行维护费决算数", "公务接待费决算数"]
    assert [f for f in review_document(parse_text(FINAL_SANGONG)).findings if f.code == "NARR-005"] == []
    text = _swap(FINAL_SANGONG, "接待费支出决算为0.70", "接待费支出决算为0.90")
    finding, = [f for f in review_document(parse_text(text)).findings if f.code == "NARR-005"]
    assert finding.locations[1].column == "公务接待费决算数"


# A web page's 三公 table copied as text, one cell per line, its total row named after the 三公 themselves.
LONE_CELL_SANGONG = ("“三公”经费决算情况表\n单位：万元\n经费项目 |\n本年支出 |\n因公出国（境）费 |\n0.00 |\n公务接待费 |\n"
                     "12.40 |\n公务用车购置及运行维护费 |\n30.60 |\n公务用车购置费 |\n18.00 |\n公务用车运行维护费 |\n12.60 |\n"
                     "总“三公”经费支出 |\n43.00 |\n")


@pytest.mark.parametrize("old, new, row", [
    ("43.00", "44.00", "总“三公”经费支出"),
    ("12.60", "11.60", "公务用车购置及运行维护费"),
])
def test_a_sangong_table_of_one_cell_per_line_is_footed(old, new, row):
    assert _findings(LONE_CELL_SANGONG) == []
    (finding,) = _findings(_swap(LONE_CELL_SANGONG, old, new))
    assert (finding.code, finding.locations[0].row) == ("FOOT-001", row)


# The same kind of table copied from a PDF viewer: one row per line, figures parted by spaces.
SPACED_SANGONG = ("“三公”经费预算表\n金额单位：万元\n项目 本年预算数 其中：一般公共预算安排数\n一、“三公”经费合计 18.40 18.40\n"
                  "(一)因公出国(境)费 0 0\n(二)公务接待费 11.60 11.60\n(三)公务用车购置及运行费 6.80 6.80\n"
                  "      1.公务用车购置费    \n      2.公务用车运行维护费 6.80 6.80\n")


def test_a_sangong_table_of_spaced_rows_is_footed():
    assert _findings(SPACED_SANGONG) == []
    found = _findings(_swap(SPACED_SANGONG, "合计 18.40 18.40", "合计 19.40 18.40"))
    assert [(f.code, f.locations[0].row, f.locations[0].quote) for f in found] == [("FOOT-001", "一、“三公”经费合计", "19.40")]


def test_a_subtotal_whose_items_are_all_left_blank_is_not_footed():
    # the sub-rows of 公务用车购置及运行维护费 left empty give no breakdown; they are not zeros
    text = ("“三公”经费支出决算表\n单位：万元\n项目 | 预算数 | 决算数 |\n合计 | 3.00 | 1.71 |\n因公出国（境）费 | 0 | 0 |\n"
            "公务接待费 | 1.00 | 0.53 |\n公务用车购置及运行维护费 | 2.00 | 1.18 |\n其中：公务用车运行维护费 | | |\n公务用车购置费 | | |\n")
    assert _findings(text) == []
    assert [f.code for f in _findings(_swap(text, "运行维护费 | | |", "运行维护费 | 1.00 | 1.00 |"))] == ["FOOT-001", "FOOT-001"]

"""ITEM-001/002: items the narrative names by 类/款/项 against the function table's row, in the 决算
wording ("…（项）。…支出决算为N万元") and the budget wording ("“…（项）”N万元" beside a table in 元).
The report below is invented (a fictional 河湾区档案服务中心)."""

from __future__ import annotations

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.ingest import parse_text
from reviewer.review import review_document

FINAL = """\
公开05表
一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t80.00\t50.00\t30.00
20126\t档案事务\t80.00\t50.00\t30.00
2012601\t行政运行\t50.00\t50.00\t0.00
2012604\t档案馆\t30.00\t0.00\t30.00
221\t住房保障支出\t12.00\t12.00\t0.00
22102\t住房改革支出\t12.00\t12.00\t0.00
2210201\t住房公积金\t12.00\t12.00\t0.00

1、一般公共服务支出（类）档案事务（款）行政运行（项）。主要用于：人员和日常运转。全年预算为52.00万元，支出决算为50.00万元。
2、一般公共服务支出（类）档案事务（款）档案馆（项）。主要用于：档案数字化。全年预算为30.00万元，支出决算为30.00万元。
3、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：在职人员公积金。全年预算为12.00万元，支出决算为12.00万元。
"""

BUDGET = """\
2025年部门一般公共预算支出功能分类预算表
编制部门：河湾区档案服务中心\t\t\t\t\t单位：元
项目\t\t\t\t一般公共预算支出\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t800,000.00\t500,000.00\t300,000.00
201\t26\t\t档案事务\t800,000.00\t500,000.00\t300,000.00
201\t26\t01\t行政运行\t500,000.00\t500,000.00\t
201\t26\t04\t档案馆\t300,000.00\t\t300,000.00

1.“一般公共服务支出（类）档案事务（款）行政运行（项）”50.00万元，主要用于人员和日常运转。
2.“一般公共服务支出（类）档案事务（款）档案馆（项）”30.00万元，主要用于档案数字化。
"""


def _found(text: str, code: str) -> list:
    return list(CATALOGUE[code]().run(DocumentFacts(parse_text(text))))


@pytest.mark.parametrize("text", [FINAL, BUDGET], ids=["final", "budget"])
def test_items_that_match_their_rows_are_silent(text):
    assert _found(text, "ITEM-001") == [] and _found(text, "ITEM-002") == []
    assert not [n for n in review_document(parse_text(text)).not_checked if "ITEM-" in n]


def test_a_final_account_item_amount_off_its_row_is_found_at_both_places():
    text = FINAL.replace("支出决算为30.00万元", "支出决算为33.00万元")
    finding, = _found(text, "ITEM-001")
    assert (finding.evidence.stated, finding.evidence.expected) == ("33.00万元", "30.00万元")
    assert finding.locations[0].quote == "33.00万元" and finding.locations[1].row == "2012604 档案馆"
    assert finding.severity == "high"


def test_a_budget_item_is_compared_with_its_row_in_yuan():
    finding, = _found(BUDGET.replace("”30.00万元", "”31.50万元"), "ITEM-001")
    assert finding.message == ("说明中“一般公共服务支出（类）档案事务（款）档案馆（项）”为 31.50万元，"
                               "2025年部门一般公共预算支出功能分类预算表 2012604 档案馆行为 300,000.00元（30.00万元）。")


def test_a_wrong_kuan_name_or_an_old_class_name_is_a_naming_finding_not_an_amount_one():
    wrong_kuan = FINAL.replace("住房保障支出（类）住房改革支出（款）", "住房保障支出（类）住房保障支出（款）")
    finding, = _found(wrong_kuan, "ITEM-002")
    assert "说明写“住房保障支出”，报表 22102 为“住房改革支出”" in finding.message
    assert _found(wrong_kuan, "ITEM-001") == []
    renamed_class = FINAL.replace("1、一般公共服务支出（类）", "1、一般公共服务（类）")
    assert "报表 201 为“一般公共服务支出”" in _found(renamed_class, "ITEM-002")[0].message


def test_a_naming_difference_with_a_different_amount_is_left_unchecked_and_said_so():
    text = FINAL.replace("住房保障支出（类）住房改革支出（款）", "住房保障支出（类）住房保障支出（款）").replace(
        "支出决算为12.00万元", "支出决算为13.00万元")
    assert _found(text, "ITEM-002") == [] and _found(text, "ITEM-001") == []
    notes = review_document(parse_text(text)).not_checked
    assert any("1 条按类款项列示的科目金额未能" in n and "（ITEM-001）" in n for n in notes)


def test_an_item_named_unlike_any_row_is_the_one_row_of_its_kuan_with_its_amount():
    text = FINAL.replace("档案事务（款）档案馆（项）", "档案事务（款）档案数字化保存（项）")
    finding, = _found(text, "ITEM-002")
    assert "说明写“档案数字化保存”，报表 2012604 为“档案馆”" in finding.message
    assert _found(text.replace("支出决算为30.00万元", "支出决算为29.00万元"), "ITEM-002") == []


def test_a_kuan_written_as_the_xiang_with_the_class_name_as_its_kuan_is_a_naming_finding():
    """The 款 档案事务 (one 项 below it in this table) written in the 项's place, with the 类 name as the 款."""
    table = FINAL.split("\n\n")[0].replace("2012601\t行政运行\t50.00\t50.00\t0.00\n", "").replace(
        "20126\t档案事务\t80.00\t50.00\t30.00", "20126\t档案事务\t30.00\t0.00\t30.00").replace(
        "201\t一般公共服务支出\t80.00\t50.00\t30.00", "201\t一般公共服务支出\t30.00\t0.00\t30.00")
    text = table + "\n\n1、一般公共服务支出（类）一般公共服务支出（款）档案事务（项）。全年预算为30.00万元，支出决算为30.00万元。\n"
    finding, = _found(text, "ITEM-002")
    assert "“档案事务”在报表中是款" in finding.message and "2012604 档案馆" in finding.message
    assert _found(text.replace("支出决算为30.00万元", "支出决算为29.00万元"), "ITEM-002") == []


def test_a_row_printed_with_a_wrong_code_right_under_its_kuan_is_still_its_row():
    """事业单位医疗 printed "71102" under 21011 (STRUCT-004's finding): the old class name is still named."""
    table = ("公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
             "210\t卫生健康支出\t20.00\t20.00\t0.00\n21011\t行政事业单位医疗\t20.00\t20.00\t0.00\n"
             "71102\t事业单位医疗\t20.00\t20.00\t0.00\n")
    text = table + "\n1、医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）。支出决算为20.00万元。\n"
    finding, = _found(text, "ITEM-002")
    assert "说明写“医疗卫生与计划生育支出”，报表 210 为“卫生健康支出”" in finding.message


def test_a_purpose_copied_from_an_item_of_another_kuan_is_found_and_one_kuan_sharing_a_purpose_is_not():
    copied = ("1、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。主要用于：事业单位医疗保险支出。支出决算为3.00万元。\n"
              "2、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：事业单位医疗保险支出。支出决算为9.00万元。\n")
    finding, = _found(copied, "ITEM-003")
    assert "住房公积金（项）" in finding.message and "事业单位医疗（项）" in finding.message
    shared = ("1、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。主要用于：养老保险支出。"
              "支出决算为6.00万元。\n2、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。"
              "主要用于：养老保险支出。支出决算为3.00万元。\n")
    assert _found(shared, "ITEM-003") == []

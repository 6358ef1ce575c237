"""The document block's metadata: report type, year, department and title, told from the cover,
the title, the table set and the headings. The texts below are invented; the real reports are read
from ../shared/real_reports where that folder is beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.document import Cell, Table
from reviewer.ingest import load, parse_text
from reviewer.ingest.metadata import report_type_of
from reviewer.render import render_json
from reviewer.review import report_type, review_document

REAL_REPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "real_reports"


def _meta(text: str) -> tuple[str, int | None, str]:
    doc = parse_text(text)
    return doc.report_type, doc.year, doc.department


# --- report types -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("平川县自然资源局\n2023年度部门决算\n目录\n第一部分 部门概况\n",
     ("部门决算", 2023, "平川县自然资源局")),
    ("平川县气象服务站2022年度单位决算\n一、单位基本情况\n本站负责全县气象观测。\n",
     ("单位决算", 2022, "平川县气象服务站")),
    ("河西区2026年区级部门预算\n预算主管部门：河西区文化和旅游局\n目录\n",
     ("部门预算", 2026, "河西区文化和旅游局")),
    ("河西区2026年区级单位预算\n预算单位：河西区图书馆\n目录\n",
     ("单位预算", 2026, "河西区图书馆")),
    ("2023年度部门整体支出绩效自评报告\n部门名称：青禾县水利局\n填报日期：2024年2月6日\n一、部门概况\n",
     ("部门整体支出绩效自评", 2023, "青禾县水利局")),
    ("青禾县2023年度部门整体支出绩效评价指标及评分表\n评价单位（盖章）：  青禾县林业局    填报日期：2024年3月1日\n",
     ("部门整体支出绩效自评", 2023, "青禾县林业局")),
    ("2023年度乡村公路养护项目支出绩效自评表\n填报单位：青禾县交通运输局（盖章）\n",
     ("项目支出绩效自评", 2023, "青禾县交通运输局")),
    ("青禾县农业农村局关于2022年度农田灌溉补助资金绩效评价报告\n一、项目概况\n",
     ("绩效评价报告", 2022, "青禾县农业农村局")),
    ("会议纪要\n今天讨论了办公用品的采购安排。\n",
     ("其他", None, "")),
])
def test_type_year_and_department_from_the_cover(text, expected):
    assert _meta(text) == expected


def test_the_memo_carries_the_type_the_document_was_given():
    doc = parse_text("河西区2026年区级单位预算\n预算单位：河西区图书馆\n")
    memo = json.loads(render_json(review_document(doc)))["document"]
    assert report_type(doc) == doc.report_type == memo["report_type"] == "单位预算"
    assert (memo["year"], memo["department"], memo["title"]) == (2026, "河西区图书馆", "河西区2026年区级单位预算")


def _table(title: str, code: str | None) -> Table:
    return Table(title=title, code=code, rows=[[Cell(text="合计"), Cell(text="10.00")]], line=1)


@pytest.mark.parametrize("tables, expected", [
    ([_table("收入决算表", "02"), _table("支出决算表", "03")], "部门决算"),
    ([_table("2026年部门收入预算总表", "02"), _table("2026年部门支出预算总表", "03")], "部门预算"),
    ([_table("2026年预算单位收入预算总表", "02"), _table("2026年预算单位支出预算总表", "03")], "单位预算"),
    ([_table("项目支出绩效自评表", "project_score")], "项目支出绩效自评"),
    ([_table("部门整体支出绩效评价指标表", "score")], "部门整体支出绩效自评"),
    ([_table("人员名单", None)], "其他"),
])
def test_without_a_title_the_table_set_tells_the_type(tables, expected):
    assert report_type_of("", tables, []) == expected


def test_without_a_title_or_tables_a_part_heading_tells_the_type():
    text = "第一部分 部门概况\n一、主要职能\n负责全市河道的日常养护。\n第二部分 2022年度部门决算情况说明\n"
    assert _meta(text)[:2] == ("部门决算", 2022)
    assert parse_text(text).title == ""   # a part heading is not the report's title


# --- year -------------------------------------------------------------------------------------

def test_a_budget_is_the_year_it_plans_not_the_year_it_compares_with():
    text = ("东湖区2026年区级部门预算\n预算主管部门：东湖区民政局\n"
            "四、部门预算编制说明\n2026年收入预算较2025年预算执行数增加12.00万元。\n"
            "2025年预算执行数为300.00万元，2025年各项支出均已完成。\n")
    assert _meta(text)[1] == 2026


def test_with_no_title_the_years_compared_with_do_not_count():
    # a 三公 budget page with no recognisable title: 2025 stands after 比/较/与 more often than 2026 stands alone
    text = ("一、2026年一般公共预算“三公”经费支出预算表\n单位：万元\n二、2026年“三公”经费预算情况说明\n"
            "因公出国(境)费0万元，与2025年预算一致；公务接待费2万元，比2025年预算减少1万元；"
            "公务用车运行费5万元，较2025年预算减少2万元。\n")
    assert _meta(text)[1] == 2026


def test_final_accounts_are_the_year_they_close_not_the_year_they_are_published():
    text = "东湖区民政局\n2024年度部门决算\n发布日期：2025年6月30日\n2025年工作计划另行公布。\n"
    assert _meta(text)[1] == 2024


def test_without_a_year_in_the_title_dates_and_spans_do_not_count():
    text = ("东湖区环卫所关于道路清扫经费的绩效评价报告\n"
            "填报日期：2023年4月2日 2023年5月6日\n依据2021-2023年规划，现将2022年项目评价情况报告如下。\n")
    assert _meta(text)[1] == 2022


# --- department -------------------------------------------------------------------------------

def test_a_title_broken_over_cover_lines_is_joined():
    doc = parse_text("中共平川县委\n宣传部2024年度\n部门决算\n目录\n")
    assert (doc.title, doc.department) == ("中共平川县委宣传部2024年度部门决算", "中共平川县委宣传部")


def test_a_cover_that_starts_with_the_year_gives_the_name_after_it():
    doc = parse_text("2022 年度\n平川县医疗保障局（汇总）\n部门决算\n目 录\n")
    assert (doc.title, doc.department, doc.year) == ("2022年度平川县医疗保障局（汇总）部门决算", "平川县医疗保障局", 2022)


def test_a_blank_template_names_no_department():
    text = ("上海市XX局\n2024年度部门决算\n第一部分 概况\n"
            "主要用于指导混合所需的设备，保障日常工作开展等所需经费。\n"
            "主要用于指导混合所需的设备，保障日常工作开展等所需经费。\n")
    doc = parse_text(text)
    assert (doc.report_type, doc.year, doc.department) == ("部门决算", 2024, "")


def test_a_phrase_ending_in_a_suffix_is_never_taken_for_a_department():
    text = ("2024年度部门决算\n第一部分 概况\n本年度用于指导混合所需的设备。\n本年度用于指导混合所需的设备。\n"
            "保障日常工作开展等所需经费。保障日常工作开展等所需经费。\n")
    assert _meta(text)[2] == ""


def test_without_a_cover_the_region_led_name_the_text_repeats_is_the_department():
    text = ("第一部分 部门概况\n一、机构设置\n平川县医疗保障事务中心属参照公务员法管理的事业单位。\n"
            "二、主要工作\n平川县医疗保障事务中心全年完成结算1200笔。\n第二部分 2021年度部门决算情况说明\n")
    assert _meta(text) == ("部门决算", 2021, "平川县医疗保障事务中心")


def test_a_table_header_label_beside_the_money_unit_gives_the_name_only():
    text = "平川县2026年县级单位预算\n编制单位：平川县社会福利院单位：元\n"
    assert _meta(text)[2] == "平川县社会福利院"


def test_a_site_menu_above_the_title_is_not_part_of_it():
    doc = parse_text("首页 政务公开 财政预决算 部门决算\n2023年度部门决算\n部门：平川县档案馆\n")
    assert (doc.title, doc.department) == ("2023年度部门决算", "平川县档案馆")


def test_a_tampered_name_is_not_taken_for_a_department():
    text = "365网站买球_体育官网疾病预防控制中心关于2022年度防疫经费绩效评价报告\n一、项目概况\n"
    assert _meta(text) == ("绩效评价报告", 2022, "")


# --- the real reports -------------------------------------------------------------------------

REAL = {
    "juesuan_2024_putuo_guihuaziyuan.pdf": ("部门决算", 2024, "上海市普陀区规划和自然资源局"),
    "juesuan_2024_putuo_shehuigongzuobu.pdf": ("部门决算", 2024, "中共上海市普陀区委社会工作部"),
    "juesuan_2024_template_blank.pdf": ("部门决算", 2024, ""),
    "yusuan_2025_putuo_shangwuwei_dept.pdf": ("部门预算", 2025, "上海市普陀区商务委员会"),
    "yusuan_2025_putuo_shangwuwei_unit.pdf": ("单位预算", 2025, "上海市普陀区商务委员会"),
    "yusuan_2025_putuo_wanlijiedao_dept.pdf": ("部门预算", 2025, "上海市普陀区人民政府万里街道办事处"),
    "yusuan_2024_putuo_fuliyuan_unit.pdf": ("单位预算", 2024, "上海市普陀区社会福利院"),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_reports(name):
    if not REAL_REPORTS.is_dir():
        pytest.skip("../shared/real_reports is not beside this checkout")
    doc = load(REAL_REPORTS / name)
    assert (doc.report_type, doc.year, doc.department) == REAL[name]
    kind = REAL[name][0]
    assert doc.title.endswith(kind) and str(REAL[name][1]) in doc.title


SEEDS = {
    "000_606bb5564b4898ff.txt": ("部门整体支出绩效自评", 2019, "桃江县医疗保障局"),
    "001_8ce664a1ba30d0b4.txt": ("部门决算", 2019, "攀枝花市医疗保障事务中心"),   # no cover: named in the text
    "002_dbaf5c1903f647a7.txt": ("部门整体支出绩效自评", 2021, "乐昌市医疗保障局"),
    "003_2eb6b8bca2f0722e.txt": ("部门决算", 2022, "漳州市医疗保障局"),
    "004_b6a21158be6c136a.txt": ("绩效评价报告", 2017, ""),   # the place name is replaced by an injected string
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds(seeds_dir, name):
    doc = load(seeds_dir / name)
    assert (doc.report_type, doc.year, doc.department) == SEEDS[name]

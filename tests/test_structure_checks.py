"""Structure checks (STRUCT-001…006): required tables, years in titles, empty tables and their notes,
malformed codes, notes about the wrong fund, the unit named above tables.

The small reports below are invented (a fictional 河湾区测绘服务站 and its figures); each check gets a
failing and a passing case, then the real reports in ../shared/real_reports are reviewed and must
give exactly the findings verified by hand there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.ingest import load, parse_text

REAL_REPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "real_reports"
STRUCT_CODES = sorted(code for code in CATALOGUE if code.startswith("STRUCT-"))

TITLE = "河湾区测绘服务站2024年度部门决算\n"

CONTENTS = """\
目录
第二部分 河湾区测绘服务站2024年度部门决算表
一、收入支出决算总表
二、收入决算表
三、支出决算表
四、财政拨款收入支出决算总表
五、一般公共预算财政拨款支出决算表
六、一般公共预算财政拨款基本支出决算表
七、财政拨款“三公”经费支出决算表
八、政府性基金预算财政拨款收入支出决算表
九、国有资本经营预算财政拨款收入支出决算表

第一部分 部门概况
本站承担全区基础测绘和地理信息服务。
"""

# One small table per kind, each with a figure (the nine 公开表 of a 决算).
TABLES = {
    "01": "收入支出决算总表\n单位：万元\n项目\t决算数\t项目\t决算数\n本年收入合计\t86.00\t本年支出合计\t86.00\n",
    "02": "收入决算表\n单位：万元\n科目编码\t科目名称\t本年收入合计\n合计\t\t86.00\n",
    "03": "支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出合计\n合计\t\t86.00\n",
    "04": "财政拨款收入支出决算总表\n单位：万元\n项目\t决算数\t项目\t合计\n本年收入合计\t86.00\t本年支出合计\t86.00\n",
    "05": "一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\n合计\t\t86.00\n",
    "06": "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码\t科目名称\t决算数\n301\t工资福利支出\t70.00\n",
    "07": "财政拨款“三公”经费支出决算表\n单位：万元\n项目\t合计\n合计\t1.20\n",
    "08": "政府性基金预算财政拨款收入支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出\n合计\t\t0.00\n",
    "09": "国有资本经营预算财政拨款收入支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出\n合计\t\t0.00\n",
}


def _report(*kinds: str, contents: str = CONTENTS, title: str = TITLE) -> str:
    return title + contents + "\n" + "\n".join(TABLES[k] for k in kinds)


def _findings(text: str, code: str, **metadata) -> list:
    """The check's findings; ``metadata`` (report_type, year, department) overrides what the loader told."""
    doc = parse_text(text, "structure.txt")
    for name, value in metadata.items():
        setattr(doc, name, value)
    return list(CATALOGUE[code]().run(DocumentFacts(doc)))


def _line(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


FINAL = {"report_type": "部门决算", "year": 2024, "department": "河湾区测绘服务站"}


# --- STRUCT-001 required tables --------------------------------------------------------------------

def test_complete_final_account_has_no_missing_table():
    assert _findings(_report(*TABLES), "STRUCT-001", **FINAL) == []


def test_missing_table_quotes_the_contents_line_that_lists_it():
    text = _report("01", "02", "03", "04", "06", "07", "08", "09")
    [finding] = _findings(text, "STRUCT-001", **FINAL)
    assert finding.severity == "medium" and finding.confidence == 1.0
    assert "五、一般公共预算财政拨款支出决算表" in finding.message and "正文中没有这张表" in finding.message
    assert finding.locations[0].line == _line(text, "五、一般公共预算")
    assert finding.evidence.expected == "公开05表 一般公共预算财政拨款支出决算表"


def test_missing_table_not_in_contents_points_where_it_would_stand():
    contents = CONTENTS.replace("六、一般公共预算财政拨款基本支出决算表\n", "")
    text = _report("01", "02", "03", "04", "05", "07", "08", "09", contents=contents)
    [finding] = _findings(text, "STRUCT-001", **FINAL)
    assert "公开06表" in finding.message and "目录" not in finding.message
    assert finding.locations[0].table == "公开05表 一般公共预算财政拨款支出决算表"


def test_budget_may_replace_its_fund_tables_by_a_note():
    budget = {"report_type": "单位预算", "year": 2025, "department": "河湾区测绘服务站"}
    without_funds = _report("01", "02", "03", "04", "05", "06", "07", contents="")
    missing = _findings(without_funds, "STRUCT-001", **budget)
    assert [f.evidence.expected.split()[0] for f in missing] == ["公开08表", "公开09表"]
    noted = without_funds + "注：本单位2025年无政府性基金预算和国有资本经营预算财政拨款安排。\n"
    assert _findings(noted, "STRUCT-001", **budget) == []


@pytest.mark.parametrize("report_type", ["部门整体支出绩效自评", "其他"])
def test_other_report_types_need_no_table(report_type):
    assert _findings(_report("01"), "STRUCT-001", report_type=report_type) == []


def test_tables_the_text_says_are_attached_are_not_missing_but_not_checked():
    text = TITLE + "第一部分 部门概况\n本站承担全区基础测绘。\n第二部分 2024年度部门决算报表（详见附表）\n"
    assert _findings(text, "STRUCT-001", **FINAL) == []
    doc = parse_text(text, "structure.txt")
    for name, value in FINAL.items():
        setattr(doc, name, value)
    assert [n for n in CATALOGUE["STRUCT-001"]().not_checked(DocumentFacts(doc))][0].startswith("正文说明公开表另见附件")


def test_final_account_without_any_table_is_one_hedged_finding():
    [finding] = _findings(TITLE + "第一部分 部门概况\n本站承担全区基础测绘。\n", "STRUCT-001", **FINAL)
    assert finding.confidence < 1.0 and "没有识别出任何公开表" in finding.message


# --- STRUCT-002 years ---------------------------------------------------------------------------

def test_titles_naming_another_year_are_one_finding_with_every_place():
    text = _report(*TABLES).replace("第二部分 河湾区测绘服务站2024年度", "第二部分 河湾区测绘服务站2023年度")
    text = text.replace("收入决算表\n单位", "2023年度收入决算表\n单位")
    [finding] = _findings(text, "STRUCT-002", **FINAL)
    assert finding.evidence.stated == "2023年" and finding.evidence.expected == "2024年"
    assert [loc.line for loc in finding.locations] == [_line(text, "第二部分"), _line(text, "2023年度收入决算表")]


def test_comparisons_with_the_previous_year_are_not_titles():
    text = (TITLE + "（一）2023年预算执行情况说明\n"
            "本年支出合计比2023年增加6.00万元，2023年度决算数为80.00万元。\n"
            "一、2024年度收入支出决算总体情况说明\n")
    assert _findings(text, "STRUCT-002", **FINAL) == []


def test_year_end_date_of_another_year_in_a_final_account():
    text = TITLE + "截至2023年12月31日，本站共有车辆2辆。\n"
    [finding] = _findings(text, "STRUCT-002", **FINAL)
    assert finding.locations[0].quote == "截至2023年12月31日"
    compared = TITLE + "截至2024年底本站共有车辆2辆，截至2023年底为3辆。\n"
    assert _findings(compared, "STRUCT-002", **FINAL) == []


def test_a_budget_speaks_of_the_year_before_it_starts():
    text = "河湾区测绘服务站2025年单位预算\n截至2024年8月31日，本站共有车辆2辆。\n截至2024年12月31日，本站资产总额9.00万元。\n"
    assert _findings(text, "STRUCT-002", report_type="单位预算", year=2025) == []


def test_a_report_on_one_years_execution_and_the_next_years_draft_names_both():
    text = ("关于平川县2025年预算执行情况和2026年预算草案的报告\n一、2025年预算执行情况\n二、2026年预算草案\n"
            "三、2026年全县一般公共预算收支预算表\n")
    assert _findings(text, "STRUCT-002", report_type="预算", year=2025) == []
    assert _findings(text.replace("2025年预算执行情况和", ""), "STRUCT-002", report_type="预算", year=2025) != []


# --- STRUCT-003 empty tables -------------------------------------------------------------------------

EMPTY_08 = "政府性基金预算财政拨款收入支出决算表\n单位：万元\n科目编码\t科目名称\t本年收入\t本年支出\n合计\t\t\t\n"
EMPTY_09 = "国有资本经营预算财政拨款收入支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出\n合计\t\t\n"
NOTE_08 = "注：本站本年度没有政府性基金预算财政拨款收支，故本表无数据。\n"
NOTE_09 = "说明：本站本年度未发生国有资本经营预算财政拨款支出。\n"


def test_empty_table_without_a_note_is_a_low_finding():
    text = TITLE + EMPTY_08
    [finding] = _findings(text, "STRUCT-003")
    assert finding.severity == "low" and finding.locations[0].line == _line(text, "政府性基金预算财政拨款收入支出决算表")


def test_a_note_below_or_above_the_table_explains_it():
    assert _findings(TITLE + EMPTY_08 + NOTE_08, "STRUCT-003") == []
    title, rest = EMPTY_09.split("\n", 1)
    assert _findings(TITLE + title + "\n" + NOTE_09 + rest, "STRUCT-003") == []


def test_the_note_below_one_table_does_not_explain_the_next():
    text = TITLE + EMPTY_08 + NOTE_08 + EMPTY_09
    [finding] = _findings(text, "STRUCT-003")
    assert finding.locations[0].table.startswith("公开09表")
    assert _findings(text + NOTE_09, "STRUCT-003") == []


def test_a_table_of_zeros_is_filled_in():
    assert _findings(TITLE + TABLES["08"], "STRUCT-003") == []


# --- STRUCT-004 codes --------------------------------------------------------------------------------

SPLIT = """\
2025年单位支出预算总表
单位：元
功能分类科目编码\t\t\t功能分类科目名称\t合计
类\t款\t项\t\t
208\t\t\t社会保障和就业支出\t9,000
208\t05\t\t行政事业单位养老支出\t9,000
208\t05\t05\t机关事业单位基本养老保险缴费支出\t9,000
210\t\t\t卫生健康支出\t4,000
210\t11\t\t行政事业单位医疗\t4,000
210\t11\t02\t事业单位医疗\t4,000
"""

SINGLE = """\
支出决算表
单位：万元
科目编码\t科目名称\t本年支出合计
201\t一般公共服务支出\t30.00
20103\t政府办公厅（室）及相关机构事务\t30.00
2010301\t行政运行\t30.00
208\t社会保障和就业支出\t12.00
20805\t行政事业单位养老支出\t12.00
2080505\t机关事业单位基本养老保险缴费支出\t12.00
"""


def test_well_formed_codes_pass():
    assert _findings(SPLIT, "STRUCT-004") == [] and _findings(SINGLE, "STRUCT-004") == []


def test_a_class_part_of_the_wrong_width_gives_the_code_the_rows_above_imply():
    text = SPLIT.replace("210\t11\t02", "7\t11\t02")
    [finding] = _findings(text, "STRUCT-004")
    assert finding.evidence.stated == "7 11 02" and finding.evidence.expected == "210 11 02"
    location = finding.locations[0]
    assert (location.line, location.quote, location.row) == (_line(text, "7\t11\t02"), "7", "7 11 02 事业单位医疗")


def test_a_single_column_code_of_the_wrong_length():
    text = SINGLE.replace("2080505\t", "20805051\t")
    [finding] = _findings(text, "STRUCT-004")
    assert finding.evidence.stated == "20805051" and "8 位" in finding.message and "20805" in finding.message


def test_a_code_under_the_wrong_parent():
    text = SINGLE.replace("20805\t", "21005\t")
    [finding] = _findings(text, "STRUCT-004")
    assert finding.evidence.stated == "21005" and finding.evidence.expected == "以“208”开头"
    assert finding.locations[0].line == _line(text, "21005")


def test_a_missing_class_row_is_reported_once_not_for_each_item_below_it():
    text = SINGLE.replace("208\t社会保障和就业支出\t12.00\n", "")
    [finding] = _findings(text, "STRUCT-004")
    assert finding.evidence.stated == "20805" and finding.evidence.expected == "以“201”开头"


def test_economic_codes_side_by_side_each_keep_their_own_parents():
    table = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n"
             "经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数\n"
             "301\t工资福利支出\t50.00\t302\t商品和服务支出\t8.00\n"
             "30101\t基本工资\t50.00\t30201\t办公费\t8.00\n"
             "303\t对个人和家庭的补助\t2.00\t310\t资本性支出\t1.00\n"
             "30302\t退休费\t2.00\t31002\t办公设备购置\t1.00\n")
    assert _findings(table, "STRUCT-004") == []
    assert len(_findings(table.replace("31002", "30902"), "STRUCT-004")) == 1


# --- STRUCT-005 notes about another fund --------------------------------------------------------------

def test_a_note_beside_a_fund_table_speaks_of_another_fund():
    text = TITLE + EMPTY_09 + "注：本站本年度没有政府性基金预算财政拨款支出，故本表无数据。\n"
    [finding] = _findings(text, "STRUCT-005")
    assert finding.evidence.stated == "政府性基金" and finding.evidence.expected == "国有资本经营"
    assert finding.locations[0].line == _line(text, "注：本站")


def test_a_sangong_note_copied_from_a_fund_table():
    table = "财政拨款“三公”经费支出决算表\n单位：万元\n项目\t合计\n合计\t\n"
    [finding] = _findings(TITLE + table + NOTE_08, "STRUCT-005")
    assert finding.evidence.expected == "三公"


def test_notes_on_their_own_fund_pass():
    assert _findings(TITLE + EMPTY_08 + NOTE_08 + EMPTY_09 + NOTE_09.replace("说明", "注"), "STRUCT-005") == []


# --- STRUCT-006 unit named above tables ----------------------------------------------------------------

def _headed(line: str) -> str:
    return TITLE + line + "\n" + TABLES["02"]


def test_another_unit_above_a_table():
    text = _headed("河湾市测绘服务站2024年度部门决算表")
    [finding] = _findings(text, "STRUCT-006", **FINAL)
    assert finding.evidence.stated == "河湾市测绘服务站" and finding.evidence.expected == "河湾区测绘服务站"
    assert finding.locations[0].line == _line(text, "河湾市测绘服务站")


@pytest.mark.parametrize("line", [
    "河湾区测绘服务站2024年度部门决算表",
    "编制单位：河湾区测绘服务站（本级） 单位：万元",
    "部门：河湾区测绘服务站（汇总）",
    "测绘服务站2024年度部门决算表",            # the same name without its district
])
def test_the_report_unit_in_its_usual_forms(line):
    assert _findings(_headed(line), "STRUCT-006", **FINAL) == []


def test_a_sub_unit_listed_in_the_department_may_head_its_table():
    listed = "纳入本部门决算编制范围的单位包括：河湾区测绘服务站本级、河湾区地理信息中心。\n\n"
    text = TITLE + listed + "编制单位：河湾区地理信息中心\n" + TABLES["02"]
    assert _findings(text, "STRUCT-006", **FINAL) == []
    assert len(_findings(text.replace(listed, ""), "STRUCT-006", **FINAL)) == 1


def test_no_department_known_no_comparison_and_the_memo_says_so():
    doc = parse_text(_headed("河湾市测绘服务站2024年度部门决算表"), "structure.txt")
    doc.department = ""
    check, facts = CATALOGUE["STRUCT-006"](), DocumentFacts(doc)
    assert list(check.run(facts)) == []
    assert list(check.not_checked(facts)) == ["报告单位未能识别，表格上方的单位名称（STRUCT-006）未核对"]


# --- the fixtures and the real reports ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["juesuan_consistent.txt", "jixiao_consistent.txt",
                                  "juesuan_planted.txt", "jixiao_planted.txt"])
def test_fixtures_have_no_structure_finding(name):
    facts = DocumentFacts(load(Path(__file__).resolve().parents[1] / "fixtures" / name))
    assert [f for code in STRUCT_CODES for f in CATALOGUE[code]().run(facts)] == []


# Verified by hand against the PDFs: what each structure check finds there, and nothing else.
REAL_FINDINGS = {
    # the line above table 01 names the municipal bureau: "上海市规划和自然资源局2024年度部门决算表"
    # … and the narrative spells the unit 规划与自然资源局 three times
    "juesuan_2024_putuo_guihuaziyuan.pdf": [("STRUCT-006", "上海市规划和自然资源局"),
                                           ("STRUCT-007", "普陀区规划与自然资源局")],
    "juesuan_2024_putuo_shehuigongzuobu.pdf": [],
    # the blank template: tables 01–07 are empty with only "注：本表反映…" beside them; 08/09 carry the
    # template's own "本年度没有…故本表无数据" note
    "juesuan_2024_template_blank.pdf": [("STRUCT-003", f"公开0{n}表") for n in range(1, 8)],
    # 事业单位医疗 printed "7 11 02" under "210 11" in the 支出 and 一般公共预算支出 tables
    "yusuan_2024_putuo_fuliyuan_unit.pdf": [("STRUCT-004", "2024年预算单位支出预算总表"),
                                            ("STRUCT-004", "2024年预算单位一般公共预算支出功能分类预算表")],
    "yusuan_2025_putuo_shangwuwei_dept.pdf": [],
    "yusuan_2025_putuo_shangwuwei_unit.pdf": [],
    "yusuan_2025_putuo_wanlijiedao_dept.pdf": [],
}


def _what(finding) -> tuple[str, str]:
    if finding.code in ("STRUCT-006", "STRUCT-007"):
        return finding.code, finding.evidence.stated
    table = finding.locations[0].table or ""
    return finding.code, table.split()[0] if finding.code == "STRUCT-003" else table


@pytest.mark.parametrize("name", sorted(REAL_FINDINGS))
def test_real_reports_give_the_verified_findings_only(name):
    path = REAL_REPORTS / name
    if not path.is_file():
        pytest.skip(f"{path} is not beside this checkout")
    facts = DocumentFacts(load(path))
    found = [_what(f) for code in STRUCT_CODES for f in CATALOGUE[code]().run(facts)]
    assert found == REAL_FINDINGS[name]

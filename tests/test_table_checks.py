"""Table footing (FOOT-001…004) and table relations (REL-001, REL-002) on a small consistent report.

The mini-report below is invented (a fictional 测绘服务站, round figures) and balances everywhere:
every check is silent on it. Each mutation changes one cell and must give exactly the findings
listed, at the lines listed: the check that owns the broken identity, and the knock-on ones a
redundant set of tables necessarily shows.
"""

from __future__ import annotations

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.facts.change_columns import column_changes
from reviewer.ingest import parse_text

CODES = ("FOOT-001", "FOOT-002", "FOOT-003", "FOOT-004", "REL-001", "REL-002")

MINI = """\
公开01表
收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目(按支出功能分类)\t决算数
一、一般公共预算财政拨款收入\t470.00\t一、一般公共服务支出\t300.00
八、其他收入\t20.00\t八、社会保障和就业支出\t150.00
\t\t十九、住房保障支出\t50.00
本年收入合计\t490.00\t本年支出合计\t500.00
使用非财政拨款结余\t0.00\t结余分配\t0.00
年初结转和结余\t30.00\t年末结转和结余\t20.00
总计\t520.00\t总计\t520.00

公开03表
支出决算表
单位：万元
科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
合计\t\t500.00\t420.00\t80.00
201\t一般公共服务支出\t300.00\t230.00\t70.00
20103\t政府办公厅（室）及相关机构事务\t300.00\t230.00\t70.00
2010301\t行政运行\t230.00\t230.00\t0.00
2010302\t一般行政管理事务\t70.00\t0.00\t70.00
208\t社会保障和就业支出\t150.00\t140.00\t10.00
20805\t行政事业单位养老支出\t150.00\t140.00\t10.00
2080505\t机关事业单位基本养老保险缴费支出\t140.00\t140.00\t0.00
2080599\t其他行政事业单位养老支出\t10.00\t0.00\t10.00
221\t住房保障支出\t50.00\t50.00\t0.00
22102\t住房改革支出\t50.00\t50.00\t0.00
2210201\t住房公积金\t50.00\t50.00\t0.00

公开05表
一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t小计\t基本支出\t项目支出
合计\t\t460.00\t400.00\t60.00
201\t一般公共服务支出\t280.00\t220.00\t60.00
20103\t政府办公厅（室）及相关机构事务\t280.00\t220.00\t60.00
2010301\t行政运行\t220.00\t220.00\t0.00
2010302\t一般行政管理事务\t60.00\t0.00\t60.00
208\t社会保障和就业支出\t130.00\t130.00\t0.00
20805\t行政事业单位养老支出\t130.00\t130.00\t0.00
2080505\t机关事业单位基本养老保险缴费支出\t130.00\t130.00\t0.00
221\t住房保障支出\t50.00\t50.00\t0.00
22102\t住房改革支出\t50.00\t50.00\t0.00
2210201\t住房公积金\t50.00\t50.00\t0.00

公开06表
一般公共预算财政拨款基本支出决算表
单位：万元
人员经费\t\t\t公用经费\t\t
经济分类科目编码\t科目名称\t金额\t经济分类科目编码\t科目名称\t金额
301\t工资福利支出\t330.00\t302\t商品和服务支出\t56.00
30101\t基本工资\t200.00\t30201\t办公费\t20.00
30102\t津贴补贴\t80.00\t30217\t公务接待费\t6.00
30113\t住房公积金\t50.00\t30231\t公务用车运行维护费\t30.00
303\t对个人和家庭的补助\t10.00\t310\t资本性支出\t4.00
30302\t退休费\t10.00\t31002\t办公设备购置\t4.00
人员经费合计\t\t340.00\t公用经费合计\t\t60.00

公开07表
一般公共预算财政拨款“三公”经费支出决算表
单位：万元
项目\t决算数
合计\t36.00
1.因公出国（境）费\t0.00
2.公务用车购置及运行维护费\t30.00
其中：（1）公务用车购置费\t0.00
（2）公务用车运行维护费\t30.00
3.公务接待费\t6.00
"""


def _findings(text: str, codes=CODES):
    facts = DocumentFacts(parse_text(text, "mini.txt"))
    return [f for code in codes for f in CATALOGUE[code]().run(facts)]


def _line(text: str, marker: str) -> int:
    """1-based line of the one line that holds the marker; "公开03表|marker": the first after that title."""
    after, _, marker = marker.rpartition("|")
    lines = text.split("\n")
    start = _line(text, after) if after else 0
    hits = [n for n, line in enumerate(lines, 1) if marker in line and n > start]
    assert hits and (after or len(hits) == 1), (marker, hits)
    return hits[0]


def _mutate(marker: str, old: str, new: str, text: str = MINI) -> tuple[str, int]:
    line = _line(text, marker)
    lines = text.split("\n")
    assert old in lines[line - 1], (marker, old)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines), line


def test_consistent_mini_report_gives_no_finding():
    assert [(f.code, f.first_line, f.message) for f in _findings(MINI)] == []


# (row marker, old cell text, new cell text, {(code, line marker)})
MUTATIONS = [
    ("八、其他收入", "20.00", "21.00", {("REL-001", "本年收入合计")}),
    ("一、一般公共服务支出\t300.00", "300.00", "301.00",
     {("REL-001", "本年收入合计\t490.00"), ("REL-002", "一、一般公共服务支出\t301.00")}),
    ("2010301\t行政运行\t230.00", "230.00\t230.00", "230.00\t231.00",
     {("FOOT-002", "20103\t政府办公厅（室）及相关机构事务\t300.00"), ("FOOT-004", "2010301\t行政运行\t230.00")}),
    ("合计\t\t460.00", "400.00", "401.00",
     {("FOOT-002", "合计\t\t460.00"), ("FOOT-004", "合计\t\t460.00"), ("REL-002", "合计\t\t460.00")}),
    ("公开03表|221\t住房保障支出", "50.00\t50.00", "50.00\t40.00",
     {("FOOT-002", "221\t住房保障支出\t50.00\t40.00"), ("FOOT-002", "合计\t\t500.00"),
      ("FOOT-004", "221\t住房保障支出\t50.00\t40.00"), ("REL-002", "221\t住房保障支出\t50.00\t40.00")}),
    ("30102\t津贴补贴", "80.00", "81.00", {("FOOT-003", "301\t工资福利支出")}),
    ("人员经费合计", "340.00", "341.00", {("FOOT-001", "人员经费合计"), ("REL-002", "合计\t\t460.00")}),
    ("30217\t公务接待费", "6.00", "5.00", {("FOOT-003", "301\t工资福利支出"), ("REL-002", "3.公务接待费")}),
    ("合计\t36.00", "36.00", "37.00", {("FOOT-001", "合计\t37.00")}),
    ("3.公务接待费", "6.00", "5.00", {("FOOT-001", "合计\t36.00"), ("REL-002", "3.公务接待费")}),
]


@pytest.mark.parametrize("marker, old, new, expected", MUTATIONS, ids=[m[0][:12] for m in MUTATIONS])
def test_single_cell_mutation_is_found_where_it_breaks(marker, old, new, expected):
    text, _ = _mutate(marker, old, new)
    found = {(f.code, f.first_line) for f in _findings(text)}
    assert found == {(code, _line(text, where)) for code, where in expected}


def test_hierarchy_message_names_both_values_and_the_parts():
    text, line = _mutate("合计\t\t460.00", "400.00", "401.00")
    finding = next(f for f in _findings(text, ("FOOT-002",)))
    assert finding.message == "公开05表 合计行“基本支出”列为 401.00，按各类合计应为 400.00（220.00+130.00+50.00）。"
    assert (finding.evidence.stated, finding.evidence.expected) == ("401.00万元", "400.00万元")
    assert finding.evidence.formula == "合计 = 201 一般公共服务支出 + 208 社会保障和就业支出 + 221 住房保障支出"
    assert [loc.line for loc in finding.locations] == [line, line + 1, line + 5, line + 8]
    assert finding.locations[0].table == "公开05表 一般公共预算财政拨款支出决算表"
    assert finding.locations[0].column == "基本支出" and finding.locations[0].quote == "401.00"
    assert "401.00" in finding.message_en and "400.00" in finding.message_en


def test_rounding_within_tolerance_is_not_a_finding():
    # 460.01 against 280.00 + 130.00 + 50.00: three parts to 2 places and the total itself allow
    # 4 × 0.005 = 0.02 of rounding ("尾数误差"), so a 0.01 gap is no finding.
    text, _ = _mutate("合计\t\t460.00", "460.00", "460.01")
    assert _findings(text) == []


def test_sangong_larger_than_06_is_a_low_question_and_smaller_is_an_error():
    larger, _ = _mutate("30217\t公务接待费", "6.00", "5.00")
    question = next(f for f in _findings(larger, ("REL-002",)))
    assert question.severity == "low" and "疑问" in question.message
    smaller, _ = _mutate("3.公务接待费", "6.00", "5.00")
    error = next(f for f in _findings(smaller, ("REL-002",)))
    assert error.severity in ("medium", "high") and "不应小于" in error.message


def test_class_lines_of_01_match_03_by_name():
    text, line = _mutate("一、一般公共服务支出\t300.00", "300.00", "301.00")
    finding = next(f for f in _findings(text, ("REL-002",)))
    assert finding.first_line == line
    assert [loc.row for loc in finding.locations] == ["一、一般公共服务支出", "201 一般公共服务支出"]


FISCAL_04_05 = """\
公开04表
财政拨款收入支出决算总表
单位：万元
收 入\t\t支 出\t\t\t\t
项 目\t金 额\t项目（按功能分类）\t合 计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款
一、一般公共预算财政拨款\t450.00\t一、一般公共服务支出\t280.00\t280.00\t0.00\t0.00
二、政府性基金预算财政拨款\t0.00\t八、社会保障和就业支出\t130.00\t130.00\t0.00\t0.00
三、国有资本经营预算财政拨款\t0.00\t十九、住房保障支出\t50.00\t50.00\t0.00\t0.00
本年收入合计\t450.00\t本年支出合计\t460.00\t460.00\t0.00\t0.00
年初财政拨款结转和结余\t22.00\t年末财政拨款结转和结余\t12.00\t12.00\t0.00\t0.00
总计\t472.00\t总计\t472.00\t472.00\t0.00\t0.00

公开05表
单位：万元
科目编码\t科目名称\t小计\t基本支出\t项目支出
合计\t\t460.00\t400.00\t60.00
201\t一般公共服务支出\t280.00\t220.00\t60.00
208\t社会保障和就业支出\t130.00\t130.00\t0.00
221\t住房保障支出\t50.00\t50.00\t0.00
"""


def test_table_04_balances_and_agrees_with_05():
    assert _findings(FISCAL_04_05) == []


@pytest.mark.parametrize("marker, old, new, expected", [
    ("总计\t472.00\t总计", "472.00", "473.00", {("REL-001", "总计\t473.00")}),
    ("八、社会保障和就业支出\t130.00", "130.00\t130.00\t0.00", "130.00\t131.00\t0.00",
     {("FOOT-004", "八、社会保障和就业支出"), ("REL-001", "本年支出合计"), ("REL-002", "八、社会保障和就业支出")}),
    ("本年支出合计", "460.00\t460.00", "460.00\t461.00",
     {("FOOT-004", "本年支出合计"), ("REL-001", "本年支出合计"), ("REL-001", "总计\t472.00"),
      ("REL-002", "合计\t\t460.00")}),
], ids=["04 income 总计", "04 class line", "04 本年支出合计"])
def test_table_04_mutations(marker, old, new, expected):
    text, _ = _mutate(marker, old, new, FISCAL_04_05)
    found = {(f.code, f.first_line) for f in _findings(text)}
    assert found == {(code, _line(text, where)) for code, where in expected}


def test_merged_label_row_of_04_is_skipped_not_flagged():
    """An extraction that lost the income amounts: "| 本年收入合计 | 本年支出合计 | 460.00 | …"."""
    lost = (FISCAL_04_05
            .replace("本年收入合计\t450.00\t本年支出合计", "\t本年收入合计\t本年支出合计")
            .replace("年初财政拨款结转和结余\t22.00\t年末", "\t年初财政拨款结转和结余\t年末")
            .replace("总计\t472.00\t总计", "\t总计\t总计"))
    assert _findings(lost) == []
    # the expenditure side is still read: a wrong 本年支出合计 there is still caught
    wrong, line = _mutate("本年支出合计", "460.00\t460.00", "460.00\t461.00", lost)
    assert ("REL-001", line) in {(f.code, f.first_line) for f in _findings(wrong)}


GENERIC = """\
各中心人员与经费情况
单位：万元
单位名称\t在职人数\t经费
东区中心\t40\t120.00
西区中心\t25\t75.50
合计\t65\t195.50
"""

STATE_CAPITAL_09 = """\
公开09表
单位：万元
项 目\t\t本年支出\t\t
功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出
栏次\t\t1\t2\t3
合计\t\t5.00\t0.00\t5.00
"""


def test_generic_total_row_and_header_total_column():
    assert _findings(GENERIC) == [] and _findings(STATE_CAPITAL_09) == []
    generic, line = _mutate("合计", "195.50", "196.50", GENERIC)
    assert [(f.code, f.first_line) for f in _findings(generic)] == [("FOOT-001", line)]
    columns, line = _mutate("合计\t\t5.00", "5.00\t0.00", "6.00\t0.00", STATE_CAPITAL_09)
    assert [(f.code, f.first_line) for f in _findings(columns)] == [("FOOT-001", line)]


# A comparison table of numbered rows, each section's 总计 over its items 1., 2., … (one left blank but its first
# cell), printed with spaces and no header of its own.
NUMBERED = """\
（一）收入总计 5200.00 5600.00 400.00 7.69%
1. 财政补助收入 3000.00 3300.00 300.00 10.00%
2. 科研项目收入 0
3. 业务收入 2100.00 2200.00 100.00 4.76%
4. 其他收入 100.00 100.00 0.00 0.00%
（二）支出总计 5100.00 5500.00 400.00 7.84%
1. 业务成本 3900.00 4150.00 250.00 6.41%
2. 管理费用 1200.00 1350.00 150.00 12.50%
"""


def test_a_numbered_total_row_adds_up_its_numbered_items():
    assert _findings(NUMBERED) == []
    wrong, line = _mutate("（二）支出总计", "5500.00", "5550.00", NUMBERED)
    assert [(f.code, f.first_line) for f in _findings(wrong)] == [("FOOT-001", line)]
    # items counted with a gap (1., 3.) may leave one out: no total is read
    gapped = NUMBERED.replace("2. 管理费用", "3. 管理费用").replace("5500.00", "5550.00")
    assert _findings(gapped) == []


SEED_003 = "003_2eb6b8bca2f0722e.txt"


@pytest.mark.parametrize("name", ["000_606bb5564b4898ff.txt", "001_8ce664a1ba30d0b4.txt",
                                  "002_dbaf5c1903f647a7.txt", SEED_003, "004_b6a21158be6c136a.txt"])
def test_seeds_have_no_table_findings(seeds_dir, name):
    """Seed 003 foots everywhere (checked by hand: 01 卫生健康支出 6694.26 = 03's 210 row)."""
    text = (seeds_dir / name).read_text(encoding="utf-8")
    assert [(f.code, f.first_line, f.message) for f in _findings(text)] == []


def test_seed_003_table_04_expenditure_side_is_read_despite_merged_labels(seeds_dir):
    text = (seeds_dir / SEED_003).read_text(encoding="utf-8")
    wrong, line = _mutate("\t<b>本年收入合计</b>\t<b>本年支出合计</b>\t", "7775.20</b>\t<b>7775.20",
                          "7775.20</b>\t<b>7776.20", text)
    found = {(f.code, f.first_line) for f in _findings(wrong, ("REL-001",))}
    assert found == {("REL-001", line)}


def test_blank_cells_read_as_zero():
    blanks = MINI.replace("\t0.00", "\t")
    assert _findings(blanks) == []
    text, line = _mutate("合计\t36.00", "36.00", "37.00", blanks)
    assert [(f.code, f.first_line) for f in _findings(text)] == [("FOOT-001", line)]
    text, line = _mutate("本年收入合计\t490.00", "490.00", "491.00", blanks)
    # 本年收入合计 no longer adds its lines, and 收入总计 no longer adds 本年收入合计 and the carry-overs
    assert [(f.code, f.first_line) for f in _findings(text)] == [("REL-001", line), ("REL-001", line + 3)]


# --- FOOT-005: change columns (invented tables in the three layouts real reports print) ---------------------

SANGONG_CHANGES = """\
“三公”经费支出情况表
单位：万元
项目 | 上年决算数 | 本年决算数 | 比上年增、减情况 | |
增、减金额 | 增、减幅度 | |||
合计 | 64.00 | 56.00 | -8.00 | -12.50% |
1.因公出国（境）费 | 0.00 | 0.00 | 0.00 | |
2.公务接待费 | 24.00 | 18.00 | 6.00 | 25.00% |
3.公务用车购置及运行维护费 | 40.00 | 38.00 | -2.00 | -5.00% |
"""

EXECUTION_CHANGES = """\
一般公共预算收入执行情况表
单位：万元
项目\t2022年决算数\t2023年调整预算数\t2023年执行数\t占调整预算%\t比上年增长%
税收收入\t500\t540\t530\t98.15\t6.00
非税收入\t200\t150\t160\t106.67\t-20.00
"""

YEARLY_CHANGES = """\
历年财政收入情况表
年份\t财政总收入（亿元）\t比上年增长（%）
2021\t40.00\t5.0
2022\t42.00\t5.0
2023\t44.10\t5.0
"""


def test_change_columns_agree_in_three_layouts():
    """A fall printed without its minus sign (公务接待费 6.00 / 25.00%) is a sign convention, not a wrong figure;
    a blank rate beside a zero base is not stated."""
    for text in (SANGONG_CHANGES, EXECUTION_CHANGES, YEARLY_CHANGES):
        assert _findings(text, ("FOOT-005",)) == []


@pytest.mark.parametrize("text, marker, old, new, column", [
    (SANGONG_CHANGES, "合计", "-12.50%", "-11.50%", "增、减幅度"),
    (SANGONG_CHANGES, "3.公务用车", "-2.00", "-3.00", "比上年增、减情况增、减金额"),
    (EXECUTION_CHANGES, "非税收入", "-20.00", "-25.00", "比上年增长%"),
    (EXECUTION_CHANGES, "税收收入", "98.15", "99.15", "占调整预算%"),
    (YEARLY_CHANGES, "2023", "\t5.0", "\t6.0", "比上年增长（%）"),
])
def test_a_wrong_change_cell_is_found_with_both_figures(text, marker, old, new, column):
    wrong, line = _mutate(marker, old, new, text)
    (finding,) = _findings(wrong, ("FOOT-005",))
    assert finding.first_line == line and finding.locations[0].column == column
    assert finding.evidence.stated == new.strip() or finding.evidence.stated.rstrip("%") == new.strip().rstrip("%")
    assert all(loc.quote in finding.evidence.formula for loc in finding.locations[1:])   # both compared cells


HEADERLESS_CHANGES = """\
4、房产税 | 1100 | 1000 | 100 | 10.00 |
5、印花税 | 330 | 300 | 30 | 10.00 |
6、契税 | 880 | 800 | 80 | 10.00 |
7、耕地占用税 | 210 | 200 | 10 | 5.00 |
"""


@pytest.mark.parametrize("old, new", [("| 80 | 10.00", "| 80 | 12.00"), ("| 80 | 10.00", "| 70 | 10.00")])
def test_a_headerless_table_is_read_off_the_figures_most_rows_agree_with(old, new):
    """A block of a table past its header page (本年 | 上年 | 增减额 | 增减率): the one row that disagrees is found,
    and the finding says how its columns were read."""
    assert _findings(HEADERLESS_CHANGES, ("FOOT-005",)) == []
    wrong, line = _mutate("6、契税", old, new, HEADERLESS_CHANGES)
    (finding,) = _findings(wrong, ("FOOT-005",))
    assert finding.first_line == line and "此表无表头" in finding.message


def test_a_headerless_table_with_no_rate_column_is_not_read_as_changes():
    """合计 | 基本支出 | 项目支出 agrees with 合计 − 基本支出 on every row: a change column alone proves nothing."""
    sums = "一般公共服务支出 | 150.00 | 100.00 | 50.00 |\n教育支出 | 90.00 | 60.00 | 30.00 |\n" \
           "卫生健康支出 | 40.00 | 25.00 | 10.00 |\n"
    assert _findings(sums, ("FOOT-005",)) == []


def test_a_wide_headerless_block_is_not_read_off_its_figures():
    """Only a narrow block (上年 | 本年 | 增减额 | 增减率 and a column or two besides) is tried: a wide headerless sheet
    would cost a reading for every three of its columns and is no change table."""
    wide = "\n".join(line.rstrip(" |") + " | 1 | 2 | 3 |" for line in HEADERLESS_CHANGES.splitlines()) + "\n"
    [narrow_table], [wide_table] = (DocumentFacts(parse_text(text, "x.txt")).tables for text in (HEADERLESS_CHANGES, wide))
    assert len(column_changes(narrow_table)) == 8 and column_changes(wide_table) == []


def test_a_wrong_current_figure_shows_in_both_change_cells():
    wrong, line = _mutate("合计", "56.00", "58.00", SANGONG_CHANGES)
    assert [(f.first_line, f.locations[1].quote) for f in _findings(wrong, ("FOOT-005",))] == [(line, "58.00")] * 2

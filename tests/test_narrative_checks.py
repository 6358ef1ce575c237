"""Narrative claims and the NARR checks: small invented snippets, plus what the seeds must give."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reviewer.checks import CATALOGUE
from reviewer.facts import DocumentFacts
from reviewer.facts.claim_types import AmountClaim, CountClaim
from reviewer.facts.subjects import normalise_subject
from reviewer.ingest import load, parse_text


def _facts(text: str) -> DocumentFacts:
    return DocumentFacts(parse_text(text, "x.txt"))


def _run(code: str, text: str):
    return list(CATALOGUE[code]().run(_facts(text)))


def _one(code: str, text: str):
    findings = _run(code, text)
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


# --- claims ---------------------------------------------------------------------------------------

def test_subject_is_normalised_and_keyed():
    subject = normalise_subject("（三）2023年度本部门“三公”经费财政拨款支出决算为")
    assert (subject.text, subject.year) == ("三公经费财政拨款支出", 2023)
    assert normalise_subject("(十一) 2130108-病虫害控制支出 ").code == "2130108"


def test_amount_statement_with_key_year_and_line():
    claims = _facts("说明\n\n2023年度本年支出合计1,248.10万元。\n").claims
    [amount] = claims.amounts
    assert isinstance(amount, AmountClaim)
    assert (amount.key, amount.year, amount.quantity.value, amount.place.line) == (
        "本年支出合计", 2023, Decimal("1248.10"), 3)


def test_elliptic_subject_takes_the_qualifier_of_its_neighbour():
    claims = _facts("2023年度财政拨款收入总计300.00万元，支出总计300.00万元。\n").claims
    assert [s.subject for s in claims.amounts] == ["财政拨款收入总计", "财政拨款支出总计"]
    assert [s.key for s in claims.amounts] == ["财政拨款收入总计", "财政拨款支出总计"]  # table 04's, not 01's


def test_statement_takes_the_year_named_earlier_in_its_sentence():
    claims = _facts("2022年，三公经费支出5.00万元，公务接待费2.00万元。\n").claims
    assert [s.year for s in claims.amounts] == [2022, 2022]


def test_growth_claim_finds_its_current_amount_by_subject():
    text = "2023年度收入总计500.00万元，支出总计480.00万元。与上年相比，支出总计减少20.00万元，下降4.00%。\n"
    [growth] = _facts(text).claims.growths
    assert growth.current.quantity.value == Decimal("480.00")
    assert (growth.change.value, growth.direction, growth.rate.value) == (Decimal("20.00"), -1, Decimal("4.00"))


def test_share_claims_explicit_and_listed_whole():
    text = ("2023年度本年支出合计400.00万元，其中：基本支出300.00万元，占75.00%；项目支出100.00万元，占25.00%。\n\n"
            "一般公共预算财政拨款支出360.00万元，占本年支出合计的90.00%。\n")
    shares = _facts(text).claims.shares
    assert [(s.part.quantity.value, s.whole.quantity.value, s.share.value) for s in shares] == [
        (Decimal("300.00"), Decimal("400.00"), Decimal("75.00")),
        (Decimal("100.00"), Decimal("400.00"), Decimal("25.00")),
        (Decimal("360.00"), Decimal("400.00"), Decimal("90.00")),
    ]
    assert shares[2].whole_text == "本年支出合计"


def test_completion_rate_claim_pairs_budget_and_actual():
    [rate] = _facts("项目全年预算数50万元，执行数为45万元，完成预算的90%。\n").claims.rates
    assert (rate.base.quantity.value, rate.actual.quantity.value, rate.rate.value) == (
        Decimal(50), Decimal(45), Decimal(90))


def test_completion_rate_with_two_budgets_pairs_with_the_one_it_fits():
    [rate] = _facts("年初预算数50万元，调整预算数60万元，执行数为45万元，执行率90%。\n").claims.rates
    assert (rate.base.quantity.value, rate.actual.quantity.value) == (Decimal(50), Decimal(45))
    [rate] = _facts("年初预算数50万元，调整预算数60万元，执行数为45万元，执行率80%。\n").claims.rates
    assert (rate.base.quantity.value, rate.actual.quantity.value) == (Decimal(60), Decimal(45))   # fits neither


def test_breakdown_claim_lists_parts_of_the_whole():
    text = "2023年度政府采购支出总额30.00万元，其中：政府采购货物支出10.00万元、政府采购服务支出20.00万元。\n"
    [breakdown] = _facts(text).claims.breakdowns
    assert breakdown.whole.quantity.value == Decimal("30.00")
    assert [p.quantity.value for p in breakdown.parts] == [Decimal("10.00"), Decimal("20.00")]
    assert all(p.whole is breakdown.whole for p in breakdown.parts)


def test_vehicle_counts_share_one_key():
    text = "本部门公务用车保有量为3辆。\n\n截至2023年12月31日，本单位共有车辆3辆。\n\n全年更新购置公务用车1辆。\n"
    counts = _facts(text).claims.counts
    assert all(isinstance(c, CountClaim) for c in counts)
    assert [c.key for c in counts] == ["公务用车保有量", "公务用车保有量", None]


# --- NARR-001 growth ------------------------------------------------------------------------------

def test_growth_rate_mismatch_is_flagged_with_formula():
    f = _one("NARR-001", "标题\n2023年度机关运行经费支出66.00万元，比上年增加6.00万元，增长12.00%。\n")
    assert f.first_line == 2
    assert (f.evidence.stated, f.evidence.expected) == ("12.00%", "10.00%")
    assert f.evidence.formula == "6.00 ÷ (66.00 − 6.00) × 100"


def test_growth_rate_for_a_decrease_uses_current_plus_change():
    assert _run("NARR-001", "公务接待费支出9.00万元，较上年减少1.00万元，下降10.00%。\n") == []
    f = _one("NARR-001", "公务接待费支出9.00万元，较上年减少1.00万元，下降11.11%。\n")
    assert f.evidence.expected == "10.00%"


def test_growth_within_rounding_points_and_net_increase_are_not_flagged():
    text = ("收入总计120.5万元，较上年增加20.5万元，增长20.5%。\n"        # 20.5/100.0 = 20.5
            "参保率99.1%，比上年增加0.6个百分点。\n"
            "购房补贴支出3.00万元，较上年净增加3.00万元。\n")
    assert _run("NARR-001", text) == []


# --- NARR-002 shares ------------------------------------------------------------------------------

def test_share_mismatch_is_flagged_and_correct_shares_are_not():
    text = ("2023年本年收入合计640.00万元，其中：财政拨款收入600.00万元，占93.00%；"
            "其他收入40.00万元，占6.25%；事业收入0万元，占0%。\n")
    f = _one("NARR-002", text)
    assert (f.first_line, f.evidence.stated, f.evidence.expected) == (1, "93.00%", "93.75%")
    assert "600.00 ÷ 640.00 × 100 = 93.75%" in f.message


def test_share_of_a_whole_named_in_an_earlier_paragraph():
    text = "本年支出合计800.00万元。\n\n一般公共预算财政拨款支出720.00万元，占本年支出合计的80.00%。\n"
    f = _one("NARR-002", text)
    assert (f.evidence.stated, f.evidence.expected) == ("80.00%", "90.00%")
    assert [loc.line for loc in f.locations] == [3, 1]


# --- NARR-003 completion rates -----------------------------------------------------------------------

def test_completion_rate_mismatch_is_flagged():
    f = _one("NARR-003", "说明\n项目全年预算数80万元，执行数为60万元，完成预算的70%。\n")
    assert (f.first_line, f.evidence.stated, f.evidence.expected) == (2, "70%", "75%")


def test_completion_rate_within_rounding_is_not_flagged():
    # 19.925…19.935 ÷ 20.00 covers 99.625…99.675, so 99.64 stands.
    assert _run("NARR-003", "全年预算数20.00万元，全年执行数19.93万元，执行率99.64%。\n") == []


def test_target_completion_with_percent_levels():
    assert _run("NARR-003", "满意度目标值95%，实际完成值90%，目标值完成比例94.74%。\n") == []
    f = _one("NARR-003", "满意度目标值95%，实际完成值90%，目标值完成比例96.74%。\n")
    assert f.evidence.expected == "94.74%"


# --- NARR-004 其中 lists ----------------------------------------------------------------------------

def test_parts_in_mixed_units_add_up():
    text = "2023 年三公经费 52000 元，其中：因公出国（境）0 元、车辆运行费 2 万元、公务接待费 32000 元。\n"
    assert _run("NARR-004", text) == []


def test_parts_that_do_not_add_up_are_flagged():
    text = "本年支出合计500.00万元，其中：基本支出350.00万元、项目支出160.00万元。\n"
    f = _one("NARR-004", text)
    assert (f.first_line, f.evidence.stated, f.evidence.expected) == (1, "500.00万元", "510.00万元")


def test_a_partial_list_is_not_flagged():
    text = "全年培训经费80.00万元，其中：师资费20.00万元、场地费15.00万元。\n"
    assert _run("NARR-004", text) == []


def test_count_list_with_other_bucket():
    text = "截至2023年底，本部门共有车辆6辆，其中：执法执勤用车2辆、其他用车3辆。\n"
    f = _one("NARR-004", text)
    assert (f.evidence.stated, f.evidence.expected) == ("6辆", "5辆")


# --- NARR-005 narrative against tables ----------------------------------------------------------------

_TABLE_05 = (
    "公开05表\n单位：万元\n"
    "科目编码\t科目名称\t小计\t基本支出\t项目支出\n"
    "合计\t\t150.00\t100.00\t50.00\n"
    "213\t农林水支出\t150.00\t100.00\t50.00\n"
    "21301\t农业农村\t150.00\t100.00\t50.00\n"
    "2130101\t行政运行\t100.00\t100.00\t0.00\n"
    "2130108\t病虫害控制\t50.00\t0.00\t50.00\n\n"
)


def test_item_line_against_table_05():
    text = (_TABLE_05 + "## 三、一般公共预算财政拨款支出决算情况说明\n\n"
            "（一）2130101-行政运行支出100.00万元。\n\n（二）2130108-病虫害控制支出55.00万元。\n")
    f = _one("NARR-005", text)
    assert f.first_line == 14
    assert (f.evidence.stated, f.evidence.expected) == ("55.00万元", "50.00万元")
    assert f.locations[1].line == 8 and f.locations[1].table.startswith("公开05表")


def test_item_line_outside_the_fiscal_section_is_not_compared():
    text = _TABLE_05 + "## 三、支出决算情况说明\n\n（二）2130108-病虫害控制支出55.00万元。\n"
    assert _run("NARR-005", text) == []


def test_fiscal_total_and_basic_expenditure_against_table_05():
    text = _TABLE_05 + "2023年度一般公共预算财政拨款支出150.00万元。一般公共预算财政拨款基本支出90.00万元。\n"
    f = _one("NARR-005", text)
    assert (f.evidence.stated, f.evidence.expected) == ("90.00万元", "100.00万元")


# --- NARR-006 the same quantity twice --------------------------------------------------------------------

def test_vehicle_counts_that_differ_are_flagged():
    text = "本部门公务用车保有量为6辆。\n\n其他说明。\n\n截至2023年12月31日，本部门共有车辆4辆。\n"
    f = _one("NARR-006", text)
    assert [loc.line for loc in f.locations] == [1, 5]
    assert (f.evidence.stated, f.evidence.expected) == ("6辆", "4辆")


def test_the_value_most_statements_give_is_the_reference():
    text = "公务接待费支出2.50万元。\n\n公务接待费支出2.80万元。\n\n公务接待费支出2.50万元。\n"
    f = _one("NARR-006", text)
    assert f.first_line == 3 and f.evidence.stated == "2.80万元"


def test_other_years_approximations_and_other_wholes_are_not_compared():
    text = ("2023年公务接待费支出2.50万元。\n\n2022年公务接待费支出3.10万元。\n\n"
            "公务接待费支出约3万元。\n\n"
            "三公经费10.00万元，其中：公务接待费支出2.50万元、因公出国（境）费支出7.50万元。\n\n"
            "上年三公经费12.00万元，其中：公务接待费支出3.00万元、因公出国（境）费支出9.00万元。\n")
    assert _run("NARR-006", text) == []


def test_amounts_in_different_units_compare_in_wan():
    text = "公务接待费支出25000元。\n\n公务接待费支出2.5万元。\n"
    assert _run("NARR-006", text) == []


# --- seeds ------------------------------------------------------------------------------------------------

def _seed_findings(seeds_dir, prefix: str):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed {prefix} is not in {seeds_dir}")
    facts = DocumentFacts(load(path))
    return [f for code in sorted(CATALOGUE) if code.startswith("NARR") for f in CATALOGUE[code]().run(facts)]


def test_seed_001_revenue_share_is_found(seeds_dir):
    findings = _seed_findings(seeds_dir, "001")
    shares = [f for f in findings if f.code == "NARR-002" and f.evidence.stated == "85.39%"]
    assert len(shares) == 1
    assert shares[0].first_line == 36 and shares[0].evidence.expected == "85.47%"
    # The zero shares in the same sentence are right within rounding.
    assert not [f for f in findings if f.code == "NARR-002" and f.evidence.stated == "0%"]


def test_seed_003_vehicle_counts_are_found(seeds_dir):
    findings = _seed_findings(seeds_dir, "003")
    vehicles = [f for f in findings if f.code == "NARR-006"]
    assert len(vehicles) == 1
    assert {loc.line for loc in vehicles[0].locations} == {543, 569}
    assert {vehicles[0].evidence.stated, vehicles[0].evidence.expected} == {"14辆", "12辆"}


def test_seed_002_has_no_narrative_findings(seeds_dir):
    assert _seed_findings(seeds_dir, "002") == []


def test_sides_that_need_not_balance_may_change_apart():
    """本年收入合计 and 本年支出合计 may be equal this year and not last year; only totals that always balance
    (a budget's two sides, 收入总计 and 支出总计) must change alike."""
    text = "2023年本年收入合计500.00万元，收入比上年增加20.00万元。本年支出合计500.00万元，支出比上年增加35.00万元。"
    assert _run("NARR-014", text) == []
    totals = "2023年收入总计500.00万元，收入总计比上年增加20.00万元。支出总计500.00万元，支出总计比上年增加35.00万元。"
    assert _one("NARR-014", totals).evidence.stated == "35.00万元"


def test_a_change_on_last_year_restated_in_another_section_must_agree():
    restated = "2025年财政拨款收入1125.76万元，较2024年增加32.42万元。\n\n财政拨款收入1125.76万元，较2024年增加34.42万元。\n"
    finding = _one("NARR-006", restated)
    assert (finding.evidence.stated, finding.first_line) == ("34.42万元", 3)
    assert _run("NARR-006", restated.replace("34.42", "32.42")) == []
    # two changes of one amount in one paragraph are of two things; a change against another year is another change
    assert _run("NARR-006", "财政拨款收入1125.76万元，较2024年增加32.42万元，其中基本支出拨款较2024年增加34.42万元。") == []
    assert _run("NARR-006", restated.replace("较2024年增加34.42", "比2019年增加34.42")) == []

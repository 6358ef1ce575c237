"""Verification in both directions (issue 14, item 5): a right quote in other spacing or width, or
from one cell, is kept at the document's own words; a long quote is cut, not rejected; a figure that
stands only elsewhere in the report, or a quote from outside the question's material, is dropped."""

from __future__ import annotations

import json

from reviewer.facts import DocumentFacts
from reviewer.ingest import parse_text
from reviewer.llm.answer import QUOTE_MAX, Answer, answer_schema, parse_answer
from reviewer.llm.packs import build_plan
from reviewer.llm.prompts import load_prompts
from reviewer.llm.tokens import TokenCounter
from reviewer.llm.verify import DocumentIndex, to_finding
from reviewer.review import review_document

# As a PDF extracts it: spaces around figures, a claim, and a round figure (100) that stands far away.
REPORT = "\n".join([
    "青岚县水务服务中心2023年度农村供水保障项目支出绩效自评报告",
    "",
    "一、绩效目标完成情况",
    "",
    "本项目设置绩效目标 7 个，全部完成年度绩效目标。",
    "",
    "二、自评表",
    "项目支出绩效自评表",
    "项目名称\t农村供水保障项目",
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施",
    "\t效益指标\t社会效益指标\t受益农户数\t≥3000户\t2800户\t40\t36\t两个村因移民搬迁未接入",
    "总分\t\t\t\t\t\t40\t36\t",
    "",
    "三、其他",
    "",
    "单位共有职工 100 人，办公用房 650 平方米。",
    "",
])
CLAIM_LINE = 5


def _claim_pack():
    document = parse_text(REPORT, "r.txt")
    plan = build_plan(DocumentFacts(document), review_document(document).findings, load_prompts(),
                      TokenCounter(None), 1500, 60000)
    return next(p for p in plan.packs if p.kind == "claim_vs_table"), DocumentIndex(document)


def _answer(quote: str, numbers=(), explanation="受益农户数未达到目标，却称全部完成") -> Answer:
    return Answer(quote=quote, numbers=list(numbers), explanation=explanation, verdict="inconsistent",
                  category="narrative", severity="medium")


def test_a_quote_without_the_pdfs_spaces_or_in_full_width_is_kept_in_the_documents_words():
    pack, index = _claim_pack()
    for quote in ("本项目设置绩效目标7个", "本项目设置绩效目标７个，全部完成"):
        finding, why = to_finding(_answer(quote, ("7",)), pack, index)
        assert why is None, (quote, why)
        assert finding.locations[0].line == CLAIM_LINE
        assert finding.locations[0].quote.startswith("本项目设置绩效目标 7 个")


def test_a_quote_copied_from_one_cell_is_kept_at_that_cell():
    pack, index = _claim_pack()
    finding, why = to_finding(_answer("两个村因移民搬迁未接入", ("2800", "3000")), pack, index)
    assert why is None and finding.locations[0].line == 11 and finding.locations[0].table


def test_a_round_figure_standing_only_elsewhere_is_dropped_and_a_derived_one_kept():
    pack, index = _claim_pack()
    assert to_finding(_answer("全部完成年度绩效目标", ("100",)), pack, index) == (None, "number_not_in_material")
    finding, why = to_finding(_answer("全部完成年度绩效目标", ("200",), "少200户"), pack, index)
    assert why is None                                    # 3000 − 2800, from the material
    assert to_finding(_answer("办公用房 650 平方米"), pack, index) == (None, "quote_not_in_material")


def test_long_quotes_and_explanations_are_cut_not_rejected_and_the_schema_stays_strict():
    quote = "本项目设置绩效目标 7 个，全部完成年度绩效目标。" * 5
    answer = parse_answer(json.dumps({"quote": quote, "numbers": ["7", "1", "2", "3"], "explanation": "很长" * 100,
                                      "verdict": "inconsistent", "category": "narrative", "severity": "low"},
                                     ensure_ascii=False), "stop")
    assert len(answer.quote) == QUOTE_MAX and len(answer.numbers) == 3 and answer.explanation.endswith("…")
    assert "maxLength" not in json.dumps(answer_schema()) and "maxItems" not in json.dumps(answer_schema())


def test_the_memo_says_what_was_checked_and_shows_the_models_own_words():
    pack, index = _claim_pack()
    finding, _ = to_finding(_answer("全部完成年度绩效目标", ("2800",)), pack, index)
    assert "模型的说明：“受益农户数未达到目标，却称全部完成”" in finding.message
    assert f"引文已在原文第 {CLAIM_LINE} 行核对" in finding.message and "数字已在问题材料" in finding.message
    assert "the judgement itself is unchecked" in finding.message_en

"""Questions from what the prose claims (issue 14, item 1): prose score sentences and completion
claims against shortfalls stated anywhere, with no score table in the report. Invented texts."""

from __future__ import annotations

from reviewer.facts import DocumentFacts
from reviewer.ingest import parse_text
from reviewer.llm.packs import build_plan
from reviewer.llm.prompts import load_prompts
from reviewer.llm.tokens import TokenCounter
from reviewer.review import review_document

PROSE_ONLY = "\n".join([
    "青岚县水务服务中心2023年度农村供水保障项目支出绩效自评报告",
    "",
    "一、自评结论",
    "",
    "期初编制目标数5个，目标实际完成数5个，目标完成率100%，本项目满分3分，得满分3分。",
    "",
    "二、指标分析",
    "",
    "1、产出数量的管网完成率指标满分10分，得分10分，得分原因是：管网建设按计划推进；扣分原因是：受汛期影响，年内没有全部达到计划长度。",
    "",
    "2、水质检测合格率指标满分10分，得分8分，扣分原因是：合格率95%，未达到年度目标98%。",
    "",
    "3、受益农户数指标满分10分，得分10分，得分原因是：受益农户3200户，超过目标。",
    "",
])


def plan_of(text: str, version: str | None = None):
    document = parse_text(text, "x.txt")
    findings = review_document(document).findings
    return build_plan(DocumentFacts(document), findings, load_prompts(version), TokenCounter("gpt-4"), 1500, 60000)


def test_a_full_marks_sentence_stating_a_deduction_is_asked_and_a_plain_one_is_not():
    asked = [(p.kind, p.anchor.line) for p in plan_of(PROSE_ONLY).packs if p.kind == "score_sentence"]
    assert asked == [("score_sentence", 9)]
    pack = next(p for p in plan_of(PROSE_ONLY).packs if p.kind == "score_sentence")
    assert "没有全部达到计划长度" in pack.slots["sentence"] and pack.slots["weight"] == "10分"
    assert "受益农户" not in pack.data      # the next score statement is its own claim


def test_a_completion_claim_is_asked_against_a_shortfall_stated_in_prose():
    claims = [p for p in plan_of(PROSE_ONLY).packs if p.kind == "claim_vs_table"]
    assert [p.anchor.line for p in claims] == [5]
    assert "［第11行］2、水质检测合格率指标满分10分，得分8分" in claims[0].shared["rows"]
    assert "受益农户" not in claims[0].shared["rows"]   # full marks, no shortfall


def test_no_shortfall_anywhere_no_completion_question():
    clean = (PROSE_ONLY.replace("得分8分，扣分原因是：合格率95%，未达到年度目标98%", "得分10分，合格率99%")
             .replace("扣分原因是：受汛期影响，年内没有全部达到计划长度", "全长42公里"))
    assert not [p for p in plan_of(clean).packs if p.kind == "claim_vs_table"]


def test_a_prompt_version_without_the_template_does_not_ask_the_new_kind():
    assert "score_sentence" not in {p.kind for p in plan_of(PROSE_ONLY, "v1").packs}


def test_estimate_lists_every_question_with_its_claim_and_context_lines_sending_nothing(tmp_path):
    import json
    import subprocess
    import sys

    report = tmp_path / "prose.txt"
    report.write_text(PROSE_ONLY, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reviewer.cli", "estimate", str(report), "--questions"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    questions = json.loads(done.stdout)["reports"][0]["questions"]
    by_kind = {q["kind"]: q for q in questions}
    assert by_kind["score_sentence"]["claim_lines"] == [9] and by_kind["score_sentence"]["code"] == "MODEL-005"
    assert by_kind["claim_vs_table"]["claim_lines"] == [5] and 11 in by_kind["claim_vs_table"]["context_lines"]
    assert all(q["tokens"] > 0 for q in questions)

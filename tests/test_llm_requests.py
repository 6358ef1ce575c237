"""Several claims per request (issue 14, item 4) and the questions read against a project's own
indicators (item 1): targets set/met counts and 得分原因/评价结论 sentences. Invented texts; the model's
answers are scripted (FakeOpenAI) and go through the real client, parsing, verification and merge."""

from __future__ import annotations

import json

from llm_support import (REPORT, FakeOpenAI, Step, answer, answers, completion, config, items_of, ok, question_of,
                         replay)
from reviewer.facts import DocumentFacts
from reviewer.ingest import parse_text
from reviewer.llm.answer import parse_answers
from reviewer.llm.cache import Store
from reviewer.llm.packs import CLAIMS_PER_REQUEST, build_plan
from reviewer.llm.prompts import load_prompts
from reviewer.llm.stage import ModelStage
from reviewer.llm.tokens import TokenCounter
from reviewer.review import review_document

HEADER = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t指标分值\t自评得分\t偏差原因分析及改进措施"


def plan_of(text: str, version: str | None = None, schema: bool = True, **budgets):
    document = parse_text(text, "x.txt")
    settings = {"pack_tokens": 1500, "report_tokens": 60000, **budgets}
    return build_plan(DocumentFacts(document), review_document(document).findings, load_prompts(version),
                      TokenCounter("gpt-4"), settings["pack_tokens"], settings["report_tokens"], schema=schema)


def online(text: str, settings):
    stage = ModelStage(settings, Store(settings.cache_path))
    return review_document(parse_text(text, "report.txt"), model=stage)


# --- requests ----------------------------------------------------------------------------------

def test_claims_of_one_kind_and_part_share_one_request_and_one_system_prompt():
    plan = plan_of(REPORT)
    assert [(r.kind, r.ids) for r in plan.requests] == [
        ("score_vs_note", ["Q1", "Q2"]), ("deviation_reason", ["Q1", "Q2"]), ("claim_vs_table", ["Q1"])]
    for request in plan.requests:
        system, user = request.messages
        assert system["role"] == "system" and "以问题编号为键" in system["content"]
        assert [i for i, _ in items_of(user["content"])] == request.ids
        assert user["content"].count("请逐个判断") == 1          # the question stated once per request
    one_each = plan_of(REPORT, "v2")                            # a version without item templates
    assert [len(r.packs) for r in one_each.requests] == [1] * 5
    assert plan.tokens < one_each.tokens


def test_the_estimate_counts_the_schema_and_a_request_holds_at_most_eight_claims():
    rows = [f"\t产出指标\t数量指标\t第{i}段养护里程\t≥20公里\t18公里\t5\t4\t第{i}段雨季停工" for i in range(1, 21)]
    text = "\n".join(["项目支出绩效自评表", "项目名称\t乡村道路养护项目", HEADER, *rows, "总分\t\t\t\t\t\t100\t80\t"])
    with_schema, without = plan_of(text), plan_of(text, schema=False)
    sizes = [len(r.packs) for r in with_schema.requests if r.kind == "deviation_reason"]
    assert sum(sizes) == 20 and max(sizes) <= CLAIMS_PER_REQUEST and len(sizes) == 3
    schema_tokens = [a.tokens - b.tokens for a, b in zip(with_schema.requests, without.requests)]
    assert all(t > 100 for t in schema_tokens)       # the schema travels with every request and is counted


def test_answers_are_tied_to_their_claims_by_id_in_any_order_or_form():
    one = answer("consistent", quote="x", numbers=())
    two = answer(quote="有3公里管网未通水，扣2分")
    keyed = json.dumps({"Q2": json.loads(two), "Q1": json.loads(one)}, ensure_ascii=False)
    listed = json.dumps({"answers": [{"id": "【Q2】", **json.loads(two)}, {"id": "1", **json.loads(one)}]},
                        ensure_ascii=False)
    for content in (keyed, listed):
        found = parse_answers(content, "stop", ["Q1", "Q2"])
        assert found["Q1"][0].verdict == "consistent" and found["Q2"][0].verdict == "inconsistent"
    assert list(parse_answers(one, "stop", ["Q1"])) == ["Q1"]      # a bare answer to a one-claim request


def test_a_claim_the_reply_leaves_out_is_asked_for_once_then_counted_failed(tmp_path):
    def forgetful(body: dict) -> Step:
        text = question_of(body)
        ids = [i for i, _ in items_of(text)]
        if len(ids) == 2 and len(body["messages"]) == 2:      # the first reply forgets Q2
            return Step(body=completion(json.dumps({"Q1": json.loads(answer("consistent", quote="", numbers=()))})))
        if len(body["messages"]) == 4:
            assert "漏掉了问题 Q2" in body["messages"][-1]["content"]
        return replay()(body)
    with FakeOpenAI(handler=forgetful) as server:
        review = online(REPORT, config(server.base_url, tmp_path))
        asked = len(server.requests)
    assert asked == 5 and review.run["llm"]["answered"] == 5 and review.run["llm_status"] == "complete"

    def never_q2(body: dict) -> Step:
        replies = [(i, answer("consistent", quote="", numbers=())) for i, _ in items_of(question_of(body)) if i != "Q2"]
        return ok(answers(*replies))
    with FakeOpenAI(handler=never_q2) as server:
        review = online(REPORT, config(server.base_url, tmp_path / "b"))
    assert review.run["llm"]["failed"] == 2 and review.run["llm_status"] == "partial"
    assert any("no answer for Q2" in e.message for e in review.errors)


def test_a_rerun_of_batched_requests_costs_no_request_and_max_tokens_is_per_answer(tmp_path):
    with FakeOpenAI(handler=replay()) as server:
        settings = config(server.base_url, tmp_path, max_tokens=300)
        first = online(REPORT, settings)
        sent = len(server.requests)
        again = online(REPORT, settings)
        assert len(server.requests) == sent == 3
        limits = sorted(r["max_tokens"] for r in server.requests)
    assert limits == [300, 600, 600]
    assert again.run["llm"]["sent"] == 0 and again.run["llm"]["cached"] == 3
    assert [f.model_dump() for f in again.findings] == [f.model_dump() for f in first.findings]


# --- questions against the project's own indicators ---------------------------------------------

PROJECT = "\n".join([
    "青岚县农村供水保障项目支出绩效自评报告",
    "",
    "# 一、项目基本情况",
    "",
    "本项目为农村供水保障项目。本项目绩效自评得分 96 分，设置绩效目标 3 个，实际完成 3 个。",
    "",
    "1、受益农户数指标满分40分，得分36分，得分原因是：受益农户3200户，超过年度目标。",
    "",
    "# 二、自评表",
    "",
    "项目支出绩效自评表",
    "项目名称\t农村供水保障项目",
    HEADER,
    "\t产出指标\t数量指标\t新建供水管网长度\t≥40公里\t42公里\t30\t30\t",
    "\t\t质量指标\t水质检测合格率\t≥98%\t99%\t30\t30\t",
    "\t效益指标\t社会效益指标\t受益农户数\t≥3000户\t2800户\t40\t36\t两个村因移民搬迁未接入",
    "总分\t\t\t\t\t\t100\t96\t",
    "",
])


def test_counts_of_targets_and_score_reasons_are_read_against_the_project_table_in_another_part():
    plan = plan_of(PROJECT)
    asked = {p.kind: p for p in plan.packs}
    count, reason = asked["target_count"], asked["score_reason"]
    assert count.anchor.line == 5 and reason.anchor.line == 7
    # the table stands in the report's second part, linked by its project's name: the count is read
    # against every indicator, the reason against the indicator it names
    assert "受益农户数｜年度指标值：≥3000户｜实际完成值：2800户" in count.shared["rows"] and {14, 15, 16} <= count.context
    assert "受益农户数｜年度指标值：≥3000户｜实际完成值：2800户" in reason.slots["rows"]
    assert "水质检测合格率" not in reason.slots["rows"] and 16 in reason.context


def test_a_score_reason_without_a_figure_of_its_own_is_not_asked():
    plain = PROJECT.replace("得分原因是：受益农户3200户，超过年度目标。", "得分原因是：受益面广，群众满意。")
    assert "score_reason" not in {p.kind for p in plan_of(plain).packs}


def test_an_ideal_models_answers_to_the_new_questions_end_in_the_memo_scripted(tmp_path):
    """Scripted answers (marked as such): the count and the reason are wrong against the table."""
    def judge(body: dict) -> Step:
        replies = []
        for claim_id, item in items_of(question_of(body)):
            if "实际完成3个" in item:   # the model is sent the text as read: "实际完成 3 个" without its spaces
                replies.append((claim_id, answer(quote="实际完成3个", numbers=("2800", "3000"), category="crossref",
                                                 explanation="受益农户数2800户未达到3000户，完成的目标只有2个")))
            elif "受益农户3200户" in item:
                replies.append((claim_id, answer(quote="受益农户3200户", numbers=("2800",), category="crossref",
                                                 explanation="表中受益农户数实际完成值为2800户")))
            else:
                replies.append((claim_id, answer("consistent", quote="", numbers=())))
        return ok(answers(*replies))
    with FakeOpenAI(handler=judge) as server:
        review = online(PROJECT, config(server.base_url, tmp_path))
    found = {(f.code, f.first_line) for f in review.findings if f.source == "model"}
    assert {("MODEL-006", 5), ("MODEL-007", 7)} <= found, review.run["llm"]


# --- section review: the fallback --------------------------------------------------------------

SECTIONS = PROJECT.replace("# 二、自评表", "\n".join([
    "## （一）存在的问题",
    "",
    "项目管网建设进度较快，全年新建管网45公里，群众反映良好。",
    "",
    "## （二）评价结论",
    "",
    "项目管理规范，资金使用合规。",
    "",
    "# 二、自评表",
]))


def test_each_evaluative_section_is_read_once_with_its_indicators_and_the_memo_says_which(tmp_path):
    plan = plan_of(SECTIONS)
    sections = [p for p in plan.packs if p.kind == "section_review"]
    assert [p.anchor.line for p in sections] == [11, 15]
    assert all(len(r.packs) == 1 for r in plan.requests if r.kind == "section_review")
    assert "新建供水管网长度｜年度指标值：≥40公里｜实际完成值：42公里" in sections[0].shared["rows"]

    def judge(body: dict) -> Step:     # scripted: 45 km against the table's 42 km
        replies = []
        for claim_id, item in items_of(question_of(body)):
            if "全年新建管网45公里" in item:
                replies.append((claim_id, answer(quote="全年新建管网45公里", numbers=("45", "42"), category="crossref",
                                                 explanation="自评表新建供水管网长度实际完成值为42公里")))
            else:
                replies.append((claim_id, answer("consistent", quote="", numbers=())))
        return ok(answers(*replies))
    with FakeOpenAI(handler=judge) as server:
        review = online(SECTIONS, config(server.base_url, tmp_path))
        assert sum("评价章节是否" in question_of(r) for r in server.requests) == 2
    found = [f for f in review.findings if f.code == "MODEL-008"]
    assert [f.first_line for f in found] == [11]
    assert [s.split("”")[0] for s in review.run["llm"]["sections_read"]] == ["评价章节“（一）存在的问题", "评价章节“（二）评价结论"]
    assert review.run["llm"]["sections_not_read"] == []


def test_sections_beyond_the_report_budget_are_listed_as_not_read(tmp_path):
    full = plan_of(SECTIONS)
    budget = sum(r.tokens for r in full.requests if r.kind != "section_review") + 10
    capped = plan_of(SECTIONS, report_tokens=budget)
    assert {u.pack.kind for u in capped.unsent} == {"section_review"}        # the questions come first
    with FakeOpenAI(handler=replay([("", "", answer("consistent", quote="", numbers=()))])) as server:
        review = online(SECTIONS, config(server.base_url, tmp_path, report_tokens=budget))
    assert review.run["llm"]["sections_read"] == [] and len(review.run["llm"]["sections_not_read"]) == 2
    assert any("未通读 2 个" in note and "令牌预算" in note for note in review.not_checked)


def test_a_section_whose_every_paragraph_is_already_asked_about_is_left_to_those_questions():
    assert "section_review" not in {p.kind for p in plan_of(REPORT).packs}

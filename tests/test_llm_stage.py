"""The model stage end to end against the scripted server: verification, merge, cache, degradation.

Answers come from RECORDED (hand-written judgements replayed over HTTP) or from scripted failures.
"""

from __future__ import annotations

from llm_support import (CLAIM_LINE, MISSED_LINE, NOTE_LINE, RECORDED, REPORT, FakeOpenAI, Step, answer, answers,
                         closed_port_url, completion, config, error, items_of, ok, question_of, replay)
from reviewer.ingest import parse_text
from reviewer.llm.cache import Store
from reviewer.llm.stage import ModelStage
from reviewer.review import review_document

OFFLINE = review_document(parse_text(REPORT, "report.txt"))


def rule_view(review):
    """What a rule finding says and where: the model may never change any of it."""
    return [(f.code, f.severity, f.message, [loc.model_dump() for loc in f.locations], f.evidence.model_dump())
            for f in review.findings if f.source in ("rule", "both")]


def online(settings, text=REPORT, store=True):
    stage = ModelStage(settings, Store(settings.cache_path, read_cache=settings.use_cache) if store else None)
    return review_document(parse_text(text, "report.txt"), model=stage)


def test_verified_findings_are_located_and_a_rule_duplicate_is_merged(tmp_path):
    with FakeOpenAI(handler=replay()) as server:
        review = online(config(server.base_url, tmp_path))
    assert review.run["llm_status"] == "complete" and review.run["offline"] is False
    # 5 claims in 3 requests (the two score_vs_note rows together, the two deviation rows together)
    assert review.run["prompt_version"] == "v3" and review.run["tokens"] == {"prompt": 300, "completion": 60}
    assert (review.run["llm"]["questions"], review.run["llm"]["requests"], review.run["llm"]["answered"]) == (5, 3, 5)
    model = {f.code: f for f in review.findings if f.source == "model"}
    assert set(model) == {"MODEL-001", "MODEL-003"}
    assert model["MODEL-001"].locations[0].line == NOTE_LINE
    assert model["MODEL-001"].locations[0].quote == "有3公里管网未通水，扣2分"
    assert model["MODEL-003"].locations[0].line == CLAIM_LINE and model["MODEL-003"].category == "narrative"
    assert all(f.confidence < 1 and f.severity != "high" for f in model.values())
    merged = next(f for f in review.findings if f.code == "SCORE-005")
    assert merged.source == "both" and merged.first_line == MISSED_LINE
    assert review.run["llm"]["merged_into_rule_findings"] == 1
    assert rule_view(review) == rule_view(OFFLINE)    # nothing removed, moved, reworded or downgraded
    assert len(review.findings) == len(OFFLINE.findings) + 2


def test_answers_whose_quote_or_numbers_are_not_in_the_document_are_dropped_and_counted(tmp_path):
    invented = [
        ("满分与扣分说明", "有3公里", answer(quote="管网全部未通水")),
        ("满分与扣分说明", "检测设备", answer(quote="水")),
        ("偏差原因是否说明", "", answer(quote="检测设备已更新", numbers=("87.5",))),
        ("完成情况是否与", "", answer(quote="本项目全面完成年度绩效目标", numbers=("95",),
                                            explanation="合格率比目标低17.3个百分点")),
    ]
    with FakeOpenAI(handler=replay(invented)) as server:
        review = online(config(server.base_url, tmp_path))
    assert [f for f in review.findings if f.source == "model"] == []
    # the deviation answer is given to both deviation questions: row 3's material lacks its quote
    assert review.run["llm"]["dropped"] == {"quote_not_in_document": 1, "quote_too_short": 1,
                                            "quote_not_in_material": 1, "number_not_in_material": 2}
    assert rule_view(review) == rule_view(OFFLINE)


def test_a_second_run_is_served_from_the_cache_and_no_cache_asks_again(tmp_path):
    with FakeOpenAI(handler=replay()) as server:
        first = online(config(server.base_url, tmp_path))
        sent = len(server.requests)
        second = online(config(server.base_url, tmp_path))
        assert len(server.requests) == sent == 3               # 5 claims, 3 requests
        third = online(config(server.base_url, tmp_path, use_cache=False))
        assert len(server.requests) == 6
    assert second.run["llm"]["cached"] == 3 and second.run["llm"]["sent"] == 0 and second.run["llm"]["answered"] == 5
    assert second.run["tokens"] == {"prompt": 0, "completion": 0}
    assert [f.model_dump() for f in second.findings] == [f.model_dump() for f in first.findings]
    assert third.run["llm"]["cached"] == 0
    log = Store(tmp_path / "llm.sqlite3").entries(limit=100)
    assert [e["status"] for e in log].count("cached") == 3 and [e["status"] for e in log].count("ok") == 6


def test_the_cache_key_holds_the_model_and_the_endpoint(tmp_path):
    with FakeOpenAI(handler=replay()) as server:
        online(config(server.base_url, tmp_path))
        other_model = online(config(server.base_url, tmp_path, model="another-model"))
    assert other_model.run["llm"]["cached"] == 0 and len(server.requests) == 6


def test_endpoint_down_keeps_every_rule_finding_and_says_why(tmp_path):
    review = online(config(closed_port_url(), tmp_path, max_retries=1, max_retry_wait_s=0.05))
    assert review.run["llm_status"] == "failed"
    assert any("unreachable" in e.message for e in review.errors)
    assert rule_view(review) == rule_view(OFFLINE)
    assert any("未得到有效回答" in note for note in review.not_checked)


def test_missing_key_fails_the_stage_without_sending(tmp_path):
    with FakeOpenAI() as server:
        review = online(config(server.base_url, tmp_path, no_key=True))
        assert server.requests == []
    assert review.run["llm_status"] == "failed" and "OPENAI_API_KEY" in review.errors[0].message
    assert rule_view(review) == rule_view(OFFLINE)


def test_quota_exhausted_stops_sending_after_the_first_refusal(tmp_path):
    with FakeOpenAI([error(429, "quota", code="insufficient_quota")]) as server:
        review = online(config(server.base_url, tmp_path, concurrency=1))
        assert len(server.requests) == 1
    assert review.run["llm_status"] == "failed" and "quota exhausted" in review.errors[0].message
    assert rule_view(review) == rule_view(OFFLINE)


def test_malformed_json_is_retried_once_with_the_error_then_given_up(tmp_path):
    with FakeOpenAI([ok("{'verdict': inconsistent")]) as server:
        review = online(config(server.base_url, tmp_path, concurrency=1))
        assert len(server.requests) == 6             # 3 requests × (first try + one retry)
        feedback = server.requests[1]["messages"]
    assert feedback[-2]["role"] == "assistant" and "不是合法的 JSON" in feedback[-1]["content"]
    assert review.run["llm_status"] == "failed" and "invalid answer" in review.errors[0].message
    assert rule_view(review) == rule_view(OFFLINE)


def test_a_truncated_answer_is_a_failed_answer_and_the_retry_can_recover(tmp_path):
    def truncated_first(body):
        if len(body["messages"]) == 2:
            return Step(body=completion(answer()[:30], finish_reason="length"))
        return replay()(body)
    with FakeOpenAI(handler=truncated_first) as server:
        review = online(config(server.base_url, tmp_path))
        retries = [r for r in server.requests if len(r["messages"]) == 4]
    assert len(retries) == 3 and all("截断" in r["messages"][-1]["content"] for r in retries)
    assert review.run["llm_status"] == "complete"


def test_a_follow_up_answered_invalidly_twice_stays_unanswered_on_a_re_run_and_costs_nothing(tmp_path):
    """A small model may cut its follow-up short (padding to the length limit) on both tries: the re-run
    must give the same memo without asking again (it asked again, and a local-model test was flaky)."""
    def careless_then_cut(body: dict) -> Step:
        question = question_of(body)
        if "满分与扣分说明" not in question:
            return ok(answers(*((i, answer("consistent", quote="", numbers=(), explanation="一致"))
                                for i, _ in items_of(question))))
        if len(body["messages"]) == 2:               # Q1 quoted from Q2's material: not in its own
            return ok(answers(("Q1", answer(quote="检测设备已更新")),
                              ("Q2", answer("consistent", quote="", numbers=(), explanation="一致"))))
        return Step(body=completion(answer()[:30], finish_reason="length"))
    with FakeOpenAI(handler=careless_then_cut) as server:
        settings = config(server.base_url, tmp_path)
        first = online(settings)
        sent = len(server.requests)
        again = online(settings)
        assert len(server.requests) == sent
    assert again.run["tokens"] == {"prompt": 0, "completion": 0}
    assert [f.model_dump() for f in again.findings] == [f.model_dump() for f in first.findings]
    assert again.run["llm"]["dropped"] == first.run["llm"]["dropped"] != {}


def test_some_answers_failing_makes_the_run_partial(tmp_path):
    def flaky(body):
        return error(500, "overloaded") if "完成情况是否与" in question_of(body) else replay()(body)
    with FakeOpenAI(handler=flaky) as server:
        review = online(config(server.base_url, tmp_path, max_retries=1, max_retry_wait_s=0.05))
    assert review.run["llm_status"] == "partial"
    assert review.run["llm"]["failed"] == 1 and review.run["llm"]["answered"] == 4
    assert any("HTTP 500" in e.message for e in review.errors)


def test_a_pack_over_the_report_budget_is_not_sent_and_the_memo_says_so(tmp_path):
    with FakeOpenAI(handler=replay()) as server:
        review = online(config(server.base_url, tmp_path, report_tokens=1800))
        sent = len(server.requests)
    llm = review.run["llm"]
    assert 1 <= sent == llm["requests"] < 3 and llm["not_sent"] == 5 - llm["answered"] > 0
    assert review.run["llm_status"] == "partial"
    assert any("未发送" in note and "令牌预算" in note for note in review.not_checked)


def test_recorded_answers_cover_every_question_of_the_report():
    from reviewer.facts import DocumentFacts
    from reviewer.llm.packs import build_plan
    from reviewer.llm.prompts import load_prompts
    from reviewer.llm.tokens import TokenCounter

    plan = build_plan(DocumentFacts(parse_text(REPORT, "r.txt")), OFFLINE.findings, load_prompts(),
                      TokenCounter(None), 1500, 60000)
    for request in plan.requests:
        text = request.messages[1]["content"]
        for claim_id, item in items_of(text):
            assert sum(1 for q, m, _ in RECORDED if q in text and m in item) >= 1, (request.label, claim_id)


def test_a_refusal_is_counted_as_a_refusal_and_not_retried(tmp_path):
    body = completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    with FakeOpenAI([Step(body=body)]) as server:
        review = online(config(server.base_url, tmp_path))
        sent = len(server.requests)
    llm = review.run["llm"]
    assert llm["refused"] == llm["questions"] == 5 and llm["requests"] == sent == 3 and llm["answered"] == 0
    assert review.run["llm_status"] == "failed" and "refused" in review.errors[0].message
    assert rule_view(review) == rule_view(OFFLINE)


def test_a_report_with_nothing_to_ask_says_so_instead_of_complete(tmp_path):
    text = "某单位2023年度部门决算\n\n一、收入支出决算总体情况说明\n\n2023年度收入总计100万元。\n"
    with FakeOpenAI() as server:
        review = online(config(server.base_url, tmp_path), text=text)
        assert server.requests == []
    assert review.run["llm_status"] == "skipped" and review.run["llm"]["questions"] == 0
    assert any("没有找到可交给模型判断的陈述" in note for note in review.not_checked)


def test_an_answer_failing_verification_is_reasked_once_with_the_reason_and_cached(tmp_path):
    def careless_then_right(body: dict) -> Step:
        question = question_of(body)
        if "满分与扣分说明" not in question:
            return ok(answers(*((i, answer("consistent", quote="", numbers=(), explanation="一致"))
                                for i, _ in items_of(question))))
        first, second = items_of(question)          # Q1 the row with the deduction note, Q2 the other
        assert "有3公里" in first[1] and "有3公里" not in second[1]
        if len(body["messages"]) == 2:               # Q1 quoted from Q2's material: not in its own
            return ok(answers(("Q1", answer(quote="检测设备已更新")),
                              ("Q2", answer("consistent", quote="", numbers=(), explanation="一致"))))
        assert "问题 Q1" in body["messages"][-1]["content"] and "Q2" not in body["messages"][-1]["content"]
        return ok(answers(("Q1", answer())))
    with FakeOpenAI(handler=careless_then_right) as server:
        settings = config(server.base_url, tmp_path)
        first = online(settings)
        sent = len(server.requests)
        again = online(settings)
        assert len(server.requests) == sent              # the follow-up is cached too: a re-run sends nothing
    for review in (first, again):
        kept = [f for f in review.findings if f.code == "MODEL-001"]
        assert [f.first_line for f in kept] == [NOTE_LINE] and review.run["llm"]["reasked"] == 1
        assert review.run["llm"]["dropped"] == {}

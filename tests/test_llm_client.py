"""The client against a scripted HTTP server on a real socket: retries, Retry-After, timeouts, fatal errors."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from llm_support import FakeOpenAI, Step, answer, closed_port_url, completion, config, error, ok
from reviewer.llm.client import LLMClient, ModelError

MESSAGES = [{"role": "system", "content": "只输出 JSON"}, {"role": "user", "content": "问题"}]


def test_429_with_retry_after_then_500_then_an_answer(tmp_path):
    steps = [error(429, "slow down", headers={"Retry-After": "1"}), error(500, "boom"), ok()]
    with FakeOpenAI(steps) as server:
        reply = LLMClient(config(server.base_url, tmp_path, max_retry_wait_s=1.0)).complete(MESSAGES)
    assert reply.attempts == 3 and reply.content == answer()
    assert server.times[1] - server.times[0] >= 0.95          # Retry-After: 1 was honoured
    assert len(server.requests) == 3


def test_retry_after_ms_and_backoff_are_capped(tmp_path):
    steps = [error(503, "busy", headers={"retry-after-ms": "50"}), error(502, "bad gateway"), ok()]
    with FakeOpenAI(steps) as server:
        started = time.monotonic()
        reply = LLMClient(config(server.base_url, tmp_path, max_retry_wait_s=0.2)).complete(MESSAGES)
    assert reply.attempts == 3 and time.monotonic() - started < 2


def test_a_timeout_is_retried(tmp_path):
    with FakeOpenAI([Step(delay=1.5), ok()]) as server:
        reply = LLMClient(config(server.base_url, tmp_path, timeout_s=0.5, max_retry_wait_s=0.1)).complete(MESSAGES)
    assert reply.attempts == 2 and reply.content == answer()


def test_retries_run_out_into_a_model_error(tmp_path):
    with FakeOpenAI([error(500, "down")]) as server:
        with pytest.raises(ModelError) as caught:
            LLMClient(config(server.base_url, tmp_path, max_retries=2, max_retry_wait_s=0.05)).complete(MESSAGES)
    assert "HTTP 500" in str(caught.value) and not caught.value.fatal
    assert len(server.requests) == 3


@pytest.mark.parametrize("step, words", [
    (error(429, "You exceeded your current quota", code="insufficient_quota"), "quota exhausted"),
    (error(401, "invalid api key"), "refused the API key"),
    (error(404, "model not found"), "unknown model"),
])
def test_errors_no_retry_can_fix_are_fatal_and_not_retried(tmp_path, step, words):
    with FakeOpenAI([step]) as server:
        with pytest.raises(ModelError) as caught:
            LLMClient(config(server.base_url, tmp_path)).complete(MESSAGES)
    assert words in str(caught.value) and caught.value.fatal
    assert len(server.requests) == 1


@pytest.mark.parametrize("url", [closed_port_url(), "http://no-such-host.invalid/v1"])
def test_a_refused_connection_or_unknown_host_is_fatal_and_not_retried(tmp_path, url):
    waits = []
    client = LLMClient(config(url, tmp_path, max_retries=4), sleep=waits.append)
    with pytest.raises(ModelError) as caught:
        client.complete(MESSAGES)
    assert "unreachable" in str(caught.value) and caught.value.fatal
    assert waits == []


def test_a_missing_key_is_fatal_before_anything_is_sent(tmp_path):
    with pytest.raises(ModelError, match="OPENAI_API_KEY"):
        LLMClient(config("http://127.0.0.1:9/v1", tmp_path, no_key=True))


def test_json_schema_first_then_json_mode_when_the_endpoint_rejects_it(tmp_path):
    steps = [error(400, "response_format json_schema is not supported"), ok()]
    with FakeOpenAI(steps) as server:
        client = LLMClient(config(server.base_url, tmp_path))
        client.complete(MESSAGES)
    first, second = server.requests
    assert first["response_format"]["type"] == "json_schema"
    schema = first["response_format"]["json_schema"]["schema"]
    item = schema["$defs"]["answer"]      # one answer under each claim's id, the answer defined once
    assert schema["additionalProperties"] is False and schema["required"] == ["Q1"]
    assert schema["properties"] == {"Q1": {"$ref": "#/$defs/answer"}}
    assert item["additionalProperties"] is False and set(item["required"]) == set(item["properties"]) >= {"quote", "verdict"}
    assert second["response_format"] == {"type": "json_object"} and client.format == "json_object"
    assert first["temperature"] == 0 and first["max_tokens"] > 0 and first["model"] == "test-model"


def _rejecting(parameter_rejected, message: str, delay: float = 0.3):
    """A server that rejects requests carrying a parameter, after a delay so that several are in flight."""
    def handler(body: dict) -> Step:
        if parameter_rejected(body):
            return Step(status=400, body={"error": {"message": message, "type": "invalid_request_error"}}, delay=delay)
        return Step(body=ok().body, delay=0.05)
    return handler


@pytest.mark.parametrize("rejected, message, switched", [
    (lambda b: b["response_format"]["type"] == "json_schema", "response_format json_schema is not supported",
     lambda c: c.format == "json_object"),
    (lambda b: "max_tokens" in b, "Unsupported parameter: 'max_tokens'; use 'max_completion_tokens' instead",
     lambda c: c.token_param == "max_completion_tokens"),
])
def test_a_rejected_parameter_loses_no_request_in_flight(tmp_path, rejected, message, switched):
    with FakeOpenAI(handler=_rejecting(rejected, message)) as server:
        client = LLMClient(config(server.base_url, tmp_path, concurrency=4))
        with ThreadPoolExecutor(4) as pool:
            replies = list(pool.map(lambda _: client.complete(MESSAGES), range(8)))
    assert all(r.content == answer() for r in replies) and switched(client)
    assert server.max_in_flight >= 3          # the race was real: several rejected at once, all resent
    assert sum(rejected(body) for body in server.requests) >= 3


def test_a_refusal_is_returned_as_a_refusal(tmp_path):
    body = completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    with FakeOpenAI([Step(body=body)]) as server:
        reply = LLMClient(config(server.base_url, tmp_path)).complete(MESSAGES)
    assert reply.content is None and reply.refusal == "I can't help with that."

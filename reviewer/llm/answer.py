"""The model's answers to one request, as pydantic models, and how a reply becomes them.

A request carries one or several claims of one kind, each with an id ("Q1", "Q2" …); the answer is
one JSON object holding one answer under each id, ``{"Q1": {...}, "Q2": {...}}`` (a list
``{"answers": [{"id": "Q1", …}]}`` is read too). The JSON schema sent with the request is generated
per request from the same model (the answer defined once under ``$defs``, one required key per id),
inside OpenAI's strict subset (``additionalProperties`` false, every
field required, no length keywords). Lengths are enforced here after parsing, by cutting, never by
rejecting: a 45-character verbatim quote is a good quote, and its first 80 characters are still
verbatim. A bare answer object (an endpoint in JSON mode that forgot the list, or a prompt version
written for one claim per request) is read as the answer to a request's only claim.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

QUOTE_MAX = 80
EXPLANATION_MAX = 120
NUMBERS_MAX = 3
ANSWERS_PER_ID_MAX = 1    # one answer per claim; a second under the same id is ignored


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field("Q1", description="问题编号，如 Q1")   # required in the schema; defaulted for one-claim callers
    quote: str = Field(description="逐字摘自材料的原文")
    numbers: list[str] = Field(description="判断所依据的数字，逐字取自材料")
    explanation: str = Field(description="一句话理由")
    verdict: Literal["consistent", "inconsistent", "cannot_tell"]
    category: Literal["score", "narrative", "crossref"]
    severity: Literal["high", "medium", "low"]

    @field_validator("quote")
    @classmethod
    def _quote_prefix(cls, quote: str) -> str:
        return quote[:QUOTE_MAX]

    @field_validator("explanation")
    @classmethod
    def _explanation_cut(cls, explanation: str) -> str:
        return explanation if len(explanation) <= EXPLANATION_MAX else explanation[:EXPLANATION_MAX] + "…"

    @field_validator("numbers")
    @classmethod
    def _first_numbers(cls, numbers: list[str]) -> list[str]:
        return numbers[:NUMBERS_MAX]


class Answers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: list[Answer] = Field(description="每个问题一个回答")


def answer_schema(ids: tuple[str, ...] | list[str] = ("Q1",)) -> dict:
    """The strict schema of a reply to a request asking ``ids``: one object with exactly one answer
    under each id (``{"Q1": answer, "Q2": answer}``), the answer defined once and referred to. Keyed
    by id, not a list, so a constrained decoder can neither skip a claim nor run on past the last."""
    item = Answer.model_json_schema()
    item.pop("title", None)
    item["properties"].pop("id")       # the key says which claim an answer is for
    for field in item["properties"].values():   # the prompt describes the fields: titles only cost tokens
        field.pop("title", None)
    item["required"] = list(item["properties"])    # strict: every field required
    return {"type": "object", "additionalProperties": False, "required": list(ids),
            "properties": {i: {"$ref": "#/$defs/answer"} for i in ids}, "$defs": {"answer": item}}


def schema_text(ids: tuple[str, ...] | list[str] = ("Q1",)) -> str:
    """The schema as it travels in a request (what its tokens are counted on)."""
    return json.dumps(response_format("json_schema", answer_schema(ids)), ensure_ascii=False, separators=(",", ":"))


def response_format(kind: str, schema: dict | None = None) -> dict:
    """``json_schema`` (constrained decoding; ``schema`` the request's, by default a one-claim
    request's) or ``json_object`` (JSON mode; the shape is in the prompt)."""
    if kind == "json_object":
        return {"type": "json_object"}
    return {"type": "json_schema",
            "json_schema": {"name": "claim_answers", "schema": schema or answer_schema(), "strict": True}}


class AnswerError(ValueError):
    """A reply that is not a valid answer: why, in words the model can act on when it is fed back."""


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
_ID_NOISE = re.compile(r"[\s【】\[\]（）()#:：问题编号]")


def _normal_id(raw: str, ids: list[str]) -> str:
    """"【Q2】", "q2", "问题Q2" and "2" all name Q2."""
    text = _ID_NOISE.sub("", str(raw)).upper()
    if text in ids:
        return text
    if text.isdigit() and f"Q{text}" in ids:
        return f"Q{text}"
    return text


def parse_answers(content: str | None, finish_reason: str | None, ids: list[str]) -> dict[str, list[Answer]]:
    """The answers of a reply by claim id (only ids asked about; each id at most a few answers).
    Raises AnswerError when the reply is not valid at all; ids left unanswered are simply absent."""
    if finish_reason == "length":
        raise AnswerError("回答达到长度上限被截断，不是完整的 JSON。请输出更短的完整 JSON 对象。")
    if not content or not content.strip():
        raise AnswerError("回答为空。请只输出一个 JSON 对象。")
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(f"回答不是合法的 JSON（{exc.msg}，位置 {exc.pos}）。请只输出一个 JSON 对象。") from exc
    if isinstance(data, list):
        data = {"answers": data}
    if isinstance(data, dict) and "answers" not in data:
        keyed = [(key, value) for key, value in data.items() if isinstance(value, dict)]
        if keyed and len(keyed) == len(data):       # {"Q1": answer, "Q2": answer}: the schema's shape
            data = {"answers": [{**value, "id": key} for key, value in keyed]}
        elif len(ids) == 1:                          # a bare answer to a one-claim request
            data = {"answers": [{"id": ids[0], **data} if "id" not in data else data]}
    try:
        parsed = Answers.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, e['loc'])) or '整体'}: {e['msg']}" for e in exc.errors()[:5])
        raise AnswerError(f"JSON 不符合要求的格式：{problems}。请按字段要求重新输出。") from exc
    found: dict[str, list[Answer]] = {}
    for item in parsed.answers:
        key = _normal_id(item.id, ids)
        if key not in ids and len(ids) == 1 and len(parsed.answers) == 1:
            key = ids[0]    # one question, one answer: its id cannot be anything else
        if key in ids and len(found.setdefault(key, [])) < ANSWERS_PER_ID_MAX:
            found[key].append(item.model_copy(update={"id": key}))
    if not found:
        raise AnswerError(f"回答中没有任何一个问题编号（应为 {'、'.join(ids)}）。请为每个问题各输出一个回答。")
    return found


def parse_answer(content: str | None, finish_reason: str | None) -> Answer:
    """The one answer of a one-claim reply (kept for callers that ask one claim at a time)."""
    return parse_answers(content, finish_reason, ["Q1"])["Q1"][0]


def answers_json(answers: dict[str, list[Answer]]) -> str:
    """Answers as the reply object, keyed by id as the schema asks: what the cache keeps."""
    return json.dumps({key: group[0].model_dump(exclude={"id"}) for key, group in answers.items() if group},
                      ensure_ascii=False)

"""The model's answer to one question, as a pydantic model, and how a reply becomes one.

The JSON schema sent with the request is generated from the same model, inside OpenAI's strict
subset (``additionalProperties`` false, every field required, no length keywords). Lengths are
enforced here after parsing, by cutting, never by rejecting: a 45-character verbatim quote is a good
quote, and its first 80 characters are still verbatim.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

QUOTE_MAX = 80
EXPLANATION_MAX = 120
NUMBERS_MAX = 3


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

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


def answer_schema() -> dict:
    return Answer.model_json_schema()


def response_format(kind: str) -> dict:
    """``json_schema`` (constrained decoding) or ``json_object`` (JSON mode; the schema is in the prompt)."""
    if kind == "json_object":
        return {"type": "json_object"}
    return {"type": "json_schema", "json_schema": {"name": "claim_answer", "schema": answer_schema(), "strict": True}}


class AnswerError(ValueError):
    """A reply that is not a valid answer: why, in words the model can act on when it is fed back."""


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def parse_answer(content: str | None, finish_reason: str | None) -> Answer:
    if finish_reason == "length":
        raise AnswerError("回答达到长度上限被截断，不是完整的 JSON。请输出更短的完整 JSON 对象。")
    if not content or not content.strip():
        raise AnswerError("回答为空。请只输出一个 JSON 对象。")
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        return Answer.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise AnswerError(f"回答不是合法的 JSON（{exc.msg}，位置 {exc.pos}）。请只输出一个 JSON 对象。") from exc
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, e['loc'])) or '整体'}: {e['msg']}" for e in exc.errors()[:5])
        raise AnswerError(f"JSON 不符合要求的格式：{problems}。请按字段要求重新输出。") from exc

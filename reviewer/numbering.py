"""List and heading numbering: "第一部分", "一、", "（一）", "1.", "(1)", "①" — its rank and its value."""

from __future__ import annotations

import re

# Rank 1 is the outermost. The same rank order holds in the official templates.
_STYLES = [
    (1, re.compile(r"^第(?P<n>[一二三四五六七八九十]+)部分")),
    (2, re.compile(r"^(?P<n>[一二三四五六七八九十]+)[、．.]")),
    (3, re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]+)\s*[）)]")),
    (4, re.compile(r"^(?P<n>\d{1,2})\s*[、．.](?!\d)")),
    (5, re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]")),
    (6, re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
]
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_numeral(text: str) -> int | None:
    """一 … 九十九."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _CN_DIGITS.get(tens, 1 if tens == "" else None)
        low = _CN_DIGITS.get(ones, 0 if ones == "" else None)
        return None if high is None or low is None else high * 10 + low
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def numbering_of(text: str) -> tuple[int, str, int | None]:
    """(rank, the numbering as written, its value) of a line's leading number; (0, "", None) if none."""
    stripped = text.lstrip()
    for rank, pattern in _STYLES:
        m = pattern.match(stripped)
        if m:
            n = m["n"]
            value = int(n) if n.isascii() and n.isdigit() else (_CIRCLED.index(n) + 1 if n in _CIRCLED else chinese_numeral(n))
            return rank, m.group().strip(), value
    return 0, "", None

"""List and heading numbering: "第一部分", "一、", "（一）", "1.", "(1)", "①" — its rank and its value,
at the start of a line or inside running text."""

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


# The same styles anywhere in a text, a number run into the words before it or read on as a decimal
# ("…完成四、评价结论", "2.164个农家书屋"): where a missing item may still stand.
# A bare "2." only where a clause opens: inside one it is a decimal ("增加2.37%").
_LOOSE_STYLES = {rank: re.compile(pattern.pattern.replace("^", r"(?:^|(?<=[\s。；;：:]))" if rank == 4 else "")
                                  .replace("(?!\\d)", ""))
                 for rank, pattern in _STYLES}


def _value(n: str) -> int | None:
    return int(n) if n.isascii() and n.isdigit() else (_CIRCLED.index(n) + 1 if n in _CIRCLED else chinese_numeral(n))


def numbered_anywhere(text: str, rank: int, value: int) -> bool:
    """Whether an item number of this rank and value stands anywhere in a text, however written in."""
    return any(_value(m["n"]) == value for m in _LOOSE_STYLES[rank].finditer(text))


def numbering_of(text: str) -> tuple[int, str, int | None]:
    """(rank, the numbering as written, its value) of a line's leading number; (0, "", None) if none."""
    stripped = text.lstrip()
    for rank, pattern in _STYLES:
        m = pattern.match(stripped)
        if m:
            return rank, m.group().strip(), _value(m["n"])
    return 0, "", None


# Where an item number may open a clause inside running text: after a sentence or clause end, or after
# a space (a PDF line joined to the one before it). "统一、" or "第一、二季度" are not item numbers.
_INLINE_START = re.compile(r"[。；;：:！？!?]\s*|\s+")


def inline_numberings(text: str) -> list[tuple[int, str, int]]:
    """(rank, the numbering as written, its value) of every item number opening a clause after the
    start of a text: "（1）人员10人。（2）车辆2辆" holds （2） at rank 5."""
    found = []
    for m in _INLINE_START.finditer(text):
        rank, numbering, value = numbering_of(text[m.end():])
        if rank and value is not None:
            found.append((rank, numbering, value))
    return found

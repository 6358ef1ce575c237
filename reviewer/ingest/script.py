"""Text as the readers need it: traditional characters as simplified ones, pinyin annotations dropped.

Mirror sites and some regional portals serve reports converted to traditional characters (預算, 萬元,
增長, 合計). The vocabulary and the number reader know simplified words only, so the text is converted
character for character before anything reads it. OpenCC's phrase tables may change a text's length;
then each character is converted alone, so that every offset, line and quote still points at the
same place of the source.

Scraped copies of some pages keep the ruby annotations of the original as text: "一般公共预(yù)算财(cái)政".
They split every word they sit in, so they are dropped (lines stay where they were).
"""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def simplified(text: str) -> tuple[str, int]:
    """``text`` in simplified characters, and how many characters were converted."""
    characters = "".join(sorted(set(text)))
    if _converter().convert(characters) == characters:
        return text, 0   # no character to convert: a report in simplified text is not run through the phrase tables
    converted = _converter().convert(text)
    if len(converted) != len(text):
        converted = "".join(_one(char) for char in text)
    return converted, sum(a != b for a, b in zip(text, converted))


def _one(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


# A syllable in brackets right after a character, with a tone mark: "预(yù)算"
_RUBY = re.compile(r"(?<=[\u4e00-\u9fff])[（(](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[）)]")


def without_ruby(text: str) -> tuple[str, int]:
    """``text`` without pinyin annotations, and how many were dropped."""
    return _RUBY.subn("", text)


def readable(text: str) -> tuple[str, int, int]:
    """``text`` as the readers need it: (the text, characters converted to simplified, pinyin annotations dropped)."""
    text, dropped = without_ruby(text)
    text, converted = simplified(text)
    return text, converted, dropped


def readable_items(items: list) -> tuple[int, int]:
    """Make what a PDF, Word or spreadsheet loader extracted readable, in place: (characters converted to
    simplified, pinyin annotations dropped)."""
    converted = dropped = 0
    for item in items:
        for holder in (cell for row in item.rows for cell in row) if hasattr(item, "rows") else (item,):
            holder.text, changed, ruby = readable(holder.text)
            converted, dropped = converted + changed, dropped + ruby
    return converted, dropped

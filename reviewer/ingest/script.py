"""Traditional characters read as simplified ones.

Mirror sites and some regional portals serve reports converted to traditional characters (預算, 萬元,
增長, 合計). The vocabulary and the number reader know simplified words only, so the text is converted
character for character before anything reads it. OpenCC's phrase tables may change a text's length;
then each character is converted alone, so that every offset, line and quote still points at the
same place of the source.
"""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def simplified(text: str) -> tuple[str, int]:
    """``text`` in simplified characters, and how many characters were converted."""
    converted = _converter().convert(text)
    if len(converted) != len(text):
        converted = "".join(_one(char) for char in text)
    return converted, sum(a != b for a, b in zip(text, converted))


def _one(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def simplify_items(items: list) -> int:
    """Convert what a PDF, Word or spreadsheet loader extracted, in place; how many characters were converted."""
    count = 0
    for item in items:
        for holder in (cell for row in item.rows for cell in row) if hasattr(item, "rows") else (item,):
            holder.text, converted = simplified(holder.text)
            count += converted
    return count

"""Rewrites of a corpus sentence that keep its meaning: how far the reader's reading of a report depends
on the one layout and phrasing the annotated copy happens to have.

Each variant changes what real reports change between departments and extraction tools: a PDF-to-text
tool wraps lines at the page width and puts spaces around figures; some reports group thousands with
commas, or write 上年度 for 上年, 与上年相比， for 比上年, 2023年度 for 2023年, the change in brackets, the rate
before the change, 包括： for 其中：, 万 for 万元. A relation read in a case as written should still be read in each variant; the share kept is
the figure (bench/robustness.py). The rewrites touch no figure, so the annotations hold for the variant too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reviewer.eval.corpus import Case, read_relations
from reviewer.ingest.text import display_width

_PAGE_COLUMNS = 66                       # an A4 page of 10.5 pt text: 33 CJK characters a line
_NEVER_OPENS_LINE = "。，、；：？！）)”’"   # Chinese typesetting carries these onto the line above
_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.")   # a figure or word is never cut by the wrap
_PERCENT = r"(-?\d+(?:\.\d+)?%)"
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?(?:万元|亿元|元))"
_CHANGE_THEN_RATE = re.compile(rf"(增加|减少){_AMOUNT}，(增长|下降){_PERCENT}")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年(?P<du>度)?")
_CHANGE_AFTER_AMOUNT = re.compile(rf"(万元|亿元)，((?:比|较)上年度?(?:增加|减少){_AMOUNT})")
_LONG_FIGURE = re.compile(r"(?<![\d.,])\d{4,}(?:\.\d+)?(?![\d,]|\s*年)")


def wrapped(text: str) -> str:
    """Each paragraph wrapped at the page width, as a PDF-to-text tool leaves it."""
    out = []
    for paragraph in text.split("\n"):
        lines, line = [], ""
        for token in _TOKEN.findall(paragraph):
            if line and display_width(line + token) > _PAGE_COLUMNS and token not in _NEVER_OPENS_LINE:
                lines.append(line)
                line = ""
            line += token
        out.append("\n".join(lines + [line]))
    return "\n".join(out)


def spaced(text: str) -> str:
    """A space between Chinese and a figure and between a figure and its unit ("增长 13.5 %，增支 143 万元")."""
    text = re.sub(r"(\d)(万元|亿元|元|%|个百分点)", r"\1 \2", text)
    return re.sub(r"([\u4e00-\u9fff])(\d)", r"\1 \2", text)


def thousands(text: str) -> str:
    """Figures of four digits and more grouped by commas, years left alone ("1,410万元", not "2,023年")."""
    def grouped(m: re.Match) -> str:
        whole, _, decimals = m[0].partition(".")
        if not decimals and 1990 <= int(whole) <= 2030:
            return m[0]
        return f"{int(whole):,}" + (f".{decimals}" if decimals else "")
    return _LONG_FIGURE.sub(grouped, text)


def last_year_with_du(text: str) -> str:
    """上年 written 上年度 ("上年度结转和结余", "比上年度预算数减少")."""
    return text.replace("上年", "上年度").replace("上年度度", "上年度")


def compared_in_a_clause(text: str) -> str:
    """"比上年减少" written "与上年相比，减少"."""
    return re.sub(r"(?:比|较)上年度?(增加|减少|增长|下降)", r"与上年相比，\1", text)


def change_apart(text: str) -> str:
    """"W万元，比上年增加…" written "W万元。比上年增加…": the change in a sentence of its own."""
    return re.sub(r"(万元|亿元)，((?:比|较)上年)", r"\1。\2", text)


def rate_first(text: str) -> str:
    """"增加Y万元，增长r%" written "增长r%，增加Y万元"."""
    return _CHANGE_THEN_RATE.sub(r"\3\4，\1\2", text)


def year_with_du(text: str) -> str:
    """A year written 2023年度 where the case writes 2023年, and 2023年 where it writes 2023年度 ("相比2022年度预算")."""
    return _YEAR.sub(lambda m: m["year"] + ("年" if m["du"] else "年度"), text)


def change_in_brackets(text: str) -> str:
    """"W万元，比上年增加Y万元，增长r%" written "W万元（比上年增加Y万元），增长r%": the change in brackets."""
    return _CHANGE_AFTER_AMOUNT.sub(r"\1（\2）", text)


def parts_with_baokuo(text: str) -> str:
    """Parts announced by 包括： instead of 其中：."""
    return text.replace("其中：", "包括：")


def wan_alone(text: str) -> str:
    """Amounts in 万元 written with 万 alone ("增支143万")."""
    return re.sub(r"(\d)万元", r"\1万", text)


@dataclass(frozen=True)
class Variant:
    name: str
    rewrite: Callable[[str], str]

    @property
    def doc(self) -> str:
        return (self.rewrite.__doc__ or "").strip()


VARIANTS = [Variant("wrapped", wrapped), Variant("spaced", spaced), Variant("thousands", thousands),
            Variant("上年度", last_year_with_du), Variant("与上年相比", compared_in_a_clause),
            Variant("change apart", change_apart), Variant("年度", year_with_du), Variant("change in brackets", change_in_brackets),
            Variant("rate first", rate_first), Variant("包括", parts_with_baokuo), Variant("万 alone", wan_alone)]


def kept(case: Case) -> dict[str, tuple[int, int]]:
    """Per variant, (relations still read in the variant, relations read as written) for one prose case;
    a variant that leaves the text as it was counts nothing."""
    if not case.prose:
        return {}
    as_written = read_relations(case)
    counts = {}
    for variant in VARIANTS if any(as_written) else ():
        text = variant.rewrite(case.text)
        if text != case.text:
            rewritten = read_relations(replace(case, text=text))
            counts[variant.name] = (sum(w and r for w, r in zip(as_written, rewritten)), sum(as_written))
    return counts

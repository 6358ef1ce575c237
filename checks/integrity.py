"""Integrity: text that does not belong to the report, such as an injected gambling advertisement."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterator

from reviewer.checks.base import Check, register
from reviewer.facts import DocumentFacts
from reviewer.findings import Evidence, Finding, Location
from reviewer.vocabulary import alternation, vocabulary, words

# Words no budget or performance report uses mark injected text; words a report may use in its own
# business (体育彩票投注站, 不动产登记办证) only extend an injected string they sit in. Both lists are in
# reviewer/vocabulary.toml.
_FOREIGN = re.compile(alternation(words("integrity", "foreign")), re.IGNORECASE)
_OFFER = alternation(words("integrity", "offers"))
_LURE = alternation(words("integrity", "strong_lures") + words("integrity", "weak_lures"))
_STRONG_LURE = re.compile(alternation(words("integrity", "strong_lures")))
# an offer, an optional bracket ("皇冠体育(中国)官方网站"), then one lure or more, or an SEO "_"
_LURED = re.compile(rf"(?:{_OFFER})(?:[（(][^（）()]{{1,6}}[）)])?(?:(?:{_LURE})+|_)")
_SEO_TOKEN = re.compile(r"_|[A-Za-z]")
_SPAM_WORD = re.compile(alternation(words("integrity", "foreign") + words("integrity", "ambiguous"))
                        + "|" + _LURED.pattern, re.IGNORECASE)
_GLUED_ADDRESS = re.compile(vocabulary()["integrity"]["glued_address"], re.IGNORECASE)
_TOKEN_BREAK = re.compile(r"[\s，。、：；,.;:（）()《》<>“”\"'|]")
_MAX_LOCATIONS = 5
_MIN_CORE = 6  # two injections sharing only a word ("买球") are two strings, not one


def _token(text: str, match: re.Match) -> str:
    left = max((m.end() for m in _TOKEN_BREAK.finditer(text, 0, match.start())), default=0)
    right_break = _TOKEN_BREAK.search(text, match.end())
    return text[left: right_break.start() if right_break else len(text)]


def lured(text: str) -> Iterator[re.Match]:
    """Offer-and-lure runs that name an online casino ("体育官方网站", "pg电子平台_")."""
    for match in _LURED.finditer(text):
        lures = re.findall(_LURE, match.group())
        if match.group().endswith("_") or _STRONG_LURE.search(match.group()) or len(lures) > 1 \
                or _SEO_TOKEN.search(_token(text, match)):
            yield match


def injected_string(text: str, match: re.Match) -> str:
    """The injected run around a match: its "_"-joined SEO segments up to the last foreign word."""
    segments = _token(text, match).split("_")
    kept = [s for s in segments if _SPAM_WORD.search(s)]
    if not kept:
        return match.group()
    last = kept[-1]
    end_in_last = max(m.end() for m in _SPAM_WORD.finditer(last))
    joined = "_".join(segments[: segments.index(last)] + [last[:end_in_last]])
    first_foreign = segments.index(kept[0])
    return "_".join(joined.split("_")[first_foreign:])


@register
class InjectedForeignText(Check):
    code = "INTEG-001"
    title = "疑似被注入的外来文字"
    title_en = "Injected foreign text"
    category = "integrity"
    why = ("网页版报告被篡改时，博彩或广告字符串常被成批替换进标题、单位名或地名。这类文字说明页面已不可信，"
           "所引用的数字也需要回到原件核对。报告本身业务可能用到的词（体育彩票投注站、不动产登记办证、打击赌博）"
           "单独出现不算，只有与确属外来的词连在一起时才算注入文字。")
    why_en = ("When a published page is tampered with, gambling or advertising strings replace titles, unit or "
              "place names. The page can no longer be trusted; its figures must be checked against the original. "
              "Words a report may use in its own business (a lottery outlet, a property-certificate desk) count "
              "only beside a word no report uses.")
    example_fail = ("足球365官网正规吗_365网站买球违法吗医疗保障局关于绩效评价的报告\n"
                    "来源：足球365官网正规吗_365网站买球违法吗医疗保障局\n")
    example_pass = "某市医疗保障局关于绩效评价的报告\n来源：某市医疗保障局\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        lines = facts.document.source_lines
        candidates = [injected_string(line, m) for line in lines
                      for m in sorted([*_FOREIGN.finditer(line), *lured(line)], key=lambda m: m.start())]
        candidates += [m.group() for line in lines if "." in line for m in _GLUED_ADDRESS.finditer(line)]
        reported: list[str] = []
        for candidate in candidates:
            if any(core in candidate for core in reported):
                continue
            core = _shared_core(candidate, candidates)
            reported.append(core)
            yield self._report(core, lines)

    def _report(self, injected: str, lines: list[str]) -> Finding:
        places = [(n, text) for n, text in enumerate(lines, 1) if injected in text]
        count = sum(text.count(injected) for _, text in places)
        shown = "、".join(str(n) for n, _ in places[:_MAX_LOCATIONS])
        more = "等" if len(places) > _MAX_LOCATIONS else ""
        return self.finding(
            "high" if count > 1 else "medium",
            f"文中 {count} 处出现与报告无关的博彩/广告字符串“{injected}”（第 {shown} 行{more}），"
            "替换了单位名或地名，页面疑似被篡改，应以原件核对。",
            f"A gambling/advertising string “{injected}” appears {count} time(s) (lines {shown}{'…' if more else ''}), "
            "in place of unit or place names: the page looks tampered with; check against the original.",
            [Location(line=n, quote=_around(text, injected)) for n, text in places[:_MAX_LOCATIONS]],
            Evidence(stated=injected, expected="（本单位名称或地名）", formula=f"出现 {count} 次"),
        )


def _shared_core(candidate: str, candidates: list[str]) -> str:
    """The injected string itself: what this candidate shares with the others, glued-on words trimmed."""
    core = candidate
    for other in candidates:
        match = SequenceMatcher(None, core, other, autojunk=False).find_longest_match(0, len(core), 0, len(other))
        common = core[match.a: match.a + match.size]
        if len(common) >= _MIN_CORE and (_FOREIGN.search(common) or any(lured(common))
                                         or _GLUED_ADDRESS.fullmatch(common)):
            core = common
    return core


def _around(text: str, injected: str, margin: int = 10) -> str:
    at = text.index(injected)
    return text[max(0, at - margin): at + len(injected) + margin].strip()

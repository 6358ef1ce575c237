"""Template leftovers: text from the reporting template that was never filled in."""

from __future__ import annotations

import re
from typing import Iterator

from checks.base import Check, register, text_location
from reviewer.facts import DocumentFacts
from reviewer.findings import Finding

# Each pattern is a placeholder the official templates use; a filled report never contains them.
_LEFTOVERS = [
    (re.compile(r"\*{2,}\s*(?:万元|元|%|％|（[类款项]）|\([类款项]\))|（\*{2,}）|\*{3}（[类款项]）"), "星号占位符"),
    (re.compile(r"增加/减少|减少/增加|增长/下降|下降/增长|大于/小于|小于/等于|大于/等于|小于/大于|增加（减少）|增长（下降）"), "未选择的二选一措辞"),
    (re.compile(r"（或与[^）]{0,12}持平）|\(或与[^)]{0,12}持平\)"), "模板中的备选括注"),
    (re.compile(r"(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|ＸＸ"), "XX 占位符"),
    (re.compile(r"原因是\s*(?:…|\.{3,})|是\s*…\s*。"), "省略号占位"),
]


@register
class TemplateLeftover(Check):
    code = "TMPL-001"
    title = "模板文字未替换"
    title_en = "Template text left unfilled"
    category = "template"
    why = "“增加/减少”“**万元”“XX”等是公开模板的占位文字，留在正式报告里说明该段未按实际情况填写，其中的数字和结论都不可信。"
    why_en = ("Placeholders such as 增加/减少, **万元 or XX come from the disclosure template; left in a "
              "published report they show the passage was never filled in.")
    example_fail = "三公经费支出决算比上年增加/减少0.50万元，增长/下降5.00%。\n"
    example_pass = "三公经费支出决算比上年减少0.50万元，下降5.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for paragraph in facts.document.paragraphs:
            by_line: dict[int, list[re.Match]] = {}
            for pattern, _kind in _LEFTOVERS:
                for m in pattern.finditer(paragraph.text):
                    by_line.setdefault(paragraph.line_at(m.start()), []).append(m)
            for matches in by_line.values():
                matches.sort(key=lambda m: m.start())
                start = max(0, matches[0].start() - 12)
                end = min(len(paragraph.text), matches[-1].end() + 12)
                words = "”“".join(dict.fromkeys(m.group() for m in matches))
                yield self.finding(
                    "medium",
                    f"出现模板占位文字“{words}”，该处内容未按实际情况填写。",
                    f"Template placeholder(s) “{words}” left in the text; the passage was not filled in.",
                    [text_location(paragraph, start, end)],
                )

"""Template leftovers: placeholder text never filled in, and numbered sequences with a gap."""

from __future__ import annotations

import re
from typing import Iterator

from reviewer.checks.base import Check, register, text_location
from reviewer.document import Heading, Paragraph, Table
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import squash
from reviewer.findings import Evidence, Finding, Location
from reviewer.numbering import inline_numberings, numbered_anywhere, numbering_of
from reviewer.numbers import COUNT_UNITS

# Each pattern is a placeholder the official templates use; a filled report never contains them.
_CHOICE_WORDS = "增加|减少|增长|下降|上升|大于|小于|等于|高于|低于"
_STAR_UNITS = "|".join(["万元", "元", "%", "％", "个百分点", *sorted(COUNT_UNITS, key=len, reverse=True)])
_LEFTOVERS = [
    # "**万元", "（**）", "***（类）", a target never set ("≥**平方米"), and a name never written ("********支出3万元")
    (re.compile(rf"\*{{2,}}\s*(?:{_STAR_UNITS}|（[类款项]）|\([类款项]\))|（\*{{2,}}）|\*{{3}}（[类款项]）|[≥≤＞＜><＝=]\s*\*{{2,}}"
                rf"|\*{{4,}}(?=[\u4e00-\u9fff]{{0,8}}?(?:支出|收入|费))|(?:^|(?<=[，,。；;：:\s]))\*{{4,}}(?=[\u4e00-\u9fff])"),
     "星号占位符"),
    # Two direction words offered for choice: "增加/减少", "下降（增长）", "增加(或减少)", "大于/等于".
    (re.compile(rf"(?P<first>{_CHOICE_WORDS})(?:[/／]|[（(]或?)(?!(?P=first))(?:{_CHOICE_WORDS})[）)]?(?![^（）()]{{0,8}}下同)"), "未选择的二选一措辞"),
    (re.compile(r"（或与[^）]{0,12}持平）|\(或与[^)]{0,12}持平\)"), "模板中的备选括注"),
    # "XX" inside a quoted name ("设立13个“××管理部”") is a naming pattern, not a blank: see _in_quotes
    # lower case before a unit or date word only ("20xx年", "xx万元"): not a run of x in a web address
    (re.compile(r"(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|ＸＸ|(?<![A-Za-z])x{2,}(?=\s*(?:年|月|日|万元|元|%|％|个|人|项))"),
     "XX 占位符"),
    (re.compile(r"原因是\s*(?:…|\.{3,})|是\s*…\s*。"), "省略号占位"),
    # "主要原因是。": the reason was never written ("…的原因。" alone is a sentence, not a blank).
    (re.compile(r"原因(?:是|为)[：:]?\s*[。；;]|原因[：:]\s*[。；;]"), "原因未填写"),
    # The template's instruction to the preparer ("无…的，仍保留该表格式，并在本表下方作下述说明"), kept in.
    (re.compile(r"仍保留(?:该|本)?表格?式|(?:在本表下方)?作下述说明"), "填报说明未删除"),
    # "开展内容包括：具体出国开支及开展工作情况等。": what to write, kept in place of it.
    (re.compile(r"[：:]\s*具体[^。；;，,：:]{2,30}?(?:情况|内容)等(?=[。；;]|$)"), "填报说明未删除"),
    # "…对附属单位补助支出0万元，占%。": a share's figure never filled in.
    (re.compile(r"占(?:[\u4e00-\u9fff]{0,20}的?)?\s*[%％](?=[，,。；;）)]|$)"), "占比未填写"),
    # "较上年减少0.09万元，下降%。": a rate of change never filled in.
    (re.compile(r"(?:增长|下降|上升|降低)\s*[%％](?=[，,。；;）)]|$)"), "增减幅度未填写"),
    # "对本部门（单位）及所属预算单位构成进行详细说明。如：…": the template's instruction before its example.
    # "5、请对“三公”经费增减变化原因等进行说明。", "注明因公出国（境）团组数和人数": the form's notes to the preparer.
    (re.compile(r"对本部门[（(]单位[）)][^。；;]{0,40}?进行(?:详细|简要)?说明|进行(?:详细|简要)?说明。\s*如[：:]"
                r"|请(?:对|就)[^。；;]{1,30}?(?:进行|作|做)(?:详细|简要)?说明|注明[^。；;，,]{0,16}(?:数和人数|批次和人数)"),
     "填报说明未删除"),
    # "部门应当…参照公开模板进行专业名词解释", "（罗列全部功能分类科目，至类级。）", "…与预算数持平可以不写原因。）":
    # instructions to the preparer kept.
    (re.compile(r"参照公开模板|罗列全部[^，,。；;）)]{0,12}科目|可以不写原因|[（(](?:列示|逐项列出)[^（）()]{0,30}[）)]"),
     "填报说明未删除"),
    # "1、收入说明\n万元。": an amount's unit alone, its figure never written.
    (re.compile(r"(?:^|[：:])\s*(?:万元|元)[。；;]"), "金额未填写"),
    # "内设3个股室：办公室、…股机构情况，包括当年变动情况及原因。": the self-evaluation template's heading instruction kept.
    (re.compile(r"(?:机构|人员)情况[，,]\s*包括当年变动情况及原因"), "填报说明未删除"),
    # "每个专项一行": a form's row instruction kept.
    (re.compile(r"每个[\u4e00-\u9fff]{1,4}一行"), "填报说明未删除"),
    # "我单位共有职工人，其中正式职工396人": the count before 人 never filled in.
    (re.compile(r"(?:共有|现有|实有)(?:在职)?(?:职工|人员|干部职工|编制)(?:为|共)?\s*[人名](?=[，,。；;])"), "人数未填写"),
    # "本单位公务用车辆共 台。": the vehicle count never filled in.
    (re.compile(r"(?:公务用?车辆?|车辆)(?:保有量)?(?:共有?|为)\s*[辆台](?=[，,。；;])"), "车辆数未填写"),
    # "其中：单价100万元以上设备 台（套）。": the equipment count never filled in ("设备台账" is a ledger, not a blank).
    (re.compile(r"设备\s*台\s*[（(]套[）)](?=[，,。；;]|$)"), "设备数未填写"),
    # "绩效自评价平均得分 分。": the score never filled in.
    (re.compile(r"得分(?:为|是)?\s*分(?=[，,。；;）)]|$)"), "得分未填写"),
    # "…自评得分92分，等级为，设置绩效目标8个": the grade never filled in.
    (re.compile(r"等级(?:为|是)[：:]?\s*(?=[，,。；;]|$)"), "等级未填写"),
    # "公务用车购置费元，": an amount's unit with no figure before it.
    (re.compile(r"[\u4e00-\u9fff]{1,10}?[费出入额](?:万元|元)(?=[，,。；;])"), "金额未填写"),
    # "团组主要包括0（团组名称）等": a blank's label kept after the figure put into it.
    (re.compile(r"(?<=\d)\s*[（(][^（）()\d，,。]{0,10}(?:名称|预期绩效|预期目标|具体内容|具体用途)[）)]"), "空白处的填写提示未删除"),
    # A self-evaluation form's answer cell still holding its instruction: "结合自评情况，说明项目自评总分…
    # （200字以内）". A label cell ("项目年度目标（100字以内）") and the form's standing note ("…未达到90%的
    # 需说明原因（100字以内）") tell no one to write anything here.
    (re.compile(r"(?<![需应须要])(?:说明|分析|提出|简述|填写)[^|\n]{0,60}?[（(]\d{2,4}字以内[）)]"), "自评表填写说明未替换"),
]


def _in_quotes(text: str, offset: int) -> bool:
    """Whether an offset lies inside “…” (a quoted name or rule), by the last quote mark before it."""
    opening, closing = text.rfind("“", 0, offset), text.rfind("”", 0, offset)
    return opening > closing


@register
class TemplateLeftover(Check):
    code = "TMPL-001"
    title = "模板文字未替换"
    title_en = "Template text left unfilled"
    category = "template"
    why = ("“增加/减少”“下降（增长）”“**万元”“XX”“20xx年”“××”“下降%”“主要原因是。”“得分 分”“等级为，”等是公开模板的占位文字，留在正式报告里说明该段"
           "未按实际情况填写，其中的数字和结论都不可信。")
    why_en = ("Placeholders such as 增加/减少, 下降（增长）, **万元, XX, 20xx年, a bare 下降%, an empty 主要原因是。 or a score or grade never written (得分 分, 等级为，) come from the "
              "disclosure template; left in a published report they show the passage was never filled in.")
    example_fail = "三公经费支出决算比上年增加/减少0.50万元，增长/下降5.00%。\n"
    example_pass = "三公经费支出决算比上年减少0.50万元，下降5.00%。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        run: list[tuple[int, str, Location]] = []  # consecutive lines left with the same placeholders
        for line, words, location in self._leftovers(facts):
            if run and (line != run[-1][0] + 1 or words != run[-1][1]):
                yield self._report(run)
                run = []
            run.append((line, words, location))
        if run:
            yield self._report(run)

    def _leftovers(self, facts: DocumentFacts) -> Iterator[tuple[int, str, Location]]:
        blocks = [b if isinstance(b, Paragraph) else b.as_paragraph()
                  for b in facts.document.blocks if isinstance(b, (Heading, Paragraph))]   # "3、省级专项资金(每个专项一行"
        for paragraph in blocks:
            by_line: dict[int, list[re.Match]] = {}
            for pattern, kind in _LEFTOVERS:
                for m in pattern.finditer(paragraph.text):
                    if kind == "XX 占位符" and _in_quotes(paragraph.text, m.start()):
                        continue
                    by_line.setdefault(paragraph.line_at(m.start()), []).append(m)
            for line, matches in sorted(by_line.items()):
                matches.sort(key=lambda m: m.start())
                start = max(0, matches[0].start() - 12)
                end = min(len(paragraph.text), matches[-1].end() + 12)
                words = "”“".join(dict.fromkeys(m.group() for m in matches))
                yield line, words, text_location(paragraph, start, end)

    def _report(self, run: list[tuple[int, str, Location]]) -> Finding:
        words = run[0][1]
        where = f"第 {run[0][0]}–{run[-1][0]} 行共 {len(run)} 处" if len(run) > 1 else "该处"
        where_en = f"lines {run[0][0]}–{run[-1][0]} ({len(run)} places)" if len(run) > 1 else "the passage"
        return self.finding(
            "medium",
            f"出现模板占位文字“{words}”，{where}内容未按实际情况填写。",
            f"Template placeholder(s) “{words}” left in the text; {where_en} not filled in.",
            [location for _, _, location in run],
        )


@register
class NumberingGap(Check):
    code = "TMPL-002"
    title = "编号不连续"
    title_en = "Gap in an enumeration"
    category = "template"
    why = ("同级编号跳号（如“（二）”之后直接是“（四）”）通常说明删改模板时漏掉了一段，或编号格式混用，读者无法确认内容是否完整。"
           "写在段落中间的编号（“（1）…。（2）…”，或PDF中与上一行连在一起的编号）也算在序列里，不当作跳号。段内“一是…二是…"
           "三是…三是…”同一要点编号连写两次，多半是一段被重复粘贴或截断，也一并报告。")
    why_en = ("A jump in a numbered sequence (（二） followed by （四）) usually means a template section was "
              "dropped or the numbering styles were mixed: the reader cannot tell whether content is missing. An "
              "item numbered inside a paragraph (or on a PDF line joined to the one before) counts in its sequence. A "
              "paragraph's point numbered twice in a row (…三是…。三是…) shows text pasted twice or cut off.")
    example_fail = "（一）基本支出情况。\n（二）项目支出情况。\n（四）三公经费情况。\n"
    example_pass = "（一）基本支出情况。\n（二）项目支出情况。\n（三）三公经费情况。\n"

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        last: dict[int, tuple[int, str, object]] = {}  # rank → (value, numbering, block)
        texts = [b for b in facts.document.blocks if not isinstance(b, Table)]
        for index, block in enumerate(texts):
            rank, numbering, value = numbering_of(block.text)
            if rank and value is not None:
                for deeper in [r for r in last if r > rank]:
                    del last[deeper]
                previous = last.get(rank)
                if previous and value > previous[0] + 1 and not self._written_in(texts, previous, index, rank, value):
                    yield self._gap(previous, numbering, value, block)
                last[rank] = (value, numbering, block)
            elif isinstance(block, Heading):  # an unnumbered heading starts a new context
                last.clear()
                continue
            self._follow_inline_items(block, last)
            yield from self._points_repeated(block)

    @staticmethod
    def _written_in(texts: list, previous: tuple, index: int, rank: int, value: int) -> bool:
        """Whether the missing items stand in the text between, run into the words before them ("…完成四、评价结论",
        a PDF line joined to the one before) or read on as a decimal ("2.164个农家书屋")."""
        start = next(k for k in range(index, -1, -1) if texts[k] is previous[2])
        between = "".join(b.text for b in texts[start:index])
        return all(numbered_anywhere(between, rank, v) for v in range(previous[0] + 1, value))

    @staticmethod
    def _follow_inline_items(block, last: dict) -> None:
        """Items numbered inside a paragraph ("（1）…。（2）…", or a PDF line joined to the one before)
        continue their sequence: the next line's "（3）" is no gap."""
        for rank, numbering, value in inline_numberings(block.text):
            previous = last.get(rank)
            if previous and value == previous[0] + 1:
                for deeper in [r for r in last if r > rank]:
                    del last[deeper]
                last[rank] = (value, numbering, block)

    def _points_repeated(self, block) -> Iterator[Finding]:
        """"…一是…。二是…。三是开展。三是照协议…": a point of a paragraph's 一是/二是 list numbered twice in a row."""
        if not isinstance(block, Paragraph):
            return
        points = list(_POINT.finditer(block.text))
        for before, point in zip(points, points[1:]):
            if before["n"] == point["n"]:
                start, line = max(0, before.start("n") - 12), block.line_at(point.start())
                yield self.finding(
                    "low",
                    f"段内要点编号“{point['n']}是”连续出现两次（第 {line} 行），下一要点应为“{_NEXT_POINT[point['n']]}是”；"
                    "请核对是否有一段被重复粘贴或截断。",
                    f"The point “{point['n']}是” is numbered twice in a row (line {line}): text pasted twice or cut off.",
                    [text_location(block, start, min(len(block.text), point.end() + 12))],
                    Evidence(stated=f"{point['n']}是", expected=f"{_NEXT_POINT[point['n']]}是", formula="上一要点 + 1"),
                )

    def _gap(self, previous, numbering: str, value: int, block) -> Finding:
        before_value, before_numbering, before_block = previous
        missing = value - before_value - 1
        quote = block.text[:40]
        return self.finding(
            "low",
            f"编号从“{before_numbering}”（第 {before_block.line} 行）跳到“{numbering}”，中间缺少 {missing} 项；"
            "请核对是否漏写一段或编号格式混用。",
            f"Numbering jumps from “{before_numbering}” (line {before_block.line}) to “{numbering}”: "
            f"{missing} item(s) missing, or numbering styles mixed.",
            [Location(line=block.line, section=block.section or None, quote=quote),
             Location(line=before_block.line, section=before_block.section or None, quote=before_block.text[:40])],
            Evidence(stated=numbering, expected=f"{before_value + 1}", formula=f"{before_value} + 1"),
        )


# "一是…；二是…": the points of a paragraph, each opening a clause
_POINT_NUMERALS = "一二三四五六七八九十"
_POINT = re.compile(rf"(?:^|(?<=[。；;，,：:\s]))(?P<n>[{_POINT_NUMERALS}])是")
_NEXT_POINT = dict(zip(_POINT_NUMERALS, [*_POINT_NUMERALS[1:], "十一"]))


# An item shorter than this (in characters, spaces left out) may repeat the one above by design ("（二）无。")
_COPIED_ITEM_MIN_CHARS = 20


@register
class ItemCopiedFromAbove(Check):
    code = "TMPL-003"
    title = "编号项照抄上一项"
    title_en = "A numbered item repeats the one above word for word"
    category = "template"
    why = ("同一序列中相邻两项（如“（二）”“（三）”）的内容一字不差，多半是复制上一段后漏改：本该写的那一项（一项职责、"
           "一项措施、一个科目）没有写，读者也无从得知它是什么。")
    why_en = ("Two neighbouring items of one sequence (（二） and （三）) with word-for-word the same text were most "
              "likely copied and never edited: the item that belongs there is missing.")
    example_fail = ("（一）负责全市医疗保障政策的组织实施和监督检查。\n（二）组织制定全市医疗保障基金监督管理办法并组织实施。\n"
                    "（三）组织制定全市医疗保障基金监督管理办法并组织实施。\n")
    example_pass = example_fail.replace("（三）组织制定全市医疗保障基金监督管理办法", "（三）组织制定全市药品和医用耗材招标采购政策")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        texts = [b for b in facts.document.blocks if isinstance(b, (Heading, Paragraph))]
        for before, item in zip(texts, texts[1:]):
            (rank_before, numbering_before, value_before), (rank, numbering, value) = \
                numbering_of(before.text), numbering_of(item.text)
            if not rank or rank != rank_before or value is None or value_before is None or value != value_before + 1:
                continue
            body = _body(item.text, numbering)
            if len(body) >= _COPIED_ITEM_MIN_CHARS and body == _body(before.text, numbering_before):
                yield self.finding(
                    "medium",
                    f"“{numbering}”一项与上一项“{numbering_before}”（第 {before.line} 行）内容一字不差，疑为复制后漏改，"
                    "本该写的一项缺失。",
                    f"Item “{numbering}” repeats item “{numbering_before}” (line {before.line}) word for word: most likely "
                    "copied and never edited.",
                    [Location(line=item.line, section=item.section or None, quote=item.text[:40]),
                     Location(line=before.line, section=before.section or None, quote=before.text[:40])])


def _body(text: str, numbering: str) -> str:
    """An item's text after its number, spaces left out."""
    return squash(text.lstrip()[len(numbering):])

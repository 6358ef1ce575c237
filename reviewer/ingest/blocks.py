"""Text lines and tables, as any loader yields them, into the Document's blocks.

Headings are told from paragraphs by their numbering ("第一部分", "一、", "（一）", "1.", "(1)", "#")
and length; a sentence cut by a page break is joined back into one paragraph; each table gets its
name (公开NN表), title and unit from the lines just above it, or from its shape when unnamed.
"""

from __future__ import annotations

import re

from reviewer.document import Block, Heading, Paragraph, Table
from reviewer.ingest.text import TextLine
from reviewer.numbering import numbering_of
from reviewer.table_kinds import identify_table
from reviewer.vocabulary import alternation, words

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_HEADING_MAX_CHARS = 32
_SENTENCE_END = "。！!？?：:」』”)）"   # "；" ends a clause: the sentence goes on below it
_JOIN_MIN_CHARS = 15
_TABLE_CODE_RE = re.compile(r"公开\s*0?(\d{1,2})\s*表")
_UNIT_RE = re.compile(r"单位[:：]?(亿元|万元|千元|元)|[（(](亿元|万元|千元|元)[）)]")
_TITLE_RE = re.compile(r"(决算表|决算总表|预算总表|预算表|收支总表|收入总表|支出总表|支出表|自评表|评分表|评价表|情况表|明细表|"
                       r"对比说明|指标表)")
_LOOKBACK = 8
_UNIT_ONLY_RE = re.compile(r"^[（(]?(?:金额)?单位[:：]?(亿元|万元|千元|元)[）)]?$")


# A single space between Chinese characters is letter-spacing a layout put in ("同 比 增 加", "基 本 支出
# 预 算"): Chinese needs none, and the reader must see the words whole.
_CJK = "\u4e00-\u9fff，。：；、（）“”"
# So is one a PDF extraction puts between Chinese and a figure ("增长 13.5 %，增支 143 万元"): the reader
# sees "增支143万元" as the report printed it. Figures side by side ("18.47 18.47") keep theirs.
_LETTER_SPACING = re.compile(rf"(?<=[{_CJK}])[ \u3000](?=[{_CJK}\d])|(?<=\d)[ \u3000](?=[{_CJK}%％])"
                             rf"|(?<=[{_CJK}])[ \u3000](?=[-−]\d)")   # one space: wider gaps part columns

# A numbered line with a clause break or a full stop inside is an item's running text, not a title:
# "8.上年结转和结余 8.02 万元,为以前年度支出预算因客" (a comma between digits groups thousands).
# So is one that states an amount and goes on past a colon ("1.社会保障和就业支出467.99万元:主要用于本单位在"), or
# ends with it ("2.上级补助收入0万元": an item of a list with its full stop left out).
_RUNNING_TEXT = re.compile(r"[，；;]|,(?!\d{3})|。.|\d\s*(?:万元|亿元|元)\s*(?:[:：]\s*\S|$)")
_CLAUSE_COMMA = re.compile(r"，|,(?!\d{3})")   # "…基本支出 1133753.33 元,其中:": a half-width comma too


def _as_heading(item: TextLine) -> Heading | None:
    m = _MARKDOWN_HEADING.match(item.text)
    if m:
        text = m.group(2).strip()
        return Heading(text=text, level=len(m.group(1)), numbering=numbering_of(text)[1], line=item.line,
                       page=item.page, ref=item.ref)
    level, numbering, _ = numbering_of(item.text)
    if level and len(item.text) <= _HEADING_MAX_CHARS and not item.text.endswith("。") \
            and not _RUNNING_TEXT.search(item.text):
        return Heading(text=item.text, level=level, numbering=numbering, line=item.line, page=item.page, ref=item.ref)
    return None


# A figure cut from its unit by a line break ("…总计412.36" / "万元。与上年相比…"), or from its name
# ("…收入支出总计" / "8634.27 万元。…").
_UNIT_FIRST = re.compile(r"^\s*(?:万元|亿元|千元|元|%|％)")
_CONTINUATION = re.compile(r"\s*(?:" + alternation(words("layout", "continues_paragraph")) + ")")
_ENDS_MID_SENTENCE = set(words("layout", "ends_mid_sentence"))
_FIGURE_FIRST = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|千元|元|%|％)")


# Marks a line never opens with: a line starting with one carries on the line above ("…运行费31.84亿元)" /
# ",减少3.19亿元").
_NEVER_OPENS_LINE = "，,。、；;：:）)%％"
_OPENING, _CLOSING = "（(“", "）)”"


def _open_bracket(line: str) -> bool:
    """The line leaves a bracket or quote open ("…1216.58万元（0个下属二级" / "事业单位…）"): the sentence goes on."""
    return sum(map(line.count, _OPENING)) > sum(map(line.count, _CLOSING))


def _continues(last_line: str, item: TextLine) -> bool:
    """A sentence cut by a line or page break: the previous line stops mid-sentence, or the line goes
    on with what the paragraph above was saying."""
    if last_line[-1:].isdigit() and _UNIT_FIRST.match(item.text) or _CONTINUATION.match(item.text) \
            or item.text[:1] in _NEVER_OPENS_LINE or _open_bracket(last_line):
        return True
    if last_line.rstrip()[-1:] in ("万", "亿", "千") and item.text.startswith("元"):
        return True   # a unit cut in two: "…公务接待费支出决算 1.5万" / "元。"
    if last_line[-1:] and "\u4e00" <= last_line[-1] <= "\u9fff" and _FIGURE_FIRST.match(item.text):
        return True
    if len(last_line) < _JOIN_MIN_CHARS or numbering_of(item.text)[0] or _MARKDOWN_HEADING.match(item.text):
        return False   # a short line (a title) or a new item or heading below
    return last_line.rstrip()[-1:] in _ENDS_MID_SENTENCE or (
        # a list announced at the end of a sentence ("…万元，主要用于以下方面：") runs on below it
        (last_line[-1] not in _SENTENCE_END or last_line.rstrip()[-1] in "：:" and _CLAUSE_COMMA.search(last_line))
        and any(mark in last_line for mark in "，,、；;。")   # running text, not a title or a "label：value" line
    )


_TITLE_MARKS = re.compile(r"[，,；;。]")


def _runs_on(last: TextLine | None, item: TextLine) -> bool:
    """The line above fills the text's wrap width and stops mid-sentence: this line goes on with it, even
    where it opens like an item ("2.87亿元、下降3.69%" below "…比上年决算数减少"), unless the line above
    stopped at a mark and this one opens an item or a heading, or the line above is a title (numbered, or
    above an item or heading) with no clause in it."""
    if last is None or not last.fills_width:
        return False
    opens_item = numbering_of(item.text)[0] or _MARKDOWN_HEADING.match(item.text)
    if (numbering_of(last.text)[0] or opens_item) and not _TITLE_MARKS.search(last.text):
        return False   # "（二）一般公共预算财政拨款“三公”经费支出决算具体情况": a title as wide as the text
    return not opens_item or last.text.rstrip()[-1].isalnum()   # a word or figure cut in two


def _name_table(table: Table, context: list[str]) -> None:
    joined = "".join("".join(context).split())
    code = _TABLE_CODE_RE.findall(joined)
    if code:
        table.code = f"{int(code[-1]):02d}"
    unit = _UNIT_RE.findall(joined)
    if unit:
        table.unit = next(u for u in unit[-1] if u)
    for text in reversed(context):
        if _TITLE_RE.search(text) and len(text) <= 60:
            table.title = _TITLE_RE.split(text)[0].lstrip("#").strip() + _TITLE_RE.search(text).group()
            break
    identify_table(table)


def _title_rows(table: Table) -> list[str]:
    """Take off the table's first rows when they hold its title, "编制单位：…" or "单位：元" line (some
    PDFs draw them inside the ruled grid) or nothing: they name the table, they are not its header."""
    lifted: list[str] = []
    while len(table.rows) > 1:
        texts = [t for t in ("".join(c.text.split()) for c in table.rows[0]) if t]
        joined = "".join(texts)
        naming = len(texts) <= 2 and (not joined or _TITLE_RE.search(joined) or _UNIT_RE.search(joined)
                                      or joined.startswith(("编制单位", "编制部门")))
        if not naming:
            break
        lifted += texts
        table.rows.pop(0)
    return lifted


def _page_starts(item: TextLine) -> list[tuple[int, int]]:
    if item.page_starts:
        return list(item.page_starts)
    return [(0, item.page)] if item.page is not None else []


class _OpenParagraph:
    """The paragraph lines are being joined to: its pieces are joined once, when it closes, so a
    report of a million wrapped lines costs linear time, not a copy of the paragraph per line."""

    def __init__(self) -> None:
        self.paragraph: Paragraph | None = None
        self.pieces: list[str] = []
        self.length = 0
        self.last_line: TextLine | None = None

    def start(self, paragraph: Paragraph, line: TextLine) -> None:
        self.close()
        self.paragraph, self.pieces, self.length = paragraph, [paragraph.text], len(paragraph.text)
        self.last_line = line

    def extend(self, item: TextLine) -> None:
        paragraph = self.paragraph
        for start, page in _page_starts(item):
            current = paragraph.page_starts[-1][1] if paragraph.page_starts else paragraph.page
            if page != current:
                paragraph.page_starts.append((self.length + start, page))
        paragraph.line_starts.append((self.length, item.line))
        self.pieces.append(item.text)
        self.length += len(item.text)
        self.last_line = item

    def close(self) -> None:
        if self.paragraph is not None:
            self.paragraph.text = "".join(self.pieces)
        self.paragraph, self.pieces, self.length, self.last_line = None, [], 0, None


def build_blocks(items: list[TextLine | Table | Heading]) -> list[Block]:
    blocks: list[Block] = []
    section = ""
    outline: list[Heading] = []   # the headings a line stands under, outermost first
    context: list[str] = []  # text seen since the previous table: where a table's name and unit are
    joining = _OpenParagraph()
    for item in items:
        if isinstance(item, Table):
            joining.close()
            item.section = section
            _name_table(item, context[-_LOOKBACK:] + _title_rows(item))
            blocks.append(item)
            context = []
            continue
        if isinstance(item, TextLine) and len(item.page_starts or ()) < 2:
            item.text = _LETTER_SPACING.sub("", item.text)
        context = context[-_LOOKBACK:] + [item.text]
        if isinstance(item, TextLine) and _runs_on(joining.last_line, item):
            joining.extend(item)
            continue
        if isinstance(item, TextLine):
            heading = _as_heading(item)
        else:
            heading = item
            heading.numbering = heading.numbering or numbering_of(heading.text)[1]
        if heading is not None:
            joining.close()
            section = heading.text
            heading.section = section
            outline = [h for h in outline if h.level < heading.level] + [heading]
            blocks.append(heading)
            continue
        if joining.paragraph is not None and _continues(joining.pieces[-1], item):
            joining.extend(item)
            continue
        blocks.append(Paragraph(text=item.text, line=item.line, line_starts=[(0, item.line)], section=section,
                                outline=[h.text for h in outline],
                                page=item.page, ref=item.ref, page_starts=_page_starts(item)))
        joining.start(blocks[-1], item)
    joining.close()
    _units_below(blocks)
    return blocks


def _units_below(blocks: list[Block]) -> None:
    """A table with no unit above it takes a bare "单位：万元" line right below it, unless that line
    heads the next table."""
    for i, block in enumerate(blocks[:-1]):
        if not isinstance(block, Table) or block.unit:
            continue
        after = blocks[i + 1]
        m = _UNIT_ONLY_RE.match("".join(after.text.split())) if isinstance(after, Paragraph) else None
        heads_next = i + 2 < len(blocks) and isinstance(blocks[i + 2], Table)
        if m and not heads_next:
            block.unit = m.group(1)

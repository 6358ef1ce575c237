"""What a report is, whose it is and for which year: its title, report type, department and year.

Told from the cover first (the title lines and "预算主管部门：…" labels), then from the table set and
the headings; never from a phrase picked out of a sentence. A cover with placeholders ("上海市XX局")
names no department.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from reviewer.document import Document, Heading, Paragraph, Table
from reviewer.numbering import numbering_of

# --- domain phrases -------------------------------------------------------------------------------

# Report types, first match wins: every word of a row must occur in the text (title or heading).
REPORT_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("项目支出绩效自评", ("项目", "自评")),
    ("部门整体支出绩效自评", ("自评",)),
    ("绩效评价报告", ("评价报告",)),
    ("部门整体支出绩效自评", ("整体支出", "绩效")),   # e.g. 部门整体支出绩效评价指标及评分表, filled in by the department
    ("单位决算", ("单位决算",)),
    ("部门决算", ("部门决算",)),
    ("单位预算", ("单位预算",)),
    ("部门预算", ("部门预算",)),
)
OTHER_TYPE = "其他"

# How a title line ends ("2024年度部门决算", "2025年区级单位预算", "…绩效自评报告"), with an optional
# bracketed remark such as （汇总）.
TITLE_ENDINGS: tuple[str, ...] = (
    "部门决算", "单位决算", "年度决算", "年决算",
    "部门预算", "单位预算", "年度预算", "年预算",
    "自评报告", "自评表", "评价报告", "评分表", "绩效报告",
)

# Words of a web page's menu or breadcrumb, which can end like a title ("首页 财政预决算 部门决算").
SITE_MENU_WORDS: tuple[str, ...] = ("首页", "当前位置", "您的位置", "网站地图")

# Labels that introduce the department or unit on a cover or above a table ("预算主管部门：…").
UNIT_LABELS: tuple[str, ...] = (
    "预算主管部门", "预算单位", "部门名称", "单位名称", "编制部门", "编制单位", "填报单位",
    "评价单位（盖章）", "评价单位", "部门", "单位",
)

# How a department's or unit's name ends; distinctive enough to find a name in running text.
UNIT_NAME_SUFFIXES: tuple[str, ...] = (
    "街道办事处", "镇人民政府", "人民政府", "办事处", "委员会", "办公室", "中心",
    "局", "院", "馆", "站", "厅", "所", "队",
)
# Further endings, accepted only where a label or the title bounds the name (…社会工作部, …区委).
BOUNDED_NAME_SUFFIXES: tuple[str, ...] = UNIT_NAME_SUFFIXES + (
    "部", "委", "会", "社", "台", "署", "办", "室", "校", "学", "园", "处", "团",
)

# The place a department's name starts with, for names found in running text (攀枝花市…, 中共…区委…).
PLACE_ENDINGS: tuple[str, ...] = ("省", "市", "县", "区", "州", "盟", "旗")

# Remarks that follow a name but are not part of it.
NAME_REMARKS: tuple[str, ...] = ("（汇总）", "(汇总)", "（本级）", "(本级)", "（盖章）", "(盖章)")

# Template placeholders standing for a name ("上海市XX局", "××局", "***单位").
PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}|\*{2,}|某某")

# --- patterns built from the phrases --------------------------------------------------------------

_CJK = "\u4e00-\u9fff"
_YEAR = re.compile(r"(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)")   # "2025年", "2024年度", not a date
_TITLE_LINE = re.compile(
    rf"(?:{'|'.join(TITLE_ENDINGS)})(?:[（(][{_CJK}]{{1,4}}[）)])?$")
_LABELLED_NAME = re.compile(
    rf"(?:^|\s)(?:{'|'.join(map(re.escape, UNIT_LABELS))})\s*[:：]\s*(\S+)")
_UNIT_NAME = re.compile(rf"[{_CJK}（）()]{{2,40}}")
_NAME_IN_TEXT = re.compile(
    rf"(?<![{_CJK}])(?:中共)?[{_CJK}]{{1,6}}?(?:{'|'.join(PLACE_ENDINGS)})[{_CJK}（）]{{1,24}}?"
    rf"(?:{'|'.join(UNIT_NAME_SUFFIXES)})")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_LABEL_COLON = re.compile(r"[:：]")
_ANNEX_MARK = re.compile(r"^附件\s*\d*$")
_SENTENCE_MARKS = re.compile(r"[，。；,;]")

_FIRST_BLOCKS = 40          # the cover, contents and the opening pages
_TITLE_MAX_CHARS = 60
_COVER_LINES_BEFORE_TITLE = 3
_FEW_TABLES = 2             # a table set names the type from this many tables of one kind


def fill_metadata(doc: Document) -> None:
    texts = [b for b in doc.blocks[:_FIRST_BLOCKS] if isinstance(b, (Heading, Paragraph))]
    doc.title = report_title(texts)
    doc.report_type = report_type_of(doc.title, doc.tables, [b.text for b in texts if isinstance(b, Heading)])
    doc.year = report_year(doc.title, [b.text for b in texts])
    doc.department = department_of(doc.title, [b.text for b in texts], doc)


# --- title ----------------------------------------------------------------------------------------

def report_title(blocks: list[Heading | Paragraph]) -> str:
    """The title line, with the cover lines it was broken from ("上海市XX局" / "2024年度部门决算")."""
    for index, block in enumerate(blocks):
        text = _squeeze(block.text)
        if _is_title_line(text):
            return "".join(_squeeze(b.text) for b in _cover_lines_before(blocks, index)) + text
    return ""


def _is_title_line(text: str) -> bool:
    return (len(text) <= _TITLE_MAX_CHARS and bool(_TITLE_LINE.search(text)) and not _PART_HEADING.match(text)
            and not any(word in text for word in SITE_MENU_WORDS))


def _cover_lines_before(blocks: list[Heading | Paragraph], index: int) -> list[Heading | Paragraph]:
    """The lines the title continues, when it starts with its year or its type ("2024年度部门决算")."""
    year = _YEAR.search(_squeeze(blocks[index].text))
    if year and year.start() > 0:
        return []   # "XX局2024年度部门决算" is whole; the line above is a page header or a menu
    lines: list[Heading | Paragraph] = []
    for block in reversed(blocks[max(0, index - _COVER_LINES_BEFORE_TITLE):index]):
        if block.page != blocks[index].page or not _is_cover_fragment(_squeeze(block.text)):
            break
        lines.insert(0, block)
    return lines


def _is_cover_fragment(text: str) -> bool:
    """A short piece of a title broken over cover lines: no label, sentence, annex mark, list number
    or report type of its own (a site menu: "首页 财政预决算 部门决算")."""
    return (len(re.findall(rf"[{_CJK}]", text)) >= 2 and len(text) <= _TITLE_MAX_CHARS // 2
            and not _LABEL_COLON.search(text) and not _SENTENCE_MARKS.search(text)
            and not _ANNEX_MARK.match(text) and not numbering_of(text)[0] and not _type_named_in(text))


def _squeeze(text: str) -> str:
    """Chinese titles carry no meaningful spaces; PDFs and Word covers add them ("2022 年度")."""
    return "".join(text.split())


# --- report type ----------------------------------------------------------------------------------

def report_type_of(title: str, tables: list[Table], headings: Iterable[str]) -> str:
    """From the title; else from the table set; else from the first heading that names a type."""
    return (_type_named_in(title) or _type_of_table_set(tables)
            or next(filter(None, map(_type_named_in, map(_squeeze, headings))), "") or OTHER_TYPE)


def _type_named_in(text: str) -> str:
    return next((kind for kind, words in REPORT_TYPE_WORDS if all(w in text for w in words)), "")


def _type_of_table_set(tables: list[Table]) -> str:
    codes = {t.code for t in tables}
    if "project_score" in codes:
        return "项目支出绩效自评"
    if "score" in codes:
        return "部门整体支出绩效自评"
    titles = [t.title for t in tables]
    if sum("决算" in t for t in titles) >= _FEW_TABLES:
        return "部门决算"
    budget = [t for t in titles if "预算" in t and t.endswith("表")]
    if len(budget) >= _FEW_TABLES:
        return "单位预算" if any("预算单位" in t for t in budget) else "部门预算"
    return ""


# --- year -----------------------------------------------------------------------------------------

def report_year(title: str, texts: list[str]) -> int | None:
    """The year the title names; else the year the opening pages name most ("2019年度" before "2019年")."""
    in_title = _YEAR.search(title)
    if in_title:
        return int(in_title.group(1))
    joined = " ".join(texts)
    years = [m.group(1) for m in re.finditer(r"(20\d{2})\s*年度", joined) if not _compared_with(joined, m.start())] \
        or [m.group(1) for m in _YEAR.finditer(joined)
            if not _is_range_end(joined, m.start()) and not _compared_with(joined, m.start())]
    return int(Counter(years).most_common(1)[0][0]) if years else None


def _compared_with(text: str, start: int) -> bool:
    """"比2021年预算减少", "与2021年预算一致": the year compared with, not the report's (a budget names the
    year before it as often as its own)."""
    return bool(_COMPARED_BEFORE.search(text, max(0, start - 4), start))


_COMPARED_BEFORE = re.compile(r"(?:比|较|与|同|跟|相比)\s*$")


def _is_range_end(text: str, start: int) -> bool:
    """"2018-2020年": the 2020 closes a span of years, it is not the report's year."""
    return text[max(0, start - 1):start] in ("-", "—", "至", "~")


# --- department -----------------------------------------------------------------------------------

def department_of(title: str, texts: list[str], doc: Document) -> str:
    """A labelled name on the cover, else the name in the title, else the region-led name the text
    repeats most. A placeholder on the way ("上海市XX局") means a blank template: no department."""
    for candidate in _department_candidates(title, texts, doc):
        if PLACEHOLDER.search(candidate):
            return ""
        name = unit_name(candidate)
        if name:
            return name
    return ""


def _department_candidates(title: str, texts: list[str], doc: Document) -> Iterator[str]:
    for text in texts:
        yield from (m.group(1) for m in _LABELLED_NAME.finditer(text))
    yield _name_in_title(title)
    yield from _repeated_names(doc)


def _name_in_title(title: str) -> str:
    """"XX局2024年度部门决算" → XX局; "2022年度XX局（汇总）部门决算" → XX局（汇总）; "XX中心关于…" → XX中心."""
    if "关于" in title:
        return title.split("关于")[0]
    year = _YEAR.search(title)
    if year is None:
        return ""
    before, after = title[:year.start()], title[year.end():]
    return before or re.split(r"部门|单位", after, maxsplit=1)[0]


def _repeated_names(doc: Document) -> list[str]:
    text = " ".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    counts = Counter(_NAME_IN_TEXT.findall(text))
    return [name for name, count in counts.most_common() if count >= 2]


def unit_name(candidate: str) -> str:
    """The name without its remarks when it reads as one: Chinese only, ending as a unit's name ends."""
    name = re.split(r"单位[:：]", candidate)[0]   # "编制单位：XX院单位：元" printed without a space
    for remark in NAME_REMARKS:
        name = name.replace(remark, "")
    if _UNIT_NAME.fullmatch(name) and name.endswith(BOUNDED_NAME_SUFFIXES) and not PLACEHOLDER.search(name):
        return name
    return ""

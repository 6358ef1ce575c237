"""Structure: what a report must contain and how it labels it. The tables its type requires, the year
and the unit its titles name, a note beside every empty table, notes that speak of their own table's
fund, and function/economic codes of the right length under the right parent.

These are facts about the document, not figures: no rounding, and each finding quotes the line or
cell it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

from reviewer.checks.base import Check, register, text_location
from reviewer.document import Document, Heading, Paragraph, Table
from reviewer.facts import DocumentFacts
from reviewer.facts.table_cells import TableFacts, squash
from reviewer.findings import Evidence, Finding, Location
from reviewer.ingest.metadata import UNIT_LABELS, unit_name
from reviewer.table_kinds import identify_table
from reviewer.vocabulary import words

# --- what each report type must contain -------------------------------------------------------------

FINAL_ACCOUNT_TYPES = ("部门决算", "单位决算")
BUDGET_TYPES = ("部门预算", "单位预算")
ALL_KINDS = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
# A budget may leave out its 政府性基金 (08) or 国有资本经营 (09) table where it says it has none.
BUDGET_KINDS_REPLACEABLE_BY_NOTE = ("08", "09")

FINAL_ACCOUNT_TABLE_NAMES = {
    "01": "收入支出决算总表", "02": "收入决算表", "03": "支出决算表", "04": "财政拨款收入支出决算总表",
    "05": "一般公共预算财政拨款支出决算表", "06": "一般公共预算财政拨款基本支出决算表",
    "07": "财政拨款“三公”经费支出决算表", "08": "政府性基金预算财政拨款收入支出决算表",
    "09": "国有资本经营预算财政拨款收入支出决算表",
}
BUDGET_TABLE_NAMES = {
    "01": "财务收支预算总表", "02": "收入预算总表", "03": "支出预算总表", "04": "财政拨款收支预算总表",
    "05": "一般公共预算支出功能分类预算表", "06": "一般公共预算基本支出经济分类预算表",
    "07": "“三公”经费预算表", "08": "政府性基金预算支出功能分类预算表", "09": "国有资本经营预算支出功能分类预算表",
}

# --- notes beside tables -----------------------------------------------------------------------------

NOTE_REACH = 3     # blocks either side of a table within which its notes stand
HEADER_REACH = 5   # blocks above a table within which its title and header lines stand
# Why a table is empty: "本表无数据", "故本表为空表", "本部门无政府性基金预算财政拨款收支", "未发生".
EMPTY_TABLE_NOTE = re.compile(r"无数据|空表|本表为空|故本表|未发生|(?:无|没有)[^，。；]{0,30}?(?:收支|收入|支出|安排|经费|数据)")
# A note about a table: "注：…", "说明：…", a sentence about "本表", or a numbered note line
# continued on its own ("2. 本部门2022年度没有使用政府性基金预算拨款安排的收支").
TABLE_NOTE = re.compile(r"^(?:注|说明|备注)|本表|^\d{1,2}[.、．]本(?:部门|单位)")
# The fund (or spending) each of the last three tables is about, as a note names it.
FUND_WORDS = {"07": "三公", "08": "政府性基金", "09": "国有资本经营"}
FUND_WORDS_EN = {"07": "三公 spending", "08": "government funds (政府性基金)",
                 "09": "state capital operation (国有资本经营)"}
SAYS_NO_FUND = r"(?:无|没有|未安排)[^。；]{{0,20}}?{fund}"

# --- years in titles ---------------------------------------------------------------------------------

YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年度?")
# A year compared with, not named: "比2023年", "与2023年度相比", "2018-2020年", "2024年预算执行数",
# and dates ("2024年8月31日").
COMPARED_BEFORE = re.compile(r"(?:比|较|与|同|上|至|到|[-—~－])$")
COMPARED_AFTER = re.compile(r"^(?:\d{1,2}月|[-—~－至到]20\d{2}|[^，。；]{0,6}?执行)")
TITLE_ENDINGS = ("表", "决算", "预算", "说明", "报告")
SENTENCE_MARKS = re.compile(r"[，。；,;]")
DOT_LEADERS = re.compile(r"[.…·．]{2,}\s*\d*$")   # "一、收入支出决算总表……………5" in a contents page
TITLE_MAX_CHARS = 60
# A final account speaks of the year's end: "截至2024年12月31日", "截至2024年底".
YEAR_END_DATE = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*(?:12\s*月\s*(?:31\s*日|底|末)|底|末)")

# --- unit names above tables -------------------------------------------------------------------------

LABELLED_NAME = re.compile(rf"(?:{'|'.join(map(re.escape, UNIT_LABELS))})\s*[:：]\s*(?P<name>\S+)")
# "上海市XX局2024年度部门决算表": the name before the year of a table-set heading.
YEAR_LED_NAME = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>[\u4e00-\u9fff（）()]{4,40}?)20\d{2}年度?[\u4e00-\u9fff]{0,8}(?:决算|预算)表?$")
UNIT_LIST_WORDS = ("包括", "构成", "编制范围", "下属")   # sentences that list the department's units

# --- function and economic codes ---------------------------------------------------------------------

CODE_LENGTHS = (3, 5, 7)            # 类, 款, 项
SPLIT_LEVEL_DIGITS = (3, 2, 2)      # 类 | 款 | 项 printed in separate columns
LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}
LEVEL_NAMES_EN = {3: "class (类)", 5: "category (款)", 7: "item (项)"}

TextBlock = Union[Heading, Paragraph]

_TABLES_ATTACHED = re.compile("|".join(words("layout", "tables_attached")))


def _says_tables_attached(doc: Document) -> bool:
    """"…部门决算报表（详见附表）", "以上报表见附件1": the text says its tables are published beside it."""
    return any(_TABLES_ATTACHED.search(b.text) for b in doc.blocks if not isinstance(b, Table))


# A government's report on one year's execution and the next year's draft budget names both years.
_EXECUTION_AND_DRAFT = re.compile(r"(20\d{2})\s*年[^，。；\d]{0,12}?执行情况和\s*(20\d{2})\s*年[^，。；\d]{0,8}?预算")
_OPENING_BLOCKS = 40


# --- where things stand around tables ----------------------------------------------------------------

@dataclass
class TableSite:
    """A table with the blocks that belong to it: its title line, the short lines just above it
    (编制单位, 单位：万元, the table-set heading) and the notes within reach that are its own."""

    index: int
    table: Table
    title_block: TextBlock | None
    header: list[TextBlock]
    notes: list[TextBlock]


def table_sites(doc: Document) -> list[TableSite]:
    blocks = doc.blocks
    positions = [i for i, b in enumerate(blocks) if isinstance(b, Table)]
    titles = {i: _title_index(doc, i) for i in positions}
    owners = _note_owners(doc, positions, titles)
    return [TableSite(i, blocks[i], None if titles[i] is None else blocks[titles[i]], _header(doc, i),
                      [blocks[j] for j, owner in owners.items() if owner == i])
            for i in positions]


def _title_index(doc: Document, index: int) -> int | None:
    """The block above a table that carries its title, if the title was printed outside the grid."""
    title = squash(doc.blocks[index].title)
    for j in range(index - 1, max(-1, index - HEADER_REACH - 1), -1):
        block = doc.blocks[j]
        if isinstance(block, Table):
            return None
        if title and title in squash(block.text):
            return j
    return None


def _header(doc: Document, index: int) -> list[TextBlock]:
    """The short title-like lines straight above a table, nearest last."""
    lines: list[TextBlock] = []
    for block in reversed(doc.blocks[max(0, index - HEADER_REACH - 1):index]):
        text = squash(getattr(block, "text", ""))
        if isinstance(block, Table) or not text or len(text) > TITLE_MAX_CHARS or "。" in text or TABLE_NOTE.match(text):
            break
        lines.insert(0, block)
    return lines


def _note_owners(doc: Document, positions: list[int], titles: dict[int, int | None]) -> dict[int, int]:
    """Text block → the table it stands beside. A block just below a table is that table's, unless
    it comes at or after the next table's title line ("注：本表无数据" below 08 is 08's, even when
    09's title follows straight after); a block above a table with none just before it is the next
    table's."""
    owners: dict[int, int] = {}
    for j, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            continue
        above = max((i for i in positions if i < j), default=None)
        below = min((i for i in positions if i > j), default=None)
        below = below if below is not None and below - j <= NOTE_REACH else None
        above = above if above is not None and j - above <= NOTE_REACH else None
        if below is not None and titles[below] is not None and titles[below] <= j:
            owners[j] = below
        elif above is not None:
            owners[j] = above
        elif below is not None:
            owners[j] = below
    return owners


def block_location(block: TextBlock, quote: str | None = None) -> Location:
    return Location(line=block.line, page=block.page, ref=block.ref, section=block.section or None,
                    quote=quote or block.text[:TITLE_MAX_CHARS])


def table_location(site: TableSite) -> Location:
    """A table by its title line, else by its first cell with text."""
    table = site.table
    if site.title_block is not None:
        location = block_location(site.title_block)
    else:
        cell = next((c for row in table.rows for c in row if c.text.strip()), None)
        location = Location(line=cell.line if cell else table.line, page=cell.page if cell else table.page,
                            ref=cell.ref if cell else table.ref, quote=cell.text if cell else None)
    location.table, location.table_line = table.label, table.line
    location.section = location.section or table.section or None
    return location


def title_lines(site: TableSite) -> list[tuple[str, Location]]:
    """The lines just above a table, and its title when it was printed inside the grid."""
    lines = [(block.text, block_location(block)) for block in site.header]
    if site.title_block is None and site.table.title:
        lines.append((site.table.title, table_location(site)))
    return lines


def is_public_table(table: Table) -> bool:
    return bool(table.code) and table.code in ALL_KINDS


def table_name(code: str, report_type: str) -> str:
    return (BUDGET_TABLE_NAMES if report_type in BUDGET_TYPES else FINAL_ACCOUNT_TABLE_NAMES)[code]


def _title_text(text: str) -> str:
    return DOT_LEADERS.sub("", squash(text))


def is_title(text: str) -> bool:
    """A heading or table title: short, no sentence, ending as titles end (…表, …决算, …说明)."""
    title = _title_text(text)
    return 0 < len(title) <= TITLE_MAX_CHARS and not SENTENCE_MARKS.search(title) and title.endswith(TITLE_ENDINGS)


# --- the contents page -------------------------------------------------------------------------------

@dataclass
class ContentsLine:
    text: str
    location: Location


def contents_lines(doc: Document) -> list[ContentsLine]:
    """The lines of a contents page (目录): the short lines after a "目录" line until the body starts
    (a line repeats, a sentence or a table comes), or the rows of a table headed "目录"."""
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Table) and block.rows and block.rows[0] and squash(block.rows[0][0].text) == "目录":
            first_cells = [row[0] for row in block.rows[1:] if row and squash(row[0].text)]
            return [ContentsLine(c.text, Location(line=c.line, page=c.page, ref=c.ref, quote=c.text))
                    for c in first_cells]
        if not isinstance(block, Table) and squash(block.text) == "目录":
            return _contents_after(doc, index)
    return []


def _contents_after(doc: Document, index: int) -> list[ContentsLine]:
    lines: list[ContentsLine] = []
    seen: set[str] = set()
    for block in doc.blocks[index + 1:]:
        text = _title_text(getattr(block, "text", ""))
        if isinstance(block, Table) or text in seen or len(text) > TITLE_MAX_CHARS or "。" in text:
            break
        seen.add(text)
        lines.append(ContentsLine(block.text, block_location(block)))
    return lines


def table_kind(title: str) -> str | None:
    """Which 公开表 a title names ("八、政府性基金预算财政拨款收入支出决算表" → 08); only titles of tables."""
    text = _title_text(title)
    if not text.endswith("表"):
        return None
    probe = Table(title=text, rows=[], line=0)
    identify_table(probe)
    return probe.code if probe.code in ALL_KINDS else None


# =====================================================================================================

@register
class RequiredTables(Check):
    code = "STRUCT-001"
    title = "缺少应公开的表格"
    title_en = "Required table missing"
    category = "structure"
    why = ("部门（单位）决算应公开收入支出决算总表至国有资本经营预算财政拨款收入支出决算表共九张表，部门（单位）预算至少"
           "应公开收支总表至“三公”经费表七张表；缺表说明公开不完整，目录列出而正文没有的表更是编排失误。")
    why_en = ("A final account (决算) must publish all nine tables 01–09; a budget (预算) at least the seven tables "
              "01–07 (08/09 may give way to a note that there is no such fund). A missing table means an incomplete "
              "disclosure; one listed in the contents but absent from the body is an editing slip.")
    example_fail = ("河湾区档案服务中心2025年单位预算\n目录\n1.2025年单位收支总表\n2.2025年单位收入总表\n"
                    "3.2025年单位支出总表\n"
                    "本单位无政府性基金预算和国有资本经营预算安排。\n\n"
                    "2025年单位收支总表\n单位：万元\n项目\t预算数\n收入总计\t10.00\n\n"
                    "2025年单位收入总表\n单位：万元\n项目\t合计\n合计\t10.00\n")
    example_pass = ("河湾区档案服务中心2025年单位预算\n"
                    "本单位无政府性基金预算和国有资本经营预算安排。\n\n"
                    "2025年单位收支总表\n单位：万元\n项目\t预算数\n收入总计\t10.00\n\n"
                    "2025年单位收入总表\n单位：万元\n项目\t合计\n合计\t10.00\n\n"
                    "2025年单位支出总表\n单位：万元\n项目\t合计\n合计\t10.00\n\n"
                    "2025年单位财政拨款收支总表\n单位：万元\n项目\t预算数\n收入总计\t10.00\n\n"
                    "2025年单位一般公共预算支出表\n单位：万元\n项目\t合计\n合计\t10.00\n\n"
                    "2025年单位一般公共预算基本支出表\n单位：万元\n项目\t合计\n合计\t8.00\n\n"
                    "2025年单位一般公共预算“三公”经费支出表\n单位：万元\n项目\t合计\n合计\t1.00\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        doc = facts.document
        required = self._required(doc)
        present = {t.code for t in doc.tables if is_public_table(t)}
        missing = [code for code in required if code not in present]
        if not missing:
            return
        if not present:
            if not _says_tables_attached(doc):
                yield self._none_present(doc, missing)
            return
        listed = {}
        for line in contents_lines(doc):
            listed.setdefault(table_kind(line.text), line)
        sites = table_sites(doc)
        for code in missing:
            yield self._missing(doc, code, listed.get(code), sites)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        doc = facts.document
        if self._required(doc) and not any(is_public_table(t) for t in doc.tables) and _says_tables_attached(doc):
            yield f"正文说明公开表另见附件，未随本文件提供：是否缺表（{self.code}）未检查"

    def _required(self, doc: Document) -> list[str]:
        if doc.report_type in FINAL_ACCOUNT_TYPES:
            return list(ALL_KINDS)
        if doc.report_type not in BUDGET_TYPES:
            return []
        text = " ".join(b.text for b in doc.blocks if not isinstance(b, Table))
        return [code for code in ALL_KINDS if code not in BUDGET_KINDS_REPLACEABLE_BY_NOTE
                or not re.search(SAYS_NO_FUND.format(fund=FUND_WORDS[code]), text)]

    def _missing(self, doc: Document, code: str, listed: ContentsLine | None,
                 sites: list[TableSite]) -> Finding:
        name = table_name(code, doc.report_type)
        if listed is not None:
            quote = squash(listed.text)
            return self.finding(
                "medium",
                f"目录列有“{quote}”，但正文中没有这张表（公开{code}表 {name}）；{doc.report_type}应公开此表。",
                f"The contents list “{quote}” but the body has no such table (table {code}, {name}); a "
                f"{doc.report_type} must publish it.",
                [listed.location],
                Evidence(stated="正文无此表", expected=f"公开{code}表 {name}"),
            )
        return self.finding(
            "medium",
            f"{doc.report_type}应公开{name}（公开{code}表），正文中没有这张表。",
            f"A {doc.report_type} must publish {name} (table {code}); the body has none.",
            [self._nearest_table(code, sites)],
            Evidence(stated="正文无此表", expected=f"公开{code}表 {name}"),
        )

    def _nearest_table(self, code: str, sites: list[TableSite]) -> Location:
        """Where the missing table would stand: after the last present table of a lower number."""
        public = [s for s in sites if is_public_table(s.table)]
        before = [s for s in public if s.table.code < code]
        return table_location(before[-1] if before else public[0])

    def _none_present(self, doc: Document, missing: list[str]) -> Finding:
        first = next((b for b in doc.blocks if not isinstance(b, Table)), None)
        anchor = block_location(first) if first is not None else Location(line=1)
        kinds = "、".join(missing)
        return self.finding(
            "medium",
            f"报告类型为{doc.report_type}，但正文中没有识别出任何公开表（应有 {kinds} 表）；"
            "表格可能另行公开、以图片形式出现，或未能识别，请核对。",
            f"The report is a {doc.report_type} but no public table was found in it (expected tables {kinds}); they "
            "may be published separately, printed as images, or not recognised.",
            [anchor],
            Evidence(stated="无公开表", expected=f"公开 {kinds} 表"),
            confidence=0.6,
        )


@register
class TitleYear(Check):
    code = "STRUCT-002"
    title = "标题或日期的年度与报告年度不符"
    title_en = "Title or date names another year"
    category = "structure"
    why = ("表格标题、章节标题和“截至某年12月31日”写的年度应与报告年度一致；写错年度往往是套用上年文本未改，"
           "读者无法确定表中数字属于哪一年。与上年比较的说法（“比2023年增加”“2023年预算执行数”）不在此列。")
    why_en = ("Table titles, headings and a final account's “截至…年12月31日” must name the report's year; another "
              "year is usually last year's text left unchanged, and the reader cannot tell which year the figures "
              "are for. Comparisons with the previous year (比2023年增加, 2023年预算执行数) are not flagged.")
    example_fail = ("河湾区测绘服务站2024年度部门决算\n第二部分 2023年度部门决算表\n"
                    "本年支出合计比2023年增加5.00万元。\n截至2023年12月31日，本站共有车辆2辆。\n")
    example_pass = ("河湾区测绘服务站2024年度部门决算\n第二部分 2024年度部门决算表\n"
                    "本年支出合计比2023年增加5.00万元。\n截至2024年12月31日，本站共有车辆2辆。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        doc = facts.document
        if doc.year is None:
            return
        # "关于…2022年预算执行情况和2023年预算草案的报告" is of both years it names
        report_years = {doc.year, *(int(y) for b in doc.blocks[:_OPENING_BLOCKS] if not isinstance(b, Table)
                                    for m in _EXECUTION_AND_DRAFT.finditer(b.text) for y in m.groups())}
        by_year: dict[int, list[Location]] = {}
        for text, location in self._titles(doc):
            for year in self._named_years(text):
                if year not in report_years and location not in by_year.get(year, []):
                    by_year.setdefault(year, []).append(location)
        for year, locations in sorted(by_year.items()):
            yield self._title_finding(doc.year, year, locations)
        if doc.report_type in FINAL_ACCOUNT_TYPES:
            yield from self._year_end_dates(doc)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        doc = facts.document
        if doc.year is None and any(is_public_table(t) for t in doc.tables):
            yield f"报告年度未能识别，标题与日期的年度（{self.code}）未检查"

    def _titles(self, doc: Document) -> Iterator[tuple[str, Location]]:
        """Headings, contents lines, the lines just above tables and titles printed inside a grid."""
        for block in doc.blocks:
            if isinstance(block, Heading) and is_title(block.text):
                yield block.text, block_location(block)
        for line in contents_lines(doc):
            if is_title(line.text):
                yield line.text, line.location
        for site in table_sites(doc):
            yield from ((text, location) for text, location in title_lines(site) if is_title(text))

    def _named_years(self, text: str) -> Iterator[int]:
        title = _title_text(text)
        for m in YEAR.finditer(title):
            if not COMPARED_BEFORE.search(title[:m.start()]) and not COMPARED_AFTER.match(title[m.end():]):
                yield int(m.group(1))

    def _title_finding(self, report_year: int, year: int, locations: list[Location]) -> Finding:
        quotes = "；".join(f"“{squash(loc.quote or '')}”" for loc in locations[:3])
        more = f"等 {len(locations)} 处" if len(locations) > 3 else ""
        return self.finding(
            "medium",
            f"标题写“{year}年”，报告年度为{report_year}年：{quotes}{more}。",
            f"Title(s) name {year}, the report is for {report_year}: {quotes}"
            f"{f' ({len(locations)} places)' if more else ''}.",
            locations,
            Evidence(stated=f"{year}年", expected=f"{report_year}年"),
        )

    def _year_end_dates(self, doc: Document) -> Iterator[Finding]:
        """A final account's year-end date must be the report year's (截至2024年12月31日 in a 2024 决算);
        a passage that also gives the report year's end is a comparison."""
        for block in doc.blocks:
            dates = [] if isinstance(block, Table) else list(YEAR_END_DATE.finditer(block.text))
            if any(int(m.group(1)) == doc.year for m in dates):
                continue
            for m in dates:
                location = (text_location(block, m.start(), m.end()) if isinstance(block, Paragraph)
                            else block_location(block, m.group()))
                yield self.finding(
                    "medium",
                    f"决算报告写“{m.group()}”，{doc.year}年度决算应截至{doc.year}年末。",
                    f"The final account says “{m.group()}”; a {doc.year} final account speaks of the end of {doc.year}.",
                    [location],
                    Evidence(stated=f"{m.group(1)}年", expected=f"{doc.year}年"),
                )


@register
class EmptyTableWithoutNote(Check):
    code = "STRUCT-003"
    title = "空表未作说明"
    title_en = "Empty table without a note"
    category = "structure"
    why = ("没有数据的公开表应保留表样并注明原因（如“本单位无政府性基金预算财政拨款收支，故本表无数据”）；"
           "不作说明的空表让读者无法判断是没有发生还是漏填。")
    why_en = ("A public table with no figures must keep its form and say why (e.g. no government-fund revenue or "
              "spending this year); without a note the reader cannot tell nothing happened from a table left unfilled.")
    example_fail = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
                    "科目编码\t科目名称\t本年收入\t本年支出\n合计\t\t\t\n")
    example_pass = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
                    "科目编码\t科目名称\t本年收入\t本年支出\n合计\t\t\t\n"
                    "注：本单位本年度无政府性基金预算财政拨款收支，故本表无数据。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        empty = {id(f.table) for f in facts.tables if not any(e.values for e in f.entries)}
        for site in table_sites(facts.document):
            if (id(site.table) in empty and is_public_table(site.table) and site.table.rows
                    and not any(EMPTY_TABLE_NOTE.search(squash(n.text)) for n in site.notes)):
                yield self._report(site)

    def _report(self, site: TableSite) -> Finding:
        label = site.table.label
        return self.finding(
            "low",
            f"{label} 没有任何数字，表前表后也没有说明为何为空（如“本表无数据”“本单位无……收支”）。",
            f"{label} has no figure at all and no note beside it saying why (e.g. 本表无数据).",
            [table_location(site)],
            Evidence(stated="空表，无说明", expected="填列数字，或注明本表为空的原因"),
        )


@register
class MalformedCode(Check):
    code = "STRUCT-004"
    title = "科目编码位数或上下级不符"
    title_en = "Malformed function or economic code"
    category = "structure"
    why = ("功能分类和经济分类科目编码按类（3位）、款（5位）、项（7位）逐级展开，款以所属类开头、项以所属款开头；"
           "位数不对或挂错上级（如“事业单位医疗”印成“7 11 02”）说明表格录入有误，按编码汇总和核对都会出错。")
    why_en = ("Function and economic codes nest: class 3 digits, category 5, item 7, each starting with its parent's "
              "code. A wrong length or a wrong parent (事业单位医疗 printed “7 11 02” under 210 11) is a keying error "
              "that breaks every sum and lookup by code.")
    example_fail = ("2025年部门支出预算总表\n单位：元\n科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n"
                    "类\t款\t项\t\t\t\t\n210\t\t\t卫生健康支出\t500\t500\t\n210\t11\t\t行政事业单位医疗\t500\t500\t\n"
                    "7\t11\t02\t事业单位医疗\t500\t500\t\n")
    example_pass = ("2025年部门支出预算总表\n单位：元\n科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n"
                    "类\t款\t项\t\t\t\t\n210\t\t\t卫生健康支出\t500\t500\t\n210\t11\t\t行政事业单位医疗\t500\t500\t\n"
                    "210\t11\t02\t事业单位医疗\t500\t500\t\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for table_facts in facts.tables:
            for group in table_facts.code_columns:
                yield from self._group(table_facts, group)

    def _group(self, facts: TableFacts, group: list[int]) -> Iterator[Finding]:
        """Walk one code column (or 类 | 款 | 项 columns) down the table, keeping the 类 and 款 above."""
        parents: dict[int, str] = {}   # code length → the latest code of that level above this row
        flagged: set[str] = set()
        for index in range(facts.header_rows, len(facts.table.rows)):
            row = facts.table.rows[index]
            parts = [squash(row[c].text) if c < len(row) else "" for c in group]
            if not any(parts) or not all(p.isdigit() or not p for p in parts):
                continue   # no code, or words such as 合计
            code, bad_part = self._read(parts, parents, len(group) > 1)
            if bad_part is not None:
                yield self._bad_length(facts, group, index, parts, bad_part, parents)
                continue
            if code is None:
                continue
            parent = _misfit_parent(code, parents, flagged)
            if parent:
                flagged.add(code)
                yield self._wrong_parent(facts, group, index, parts, code, parent)
            parents[len(code)] = code
            for deeper in [n for n in parents if n > len(code)]:
                del parents[deeper]

    def _read(self, parts: list[str], parents: dict[int, str], split: bool) -> tuple[str | None, int | None]:
        """(the row's code, the index of a malformed part); blank upper levels come from the rows above,
        and lower levels printed as numbers ("5" for 款 05) are padded."""
        if not split:
            return (parts[0], None) if len(parts[0]) in CODE_LENGTHS else (None, 0)
        for k, (part, digits) in enumerate(zip(parts, SPLIT_LEVEL_DIGITS)):
            if part and (len(part) > digits or (k == 0 and len(part) != digits)):
                return None, k
        levels = [p.zfill(d) if p else "" for p, d in zip(parts, SPLIT_LEVEL_DIGITS)]
        deepest = max(k for k, p in enumerate(levels) if p)
        code = ""
        for k in range(deepest + 1):
            carried = parents.get(len(code) + SPLIT_LEVEL_DIGITS[k], "")
            if not levels[k] and not (carried and carried.startswith(code)):
                return None, None   # a blank level with nothing above to carry down
            code = code + levels[k] if levels[k] else carried
        return code, None

    def _bad_length(self, facts: TableFacts, group: list[int], index: int, parts: list[str], bad: int,
                    parents: dict[int, str]) -> Finding:
        if len(group) == 1:
            return self._bad_single(facts, group, index, parts[0], parents)
        return self._bad_split(facts, group, index, parts, bad, parents)

    def _bad_single(self, facts: TableFacts, group: list[int], index: int, printed: str,
                    parents: dict[int, str]) -> Finding:
        name = _row_name(facts, group, index)
        parent = parents.get(5) or parents.get(3)
        under, under_en = (f"；所在上级为“{parent}”", f", under “{parent}”") if parent else ("", "")
        return self.finding(
            "medium",
            f"{facts.table.label} 中“{name}”的科目编码“{printed}”为 {len(printed)} 位，应为 3、5 或 7 位{under}。",
            f"In {facts.table.label}, the code “{printed}” of “{name}” has {len(printed)} digits; codes have 3, 5 "
            f"or 7{under_en}.",
            [_code_location(facts, group, index, 0, name)],
            Evidence(stated=printed, expected=f"3/5/7 位编码{f'，以“{parent}”开头' if parent else ''}"),
        )

    def _bad_split(self, facts: TableFacts, group: list[int], index: int, parts: list[str], bad: int,
                   parents: dict[int, str]) -> Finding:
        """A 类 | 款 | 项 part of the wrong width; the rows above tell what the code should read."""
        printed, name = " ".join(p for p in parts if p), _row_name(facts, group, index)
        digits, level = SPLIT_LEVEL_DIGITS[bad], "类款项"[bad]
        deepest = max(k for k, p in enumerate(parts) if p)
        parent = _spaced(parents.get(sum(SPLIT_LEVEL_DIGITS[:deepest]), ""))
        expected = f"{parent} {parts[deepest].zfill(SPLIT_LEVEL_DIGITS[deepest])}" if parent and bad != deepest else ""
        under = f"；该行位于“{parent}”之下，应为“{expected}”" if expected else ""
        under_en = f"; under “{parent}” it should read “{expected}”" if expected else ""
        return self.finding(
            "medium",
            f"{facts.table.label} 中“{name}”的科目编码印为“{printed}”，其{level}级“{parts[bad]}”应为 {digits} 位数字{under}。",
            f"In {facts.table.label}, the code of “{name}” is printed “{printed}”: its {level} part “{parts[bad]}” "
            f"should have {digits} digits{under_en}.",
            [_code_location(facts, group, index, bad, name)],
            Evidence(stated=printed, expected=expected or f"{level}级 {digits} 位"),
        )

    def _wrong_parent(self, facts: TableFacts, group: list[int], index: int, parts: list[str], code: str,
                      parent: str) -> Finding:
        printed = " ".join(p for p in parts if p)
        name = _row_name(facts, group, index)
        level, parent_level = LEVEL_NAMES[len(code)], LEVEL_NAMES[len(parent)]
        return self.finding(
            "medium",
            f"{facts.table.label} 中{level}级编码“{printed}”（{name}）不以所在{parent_level}“{parent}”开头，"
            f"挂错了上级或编码有误。",
            f"In {facts.table.label}, the {LEVEL_NAMES_EN[len(code)]} code “{printed}” ({name}) does not start with "
            f"the {LEVEL_NAMES_EN[len(parent)]} “{parent}” it sits under.",
            [_code_location(facts, group, index, 0, name)],
            Evidence(stated=code, expected=f"以“{parent}”开头"),
        )


def _misfit_parent(code: str, parents: dict[int, str], flagged: set[str]) -> str | None:
    """The code above that this one should start with and does not (款 under 类, 项 under 款, or under
    the 类 where the table gives no 款). A 项 under a 款 already reported is not reported again when it
    fits either that 款 (the 类 row is what is wrong) or the 类 (the 款 is)."""
    above = [parents[n] for n in (len(code) - 2, len(code) - 4) if n in parents]
    if not above or code.startswith(above[0]):
        return None
    if above[0] in flagged and len(above) > 1 and code.startswith(above[1]):
        return None
    return above[0]


def _spaced(code: str) -> str:
    """A code as 类 款 项 columns print it: 2101102 → "210 11 02"."""
    return " ".join(code[i:j] for i, j in ((0, 3), (3, 5), (5, 7)) if code[i:j])


def _row_name(facts: TableFacts, group: list[int], index: int) -> str:
    """The row's 科目名称: the first cell with words right of the code columns."""
    row = facts.table.rows[index]
    return next((squash(c.text) for c in row[group[-1] + 1:] if squash(c.text) and not squash(c.text).isdigit()), "")


def _code_location(facts: TableFacts, group: list[int], index: int, part: int, name: str) -> Location:
    table = facts.table
    column = group[part]
    cell = table.rows[index][column]
    printed = " ".join(squash(table.rows[index][c].text) for c in group if c < len(table.rows[index]))
    return Location(line=cell.line, page=cell.page, ref=cell.ref, section=table.section or None, table=table.label,
                    row=f"{printed.strip()} {name}".strip(), column=facts.columns[column] or None, quote=cell.text,
                    table_line=table.line, cell=(index, column))


@register
class NoteNamesOtherFund(Check):
    code = "STRUCT-005"
    title = "表注所说的资金与本表不符"
    title_en = "Note beside a table speaks of another fund"
    category = "structure"
    why = ("政府性基金表的说明应讲政府性基金，国有资本经营表的说明应讲国有资本经营，“三公”经费表的说明应讲“三公”经费；"
           "说明讲的是别的资金，通常是复制相邻表的说明未改，该表是否真的没有数据也就无从确认。")
    why_en = ("The note beside the government-fund table (08) must speak of government funds, the one beside the "
              "state-capital table (09) of state capital, the one beside the 三公 table (07) of 三公 spending. A note "
              "about another fund is usually copied from the neighbouring table, and leaves this table unexplained.")
    example_fail = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
                    "科目编码\t科目名称\t本年收入\t本年支出\n合计\t\t\t\n"
                    "注：本单位本年度无国有资本经营预算财政拨款收支，故本表无数据。\n")
    example_pass = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
                    "科目编码\t科目名称\t本年收入\t本年支出\n合计\t\t\t\n"
                    "注：本单位本年度无政府性基金预算财政拨款收支，故本表无数据。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        for site in table_sites(facts.document):
            own = FUND_WORDS.get(site.table.code or "")
            if own is None:
                continue
            for note in site.notes:
                text = squash(note.text)
                named = [code for code, word in FUND_WORDS.items() if word in text]
                if TABLE_NOTE.search(text) and named and own not in text:
                    yield self._report(site, note, named)

    def _report(self, site: TableSite, note: TextBlock, named: list[str]) -> Finding:
        code = site.table.code or ""
        said = "、".join(FUND_WORDS[c] for c in named)
        quote = note.text[:TITLE_MAX_CHARS]
        location = (text_location(note, 0, min(len(note.text), TITLE_MAX_CHARS)) if isinstance(note, Paragraph)
                    else block_location(note))
        location.table, location.table_line = site.table.label, site.table.line
        return self.finding(
            "medium",
            f"{site.table.label} 旁的说明讲的是“{said}”：“{quote}”；本表应说明{FUND_WORDS[code]}的情况。",
            f"The note beside {site.table.label} speaks of {', '.join(FUND_WORDS_EN[c] for c in named)}: “{quote}”; "
            f"it should explain {FUND_WORDS_EN[code]}.",
            [location],
            Evidence(stated=said, expected=FUND_WORDS[code]),
        )


@register
class UnitNameAboveTable(Check):
    code = "STRUCT-006"
    title = "表头单位名称与报告单位不符"
    title_en = "Unit named above a table differs from the report's"
    category = "structure"
    why = ("表格上方的编制单位或“××2024年度部门决算表”中的单位名称应与报告单位一致；写成另一单位（如漏掉区名，"
           "成了市级同名部门）通常是套用别家模板未改，读者会误认表格的归属。")
    why_en = ("The unit named above a table (编制单位, or the name in “…2024年度部门决算表”) must be the report's own; "
              "another name — a district bureau printed as the municipal one — is usually a template copied from "
              "someone else, and misleads the reader about whose figures these are.")
    example_fail = ("河湾区测绘服务站2024年度部门决算\n"
                    "河湾市测绘服务站2024年度部门决算表\n收入决算表\n单位：万元\n项目\t合计\n合计\t10.00\n")
    example_pass = ("河湾区测绘服务站2024年度部门决算\n"
                    "河湾区测绘服务站2024年度部门决算表\n收入决算表\n单位：万元\n项目\t合计\n合计\t10.00\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        doc = facts.document
        department = unit_name(doc.department) or squash(doc.department)
        if not department or doc.report_type not in FINAL_ACCOUNT_TYPES + BUDGET_TYPES:
            return
        listed = _listed_units(doc)
        by_name: dict[str, list[Location]] = {}
        for site in table_sites(doc):
            if not is_public_table(site.table):
                continue
            for text, location in title_lines(site):
                for name in _names_in(text):
                    if not _same_unit(name, department) and name not in listed:
                        by_name.setdefault(name, []).append(location)
        for name, locations in by_name.items():
            yield self._report(name, doc.department, locations)

    def not_checked(self, facts: DocumentFacts) -> Iterator[str]:
        doc = facts.document
        if not squash(doc.department) and doc.report_type in FINAL_ACCOUNT_TYPES + BUDGET_TYPES:
            yield f"报告单位未能识别，表格上方的单位名称（{self.code}）未核对"

    def _report(self, name: str, department: str, locations: list[Location]) -> Finding:
        where = f"（共 {len(locations)} 处）" if len(locations) > 1 else ""
        return self.finding(
            "medium",
            f"表格上方写的单位是“{name}”{where}，本报告的单位是“{department}”。",
            f"The line above the table names “{name}”{f' ({len(locations)} places)' if where else ''}; the report is "
            f"{department}'s.",
            locations,
            Evidence(stated=name, expected=department),
        )


def _names_in(text: str) -> list[str]:
    """Unit names a header line states: after a label (编制单位：…) or before the year of a table-set
    heading (…2024年度部门决算表); measure units ("单位：元") and placeholders are not names."""
    candidates = [m.group("name") for m in LABELLED_NAME.finditer(" ".join(text.split()))]
    year_led = YEAR_LED_NAME.match(squash(text))
    if year_led:
        candidates.append(year_led.group("name"))
    return [name for name in dict.fromkeys(map(unit_name, candidates)) if name]


def _same_unit(name: str, department: str) -> bool:
    """The same unit, or the same name with its leading place left out (普陀区规划和自然资源局)."""
    return name == department or department.endswith(name) or name.endswith(department)


def _listed_units(doc: Document) -> str:
    """The text that lists the department's units (the 单位构成 table and sentences), where a sub-unit's
    name above its own table is legitimate."""
    lists = [squash(c.text) for t in doc.tables if not t.code for row in t.rows for c in row]
    lists += [squash(p.text) for p in doc.paragraphs if any(w in p.text for w in UNIT_LIST_WORDS)]
    return " ".join(lists)


# Characters a unit's own name may be miswritten with, each for another of its set ("规划和自然资源局" as
# "规划与自然资源局"). In reviewer/vocabulary.toml: [names] interchangeable.
_INTERCHANGEABLE = [set(chars) for chars in words("names", "interchangeable")]


@register
class UnitNameSpelling(Check):
    code = "STRUCT-007"
    title = "正文中的单位名称与报告单位写法不一"
    title_en = "The report's unit named in another spelling"
    category = "structure"
    why = ("正文提到本单位时应与封面、标题的名称一字不差；“规划和自然资源局”写成“规划与自然资源局”这类一字之差，"
           "说明文字未与标题统一核对，正式文件中单位名称写错也会影响效力。只比较只差一个可互换字（和/与/及）的写法。")
    why_en = ("The text must name the report's own unit exactly as its title does; a one-character variant "
              "(和 written 与) shows the text was never checked against the title. Only variants differing by "
              "one interchangeable character (和/与/及) are compared.")
    example_fail = ("上海市河湾区规划和自然资源局2024年度部门决算\n"
                    "河湾区规划与自然资源局2024年度无政府性基金预算财政拨款收入和支出。\n")
    example_pass = ("上海市河湾区规划和自然资源局2024年度部门决算\n"
                    "河湾区规划和自然资源局2024年度无政府性基金预算财政拨款收入和支出。\n")

    def run(self, facts: DocumentFacts) -> Iterator[Finding]:
        department = unit_name(facts.document.department) or squash(facts.document.department)
        pattern = _spellings(department)
        if pattern is None:
            return
        places: dict[str, list[Location]] = {}
        for paragraph in facts.document.paragraphs:
            for m in pattern.finditer(paragraph.text):
                if m.group() not in department:
                    places.setdefault(m.group(), []).append(text_location(paragraph, m.start(), m.end()))
        for variant, locations in places.items():
            where = f"共 {len(locations)} 处" if len(locations) > 1 else "1 处"
            yield self.finding(
                "low",
                f"正文把本单位写成“{variant}”（{where}），标题中为“{department}”。",
                f"The text names the unit “{variant}” ({len(locations)} place(s)); the title has “{department}”.",
                locations[:5], Evidence(stated=variant, expected=department))


def _spellings(department: str) -> re.Pattern | None:
    """The unit's name, without its leading place, with each interchangeable character open to the
    others of its set; None when it holds none."""
    core = re.sub(r"^.{1,8}?[省市区县](?=.{4,})", "", department)
    parts = []
    for char in core:
        group = next((g for g in _INTERCHANGEABLE if char in g), None)
        parts.append(f"[{''.join(sorted(group))}]" if group else re.escape(char))
    return re.compile("".join(parts)) if any(p.startswith("[") for p in parts) else None

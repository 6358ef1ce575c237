"""The document model every loader produces and every later stage reads.

A Document is an ordered list of blocks (headings, paragraphs, tables). Every block and every cell
keeps its verbatim text and where it came from: a 1-based line for text and HTML inputs. Other
formats (PDF, DOCX, XLSX/XLS) number the lines of their extracted text the same way, so every check
works unchanged, and add where a person finds the place in the original: ``page`` (PDF, 1-based),
``bbox`` (PDF points: x0, top, x1, bottom) and ``ref`` (``公开05表!D12`` for a spreadsheet cell,
``表3!B5`` for a Word table cell, ``¶12`` for a Word paragraph).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Literal, Union

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    import pandas as pd


BBox = tuple[float, float, float, float]


class Cell(BaseModel):
    text: str
    line: int | None = None
    page: int | None = None
    bbox: BBox | None = None
    ref: str | None = None


class Heading(BaseModel):
    kind: Literal["heading"] = "heading"
    text: str
    level: int
    numbering: str = ""
    line: int
    section: str = ""
    page: int | None = None
    ref: str | None = None

    def as_paragraph(self) -> "Paragraph":
        """The heading's words as running text (a heading may hold figures or template text)."""
        return Paragraph(text=self.text, line=self.line, section=self.section, page=self.page, ref=self.ref)


class Paragraph(BaseModel):
    """Running text. A paragraph may span several source lines; ``line_starts`` maps offsets to lines."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    line: int
    line_starts: list[tuple[int, int]] = Field(default_factory=list)  # (offset in text, source line)
    section: str = ""
    outline: list[str] = Field(default_factory=list)   # the headings it stands under, outermost first (section last)
    page: int | None = None
    ref: str | None = None
    page_starts: list[tuple[int, int]] = Field(default_factory=list)  # (offset in text, page), paged inputs

    def line_at(self, offset: int) -> int:
        if not self.line_starts:
            return self.line
        offsets = [o for o, _ in self.line_starts]
        return self.line_starts[max(0, bisect_right(offsets, offset) - 1)][1]

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return self.page
        offsets = [o for o, _ in self.page_starts]
        return self.page_starts[max(0, bisect_right(offsets, offset) - 1)][1]


class Table(BaseModel):
    kind: Literal["table"] = "table"
    title: str = ""           # e.g. 一般公共预算财政拨款支出决算表
    code: str | None = None   # 公开表 number "01".."09" when named or recognised; "score", "project_score".
                              # A 预算 table gets the number of the 决算 table it shares rows and columns with
    budget: bool = False      # a 预算 table: the report names it by its title, never "公开NN表"
    unit: str = ""            # 万元 / 元 / …, from the header area ("单位：万元")
    rows: list[list[Cell]]
    line: int
    section: str = ""
    page: int | None = None   # first page (PDF)
    ref: str | None = None    # sheet name (XLSX/XLS) or 表N (DOCX)

    @property
    def label(self) -> str:
        """How the memo names this table: 公开05表 一般公共预算财政拨款支出决算表."""
        prefix = f"公开{self.code}表" if self.code and self.code.isdigit() and not self.budget else ""
        return " ".join(p for p in (prefix, self.title) if p) or f"第{self.line}行的表格"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def frame(self) -> pd.DataFrame:
        """A pandas view of the cell texts, rows padded to the table width."""
        import pandas as pd

        width = self.width
        return pd.DataFrame([[c.text for c in r] + [""] * (width - len(r)) for r in self.rows])


Block = Union[Heading, Paragraph, Table]


class Document(BaseModel):
    path: str
    format: str                      # "text" | "markdown" | "html" | "pdf" | "docx" | "xlsx" | "xls" | "doc"
    sha256: str
    encoding: str
    title: str = ""
    department: str = ""
    year: int | None = None
    report_type: str = "其他"           # 部门决算 | 单位决算 | 部门预算 | 单位预算 | 部门整体支出绩效自评 | … (ingest.metadata)
    lines: int = 0
    blocks: list[Block] = Field(default_factory=list)
    source_lines: list[str] = Field(default_factory=list, repr=False)
    pages: int | None = None                      # page count (PDF)
    not_read: list[str] = Field(default_factory=list)   # what the loader could not read (scanned pages …)
    line_places: list[tuple[int | None, str | None]] = Field(default_factory=list, repr=False)  # (page, ref) per line
    traditional_characters: int = 0   # converted to simplified before reading (ingest.script)
    pinyin_dropped: int = 0           # pinyin annotations ("预(yù)算") dropped before reading (ingest.script)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


    def place_of(self, line: int | None) -> tuple[int | None, str | None]:
        """(page, ref) of an extracted line in a PDF, Word or spreadsheet input; (None, None) for text."""
        if line is None or not (1 <= line <= len(self.line_places)):
            return None, None
        return self.line_places[line - 1]

    def line_text(self, line: int | None) -> str:
        if line is None or not (1 <= line <= len(self.source_lines)):
            return ""
        return self.source_lines[line - 1]

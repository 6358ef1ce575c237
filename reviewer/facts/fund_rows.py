"""The funds row of a 绩效自评表 whose table was flattened into text: "年度资金总额 52 52 10 100% 10",
"资金总额： | 612.4 | 534.07 | 87% |", one cell a line. The cells are those of the template's columns
(年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分); the execution rate is 全年执行数 ÷ 全年预算数, a
completion rate that NARR-003 checks like one written in a sentence."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from reviewer.document import Cell, Paragraph, Table
from reviewer.facts.claim_types import AmountClaim, Place, RateClaim
from reviewer.numbers import Quantity, parse_cell
from reviewer.vocabulary import alternation, words

_LABEL = rf"(?P<label>{alternation(words('fund_rows', 'labels'))})(?:\s*[（(]万?元[）)])?"
_CELL = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|元)?")
_RATE = r"\d+(?:\.\d+)?\s*[%％]"
_SEPARATOR = r"[\s|｜:：]+"   # blanks and cell borders, one run (written unambiguously: no backtracking)
# the row's label, then its figures (two to five) up to the execution rate, each in a cell of its own
# (a cell that ends with its unit needs no separator: lines joined into one paragraph lose theirs)
_ROW = re.compile(rf"{_LABEL}(?:{_SEPARATOR})?(?P<cells>(?:{_CELL.pattern}(?:{_SEPARATOR}|(?<=元))){{2,5}})(?P<rate>{_RATE})")
_WEIGHTS = set(words("fund_rows", "weights"))
_WEIGHT_VALUES = {Decimal(weight) for weight in _WEIGHTS}
_SCORE_AFTER = re.compile(rf"{_SEPARATOR}(?P<score>\d+(?:\.\d+)?)(?![\d.%％])")   # 得分, the cell after the rate
_CELLS_ONLY = re.compile(rf"[\s|｜:：—\-]*(?:(?:{_CELL.pattern}|{_RATE})[\s|｜:：—\-]*)*")
# a paragraph ending with a label and maybe some of its cells, the others in the paragraphs below
_LABEL_ENDS = re.compile(rf"{_LABEL}{_CELLS_ONLY.pattern}$")
_CELLS_AFTER = 8   # a row of the template has at most six cells; a few empty ones may sit between


def fund_row_rates(blocks: list, scored: set[int]) -> list[RateClaim]:
    """The execution rates of the flattened funds rows of a document, with their budget and spending: a row in
    one paragraph, a label whose cells follow one a line ("资金总额\n38.6\n38.6\n33.45\n10\n87%\n9"), or a
    row of a table whose header the score tables' reader could not place (its lines not in `scored`)."""
    found = []
    for index, block in enumerate(blocks):
        if isinstance(block, Table) and block.line not in scored:
            found += [rate for row in block.rows if row for rate in _rates_in(_row_text(block, row))]
        if not isinstance(block, Paragraph):
            continue
        # a row whole in its paragraph is read once; only a row cut short there is joined to the cells below
        own = _rates_in(block)
        if not own and _LABEL_ENDS.search(block.text) and (row := _joined(block, blocks[index + 1:index + 1 + _CELLS_AFTER])):
            own = _rates_in(row)
        found += own
    return found


def _row_text(table: Table, row: list[Cell]) -> Paragraph:
    """A table row as the text it was flattened from: its cells joined by pipes."""
    return _paragraph_of([(cell.text, cell.line) for cell in row], " | ", table.section, table.page)


def _paragraph_of(pieces: list[tuple[str, int | None]], separator: str, section: str, page: int | None) -> Paragraph:
    """Pieces of text from their own lines (cells, short paragraphs) joined into one paragraph that knows
    the line each piece came from."""
    text, starts = "", []
    for piece, line in pieces:
        text += separator if starts else ""
        starts.append((len(text), line))
        text += piece
    return Paragraph(text=text, line=pieces[0][1], line_starts=starts, section=section, page=page)


def _joined(label: Paragraph, following: list) -> Paragraph | None:
    """The label's paragraph and the cells that follow it one a paragraph, as one paragraph of their lines."""
    cells = []
    for block in following:
        if not isinstance(block, Paragraph) or not _CELLS_ONLY.fullmatch(block.text):
            break
        cells.append(block)
    if not cells:
        return None
    return _paragraph_of([(p.text, p.line) for p in (label, *cells)], " ", label.section, label.page)


def _rates_in(paragraph: Paragraph) -> list[RateClaim]:
    found = []
    for row in _ROW.finditer(paragraph.text):
        cells = [_placed(m, row.start("cells")) for m in _CELL.finditer(row["cells"])]
        rate = parse_cell(row["rate"])
        base, actual = (AmountClaim(subject=row["label"] + name, raw_subject=row["label"] + name, quantity=q,
                                    place=Place(paragraph, q.start, q.end), sentence=0)
                        for name, q in zip(("全年预算数", "全年执行数"),
                                           _budget_and_spent(cells, _SCORE_AFTER.match(paragraph.text, row.end()))))
        found.append(RateClaim(row["label"] + "执行率", replace(rate, start=row.start("rate"), end=row.end("rate")),
                               base, actual, Place(paragraph, row.start(), row.end())))
    return found


def _placed(cell: re.Match, offset: int) -> Quantity:
    quantity = parse_cell(cell.group(), "万元")   # the funds block is headed (万元)
    return replace(quantity, start=offset + cell.start(), end=offset + cell.end())


def _budget_and_spent(cells: list[Quantity], score: re.Match | None) -> tuple[Quantity, Quantity]:
    """全年预算数 and 全年执行数 among the figures before the rate (two at least, as _ROW reads them): the two before
    分值 where a 分值 ends them (年初预算数 may come first), else the last two. A 分值 is written as one of the
    usual weights ("10"), or with decimals ("10.00") where a 得分 no larger follows the rate."""
    weight = cells[-1].text in _WEIGHTS or score is not None and cells[-1].value in _WEIGHT_VALUES \
        and Decimal(score["score"]) <= cells[-1].value
    if len(cells) >= 3 and weight:
        return cells[-3], cells[-2]
    return cells[-2], cells[-1]

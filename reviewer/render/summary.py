"""The batch summary a reviewer opens first: summary.csv, summary.xlsx and index.html, risk-sorted.

Texts come from the reports (a department name, a file name), so none may act as anything but text:
a value a spreadsheet would take for a formula (starting with = + - @, TAB or CR) is neutralised
the way OWASP describes (CSV: a leading single quote; XLSX: a text cell with Excel's quote prefix,
so it reads unchanged), numbers stay numbers, and links are URL-encoded.
"""

from __future__ import annotations

import csv
import html
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reviewer.batch import CATEGORIES, Row

COLUMNS = ["文件", "部门", "年度", "报告类型", "高", "中", "低", "发现总数", *CATEGORIES, "风险分", "首要问题", "状态",
           "模型状态", "模型词元", "批次", "备忘录"]
_WIDTHS = {"文件": 40, "部门": 24, "首要问题": 70, "状态": 30, "备忘录": 36}


def sorted_rows(rows: list[Row]) -> list[Row]:
    """Riskiest first; failed reports after the reviewed ones, so they are not mistaken for clean."""
    return sorted(rows, key=lambda r: (r.status != "ok", -r.risk_score, -r.high, r.file))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _starts_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def _csv_safe(value):
    return "'" + value if _starts_formula(value) else value


def _href(path: str) -> str:
    """A memo's relative path as a link: "#", "?" and "%" in a file name stay part of the name."""
    return quote(path, safe="/")


def _xlsx_target(path: str) -> str:
    """The link target Excel keeps in the workbook: only what would cut the name is encoded."""
    return path.replace("%", "%25").replace("#", "%23").replace("?", "%3F")


def _values(row: Row) -> list:
    memo = row.memos.get("html") or row.memos.get("md") or row.memos.get("json") or ""
    return [row.file, row.department, row.year or "", row.report_type, row.high, row.medium, row.low,
            row.findings, *(row.by_category.get(c, 0) for c in CATEGORIES), row.risk_score,
            row.top_finding, row.status, row.llm_status, row.tokens, row.batches, memo]


@contextmanager
def _written_whole(path: Path):
    """A temporary name to write beside ``path``, renamed over it only once complete: a full disk or a
    kill leaves the previous summary, never a truncated one."""
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_csv(rows: list[Row], path: Path) -> None:
    with _written_whole(path) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)   # the BOM: Excel opens Chinese correctly
        writer.writerow(COLUMNS)
        writer.writerows([_csv_safe(v) for v in _values(r)] for r in sorted_rows(rows))


def write_xlsx(rows: list[Row], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "summary"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    memo_column = COLUMNS.index("备忘录") + 1
    for row in sorted_rows(rows):
        sheet.append(_values(row))
        for cell in sheet[sheet.max_row]:
            if _starts_formula(cell.value):   # openpyxl stores such a string as a formula
                cell.data_type, cell.quotePrefix = "s", True
        link = sheet.cell(row=sheet.max_row, column=memo_column)
        if link.value:
            link.hyperlink = _xlsx_target(link.value)
            link.style = "Hyperlink"
    for index, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 10)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    with _written_whole(path) as temporary:
        book.save(temporary)


_SORT_SCRIPT = """
document.querySelectorAll('th').forEach(function (th, column) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var ascending = th.dataset.order !== 'asc';
    th.dataset.order = ascending ? 'asc' : 'desc';
    Array.from(body.rows).sort(function (a, b) {
      var x = a.cells[column].dataset.v || a.cells[column].textContent;
      var y = b.cells[column].dataset.v || b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
      return ascending ? cmp : -cmp;
    }).forEach(function (r) { body.appendChild(r); });
  });
});
"""


_SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef8f00", "low": "#1e88e5"}


def _bar_chart(title: str, bars: list[tuple[str, int, str]], width: int = 360) -> str:
    """A small horizontal bar chart as inline SVG: no script, no network."""
    longest = max((value for _, value, _ in bars), default=0) or 1
    height = 22 * len(bars) + 28
    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">',
             f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for index, (label, value, colour) in enumerate(bars):
        y = 24 + index * 22
        length = int((width - 150) * value / longest)
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{html.escape(label)}</text>'
                     f'<rect x="100" y="{y}" width="{length}" height="16" fill="{colour}"></rect>'
                     f'<text x="{104 + length}" y="{y + 13}" font-size="12">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def charts(rows: list[Row]) -> str:
    """Findings by severity and by category across the batch, and how risk is spread over reports."""
    ok = [r for r in rows if r.status == "ok"]
    severity = [(label, sum(getattr(r, key) for r in ok), _SEVERITY_COLOURS[key])
                for key, label in (("high", "高"), ("medium", "中"), ("low", "低"))]
    category = [(c, sum(r.by_category.get(c, 0) for r in ok), "#5c6bc0") for c in CATEGORIES]
    bands = [("0", 0, 0), ("0–20", 0, 20), ("20–50", 20, 50), ("50–80", 50, 80), ("80–100", 80, 101)]
    risk = [(label, sum(1 for r in ok if (r.risk_score == 0 if high == 0 else low < r.risk_score <= high)),
             "#8d6e63") for label, low, high in bands]
    return ('<div class="charts">' + _bar_chart("发现（按严重程度）", severity) + _bar_chart("发现（按类别）", category)
            + _bar_chart("报告数（按风险分）", risk) + "</div>")


def write_index_html(rows: list[Row], path: Path, totals: dict) -> None:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = []
    for row in sorted_rows(rows):
        cells = []
        for name, value in zip(COLUMNS, _values(row)):
            text = html.escape(str(value))
            if name == "备忘录" and value:
                text = f'<a href="{html.escape(_href(value))}">打开</a>'
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f'<td data-v="{value}">{text}</td>' if numeric else f"<td>{text}</td>")
        css = ' class="failed"' if row.status != "ok" else (' class="high"' if row.high else "")
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    page = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>批量审阅汇总</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; white-space: nowrap; }}
td:nth-child({COLUMNS.index('首要问题') + 1}) {{ white-space: normal; min-width: 28em; }}
th {{ background: #305496; color: #fff; cursor: pointer; position: sticky; top: 0; }}
tr.high td:nth-child(5) {{ background: #f8d7da; font-weight: bold; }}
tr.failed td {{ color: #888; }}
.charts {{ display: flex; gap: 24px; flex-wrap: wrap; margin: 12px 0; }}
</style></head><body>
<h1>批量审阅汇总</h1>
<p id="totals">共 {totals['reports']} 份报告：审阅 {totals['ok']}，失败 {totals['failed']}；发现 {totals['findings']} 项（高 {totals['high']}）。点击表头排序。</p>
{charts(rows)}
<table id="summary"><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
<script>{_SORT_SCRIPT}</script>
</body></html>
"""
    with _written_whole(path) as temporary:
        temporary.write_text(page, encoding="utf-8")

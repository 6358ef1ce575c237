"""The batch summary a reviewer opens first: summary.csv, summary.xlsx and index.html, risk-sorted."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reviewer.batch import CATEGORIES, Row

COLUMNS = ["文件", "部门", "年度", "报告类型", "高", "中", "低", "发现总数", *CATEGORIES, "风险分", "首要问题", "状态", "备忘录"]
_WIDTHS = {"文件": 40, "部门": 24, "首要问题": 70, "状态": 30, "备忘录": 36}


def sorted_rows(rows: list[Row]) -> list[Row]:
    """Riskiest first; failed reports after the reviewed ones, so they are not mistaken for clean."""
    return sorted(rows, key=lambda r: (r.status != "ok", -r.risk_score, -r.high, r.file))


def _values(row: Row) -> list:
    memo = row.memos.get("html") or row.memos.get("md") or row.memos.get("json") or ""
    return [row.file, row.department, row.year or "", row.report_type, row.high, row.medium, row.low,
            row.findings, *(row.by_category.get(c, 0) for c in CATEGORIES), row.risk_score,
            row.top_finding, row.status, memo]


def write_csv(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens Chinese correctly
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_values(r) for r in sorted_rows(rows))


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
        link = sheet.cell(row=sheet.max_row, column=memo_column)
        if link.value:
            link.hyperlink = link.value
            link.style = "Hyperlink"
    for index, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 10)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


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


def write_index_html(rows: list[Row], path: Path, totals: dict) -> None:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = []
    for row in sorted_rows(rows):
        cells = []
        for name, value in zip(COLUMNS, _values(row)):
            text = html.escape(str(value))
            if name == "备忘录" and value:
                text = f'<a href="{html.escape(str(value))}">打开</a>'
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f'<td data-v="{value}">{text}</td>' if numeric else f"<td>{text}</td>")
        css = ' class="failed"' if row.status != "ok" else (' class="high"' if row.high else "")
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    page = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>批量审阅汇总</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; }}
th {{ background: #305496; color: #fff; cursor: pointer; position: sticky; top: 0; }}
tr.high td:nth-child(5) {{ background: #f8d7da; font-weight: bold; }}
tr.failed td {{ color: #888; }}
</style></head><body>
<h1>批量审阅汇总</h1>
<p id="totals">{html.escape(json.dumps(totals, ensure_ascii=False))}</p>
<table id="summary"><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
<script>{_SORT_SCRIPT}</script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")

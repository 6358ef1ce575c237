"""The HTML memo: one self-contained page (inline CSS and JS, no network) that shows each finding in place.

The findings list comes first and reads without JavaScript. Clicking a finding opens its evidence,
drawn from the Review's context: the table with the cited cell in red and the cells it was computed
from in blue, header rows kept, or the paragraph with the quoted words marked. Nothing is computed
here that the Review does not already hold.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

from reviewer.findings import Finding, Review
from reviewer.render.markdown import script_note

_WORDS = {
    "zh": {"high": "高", "medium": "中", "low": "低", "findings": "发现", "none": "未发现问题。",
           "not_checked": "未检查", "model": "模型", "tokens": "tokens", "stated": "陈述", "expected": "应为",
           "difference": "差异", "tolerance": "容差", "formula": "算式", "line": "第 {n} 行", "page": "第 {n} 页",
           "severity": "严重程度", "category": "类别", "source": "来源", "open": "点击查看原表/原文",
           "offline": "离线（仅规则检查）", "risk": "风险分", "type": "类型", "year": "年度", "department": "部门",
           "errors": "运行问题"},
    "en": {"high": "High", "medium": "Medium", "low": "Low", "findings": "Findings", "none": "No findings.",
           "not_checked": "Not checked", "model": "Model", "tokens": "tokens", "stated": "stated",
           "expected": "expected", "difference": "difference", "tolerance": "tolerance", "formula": "formula",
           "line": "line {n}", "page": "page {n}", "severity": "Severity", "category": "Category",
           "source": "Source", "open": "click to see the table or text", "offline": "offline (rule checks only)",
           "risk": "risk score", "type": "type", "year": "year", "department": "department", "errors": "Run problems"},
}

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{background:#1f3b63;color:#fff;padding:12px 20px} header h1{font-size:20px;margin:0 0 6px}
header .meta{font-size:13px;opacity:.9} main{display:flex;gap:16px;padding:12px 20px}
#list{flex:1 1 45%;min-width:360px} #detail{flex:1 1 55%;position:sticky;top:0;align-self:flex-start;
max-height:100vh;overflow:auto;border-left:1px solid #ddd;padding-left:16px}
.filters{font-size:13px;margin:8px 0} .filters label{margin-right:10px}
.f{border-left:5px solid #999;padding:6px 10px;margin:8px 0;background:#fafafa;cursor:pointer}
.f.high{border-color:#c62828} .f.medium{border-color:#ef8f00} .f.low{border-color:#1e88e5}
.f.active{background:#fff6d6} .f h3{font-size:14px;margin:0 0 4px} .f p{margin:4px 0;font-size:14px}
.badge{font-size:11px;padding:1px 6px;border-radius:3px;background:#eee;margin-left:4px}
.ev{font-size:12px;color:#444} .ev b{color:#000}
table.src{border-collapse:collapse;font-size:12px;margin:8px 0} table.src td{border:1px solid #ccc;padding:2px 5px;white-space:nowrap}
table.src tr.head td{background:#eef2f8;font-weight:bold;position:sticky;top:0}
.wrong{background:#ffcdd2;outline:2px solid #c62828} .input{background:#cfe3ff}
td.ln{color:#999;background:#f7f7f7} tr.gap td{color:#999;text-align:center}
.para{font-size:14px;line-height:1.7;background:#fafafa;padding:8px} mark{background:#ffe082}
img.page{max-width:100%;border:1px solid #ccc} .legend{font-size:12px} .legend span{padding:0 6px;margin-right:8px}
"""

_JS = r"""
(function(){
var data = JSON.parse(document.getElementById('memo-data').textContent);
var detail = document.getElementById('detail');
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function tableView(t, marks){
  var keep = {}, rows = t.rows, h = Math.min(3, rows.length);
  for (var i=0;i<h;i++) keep[i]=true;
  Object.keys(marks).forEach(function(k){var r=+k.split(',')[0]; for(var d=-2;d<=2;d++) keep[r+d]=true;});
  var out = '<div class="legend"><span class="wrong">'+data.words.stated+'</span><span class="input">'+data.words.inputs+'</span></div>';
  out += '<table class="src"><tbody>', last = -1;
  for (var r=0;r<rows.length;r++){
    if (!keep[r]) continue;
    if (last >= 0 && r > last+1) out += '<tr class="gap"><td colspan="99">…</td></tr>';
    last = r;
    var line = rows[r].length ? rows[r][0][1] : '';
    out += '<tr'+(r<h?' class="head"':'')+'><td class="ln">'+(line||'')+'</td>';
    for (var c=0;c<rows[r].length;c++){
      var cls = marks[r+','+c] || '';
      out += '<td'+(cls?' class="'+cls+'" data-cell="'+r+','+c+'"':'')+'>'+esc(rows[r][c][0])+'</td>';
    }
    out += '</tr>';
  }
  return out + '</tbody></table>';
}
function paragraphView(p, quotes){
  var text = esc(p.text);
  quotes.forEach(function(q){ if(q){ var e=esc(q); text = text.split(e).join('<mark>'+e+'</mark>'); } });
  return '<p class="para">'+text+'</p>';
}
function show(id){
  var f = data.findings[id]; if(!f) return;
  document.querySelectorAll('.f.active').forEach(function(e){e.classList.remove('active');});
  var item = document.getElementById(id); if(item) item.classList.add('active');
  var html = '<h2>'+esc(id+' '+f.code+' '+f.title)+'</h2><p>'+esc(f.message)+'</p>', tables = {}, paras = {};
  f.locations.forEach(function(l, i){
    if (l.table_line != null && data.context.tables[l.table_line]) {
      var m = tables[l.table_line] || (tables[l.table_line] = {});
      if (l.cell) m[l.cell[0]+','+l.cell[1]] = (i===0 ? 'wrong' : (m[l.cell[0]+','+l.cell[1]] || 'input'));
    } else if (l.line != null) {
      Object.keys(data.context.paragraphs).forEach(function(k){
        var p = data.context.paragraphs[k], end = p.line_starts.length ? p.line_starts[p.line_starts.length-1][1] : p.line;
        if (l.line >= p.line && l.line <= end) (paras[k] = paras[k] || []).push(l.quote);
      });
    }
  });
  var picture = (data.context.pages || {})[id];
  if (picture) html += '<h3>'+esc(data.words.page.replace('{n}', picture.page))+'</h3><img class="page" alt="page" src="'+picture.image+'">';
  Object.keys(tables).forEach(function(k){ var t = data.context.tables[k];
    html += '<h3>'+esc(t.label)+(t.unit?'（'+esc(t.unit)+'）':'')+'</h3>'+tableView(t, tables[k]); });
  Object.keys(paras).forEach(function(k){ var p = data.context.paragraphs[k];
    html += '<h3>'+esc(p.section||'')+' · '+esc(data.words.line.replace('{n}', p.line))+'</h3>'+paragraphView(p, paras[k]); });
  detail.innerHTML = html;
}
document.querySelectorAll('.f').forEach(function(e){ e.addEventListener('click', function(){ show(e.id); }); });
function filter(){
  var on = {}; document.querySelectorAll('.filters input').forEach(function(i){ on[i.value] = i.checked; });
  document.querySelectorAll('.f').forEach(function(e){
    var ok = on[e.dataset.severity] !== false && on[e.dataset.category] !== false && on[e.dataset.source] !== false;
    e.style.display = ok ? '' : 'none';
  });
}
document.querySelectorAll('.filters input').forEach(function(i){ i.addEventListener('change', filter); });
var first = document.querySelector('.f'); if (first) show(first.id);
})();
"""


def _checkboxes(name: str, values: list[str], labels: dict[str, str]) -> str:
    boxes = "".join(f'<label><input type="checkbox" value="{html.escape(v)}" checked> {html.escape(labels.get(v, v))}'
                    f"</label>" for v in values)
    return f"<div class=\"filters\"><b>{html.escape(name)}</b>: {boxes}</div>"


def _title(f: Finding, lang: str) -> str:
    return f.title_en if lang == "en" and f.title_en else f.title


def _finding_item(f: Finding, lang: str, w: dict) -> str:
    message = f.message_en if lang == "en" and f.message_en else f.message
    first = f.locations[0] if f.locations else None
    where = []
    if first is not None:
        if first.page is not None:
            where.append(w["page"].format(n=first.page))
        if first.ref:
            where.append(first.ref)  # 公开05表!D12 in a spreadsheet, ¶12 in a Word file
        if first.line is not None:
            where.append(w["line"].format(n=first.line))
        for part in (first.section, first.table, first.row, first.column):
            if part:
                where.append(part)
    ev = f.evidence
    numbers = " · ".join(f"{w[k]} <b>{html.escape(v)}</b>" for k, v in
                         (("stated", ev.stated), ("expected", ev.expected), ("difference", ev.difference),
                          ("tolerance", ev.tolerance)) if v)
    formula = f'<div class="ev">{w["formula"]}: <code>{html.escape(ev.formula)}</code></div>' if ev.formula else ""
    return (f'<div class="f {f.severity}" id="{f.id}" data-severity="{f.severity}" data-category="{f.category}" '
            f'data-source="{f.source}"><h3>{f.id} <code>{f.code}</code> {html.escape(_title(f, lang))}'
            f'<span class="badge">{w[f.severity]}</span><span class="badge">{f.category}</span>'
            f'<span class="badge">{f.source}</span></h3><p>{html.escape(message)}</p>'
            f'<div class="ev">{html.escape(" · ".join(where))}</div>'
            f'<div class="ev">{numbers}</div>{formula}</div>')


def _payload(review: Review, lang: str, w: dict) -> str:
    findings = {
        f.id: {"code": f.code, "title": _title(f, lang), "message": f.message_en if lang == "en" and f.message_en else f.message,
               "locations": [loc.model_dump() for loc in f.locations]}
        for f in review.findings
    }
    data = {"findings": findings, "context": review.context,
            "words": {"stated": w["stated"], "inputs": "inputs" if lang == "en" else "计算所用", "line": w["line"],
                      "page": w["page"]}}
    # No "<" at all inside the script element: "</script>" would close it and "<!--<script>" would
    # make the parser swallow the rest of the page; JSON reads \u003c as "<" (and > & alike)
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html_memo(review: Review, lang: str = "zh") -> str:
    w = _WORDS[lang]
    doc = review.document
    name = html.escape(doc.get("title") or Path(doc["path"]).name)
    by_severity = review.summary["by_severity"]
    by_category = review.summary["by_category"]
    counts = " / ".join(f"{w[s]} {by_severity.get(s, 0)}" for s in ("high", "medium", "low"))
    categories = " · ".join(f"{c} {n}" for c, n in sorted(by_category.items()))
    run = review.run
    model = (f'{w["model"]}: {html.escape(str(run.get("model")))} · {run.get("llm_status")} · '
             f'{run.get("tokens", {}).get("prompt", 0)}+{run.get("tokens", {}).get("completion", 0)} {w["tokens"]}'
             if run.get("model") else w["offline"])
    facts = [f'{w["type"]}: {html.escape(str(doc.get("report_type") or "—"))}',
             f'{w["year"]}: {doc.get("year") or "—"}', f'{w["department"]}: {html.escape(doc.get("department") or "—")}']
    notes = f"<li>{html.escape(script)}</li>" if (script := script_note(doc, lang)) else ""
    notes += "".join(f"<li>{w['not_checked']}: {html.escape(n)}</li>" for n in review.not_checked)
    notes += "".join(f"<li>{w['errors']}: {html.escape(e.stage)}: {html.escape(e.message)}</li>" for e in review.errors)
    present = Counter(f.category for f in review.findings)
    filters = (_checkboxes(w["severity"], ["high", "medium", "low"], w)
               + _checkboxes(w["category"], sorted(present), {})
               + _checkboxes(w["source"], sorted({f.source for f in review.findings}) or ["rule"], {}))
    items = "".join(_finding_item(f, lang, w) for f in review.findings) or f"<p>{w['none']}</p>"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{name}</title><style>{_CSS}</style></head>
<body><header><h1>{name}</h1>
<div class="meta">{html.escape(doc['path'])} · {html.escape(doc.get('format', ''))} · {' · '.join(facts)}</div>
<div class="meta">{w['findings']}: {review.summary['findings']} ({counts}) · {html.escape(categories)} · {w['risk']} {review.summary['risk_score']} · {model}</div>
<ul class="meta">{notes}</ul></header>
<main><section id="list">{filters}{items}</section><section id="detail"><p>{w['open']}</p></section></main>
<script type="application/json" id="memo-data">{_payload(review, lang, w)}</script>
<script>{_JS}</script>
</body></html>
"""

"""A self-contained HTML memo: the same content as the Markdown memo, readable in any browser offline."""

from __future__ import annotations

import html
from pathlib import Path

from reviewer.findings import Review

_SEVERITY = {"zh": {"high": "高", "medium": "中", "low": "低"}, "en": {"high": "High", "medium": "Medium", "low": "Low"}}


def render_html_memo(review: Review, lang: str = "zh") -> str:
    words = _SEVERITY[lang]
    doc = review.document
    name = html.escape(doc.get("title") or Path(doc["path"]).name)
    items = []
    for f in review.findings:
        message = html.escape(f.message_en if lang == "en" and f.message_en else f.message)
        places = "".join(
            f"<li>{'第 %d 行' % loc.line if loc.line and lang == 'zh' else ('line %d' % loc.line if loc.line else '')}"
            f"{' · ' + html.escape(loc.table) if loc.table else ''}{' · ' + html.escape(loc.row) if loc.row else ''}"
            f"{' · ' + html.escape(loc.column) if loc.column else ''}"
            f"{'<br><q>' + html.escape(loc.quote) + '</q>' if loc.quote else ''}</li>"
            for loc in f.locations
        )
        ev = f.evidence
        numbers = " · ".join(f"{k}: <b>{html.escape(v)}</b>" for k, v in
                             (("stated", ev.stated), ("expected", ev.expected), ("difference", ev.difference),
                              ("tolerance", ev.tolerance), ("formula", ev.formula)) if v)
        items.append(f'<section class="{f.severity}"><h3>{f.id} <code>{f.code}</code> {html.escape(f.title)} '
                     f'<span class="sev">{words[f.severity]}</span></h3><p>{message}</p><ul>{places}</ul>'
                     f'<p class="ev">{numbers}</p></section>')
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in review.not_checked)
    by = review.summary["by_severity"]
    counts = " / ".join(f"{words[s]} {by.get(s, 0)}" for s in ("high", "medium", "low"))
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{name}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 1.5em auto; }}
section {{ border-left: 4px solid #999; padding: 0 1em; margin: 1em 0; }}
section.high {{ border-color: #c00; }} section.medium {{ border-color: #e90; }} section.low {{ border-color: #39c; }}
.sev {{ font-size: 12px; background: #eee; padding: 1px 6px; }} q {{ color: #555; }} .ev {{ font-size: 13px; }}
</style></head><body>
<h1>{name}</h1>
<p>{html.escape(doc['path'])} · {review.summary['findings']} ({counts}) · risk {review.summary['risk_score']}</p>
<ul>{notes}</ul>
{''.join(items) or '<p>未发现问题。</p>'}
</body></html>
"""

"""The Markdown memo: a short header, then findings grouped by severity, each with its evidence."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.findings import Finding, Location, Review

_WORDS = {
    "zh": {
        "title": "审阅备忘录", "file": "文件", "format": "格式", "lines": "行", "tables": "个表格",
        "found": "发现", "total": "共 {n} 项", "risk": "风险分", "none": "未发现问题。",
        "not_checked": "未检查", "errors": "运行问题", "line": "第 {n} 行", "section": "章节",
        "table": "表", "row": "行", "column": "列", "quote": "原文", "stated": "陈述",
        "expected": "应为", "difference": "差异", "tolerance": "容差", "formula": "算式",
        "high": "高", "medium": "中", "low": "低", "where": "位置", "offline": "离线审阅（仅规则检查）",
        "mode": "方式",
        "online": "规则检查 + 模型 {model}（提示词 {prompt}，状态 {status}，令牌 {prompt_tokens}+{completion_tokens}）",
        "model": "模型", "both": "规则+模型",
        "page": "第 {n} 页", "cell": "单元格 {ref}", "paragraph": "第 {n} 段", "text_line": "提取文本第 {n} 行",
        "pages": "页",
        "script": "文字", "converted": "原文 {n} 个繁体字已逐字转为简体后审阅",
        "pinyin": "原文 {n} 处汉字注音（如“预(yù)算”）已去除后审阅", "quoted": "，引文为处理后的文字",
    },
    "en": {
        "title": "Review memo", "file": "File", "format": "format", "lines": "lines", "tables": "tables",
        "found": "Findings", "total": "{n} in all", "risk": "risk score", "none": "No findings.",
        "not_checked": "Not checked", "errors": "Run problems", "line": "line {n}", "section": "section",
        "table": "table", "row": "row", "column": "column", "quote": "quote", "stated": "stated",
        "expected": "expected", "difference": "difference", "tolerance": "tolerance", "formula": "formula",
        "high": "High", "medium": "Medium", "low": "Low", "where": "where", "offline": "offline (rule checks only)",
        "mode": "Mode",
        "online": "rule checks + model {model} (prompts {prompt}, status {status}, tokens {prompt_tokens}+{completion_tokens})",
        "model": "model", "both": "rule+model",
        "page": "page {n}", "cell": "cell {ref}", "paragraph": "paragraph {n}", "text_line": "extracted text line {n}",
        "pages": "pages",
        "script": "Script", "converted": "{n} traditional characters were converted to simplified before the review",
        "pinyin": "{n} pinyin annotations (as in “预(yù)算”) were dropped before the review",
        "quoted": "; quotes show the text so read",
    },
}
_NOT_CHECKED_EN = {
    "离线模式": "Offline mode: no model was called; semantic narrative-vs-table questions (reasons, deduction notes) were not checked",
}


_SCANNED = re.compile(r"^扫描页（第 ([\d、]+) 页）")
_UNRECOGNISED = re.compile(r"^(\d+) 个表格未能识别类型（第 ([\d、]+) 行）")


def _note_en(note: str) -> str:
    scanned = _SCANNED.match(note)
    if scanned:
        return f"Scanned pages ({scanned.group(1).replace('、', ', ')}): no text layer, not read and not reviewed"
    unrecognised = _UNRECOGNISED.match(note)
    if unrecognised:
        return (f"{unrecognised.group(1)} tables of unrecognised type (lines {unrecognised.group(2).replace('、', ', ')}): "
                "only generic total checks ran on them")
    if note.startswith("文档中未识别出表格"):
        return "No tables found: footing and relations between tables were not checked"
    return next((v for k, v in _NOT_CHECKED_EN.items() if note.startswith(k)), note)


def _place(loc: Location, w: dict) -> list[str]:
    """Page and cell or paragraph in the original file (PDF, Word, spreadsheets), else the line."""
    parts = []
    if loc.page is not None:
        parts.append(w["page"].format(n=loc.page))
    if loc.ref:
        paragraph = loc.ref.startswith("¶")
        parts.append(w["paragraph"].format(n=loc.ref[1:]) if paragraph else w["cell"].format(ref=loc.ref))
    if loc.line is not None:
        parts.append(w["text_line" if parts else "line"].format(n=loc.line))
    return parts


def _where(loc: Location, w: dict) -> str:
    parts = _place(loc, w)
    for key in ("section", "table", "row", "column"):
        value = getattr(loc, key)
        if value:
            parts.append(f"{w[key]} {value}")
    return "；".join(parts) if w is _WORDS["zh"] else "; ".join(parts)


def _finding(f: Finding, lang: str, w: dict) -> list[str]:
    message = f.message_en if lang == "en" and f.message_en else f.message
    first = f.locations[0] if f.locations else Location()
    place = _place(first, w)
    title = f.title_en if lang == "en" and f.title_en else f.title
    head = f"### {f.id} `{f.code}` {title}" + (f" · {place[0]}" if place else "")
    if f.source != "rule":
        head += f" 〔{w[f.source]}〕"
    out = [head, "", message, ""]
    for loc in f.locations:
        out.append(f"- {w['where']}：{_where(loc, w)}" if lang == "zh" else f"- {w['where']}: {_where(loc, w)}")
        if loc.quote:
            out.append(f"  - {w['quote']}：「{loc.quote}」" if lang == "zh" else f"  - {w['quote']}: “{loc.quote}”")
    ev = f.evidence
    numbers = [(w[k], getattr(ev, k)) for k in ("stated", "expected", "difference", "tolerance") if getattr(ev, k)]
    if numbers:
        out.append("- " + " · ".join(f"{k} **{v}**" for k, v in numbers))
    if ev.formula:
        out.append(f"- {w['formula']}：`{ev.formula}`" if lang == "zh" else f"- {w['formula']}: `{ev.formula}`")
    out.append("")
    return out


def script_note(doc: dict, lang: str) -> str | None:
    """The note that the text was made readable before the review (traditional characters read as simplified,
    pinyin annotations dropped), when it was."""
    w = _WORDS[lang]
    done = [w[key].format(n=doc[field]) for key, field in (("converted", "traditional_characters"), ("pinyin", "pinyin_dropped"))
            if doc.get(field)]
    if not done:
        return None
    return f"{w['script']}{'：' if lang == 'zh' else ': '}{('；' if lang == 'zh' else '; ').join(done)}{w['quoted']}"


def _mode(run: dict, w: dict) -> str:
    if run.get("offline", True):
        return w["offline"]
    tokens = run.get("tokens", {})
    return w["online"].format(model=run.get("model"), prompt=run.get("prompt_version"), status=run.get("llm_status"),
                              prompt_tokens=tokens.get("prompt", 0), completion_tokens=tokens.get("completion", 0))


def render_markdown(review: Review, lang: str = "zh") -> str:
    w = _WORDS[lang]
    doc = review.document
    name = doc.get("title") or Path(doc["path"]).name
    by = review.summary["by_severity"]
    counts = " / ".join(f"{w[s]} {by.get(s, 0)}" for s in ("high", "medium", "low"))
    sep = "：" if lang == "zh" else ": "
    size = f"{doc['pages']} {w['pages']}，" if doc.get("pages") else ""
    lines = [
        f"# {w['title']}{sep}{name}",
        "",
        f"- {w['file']}{sep}`{doc['path']}`（{w['format']} {doc['format']}，{size}{doc['lines']} {w['lines']}，{doc['tables']} {w['tables']}）"
        if lang == "zh" else
        f"- {w['file']}{sep}`{doc['path']}` ({w['format']} {doc['format']}, {size.replace('，', ', ')}{doc['lines']} {w['lines']}, {doc['tables']} {w['tables']})",
        f"- {w['mode']}{sep}{_mode(review.run, w)}",
        f"- {w['found']}{sep}{w['total'].format(n=review.summary['findings'])}（{counts}）；{w['risk']} {review.summary['risk_score']}"
        if lang == "zh" else
        f"- {w['found']}{sep}{w['total'].format(n=review.summary['findings'])} ({counts}); {w['risk']} {review.summary['risk_score']}",
    ]
    if script := script_note(doc, lang):
        lines.append(f"- {script}")
    for note in review.not_checked:
        if lang == "en":
            note = _note_en(note)
        lines.append(f"- {w['not_checked']}{sep}{note}")
    for error in review.errors:
        lines.append(f"- {w['errors']}{sep}{error.stage}: {error.message}")
    lines.append("")
    if not review.findings:
        lines += [w["none"], ""]
    for severity in ("high", "medium", "low"):
        group = [f for f in review.findings if f.severity == severity]
        if not group:
            continue
        lines += [f"## {w[severity]}（{len(group)}）" if lang == "zh" else f"## {w[severity]} ({len(group)})", ""]
        for f in group:
            lines += _finding(f, lang, w)
    return "\n".join(lines).rstrip() + "\n"

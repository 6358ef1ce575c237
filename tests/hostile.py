"""Hostile and broken inputs, built byte by byte, and a runner that measures what one review of each costs.

Each ``Case`` builds its file in a folder and says what a review must end with: ``refused`` (exit 2,
one line on stderr containing ``says``) or ``reviewed`` (exit 0, the JSON memo's "not checked" notes
containing ``says``). ``run_measured`` runs ``reviewer review`` in a child process and reports its
exit code, output, wall time and peak resident memory (``os.wait4``: that child alone).
Used by tests/test_faults.py and bench/bench_faults.py.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CEILING_MB = 500
CEILING_S = 30

# --- Office containers from their parts -------------------------------------------------------

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
                  '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
_OVERRIDE = '<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships">{items}</Relationships>')
_REL = '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>'
SHEET_NS = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
WORD_NS = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}'
           '</w:body></w:document>')


def zip_bytes(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, str], extra: dict[str, bytes | str] | None = None) -> bytes:
    """A workbook from raw sheet XML (``<sheetData>…`` and what follows it), one entry per sheet."""
    names = list(sheets)
    overrides = _OVERRIDE.format(part="xl/workbook.xml", kind="spreadsheetml.sheet.main+xml") + "".join(
        _OVERRIDE.format(part=f"xl/worksheets/sheet{i}.xml", kind="spreadsheetml.worksheet+xml")
        for i in range(1, len(names) + 1))
    workbook = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
                + "</sheets></workbook>")
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides),
        "_rels/.rels": _RELS.format(items=_REL.format(n=1, kind="officeDocument", target="xl/workbook.xml")),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _RELS.format(items="".join(
            _REL.format(n=i, kind="worksheet", target=f"worksheets/sheet{i}.xml") for i in range(1, len(names) + 1))),
    }
    for i, name in enumerate(names, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = SHEET_NS + sheets[name] + "</worksheet>"
    return zip_bytes({**parts, **(extra or {})})


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def docx_bytes(body: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    """A Word document from the raw XML of its body."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _CONTENT_TYPES.format(
            overrides=_OVERRIDE.format(part="word/document.xml", kind="wordprocessingml.document.main+xml")),
        "_rels/.rels": _RELS.format(items=_REL.format(n=1, kind="officeDocument", target="word/document.xml")),
        "word/document.xml": WORD_NS.format(body=body),
    }
    return zip_bytes({**parts, **(extra or {})})


def slow_text(lines: int) -> str:
    """A report that takes seconds to review, linearly: each line a numeric sentence with claims to check."""
    return "".join(f"{i}.本年收入合计{100 + i % 50}.00万元，比上年增加10.00万元，增长11.11%，其中：财政拨款收入"
                   f"60.00万元，占60.00%。\n" for i in range(lines))


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


_STYLES_PART = ('<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'
                '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>'
                '</w:styles>')


def docx_with_style_loop() -> bytes:
    """Two paragraph styles, each based on the other."""
    body = '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>一、总体情况</w:t></w:r></w:p>' + paragraph(REPORT_LINE)
    data = docx_bytes(body, {"word/styles.xml": _STYLES_PART})
    parts = dict(_parts(data))
    parts["word/_rels/document.xml.rels"] = _RELS.format(items=_REL.format(n=1, kind="styles", target="styles.xml"))
    parts["[Content_Types].xml"] = _CONTENT_TYPES.format(overrides=(
        _OVERRIDE.format(part="word/document.xml", kind="wordprocessingml.document.main+xml")
        + _OVERRIDE.format(part="word/styles.xml", kind="wordprocessingml.styles+xml")))
    return zip_bytes(parts)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bomb(kind: str, unpacked_mib: int) -> bytes:
    """A real document plus one part of zeros that unpacks to ``unpacked_mib`` MiB (about 1 KB per MiB packed)."""
    base = docx_bytes(paragraph(REPORT_LINE)) if kind == "docx" else xlsx_bytes({"S": "<sheetData/>"})
    name = ("word" if kind == "docx" else "xl") + "/media/padding.bin"
    return repeated_zip(_parts(base), name, b"", bytes(1 << 20), unpacked_mib, b"")


def repeated_zip(parts: dict[str, bytes], name: str, head: bytes, unit: bytes, count: int, tail: bytes) -> bytes:
    """``parts`` plus a member ``name`` holding head + unit × count + tail, deflated without ever being
    held whole: the unit is deflated once, ending in a full flush, so its bytes simply repeat. A 2 GiB
    member takes a fraction of a second and about 1 KB per MiB."""
    pieces, crc, size = [], 0, 0
    for data, times in ((head, 1), (unit, count), (tail, 1)):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        pieces.append((compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(data, crc)
        size += len(data) * times
    deflated = b"".join(pieces) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    stored = [(n, 0, zlib.crc32(d), d, len(d)) for n, d in parts.items()]
    return _raw_zip(stored + [(name, 8, crc, deflated, size)])


def _raw_zip(members: list[tuple[str, int, int, bytes, int]]) -> bytes:
    """A zip from (name, method, crc, stored bytes, unpacked size): local headers, central directory, end."""
    body, directory = bytearray(), bytearray()
    for name, method, crc, data, size in members:
        encoded = name.encode()
        header = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0)
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + header + struct.pack("<HHHII", 0, 0, 0, 0, len(body)) + encoded
        body += b"PK\x03\x04" + header + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return bytes(body + directory + b"PK\x05\x06" + end)


def many_cells_xlsx(cells: int, width: int = 1000) -> bytes:
    """One sheet densely filled with the number 1 (cells without references take the next position):
    a small file of many cells."""
    parts = _parts(xlsx_bytes({"S": "<sheetData/>"}))
    del parts["xl/worksheets/sheet1.xml"]
    row = b"<row>" + b"<c><v>1</v></c>" * width + b"</row>"
    return repeated_zip(parts, "xl/worksheets/sheet1.xml", f"{SHEET_NS}<sheetData>".encode(), row,
                        cells // width, b"</sheetData></worksheet>")


REPORT_LINE = "本年支出合计1,000.00万元，其中：基本支出600.00万元，项目支出400.00万元。"


# --- the cases ---------------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]
    expect: str                       # "refused" or "reviewed"
    says: str = ""                    # in the stderr line (refused) or in a "not checked" note (reviewed)
    env: dict[str, str] = field(default_factory=dict)


def _file(name: str, content: bytes | str | Callable[[], bytes | str]):
    def build(folder: Path) -> Path:
        path = folder / name
        data = content() if callable(content) else content
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return build


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _symlink_loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def _directory(folder: Path) -> Path:
    (folder / "reports.txt").mkdir()
    return folder / "reports.txt"


def _truncated(name: str, source: Path) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = source.read_bytes()
        return _file(name, data[: len(data) // 2])(folder)
    return build


def _random(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _encrypted_zip() -> bytes:
    """A .docx whose main part is marked encrypted (traditional zip encryption flag)."""
    data = bytearray(docx_bytes(paragraph(REPORT_LINE)))
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (index := data.find(marker, start)) >= 0:
            flag_at = index + (6 if marker == b"PK\x03\x04" else 8)
            data[flag_at] |= 0x01
            start = index + 4
    return bytes(data)


_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def _billion_laughs() -> bytes:
    parts = _parts(docx_bytes(""))
    parts["word/document.xml"] = _LAUGHS.encode()
    return zip_bytes(parts)


def _tall_merged_docx_table(rows: int, columns: int) -> bytes:
    """Every cell below the first row continues a vertical merge (python-docx walks up for each)."""
    first = "<w:tr>" + "".join(f"<w:tc>{paragraph(str(c))}</w:tc>" for c in range(columns)) + "</w:tr>"
    rest = ("<w:tr>" + '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>' * columns + "</w:tr>") * (rows - 1)
    grid = "<w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    return docx_bytes(paragraph(REPORT_LINE) + f"<w:tbl>{grid}{first}{rest}</w:tbl>")


def _wide_docx_table() -> bytes:
    row = '<w:tr><w:trPr><w:gridBefore w:val="2000000000"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/>' \
          "</w:tcPr>" + paragraph("1") + "</w:tc></w:tr>"
    return docx_bytes(paragraph(REPORT_LINE) + f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{row}{row}</w:tbl>")


def _xls_far_cell() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    sheet.write(0, 0, "收入")
    sheet.write(65535, 255, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(text: str) -> str:
    return "一、收入支出决算总体情况说明\n" + text + "\n二、其他说明\n" + REPORT_LINE + "\n"


def cases() -> list[Case]:
    planted = FIXTURES / "juesuan_planted.txt"
    docx_fixture = FIXTURES / "formats" / "juesuan_planted.docx"
    xlsx_fixture = FIXTURES / "formats" / "juesuan_planted.xlsx"
    pdf_fixture = FIXTURES / "formats" / "juesuan_planted.pdf"
    far = f'<sheetData><row r="1">{inline("A1", "收入")}</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    normal = f'<sheetData><row r="1">{inline("A1", REPORT_LINE)}</row></sheetData>'
    spread = ('<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1000"><c r="BXH1000"><v>2</v></c></row>'
              '<row r="2000"><c r="BXX2000"><v>3</v></c></row></sheetData>')
    return [
        # tiny files that used to cost gigabytes
        Case("xlsx_cell_at_XFD1048576", _file("far.xlsx", lambda: xlsx_bytes({"S1": far})), "refused", "A1:XFD1048576"),
        Case("xlsx_far_cell_beside_a_real_sheet", _file("mixed.xlsx", lambda: xlsx_bytes({"正文": normal, "S2": far})),
             "reviewed", "A1:XFD1048576"),
        Case("xlsx_3_cells_over_2000x2000", _file("spread.xlsx", lambda: xlsx_bytes({"S": spread})), "refused",
             "REVIEWER_MAX_TABLE_CELLS"),
        Case("xlsx_48M_cells", _file("dense.xlsx", lambda: many_cells_xlsx(48_000_000)), "refused", "REVIEWER_MAX_"),
        Case("xlsx_600k_cells_under_unpacked_limit", _file("cells.xlsx", lambda: many_cells_xlsx(600_000)), "refused",
             "REVIEWER_MAX_XML_ELEMENTS"),
        Case("xlsx_merged_A1_XFD1048576", _file("merged.xlsx", lambda: xlsx_bytes(
            {"S": normal + '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'})), "refused",
             "REVIEWER_MAX_TABLE_CELLS"),
        Case("xlsx_merged_whole_columns", _file("columns.xlsx", lambda: xlsx_bytes(
            {"S": normal + '<mergeCells count="1"><mergeCell ref="A:C"/></mergeCells>'})), "refused",
             "REVIEWER_MAX_TABLE_CELLS"),
        Case("xlsx_zip_bomb_2GiB", _file("bomb.xlsx", lambda: zip_bomb("xlsx", 2048)), "refused",
             "REVIEWER_MAX_UNPACKED_MB"),
        Case("docx_zip_bomb_2GiB", _file("bomb.docx", lambda: zip_bomb("docx", 2048)), "refused",
             "REVIEWER_MAX_UNPACKED_MB"),
        Case("docx_400k_paragraphs", _file("long.docx", lambda: docx_bytes(paragraph("第一段。") * 400_000)), "refused",
             "REVIEWER_MAX_XML_ELEMENTS"),
        Case("zip_with_100k_members", _file("members.docx", lambda: zip_bytes(
            {**_parts(docx_bytes(paragraph(REPORT_LINE))), **{f"x/{i}": b"" for i in range(100_000)}},
            zipfile.ZIP_STORED)), "refused", "REVIEWER_MAX_ZIP_MEMBERS"),
        Case("docx_table_gridSpan_2e9", _file("wide.docx", _wide_docx_table), "reviewed", "REVIEWER_MAX_TABLE_CELLS"),
        Case("docx_tall_vertical_merge", _file("tall.docx", lambda: _tall_merged_docx_table(3000, 20)), "reviewed", ""),
        Case("docx_style_based_on_itself", _file("styles.docx", docx_with_style_loop), "reviewed", ""),
        Case("xls_cell_at_IV65536", _file("far.xls", _xls_far_cell), "refused", "REVIEWER_MAX_TABLE_CELLS"),
        Case("text_1M_short_lines", _file("lines.txt", lambda: "".join(f"第{i}行\n" for i in range(1_000_000))),
             "refused", "REVIEWER_MAX_LINES"),
        Case("text_1M_form_feeds", _file("feeds.txt", lambda: "一、说明" + "\f" * 1_000_000), "refused",
             "REVIEWER_MAX_LINES"),
        Case("text_10MB_paragraph", _file("para.txt", lambda: _plain(REPORT_LINE * (10_000_000 // 100))),
             "reviewed", "REVIEWER_MAX_PARAGRAPH_CHARS"),
        Case("text_5M_tabs", _file("tabs.txt", lambda: "一、说明\n" + "1\t" * 5_000_000), "refused", "REVIEWER_MAX_CELLS"),
        Case("text_10MB_table_cell", _file("cell.txt", lambda: _plain(f"项目\t金额\n合计\t{'1' * 3_000_000}")),
             "reviewed", "REVIEWER_MAX_PARAGRAPH_CHARS"),
        Case("markdown_1MB_heading", _file("heading.md", lambda: _plain("# " + "标题" * 500_000)), "reviewed",
             "REVIEWER_MAX_PARAGRAPH_CHARS"),
        Case("text_over_report_chars", _file("chars.txt", lambda: _plain("甲" * 6_000_000)), "refused",
             "REVIEWER_MAX_REPORT_CHARS"),
        Case("html_one_line_of_1M_paragraphs", _file("flat.html", lambda: "<html><body>" + "<p>甲</p>" * 1_000_000),
             "refused", "REVIEWER_MAX_"),
        Case("html_colspan_flood", _file("spans.html", lambda: "<html><body><table><tr>"
                                         + '<td colspan="100">1</td>' * 100_000 + "</tr></table>"), "refused",
             "REVIEWER_MAX_CELLS"),
        Case("html_100k_deep", _file("deep.html", lambda: "<html><body>" + "<div>" * 100_000 + REPORT_LINE),
             "reviewed", ""),
        Case("text_at_the_line_and_char_limits_one_joined_paragraph", _file("joined.txt", lambda: "".join(
            f"这一行没有句号但有逗号，编号{i:08d}{'甲' * 20}\n" for i in range(99_000))), "reviewed",
             "REVIEWER_MAX_PARAGRAPH_CHARS"),
        Case("slow_report_over_timeout", _file("slow.txt", lambda: slow_text(12_000)), "refused",
             "REVIEWER_REPORT_TIMEOUT_S", {"REVIEWER_REPORT_TIMEOUT_S": "1"}),
        Case("file_over_max_file_mb", _file("big.txt", lambda: _plain("甲" * 700_000)), "refused",
             "REVIEWER_MAX_FILE_MB", {"REVIEWER_MAX_FILE_MB": "1"}),
        Case("bad_limit_setting", _file("ok.txt", planted.read_bytes), "refused", "REVIEWER_MAX_LINES",
             {"REVIEWER_MAX_LINES": "lots"}),
        # broken files, each a clear one-line refusal
        Case("empty_file", _file("empty.txt", b""), "refused", "empty file"),
        Case("directory", _directory, "refused", "directory"),
        Case("fifo", _fifo, "refused", "not a regular file"),
        Case("symlink_loop", _symlink_loop, "refused", "symbolic links"),
        Case("missing_file", lambda folder: folder / "nowhere.txt", "refused", "no such file"),
        Case("nul_bytes", _file("nul.txt", b"\x00" * 5000 + REPORT_LINE.encode()), "refused", "binary"),
        *(Case(f"random_bytes{suffix}", _file(f"random{suffix}", _random(20_000, seed)), "refused", "")
          for seed, suffix in enumerate((".pdf", ".docx", ".xlsx", ".xls", ".doc", ".bin"))),
        Case("truncated_docx", _truncated("cut.docx", docx_fixture), "refused", "damaged zip"),
        Case("truncated_xlsx", _truncated("cut.xlsx", xlsx_fixture), "refused", "damaged zip"),
        Case("truncated_pdf", _truncated("cut.pdf", pdf_fixture), "refused", "truncated"),
        Case("zip_encrypted_docx", _file("locked.docx", _encrypted_zip), "refused", ""),
        Case("docx_billion_laughs", _file("laughs.docx", _billion_laughs), "refused", "XML is malformed"),
        Case("png_named_pdf", _file("scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(1000)), "refused", "image"),
        Case("plain_zip", _file("archive.docx", lambda: zip_bytes({"a.txt": "hello"})), "refused", "zip archive"),
        Case("ole_not_office", _file("other.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)), "refused",
             "OLE"),
        # odd but readable
        Case("gbk_without_declaration", _file("gbk.txt", lambda: planted.read_text(encoding="utf-8").encode("gb18030")),
             "reviewed", ""),
        Case("utf16_with_bom", _file("utf16.txt", lambda: planted.read_text(encoding="utf-8").encode("utf-16")),
             "reviewed", ""),
    ]


# --- running one review, measured -------------------------------------------------------------

@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 120,
                 cwd: Path | None = None) -> Measured:
    """``reviewer ARGS`` in a child process: its exit code, output, wall time and peak RSS. A small
    Python process starts it and waits for it: a child forked straight from a large test process
    would count that process's memory as its own."""
    with tempfile.TemporaryDirectory() as temp:
        out, err = Path(temp) / "out", Path(temp) / "err"
        command = [sys.executable, "-c", _MEASURE, str(out), str(err), sys.executable, "-m", "reviewer.cli", *args]
        wrapper = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=cwd, env={**os.environ, **(env or {})},
                                   start_new_session=True, text=True)
        try:
            figures = json.loads(wrapper.communicate(timeout=timeout)[0])
        except subprocess.TimeoutExpired:
            os.killpg(wrapper.pid, signal.SIGKILL)
            wrapper.wait()
            raise
        return Measured(figures["returncode"], out.read_text(encoding="utf-8", errors="replace"),
                        err.read_text(encoding="utf-8", errors="replace"), figures["seconds"], figures["peak_kb"] / 1024)


_MEASURE = """
import json, os, subprocess, sys, time
out, err, *command = sys.argv[1:]
with open(out, "wb") as stdout, open(err, "wb") as stderr, open(os.devnull, "rb") as stdin:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"returncode": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - started,
                  "peak_kb": usage.ru_maxrss}))
"""

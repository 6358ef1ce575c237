"""Binary report formats: which one a file is (from its bytes, not its name) and its loader.

PDF, DOCX and XLSX/XLS are read directly. Word 97–2003 (.doc), WPS and RTF files, and OpenDocument
files, are converted by LibreOffice (``soffice --headless --convert-to``, a private profile per call,
so conversions never share or lock a user profile) and then read as DOCX or XLSX.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from reviewer.errors import InputError
from reviewer.ingest.extraction import Extraction
from reviewer.limits import limits, over_limit

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"BM": "BMP",
    b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
}
_CONVERT_TIMEOUT_S = 180
_CHUNK = 1 << 20
NEEDS_LIBREOFFICE = ("{kind} files are converted with LibreOffice, which is not installed: install it "
                     "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or save the file as .docx or PDF")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_binary(data: bytes) -> str | None:
    """"pdf", "docx", "xlsx", "xls", "doc", "rtf", "odt", "ods", or None for text; InputError for
    binary files that are not reports (images, other archives)."""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE):
        return _ole_kind(data)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in _IMAGES.items():
        if data.startswith(magic):
            raise InputError(f"this is a {name} image, not a report: scanned pages need OCR, "
                             "which this tool does not do")
    return None


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_unpacked(archive.infolist())
        _check_xml_elements(archive)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        raise InputError("damaged zip container (DOCX/XLSX): the file is truncated, corrupt or encrypted") from None
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")
        if mimetype.endswith(b"opendocument.text"):
            return "odt"
        if mimetype.endswith(b"opendocument.spreadsheet"):
            return "ods"
    raise InputError("a zip archive that is not a Word (.docx) or Excel (.xlsx) file")


def _check_unpacked(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before anything is unpacked. The sizes are the ones the archive declares;
    zipfile never yields more than a member declares (it stops there and fails the CRC check)."""
    if len(members) > limits().max_zip_members:
        raise over_limit("too many parts in this zip container", len(members), "max_zip_members")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits().max_unpacked_mb * 1024 * 1024:
        raise over_limit("this file unpacks to too much data", unpacked // (1024 * 1024), "max_unpacked_mb", " MiB")


def _check_xml_elements(archive: zipfile.ZipFile) -> None:
    """Refuse a container whose XML holds more elements than its reader should build in memory. Tags
    are counted in the unpacked bytes as they stream by (a start or empty-element tag per element; a
    comment or processing instruction counts too), so nothing is parsed and the count stops at the
    limit. A part that does not start with "<" or a UTF-16 byte order mark (a picture) is not XML."""
    limit, elements = limits().max_xml_elements, 0
    for member in archive.infolist():
        with archive.open(member) as stream:
            chunk = stream.read(_CHUNK)
            if not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"<", b"\xff\xfe", b"\xfe\xff")):
                continue
            while chunk:
                elements += chunk.count(b"<") - chunk.count(b"</")
                if elements > limit:
                    raise over_limit("too many XML elements in this file", None, "max_xml_elements")
                chunk = stream.read(_CHUNK)


def _ole_kind(data: bytes) -> str:
    if _utf16("EncryptedPackage") in data:
        raise InputError("this Office file is password-protected: "
                         "open it with the password and save an unprotected copy")
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return "xls"
    raise InputError("an OLE compound file that is neither a Word (.doc) nor an Excel (.xls) file")


def read_binary(kind: str, data: bytes, path: Path) -> Extraction:
    if kind == "pdf":
        from reviewer.ingest.pdf import read_pdf
        return read_pdf(data)
    if kind == "docx":
        from reviewer.ingest.docx import read_docx
        return read_docx(data)
    if kind == "xlsx":
        from reviewer.ingest.xlsx import read_xlsx
        return read_xlsx(data)
    if kind == "xls":
        from reviewer.ingest.xls import read_xls
        return read_xls(data)
    if kind == "ods":
        from reviewer.ingest.xlsx import read_xlsx
        extraction = read_xlsx(convert_with_libreoffice(data, ".ods", "xlsx", "OpenDocument spreadsheet"))
        extraction.format = "ods"
        return extraction
    from reviewer.ingest.docx import read_docx
    suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".rtf", ".odt") else f".{kind}"
    label = {"doc": "DOC/WPS", "rtf": "RTF", "odt": "OpenDocument text"}[kind]
    return read_docx(convert_with_libreoffice(data, suffix, "docx", label), fmt=kind)


def convert_with_libreoffice(data: bytes, suffix: str, target: str, label: str) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(NEEDS_LIBREOFFICE.format(kind=label))
    with tempfile.TemporaryDirectory(prefix="reviewer-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"report{suffix}"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=_CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice took over {_CONVERT_TIMEOUT_S} s to convert this {label} file") from None
        converted = folder / "out" / f"report.{target}"
        if not converted.exists():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"LibreOffice could not convert this {label} file"
                             + (f": {detail[-1]}" if detail else ""))
        return converted.read_bytes()

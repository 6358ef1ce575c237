"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, else charset detection."""

from __future__ import annotations

from reviewer.errors import InputError


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError("binary file: not a text or HTML report")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the text encoding (tried UTF-8, GB18030 and charset detection)")
    return data.decode(best.encoding, errors="replace"), best.encoding

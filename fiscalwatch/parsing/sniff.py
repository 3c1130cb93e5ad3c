"""What a file is, from its bytes: servers send wrong names and content types, so the
extension and the Content-Type are only a last resort.

One detection for the whole project: the crawler names what it downloaded with
:func:`file_kind` (``documents.content_type``), the readers pick a reader with
:func:`sniff_format`, which refuses what they cannot read with a clear error.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from fiscalwatch.errors import DocumentError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|script|div|p|table)\b",
    re.I | re.S,
)

# Formats the readers understand, and the legacy ones we recognise to say so clearly.
FORMATS = ("pdf", "docx", "xlsx", "html", "doc", "xls", "text")
# Files we recognise but do not read: other Office and archive containers, WPS, OFD.
OTHER_KINDS = ("pptx", "ofd", "zip", "wps", "rar")


def file_kind(data: bytes, filename: str | None = None) -> str | None:
    """One of FORMATS or OTHER_KINDS, or None for empty or unknown bytes. A zip that
    cannot be opened is ``zip``; ``filename`` only breaks an Office tie (``.xls``)."""
    head = data[:2048]
    # PDF headers may follow a little junk (some servers prepend a BOM or whitespace).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(_zip_names(data))
        except zipfile.BadZipFile:
            return "zip"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, filename)
    if head.startswith(b"Rar!"):
        return "rar"
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    if _HTML_START.match(stripped) or b"<html" in head.lower():
        return "html"
    if data and _looks_like_text(head):
        return "text"
    return None


def sniff_format(data: bytes, filename: str | None = None) -> str:
    """Returns one of FORMATS, or raises DocumentError for bytes no reader reads."""
    if not data:
        raise DocumentError("empty file (0 bytes)")
    kind = file_kind(data, filename)
    if kind in FORMATS:
        return kind
    if kind == "wps":
        return "doc"  # a legacy OLE document, refused by the reader as such
    if kind in ("zip", "pptx", "ofd"):
        try:
            _zip_names(data)
        except zipfile.BadZipFile as exc:
            raise DocumentError(f"corrupt zip container: {exc}") from exc
        raise DocumentError("zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file")
    raise DocumentError(f"unknown file format (starts with {data[:8]!r})")


def _zip_names(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return set(archive.namelist())


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        return "pptx"
    if any(name.upper() == "OFD.XML" for name in names):
        return "ofd"
    return "zip"


def _ole_kind(data: bytes, filename: str | None) -> str:
    # Legacy Office files: the stream names sit in the directory sectors as UTF-16. Word
    # first: a Word file with an embedded chart also holds a "Workbook" stream.
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if filename and filename.lower().endswith(".xls"):
        return "xls"
    return "wps" if b"WPS" in data[:65536] else "doc"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # final=False: the 2 KB cut may fall inside a multi-byte character
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False

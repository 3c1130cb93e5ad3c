"""What a file is, from its bytes: servers send wrong names and content types, so the
extension and the Content-Type are only a last resort."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from fiscalwatch.errors import DocumentError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|table)\b", re.I | re.S
)

# Formats the readers understand, and the legacy ones we recognise to say so clearly.
FORMATS = ("pdf", "docx", "xlsx", "html", "doc", "xls", "text")


def sniff_format(data: bytes, filename: str | None = None) -> str:
    """Returns one of FORMATS, or raises DocumentError for empty or unknown bytes."""
    if not data:
        raise DocumentError("empty file (0 bytes)")
    head = data[:2048]
    # PDF headers may follow a little junk (some servers prepend a BOM or whitespace).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, filename)
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    if _HTML_START.match(stripped) or b"<html" in head.lower():
        return "html"
    if _looks_like_text(head):
        return "text"
    raise DocumentError(f"unknown file format (starts with {data[:8]!r})")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"corrupt zip container: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise DocumentError("zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file")


def _ole_kind(data: bytes, filename: str | None) -> str:
    # Legacy Office files: the stream names sit in the directory sectors as UTF-16.
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if filename and filename.lower().endswith(".xls"):
        return "xls"
    return "doc"


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

"""One reader per format; ``open_source`` picks it from the sniffed bytes.

The bytes decide the reader, but a file whose name or declared type says it is a
document (PDF, Word, Excel) and whose bytes are a web page is an error page, a login
wall or a soft 404 served under the document's name: a failed document ("expected a
PDF, got an HTML page: 404 页面不存在"), not a page to parse. A disclosure written into
an HTML page (crawled as the page, or a local .html file) is read as one.
"""

from __future__ import annotations

import re

from fiscalwatch.errors import DocumentError, UnreadableDocument
from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.sniff import sniff_format

__all__ = ["RawTable", "Source", "expected_format", "open_source"]

DOCUMENT_FORMATS = {
    "pdf": "a PDF",
    "docx": "a Word (.docx) file",
    "doc": "a Word (.doc) file",
    "xlsx": "an Excel (.xlsx) file",
    "xls": "an Excel (.xls) file",
}
# Declared types (a Content-Type, or the format name the store keeps) -> format.
_MEDIA_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def _extension(filename: str | None) -> str | None:
    name = (filename or "").split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    if "." not in name:
        return None
    return name.rsplit(".", 1)[1].lower()


def expected_format(filename: str | None, content_type: str | None = None) -> str | None:
    """The document format the file's name, else its declared type, promises (one of
    ``DOCUMENT_FORMATS``), or None when neither promises one."""
    extension = _extension(filename)
    if extension in DOCUMENT_FORMATS:
        return extension
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    declared = _MEDIA_TYPES.get(declared, declared)
    return declared if declared in DOCUMENT_FORMATS else None


def page_title(data: bytes) -> str | None:
    """The <title> (or first <h1>) of an HTML page, for messages."""
    from fiscalwatch.parsing.readers.web import decode

    try:
        text = decode(data[:65536])
    except DocumentError:
        return None
    match = _TITLE.search(text)
    if not match:
        return None
    title = " ".join(_TAG.sub(" ", match.group(1) or match.group(2) or "").split())
    return title[:80] or None


def open_source(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    max_pages: int = 400,
    max_ocr_pages: int = 50,
    use_ocr: bool = True,
) -> Source:
    kind = sniff_format(data, filename)
    expected = expected_format(filename, content_type)
    if kind in ("html", "text") and expected:
        what = DOCUMENT_FORMATS[expected]
        if kind == "html":
            raise DocumentError(
                f"expected {what}, got an HTML page: {page_title(data) or '(untitled)'}"
            )
        raise DocumentError(f"expected {what}, got plain text")
    if kind == "pdf":
        from fiscalwatch.parsing.readers.pdf import PdfSource

        return PdfSource(data, max_pages=max_pages, max_ocr_pages=max_ocr_pages, use_ocr=use_ocr)
    if kind == "docx":
        from fiscalwatch.parsing.readers.office import read_docx

        return read_docx(data)
    if kind == "xlsx":
        from fiscalwatch.parsing.readers.office import read_xlsx

        return read_xlsx(data)
    if kind == "html":
        from fiscalwatch.parsing.readers.web import read_html

        return read_html(data)
    if kind == "text":
        from fiscalwatch.parsing.readers.web import read_text

        return read_text(data)
    if kind == "xls":
        from fiscalwatch.parsing.readers.office import read_xls

        return read_xls(data)
    # No maintained pure-Python reader of Word 97-2003 binaries exists (antiword and
    # LibreOffice are programs); say so rather than guess at the text.
    raise UnreadableDocument(
        "legacy Word 97-2003 format (.doc) is not read: no maintained pure-Python reader;"
        " a .docx or PDF of the same document is"
    )

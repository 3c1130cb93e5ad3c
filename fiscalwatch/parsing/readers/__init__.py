"""One reader per format; ``open_source`` picks it from the sniffed bytes."""

from __future__ import annotations

from fiscalwatch.errors import DocumentError, UnreadableDocument
from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.sniff import sniff_format

__all__ = ["RawTable", "Source", "open_source"]


def _extension(filename: str | None) -> str | None:
    if not filename or "." not in filename:
        return None
    return filename.rsplit(".", 1)[1].lower()


def open_source(
    data: bytes, *, filename: str | None = None, max_pages: int = 400, use_ocr: bool = True
) -> Source:
    kind = sniff_format(data, filename)
    expected = _extension(filename)
    if kind in ("html", "text") and expected in ("pdf", "doc", "docx", "xls", "xlsx"):
        # A download that should be a document but is a web page: an error page, a
        # login wall or a soft 404 served under the document's name.
        raise DocumentError(
            f"expected a .{expected} file but got an {kind.upper()} page (an error page?)"
        )
    if kind == "pdf":
        from fiscalwatch.parsing.readers.pdf import PdfSource

        return PdfSource(data, max_pages=max_pages, use_ocr=use_ocr)
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
    raise UnreadableDocument(
        f"legacy Office format (.{kind}) is not supported: save it as .{kind}x or PDF"
    )

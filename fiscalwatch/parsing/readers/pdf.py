"""PDF: text per page with PDFium (fast), tables only on the pages that need them,
OCR for scanned pages, pdfplumber's ``dedupe_chars`` only on pages with doubled glyphs."""

from __future__ import annotations

import io
import logging

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from fiscalwatch.errors import DocumentError, UnreadableDocument
from fiscalwatch.models import Page
from fiscalwatch.parsing import ocr, progress
from fiscalwatch.parsing.normalize import doubled_glyph_share, gb2312_share
from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.readers.pdf_tables import (
    find_grids,
    has_compound_paths,
    has_ruling,
    object_bounds,
)
from fiscalwatch.parsing.readers.pdf_text_tables import text_tables

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 30  # fewer characters than this on a page covered by an image: a scan
IMAGE_COVER = 0.5
DOUBLED_SHARE = 0.3


class PdfSource(Source):
    def __init__(
        self, data: bytes, *, max_pages: int, use_ocr: bool, max_ocr_pages: int = 50
    ) -> None:
        super().__init__(format="pdf", pages=[])
        self._data = data
        if b"%%EOF" not in data[-4096:]:
            raise DocumentError("truncated PDF: the file ends before its %%EOF marker")
        try:
            self._pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise UnreadableDocument("encrypted: the PDF needs a password") from exc
            raise DocumentError(f"corrupt PDF: {message}") from exc
        count = len(self._pdf)
        if count == 0:
            self._pdf.close()
            raise DocumentError("corrupt PDF: no pages")
        if count > max_pages:
            self._pdf.close()
            raise DocumentError(f"too many pages: {count} > [parse] max_pages = {max_pages}")
        progress.announce(pages=count)
        self._max_ocr_pages = max_ocr_pages
        self._ruled: dict[int, bool] = {}
        self._broken: set[int] = set()  # pages PDFium could not load
        self._open: dict[int, pdfium.PdfPage] = {}  # pages kept from the text pass
        self._textpages: dict[int, pdfium.PdfTextPage] = {}
        self._tables: dict[tuple[int, bool], list[RawTable]] = {}
        self._text_tables: dict[int, list[RawTable]] = {}
        self.pdfplumber_pages: set[int] = set()  # pages pdfminer had to parse (slow)
        self.metadata_title = (self._pdf.get_metadata_value("Title") or "").strip() or None
        scanned = self._read_text()
        if scanned:
            self._ocr(scanned, use_ocr)

    def _read_text(self) -> list[int]:
        scanned: list[int] = []
        for index in range(len(self._pdf)):
            try:
                page = self._pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
            except pdfium.PdfiumError as exc:  # one damaged page: the others still read
                self._broken.add(index + 1)
                self.warnings.append(f"page {index + 1} not read: {exc}")
                self.pages.append(Page(number=index + 1, text=""))
                continue
            self._textpages[index + 1] = textpage
            if doubled_glyph_share(text) > DOUBLED_SHARE:
                text = self._deduped_text(index) or text
            if _needs_ocr(page, text):
                scanned.append(index + 1)
            self.pages.append(Page(number=index + 1, text=text))
            self._open[index + 1] = page
        return scanned

    def _deduped_text(self, index: int) -> str | None:
        """The page read again by pdfplumber with its overlapping duplicate chars removed."""
        import pdfplumber

        self.pdfplumber_pages.add(index + 1)
        try:
            with pdfplumber.open(io.BytesIO(self._data), pages=[index + 1]) as pdf:
                return pdf.pages[0].dedupe_chars().extract_text()
        except Exception as exc:  # pdfminer is stricter than PDFium on broken files
            log.debug("dedupe failed on page %s: %s", index + 1, exc)
            return None

    def _ocr(self, numbers: list[int], use_ocr: bool) -> None:
        reason = None if use_ocr else "scanned pages need OCR, but [parse] ocr = false"
        reason = reason or ocr.ocr_unavailable_reason()
        readable = [page for page in self.pages if page.number not in numbers and page.text.strip()]
        if reason:
            if len(readable) < len(numbers):
                raise UnreadableDocument(reason)
            self.warnings.append(f"{len(numbers)} page(s) not read: {reason}")
            return
        if len(numbers) > self._max_ocr_pages:
            # Beyond the cap a scan costs minutes; what is left unread is said, not hidden.
            left = numbers[self._max_ocr_pages :]
            numbers = numbers[: self._max_ocr_pages]
            self.warnings.append(
                f"{len(left)} scanned page(s) not read: more than [parse] max_ocr_pages = "
                f"{self._max_ocr_pages} (pages {_page_list(left)})"
            )
        for number in numbers:
            progress.announce(ocr_pages=1)
            image = self._page(number).render(scale=ocr.RENDER_SCALE).to_pil()
            self.pages[number - 1] = Page(number=number, text=ocr.ocr_image(image), ocr=True)

    def is_ruled(self, page: int) -> bool:
        if page in self._broken:
            return False
        if page not in self._ruled:
            self._ruled[page] = has_ruling(self._page(page))
        return self._ruled[page]

    def tables_on(self, page: int, *, pdfplumber_style: bool = False) -> list[RawTable]:
        cache = (page, pdfplumber_style)
        if cache not in self._tables:
            self._tables[cache] = []
            if not self.pages[page - 1].ocr and self.is_ruled(page):
                grids = find_grids(
                    self._page(page), self._textpages.get(page), pdfplumber_style=pdfplumber_style
                )
                self._tables[cache] = [
                    RawTable(page=page, rows=rows, top=top, bottom=bottom)
                    for rows, (top, bottom) in grids
                ] or [RawTable(page=page, rows=rows) for rows in self._pdfplumber_tables(page)]
        return self._tables[cache]

    def text_tables_on(self, page: int) -> list[RawTable]:
        if page not in self._text_tables:
            textpage = self._textpages.get(page)
            found = []
            if textpage is not None and not self.pages[page - 1].ocr:
                found = text_tables(self._page(page), textpage)
            self._text_tables[page] = [
                RawTable(page=page, rows=rows, top=top, bottom=bottom)
                for rows, (top, bottom) in found
            ]
        return self._text_tables[page]

    def text_between(self, page: int, top: float, bottom: float) -> str:
        textpage = self._textpages.get(page)
        if textpage is None or self.pages[page - 1].ocr:
            return ""
        _, height = self._page(page).get_size()
        return str(
            textpage.get_text_bounded(left=0, bottom=height - bottom, right=None, top=height - top)
        )

    def _pdfplumber_tables(self, page: int) -> list[list[list[str | None]]]:
        """Fallback when the ruling is drawn in a way the PDFium edge reader misses:
        paths of several segments, whose rules a bounding box hides. A page of lines
        and rectangles only has no grid pdfplumber would find where PDFium found none
        (the same edges, the same table finder), so pdfminer's slow parse is skipped."""
        if not has_compound_paths(self._page(page)):
            return []
        import pdfplumber

        self.pdfplumber_pages.add(page)
        try:
            with pdfplumber.open(io.BytesIO(self._data), pages=[page]) as pdf:
                return [list(map(list, t)) for t in pdf.pages[0].extract_tables()]
        except Exception as exc:
            log.debug("pdfplumber failed on page %s: %s", page, exc)
            return []

    def _page(self, number: int) -> pdfium.PdfPage:
        if number not in self._open:
            self._open[number] = self._pdf[number - 1]
        return self._open[number]

    def close(self) -> None:
        for textpage in self._textpages.values():
            textpage.close()
        self._textpages.clear()
        for page in self._open.values():
            page.close()
        self._open.clear()
        self._pdf.close()


def _needs_ocr(page: pdfium.PdfPage, text: str) -> bool:
    stripped = "".join(text.split())
    if len(stripped) < MIN_TEXT_CHARS:
        return _image_cover(page) >= IMAGE_COVER
    if "(cid:" in text or "\ufffd" * 3 in stripped:
        return True
    non_ascii = len(stripped) - len(stripped.encode("ascii", errors="ignore"))
    return non_ascii >= MIN_TEXT_CHARS and gb2312_share(stripped) < 0.6


def _image_cover(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    area = 0.0
    for left, bottom, right, top in object_bounds(page, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        area += max(0.0, min(right, width) - max(left, 0)) * max(
            0.0, min(top, height) - max(bottom, 0)
        )
    return area / (width * height) if width and height else 0.0


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + ("…" if len(numbers) > 10 else "")

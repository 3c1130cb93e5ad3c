"""The text PDFium places inside a rectangle of a page, as ``PdfTextPage.get_text_bounded``
gives it, at half the cost.

A ruled table page asks for the text of each of its cells (hundreds), and each ask makes
PDFium walk every character of the page. pypdfium2 asks twice per rectangle (once for
the length, once for the text); here one call fills a buffer sized for any rectangle of
the page, reused for all of them.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


class BoundedText:
    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._textpage = textpage
        # The most a rectangle can hold: every character as a surrogate pair, a line
        # break ("\r\n") before each, and the terminating NUL PDFium adds.
        self._size = 4 * max(0, pdfium_c.FPDFText_CountChars(textpage.raw)) + 16
        self._buffer = (ctypes.c_ushort * self._size)()

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        """The text inside (left, bottom, right, top), in PDF points from the bottom left."""
        count = pdfium_c.FPDFText_GetBoundedText(
            self._textpage.raw, left, top, right, bottom, self._buffer, self._size
        )
        if count <= 0:
            return ""
        if count >= self._size:  # cannot happen by the sizing above; if it did, ask twice
            return str(self._textpage.get_text_bounded(left, bottom, right, top))
        if self._buffer[count - 1] == 0:
            count -= 1  # the terminator (PDFium never places a NUL character in the text)
        return ctypes.string_at(self._buffer, 2 * count).decode("utf-16-le", errors="ignore")


def text_rects(textpage: pdfium.PdfTextPage) -> Iterator[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each of PDFium's text rectangles (runs of text on one
    line), as ``count_rects`` and ``get_rect`` give them, with four doubles reused."""
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    raw = textpage.raw
    for index in range(textpage.count_rects()):
        if not pdfium_c.FPDFText_GetRect(raw, index, left, top, right, bottom):
            raise pdfium.PdfiumError(f"Failed to get text rectangle {index}.")
        yield left.value, bottom.value, right.value, top.value

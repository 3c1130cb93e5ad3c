"""pdfplumber (pdfminer's slow full parse) is asked for a page's tables only when a path
on it is more than a line or a rectangle: only then can it see rules that the PDFium
reader, which reads each path by its bounding box, misses."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from fiscalwatch.parsing.readers.pdf_tables import has_compound_paths


def _page_with(*paths: list[tuple[str, float, float]]) -> pdfium.PdfPage:
    """A page holding one path object per argument, each a list of (op, x, y) with op
    "m" (move to) or "l" (line to); saved and opened again, as a crawled file is."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 300)
    for segments in paths:
        (_, x0, y0), *rest = segments
        path = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
        for op, x, y in rest:
            (pdfium_c.FPDFPath_MoveTo if op == "m" else pdfium_c.FPDFPath_LineTo)(path, x, y)
        pdfium_c.FPDFPath_SetDrawMode(path, 0, 1)  # stroked, not filled
        pdfium_c.FPDFPage_InsertObject(page.raw, path)
    assert pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return pdfium.PdfDocument(buffer.getvalue())[0]


LINE = [("m", 10, 10), ("l", 290, 10)]
RECT = [("m", 10, 10), ("l", 290, 10), ("l", 290, 100), ("l", 10, 100), ("l", 10, 10)]


@pytest.mark.parametrize(
    ("paths", "compound"),
    [
        ([LINE, [("m", 10, 50), ("l", 290, 50)], [("m", 10, 90), ("l", 290, 90)]], False),
        ([RECT, LINE], False),
        # Three rules drawn as one path: its bounding box hides the middle one.
        (
            [
                [
                    ("m", 10, 10),
                    ("l", 290, 10),
                    ("m", 10, 50),
                    ("l", 290, 50),
                    ("m", 10, 90),
                    ("l", 290, 90),
                ]
            ],
            True,
        ),
        ([[("m", 10, 10), ("l", 290, 10), ("l", 290, 100)]], True),  # a polyline
    ],
    ids=["separate rules", "a rectangle and a rule", "rules in one path", "a polyline"],
)
def test_only_paths_a_bounding_box_misreads_send_a_page_to_pdfplumber(
    paths: list[list[tuple[str, float, float]]], compound: bool
) -> None:
    assert has_compound_paths(_page_with(*paths)) is compound

"""A rectangle's text read in one PDFium call is the text pypdfium2's
``get_text_bounded`` gives, on every text run, every grid cell and random rectangles
of every page of every fixture PDF."""

from __future__ import annotations

import random

import pypdfium2 as pdfium

from fiscalwatch.parsing.readers import pdf_tables
from fiscalwatch.parsing.readers.pdf_text import BoundedText, text_rects
from fiscalwatch.parsing.readers.table_finder import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from tests.parsing.test_table_finder import readable_pdfs


def rectangles(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[tuple[float, ...]]:
    width, height = page.get_size()
    found = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    assert list(text_rects(textpage)) == found
    edges = merge_edges(pdf_tables._edges(page)[0], 3, 3, 3, 3)
    cells = intersections_to_cells(edges_to_intersections(edges, 3))
    for table in cells_to_tables(cells):
        found += [(x0, height - bottom, x1, height - top) for x0, top, x1, bottom in table]
    shuffle = random.Random(len(found))
    for _ in range(20):
        left, right = sorted(shuffle.uniform(-10, width + 10) for _ in range(2))
        bottom, top = sorted(shuffle.uniform(-10, height + 10) for _ in range(2))
        found.append((left, bottom, right, top))
    return [*found, (0.0, 0.0, width, height), (5.0, 5.0, 5.0, 5.0)]


def test_one_call_gives_pypdfium2s_text() -> None:
    compared = texts = 0
    for path in readable_pdfs():
        pdf = pdfium.PdfDocument(path.read_bytes())
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                text_in = BoundedText(textpage)
                for left, bottom, right, top in rectangles(page, textpage):
                    expected = textpage.get_text_bounded(left, bottom, right, top)
                    assert text_in(left, bottom, right, top) == expected, (path.name, index)
                    compared += 1
                    texts += bool(expected)
                textpage.close()
                page.close()
        finally:
            pdf.close()
    assert compared > 50_000 and texts > 30_000

"""Ruled tables of a PDF page: the ruling lines come from PDFium's path objects, the
cells from pdfplumber's table finder (its steps in ``table_finder``, same cells without
importing pdfplumber), the cell text from PDFium. This avoids pdfminer's full page
parse, which costs ~10x PDFium's text extraction."""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from fiscalwatch.parsing.readers.base import clean_cell
from fiscalwatch.parsing.readers.pdf_text import BoundedText
from fiscalwatch.parsing.readers.table_finder import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

THIN = 2.0  # a path thinner than this (points) is a rule, not a box
MIN_RULES = 4
TOLERANCE = 3.0

Edge = dict[str, Any]
Box = tuple[float, float, float, float]


def _objects(page: pdfium.PdfPage, kind: int) -> Iterator[Any]:
    """Raw handles of the page's objects of one type, including those in form XObjects.
    Uses the raw API: pypdfium2's object wrappers cost ~20 µs each, and a ruled table
    page holds hundreds of rules."""

    object_type, form = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count: int, get: Any, owner: Any, depth: int) -> Iterator[Any]:
        for i in range(count):
            obj = get(owner, i)
            obj_type = object_type(obj)
            if obj_type == kind:
                yield obj
            elif obj_type == form and depth < 2:
                count_in = pdfium_c.FPDFFormObj_CountObjects(obj)
                yield from walk(count_in, pdfium_c.FPDFFormObj_GetObject, obj, depth + 1)

    handle = page.raw
    yield from walk(pdfium_c.FPDFPage_CountObjects(handle), pdfium_c.FPDFPage_GetObject, handle, 0)


def object_bounds(
    page: pdfium.PdfPage, kind: int, limit: int | None = None
) -> Iterator[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the page's objects of one type, including those in
    form XObjects."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    found = 0
    for obj in _objects(page, kind):
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            found += 1
            yield left.value, bottom.value, right.value, top.value
            if limit is not None and found >= limit:
                return


def has_compound_paths(page: pdfium.PdfPage) -> bool:
    """Whether a path on the page is more than a line or a rectangle (several subpaths,
    a polyline, a curve): its bounding box, which is all ``_edges`` reads, then hides
    rules that pdfplumber's path-by-segment reading sees. Only such a page can hold a
    grid the PDFium reading misses."""
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in _objects(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if count <= 2:
            continue  # a line (or a lone point)
        if count > 5:
            return True
        corners: set[tuple[float, float]] = set()
        for i in range(count):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or (
                i and kind == pdfium_c.FPDF_SEGMENT_MOVETO
            ):
                return True
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            corners.add((round(x.value, 1), round(y.value, 1)))
        xs, ys = {c[0] for c in corners}, {c[1] for c in corners}
        if not (len(corners) == 4 and len(xs) == 2 and len(ys) == 2):
            return True  # a polyline, or a shape that is not an axis-aligned rectangle
    return False


def has_ruling(page: pdfium.PdfPage) -> bool:
    return (
        sum(1 for _ in object_bounds(page, pdfium_c.FPDF_PAGEOBJ_PATH, limit=MIN_RULES))
        >= MIN_RULES
    )


def _edges(page: pdfium.PdfPage) -> tuple[list[Edge], float]:
    _, height = page.get_size()
    edges: list[Edge] = []
    for left, bottom, right, top in object_bounds(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        top, bottom = height - top, height - bottom  # pdfplumber measures from the top
        width, tall = right - left, bottom - top
        if tall <= THIN and width > THIN:
            edges.append(_h(left, right, (top + bottom) / 2))
        elif width <= THIN and tall > THIN:
            edges.append(_v((left + right) / 2, top, bottom))
        elif width > THIN and tall > THIN:  # a stroked rectangle: its four sides
            edges += [
                _h(left, right, top),
                _h(left, right, bottom),
                _v(left, top, bottom),
                _v(right, top, bottom),
            ]
    return edges, height


def _h(x0: float, x1: float, y: float) -> Edge:
    return {
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0.0,
        "orientation": "h",
    }


def _v(x: float, top: float, bottom: float) -> Edge:
    return {
        "x0": x,
        "x1": x,
        "top": top,
        "bottom": bottom,
        "width": 0.0,
        "height": bottom - top,
        "orientation": "v",
    }


def find_tables(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage | None = None,
    *,
    pdfplumber_style: bool = False,
) -> list[list[list[str | None]]]:
    return [rows for rows, _ in find_grids(page, textpage, pdfplumber_style=pdfplumber_style)]


def find_grids(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage | None = None,
    *,
    pdfplumber_style: bool = False,
) -> list[tuple[list[list[str | None]], tuple[float, float]]]:
    """Each table as a grid of rows, top to bottom. By default a cell's text is cleaned
    and a merged cell's text fills every position it covers (as python-docx reports
    merged Word cells). ``pdfplumber_style``: as ``extract_tables`` gives them, the text
    as printed (wrapped lines kept) in a merged cell's top-left position, ``None`` in
    the others. ``find_grids`` gives each with its (top, bottom), top to bottom."""
    edges, height = _edges(page)
    edges = merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = [
        e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= TOLERANCE
    ]
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE))
    own = textpage is None
    textpage = textpage or page.get_textpage()
    text = BoundedText(textpage)
    tables = [
        (_grid(group, text, height, pdfplumber_style), _extent(group))
        for group in cells_to_tables(cells)
    ]
    if own:
        textpage.close()
    return sorted(((rows, extent) for rows, extent in tables if rows), key=lambda t: t[1][0])


def _extent(cells: list[Box]) -> tuple[float, float]:
    """(top, bottom) of a table's cells, in points from the page's top."""
    return min(c[1] for c in cells), max(c[3] for c in cells)


def _grid(
    cells: list[tuple[float, float, float, float]],
    text_in: BoundedText,
    height: float,
    pdfplumber_style: bool,
) -> list[list[str | None]]:
    """Cells placed on the table's column and row lines; a merged cell covers several."""
    xs = _cluster(sorted(c[0] for c in cells))
    tops = _cluster(sorted(c[1] for c in cells))
    grid: list[list[str | None]] = [[""] * len(xs) for _ in tops]
    for x0, top, x1, bottom in cells:
        text = text_in(x0, height - bottom, x1, height - top)
        text = _as_printed(text) if pdfplumber_style else clean_cell(text)
        # xs and tops ascend: the lines within the cell are one slice of each.
        columns = range(bisect_left(xs, x0 - TOLERANCE), bisect_left(xs, x1 - TOLERANCE))
        rows = range(bisect_left(tops, top - TOLERANCE), bisect_left(tops, bottom - TOLERANCE))
        for row in rows:
            for col in columns:
                first = row == rows[0] and col == columns[0]
                grid[row][col] = text if first or not pdfplumber_style else None
    return grid


def _as_printed(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > TOLERANCE:
            out.append(value)
    return out


def _index(anchors: list[float], value: float) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - value))

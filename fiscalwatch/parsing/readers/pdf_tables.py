"""Ruled tables of a PDF page: the ruling lines come from PDFium's path objects, the
cells from pdfplumber's table finder (``merge_edges`` … ``cells_to_tables``, the same
code ``page.find_tables`` runs), the cell text from PDFium. This avoids pdfminer's full
page parse, which costs ~10x PDFium's text extraction."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from fiscalwatch.parsing.readers.base import clean_cell

THIN = 2.0  # a path thinner than this (points) is a rule, not a box
MIN_RULES = 4
TOLERANCE = 3.0

Edge = dict[str, Any]


def has_ruling(page: pdfium.PdfPage) -> bool:
    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= MIN_RULES:
            return True
    return False


def _edges(page: pdfium.PdfPage) -> tuple[list[Edge], float]:
    _, height = page.get_size()
    edges: list[Edge] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom  # pdfplumber measures from the top
        width, tall = right - left, bottom - top
        if tall <= THIN and width > THIN:
            edges.append(_h(left, right, (top + bottom) / 2))
        elif width <= THIN and tall > THIN:
            edges.append(_v((left + right) / 2, top, bottom))
        elif width > THIN and tall > THIN:  # a stroked rectangle: its four sides
            edges += [_h(left, right, top), _h(left, right, bottom), _v(left, top, bottom), _v(right, top, bottom)]
    return edges, height


def _h(x0: float, x1: float, y: float) -> Edge:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def _v(x: float, top: float, bottom: float) -> Edge:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}


def find_tables(page: pdfium.PdfPage) -> list[list[list[str | None]]]:
    """Each table as a grid of rows; positions covered by a merged cell are None."""
    edges, height = _edges(page)
    edges = merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= TOLERANCE]
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    textpage = page.get_textpage()
    tables = []
    for group in cells_to_tables(cells):
        tables.append(_grid(group, textpage, height))
    textpage.close()
    return [rows for rows in tables if rows]


def _grid(cells: list[tuple[float, float, float, float]], textpage: Any, height: float) -> list[list[str | None]]:
    xs = _cluster(sorted(c[0] for c in cells))
    tops = _cluster(sorted(c[1] for c in cells))
    grid: list[list[str | None]] = [[None] * len(xs) for _ in tops]
    for x0, top, x1, bottom in cells:
        row, col = _index(tops, top), _index(xs, x0)
        text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
        grid[row][col] = clean_cell(text)
    return grid


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > TOLERANCE:
            out.append(value)
    return out


def _index(anchors: list[float], value: float) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - value))

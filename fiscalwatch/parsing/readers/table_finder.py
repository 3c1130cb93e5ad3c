"""pdfplumber's table finder, from ruling edges to tables of cells, without pdfplumber.

Importing ``pdfplumber.table`` imports pdfminer (~0.2 s in every parse worker) though
these steps are plain geometry on the edges PDFium gives. ``merge_edges`` (with the
snapping and joining it calls) and ``cells_to_tables`` are pdfplumber 0.11's own code,
restricted to the edges ``pdf_tables`` builds (no ``doctop``/``y0`` keys) with the same
arithmetic and ordering, so the cells are the same to the last bit;
``edges_to_intersections`` and ``intersections_to_cells`` are re-done for speed with the
same results. ``tests/parsing/test_evaluation_tables.py`` holds all four against
pdfplumber's on every page of every fixture PDF.

pdfplumber is MIT-licensed: Copyright (c) 2015, Jeremy Singer-Vine
(https://github.com/jsvine/pdfplumber/blob/stable/LICENSE.txt).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

Edge = dict[str, Any]
Point = tuple[float, float]
Box = tuple[float, float, float, float]


def merge_edges(
    edges: list[Edge],
    snap_x_tolerance: float,
    snap_y_tolerance: float,
    join_x_tolerance: float,
    join_y_tolerance: float,
) -> list[Edge]:
    """pdfplumber's ``merge_edges``: edges within the snap tolerance of one another
    moved to their average position, then edges on one line that touch (within the
    join tolerance) joined into one."""

    def group(edge: Edge) -> tuple[str, float]:
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        edges = _snap_edges(edges, snap_x_tolerance, snap_y_tolerance)
    merged: list[Edge] = []
    for (orientation, _), items in itertools.groupby(sorted(edges, key=group), key=group):
        tolerance = join_x_tolerance if orientation == "h" else join_y_tolerance
        merged += _join_edge_group(items, orientation, tolerance)
    return merged


def _snap_edges(edges: list[Edge], x_tolerance: float, y_tolerance: float) -> list[Edge]:
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    return _snap(verticals, "x0", x_tolerance) + _snap(horizontals, "top", y_tolerance)


def _snap(edges: list[Edge], attr: str, tolerance: float) -> list[Edge]:
    """pdfplumber's ``snap_objects``: each cluster of positions moved to its mean."""
    low, high = ("x0", "x1") if attr == "x0" else ("top", "bottom")
    snapped: list[Edge] = []
    for cluster in _cluster_objects(edges, attr, tolerance):
        average = sum(e[attr] for e in cluster) / len(cluster)
        for edge in cluster:
            shift = average - edge[attr]
            snapped.append({**edge, low: edge[low] + shift, high: edge[high] + shift})
    return snapped


def _cluster_objects(edges: list[Edge], attr: str, tolerance: float) -> list[list[Edge]]:
    """pdfplumber's ``cluster_objects``: edges grouped by clusters of their ``attr``
    (values no more than ``tolerance`` apart, chained), clusters in ascending order,
    edges within one in their given order."""
    values = sorted(set(e[attr] for e in edges))
    cluster_of: dict[float, int] = {}
    index = -1
    last = None
    for value in values:
        if last is None or (tolerance == 0 or value > last + tolerance):
            index += 1
        cluster_of[value] = index
        last = value
    ordered = sorted(edges, key=lambda e: cluster_of[e[attr]])
    return [
        list(members)
        for _, members in itertools.groupby(ordered, key=lambda e: cluster_of[e[attr]])
    ]


def _join_edge_group(edges: Any, orientation: str, tolerance: float) -> list[Edge]:
    """pdfplumber's ``join_edge_group``: edges on one line joined where they touch."""
    low, high = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for edge in ordered[1:]:
        last = joined[-1]
        if edge[low] <= last[high] + tolerance:
            if edge[high] > last[high]:
                joined[-1] = _resized(last, high, edge[high])
        else:
            joined.append(edge)
    return joined


def _resized(edge: Edge, key: str, value: float) -> Edge:
    """pdfplumber's ``resize_object`` for the far end of an edge (``x1`` or ``bottom``)."""
    if key == "x1":
        return {**edge, "x1": value, "width": value - edge["x0"]}
    return {**edge, "bottom": value, "height": edge["height"] + (value - edge["bottom"])}


def edges_to_intersections(
    edges: list[Edge], tolerance: float
) -> dict[Point, tuple[set[Box], set[Box]]]:
    """pdfplumber's ``edges_to_intersections``: the points where a vertical and a
    horizontal edge meet, each with the (vertical, horizontal) edges through it, as
    boxes (pdfplumber compares edges by box)."""
    verticals = sorted(
        (e for e in edges if e["orientation"] == "v"), key=lambda e: (e["x0"], e["top"])
    )
    horizontals = sorted(
        (e for e in edges if e["orientation"] == "h"), key=lambda e: (e["top"], e["x0"])
    )
    tops = [h["top"] for h in horizontals]
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in verticals:
        x, v_top, v_bottom = v["x0"], v["top"] - tolerance, v["bottom"] + tolerance
        # Only the horizontals within the vertical's reach, in the same order.
        for h in horizontals[bisect_left(tops, v_top) : bisect_right(tops, v_bottom)]:
            y = h["top"]
            if h["x0"] - tolerance <= x <= h["x1"] + tolerance:
                point = found.setdefault((x, y), (set(), set()))
                point[0].add(_box(v))
                point[1].add(_box(h))
    return found


def _box(edge: Edge) -> Box:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def intersections_to_cells(points: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: from each point, the smallest rectangle
    whose four corners are points joined by edges. pdfplumber scans every later point
    and rebuilds edge sets per comparison; here the points below and to the right come
    from per-column and per-row lists, which turns seconds into milliseconds on dense
    grids."""
    ordered = sorted(points)
    rows: dict[float, list[float]] = {}
    columns: dict[float, list[float]] = {}
    for x, y in ordered:
        rows.setdefault(y, []).append(x)  # ascending x, as ``ordered`` is
        columns.setdefault(x, []).append(y)  # ascending y
    cells: list[Box] = []
    for point in ordered:
        x, y = point
        column, row = columns[x], rows[y]
        below = [(x, by) for by in column[bisect_right(column, y) :]]
        right = [(rx, y) for rx in row[bisect_right(row, x) :]]
        cell = _smallest_cell(points, point, below, right)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(
    points: dict[Point, tuple[set[Box], set[Box]]],
    point: Point,
    below: list[Point],
    right: list[Point],
) -> Box | None:
    vertical, horizontal = points[point]
    for down in below:
        if vertical.isdisjoint(points[down][0]):
            continue
        for across in right:
            if horizontal.isdisjoint(points[across][1]):
                continue
            corner = (across[0], down[1])
            if (
                corner in points
                and not points[corner][0].isdisjoint(points[across][0])
                and not points[corner][1].isdisjoint(points[down][1])
            ):
                return (point[0], point[1], corner[0], corner[1])
    return None


def cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """pdfplumber's ``cells_to_tables``: cells grouped into tables by shared corners,
    the tables top to bottom (then left to right), those of one cell dropped."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        count = len(current)
        left: list[Box] = []  # pdfplumber removes each taken cell from the list: O(n²)
        for cell in remaining:
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(corner in corners for corner in own):
                corners.update(own)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == count:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [table for table in ordered if len(table) > 1]

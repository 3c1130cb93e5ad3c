"""Small inline SVG charts, drawn in Python so the report needs no chart library.

Every string placed in the SVG goes through ``escape``; the result is ``Markup`` so the
templates insert it as is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_WIDTH = 40
BAR_GAP = 22
HEIGHT = 150
TOP = 24  # room for the value label above the tallest bar
BOTTOM = 24  # room for the year labels
SIDE = 12


def compact_number(value: float) -> str:
    """A label short enough to sit above a bar: 1234.5 -> "1,235", 12.34 -> "12.34"."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def bar_chart(points: Sequence[tuple[str, float | None]], title: str, unit: str) -> Markup:
    """Bars across years; a missing year leaves a gap marked with a dash.

    The latest bar is drawn darker: the eye goes to this year first.
    """
    width = SIDE * 2 + len(points) * BAR_WIDTH + max(len(points) - 1, 0) * BAR_GAP
    values = [abs(v) for _, v in points if v is not None]
    peak = max(values, default=0.0) or 1.0
    plot = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    last_index = max((i for i, (_, v) in enumerate(points) if v is not None), default=-1)
    described = "，".join(
        f"{year}年 {compact_number(v)}{unit}" if v is not None else f"{year}年 无数据"
        for year, v in points
    )
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" '
        f'aria-label="{escape(title)}：{escape(described)}">',
        f"<title>{escape(title)}（{escape(unit)}）</title>",
        f'<line class="axis" x1="{SIDE / 2}" y1="{baseline}" x2="{width - SIDE / 2}" '
        f'y2="{baseline}"/>',
    ]
    for index, (year, value) in enumerate(points):
        x = SIDE + index * (BAR_WIDTH + BAR_GAP)
        middle = x + BAR_WIDTH / 2
        if value is None:
            parts.append(
                f'<text class="gap" x="{middle}" y="{baseline - 6}" text-anchor="middle">—</text>'
            )
        else:
            height = max(abs(value) / peak * plot, 1.5)
            css = "bar latest" if index == last_index else "bar"
            parts.append(
                f'<rect class="{css}" x="{x}" y="{baseline - height:.1f}" width="{BAR_WIDTH}" '
                f'height="{height:.1f}" rx="2"><title>{escape(year)}年：'
                f"{escape(compact_number(value))} {escape(unit)}</title></rect>"
            )
            parts.append(
                f'<text class="value" x="{middle}" y="{baseline - height - 6:.1f}" '
                f'text-anchor="middle">{escape(compact_number(value))}</text>'
            )
        parts.append(
            f'<text class="year" x="{middle}" y="{HEIGHT - 6}" text-anchor="middle">'
            f"{escape(year)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[float], width: int = 120, height: int = 28) -> Markup:
    """A trend line (e.g. documents per crawl cycle, oldest first) with the last point marked."""
    if not values:
        return Markup("")
    peak = max(values) or 1.0
    step = width / max(len(values) - 1, 1)
    points = [
        (i * step if len(values) > 1 else width / 2, height - 3 - v / peak * (height - 6))
        for i, v in enumerate(values)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    return Markup(
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="最近{len(values)}轮">'
        f'<polyline points="{path}" fill="none"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5"/></svg>'
    )

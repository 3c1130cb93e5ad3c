"""Title ↔ grid assignment in a PDF by position and content, not by counting.

The body from the first table title on is read as one sequence of markers (table
titles, self-evaluation titles, section headings) and ruled grids, in reading order:
on a page with grids, a marker's place is the band of text (above the first grid,
between two, below the last) that holds it. Then each title takes the grids that
follow it up to the next marker — so a title orphaned at a page's foot takes the grid
at the top of the next page, and a grid that runs on over pages (with or without its
header repeated) stays with its title. Documents that print titles UNDER their grids
are read the other way round; the grids' own words (:mod:`table_signatures`) decide
which reading fits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.table_signatures import candidates, conflicts

_SPACE = re.compile(r"\s+")
# A title numbered as a table ("表二:", "附表3") or naming its year: never a row label,
# so even cut short it may be the first row of its grid.
_NUMBERED = re.compile(r"^\s*(?:附?表\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})|.{0,8}\d{4}年)")


@dataclass
class Marker:
    kind: str  # "title" | "evaluation" | "heading"
    key: str  # table key (titles), "other" (evaluations), section key (headings)
    text: str  # the title as printed (two lines joined)
    page: int
    line: int  # index of its (first) line in the TextIndex
    truncated: bool = False  # read as the start of a table's name


@dataclass
class Grid:
    page: int
    slot: int  # position in ``source.tables_on(page)``
    rows: list[list[str | None]]
    clean: list[list[str]] = field(default_factory=list)  # rows as compared

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Item = Marker | Grid


@dataclass
class Assignment:
    marker: Marker
    grids: list[Grid] = field(default_factory=list)
    below: bool = False  # the title is printed under its grid


def sequence(markers: list[Marker], source: Source, pages: list[int], clean: object) -> list[Item]:
    """Markers and the grids of ``pages`` in reading order. ``clean`` turns raw rows
    into compared rows (the table reader's cleaning)."""
    by_page: dict[int, list[Marker]] = {}
    for marker in markers:
        by_page.setdefault(marker.page, []).append(marker)
    items: list[Item] = []
    for page in sorted(set(pages) | set(by_page)):
        page_markers = by_page.get(page, [])
        raw = (source.tables_on(page) or source.text_tables_on(page)) if page in pages else []
        grids = [
            Grid(page=page, slot=slot, rows=table.rows, clean=clean(table.rows))  # type: ignore[operator]
            for slot, table in enumerate(raw)
        ]
        items.extend(_on_page(page_markers, grids, raw, source, page))
    return items


def _on_page(
    markers: list[Marker], grids: list[Grid], raw: list[RawTable], source: Source, page: int
) -> list[Item]:
    if not grids:
        return list(markers)
    if not markers:
        return list(grids)
    bands = _bands(raw, source, page)
    if bands is None:
        # No positions (a fallback grid): the n-th title of a page before its n-th grid.
        out: list[Item] = []
        for n, marker in enumerate(markers):
            if n < len(grids):
                out.append(marker)
                out.append(grids[n])
            else:
                out.append(marker)
        out.extend(grids[len(markers) :])
        return out
    gap = 0
    placed: list[tuple[int, int, Item]] = []  # (band, order, item)
    for order, marker in enumerate(markers):
        found = _band_of(marker.text, bands, gap)
        if found is not None:  # each printed title is found once ("…“三公”经费" in its header)
            bands[found] = bands[found].replace(_compact(marker.text), "", 1)
        if found is None and marker.kind == "title" and _in_grid_body(marker.text, grids):
            continue  # a row label that reads like a title ("一、一般公共预算财政拨款收")
        if found is None and (not marker.truncated or _NUMBERED.match(marker.text)):
            found = _grid_holding(marker.text, grids, gap)
        if found is None:
            if marker.truncated:
                continue
            found = min(gap, len(grids))
        gap = found
        placed.append((found, order, marker))
    for n, grid in enumerate(grids):
        placed.append((n, len(markers) + n, grid))
    # A grid's band index n sorts it after the markers placed in band n (above it).
    placed.sort(key=lambda t: (t[0], isinstance(t[2], Grid), t[1]))
    return [item for _, _, item in placed]


def _bands(raw: list[RawTable], source: Source, page: int) -> list[str] | None:
    if any(t.top is None or t.bottom is None for t in raw):
        return None
    cuts = [0.0]
    for table in raw:
        cuts += [table.top or 0.0, table.bottom or 0.0]
    cuts.append(10_000.0)
    return [
        _compact(source.text_between(page, cuts[i], cuts[i + 1])) for i in range(0, len(cuts), 2)
    ]


def _compact(text: str) -> str:
    from fiscalwatch.parsing.normalize import normalize_text

    return _SPACE.sub("", normalize_text(text))


def _band_of(text: str, bands: list[str], start: int) -> int | None:
    needle = _compact(text)
    for index in range(start, len(bands)):
        if needle and needle in bands[index]:
            return index
    return None


def _grid_holding(text: str, grids: list[Grid], start: int) -> int | None:
    """A title printed in its grid's first row: placed just above that grid."""
    needle = _compact(text)
    for index in range(start, len(grids)):
        head = "".join("".join(c or "" for c in row) for row in grids[index].clean[:2])
        if needle and needle in _compact(head):
            return index
    return None


def _in_grid_body(text: str, grids: list[Grid]) -> bool:
    needle = _compact(text)
    return any(
        needle in _compact("".join(c or "" for c in row))
        for grid in grids
        for row in grid.clean[2:]
    )


def assign(items: list[Item]) -> list[Assignment]:
    """Titles with their grids: the reading (titles above or below their grids) whose
    assignments the grids' own words confirm best."""
    above = _titles_above(items)
    if not any(isinstance(item, Grid) for item in items):
        return above
    below = _titles_below(items)
    return below if _score(below) > _score(above) else above


def _titles_above(items: list[Item]) -> list[Assignment]:
    out: list[Assignment] = []
    current: Assignment | None = None
    for item in items:
        if isinstance(item, Marker):
            current = Assignment(item) if item.kind != "heading" else None
            if current is not None:
                out.append(current)
            continue
        if current is None:
            continue
        if current.grids and _starts_new_table(item, current.marker, current.grids):
            current = None  # an untitled table: not guessed (see ``untitled``)
            continue
        current.grids.append(item)
    return out


def _starts_new_table(grid: Grid, marker: Marker, kept: list[Grid]) -> bool:
    """A second grid under one title is its continuation unless its own header names
    another table (the next title was not recognised): its words say so against the
    title's key, or — its header printed, no amount in its first row — they name other
    tables only, where the title's grid ``kept`` confirms the title."""
    if marker.kind != "title":
        return False
    found = candidates(grid.clean)
    if not found or marker.key in found:
        return False
    if conflicts(grid.clean, marker.key):
        return True
    headed = bool(grid.clean) and not any(_AMOUNT.fullmatch(c) for c in grid.clean[0] if c)
    return headed and any(marker.key in candidates(g.clean) for g in kept)


_AMOUNT = re.compile(r"-?[\d,]+(?:\.\d+)?")


def untitled(items: list[Item], assignments: list[Assignment]) -> list[tuple[str, list[Grid]]]:
    """Grids no title took whose own words name one table (its title cut to a word or
    two, "收入", or not printed), with the header-less grids continuing them: the parser
    saw the table but not its title, an uncertainty to store, not a table to read."""
    taken = {(g.page, g.slot) for a in assignments for g in a.grids}
    out: list[tuple[str, list[Grid]]] = []
    current: list[Grid] | None = None
    for item in items:
        if isinstance(item, Marker):
            current = None
            continue
        if (item.page, item.slot) in taken:
            current = None
            continue
        found = candidates(item.clean)
        if len(found) == 1:
            current = [item]
            out.append((next(iter(found)), current))
        elif current is not None and not found:
            current.append(item)
        else:
            current = None
    return out


def _titles_below(items: list[Item]) -> list[Assignment]:
    out: list[Assignment] = []
    pending: list[Grid] = []
    for item in items:
        if isinstance(item, Grid):
            pending.append(item)
            continue
        if item.kind == "heading":
            pending = []
            continue
        out.append(Assignment(item, grids=_own_grids(pending, item), below=True))
        pending = []
    return out


def _own_grids(pending: list[Grid], marker: Marker) -> list[Grid]:
    """Of the grids before a title printed under its grid, the last and those it
    continues: an earlier one whose header names another table is not its own."""
    kept = pending[-1:]
    for grid in reversed(pending[:-1]):
        if _starts_new_table(grid, marker, kept):
            break
        kept.insert(0, grid)
    return kept


def _score(assignments: list[Assignment]) -> int:
    score = 0
    for assignment in assignments:
        if assignment.marker.kind != "title":
            continue
        if not assignment.grids:
            score -= 1
            continue
        rows = assignment.grids[0].clean
        if conflicts(rows, assignment.marker.key):
            score -= 2
        elif assignment.marker.key in candidates(rows):
            score += 1
    return score

"""The sources page: crawl health per source as ``fiscalwatch.crawler.health`` judges it
(the same numbers ``fiscalwatch status`` and the ``source_unhealthy`` check use), plus a
sparkline of disclosure items seen per cycle and the source's findings.

Past ``SOURCES_ON_ONE_PAGE`` sources (a province's or the country's portals) the page
splits like the region tables: ``sources.html`` lists the regions, each with its
sources' health counts, and each region's sources get numbered pages,
``sources/<slug>.html``, ``-2`` … of ``SOURCES_PER_PAGE``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.crawler.health import SourceHealth, all_sources_health
from fiscalwatch.report.model import NO_REGION, Finding, region_order, slug_for
from fiscalwatch.report.pages import Pager, chunks, numbered

HISTORY = 20  # cycles drawn in the sparkline


@dataclass
class SourceRow:
    health: SourceHealth
    history: list[int]  # disclosure items seen per cycle, oldest first
    findings: list[Finding] = field(default_factory=list)

    @property
    def level(self) -> str:
        """ok | warn | bad, for the colour of the row."""
        if self.health.symptoms or any(f.is_open for f in self.findings):
            return "bad"
        if self.health.consecutive_failures or not self.health.cycles:
            return "warn"
        return "ok"


def has_crawl_stats(db: sqlite_utils.Database) -> bool:
    if "crawl_stats" not in db.table_names():
        return False
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM crawl_stats)").fetchone()[0])


def source_rows(
    db: sqlite_utils.Database, config: Config, findings: list[Finding]
) -> list[SourceRow]:
    rows = []
    for health in all_sources_health(db, config):
        history = [
            int(row[0] or 0)
            for row in db.execute(
                "SELECT items FROM crawl_stats WHERE source = ?"
                " ORDER BY started_at DESC, id DESC LIMIT ?",
                [health.source, HISTORY],
            ).fetchall()
        ]
        history.reverse()
        rows.append(
            SourceRow(
                health,
                history,
                [
                    f
                    for f in findings
                    if f.check == "source_unhealthy" and f.source == health.source
                ],
            )
        )
    return rows


# A report watching more sources than this splits the sources page per region: the
# page lists the regions, and each region's sources get numbered pages of their own.
SOURCES_ON_ONE_PAGE = 300
SOURCES_PER_PAGE = 200
# How many of a source's skipped titles a page lists, and how many in all on one page
# (the rest are counted): a page stays bounded whatever a portal's listing holds.
SKIPPED_PER_SOURCE = 200
SKIPPED_PER_PAGE = 2000
# What the front page of a split sources page lists of the sources' findings.
NEWEST_SOURCE_FINDINGS = 50
SOURCES_DIR = "sources"


@dataclass(frozen=True)
class SourcesPage:
    """One page of a region's sources: their rows, skipped titles and findings."""

    path: str
    region: str
    rows: list[SourceRow]
    findings: list[Finding]
    pager: Pager
    skipped_shown: dict[str, int]  # source -> how many of its skipped titles are listed


@dataclass(frozen=True)
class SourceRegion:
    """A row of the split sources page: one region's sources, summed up."""

    name: str
    path: str  # its first page
    sources: int
    levels: dict[str, int]  # ok | warn | bad -> sources
    open_findings: int


@dataclass(frozen=True)
class SourcesLayout:
    split: bool
    regions: list[SourceRegion]
    pages: list[SourcesPage]
    # What sources.html lists of the findings: all of them on one page; when split, the
    # newest open ones and those of sources no row stands for (a source since removed).
    front_findings: list[Finding]
    skipped_shown: dict[str, int]


def skipped_budget(rows: list[SourceRow]) -> dict[str, int]:
    """How many of each source's skipped titles one page lists: at most
    ``SKIPPED_PER_SOURCE`` each and ``SKIPPED_PER_PAGE`` in all, in the page's order."""
    left = SKIPPED_PER_PAGE
    shown: dict[str, int] = {}
    for row in rows:
        count = min(len(row.health.skipped), SKIPPED_PER_SOURCE, left)
        shown[row.health.source] = count
        left -= count
    return shown


def plan_sources(rows: list[SourceRow], findings: list[Finding]) -> SourcesLayout:
    """The sources page as one page (up to ``SOURCES_ON_ONE_PAGE`` sources), or split per
    region. ``findings`` are the ``source_unhealthy`` ones, newest first."""
    if len(rows) <= SOURCES_ON_ONE_PAGE:
        return SourcesLayout(False, [], [], findings, skipped_budget(rows))
    by_region: dict[str, list[SourceRow]] = {}
    for row in rows:
        by_region.setdefault(row.health.region or NO_REGION, []).append(row)
    pages: list[SourcesPage] = []
    regions: list[SourceRegion] = []
    for name in sorted(by_region, key=region_order):
        members = by_region[name]
        pieces = chunks(members, SOURCES_PER_PAGE)
        paths = numbered(SOURCES_DIR, slug_for(name), len(pieces))
        for n, (path, piece) in enumerate(zip(paths, pieces, strict=True)):
            shown = [f for row in piece for f in row.findings]
            pages.append(
                SourcesPage(path, name, piece, shown, Pager(paths, n), skipped_budget(piece))
            )
        levels = Counter(row.level for row in members)
        regions.append(
            SourceRegion(
                name,
                paths[0],
                len(members),
                {level: levels.get(level, 0) for level in ("bad", "warn", "ok")},
                sum(1 for row in members for f in row.findings if f.is_open),
            )
        )
    with_rows = {row.health.source for row in rows}
    front = [f for f in findings if f.source not in with_rows]
    front += [f for f in findings if f.is_open and f.source in with_rows]
    return SourcesLayout(True, regions, pages, front[:NEWEST_SOURCE_FINDINGS], {})

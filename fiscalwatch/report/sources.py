"""The sources page: crawl health per source as ``fiscalwatch.crawler.health`` judges it
(the same numbers ``fiscalwatch status`` and the ``source_unhealthy`` check use), plus a
sparkline of disclosure items seen per cycle and the source's findings.

Past ``SOURCES_ON_ONE_PAGE`` sources (a province's or the country's portals) the page is
paginated: ``sources.html`` counts the sources by health and lists those in trouble, the
newest open source findings and the pages, ``sources/page.html``, ``page-2.html`` … of
``SOURCES_PER_PAGE`` sources in region order (a county is often one portal, so a page a
region would be thousands of one-row pages)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.crawler.health import SourceHealth, all_sources_health
from fiscalwatch.report.model import NO_REGION, SOURCE_CHECK, Finding, region_order
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
    by_source: dict[str | None, list[Finding]] = {}
    for finding in findings:
        if finding.check == SOURCE_CHECK:
            by_source.setdefault(finding.source, []).append(finding)
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
                by_source.get(health.source, []),
            )
        )
    return rows


# A report watching more sources than this (a province's or the country's portals)
# paginates the sources page: numbered pages of ``SOURCES_PER_PAGE`` sources in region
# order, and ``sources.html`` lists those in trouble and the pages.
SOURCES_ON_ONE_PAGE = 300
SOURCES_PER_PAGE = 200
TROUBLED_ON_FRONT = 200
# How many of a source's skipped titles a page lists, and how many in all on one page
# (the rest are counted): a page stays bounded whatever a portal's listing holds.
SKIPPED_PER_SOURCE = 200
SKIPPED_PER_PAGE = 2000
# What the front page of paginated sources lists of their findings.
NEWEST_SOURCE_FINDINGS = 50
SOURCES_DIR = "sources"
LEVELS = ("bad", "warn", "ok")


@dataclass(frozen=True)
class SourcesPage:
    """One page of sources: their rows, skipped titles and findings."""

    path: str
    rows: list[SourceRow]
    findings: list[Finding]
    pager: Pager
    skipped_shown: dict[str, int]  # source -> how many of its skipped titles are listed

    @property
    def first_region(self) -> str:
        return self.rows[0].health.region or NO_REGION if self.rows else ""

    @property
    def last_region(self) -> str:
        return self.rows[-1].health.region or NO_REGION if self.rows else ""


@dataclass(frozen=True)
class SourcesLayout:
    paginated: bool
    pages: list[SourcesPage]
    # What sources.html lists: every source on one page; paginated, the sources in
    # trouble (level "bad"), at most ``TROUBLED_ON_FRONT``.
    front_rows: list[SourceRow]
    troubled: int
    levels: dict[str, int]  # bad | warn | ok -> sources
    # Every finding on one page; paginated, the newest open ones and those of sources
    # no row stands for (a source since removed from the configuration).
    front_findings: list[Finding]
    skipped_shown: dict[str, int]
    per_page: int = SOURCES_PER_PAGE


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
    """The sources page as one page (up to ``SOURCES_ON_ONE_PAGE`` sources), or
    paginated. ``findings`` are the ``source_unhealthy`` ones, newest first."""
    counts = Counter(row.level for row in rows)
    levels = {level: counts.get(level, 0) for level in LEVELS}
    if len(rows) <= SOURCES_ON_ONE_PAGE:
        return SourcesLayout(False, [], rows, levels["bad"], levels, findings, skipped_budget(rows))
    ordered = sorted(
        rows, key=lambda r: (region_order(r.health.region or NO_REGION), r.health.source)
    )
    pieces = chunks(ordered, SOURCES_PER_PAGE)
    paths = numbered(SOURCES_DIR, "page", len(pieces))
    pages = [
        SourcesPage(
            path,
            piece,
            [f for row in piece for f in row.findings],
            Pager(paths, n),
            skipped_budget(piece),
        )
        for n, (path, piece) in enumerate(zip(paths, pieces, strict=True))
    ]
    troubled = [row for row in ordered if row.level == "bad"]
    with_rows = {row.health.source for row in rows}
    front = [f for f in findings if f.source not in with_rows]
    front += [f for f in findings if f.is_open and f.source in with_rows]
    return SourcesLayout(
        True,
        pages,
        troubled[:TROUBLED_ON_FRONT],
        len(troubled),
        levels,
        front[:NEWEST_SOURCE_FINDINGS],
        skipped_budget(troubled[:TROUBLED_ON_FRONT]),
        SOURCES_PER_PAGE,
    )

"""How the report splits into pages, so that no page grows with the country.

A small report (a city, a county) keeps its one-page shape: every region's table on
``index.html``, every finding on ``findings.html``. Past ``INLINE_DEPARTMENTS``
departments the index lists the regions, each with its own pages
(``regions/<slug>.html``, ``-2``, ``-3`` … of ``DEPARTMENTS_PER_PAGE`` departments); past
``FINDINGS_ON_ONE_PAGE`` findings, ``findings.html`` shows the newest ones and each
region's findings get their own pages (``findings/<slug>.html`` …). Every finding knows
the page that lists it (``Finding.list_page``), which its permalink points to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from fiscalwatch.report.model import NO_REGION, Department, Finding, Region, slug_for

T = TypeVar("T")

REGIONS_DIR = "regions"
FINDINGS_DIR = "findings"
INLINE_DEPARTMENTS = 400
DEPARTMENTS_PER_PAGE = 300
FINDINGS_ON_ONE_PAGE = 1000
FINDINGS_PER_PAGE = 400
NEWEST_ON_FRONT = 200


@dataclass(frozen=True)
class Pager:
    """Links to the pages of one list (paths relative to the site root)."""

    paths: tuple[str, ...]
    current: int  # index into paths

    @property
    def several(self) -> bool:
        return len(self.paths) > 1


@dataclass(frozen=True)
class RegionPage:
    path: str
    region: Region
    departments: list[Department]
    pager: Pager


@dataclass(frozen=True)
class FindingsPage:
    path: str
    region: str
    findings: list[Finding]
    pager: Pager


@dataclass(frozen=True)
class Layout:
    inline_regions: bool  # the index shows every region's table itself
    region_pages: list[RegionPage]
    front_findings: list[Finding]  # what findings.html lists
    findings_pages: list[FindingsPage]
    region_links: dict[str, str]  # region name -> its first page
    findings_links: dict[str, tuple[str, int]]  # region name -> (first page, findings)


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]


def numbered(folder: str, slug: str, count: int) -> tuple[str, ...]:
    return tuple(numbered_path(folder, slug, n) for n in range(1, count + 1))


def numbered_path(folder: str, slug: str, number: int) -> str:
    """Page ``number`` (from 1) of a list: ``<folder>/<slug>.html``, ``<slug>-2.html`` …"""
    return f"{folder}/{slug}{'' if number == 1 else f'-{number}'}.html"


def shows_inline(departments: int) -> bool:
    """Whether the index shows every region's table itself (a small report)."""
    return departments <= INLINE_DEPARTMENTS


def plan_regions(regions: list[Region], inline: bool) -> tuple[list[RegionPage], dict[str, str]]:
    """The regions' own pages (none when the index shows them inline), and each region's
    first page. A region's pages depend on that region alone, so a large report plans
    them part by part."""
    region_pages: list[RegionPage] = []
    region_links: dict[str, str] = {}
    if inline:
        return region_pages, region_links
    for region in regions:
        parts = chunks(region.departments, DEPARTMENTS_PER_PAGE)
        paths = numbered(REGIONS_DIR, region.slug, len(parts))
        region_links[region.name] = paths[0]
        region_pages.extend(
            RegionPage(path, region, part, Pager(paths, n))
            for n, (path, part) in enumerate(zip(paths, parts, strict=True))
        )
    return region_pages, region_links


class FindingPager:
    """Places findings, given newest first, on the page that lists them (sets
    ``Finding.list_page``): all on ``findings.html`` when the report has at most
    ``FINDINGS_ON_ONE_PAGE`` of them (``total``), else on their region's numbered pages
    of ``FINDINGS_PER_PAGE``. A region's findings may come alone (a part of the report)
    or among all the others (the exports): each lands on the same page either way."""

    def __init__(self, total: int) -> None:
        self.paginated = total > FINDINGS_ON_ONE_PAGE
        self.placed: Counter[str] = Counter()
        self.slugs: dict[str, str] = {}

    def place(self, finding: Finding) -> None:
        if not self.paginated:
            finding.list_page = "findings.html"
            return
        region = finding.region or NO_REGION
        if region not in self.slugs:
            self.slugs[region] = slug_for(region)
        number = self.placed[region] // FINDINGS_PER_PAGE + 1
        self.placed[region] += 1
        finding.list_page = numbered_path(FINDINGS_DIR, self.slugs[region], number)

    def placed_all(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        for finding in findings:
            self.place(finding)
            yield finding


def findings_pages(
    findings: Iterable[Finding],
) -> tuple[list[FindingsPage], dict[str, tuple[str, int]]]:
    """The regions' findings pages of findings a ``FindingPager`` has paginated (whole
    regions, newest first), and each region's first page and count."""
    by_region: dict[str, dict[str, list[Finding]]] = {}
    for finding in findings:
        region = by_region.setdefault(finding.region or NO_REGION, {})
        region.setdefault(finding.list_page, []).append(finding)
    pages: list[FindingsPage] = []
    links: dict[str, tuple[str, int]] = {}
    for region_name in sorted(by_region):
        listed = by_region[region_name]
        paths = tuple(listed)
        links[region_name] = (paths[0], sum(len(piece) for piece in listed.values()))
        pages.extend(
            FindingsPage(path, region_name, listed[path], Pager(paths, n))
            for n, path in enumerate(paths)
        )
    return pages, links


def plan_findings(
    findings: list[Finding],
) -> tuple[list[Finding], list[FindingsPage], dict[str, tuple[str, int]]]:
    """What findings.html lists, the regions' findings pages and their first pages, for
    findings all in hand (newest first); sets ``Finding.list_page``."""
    pager = FindingPager(len(findings))
    for finding in findings:
        pager.place(finding)
    if not pager.paginated:
        return findings, [], {}
    pages, links = findings_pages(findings)
    return newest_open(findings), pages, links


def newest_open(findings: Iterable[Finding]) -> list[Finding]:
    """What a paginated findings.html lists: the newest open findings."""
    return list(islice((f for f in findings if f.is_open), NEWEST_ON_FRONT))

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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from fiscalwatch.report.model import NO_REGION, Department, Finding, Region, ReportData, slug_for

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
    return tuple(f"{folder}/{slug}{'' if n == 1 else f'-{n}'}.html" for n in range(1, count + 1))


def shows_inline(departments: int) -> bool:
    """Whether the index shows every region's table itself (a small report)."""
    return departments <= INLINE_DEPARTMENTS


def plan(data: ReportData) -> Layout:
    """Assigns every region and finding its pages; sets ``Finding.list_page``."""
    inline = shows_inline(len(data.departments))
    region_pages, region_links = plan_regions(data.regions, inline)
    front, findings_pages, findings_links = plan_findings(data.findings)
    return Layout(inline, region_pages, front, findings_pages, region_links, findings_links)


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


def plan_findings(
    findings: list[Finding],
) -> tuple[list[Finding], list[FindingsPage], dict[str, tuple[str, int]]]:
    """What findings.html lists, the regions' findings pages and their first pages; sets
    ``Finding.list_page``."""
    if len(findings) <= FINDINGS_ON_ONE_PAGE:
        for finding in findings:
            finding.list_page = "findings.html"
        return findings, [], {}
    by_region: dict[str, list[Finding]] = {}
    for finding in findings:  # newest first, and so stays each region's list
        by_region.setdefault(finding.region or NO_REGION, []).append(finding)
    findings_pages: list[FindingsPage] = []
    findings_links: dict[str, tuple[str, int]] = {}
    for region_name in sorted(by_region):
        found = by_region[region_name]
        pieces = chunks(found, FINDINGS_PER_PAGE)
        addresses = numbered(FINDINGS_DIR, slug_for(region_name), len(pieces))
        findings_links[region_name] = (addresses[0], len(found))
        for n, (path, piece) in enumerate(zip(addresses, pieces, strict=True)):
            for finding in piece:
                finding.list_page = path
            findings_pages.append(FindingsPage(path, region_name, piece, Pager(addresses, n)))
    front = [f for f in findings if f.is_open][:NEWEST_ON_FRONT]
    return front, findings_pages, findings_links

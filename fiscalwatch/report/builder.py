"""``build_report``: the whole static site from the store, in one call.

Layout of the output folder::

    index.html                overview: per region, departments x fiscal years (a large
                              report: one row per region, linking to its pages)
    findings.html             every finding, newest first, filterable, #f-<id> anchors
                              (a large report: the newest, and links to each region's)
    regions/<slug>[-N].html   a large report's region tables, paginated
    findings/<slug>[-N].html  a large report's findings per region, paginated
    departments/<slug>.html   one page per department
    sources.html              crawl health (only when crawl_stats has rows; past 300
                              sources, those in trouble and links to the pages)
    sources/page[-N].html     many sources, 200 a page in region order
    findings.csv|json, figures.csv|json, findings.atom
    assets/report.css|js      bundled, no network
    files/<sha256>.<ext>      copies of the originals
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import sqlite_utils
from jinja2 import Environment

from fiscalwatch import clock
from fiscalwatch.config import Config
from fiscalwatch.figures import label as figure_label
from fiscalwatch.links import report_base_url
from fiscalwatch.report import pages as page_plan
from fiscalwatch.report.charts import bar_chart
from fiscalwatch.report.exports import (
    FEED_ENTRIES,
    FIGURE_EXPORTS,
    FINDING_EXPORTS,
    write_atom,
    write_figure_exports_into,
    write_store_finding_exports,
)
from fiscalwatch.report.labels import CHECK_LABELS, SEVERITY_ORDER, STATE_LABELS
from fiscalwatch.report.manifest import Manifest, ReportError
from fiscalwatch.report.model import (
    GROUP_ABOVE,
    Department,
    Finding,
    FindingMarks,
    FindingsSeen,
    Overview,
    Part,
    Region,
    RegionSummary,
    ReportData,
    load,
    load_overview,
    read_findings,
    slug_for,
)
from fiscalwatch.report.originals import CopyResult, copy_originals
from fiscalwatch.report.pages import (
    FINDINGS_DIR,
    REGIONS_DIR,
    FindingPager,
    FindingsPage,
    Layout,
    RegionPage,
    findings_pages,
    newest_open,
    plan_regions,
    shows_inline,
)
from fiscalwatch.report.performance import attach_projects
from fiscalwatch.report.render import make_environment
from fiscalwatch.report.sources import (
    SOURCES_DIR,
    SourceRow,
    has_crawl_stats,
    plan_sources,
    source_rows,
)
from fiscalwatch.report.workbook import write_region_workbooks
from fiscalwatch.report.workers import worker_count
from fiscalwatch.store import reads
from fiscalwatch.store.files import FileStore
from fiscalwatch.store.readers import StoreReaders
from fiscalwatch.triage.store import precision_by_check

DEPARTMENTS_DIR = "departments"
ASSETS = ("report.css", "report.js")
# Charted on the department page when stated in at least one year, in this order.
CHART_FIGURES: tuple[str, ...] = (
    "expenditure_total",
    "three_public_total",
    "operating_expenses",
    "general_budget_expenditure",
    "official_reception",
    "vehicle_total",
    "overseas_travel",
    "procurement_total",
)
MAX_CHARTS = 6


@dataclass(frozen=True)
class ReportSummary:
    out_dir: Path
    pages: int
    findings: int
    departments: int
    documents: int
    files_copied: int
    files_skipped: int
    bytes_copied: int

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


def build_report(
    db: sqlite_utils.Database,
    config: Config,
    out_dir: Path,
    files: FileStore | None = None,
) -> ReportSummary:
    """Writes the static report for everything in ``db`` into ``out_dir``.

    ``files`` is the store's FileStore; without it the pages link only to the original
    URLs. Rebuilding into the same folder replaces the pages and keeps copied originals;
    it removes only files an earlier build wrote (see ``manifest.py``), and refuses a
    non-empty folder it did not write.
    """
    out_dir = Path(out_dir)
    manifest = Manifest.claim(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for folder in (DEPARTMENTS_DIR, REGIONS_DIR, FINDINGS_DIR, SOURCES_DIR):
            (out_dir / folder).mkdir(exist_ok=True)
    except OSError as exc:
        raise ReportError(f"report.out: cannot create {out_dir}: {exc.strerror or exc}") from exc
    today = clock.today(config.schedule.timezone)
    overview = _overview(db)
    regions = sum(len(names) for names in overview.parts)
    count = 0 if shows_inline(overview.departments) else worker_count(regions)
    try:
        with StoreReaders(db, count) as workers:
            summary, written = _write_site(db, config, out_dir, files, overview, today, workers)
            workers.finish()
        manifest.finish(written)
        return summary
    except OSError as exc:
        raise ReportError(f"report: cannot write into {out_dir}: {exc.strerror or exc}") from exc


def _overview(db: sqlite_utils.Database) -> Overview:
    """The overview, read in one snapshot, each finding it keeps placed on the page that
    lists it."""
    with reads.read_snapshot(db):
        pager = FindingPager(reads.count_findings(db))
        seen = FindingsSeen(
            keep_all=not pager.paginated,
            newest=FEED_ENTRIES,
            newest_open=page_plan.NEWEST_ON_FRONT,
        )
        marks = FindingMarks.read(db)
        findings = pager.placed_all(read_findings(db, marks=marks))
        return load_overview(db, clock.now_iso(), findings, seen, marks)


@dataclass(frozen=True)
class _IndexData:
    """What the index reads as ``data``: every region, whole (a small report shows their
    tables inline) or summed up (a large one lists them)."""

    regions: list[Region] | list[RegionSummary]


def _write_site(
    db: sqlite_utils.Database,
    config: Config,
    out_dir: Path,
    files: FileStore | None,
    overview: Overview,
    today: date,
    workers: StoreReaders,
) -> tuple[ReportSummary, list[Path]]:
    """Writes the site region by region: a part of the regions (``PART_DOCUMENTS``
    documents or so) is loaded with its findings, its region, department, findings and
    workbook pages written, and dropped before the next, so memory holds one part and
    the overview, not the store. A small report (its departments fit on the index) is
    one part. A large report's exports and workbooks are written by ``workers``
    meanwhile."""
    workers.run(write_figure_exports_into, out_dir, overview.built_at)
    workers.run(write_store_finding_exports, out_dir, overview.built_at)
    copies = _copy_originals(db, config, out_dir, files, overview)
    env = make_environment(config.schedule.timezone)
    seen = overview.findings
    sources = source_rows(db, config, seen.sources) if has_crawl_stats(db) else []
    show_sources = bool(sources or seen.sources)
    # Filled in as the parts are written; the region and department pages show only the
    # open count, the index (written last) all of it.
    totals: dict[str, Any] = {
        "open": seen.open,
        "open_by_severity": {s: seen.open_by_severity[s] for s in SEVERITY_ORDER},
    }
    common: dict[str, Any] = {
        "title": config.report.title,
        "built_at": overview.built_at,
        "show_sources": show_sources,
        "totals": totals,
        "copies": copies,
        "deadline": _month_day_words(config.monitor.final_account_deadline),
    }
    inline = shows_inline(overview.departments)
    parts = [[name for part in overview.parts for name in part]] if inline else overview.parts
    base_url = report_base_url(config)
    pages = 0
    departments = 0
    region_links: dict[str, str] = {}
    findings_links: dict[str, tuple[str, int]] = {}
    index_regions: list[Region] | list[RegionSummary] = []
    summaries: list[RegionSummary] = []
    written: list[str] = []  # department pages
    list_pages: list[str] = []
    workbooks: list[str] = []
    for names in parts:
        data = load(db, config, today, overview.built_at, part=Part(overview, names))
        pager = FindingPager(seen.total)  # a part holds whole regions
        for finding in data.findings:
            pager.place(finding)
        region_pages, links = plan_regions(data.regions, inline)
        region_links.update(links)
        list_pages += _write_region_pages(env, out_dir, common, region_pages)
        written += _write_department_pages(env, out_dir, common, db, data, links)
        if pager.paginated:
            part_pages, part_links = findings_pages(data.findings)
            findings_links.update(part_links)
            list_pages += _write_findings_pages(env, out_dir, common, part_pages)
        workbooks += write_region_workbooks(workers, out_dir, data, base_url)
        summaries += [RegionSummary.of(region) for region in data.regions]
        departments += len(data.departments)
        if inline:
            index_regions = data.regions
    pages += len(written) + len(list_pages)
    _fill_totals(totals, summaries, departments, overview)
    front = seen.everything if seen.keep_all else newest_open(seen.latest_open)
    findings_links = dict(sorted(findings_links.items()))
    layout = Layout(inline, [], front, [], region_links, findings_links)
    _write(
        env,
        out_dir / "index.html",
        "index.html.j2",
        common,
        root="",
        page="index",
        data=_IndexData(index_regions if inline else summaries),
        layout=layout,
    )
    pages += 1
    _write(
        env,
        out_dir / "findings.html",
        "findings.html.j2",
        common,
        root="",
        page="findings",
        findings=layout.front_findings,
        all_findings=seen.total,
        findings_links=layout.findings_links,
        check_counts=_counts_of(seen.by_check),
        precision=[p for p in precision_by_check(db) if p.dismissed or p.acknowledged],
    )
    pages += 1
    if show_sources:
        sources_pages = _write_sources_pages(env, out_dir, common, sources, seen.sources, config)
        pages += len(sources_pages)
        list_pages += sources_pages
    _copy_assets(out_dir)
    newest = ReportData([], [], [], seen.latest, overview.built_at)
    exports = FINDING_EXPORTS + FIGURE_EXPORTS
    feed_id = f"{base_url.rstrip('/')}/findings.atom" if base_url else "tag:fiscalwatch,2024:report"
    write_atom(out_dir / "findings.atom", newest, config.report.title, base_url, feed_id)
    outputs = [out_dir / "index.html", out_dir / "findings.html", out_dir / "findings.atom"]
    outputs += [out_dir / DEPARTMENTS_DIR / name for name in written]
    outputs += [out_dir / "assets" / name for name in ASSETS]
    outputs += [out_dir / name for name in exports]
    outputs += [out_dir / name for name in workbooks]
    outputs += [out_dir / relative for relative in list_pages]
    outputs += [out_dir / relative for relative in copies.files]
    summary = ReportSummary(
        out_dir=out_dir,
        pages=pages,
        findings=seen.total,
        departments=departments,
        documents=overview.documents,
        files_copied=copies.copied,
        files_skipped=copies.skipped,
        bytes_copied=copies.bytes,
    )
    return summary, outputs


def _copy_originals(
    db: sqlite_utils.Database,
    config: Config,
    out_dir: Path,
    files: FileStore | None,
    overview: Overview,
) -> CopyResult:
    """Copies the originals, by their priority over the whole store (within
    ``[report] max_originals_mb``), and notes in ``overview.copies`` where each went, for
    the parts loaded later; the findings' own documents get it now."""
    copies = copy_originals(
        reads.documents_by_archive_priority(db),
        files,
        out_dir,
        config.report.max_originals_mb,
        config.report.max_original_mb,
    )
    overview.copies = copies.placed
    for finding in overview.findings.kept():
        if finding.document is not None:
            document = finding.document
            document.copy, document.copy_skipped = overview.copies.get(document.id, (None, None))
    return copies


def _write_department_pages(
    env: Environment,
    out_dir: Path,
    common: dict[str, Any],
    db: sqlite_utils.Database,
    data: ReportData,
    region_links: dict[str, str],
) -> list[str]:
    projects = attach_projects(db, data.departments)
    written = []
    for department in data.departments:
        name = f"{department.slug}.html"
        _write(
            env,
            out_dir / DEPARTMENTS_DIR / name,
            "department.html.j2",
            common,
            root="../",
            page="department",
            region_href="../"
            + region_links.get(department.region, f"index.html#r-{slug_for(department.region)}"),
            group_above=GROUP_ABOVE,
            department=department,
            years=_figure_years(department),
            budget_years=_figure_years(department, budgets=True),
            charts=_charts(department),
            projects=projects.get(department.slug),
        )
        written.append(name)
    return written


def _write_region_pages(
    env: Environment, out_dir: Path, common: dict[str, Any], region_pages: list[RegionPage]
) -> list[str]:
    """A large report's region pages, as paths relative to ``out_dir`` (the build's
    manifest removes stale ones)."""
    written: list[str] = []
    for region_page in region_pages:
        _write(
            env,
            out_dir / region_page.path,
            "region.html.j2",
            common,
            root="../",
            page="region",
            region=region_page.region,
            departments=region_page.departments,
            pager=region_page.pager,
        )
        written.append(region_page.path)
    return written


def _write_findings_pages(
    env: Environment, out_dir: Path, common: dict[str, Any], findings_pages: list[FindingsPage]
) -> list[str]:
    """Regions' findings pages (each region's all in ``findings_pages``), as paths
    relative to ``out_dir``."""
    written: list[str] = []
    region_totals = Counter[str]()
    for findings_page in findings_pages:
        region_totals[findings_page.region] += len(findings_page.findings)
    for findings_page in findings_pages:
        _write(
            env,
            out_dir / findings_page.path,
            "findings.html.j2",
            common,
            root="../",
            page="findings",
            findings=findings_page.findings,
            region_name=findings_page.region,
            region_total=region_totals[findings_page.region],
            pager=findings_page.pager,
            check_counts=_counts_of(Counter(f.check for f in findings_page.findings)),
        )
        written.append(findings_page.path)
    return written


def _write_sources_pages(
    env: Environment,
    out_dir: Path,
    common: dict[str, Any],
    sources: list[SourceRow],
    source_findings: list[Finding],
    config: Config,
) -> list[str]:
    """``sources.html`` and, for many sources, their numbered pages; paths relative to
    ``out_dir``."""
    layout = plan_sources(sources, source_findings)
    shared = {"history_cycles": config.monitor.health.history_cycles, "page": "sources"}
    front: dict[str, Any] = {}
    if layout.paginated:
        front = {
            "sources_pages": layout.pages,
            "source_count": len(sources),
            "levels": layout.levels,
            "attention_total": layout.troubled,
            "per_page": layout.per_page,
            "source_findings_total": len(source_findings),
        }
    pages: list[tuple[str, str, dict[str, Any]]] = [
        (
            "sources.html",
            "",
            {
                "sources": layout.front_rows,
                "source_findings": layout.front_findings,
                "skipped_shown": layout.skipped_shown,
                **front,
            },
        )
    ]
    pages += [
        (
            page.path,
            "../",
            {
                "sources": page.rows,
                "source_findings": page.findings,
                "skipped_shown": page.skipped_shown,
                "pager": page.pager,
            },
        )
        for page in layout.pages
    ]
    for path, root, context in pages:
        _write(env, out_dir / path, "sources.html.j2", common, root=root, **shared, **context)
    return [path for path, _root, _context in pages]


def _month_day_words(month_day: str) -> str:
    """ "09-30" -> "9 月 30 日"."""
    month, day = (int(part) for part in month_day.split("-"))
    return f"{month} 月 {day} 日"


def _write(
    env: Environment, path: Path, template: str, common: dict[str, Any], **context: Any
) -> None:
    html = env.get_template(template).render(**common, **context)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)


def _copy_assets(out_dir: Path) -> None:
    target = out_dir / "assets"
    target.mkdir(exist_ok=True)
    static = resources.files("fiscalwatch.report") / "static"
    for name in ASSETS:
        with resources.as_file(static / name) as source:
            shutil.copyfile(source, target / name)


def _fill_totals(
    totals: dict[str, Any], regions: list[RegionSummary], departments: int, overview: Overview
) -> None:
    states: dict[str, int] = {state: 0 for state in STATE_LABELS}
    budget_states: dict[str, int] = {state: 0 for state in STATE_LABELS}
    for region in regions:
        for state, count in region.state_counts().items():
            states[state] += count
        for state, count in region.budget_state_counts().items():
            budget_states[state] += count
    totals.update(
        {
            "regions": len(regions),
            "departments": departments,
            "final_accounts": overview.final_accounts,
            "budgets": overview.budgets,
            "states": states,
            "budget_states": budget_states,
        }
    )


def _counts_of(counts: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(check, its label, how many findings) for the checks with any, known ones first."""
    known = [c for c in CHECK_LABELS if counts.get(c)]
    others = sorted(c for c in counts if c not in CHECK_LABELS and counts[c])
    return [(c, CHECK_LABELS.get(c, c), counts[c]) for c in known + others]


def _figure_years(department: Department, budgets: bool = False) -> list[int]:
    """Years with final-account figures (and, with ``budgets``, budget figures too)."""
    tables = [department.figures, department.budget_figures] if budgets else [department.figures]
    return sorted({year for table in tables for by_year in table.values() for year in by_year})


def _charts(department: Department) -> list[dict[str, Any]]:
    years = _figure_years(department)
    charts = []
    for key in CHART_FIGURES:
        by_year = department.figures.get(key)
        if not by_year:
            continue
        unit = next(iter(by_year.values())).unit
        points = [(str(y), by_year[y].value if y in by_year else None) for y in years]
        charts.append(
            {
                "key": key,
                "label": figure_label(key),
                "unit": unit,
                "svg": bar_chart(points, figure_label(key), unit),
            }
        )
        if len(charts) == MAX_CHARTS:
            break
    return charts

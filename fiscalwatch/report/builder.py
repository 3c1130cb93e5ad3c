"""``build_report``: the whole static site from the store, in one call.

Layout of the output folder::

    index.html                overview: per region, departments x fiscal years
    findings.html             every finding, newest first, filterable, #f-<id> anchors
    departments/<slug>.html   one page per department
    sources.html              crawl health (only when crawl_stats has rows)
    findings.csv|json, figures.csv|json, findings.atom
    assets/report.css|js      bundled, no network
    files/<sha256>.<ext>      copies of the originals
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import sqlite_utils
from jinja2 import Environment

from fiscalwatch import clock
from fiscalwatch.config import Config
from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.figures import label as figure_label
from fiscalwatch.report.charts import bar_chart
from fiscalwatch.report.exports import write_atom, write_exports
from fiscalwatch.report.labels import CHECK_LABELS, SEVERITY_ORDER, STATE_LABELS
from fiscalwatch.report.model import GROUP_ABOVE, Department, ReportData, load, slug_for
from fiscalwatch.report.originals import copy_originals
from fiscalwatch.report.performance import attach_projects
from fiscalwatch.report.render import make_environment
from fiscalwatch.report.sources import has_crawl_stats, source_rows
from fiscalwatch.store.files import FileStore

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


class ReportError(FiscalwatchError):
    """The report cannot be written (output folder unusable)."""

    exit_code = 2


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
    URLs. Rebuilding into the same folder replaces the pages and keeps copied originals.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / DEPARTMENTS_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise ReportError(f"report.out: cannot create {out_dir}: {exc.strerror or exc}") from exc
    data = load(db, config, clock.today(config.schedule.timezone), clock.now_iso())
    try:
        return _write_site(db, config, out_dir, files, data)
    except OSError as exc:
        raise ReportError(f"report: cannot write into {out_dir}: {exc.strerror or exc}") from exc


def _write_site(
    db: sqlite_utils.Database,
    config: Config,
    out_dir: Path,
    files: FileStore | None,
    data: ReportData,
) -> ReportSummary:
    copies = copy_originals(
        data.documents,
        files,
        out_dir,
        config.report.max_originals_mb,
        config.report.max_original_mb,
    )
    env = make_environment(config.schedule.timezone)
    sources = source_rows(db, config, data.findings) if has_crawl_stats(db) else []
    source_findings = [f for f in data.findings if f.check == "source_unhealthy"]
    show_sources = bool(sources or source_findings)
    common: dict[str, Any] = {
        "title": config.report.title,
        "built_at": data.built_at,
        "show_sources": show_sources,
        "totals": _totals(data),
        "copies": copies,
        "deadline": _month_day_words(config.monitor.final_account_deadline),
    }
    pages = 0
    _write(env, out_dir / "index.html", "index.html.j2", common, root="", page="index", data=data)
    pages += 1
    _write(
        env,
        out_dir / "findings.html",
        "findings.html.j2",
        common,
        root="",
        page="findings",
        findings=data.findings,
        check_counts=_check_counts(data),
    )
    pages += 1
    projects = attach_projects(db, data.departments)
    written = set()
    for department in data.departments:
        name = f"{department.slug}.html"
        _write(
            env,
            out_dir / DEPARTMENTS_DIR / name,
            "department.html.j2",
            common,
            root="../",
            page="department",
            region_slug=slug_for(department.region),
            group_above=GROUP_ABOVE,
            department=department,
            years=_figure_years(department),
            budget_years=_figure_years(department, budgets=True),
            charts=_charts(department),
            projects=projects.get(department.slug),
        )
        written.add(name)
        pages += 1
    for stale in (out_dir / DEPARTMENTS_DIR).glob("*.html"):
        if stale.name not in written:
            stale.unlink()
    sources_page = out_dir / "sources.html"
    if show_sources:
        _write(
            env,
            sources_page,
            "sources.html.j2",
            common,
            root="",
            page="sources",
            history_cycles=config.monitor.health.history_cycles,
            sources=sources,
            source_findings=source_findings,
        )
        pages += 1
    else:
        sources_page.unlink(missing_ok=True)
    _copy_assets(out_dir)
    write_exports(out_dir, db, data)
    base_url = config.report.base_url
    feed_id = f"{base_url.rstrip('/')}/findings.atom" if base_url else "tag:fiscalwatch,2024:report"
    write_atom(out_dir / "findings.atom", data, config.report.title, base_url, feed_id)
    return ReportSummary(
        out_dir=out_dir,
        pages=pages,
        findings=len(data.findings),
        departments=len(data.departments),
        documents=len(data.documents),
        files_copied=copies.copied,
        files_skipped=copies.skipped,
        bytes_copied=copies.bytes,
    )


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


def _totals(data: ReportData) -> dict[str, Any]:
    states: dict[str, int] = {state: 0 for state in STATE_LABELS}
    budget_states: dict[str, int] = {state: 0 for state in STATE_LABELS}
    for region in data.regions:
        for state, count in region.state_counts().items():
            states[state] += count
        for state, count in region.budget_state_counts().items():
            budget_states[state] += count
    open_findings = [f for f in data.findings if f.is_open]
    return {
        "regions": len(data.regions),
        "departments": len(data.departments),
        "final_accounts": sum(
            1 for d in data.documents if d.doc_type == "final_account" and d.is_current
        ),
        "budgets": sum(1 for d in data.documents if d.doc_type == "budget" and d.is_current),
        "states": states,
        "budget_states": budget_states,
        "open": len(open_findings),
        "open_by_severity": {
            s: sum(1 for f in open_findings if f.severity == s) for s in SEVERITY_ORDER
        },
    }


def _check_counts(data: ReportData) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for finding in data.findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    known = [c for c in CHECK_LABELS if c in counts]
    others = sorted(c for c in counts if c not in CHECK_LABELS)
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

"""What the report shows, read from the store: regions, departments, documents, figures,
findings. Templates receive these objects and nothing else.

``load`` reads everything at once (``fiscalwatch export`` and small reports); the report
builder reads an ``Overview`` (counts, the few findings listed outside the regions' pages,
parts) and then ``load``s one ``Part`` of the regions at a time, with their documents and
findings, so its memory does not grow with the store."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from fiscalwatch.alerts.store import digest_capped_ids
from fiscalwatch.config import Config
from fiscalwatch.crawler.source_unhealthy import SourceUnhealthy
from fiscalwatch.deadlines import DUE_YEAR_OFFSET
from fiscalwatch.figures import HEADLINE_FIGURES, label
from fiscalwatch.links import finding_anchor
from fiscalwatch.models import DEFAULT_LEVEL
from fiscalwatch.report.labels import SECTION_LABELS, SEVERITY_ORDER, SNIPPET_KEYS, STATE_RANK
from fiscalwatch.report.status import Cell, publication_cell
from fiscalwatch.store import reads
from fiscalwatch.store.departments import DepartmentRow
from fiscalwatch.store.figure_reads import figures_of
from fiscalwatch.store.rows import DocumentRow, FindingRow
from fiscalwatch.triage.states import SILENCING, TRIAGE_LABELS
from fiscalwatch.triage.store import TriageState, triage_states

NO_REGION = "未标注地区"
# Which appearance of a figure the report shows when a document states it several times.
ORIGIN_PREFERENCE = {"table": 0, "text": 1, "ocr": 2}
# A department's findings of one check and year are folded together above this many.
GROUP_ABOVE = 2
PREVIEW_NAMES = 6


@dataclass
class Document(DocumentRow):
    """A stored version (fiscalwatch.store.rows.DocumentRow) as the report shows it."""

    # One of the ``current_documents`` of its department-year (fiscalwatch.store.views).
    current: bool = False
    # Set when the original is copied into the report (path relative to the site root),
    # or why it was not.
    copy: str | None = None
    copy_skipped: str | None = None
    # Tables whose title the parser found but not their grid: shown as its uncertainty.
    unparsed_tables: list[str] = field(default_factory=list)


@dataclass
class Finding(FindingRow):
    """A stored finding (fiscalwatch.store.rows.FindingRow) with what the report adds."""

    department_slug: str | None = None
    document: Document | None = None
    triage: str | None = None  # dismissed | acknowledged | suppressed (fiscalwatch.triage)
    triage_reason: str | None = None
    not_mailed: bool = False  # left out of a digest by its cap
    # The report page that lists it (fiscalwatch.report.pages), for its permalink.
    list_page: str = "findings.html"

    @property
    def is_open(self) -> bool:
        """Still a problem: not resolved, and not dismissed or suppressed by an analyst."""
        return self.resolved_at is None and self.triage not in SILENCING

    @property
    def triage_label(self) -> str | None:
        return TRIAGE_LABELS.get(self.triage) if self.triage else None

    @property
    def anchor(self) -> str:
        return finding_anchor(self.id)

    @property
    def page(self) -> int | None:
        page = self.evidence.get("page")
        return page if isinstance(page, int) else None

    @property
    def snippet(self) -> str | None:
        for key in SNIPPET_KEYS:
            value = self.evidence.get(key)
            if isinstance(value, str) and value.strip():
                return value
        return None


@dataclass(slots=True)
class FigureValue:
    value: float
    unit: str
    page: int | None
    text: str | None
    document_id: int


@dataclass
class BudgetVsFinal:
    """One figure of one year: what the budget planned, what the final account reports."""

    budget: FigureValue | None
    final: FigureValue | None

    @property
    def deviation_pct(self) -> float | None:
        if self.budget is None or self.final is None or not self.budget.value:
            return None
        return (self.final.value - self.budget.value) / self.budget.value * 100


@dataclass
class FindingGroup:
    """A department's open findings of one check for one year, shown together."""

    fiscal_year: int | None
    check: str
    findings: list[Finding]

    @property
    def severity(self) -> str:
        return min((f.severity for f in self.findings), key=_severity_order)

    @property
    def preview(self) -> str:
        """What the group is about in a few words: the sections or figures it names."""
        names: list[str] = []
        for finding in self.findings:
            section, metric = finding.evidence.get("section"), finding.evidence.get("metric")
            if isinstance(section, str):
                name = SECTION_LABELS.get(section, section)
            elif isinstance(metric, str):
                name = label(metric)
            else:
                continue
            if name not in names:
                names.append(name)
        shown = "、".join(names[:PREVIEW_NAMES])
        return f"{shown} 等" if len(names) > PREVIEW_NAMES else shown


def _severity_order(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


@dataclass
class Department:
    region: str
    key: str
    name: str
    slug: str
    names: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cells: dict[int, Cell] = field(default_factory=dict)
    # figure key -> fiscal year -> value read from that year's final account
    figures: dict[str, dict[int, FigureValue]] = field(default_factory=dict)
    # The same for budgets: publication by year, and the figures of each year's budget.
    budget_cells: dict[int, Cell] = field(default_factory=dict)
    budget_figures: dict[str, dict[int, FigureValue]] = field(default_factory=dict)

    @property
    def level(self) -> str:
        """The level its overview shows: 部门 when it publishes at that level at all,
        else the one it does publish at (a unit watched on its own)."""
        levels = {d.level or DEFAULT_LEVEL for d in self.documents}
        if DEFAULT_LEVEL in levels or not levels:
            return DEFAULT_LEVEL
        return sorted(levels)[0]

    @property
    def open_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings if f.is_open)
        return {severity: counts.get(severity, 0) for severity in SEVERITY_ORDER}

    @property
    def states(self) -> set[str]:
        return {cell.state for cell in self.cells.values()}

    @property
    def worst_rank(self) -> int:
        return max((STATE_RANK[cell.state] for cell in self.cells.values()), default=0)

    def finding_groups(self) -> list[FindingGroup]:
        """Open findings by year (newest first) and check, the most severe first."""
        groups: dict[tuple[int | None, str], list[Finding]] = {}
        for finding in self.findings:
            if finding.is_open:
                groups.setdefault((finding.fiscal_year, finding.check), []).append(finding)
        # within a group in the order the check reported them (document order)
        ordered = [
            FindingGroup(year, check, sorted(items, key=lambda f: f.id))
            for (year, check), items in groups.items()
        ]
        ordered.sort(key=lambda g: (-(g.fiscal_year or 0), _severity_order(g.severity), g.check))
        return ordered

    @property
    def resolved_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_open]

    def flagged(self) -> dict[tuple[str, int], Finding]:
        """(figure key, year) -> the open finding about that figure, to mark its cell."""
        flags: dict[tuple[str, int], Finding] = {}
        for finding in self.findings:
            metric = finding.evidence.get("metric")
            if finding.is_open and isinstance(metric, str) and finding.fiscal_year:
                flags.setdefault((metric, finding.fiscal_year), finding)
        return flags

    def budget_rows(self, years: list[int]) -> list[tuple[str, str, list[BudgetVsFinal]]]:
        """(key, label, budget beside final account by year) for each headline figure a
        budget states, with the deviation (预决算偏离度) where both do."""
        rows = []
        for key in HEADLINE_FIGURES:
            budgets = self.budget_figures.get(key, {})
            if not budgets:
                continue
            finals = self.figures.get(key, {})
            pairs = [BudgetVsFinal(budgets.get(year), finals.get(year)) for year in years]
            rows.append((key, label(key), pairs))
        return rows

    def figure_rows(self, years: list[int]) -> list[tuple[str, str, list[FigureValue | None]]]:
        """(key, label, values by year) for each headline figure stated at least once."""
        rows = []
        for key in HEADLINE_FIGURES:
            by_year = self.figures.get(key, {})
            if by_year:
                rows.append((key, label(key), [by_year.get(year) for year in years]))
        return rows


@dataclass
class Region:
    name: str
    slug: str
    years: list[int]
    departments: list[Department]

    @property
    def department_count(self) -> int:
        return len(self.departments)

    def state_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for department in self.departments:
            counts.update(cell.state for cell in department.cells.values())
        return dict(counts)

    def budget_state_counts(self) -> dict[str, int]:
        """Budgets published, late, missing… by the same states as final accounts."""
        counts: Counter[str] = Counter()
        for department in self.departments:
            counts.update(cell.state for cell in department.budget_cells.values())
        return dict(counts)

    def open_counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for department in self.departments:
            total.update(department.open_counts)
        return {severity: total.get(severity, 0) for severity in SEVERITY_ORDER}


@dataclass
class RegionSummary:
    """What the index of a large report shows of a region whose pages are written."""

    name: str
    slug: str
    department_count: int
    states: dict[str, int]
    budget_states: dict[str, int]
    open: dict[str, int]

    @classmethod
    def of(cls, region: Region) -> RegionSummary:
        return cls(
            region.name,
            region.slug,
            region.department_count,
            region.state_counts(),
            region.budget_state_counts(),
            region.open_counts(),
        )

    def state_counts(self) -> dict[str, int]:
        return self.states

    def budget_state_counts(self) -> dict[str, int]:
        return self.budget_states

    def open_counts(self) -> dict[str, int]:
        return self.open


@dataclass
class ReportData:
    regions: list[Region]
    departments: list[Department]
    documents: list[Document]
    findings: list[Finding]  # newest first
    built_at: str

    def department(self, slug: str) -> Department | None:
        return next((d for d in self.departments if d.slug == slug), None)


def slug_for(*parts: str) -> str:
    """A short ASCII file name for a Chinese identity, stable across builds."""
    digest = hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:10]


def load(
    db: sqlite_utils.Database,
    config: Config,
    today: date,
    built_at: str,
    *,
    part: Part | None = None,
) -> ReportData:
    """Everything the report shows, or with ``part`` only its regions (their documents,
    departments and figures; the findings and what is shared come from the overview)."""
    if part is None:
        rows = reads.documents(db)
        current = reads.current_ids(db)
        registry = reads.departments(db)
        findings = list(read_findings(db))
        first_crawl = reads.first_fetch_days(db)
        copies: Copies = {}
    else:
        scope = _store_regions(part.regions)
        rows = reads.documents_in_regions(db, scope)
        current = reads.current_ids(db, scope)
        registry = part.overview.registry
        findings = list(read_findings(db, scope, part.overview.marks))
        first_crawl = part.overview.first_crawl
        copies = part.overview.copies
    documents = [_document(row, current) for row in rows]
    del rows
    by_id = {d.id: d for d in documents}
    for document in documents:
        document.copy, document.copy_skipped = copies.get(document.id, (None, None))
    for document_id, title in db.execute(
        "SELECT document_id, title FROM doc_tables WHERE status = 'unparsed' ORDER BY id"
    ):
        if document_id in by_id:
            by_id[document_id].unparsed_tables.append(title or "")
    attach_documents(db, findings, by_id, copies)

    departments: dict[tuple[str, str], Department] = {}

    def department_for(
        region: str | None, department_id: int | None, key: str | None, name: str | None
    ) -> Department:
        identity, shown = department_identity(registry, region, department_id, key, name)
        if identity not in departments:
            departments[identity] = Department(
                region=identity[0], key=identity[1], name=shown, slug=slug_for(*identity)
            )
        return departments[identity]

    # Newest year first, so a department's display name is the one it uses today.
    for document in sorted(documents, key=lambda d: (-(d.fiscal_year or 0), -d.id)):
        if not (document.department_key or document.department):
            continue
        department = department_for(
            document.region, document.department_id, document.department_key, document.department
        )
        department.documents.append(document)
        if document.department and document.department not in department.names:
            department.names.append(document.department)
    for finding in findings:
        if not (finding.department_key or finding.department):
            continue
        department = department_for(
            finding.region, finding.department_id, finding.department_key, finding.department
        )
        department.findings.append(finding)
        finding.department_slug = department.slug
        if finding.department and not department.names:
            department.names.append(finding.department)

    _read_figures(db, list(departments.values()))
    _read_figures(db, list(departments.values()), "budget")
    regions: list[Region] = []
    grouped: dict[str, list[Department]] = defaultdict(list)
    for department in departments.values():
        grouped[department.region].append(department)
    for region_name in sorted(grouped, key=region_order):
        members = grouped[region_name]
        years = _region_years(members)
        for department in members:
            _fill_cells(department, years, config, today, first_crawl)
        members.sort(key=lambda d: (-d.worst_rank, d.name))
        regions.append(Region(region_name, slug_for(region_name), years, members))
    ordered = [d for region in regions for d in region.departments]
    return ReportData(regions, ordered, documents, findings, built_at)


# A part of a large report holds the regions of about this many documents at a time.
PART_DOCUMENTS = 10_000

Registry = dict[int, DepartmentRow]


def department_identity(
    registry: Registry,
    region: str | None,
    department_id: int | None,
    key: str | None,
    name: str | None,
) -> tuple[tuple[str, str], str]:
    """What makes two documents or findings the same department of the report, and the
    name it is shown by: one page per stored department (fiscalwatch.store.departments),
    whatever the name a year gave it; a row the store could not place by its key or name."""
    region_name = region or NO_REGION
    known = registry.get(department_id) if department_id else None
    if known:
        key, name = known.key, known.name
    identity = (region_name, key or name or "")
    return identity, name or identity[1]


def region_order(name: str) -> tuple[bool, str]:
    return (name == NO_REGION, name)


def _store_regions(names: Iterable[str]) -> frozenset[str]:
    """The store's regions (fiscalwatch.store.regions: "" for none) a part's report
    regions stand for."""
    return frozenset("" if name == NO_REGION else name for name in names) | (
        {NO_REGION} if NO_REGION in names else set()
    )


def _document(row: DocumentRow, current: set[int]) -> Document:
    document = Document.from_row(vars(row))
    document.current = document.id in current
    return document


@dataclass(frozen=True)
class FindingMarks:
    """What the report shows on a finding besides its row: its triage state, and whether
    a digest's cap left it out of the mail. Read once a build (the triage view covers
    the whole store), for the findings that have either."""

    triage: dict[int, TriageState]
    not_mailed: set[int]

    @classmethod
    def read(cls, db: sqlite_utils.Database) -> FindingMarks:
        return cls(triage_states(db), digest_capped_ids(db))


def read_findings(
    db: sqlite_utils.Database,
    regions: frozenset[str] | None = None,
    marks: FindingMarks | None = None,
) -> Iterator[Finding]:
    """The findings (in ``regions``, as the store names them; None: all) newest first,
    one at a time, with their ``marks`` (read now when not given); without their
    documents (``attach_documents``)."""
    marks = marks if marks is not None else FindingMarks.read(db)
    for row in reads.findings_newest_first(db, regions):
        finding = Finding.from_row(vars(row))
        finding.triage, finding.triage_reason = marks.triage.get(finding.id, (None, None))
        finding.not_mailed = finding.id in marks.not_mailed
        yield finding


Copies = dict[int, tuple[str | None, str | None]]


def attach_documents(
    db: sqlite_utils.Database,
    findings: Iterable[Finding],
    loaded: dict[int, Document],
    copies: Copies,
) -> None:
    """Gives each finding its document: one of ``loaded`` or, for the few about a
    document outside them, read from the store (with where its original was copied)."""
    findings = list(findings)
    wanted = {f.document_id for f in findings if f.document_id and f.document_id not in loaded}
    found = dict(loaded)
    if wanted:
        current = reads.current_ids(db)
        for row in reads.documents(db, wanted):
            document = found[row.id] = _document(row, current)
            document.copy, document.copy_skipped = copies.get(row.id, (None, None))
    for finding in findings:
        finding.document = found.get(finding.document_id) if finding.document_id else None


@dataclass
class FindingsSeen:
    """What a report written part by part keeps of all the findings while it reads them
    once, newest first: their counts, the newest (the feed's, findings.html's), the
    sources' own (the sources pages'), and every one when they fit on one page. Each
    region's findings are read again with its part."""

    keep_all: bool = True
    newest: int = 200
    newest_open: int = 200
    total: int = 0
    open: int = 0
    open_by_severity: Counter[str] = field(default_factory=Counter)
    by_check: Counter[str] = field(default_factory=Counter)
    everything: list[Finding] = field(default_factory=list)
    latest: list[Finding] = field(default_factory=list)
    latest_open: list[Finding] = field(default_factory=list)
    sources: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> bool:
        """Counts ``finding``; whether it is kept."""
        self.total += 1
        self.by_check[finding.check] += 1
        kept = False
        if finding.is_open:
            self.open += 1
            self.open_by_severity[finding.severity] += 1
            if len(self.latest_open) < self.newest_open:
                self.latest_open.append(finding)
                kept = True
        if len(self.latest) < self.newest:
            self.latest.append(finding)
            kept = True
        if finding.check == SOURCE_CHECK:
            self.sources.append(finding)
            kept = True
        if self.keep_all:
            self.everything.append(finding)
            kept = True
        return kept

    def kept(self) -> list[Finding]:
        """Every finding kept, once each."""
        unique = {
            id(f): f for f in [*self.everything, *self.latest, *self.latest_open, *self.sources]
        }
        return list(unique.values())


# The check about a source's own health: its findings are listed on the sources pages.
SOURCE_CHECK = SourceUnhealthy.name


@dataclass
class Overview:
    """What a report built region by region shares across its parts, read without
    holding every document or finding: what it keeps of the findings, the first crawl day
    of each source, the store's department registry, how many departments there are, the
    documents' counts, and the regions in report order, grouped into parts of about
    ``PART_DOCUMENTS`` documents."""

    findings: FindingsSeen
    first_crawl: dict[str, date]
    registry: Registry
    documents: int
    departments: int
    final_accounts: int
    budgets: int
    parts: list[list[str]]
    built_at: str
    marks: FindingMarks
    copies: Copies = field(default_factory=dict)
    """document id -> (copy, copy_skipped), once the originals are copied."""


@dataclass
class Part:
    overview: Overview
    regions: list[str]


def load_overview(
    db: sqlite_utils.Database,
    built_at: str,
    findings: Iterable[Finding] | None = None,
    seen: FindingsSeen | None = None,
    marks: FindingMarks | None = None,
) -> Overview:
    """``findings``: the store's, newest first, with ``marks`` (``read_findings``, by
    default), read once into ``seen``; the findings it keeps get their documents and
    department pages. The parts read their findings with the same ``marks``."""
    seen = seen if seen is not None else FindingsSeen()
    marks = marks if marks is not None else FindingMarks.read(db)
    registry = reads.departments(db)
    identities: set[tuple[str, str]] = set()
    for region, department_id, key, name in reads.document_departments(db):
        identities.add(department_identity(registry, region, department_id, key, name)[0])
    region_sizes: Counter[str] = Counter()
    for region, count in reads.counts_by_region(db).items():
        region_sizes[region or NO_REGION] += count
    for finding in read_findings(db, marks=marks) if findings is None else findings:
        region_sizes.setdefault(finding.region or NO_REGION, 0)  # findings, no documents
        identity = None
        if finding.department_key or finding.department:
            identity = department_identity(
                registry,
                finding.region,
                finding.department_id,
                finding.department_key,
                finding.department,
            )[0]
            identities.add(identity)
        if seen.add(finding) and identity is not None:
            finding.department_slug = slug_for(*identity)
    attach_documents(db, seen.kept(), {}, {})
    parts: list[list[str]] = []
    size = 0
    for name in sorted(region_sizes, key=region_order):
        if not parts or size + region_sizes[name] > PART_DOCUMENTS:
            parts.append([])
            size = 0
        parts[-1].append(name)
        size += region_sizes[name]
    current_by_type = reads.current_counts_by_type(db)
    return Overview(
        seen,
        reads.first_fetch_days(db),
        registry,
        sum(region_sizes.values()),
        len(identities),
        current_by_type.get("final_account", 0),
        current_by_type.get("budget", 0),
        [p for p in parts if p],
        built_at,
        marks,
    )


def _region_years(members: list[Department]) -> list[int]:
    years: set[int] = set()
    for department in members:
        years.update(
            d.fiscal_year
            for d in department.documents
            if d.fiscal_year and d.doc_type in ("final_account", "performance", "budget")
        )
        years.update(
            f.fiscal_year
            for f in department.findings
            if f.fiscal_year and f.check == "missing_document"
        )
    return sorted(years)


def _fill_cells(
    department: Department,
    years: list[int],
    config: Config,
    today: date,
    first_crawl: dict[str, date],
) -> None:
    # Budgets from the first year one is seen (published or reported missing) on.
    budget_years = [d.fiscal_year for d in department.documents if d.doc_type == "budget"] + [
        f.fiscal_year for f in department.findings if f.evidence.get("doc_type") == "budget"
    ]
    first_budget = min((y for y in budget_years if y), default=None)
    for year in years:
        department.cells[year] = _cell(
            department, year, "final_account", config, today, first_crawl
        )
        if first_budget is not None and year >= first_budget:
            department.budget_cells[year] = _cell(
                department, year, "budget", config, today, first_crawl
            )


def _cell(
    department: Department,
    year: int,
    doc_type: str,
    config: Config,
    today: date,
    first_crawl: dict[str, date],
) -> Cell:
    documents = [
        d
        for d in department.documents
        if d.fiscal_year == year and d.doc_type == doc_type and _main_level(d, department)
    ]
    missing = any(
        f.is_open
        and f.check == "missing_document"
        and f.fiscal_year == year
        and f.evidence.get("doc_type", "final_account") == doc_type
        and f.evidence.get("level", DEFAULT_LEVEL) == department.level
        for f in department.findings
    )
    month_day = (
        config.monitor.budget_deadline
        if doc_type == "budget"
        else config.monitor.final_account_deadline
    )
    cell = publication_cell(
        year, documents, missing, month_day, today, first_crawl, DUE_YEAR_OFFSET[doc_type]
    )
    if doc_type == "final_account":
        cell.open_findings = sum(
            1 for f in department.findings if f.is_open and f.fiscal_year == year
        )
    return cell


def _main_level(document: Document, department: Department) -> bool:
    """The overview shows the documents of the department's level (``Department.level``);
    the others (单位, 本级 beside a 部门 series) are listed on its page."""
    return (document.level or DEFAULT_LEVEL) == department.level


def _read_figures(
    db: sqlite_utils.Database, departments: list[Department], doc_type: str = "final_account"
) -> None:
    """Headline figures of each year's current final account (or budget), at the
    department's own level (one appearance per key)."""
    wanted: dict[int, tuple[Department, int]] = {}
    for department in departments:
        for document in department.documents:
            if (
                document.doc_type == doc_type
                and _main_level(document, department)
                and document.is_current
                and document.fiscal_year
                and document.status == "parsed"
            ):
                wanted.setdefault(document.id, (department, document.fiscal_year))
    if not wanted:
        return
    best: dict[tuple[int, str], tuple[tuple[int, int], FigureValue]] = {}
    for row in figures_of(db, wanted, HEADLINE_FIGURES):
        rank = (ORIGIN_PREFERENCE.get(row.origin, 3), row.page or 0)
        slot = (row.document_id, row.key)
        if slot not in best or rank < best[slot][0]:
            best[slot] = (
                rank,
                FigureValue(row.value, row.unit, row.page, row.text, row.document_id),
            )
    for (document_id, key), (_rank, value) in best.items():
        department, year = wanted[document_id]
        target = department.budget_figures if doc_type == "budget" else department.figures
        current = target.setdefault(key, {})
        # Two current final accounts for one year: keep the newer document's figure.
        if year not in current or current[year].document_id < document_id:
            current[year] = value

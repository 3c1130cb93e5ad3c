"""What the content checks read: current documents, their figures, their prior years.

Loaded once per run in a few set-based queries and shared through
``CheckContext.cached`` (see :func:`corpus`). The documents are the store's
``current_documents`` (fiscalwatch.store.views: current versions, a disclosure in several
parts as one document, a removed file replaced by another of the same department-year
left out, so fixing a file by re-publishing it under a new address resolves its
findings), less those whose parts have not all joined them yet. Department identity is
the stored department's canonical key (fiscalwatch.store.departments), which is what
findings' fingerprints name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlite_utils

from fiscalwatch.departments import department_key
from fiscalwatch.models import DEFAULT_LEVEL
from fiscalwatch.monitor.checks.base import CheckContext
from fiscalwatch.store import reads
from fiscalwatch.store.rows import DocumentRow

DOCUMENT_COLUMNS = (
    "id, source, url, page_url, title, department, region, fiscal_year, doc_type, sha256,"
    " status, error, previous_id, is_current, removed_at, removal_reason, published_at,"
    " fetched_at, level, department_id"
)


class Fig(NamedTuple):
    key: str
    value: float
    unit: str
    page: int | None
    text: str
    origin: str
    basis: str | None
    table_key: str | None


@dataclass
class Doc:
    row: dict[str, Any]
    dept: str  # department identity inside the region (DepartmentMatcher canonical key)
    figures: dict[str, list[Fig]] = field(default_factory=dict)
    # Derived once per run and shared by the checks (representatives, stated changes).
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def url(self) -> str:
        return str(self.row["url"])

    @property
    def department_id(self) -> int | None:
        value = self.row.get("department_id")
        return int(value) if value is not None else None

    @property
    def year(self) -> int | None:
        year = self.row["fiscal_year"]
        return int(year) if year is not None else None

    @property
    def level(self) -> str:
        """department | unit | own_office: documents of different levels never stand in
        for each other."""
        return str(self.row.get("level") or DEFAULT_LEVEL)

    @property
    def region(self) -> str:
        return str(self.row["region"] or "")

    @property
    def name(self) -> str:
        """The department's full name as given, for messages."""
        return str(self.row["department"] or self.row["title"] or self.row["url"])

    def value(self, key: str) -> float | None:
        figure = self.first(key)
        return figure.value if figure else None

    def first(self, key: str) -> Fig | None:
        """The representative appearance of ``key`` (see :func:`representative`)."""
        memo_key = f"first:{key}"
        if memo_key not in self.memo:
            figures = self.figures.get(key)
            if not figures:
                return None
            self.memo[memo_key] = representative(figures)
        return self.memo[memo_key]


def representative(figures: list[Fig]) -> Fig:
    """The appearance that speaks for a figure: its most frequent value (to 0.01), and
    among equals the first text appearance (the text is what people read)."""
    first = figures[0]
    if len(figures) == 1 or all(abs(f.value - first.value) < 0.005 for f in figures):
        return next((f for f in figures if f.origin == "text"), first)
    counts = Counter(round(f.value, 2) for f in figures)
    best = max(counts.values())
    candidates = [f for f in figures if counts[round(f.value, 2)] == best]
    for figure in candidates:
        if figure.origin == "text":
            return figure
    return candidates[0]


def load_figures(
    db: sqlite_utils.Database, document_ids: list[int]
) -> dict[int, dict[str, list[Fig]]]:
    """Figures of the given documents, by document and key, in reading order."""
    by_document: dict[int, dict[str, list[Fig]]] = defaultdict(lambda: defaultdict(list))
    wanted = set(document_ids)
    if not wanted:
        return {}
    sql = (
        "SELECT document_id, key, value, unit, page, text, origin, basis, table_key"
        " FROM figures {where} ORDER BY document_id, id"
    )
    if len(wanted) <= 500:
        marks = ",".join("?" * len(wanted))
        rows = db.execute(sql.format(where=f"WHERE document_id IN ({marks})"), sorted(wanted))
    else:  # one scan beats thousands of parameters
        rows = db.execute(sql.format(where=""))
    for document_id, key, value, unit, page, text, origin, basis, table_key in rows:
        if document_id in wanted and value is not None:
            by_document[document_id][key].append(
                Fig(key, float(value), unit or "", page, text or "", origin or "", basis, table_key)
            )
    return {doc_id: dict(figs) for doc_id, figs in by_document.items()}


class Corpus:
    """Current documents of the store with department identity and figures."""

    def __init__(self, db: sqlite_utils.Database, regions: frozenset[str] | None = None) -> None:
        self.db = db
        # A part of another document's disclosure is judged with it, never alone; a
        # document whose parts have not all joined it yet is not judged yet.
        rows = reads.current_documents(db, regions, judged=True)
        self._identities = {d.id: d.key for d in reads.departments(db).values()}
        self.documents = [Doc(checked_row(r), r.department_identity) for r in rows]
        standing = [
            (d, r.kind) for d, r in zip(self.documents, rows, strict=True) if not r.replaced
        ]
        self.final_accounts = [d for d, kind in standing if kind == "final_account"]
        self.budgets = [d for d, kind in standing if kind == "budget"]
        self._parsed: list[Doc] | None = None
        self._parsed_budgets: list[Doc] | None = None
        # (region, department, level, year): a 单位 account is not the 部门 one's prior year.
        self._by_year: dict[tuple[str, str, str, int], list[Doc]] = defaultdict(list)
        self._budgets_by_year: dict[tuple[str, str, str, int], list[Doc]] = defaultdict(list)
        for doc in self.final_accounts:
            if doc.year is not None:
                self._by_year[(doc.region, doc.dept, doc.level, doc.year)].append(doc)
        for doc in self.budgets:
            if doc.year is not None:
                self._budgets_by_year[(doc.region, doc.dept, doc.level, doc.year)].append(doc)

    def doc(self, row: dict[str, Any]) -> Doc:
        """Any documents row (an older version, say) with this corpus's identity."""
        department_id = row.get("department_id")
        key = self._identities.get(int(department_id)) if department_id is not None else None
        return Doc(row, key if key is not None else department_key(row["department"]))

    def parsed_final_accounts(self) -> list[Doc]:
        """Final accounts with parse results, figures loaded."""
        if self._parsed is None:
            docs = [d for d in self.final_accounts if d.row["status"] == "parsed"]
            figures = load_figures(self.db, [d.id for d in docs])
            for doc in docs:
                doc.figures = figures.get(doc.id, {})
            self._parsed = docs
        return self._parsed

    def parsed_budgets(self) -> list[Doc]:
        """Budgets with parse results, figures loaded."""
        if self._parsed_budgets is None:
            docs = [d for d in self.budgets if d.row["status"] == "parsed"]
            figures = load_figures(self.db, [d.id for d in docs])
            for doc in docs:
                doc.figures = figures.get(doc.id, {})
            self._parsed_budgets = docs
        return self._parsed_budgets

    def prior_year(self, doc: Doc) -> Doc | None:
        """The same department's current, parsed final account of the year before, at
        the same level."""
        if doc.year is None:
            return None
        return self.final_account_of(doc, doc.year - 1)

    def final_account_of(self, doc: Doc, year: int) -> Doc | None:
        """The department's current, parsed final account of ``year`` at ``doc``'s level."""
        self.parsed_final_accounts()
        return _richest(self._by_year.get((doc.region, doc.dept, doc.level, year), []))

    def budget_of(self, doc: Doc, year: int) -> Doc | None:
        """The department's current, parsed budget of ``year`` at ``doc``'s level: a 单位
        budget never stands in for the 部门 one."""
        self.parsed_budgets()
        return _richest(self._budgets_by_year.get((doc.region, doc.dept, doc.level, year), []))


def _richest(documents: list[Doc]) -> Doc | None:
    """Several files for one year (PDF and its XLSX tables): the parsed one with most figures."""
    candidates = [d for d in documents if d.row["status"] == "parsed"]
    if not candidates:
        return None
    return max(candidates, key=lambda d: (sum(len(v) for v in d.figures.values()), d.id))


def checked_row(row: DocumentRow) -> dict[str, Any]:
    """The columns the checks read (``Doc.row``)."""
    values = {name.strip(): getattr(row, name.strip()) for name in DOCUMENT_COLUMNS.split(",")}
    return values


def corpus(ctx: CheckContext) -> Corpus:
    return ctx.cached("corpus", lambda: Corpus(ctx.db, ctx.regions))


def pages_matching(
    db: sqlite_utils.Database, document_ids: Iterable[int], condition: str, params: list[Any]
) -> Iterator[tuple[int, int, str]]:
    """(document_id, page, text) of the given documents' pages meeting the SQL
    ``condition``, in document and page order: a scan of all pages when they are many,
    an indexed look-up by document when they are few (an incremental cycle)."""
    ids = sorted(set(document_ids))
    sql = (
        "SELECT document_id, page, text FROM pages WHERE ({condition}){more}"
        " ORDER BY document_id, page"
    )
    if len(ids) > 2000:
        wanted = set(ids)
        for document_id, page, text in db.execute(sql.format(condition=condition, more=""), params):
            if document_id in wanted:
                yield document_id, page, text
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        more = f" AND document_id IN ({','.join('?' * len(chunk))})"
        yield from db.execute(sql.format(condition=condition, more=more), [*params, *chunk])

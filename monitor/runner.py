"""Runs the checks and keeps ``findings`` in step with what they see.

Each check yields the complete set of problems it sees now (monitor.checks.base). Per
check, in one transaction, by fingerprint: a new problem is inserted; one found again
gets ``last_seen`` (and its current message and evidence) and nothing new; an open
finding not found again gets ``resolved_at``; a resolved finding found again is reopened
under the same id. A check that raises is recorded in the summary and leaves its
findings untouched (a crash is not a fix); the other checks go on.

A cycle re-checks only what may have changed (monitor.scope): the regions whose
documents changed since the last complete cycle, and the whole store for a check whose
configuration, version or overdue year changed (or with ``full``). Inside the re-checked
scope the bookkeeping above is exact; findings outside it are not touched, as a full
pass would have found them again unchanged.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.config import Config
from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.monitor.batches import (
    Outcome,
    batch_contexts,
    check_batch,
    reader_count,
    run_check,
)
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.scope import (
    clear_dirty,
    dirty_regions,
    ensure_tracking,
    fingerprint,
    save_fingerprint,
    stored_fingerprints,
)
from fiscalwatch.store import departments as department_registry
from fiscalwatch.store import reads, transaction
from fiscalwatch.store.readers import StoreReaders
from fiscalwatch.store.views import sync_deadlines

log = logging.getLogger(__name__)

# Current documents whose checks run together: the most a cycle holds in memory at once.
BATCH_DOCUMENTS = 4000
# Batches handed to reader processes are smaller: more of them keep every reader busy to
# the end of the pass (and each reader holds less).
READER_BATCH_SHARE = 4


class UnknownCheck(FiscalwatchError):
    exit_code = 2

    def __init__(self, names: list[str]) -> None:
        known = ", ".join(all_checks())
        super().__init__(f"no check named {', '.join(names)} (known: {known})")


@dataclass
class CheckCounts:
    found: int = 0
    new: int = 0
    reopened: int = 0
    still_open: int = 0
    resolved: int = 0
    open: int = 0  # open findings of this check after the run
    seconds: float = 0.0
    error: str | None = None
    whole: bool = False  # checked the whole store, not only the changed regions


@dataclass
class CheckSummary:
    as_of: str
    new: int = 0
    reopened: int = 0
    resolved: int = 0
    still_open: int = 0
    per_check: dict[str, CheckCounts] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    changed_regions: int = 0  # regions whose documents changed since the last cycle
    readers: int = 0  # processes that computed the region batches (0: this one alone)

    @property
    def open(self) -> int:
        return sum(c.open for c in self.per_check.values())


def run_checks(
    db: sqlite_utils.Database,
    config: Config,
    as_of: date,
    only: list[str] | None = None,
    *,
    full: bool = False,
) -> CheckSummary:
    """Runs every registered check (or those named in ``only``) as of ``as_of``, over
    the regions changed since the last cycle, or the whole store (``full``)."""
    names = list(only) if only else list(all_checks())
    unknown = [name for name in names if name not in all_checks()]
    if unknown:
        raise UnknownCheck(unknown)
    started = time.monotonic()
    summary = CheckSummary(as_of=as_of.isoformat())
    full = ensure_tracking(db) or full
    whole_ctx = CheckContext(db, config, as_of)
    stored = stored_fingerprints(db)
    plan: list[Planned] = []
    for name in names:
        check = all_checks()[name]()
        wanted = fingerprint(check, whole_ctx)
        whole = full or not check.scoped or stored.get(name) != wanted
        plan.append(Planned(name, check, wanted, whole))
        summary.per_check[name] = CheckCounts(whole=whole)
    with transaction(db):
        sync_deadlines(db, config.monitor)
        department_registry.sync_rosters(db, rosters(config))
    if any(p.whole and p.check.scoped for p in plan):
        refresh_department_keys(db)
    changed = dirty_regions(db)
    refresh_department_keys(db, frozenset(changed))  # marks only regions already marked
    summary.changed_regions = len(changed)

    for planned in plan:  # crawl health and the like: once, over everything
        if not planned.check.scoped:
            _run_one(summary, planned, whole_ctx)
    scoped = [p for p in plan if p.check.scoped]
    everything = any(p.whole for p in scoped)
    sizes = region_sizes(db, set(changed), everything)
    batches = region_batches(sizes, BATCH_DOCUMENTS)
    # Readers see only what is committed: inside a caller's transaction, no readers.
    readers = 0 if db.conn.in_transaction else reader_count(config, len(batches))
    if readers:
        size = BATCH_DOCUMENTS // READER_BATCH_SHARE
        batches = region_batches(sizes, size)
    summary.readers = readers
    _check_batches(db, config, as_of, summary, scoped, batches, frozenset(changed), readers)
    for planned in plan:
        counts = summary.per_check[planned.name]
        counts.open = _open_count(db, planned.name)
        if planned.name not in summary.errors:
            save_fingerprint(db, planned.name, planned.fingerprint)
        summary.new += counts.new
        summary.reopened += counts.reopened
        summary.resolved += counts.resolved
        summary.still_open += counts.still_open
    if not summary.errors and set(names) == set(all_checks()):
        clear_dirty(db, changed)  # every check has seen these changes
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


@dataclass
class Planned:
    name: str
    check: Check
    fingerprint: str
    whole: bool  # over the whole store, not only the regions whose documents changed


def _run_one(summary: CheckSummary, planned: Planned, ctx: CheckContext) -> None:
    """Runs one check over ``ctx``'s regions and stores what it found there."""
    _apply(summary, planned, run_check(planned.name, planned.check, ctx), ctx)


def _apply(summary: CheckSummary, planned: Planned, outcome: Outcome, ctx: CheckContext) -> None:
    """Stores a check's outcome over ``ctx``'s regions, or records the error it raised
    (a crash is not a fix: its findings stay as they were)."""
    counts = summary.per_check[planned.name]
    started = time.monotonic()
    error = outcome.error
    if error is None:
        try:
            _store_findings(ctx.db, planned.name, outcome.drafts or [], counts, ctx.regions)
        except Exception as exc:
            log.exception("check %s: storing its findings failed", planned.name)
            error = f"{type(exc).__name__}: {exc}"
    if error is not None:
        counts.error = summary.errors[planned.name] = error
    counts.seconds = round(counts.seconds + outcome.seconds + time.monotonic() - started, 3)


def _check_batches(
    db: sqlite_utils.Database,
    config: Config,
    as_of: date,
    summary: CheckSummary,
    scoped: list[Planned],
    batches: list[frozenset[str]],
    changed: frozenset[str],
    readers: int,
) -> None:
    """Every scoped check over each batch, one batch's documents in memory at a time;
    the batches computed by store readers when there are several (monitor.batches),
    their findings stored here in batch order either way."""
    computed: Iterator[list[Outcome]] | None = None
    with StoreReaders(db, readers) as pool:
        if readers:
            config_data = config.model_dump()
            planned_names = [(p.name, p.whole) for p in scoped]
            jobs = ((config_data, as_of, batch, changed, planned_names) for batch in batches)
            computed = pool.ordered(check_batch, jobs)
        for batch in batches:
            contexts = batch_contexts(db, config, as_of, batch, changed)
            found: dict[str, Outcome] = {}
            if computed is not None:
                try:
                    found = {o.name: o for o in next(computed)}
                except Exception:  # a reader died (killed, out of memory): go on here
                    log.exception("check readers failed; the rest of the pass runs here")
                    summary.readers, computed = 0, None
            for planned in scoped:
                ctx = contexts.get(planned.whole)
                if ctx is None or planned.name in summary.errors:
                    continue
                outcome = found.get(planned.name)
                if outcome is None or outcome.absent:
                    outcome = run_check(planned.name, planned.check, ctx)
                _apply(summary, planned, outcome, ctx)


def region_sizes(db: sqlite_utils.Database, changed: set[str], everything: bool) -> dict[str, int]:
    """The regions to check, with their current documents: the changed ones, or
    (``everything``) every region of the store, including those only findings still name
    (their documents are gone, so their findings resolve)."""
    sizes = dict.fromkeys(changed, 0)
    if everything:
        sizes[""] = 0  # a whole pass runs every check at least once, even on an empty store
        sizes.update((region, 0) for region in reads.finding_regions(db))
    for region, count in reads.current_counts_by_region(db).items():
        if everything or region in sizes:
            sizes[region] = count
    return sizes


def region_batches(sizes: dict[str, int], size: int) -> list[frozenset[str]]:
    """The regions in groups of about ``size`` current documents, in name order."""
    batches: list[frozenset[str]] = []
    batch: list[str] = []
    held = 0
    for region in sorted(sizes):
        if batch and held + sizes[region] > size:
            batches.append(frozenset(batch))
            batch, held = [], 0
        batch.append(region)
        held += sizes[region]
    if batch:
        batches.append(frozenset(batch))
    return batches


def rosters(config: Config) -> dict[str, list[str]]:
    """Region -> the department names the sources' ``departments`` rosters list."""
    found: dict[str, list[str]] = {}
    for source in config.sources:
        found.setdefault(source.region or "", []).extend(source.departments)
    return found


def _row(db: sqlite_utils.Database, draft: FindingDraft, now: str) -> dict[str, Any]:
    department_id = draft.department_id
    if department_id is None and draft.department:
        department_id = department_registry.lookup(db, draft.region, draft.department)
    department = department_registry.get(db, department_id) if department_id else None
    return {
        "check": draft.check,
        "severity": draft.severity,
        "department": draft.department,
        # The department's canonical key: what every check of it files it under.
        "department_key": department.key if department else draft.department_key,
        "department_id": department_id,
        "region": draft.region,
        "fiscal_year": draft.fiscal_year,
        "document_id": draft.document_id,
        "source": draft.source,
        "url": draft.url,
        "message": draft.message,
        "evidence": json.dumps(draft.evidence, ensure_ascii=False, default=str),
        "fingerprint": draft.fingerprint,
        "last_seen": now,
    }


def _store_findings(
    db: sqlite_utils.Database,
    name: str,
    drafts: list[FindingDraft],
    counts: CheckCounts,
    regions: frozenset[str] | None,
) -> None:
    """Brings the check's findings of ``regions`` (None: all) in step with ``drafts``."""
    now = clock.now_iso()
    counts.found += len(drafts)
    with transaction(db):
        existing = reads.finding_states(db, name, regions)
        if regions is not None:
            existing.update(_known_elsewhere(db, drafts, existing))
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for draft in drafts:
            row = _row(db, draft, now)
            known = existing.get(draft.fingerprint)
            if known is None:
                inserts.append({**row, "first_seen": now, "resolved_at": None})
                counts.new += 1
                continue
            finding_id, resolved_at = known
            updates.append({**row, "id": finding_id})
            if resolved_at is None:
                counts.still_open += 1
            else:
                counts.reopened += 1
        if inserts:
            db.table("findings").insert_all(inserts)
        if updates:
            columns = [c for c in updates[0] if c != "id"]
            assignments = ", ".join(f'"{c}" = :{c}' for c in columns)
            db.conn.executemany(
                f"UPDATE findings SET {assignments}, resolved_at = NULL WHERE id = :id", updates
            )
        seen = {draft.fingerprint for draft in drafts}
        # Only findings of the re-checked scope can be resolved: the others were not looked at.
        gone = [
            (now, finding_id)
            for fingerprint, (finding_id, resolved_at) in existing.items()
            if resolved_at is None and fingerprint not in seen
        ]
        db.conn.executemany("UPDATE findings SET resolved_at = ? WHERE id = ?", gone)
        counts.resolved += len(gone)


def _known_elsewhere(
    db: sqlite_utils.Database, drafts: list[FindingDraft], known: dict[str, reads.FindingState]
) -> dict[str, reads.FindingState]:
    """Stored findings of these drafts filed under another region (a finding whose region
    was recorded differently before), so a scoped cycle updates rather than duplicates them."""
    wanted = [d.fingerprint for d in drafts if d.fingerprint not in known]
    return reads.finding_states_by_fingerprint(db, wanted)


def _open_count(db: sqlite_utils.Database, name: str) -> int:
    return reads.open_count(db, name)


def refresh_department_keys(
    db: sqlite_utils.Database, regions: frozenset[str] | None = None
) -> int:
    """Re-derives ``documents.department_key`` and department identity (of ``regions``,
    None: all) where the normalisation has improved since the rows were stored, so the
    report and the checks agree. Returns the names whose key changed."""
    with transaction(db):
        return department_registry.refresh_keys(db, regions)

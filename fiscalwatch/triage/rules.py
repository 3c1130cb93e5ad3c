"""The analyst's triage decisions: a finding dismissed or acknowledged (by its
fingerprint, so the decision outlives the row), and suppressions of a department and/or
a check. Which findings they silence is one rule, the view ``finding_triage``
(fiscalwatch.triage.store)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.store import reads
from fiscalwatch.triage import store


class TriageError(FiscalwatchError):
    exit_code = 1


@dataclass(frozen=True)
class Triaged:
    finding_id: int
    fingerprint: str
    decision: str
    previous: str | None


def _who() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def decide(
    db: sqlite_utils.Database, finding_id: int, decision: str, reason: str | None
) -> Triaged:
    """Records ``decision`` on the finding's fingerprint (replacing an earlier one)."""

    finding = reads.finding(db, finding_id)
    if finding is None:
        raise TriageError(f"no finding with id {finding_id}")
    before = store.decision(db, finding.fingerprint)
    store.record_decision(
        db,
        fingerprint=finding.fingerprint,
        decision=decision,
        reason=reason,
        decided_at=clock.now_iso(),
        decided_by=_who(),
        finding_id=finding_id,
    )
    return Triaged(finding_id, finding.fingerprint, decision, before)


def undo(db: sqlite_utils.Database, finding_id: int) -> str | None:
    """Removes the finding's decision; returns what it was (None: there was none)."""

    finding = reads.finding(db, finding_id)
    if finding is None:
        return None
    before = store.decision(db, finding.fingerprint)
    if before is not None:
        store.delete_decision(db, finding.fingerprint)
    return before


def suppress(
    db: sqlite_utils.Database,
    *,
    department: str | None,
    check: str | None,
    region: str | None,
    reason: str | None,
) -> int:
    if not (department or check):
        raise TriageError("suppress needs --department or --check (or both)")
    return store.add_suppression(
        db,
        department=department,
        region=region,
        check=check,
        reason=reason,
        created_at=clock.now_iso(),
        created_by=_who(),
    )


def lift(db: sqlite_utils.Database, suppression_id: int) -> None:
    if not store.lift_suppression(db, suppression_id, clock.now_iso()):
        raise TriageError(f"no active suppression with id {suppression_id}")

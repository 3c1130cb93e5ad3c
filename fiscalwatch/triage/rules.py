"""Which findings a triage decision silences, as SQL over ``findings f``: one rule for
the outbox (never alert them again), ``status``, the report and the exports."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.departments import department_key
from fiscalwatch.errors import FiscalwatchError
from fiscalwatch.store import reads

DISMISSED = "dismissed"
ACKNOWLEDGED = "acknowledged"
SUPPRESSED = "suppressed"
TRIAGE_LABELS = {DISMISSED: "误报", ACKNOWLEDGED: "已确认", SUPPRESSED: "已屏蔽"}
DIGEST_CAP = "digest cap"
"""The ``deliveries.last_error`` of a finding a digest's size cap left out."""

SUPPRESSION_MATCH = """
    s.lifted_at IS NULL
    AND (s.department_key IS NULL OR s.department_key = f.department_key
         OR s.department = f.department)
    AND (s.region IS NULL OR s.region = f.region)
    AND (s."check" IS NULL OR s."check" = f."check")
"""

# The finding's triage state ('dismissed', 'acknowledged', 'suppressed' or NULL) and
# reason. A dismissal is the strongest word, then a suppression, then an ack.
TRIAGE_STATE_SQL = f"""
    CASE
      WHEN (SELECT decision FROM finding_decisions WHERE fingerprint = f.fingerprint)
           = '{DISMISSED}' THEN '{DISMISSED}'
      WHEN EXISTS (SELECT 1 FROM suppressions s WHERE {SUPPRESSION_MATCH}) THEN '{SUPPRESSED}'
      ELSE (SELECT decision FROM finding_decisions WHERE fingerprint = f.fingerprint)
    END
"""
TRIAGE_REASON_SQL = f"""
    CASE
      WHEN (SELECT decision FROM finding_decisions WHERE fingerprint = f.fingerprint)
           = '{DISMISSED}'
        THEN (SELECT reason FROM finding_decisions WHERE fingerprint = f.fingerprint)
      WHEN EXISTS (SELECT 1 FROM suppressions s WHERE {SUPPRESSION_MATCH})
        THEN (SELECT reason FROM suppressions s WHERE {SUPPRESSION_MATCH} ORDER BY s.id LIMIT 1)
      ELSE (SELECT reason FROM finding_decisions WHERE fingerprint = f.fingerprint)
    END
"""
# Findings no one is to be alerted about again.
SILENCED_SQL = f"""(
    f.fingerprint IN (SELECT fingerprint FROM finding_decisions WHERE decision = '{DISMISSED}')
    OR EXISTS (SELECT 1 FROM suppressions s WHERE {SUPPRESSION_MATCH})
)"""


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
    fingerprint = finding.fingerprint
    before = db.execute(
        "SELECT decision FROM finding_decisions WHERE fingerprint = ?", [fingerprint]
    ).fetchone()
    db.table("finding_decisions").upsert(
        {
            "fingerprint": fingerprint,
            "decision": decision,
            "reason": reason,
            "decided_at": clock.now_iso(),
            "decided_by": _who(),
            "finding_id": finding_id,
        },
        pk="fingerprint",
    )
    return Triaged(finding_id, fingerprint, decision, before[0] if before else None)


def undo(db: sqlite_utils.Database, finding_id: int) -> str | None:
    """Removes the finding's decision; returns what it was (None: there was none)."""

    finding = reads.finding(db, finding_id)
    if finding is None:
        return None
    row = db.execute(
        "SELECT decision FROM finding_decisions WHERE fingerprint = ?", [finding.fingerprint]
    ).fetchone()
    if row is None:
        return None
    db.execute("DELETE FROM finding_decisions WHERE fingerprint = ?", [finding.fingerprint])
    return str(row[0])


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
    suppression_id = (
        db.table("suppressions")
        .insert(
            {
                "department": department,
                "department_key": department_key(department) or None if department else None,
                "region": region,
                "check": check,
                "reason": reason,
                "created_at": clock.now_iso(),
                "created_by": _who(),
            }
        )
        .last_pk
    )
    assert suppression_id is not None
    return int(suppression_id)


def lift(db: sqlite_utils.Database, suppression_id: int) -> None:
    changed = db.execute(
        "UPDATE suppressions SET lifted_at = ? WHERE id = ? AND lifted_at IS NULL",
        [clock.now_iso(), suppression_id],
    ).rowcount
    if not changed:
        raise TriageError(f"no active suppression with id {suppression_id}")


def matching_count(db: sqlite_utils.Database, suppression_id: int) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM findings f, suppressions s"
            f" WHERE s.id = ? AND {SUPPRESSION_MATCH}",
            [suppression_id],
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class CheckPrecision:
    check: str
    findings: int
    acknowledged: int
    dismissed: int
    suppressed: int

    @property
    def precision(self) -> float | None:
        """Share of the check's findings not dismissed as false alarms."""
        return (self.findings - self.dismissed) / self.findings if self.findings else None


def precision_by_check(db: sqlite_utils.Database) -> list[CheckPrecision]:
    """Per check: its findings (open or not), and how analysts judged them."""
    rows = db.execute(
        f"""
        SELECT "check", count(*), sum(state = '{ACKNOWLEDGED}'), sum(state = '{DISMISSED}'),
               sum(state = '{SUPPRESSED}')
        FROM (SELECT f."check", {TRIAGE_STATE_SQL} AS state FROM findings f)
        GROUP BY "check" ORDER BY "check"
        """
    ).fetchall()
    return [CheckPrecision(row[0], row[1], row[2] or 0, row[3] or 0, row[4] or 0) for row in rows]

"""The triage's SQL: its tables (``finding_decisions``, ``suppressions``) and two views
holding the one rule of which findings an analyst's decisions silence.

``suppression_matches`` pairs each active suppression with every finding it covers;
``finding_triage`` gives each finding's ``state`` ('dismissed', 'acknowledged',
'suppressed' or NULL), its ``reason`` and ``silenced`` (dismissed or suppressed: never
alerted again). The outbox, ``status``, the report, the exports and Datasette's canned
queries (metadata.yml) all read them. The triage's migrations make them from
:data:`MATCHES_VIEW` and :data:`TRIAGE_VIEW` (a change to the rule is a new migration
calling :func:`create_views`).

A department's suppression covers the department, whatever name a finding was filed
under (青川市卫生健康委员会 and 市卫健委 are one; fiscalwatch.store.departments):

- ``suppressions.department_id`` is the department its name resolved to in its region
  when it was made (or migrated);
- without one (no ``--region``, or no department of that name known yet), or once that
  department was merged into another, it covers every department one of whose names
  (``department_aliases``) is the name as typed or spells its key;
- a finding without a department id is matched on its name or key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from fiscalwatch.departments import department_key
from fiscalwatch.store import reads
from fiscalwatch.store.departments import resolve
from fiscalwatch.store.rows import FindingRow
from fiscalwatch.triage.states import ACKNOWLEDGED, DISMISSED, SILENCING, SUPPRESSED

_ACTIVE_IN_SCOPE = """s.lifted_at IS NULL
    AND (s.region IS NULL OR s.region = f.region)
    AND (s."check" IS NULL OR s."check" = f."check")"""
# The stored department still goes by the suppression's name: not merged away (its row
# deleted, its id maybe reused by another department).
_HELD = """s.department_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM departments d WHERE d.id = s.department_id
    AND (substr(d.key, -length(s.department_key)) = s.department_key
         OR EXISTS (SELECT 1 FROM department_aliases a WHERE a.department_id = d.id
                    AND (a.alias = s.department OR a.key = s.department_key))))"""
_NAMED = "(s.department IS NOT NULL OR s.department_key IS NOT NULL)"
# Each route from a suppression to the findings it covers, a join each (set-based: a
# national store's findings are read once per route, not once per suppression).
MATCHES_VIEW = f"""
CREATE VIEW suppression_matches AS
-- a check and/or region, of every department
SELECT s.id AS suppression_id, f.id AS finding_id FROM suppressions s JOIN findings f
  ON {_ACTIVE_IN_SCOPE} WHERE NOT {_NAMED}
UNION
-- the department it resolved to, while that department goes by the name
SELECT s.id, f.id FROM suppressions s JOIN findings f ON f.department_id = s.department_id
  AND {_ACTIVE_IN_SCOPE} WHERE {_NAMED} AND {_HELD}
UNION
-- else every department one of whose names is the name, or spells its key
SELECT s.id, f.id FROM suppressions s
  JOIN department_aliases a ON a.alias = s.department OR a.key = s.department_key
  JOIN findings f ON f.department_id = a.department_id AND {_ACTIVE_IN_SCOPE}
  WHERE {_NAMED} AND NOT ({_HELD})
UNION
-- a finding of no known department: its name or key
SELECT s.id, f.id FROM suppressions s JOIN findings f ON f.department_id IS NULL
  AND (f.department = s.department OR f.department_key = s.department_key)
  AND {_ACTIVE_IN_SCOPE} WHERE {_NAMED}
"""
_STATE = f"""CASE WHEN d.decision = '{DISMISSED}' THEN '{DISMISSED}'
    WHEN m.suppression_id IS NOT NULL THEN '{SUPPRESSED}' ELSE d.decision END"""
# A dismissal is the strongest word, then a suppression (the oldest covering the
# finding gives the reason), then an ack.
TRIAGE_VIEW = f"""
CREATE VIEW finding_triage AS
SELECT f.id AS finding_id, {_STATE} AS state,
       CASE WHEN d.decision = '{DISMISSED}' THEN d.reason
            WHEN m.suppression_id IS NOT NULL THEN s.reason ELSE d.reason END AS reason,
       coalesce({_STATE} IN ({", ".join(f"'{state}'" for state in SILENCING)}), 0) AS silenced
FROM findings f
LEFT JOIN finding_decisions d ON d.fingerprint = f.fingerprint
LEFT JOIN (SELECT finding_id, min(suppression_id) AS suppression_id
           FROM suppression_matches GROUP BY finding_id) m ON m.finding_id = f.id
LEFT JOIN suppressions s ON s.id = m.suppression_id
"""
SILENCED_SQL = "f.id IN (SELECT finding_id FROM finding_triage WHERE silenced = 1)"
"""Whether finding ``f`` is silenced: for a component's own set-based SQL over it."""


def create_views(db: sqlite_utils.Database) -> None:
    """(Re)creates the views: after a change to the rule, in a new migration."""
    db.execute("DROP VIEW IF EXISTS finding_triage")
    db.execute("DROP VIEW IF EXISTS suppression_matches")
    db.execute(MATCHES_VIEW)
    db.execute(TRIAGE_VIEW)


class TriageState(NamedTuple):
    state: str
    reason: str | None


def triage_states(db: sqlite_utils.Database) -> dict[int, TriageState]:
    """Finding id -> its triage state and reason, for the findings that have one."""
    return {
        int(finding_id): TriageState(state, reason)
        for finding_id, state, reason in db.execute(
            "SELECT finding_id, state, reason FROM finding_triage WHERE state IS NOT NULL"
        )
    }


def open_findings(db: sqlite_utils.Database) -> list[FindingRow]:
    """Unresolved findings not silenced, oldest first: the ones to alert on."""
    return reads.findings(db, open_only=True, excluding=SILENCED_SQL, oldest_first=True)


def decision(db: sqlite_utils.Database, fingerprint: str) -> str | None:
    row = db.execute(
        "SELECT decision FROM finding_decisions WHERE fingerprint = ?", [fingerprint]
    ).fetchone()
    return str(row[0]) if row else None


def record_decision(
    db: sqlite_utils.Database,
    *,
    fingerprint: str,
    decision: str,
    reason: str | None,
    decided_at: str,
    decided_by: str | None,
    finding_id: int,
) -> None:
    """Records ``decision`` on the fingerprint, replacing an earlier one."""
    db.table("finding_decisions").upsert(
        {
            "fingerprint": fingerprint,
            "decision": decision,
            "reason": reason,
            "decided_at": decided_at,
            "decided_by": decided_by,
            "finding_id": finding_id,
        },
        pk="fingerprint",
    )


def delete_decision(db: sqlite_utils.Database, fingerprint: str) -> None:
    db.execute("DELETE FROM finding_decisions WHERE fingerprint = ?", [fingerprint])


@dataclass(frozen=True)
class Suppression:
    id: int
    department: str | None  # as the analyst typed it
    department_id: int | None  # what it resolved to (see the module's docstring)
    region: str | None
    check: str | None
    reason: str | None
    created_at: str
    created_by: str | None
    lifted_at: str | None


def add_suppression(
    db: sqlite_utils.Database,
    *,
    department: str | None,
    region: str | None,
    check: str | None,
    reason: str | None,
    created_at: str,
    created_by: str | None,
) -> int:
    cursor = db.execute(
        'INSERT INTO suppressions (department, department_key, department_id, region, "check",'
        " reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            department,
            (department_key(department) or None) if department else None,
            _department_id(db, region, department),
            region,
            check,
            reason,
            created_at,
            created_by,
        ],
    )
    return int(cursor.lastrowid or 0)


def _department_id(
    db: sqlite_utils.Database, region: str | None, department: str | None
) -> int | None:
    """The department a suppression's name stands for in its region (none without a
    region: a name may be a department of every region)."""
    return resolve(db, region, department) if region and department else None


def resolve_departments(db: sqlite_utils.Database) -> int:
    """Sets ``department_id`` of the suppressions without one whose name resolves in
    their region (the name as typed is kept); returns how many."""
    rows = db.execute(
        "SELECT id, region, department FROM suppressions WHERE department_id IS NULL"
        " AND region IS NOT NULL AND department IS NOT NULL"
    ).fetchall()
    updates = [
        (department_id, suppression_id)
        for suppression_id, region, name in rows
        if (department_id := _department_id(db, region, name)) is not None
    ]
    for department_id, suppression_id in updates:
        db.execute(
            "UPDATE suppressions SET department_id = ? WHERE id = ?",
            [department_id, suppression_id],
        )
    return len(updates)


def lift_suppression(db: sqlite_utils.Database, suppression_id: int, lifted_at: str) -> bool:
    """Lifts an active suppression (the row is kept); False when there is none."""
    changed = db.execute(
        "UPDATE suppressions SET lifted_at = ? WHERE id = ? AND lifted_at IS NULL",
        [lifted_at, suppression_id],
    ).rowcount
    return bool(changed)


def suppressions(db: sqlite_utils.Database) -> list[Suppression]:
    return [
        Suppression(
            id=row["id"],
            department=row["department"],
            department_id=row["department_id"],
            region=row["region"],
            check=row["check"],
            reason=row["reason"],
            created_at=row["created_at"],
            created_by=row["created_by"],
            lifted_at=row["lifted_at"],
        )
        for row in db.query("SELECT * FROM suppressions ORDER BY id")
    ]


def matching_count(db: sqlite_utils.Database, suppression_id: int) -> int:
    """How many findings (open or not) the suppression covers while it is active."""
    return int(
        db.execute(
            "SELECT count(*) FROM suppression_matches WHERE suppression_id = ?", [suppression_id]
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
        SELECT f."check", count(*), sum(t.state = '{ACKNOWLEDGED}'),
               sum(t.state = '{DISMISSED}'), sum(t.state = '{SUPPRESSED}')
        FROM findings f JOIN finding_triage t ON t.finding_id = f.id
        GROUP BY f."check" ORDER BY f."check"
        """
    ).fetchall()
    return [CheckPrecision(row[0], row[1], row[2] or 0, row[3] or 0, row[4] or 0) for row in rows]

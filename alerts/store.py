"""The alerts' reads that join the outbox (``deliveries``, ``quiet_findings``) with the
findings: set-based, one query each, so that they stay fast on a national store."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from fiscalwatch.triage.store import SILENCED_SQL

DIGEST_CAP = "digest cap"
"""The ``deliveries.last_error`` of a finding a digest's size cap left out."""
CAPPED = "capped"
"""The state :func:`live_deliveries` gives a row the digest cap skipped: never revived."""

Key = tuple[int, str, str]  # (finding_id, channel, target)


@dataclass(frozen=True)
class LiveDelivery:
    """A ``deliveries`` row that may still change: pending or skipped, or of an open
    finding. ``unwanted_because`` is why its finding no longer needs sending, if so."""

    row_id: int
    status: str  # pending | skipped | sent | failed | capped
    unwanted_because: str | None


def live_deliveries(
    db: sqlite_utils.Database, *, resolved: str, silenced: str
) -> dict[Key, LiveDelivery]:
    """Each live delivery by (finding, channel, target); its finding resolved gives
    ``resolved`` as the reason it is unwanted, silenced by an analyst ``silenced``."""
    return {
        (finding_id, channel, target): LiveDelivery(row_id, status, because)
        for row_id, finding_id, channel, target, status, because in db.execute(
            "SELECT o.id, o.finding_id, o.channel, o.target,"
            f" CASE WHEN o.last_error = ? AND o.status = 'skipped' THEN '{CAPPED}'"
            " ELSE o.status END,"
            f" CASE WHEN f.resolved_at IS NOT NULL THEN ? WHEN {SILENCED_SQL} THEN ? END"
            " FROM deliveries o JOIN findings f ON f.id = o.finding_id"
            " WHERE o.status IN ('pending', 'skipped') OR f.resolved_at IS NULL",
            [DIGEST_CAP, resolved, silenced],
        )
    }


def quiet_finding_ids(db: sqlite_utils.Database) -> set[int]:
    """Findings only a re-parse made appear: announced in one summary, not one by one."""
    return {
        int(finding_id) for (finding_id,) in db.execute("SELECT finding_id FROM quiet_findings")
    }


def digest_capped_ids(db: sqlite_utils.Database) -> set[int]:
    """Findings a digest's size cap left out of the mail (the report says so)."""
    return {
        int(finding_id)
        for (finding_id,) in db.execute(
            "SELECT DISTINCT finding_id FROM deliveries WHERE status = 'skipped'"
            " AND last_error = ?",
            [DIGEST_CAP],
        )
    }

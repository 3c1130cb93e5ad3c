"""The alerts' reads of the outbox (``deliveries``, ``quiet_findings``), alone or joined
with the findings: set-based, one query each, so that they stay fast on a national
store, and light to import (``status`` reads its counts and failing channels here)."""

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


@dataclass(frozen=True)
class Backlog:
    """A channel target whose last deliveries failed, and what waits for it."""

    channel: str
    target: str
    pending: int
    failed: int
    refused: int
    oldest: str
    last_error: str


def failing_channels(db: sqlite_utils.Database) -> list[Backlog]:
    """Every (channel, target) with a delivery that failed or was not tried and is not
    sent yet: how many wait (pending), gave up (failed, to come back once it works) or
    were refused for good; the oldest waiting since; the last error."""
    rows = db.execute(
        """
        SELECT channel, target,
               sum(status = 'pending'),
               sum(status = 'failed' AND COALESCE(failure, '') != 'permanent'),
               sum(status = 'failed' AND failure = 'permanent'),
               min(created_at),
               (SELECT last_error FROM deliveries AS e
                 WHERE e.channel = d.channel AND e.target = d.target
                   AND e.last_error IS NOT NULL AND e.status IN ('pending', 'failed')
                 ORDER BY e.id DESC LIMIT 1)
        FROM deliveries AS d
        WHERE status IN ('pending', 'failed')
        GROUP BY channel, target
        HAVING max(last_error IS NOT NULL)
        ORDER BY channel, target
        """
    ).fetchall()
    return [Backlog(*row) for row in rows]


def count_pending(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0])


def delivery_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Deliveries by state, for ``status``: pending, sent, failed and left out by the cap."""
    pending, sent, failed, capped = db.execute(
        "SELECT count(*) FILTER (WHERE status = 'pending'),"
        " count(*) FILTER (WHERE status = 'sent'),"
        " count(*) FILTER (WHERE status = 'failed'),"
        " count(*) FILTER (WHERE status = 'skipped' AND last_error = ?)"
        " FROM deliveries",
        [DIGEST_CAP],
    ).fetchone()
    return {
        "deliveries_pending": pending,
        "deliveries_sent": sent,
        "deliveries_failed": failed,
        "deliveries_capped": capped,
    }

"""The outbox: ``deliveries`` rows are the only thing that is ever sent.

Step 1 (:func:`enqueue`) decides, in one transaction, which open findings each
subscription wants and reconciles the outbox with that decision: a new row per
(finding, channel, target) with a delivery id (uuid4) kept forever, a ``skipped`` row
wanted again goes back to ``pending``, and a ``pending`` row nobody wants any more (the
finding was resolved, or the subscription changed) becomes ``skipped``. Step 2 sends
what :func:`due` returns: every send is first *claimed* (``attempts + 1`` and a lease in
``next_attempt_at``, so a second process does not send it too), then recorded with
:func:`mark_sent` or :func:`record_failure`. A crash after the claim leaves the row
``pending``; it is retried with the same delivery id once the lease runs out.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from fiscalwatch.alerts.channels import channels
from fiscalwatch.alerts.models import Delivery, Finding
from fiscalwatch.alerts.settings import DeliveryConfig
from fiscalwatch.alerts.store import Key, live_deliveries, quiet_finding_ids
from fiscalwatch.alerts.subscriptions import wants
from fiscalwatch.config import Config
from fiscalwatch.store import reads, transaction
from fiscalwatch.store.rows import FindingRow
from fiscalwatch.triage.store import open_findings as unsilenced_open_findings

RESOLVED = "finding resolved before it was sent"
UNWANTED = "no subscription wants it any more"
SILENCED = "dismissed or suppressed by an analyst"
# DIGEST_CAP (a finding left out of a digest over ``digest_max_findings``) is final,
# never revived (the report shows the finding), so a large backlog does not come back
# as a drip of digests.

_DELIVERY_SELECT = """
    SELECT o.id AS row_id, o.delivery_id, o.channel, o.target, o.subscription,
           o.attempts, o.last_error, o.finding_id
    FROM deliveries o
"""


@dataclass
class Decision:
    new: list[Delivery] = field(default_factory=list)
    revive: list[int] = field(default_factory=list)
    skip: list[tuple[int, str]] = field(default_factory=list)


def iso(moment: datetime) -> str:
    """The store's time format: UTC, seconds, ISO 8601 (sorts as text)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def findings_by_id(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, Finding]:
    return {finding.id: finding for finding in _with_documents(db, reads.findings(db, ids))}


def open_findings(db: sqlite_utils.Database) -> list[Finding]:
    """Open findings an analyst has not dismissed or suppressed: the ones to alert on."""
    return _with_documents(db, unsilenced_open_findings(db))


def _with_documents(db: sqlite_utils.Database, rows: list[FindingRow]) -> list[Finding]:
    about = {r.document_id for r in rows if r.document_id}
    documents = {d.id: d for d in reads.documents(db, about)}
    departments = reads.departments(db)
    return [
        Finding.of(
            row, documents.get(row.document_id or 0), departments.get(row.department_id or 0)
        )
        for row in rows
    ]


def decide(db: sqlite_utils.Database, config: Config) -> Decision:
    """What the outbox should hold now; reads only (a dry run stops here)."""
    wanted: dict[Key, tuple[Finding, str]] = {}
    # Findings only a re-parse made appear go out as one parser_upgrade summary.
    quiet = quiet_finding_ids(db)
    for finding in open_findings(db):
        if finding.id in quiet:
            continue
        for subscription in config.subscriptions:
            if not wants(subscription, finding):
                continue
            for kind, channel in channels().items():
                for target in channel.targets(subscription):
                    wanted.setdefault((finding.id, kind, target), (finding, subscription.name))
    existing = live_deliveries(db, resolved=RESOLVED, silenced=SILENCED)
    decision = Decision()
    for key, (finding, subscription_name) in wanted.items():
        if key not in existing:
            _, kind, target = key
            decision.new.append(Delivery(None, None, kind, target, subscription_name, 0, finding))
    for key, live in existing.items():
        if live.status == "skipped" and key in wanted:
            decision.revive.append(live.row_id)
        elif live.status == "pending" and key not in wanted:
            decision.skip.append((live.row_id, live.unwanted_because or UNWANTED))
    return decision


def apply(db: sqlite_utils.Database, decision: Decision, now: datetime) -> None:
    stamp = iso(now)
    db.conn.executemany(
        "INSERT OR IGNORE INTO deliveries (finding_id, channel, target, subscription,"
        " delivery_id, status, attempts, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)",
        [
            (d.finding.id, d.channel, d.target, d.subscription, str(uuid.uuid4()), stamp)
            for d in decision.new
        ],
    )
    db.conn.executemany(
        "UPDATE deliveries SET status = 'pending', last_error = NULL, next_attempt_at = NULL"
        " WHERE id = ? AND status = 'skipped'",
        [(row_id,) for row_id in decision.revive],
    )
    db.conn.executemany(
        "UPDATE deliveries SET status = 'skipped', last_error = ?, next_attempt_at = NULL"
        " WHERE id = ? AND status = 'pending'",
        [(reason, row_id) for row_id, reason in decision.skip],
    )


def enqueue(db: sqlite_utils.Database, config: Config, now: datetime) -> Decision:
    """Step 1: decide and write the outbox in one transaction."""
    with transaction(db):
        decision = decide(db, config)
        apply(db, decision, now)
    return decision


def due(db: sqlite_utils.Database, now: datetime) -> list[Delivery]:
    """Step 2's input: pending rows whose next attempt is not in the future."""
    rows = db.query(
        _DELIVERY_SELECT + " WHERE o.status = 'pending'"
        " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) ORDER BY o.id",
        [iso(now)],
    )
    return _deliveries(db, list(rows))


def planned(db: sqlite_utils.Database, decision: Decision, now: datetime) -> list[Delivery]:
    """What step 2 would send after ``decision`` were applied (for a dry run)."""
    skipped = {row_id for row_id, _ in decision.skip}
    revived = _deliveries(
        db,
        list(
            db.query(
                _DELIVERY_SELECT + f" WHERE o.id IN ({_marks(decision.revive)})", decision.revive
            )
        ),
    )
    waiting = [d for d in due(db, now) if d.row_id not in skipped]
    return waiting + revived + decision.new


def claim(
    db: sqlite_utils.Database, row_ids: Sequence[int], now: datetime, lease_seconds: float
) -> set[int]:
    """Starts an attempt on the rows still pending and due; returns the ones it got."""
    stamp = iso(now)
    with transaction(db):
        got = {
            row[0]
            for row in db.execute(
                f"SELECT id FROM deliveries WHERE id IN ({_marks(row_ids)}) AND status = 'pending'"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)",
                [*row_ids, stamp],
            ).fetchall()
        }
        lease = iso(now + timedelta(seconds=lease_seconds))
        db.conn.executemany(
            "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
            [(lease, row_id) for row_id in got],
        )
    return got


def mark_sent(db: sqlite_utils.Database, row_ids: Iterable[int], now: datetime) -> None:
    """Records a landed message: all its deliveries in one transaction."""
    with transaction(db):
        db.conn.executemany(
            "UPDATE deliveries SET status = 'sent', sent_at = ?, last_error = NULL,"
            " failure = NULL, next_attempt_at = NULL WHERE id = ?",
            [(iso(now), row_id) for row_id in row_ids],
        )


def backoff_seconds(attempts: int, policy: DeliveryConfig) -> float:
    """Exponential: base, 2 x base, 4 x base ... capped at ``backoff_max_seconds``."""
    exponent = min(max(attempts - 1, 0), 32)
    return float(min(policy.backoff_base_seconds * 2**exponent, policy.backoff_max_seconds))


def record_failure(
    db: sqlite_utils.Database,
    row_ids: Sequence[int],
    error: str,
    policy: DeliveryConfig,
    now: datetime,
    *,
    scope: str = "batch",
    permanent: bool = False,
) -> int:
    """Records a failed attempt: ``failed`` at once when the receiver refused it for good
    (``permanent``) or once ``max_attempts`` are used, else a backoff in
    ``next_attempt_at``. ``scope`` (batch/target/channel) is kept: it decides what comes
    back when the channel works again. Returns how many rows became ``failed``."""
    gave_up = 0
    failure = "permanent" if permanent else scope
    with transaction(db):
        rows = db.execute(
            f"SELECT id, attempts FROM deliveries WHERE id IN ({_marks(row_ids)})", list(row_ids)
        ).fetchall()
        for row_id, attempts in rows:
            if permanent or attempts >= policy.max_attempts:
                gave_up += 1
                db.execute(
                    "UPDATE deliveries SET status = 'failed', last_error = ?, failure = ?,"
                    " next_attempt_at = NULL WHERE id = ?",
                    [error, failure, row_id],
                )
            else:
                retry_at = now + timedelta(seconds=backoff_seconds(attempts, policy))
                db.execute(
                    "UPDATE deliveries SET last_error = ?, failure = ?, next_attempt_at = ?"
                    " WHERE id = ?",
                    [error, failure, iso(retry_at), row_id],
                )
    return gave_up


def skip(db: sqlite_utils.Database, row_ids: Sequence[int], reason: str) -> None:
    """Pending rows that will not be sent, with the reason (kept: nothing is dropped)."""
    with transaction(db):
        db.conn.executemany(
            "UPDATE deliveries SET status = 'skipped', last_error = ?, next_attempt_at = NULL"
            " WHERE id = ? AND status = 'pending'",
            [(reason, row_id) for row_id in row_ids],
        )


def note_not_tried(db: sqlite_utils.Database, row_ids: Sequence[int], error: str) -> None:
    """Says why due rows were not tried (their channel is down this cycle). No attempt
    is counted and no backoff set: they are tried again next cycle."""
    with transaction(db):
        db.conn.executemany(
            "UPDATE deliveries SET last_error = ? WHERE id = ? AND status = 'pending'",
            [(error, row_id) for row_id in row_ids],
        )


def requeue_failed(
    db: sqlite_utils.Database, channel: str | None = None, target: str | None = None
) -> int:
    """Puts ``failed`` deliveries back in the queue, as new (attempts 0, same delivery
    id), except those a receiver refused for good. With ``channel`` and ``target``: the
    ones that failed on that target, and those that failed because the whole channel was
    down (the target worked, so the channel does). Returns how many came back."""
    where = "status = 'failed' AND COALESCE(failure, 'batch') != 'permanent'"
    params: list[str] = []
    if channel is not None:
        where += " AND channel = ?"
        params.append(channel)
    if target is not None:
        where += " AND (target = ? OR failure = 'channel')"
        params.append(target)
    with transaction(db):
        cursor = db.execute(
            "UPDATE deliveries SET status = 'pending', attempts = 0, last_error = NULL,"
            f" failure = NULL, next_attempt_at = NULL WHERE {where}",
            params,
        )
    return int(cursor.rowcount)


def _deliveries(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> list[Delivery]:
    findings = findings_by_id(db, sorted({int(row["finding_id"]) for row in rows}))
    return [
        Delivery(
            row_id=int(row["row_id"]),
            delivery_id=str(row["delivery_id"]),
            channel=row["channel"],
            target=row["target"],
            subscription=row["subscription"],
            attempts=int(row["attempts"]),
            finding=findings[int(row["finding_id"])],
            last_error=row["last_error"],
        )
        for row in rows
    ]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values) or "NULL"

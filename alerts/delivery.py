"""``deliver``: one notify cycle. Step 1 writes the outbox, step 2 sends from it.

Delivery is at least once with a stable id: a message is recorded as sent right after
it lands (per finding for webhooks, per digest for e-mail and chat), and a ``sent`` row
is never sent again. Only a crash in the instant between a message landing and that
record can send it twice; the repeat carries the same ``X-Fiscalwatch-Delivery`` id (and
a digest the same Message-ID), so the receiver can drop it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal

import sqlite_utils

from fiscalwatch import clock
from fiscalwatch.alerts import outbox
from fiscalwatch.alerts import store as alerts_store
from fiscalwatch.alerts.channels import Channel, DeliveryError, channels
from fiscalwatch.alerts.digest import split_at_cap
from fiscalwatch.alerts.models import Delivery
from fiscalwatch.alerts.settings import DELIVERY, DeliveryConfig
from fiscalwatch.config import Config, check_secrets
from fiscalwatch.store import Store
from fiscalwatch.store.schema import migrate

log = logging.getLogger("fiscalwatch.alerts")

Outcome = Literal["sent", "retry", "failed", "would-send"]


@dataclass(frozen=True)
class BatchReport:
    """One message: which findings it carried and how it went (ids only, so that the
    summary stays small when a pipeline stores it in ``runs``)."""

    channel: str
    target: str
    finding_ids: list[int]
    outcome: Outcome
    error: str | None = None


@dataclass
class DeliverySummary:
    queued: int = 0
    """Deliveries added to the outbox (or put back in it) this cycle."""
    sent: int = 0
    """Deliveries that landed this cycle."""
    failed: int = 0
    """Deliveries that used their last attempt this cycle and are now ``failed``."""
    pending: int = 0
    """Deliveries still waiting in the outbox after this cycle (retries included)."""
    skipped: int = 0
    """Pending deliveries dropped this cycle: finding resolved, or no longer subscribed."""
    requeued: int = 0
    """Failed deliveries put back in the queue: their channel worked again this cycle,
    or ``notify --retry-failed`` asked for it."""
    dry_run: bool = False
    batches: list[BatchReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        data = asdict(self)
        counts = {key: data[key] for key in ("queued", "sent", "failed", "pending", "skipped")}
        if self.requeued:  # only when it happened: most cycles re-queue nothing
            counts["requeued"] = self.requeued
        return counts


def deliver(
    store_or_db: Store | sqlite_utils.Database,
    config: Config,
    *,
    dry_run: bool = False,
    retry_failed: bool = False,
    now: datetime | None = None,
) -> DeliverySummary:
    """Queues what the subscriptions want and sends everything due.

    Without subscriptions it does nothing. Missing secrets raise ``ConfigError``
    before any connection is made. ``dry_run`` reads only: the summary's ``batches``
    say what would be sent, and nothing is written or sent. ``retry_failed`` first puts
    every failed delivery back in the queue (except those a receiver refused for good).
    """
    db = store_or_db.db if isinstance(store_or_db, Store) else store_or_db
    summary = DeliverySummary(dry_run=dry_run)
    if not config.subscriptions:
        return summary
    check_secrets(config)
    if not isinstance(store_or_db, Store):
        migrate(db)
    moment = now or clock.now()
    if dry_run:
        return _preview(db, config, moment, summary)

    if retry_failed:
        summary.requeued += outbox.requeue_failed(db)
    decision = outbox.enqueue(db, config, moment)
    summary.queued = len(decision.new) + len(decision.revive)
    summary.skipped = len(decision.skip)
    due, left_out = cap_digests(outbox.due(db, moment), DELIVERY.get(config))
    capped = [_row(d) for rows in left_out.values() for d in rows]
    outbox.skip(db, capped, alerts_store.DIGEST_CAP)
    summary.skipped += len(capped)
    for kind, channel_class in channels().items():
        mine = [d for d in due if d.channel == kind]
        if mine:
            with channel_class(config, now=moment) as channel:
                channel.left_out = {
                    target: len(rows) for (k, target), rows in left_out.items() if k == kind
                }
                _send_all(db, channel, mine, DELIVERY.get(config), moment, summary)
    summary.pending = alerts_store.count_pending(db)
    return summary


def cap_digests(
    deliveries: Sequence[Delivery], policy: DeliveryConfig
) -> tuple[list[Delivery], dict[tuple[str, str], list[Delivery]]]:
    """Keeps at most ``digest_max_findings`` deliveries per digest (channel, target);
    returns those to send and, per digest, those left out."""
    groups: dict[tuple[str, str], list[Delivery]] = {}
    for delivery in deliveries:
        if channels()[delivery.channel].digest:
            groups.setdefault((delivery.channel, delivery.target), []).append(delivery)
    dropped: set[int] = set()
    left_out: dict[tuple[str, str], list[Delivery]] = {}
    for key, members in groups.items():
        _, rest = split_at_cap(members, policy.digest_max_findings)
        if rest:
            left_out[key] = rest
            dropped.update(id(d) for d in rest)
    return [d for d in deliveries if id(d) not in dropped], left_out


def _send_all(
    db: sqlite_utils.Database,
    channel: Channel,
    deliveries: Sequence[Delivery],
    policy: DeliveryConfig,
    now: datetime,
    summary: DeliverySummary,
) -> None:
    down_targets: dict[str, str] = {}
    channel_down: str | None = None
    working: set[str] = set()
    for batch in channel.batches(deliveries):
        target = batch[0].target
        blocked = channel_down or down_targets.get(target)
        if blocked:  # not tried: no attempt is counted, it waits for the next cycle
            reason = f"not tried: {blocked}"
            outbox.note_not_tried(db, [_row(d) for d in batch], reason)
            summary.batches.append(
                BatchReport(channel.kind, target, _finding_ids(batch), "retry", reason)
            )
            continue
        # The lease runs from the real time of the claim: a long cycle's later claims
        # must not be born expired.
        claim_at = max(now, clock.now())
        claimed = outbox.claim(db, [_row(d) for d in batch], claim_at, channel.lease_seconds())
        batch = [d for d in batch if _row(d) in claimed]
        if not batch:
            continue  # another run is sending these right now
        row_ids = [_row(d) for d in batch]
        try:
            channel.send(batch)
        except DeliveryError as exc:
            _failed(db, channel, batch, exc, policy, now, summary)
            if exc.scope == "target":
                down_targets[target] = str(exc)
            elif exc.scope == "channel":
                channel_down = str(exc)
            continue
        except Exception as exc:  # a bug or bad data in one message must not stop the cycle
            log.exception("%s %s: unexpected error", channel.kind, target)
            error = DeliveryError(f"{type(exc).__name__}: {exc}")
            _failed(db, channel, batch, error, policy, now, summary)
            continue
        outbox.mark_sent(db, row_ids, now)
        working.add(target)
        summary.sent += len(batch)
        summary.batches.append(BatchReport(channel.kind, target, _finding_ids(batch), "sent"))
    # The channel works again: what it gave up on during the outage goes back in the
    # queue (sent next cycle, with the same delivery ids).
    for target in sorted(working):
        summary.requeued += outbox.requeue_failed(db, channel.kind, target)


def _failed(
    db: sqlite_utils.Database,
    channel: Channel,
    batch: Sequence[Delivery],
    exc: DeliveryError,
    policy: DeliveryConfig,
    now: datetime,
    summary: DeliverySummary,
) -> None:
    error = str(exc)
    gave_up = outbox.record_failure(
        db, [_row(d) for d in batch], error, policy, now, scope=exc.scope, permanent=exc.permanent
    )
    summary.failed += gave_up
    outcome: Outcome = "failed" if gave_up else "retry"
    # A retry is routine (info); a delivery given up on is worth a warning.
    level = logging.WARNING if gave_up else logging.INFO
    extra = {"channel": channel.kind, "target": batch[0].target, "outcome": outcome}
    log.log(level, "%s %s: %s (%s)", channel.kind, batch[0].target, error, outcome, extra=extra)
    report = BatchReport(channel.kind, batch[0].target, _finding_ids(batch), outcome, error)
    summary.batches.append(report)


def _preview(
    db: sqlite_utils.Database, config: Config, now: datetime, summary: DeliverySummary
) -> DeliverySummary:
    decision = outbox.decide(db, config)
    summary.queued = len(decision.new) + len(decision.revive)
    summary.skipped = len(decision.skip)
    planned, left_out = cap_digests(outbox.planned(db, decision, now), DELIVERY.get(config))
    summary.skipped += sum(len(rows) for rows in left_out.values())
    for kind, channel_class in channels().items():
        mine = [d for d in planned if d.channel == kind]
        # ``batches`` is a classmethod: the channel is not built, so nothing connects.
        for batch in channel_class.batches(mine):
            summary.batches.append(
                BatchReport(kind, batch[0].target, _finding_ids(batch), "would-send")
            )
    summary.pending = alerts_store.count_pending(db) + summary.queued - summary.skipped
    return summary


def _row(delivery: Delivery) -> int:
    assert delivery.row_id is not None, "only outbox rows are sent"
    return delivery.row_id


def _finding_ids(batch: Sequence[Delivery]) -> list[int]:
    return [d.finding.id for d in batch]

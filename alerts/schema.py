"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema).

The ``deliveries`` table itself is core (the contract names it); alerts only adds what
its queries need.
"""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration


def _due_index(db: sqlite_utils.Database) -> None:
    # outbox.due(): pending rows whose next attempt is not in the future.
    db.execute("CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at)")


def _failure_scope(db: sqlite_utils.Database) -> None:
    # How far the last failure reached (batch | target | channel | permanent): it decides
    # which failed deliveries come back when their channel works again.
    db.execute("ALTER TABLE deliveries ADD COLUMN failure TEXT")


MIGRATIONS: list[Migration] = [
    Migration("alerts_0001_deliveries_due_index", _due_index),
    Migration("alerts_0002_deliveries_failure", _failure_scope),
]

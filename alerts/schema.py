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


MIGRATIONS: list[Migration] = [Migration("alerts_0001_deliveries_due_index", _due_index)]

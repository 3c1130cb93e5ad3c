"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema)."""

from __future__ import annotations

from fiscalwatch.store.schema import Migration

MIGRATIONS: list[Migration] = []

"""The one place that reads the time, so tests can freeze it (monkeypatch ``clock.now``)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """UTC, seconds precision, ISO 8601: sortable as text in SQLite."""
    return now().replace(microsecond=0).isoformat()

"""The one place that reads the time, so tests can freeze it (monkeypatch ``clock.now``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def today(timezone: str) -> date:
    """Today where the government sits (``[schedule] timezone``): deadlines are judged
    by that calendar, not by UTC's, which is a day behind at a 07:00 Shanghai cycle."""
    return now().astimezone(ZoneInfo(timezone)).date()


def now_iso() -> str:
    """UTC, seconds precision, ISO 8601: sortable as text in SQLite."""
    return now().replace(microsecond=0).isoformat()

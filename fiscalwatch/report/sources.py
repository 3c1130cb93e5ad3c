"""Crawl health per source, from ``crawl_stats``: last success, documents found in the last
cycle against the source's usual count, consecutive failures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.report.model import Finding

HISTORY = 20  # cycles drawn in the sparkline


@dataclass
class SourceHealth:
    name: str
    region: str | None
    last_started: str
    last_status: str
    last_success: str | None
    last_documents: int
    usual_documents: float | None
    consecutive_failures: int
    last_error: str | None
    history: list[int]  # documents per cycle, oldest first
    findings: list[Finding] = field(default_factory=list)

    @property
    def level(self) -> str:
        """ok | warn | bad, for the colour of the row."""
        if any(f.is_open for f in self.findings) or self.consecutive_failures:
            return "bad"
        if self.usual_documents and self.last_documents < self.usual_documents / 2:
            return "warn"
        return "ok"


def has_crawl_stats(db: sqlite_utils.Database) -> bool:
    if "crawl_stats" not in db.table_names():
        return False
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM crawl_stats)").fetchone()[0])


def source_health(
    db: sqlite_utils.Database, config: Config, findings: list[Finding]
) -> list[SourceHealth]:
    regions = {source.name: source.region for source in config.sources}
    window = config.monitor.health.history_cycles
    rows_by_source: dict[str, list[dict[str, Any]]] = {}
    for row in db.query("SELECT * FROM crawl_stats ORDER BY source, started_at DESC, id DESC"):
        rows_by_source.setdefault(row["source"], []).append(row)
    health = []
    for name, rows in sorted(rows_by_source.items()):
        latest = rows[0]
        failures = 0
        for row in rows:
            if row["status"] == "ok":
                break
            failures += 1
        successes = [row for row in rows if row["status"] == "ok"]
        earlier = [row["documents"] or 0 for row in successes if row is not latest][:window]
        last_ok = successes[0] if successes else None
        health.append(
            SourceHealth(
                name=name,
                region=regions.get(name),
                last_started=latest["started_at"],
                last_status=latest["status"],
                last_success=(last_ok["finished_at"] or last_ok["started_at"]) if last_ok else None,
                last_documents=latest["documents"] or 0,
                usual_documents=statistics.median(earlier) if earlier else None,
                consecutive_failures=failures,
                last_error=latest["last_error"],
                history=[row["documents"] or 0 for row in reversed(rows[:HISTORY])],
                findings=[
                    f for f in findings if f.check == "source_unhealthy" and f.source == name
                ],
            )
        )
    return health

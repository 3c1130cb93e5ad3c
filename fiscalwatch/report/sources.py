"""The sources page: crawl health per source as ``fiscalwatch.crawler.health`` judges it
(the same numbers ``fiscalwatch status`` and the ``source_unhealthy`` check use), plus a
sparkline of disclosure items seen per cycle and the source's findings."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from fiscalwatch.config import Config
from fiscalwatch.crawler.health import SourceHealth, all_sources_health
from fiscalwatch.report.model import Finding

HISTORY = 20  # cycles drawn in the sparkline


@dataclass
class SourceRow:
    health: SourceHealth
    history: list[int]  # disclosure items seen per cycle, oldest first
    findings: list[Finding] = field(default_factory=list)

    @property
    def level(self) -> str:
        """ok | warn | bad, for the colour of the row."""
        if self.health.symptoms or any(f.is_open for f in self.findings):
            return "bad"
        if self.health.consecutive_failures or not self.health.cycles:
            return "warn"
        return "ok"


def has_crawl_stats(db: sqlite_utils.Database) -> bool:
    if "crawl_stats" not in db.table_names():
        return False
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM crawl_stats)").fetchone()[0])


def source_rows(
    db: sqlite_utils.Database, config: Config, findings: list[Finding]
) -> list[SourceRow]:
    rows = []
    for health in all_sources_health(db, config):
        history = [
            int(row[0] or 0)
            for row in db.execute(
                "SELECT items FROM crawl_stats WHERE source = ?"
                " ORDER BY started_at DESC, id DESC LIMIT ?",
                [health.source, HISTORY],
            ).fetchall()
        ]
        history.reverse()
        rows.append(
            SourceRow(
                health,
                history,
                [
                    f
                    for f in findings
                    if f.check == "source_unhealthy" and f.source == health.source
                ],
            )
        )
    return rows

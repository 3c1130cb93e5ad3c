"""Crawl health per source, from the per-cycle rows the crawler writes to ``crawl_stats``.

Government sites get redesigned without notice; then a crawl "succeeds" with zero
documents and every later check is silently wrong. This module says, per source, what
its recent cycles look like and which symptoms of a broken source they show. The
``source_unhealthy`` check, ``fiscalwatch status`` and the report's sources page all
read it from here.

Cycles the crawl was interrupted in (fiscalwatch asked to stop) are left out: their
counts are partial and say nothing about the source.

Symptoms (thresholds in ``[monitor.health]``):
- ``failing``: the last N cycles (default 3) failed, were blocked, or reached none of the
  start URLs;
- ``listing_shrank``: the last successful cycle saw no disclosure items, or fewer than
  half (default) of the median of the source's previous successful cycles (default the
  last 5); a quiet cycle that sees the same listing as before is not a symptom;
- ``blocked``: the last cycle's list pages answered with soft-404 or anti-bot pages;
- ``parse_share_dropped``: of the documents the last cycle fetched, fewer than half
  (default) parse with any figure, where earlier documents of the source mostly did;
- ``titles_skipped``: the last cycle skipped new titles (as noise or as another document
  type) naming a department the source has published disclosures of before.

A cycle whose listing collapsed is no baseline: the usual size is the median of the
previous *healthy* cycles, so an outage keeps its alarm, and the pre-outage size in its
message, until the listing recovers.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from fiscalwatch.config import Config, HealthConfig
from fiscalwatch.store import departments as department_registry
from fiscalwatch.store import reads

FAILED_STATUSES = ("failed", "unreachable", "blocked")
# A share of parse-with-figures this high before counts as "mostly did".
HISTORIC_PARSE_SHARE = 0.8
# Too few new documents say nothing about the parser's share.
MIN_NEW_DOCUMENTS = 3


@dataclass
class Symptom:
    kind: str  # failing | listing_shrank | blocked | parse_share_dropped
    message: str  # Chinese, one line
    evidence: dict[str, Any]


@dataclass(frozen=True)
class SkippedTitle:
    title: str
    decision: str  # noise | other_type | capped | offsite
    reason: str | None
    url: str
    department: str | None


@dataclass
class SourceHealth:
    source: str
    region: str | None
    cycles: int
    last_status: str | None = None
    last_cycle_at: str | None = None
    last_success_at: str | None = None
    consecutive_failures: int = 0
    items_last: int | None = None
    items_usual: float | None = None  # median of the previous successful cycles
    last_error: str | None = None
    symptoms: list[Symptom] = field(default_factory=list)
    skipped: list[SkippedTitle] = field(default_factory=list)
    """Listing items the last cycle did not fetch, with why."""
    limits: dict[str, int] = field(default_factory=dict)
    """Per-cycle and per-download limits the last cycle reached: name -> times."""

    @property
    def healthy(self) -> bool:
        return not self.symptoms


def _stats(db: sqlite_utils.Database, source: str, limit: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM crawl_stats WHERE source = ? AND status != 'interrupted'"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            [source, limit],
        )
    )


def _is_failure(row: dict[str, Any]) -> bool:
    return row["status"] in FAILED_STATUSES or not row["start_urls_ok"]


def _parse_shares(
    db: sqlite_utils.Database, source: str, since: str
) -> tuple[int, float | None, float | None]:
    """(documents fetched since ``since``, their share with figures, the earlier share)."""
    counts = reads.parse_shares(db, source, since)
    new_n, new_ok = counts.get(True, (0, 0))
    old_n, old_ok = counts.get(False, (0, 0))
    return (
        new_n,
        new_ok / new_n if new_n else None,
        old_ok / old_n if old_n else None,
    )


def source_health(db: sqlite_utils.Database, config: Config, source: str) -> SourceHealth:
    settings = config.monitor.health
    region = next((s.region for s in config.sources if s.name == source), None)
    history = _stats(
        db, source, max(settings.consecutive_failures, settings.history_cycles + 1) * 4
    )
    health = SourceHealth(source, region, cycles=len(history))
    if not history:
        return health
    last = history[0]
    health.last_status = last["status"]
    health.last_cycle_at = last["started_at"]
    health.last_error = next((r["last_error"] for r in history if r["last_error"]), None)
    for row in history:
        if not _is_failure(row):
            break
        health.consecutive_failures += 1
    successes = [r for r in history if not _is_failure(r)]
    if successes:
        health.last_success_at = successes[0]["started_at"]
        health.items_last = successes[0]["items"]
        health.items_usual = _usual_items(successes[1:], settings)
    health.skipped, health.limits = _last_cycle_left_out(db, source)

    for symptom in (
        _failing(health, settings),
        _listing_shrank(health, settings, successes),
        _blocked(last),
        _parse_share_dropped(db, source, last, settings),
        _titles_skipped(db, source, health.skipped),
    ):
        if symptom is not None:
            health.symptoms.append(symptom)
    return health


def _usual_items(previous: list[dict[str, Any]], settings: HealthConfig) -> float | None:
    """Median items of the last healthy cycles before the last one (newest first in
    ``previous``). A cycle that itself collapsed against the healthy ones before it is
    skipped: six days of a broken listing must not become its usual size."""
    healthy: list[int] = []
    for row in reversed(previous):  # oldest first
        items = row["items"] or 0
        baseline = healthy[-settings.history_cycles :]
        if baseline:
            usual = statistics.median(baseline)
            if usual > 0 and (items == 0 or items < usual * settings.min_share_of_median):
                continue
        healthy.append(items)
    recent = healthy[-settings.history_cycles :]
    return statistics.median(recent) if recent else None


def _last_cycle_left_out(
    db: sqlite_utils.Database, source: str
) -> tuple[list[SkippedTitle], dict[str, int]]:
    if "crawl_decisions" not in db.table_names():
        return [], {}
    skipped = [
        SkippedTitle(r["title"] or "", r["decision"], r["reason"], r["entry_url"], r["department"])
        for r in db.query(
            """SELECT * FROM crawl_decisions WHERE source = ? AND decision != 'fetched'
               AND cycle = (SELECT max(cycle) FROM crawl_decisions WHERE source = ?)
               ORDER BY title""",
            [source, source],
        )
    ]
    limits = {
        r["limit_name"]: r["n"]
        for r in db.query(
            """SELECT limit_name, count(*) AS n FROM crawl_limits WHERE source = ?
               AND cycle = (SELECT max(cycle) FROM crawl_limits WHERE source = ?)
               AND cycle >= coalesce((SELECT max(cycle) FROM crawl_decisions
                                      WHERE source = ?), '')
               GROUP BY limit_name""",
            [source, source, source],
        )
    }
    return skipped, limits


def _titles_skipped(
    db: sqlite_utils.Database, source: str, skipped: list[SkippedTitle]
) -> Symptom | None:
    """New skipped titles that name a department this source has published before: the
    classifier, or the site's wording, may be hiding that department's accounts."""
    candidates = [
        s
        for s in skipped
        if s.department and s.decision in ("noise", "other_type") and _reads_as_disclosure(s)
    ]
    if not candidates:
        return None
    known = reads.published_departments(db, source, ("final_account", "budget", "performance"))
    regions = {region for region, _ in known}

    def published_before(name: str | None) -> bool:
        """The store's identity rule: "市卫健委" names the department of its full name."""
        return any((r, department_registry.lookup(db, r, name)) in known for r in regions)

    seen_before = {
        r[0]
        for r in db.execute(
            """SELECT DISTINCT entry_url FROM crawl_decisions WHERE source = ?
               AND cycle < (SELECT max(cycle) FROM crawl_decisions WHERE source = ?)""",
            [source, source],
        )
    }
    hits = [s for s in candidates if published_before(s.department) and s.url not in seen_before]
    if not hits:
        return None
    departments = sorted({s.department or "" for s in hits})
    return Symptom(
        "titles_skipped",
        f"{len(departments)}个曾公开过预决算的部门有{len(hits)}条新标题被跳过"
        f"（如“{hits[0].title[:60]}”），请核对是否漏抓",
        {
            "titles": [
                {"title": s.title[:200], "reason": s.reason, "url": s.url} for s in hits[:20]
            ],
            "departments": departments[:20],
        },
    )


# What a disclosure's title holds besides the department: year, type and boilerplate.
_DISCLOSURE_WORDS = re.compile(
    r"20\d{2}\s*年度?|(?:部门|单位)?(?:预决算|决算|预算)|整体支出|绩效自评(?:报告|表)?|"
    r"公开|说明|报告|关于|的|及|和|[（）()“”\s:：-]"
)


def _reads_as_disclosure(item: SkippedTitle) -> bool:
    """A skipped title that, once its department, year and type words are taken out,
    has (almost) nothing left: a disclosure's title, not a meeting or a notice about
    one. Only such titles say the source may be hiding a department's accounts."""
    rest = item.title.replace(item.department or "", "", 1)
    return len(_DISCLOSURE_WORDS.sub("", rest)) <= 4


def _failing(health: SourceHealth, settings: HealthConfig) -> Symptom | None:
    if health.consecutive_failures < settings.consecutive_failures:
        return None
    return Symptom(
        "failing",
        f"连续{health.consecutive_failures}次抓取失败或无法访问起始页",
        {
            "consecutive_failures": health.consecutive_failures,
            "last_status": health.last_status,
            "last_success_at": health.last_success_at,
            "last_error": health.last_error,
        },
    )


def _listing_shrank(
    health: SourceHealth, settings: HealthConfig, successes: list[dict[str, Any]]
) -> Symptom | None:
    if health.items_usual is None or health.items_last is None or health.items_usual <= 0:
        return None
    floor = health.items_usual * settings.min_share_of_median
    if health.items_last != 0 and health.items_last >= floor:
        return None
    return Symptom(
        "listing_shrank",
        f"栏目列表只找到{health.items_last}条公开信息，"
        f"以往通常为{health.items_usual:g}条，网站可能已改版",
        {
            "items": health.items_last,
            "usual_items": health.items_usual,
            "threshold": round(floor, 2),
            "cycle_started_at": successes[0]["started_at"],
        },
    )


def _blocked(last: dict[str, Any]) -> Symptom | None:
    if not (last["status"] == "blocked" or (last["soft_errors"] and not last["items"])):
        return None
    return Symptom(
        "blocked",
        f"列表页返回错误页或反爬验证页（{last['soft_errors']}次），未读到公开信息",
        {
            "soft_errors": last["soft_errors"],
            "last_status": last["status"],
            "last_error": last["last_error"],
        },
    )


def _parse_share_dropped(
    db: sqlite_utils.Database, source: str, last: dict[str, Any], settings: HealthConfig
) -> Symptom | None:
    new_documents, new_share, old_share = _parse_shares(db, source, last["started_at"])
    if (
        new_documents < MIN_NEW_DOCUMENTS
        or new_share is None
        or old_share is None
        or old_share < HISTORIC_PARSE_SHARE
        or new_share >= settings.min_parse_share
    ):
        return None
    return Symptom(
        "parse_share_dropped",
        f"本次新抓取的{new_documents}份文件中只有{new_share:.0%}能读出数字（以往{old_share:.0%}）",
        {
            "new_documents": new_documents,
            "parse_share": round(new_share, 3),
            "previous_share": round(old_share, 3),
        },
    )


def all_sources_health(db: sqlite_utils.Database, config: Config) -> list[SourceHealth]:
    """Every configured source, plus sources that only have history in the store."""
    names = [s.name for s in config.sources]
    stored = [r[0] for r in db.execute("SELECT DISTINCT source FROM crawl_stats ORDER BY source")]
    names += [name for name in stored if name not in names]
    return [source_health(db, config, name) for name in names]

"""Crawl health from crawl_stats rows: which histories are symptoms, which are quiet."""

from __future__ import annotations

from datetime import date
from typing import Any

from fiscalwatch.config import config_from_dict
from fiscalwatch.crawler.health import source_health
from fiscalwatch.crawler.source_unhealthy import SourceUnhealthy
from fiscalwatch.models import Figure, ParsedDocument
from fiscalwatch.monitor.checks.base import CheckContext
from fiscalwatch.store import Store

CONFIG = config_from_dict(
    {
        "sources": [
            {"name": "qc", "region": "青川市", "start_urls": ["http://127.0.0.1:1/index.html"]}
        ]
    }
)


def add_cycles(store: Store, *cycles: dict[str, Any]) -> None:
    """Adds crawl_stats rows after the existing ones, oldest first, one day apart."""
    first_day = store.db.table("crawl_stats").count + 1
    for day, cycle in enumerate(cycles, start=first_day):
        row = {
            "source": "qc",
            "started_at": f"2025-07-{day:02d}T07:00:00+00:00",
            "status": "ok",
            "start_urls_ok": 1,
            "items": 12,
            "pages": 2,
            "soft_errors": 0,
        }
        row.update(cycle)
        store.db.table("crawl_stats").insert(row)


def symptoms(store: Store) -> list[str]:
    return [s.kind for s in source_health(store.db, CONFIG, "qc").symptoms]


def test_quiet_cycles_with_an_unchanged_listing_are_healthy(store: Store) -> None:
    add_cycles(store, *({"new": 0} for _ in range(6)))
    health = source_health(store.db, CONFIG, "qc")
    assert health.healthy
    assert (health.items_last, health.items_usual, health.consecutive_failures) == (12, 12, 0)


def test_three_failed_cycles_in_a_row(store: Store) -> None:
    timeout = {"status": "unreachable", "start_urls_ok": 0, "items": 0, "last_error": "timeout"}
    add_cycles(store, {}, timeout, timeout)
    assert symptoms(store) == []  # two failures are not yet a pattern
    add_cycles(store, timeout)
    health = source_health(store.db, CONFIG, "qc")
    assert [s.kind for s in health.symptoms] == ["failing"]
    assert health.symptoms[0].evidence["last_error"] == "timeout"


def test_listing_that_shrank_after_a_redesign(store: Store) -> None:
    add_cycles(store, {"items": 10}, {"items": 12}, {"items": 12}, {"items": 0})
    health = source_health(store.db, CONFIG, "qc")
    assert [s.kind for s in health.symptoms] == ["listing_shrank"]
    assert health.symptoms[0].evidence["usual_items"] == 12
    add_cycles(store, {"items": 12}, {"items": 5})
    assert symptoms(store) == ["listing_shrank"]  # 5 < half of the usual 12


def test_anti_bot_pages(store: Store) -> None:
    add_cycles(
        store,
        {},
        {
            "status": "blocked",
            "items": 0,
            "soft_errors": 2,
            "last_error": "http 521 with a JavaScript cookie challenge",
        },
    )
    assert "blocked" in symptoms(store)


def test_new_documents_that_stop_parsing(store: Store) -> None:
    def document(n: int, with_figures: bool) -> None:
        stored = store.record_document(
            url=f"http://127.0.0.1:1/{n}.pdf", data=f"%PDF {n}".encode(), source="qc"
        )
        figures = [Figure("income_total", 1.0)] if with_figures else []
        store.save_parse(stored.document_id, ParsedDocument("final_account", figures=figures))

    for n in range(5):
        document(n, with_figures=True)
    add_cycles(store, {}, {})
    store.db.execute("UPDATE documents SET fetched_at = '2025-07-01T08:00:00+00:00'")
    store.db.execute("UPDATE crawl_stats SET started_at = '2025-08-01T07:00:00+00:00' WHERE id = 2")
    for n in range(5, 9):
        document(n, with_figures=False)
    assert symptoms(store) == ["parse_share_dropped"]


def test_check_yields_one_finding_per_symptom_and_none_once_healthy(store: Store) -> None:
    add_cycles(store, {"items": 12}, {"items": 12}, {"items": 0})
    ctx = CheckContext(store.db, CONFIG, date(2025, 8, 1))
    drafts = list(SourceUnhealthy().run(ctx))
    assert [(d.severity, d.evidence["symptom"], d.source) for d in drafts] == [
        ("critical", "listing_shrank", "qc")
    ]
    assert drafts[0].message.startswith("青川市 数据源 qc：栏目列表只找到0条公开信息")
    add_cycles(store, {"items": 12})
    assert list(SourceUnhealthy().run(ctx)) == []


def test_an_outage_keeps_its_alarm_and_its_usual_size_until_recovery(store: Store) -> None:
    """Six daily cycles of a listing collapsed to a script shell: the alarm fires on day
    1 and stays open on every day, always saying 通常为18条, then resolves on recovery."""
    add_cycles(store, *({"items": 18} for _ in range(5)))
    for day in range(6):
        add_cycles(store, {"items": 0 if day % 2 else 1})
        health = source_health(store.db, CONFIG, "qc")
        shrank = [s for s in health.symptoms if s.kind == "listing_shrank"]
        assert len(shrank) == 1, f"day {day + 1}: {health.symptoms}"
        assert "通常为18条" in shrank[0].message
        assert health.items_usual == 18
    add_cycles(store, {"items": 18})
    assert "listing_shrank" not in symptoms(store)


def test_titles_skipped_for_a_department_seen_before(store: Store) -> None:
    add_cycles(store, {"items": 3}, {"items": 3})
    store.record_document(
        url="http://127.0.0.1:1/a.pdf",
        data=b"%PDF-1.4 a",
        source="qc",
        region="青川市",
        department="青川市审计局",
        fiscal_year=2023,
        doc_type="final_account",
        title="青川市审计局2023年度部门决算",
    )
    decisions = store.db.table("crawl_decisions")
    common = {"source": "qc", "decision": "noise", "doc_type": "final_account"}
    decisions.insert_all(
        [
            {
                **common,
                "cycle": "2025-07-01",
                "entry_url": "u-old",
                "title": "旧标题",
                "department": "青川市审计局",
                "reason": "meeting",
            },
            {
                **common,
                "cycle": "2025-07-02",
                "entry_url": "u-old",
                "title": "旧标题",
                "department": "青川市审计局",
                "reason": "meeting",
            },
            {
                **common,
                "cycle": "2025-07-02",
                "entry_url": "u-new",
                "title": "青川市审计局2024年度部门决算（会议版）",
                "department": "青川市审计局",
                "reason": "meeting",
            },
            {
                **common,
                "cycle": "2025-07-02",
                "entry_url": "u-other",
                "title": "青川市民政局召开会议",
                "department": "青川市民政局",
                "reason": "meeting",
            },
            {  # a known department's meeting about its budget: noise, not a symptom
                **common,
                "cycle": "2025-07-02",
                "entry_url": "u-meeting",
                "title": "青川市审计局召开2025年部门预算编制工作会议",
                "department": "青川市审计局",
                "reason": "meeting",
            },
        ]
    )
    health = source_health(store.db, CONFIG, "qc")
    assert [s.title for s in health.skipped] == sorted(
        [
            "旧标题",
            "青川市审计局2024年度部门决算（会议版）",
            "青川市民政局召开会议",
            "青川市审计局召开2025年部门预算编制工作会议",
        ]
    )
    skipped = [s for s in health.symptoms if s.kind == "titles_skipped"]
    assert len(skipped) == 1
    assert [t["url"] for t in skipped[0].evidence["titles"]] == ["u-new"]

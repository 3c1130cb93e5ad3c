"""End to end: the simulated 青川市 portal, a real SMTP sink and a real webhook receiver;
``run`` before and after publication day, then once more on an unchanged site."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from fiscalwatch.demo.runner import SECRET_ENV, demo_config, manifest_path
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.pipeline import run_cycle
from fiscalwatch.store import Store

MANIFEST = tomllib.loads(manifest_path().read_text(encoding="utf-8"))
ZUZHIBU = "中共青川市委员会组织部"
PERFORMANCE_CHECKS = {
    "performance_inconsistent",
    "performance_shortfall",
    "performance_boilerplate",
}


def open_findings(store: Store) -> list[tuple[str, str, int]]:
    return sorted(
        (r["check"], r["department"], r["fiscal_year"])
        for r in store.db.query(
            'SELECT "check", department, fiscal_year FROM findings WHERE resolved_at IS NULL'
        )
    )


def alerted(store: Store) -> int:
    """Open findings at the demo subscription's threshold (warning) or above."""
    rows = store.db.execute(
        "SELECT count(*) FROM findings WHERE resolved_at IS NULL AND severity != 'info'"
    )
    return int(rows.fetchone()[0])


def performance_findings(store: Store) -> set[tuple[str, str, int, str, str]]:
    """Open 绩效自评 findings as (check, department, year, project, metric or indicator)."""
    found = set()
    for row in store.db.query(
        'SELECT "check", department, fiscal_year, evidence FROM findings'
        " WHERE resolved_at IS NULL AND \"check\" LIKE 'performance_%'"
    ):
        evidence = json.loads(row["evidence"])
        detail = evidence.get("metric") or evidence.get("indicator") or ""
        found.add(
            (row["check"], row["department"], row["fiscal_year"], evidence["project"], detail)
        )
    return found


def planted_performance() -> set[tuple[str, str, int, str, str]]:
    return {
        (
            p["check"],
            p["department"],
            p["fiscal_year"],
            p["project"],
            p.get("metric") or p["indicator"],
        )
        for p in MANIFEST["planted"]
        if p["check"] in PERFORMANCE_CHECKS
    }


@pytest.mark.timeout(300)
def test_two_cycles_then_an_unchanged_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "e2e-secret")
    with (
        serve_sites(manifest_path(), state="before", sites=["trs"]) as sites,
        MailSink() as mail,
        WebhookReceiver("e2e-secret") as hook,
    ):
        config = demo_config(
            tmp_path, sites.start_url("trs"), mail.port, hook.url, MANIFEST["deadline"]
        )
        store = Store.from_config(config)

        first = run_cycle(store, config, as_of=date.fromisoformat(MANIFEST["before_as_of"]))
        assert first.status == "ok", first.errors
        # 11 final accounts and attachments, 3 budgets published as pages
        assert first.stages["crawl"]["new"] == 14
        assert first.stages["parse"]["parsed"] == 14
        before = open_findings(store)
        # 青江区 2023's missing parts, 组织部 2023's 绩效自评表 (online in both states), and
        # 统计局's 2025 budget whose empty 三公 table its text contradicts.
        assert {check for check, _, _ in before} == {
            "missing_section",
            "inconsistent_figures",
        } | PERFORMANCE_CHECKS
        assert ("inconsistent_figures", "青川市统计局", 2025) in before
        assert {(d, y) for c, d, y in before if c in PERFORMANCE_CHECKS} == {(ZUZHIBU, 2023)}
        assert performance_findings(store) == planted_performance()
        # Info-level boilerplate findings are stored but below the subscription's threshold.
        assert len(mail.messages) == 1 and len(hook.received) == alerted(store) < len(before)

        sites.set_state("after")
        second = run_cycle(store, config, as_of=date.fromisoformat(MANIFEST["after_as_of"]))
        assert second.status == "ok", second.errors
        crawl = second.stages["crawl"]
        assert (crawl["new"], crawl["changed"], crawl["removed"]) == (3, 1, 1)
        after = open_findings(store)
        checks = {check for check, _, _ in after}
        assert {
            "missing_document",
            "document_removed",
            "document_changed",
            "inconsistent_figures",
            "yoy_anomaly",
            "missing_section",
            "budget_mismatch",
        } <= checks
        assert ("missing_document", ZUZHIBU, 2024) in after
        # The demo's budgets list no parts and follow no family: nothing is asked of them.
        assert not list(
            store.db.query(
                "SELECT f.id FROM findings f JOIN documents d ON d.id = f.document_id"
                " WHERE f.\"check\" = 'missing_section' AND d.doc_type = 'budget'"
            )
        )
        # 组织部's 2023 self-evaluation: its tables stored, its planted errors still open.
        evaluations = list(
            store.db.query(
                "SELECT e.kind, e.name, e.execution_rate_stated FROM perf_evaluations e"
                " JOIN documents d ON d.id = e.document_id"
                " WHERE d.is_current = 1 AND d.department = ? AND d.fiscal_year = 2023",
                [ZUZHIBU],
            )
        )
        assert len(evaluations) == 8  # 部门整体 + 7 项目, as in seed 002
        assert ("项目", "2023年计划重点举办培训班次", 93.48) in {
            (e["kind"], e["name"], e["execution_rate_stated"]) for e in evaluations
        }
        assert {"performance_shortfall", "performance_inconsistent"} <= checks
        assert performance_findings(store) == planted_performance()
        # Nothing but the 绩效自评 findings on 组织部's published years.
        published = {(ZUZHIBU, 2022), (ZUZHIBU, 2023)}
        assert {c for c, d, y in after if (d, y) in published} == PERFORMANCE_CHECKS

        # One digest per cycle to the one subscriber, one signed webhook per finding at the
        # subscription's threshold (warning) or above.
        assert len(mail.messages) == 2
        digest = mail.messages[1].message
        assert digest["To"] == "watch@example.org"
        assert {part.get_content_type() for part in digest.iter_parts()} == {
            "text/plain",
            "text/html",
        }
        assert len(hook.received) == alerted(store)
        assert all(h.signature_ok for h in hook.received)
        ids = [h.headers["X-Fiscalwatch-Delivery"] for h in hook.received]
        assert len(set(ids)) == len(ids)
        payload = hook.received[-1].payload
        assert payload["event"] == "finding"
        assert set(payload["finding"]) == {
            "id", "check", "severity", "department", "region", "fiscal_year",
            "message", "evidence", "url", "first_seen",
        }  # fmt: skip
        statuses = {r[0] for r in store.db.execute("SELECT DISTINCT status FROM deliveries")}
        assert statuses == {"sent"}

        # Third cycle, nothing changed on the site: no downloads, no new findings or alerts.
        downloads = len(sites.downloads("trs"))
        third = run_cycle(store, config, as_of=date.fromisoformat(MANIFEST["after_as_of"]))
        assert third.status == "ok", third.errors
        assert len(sites.downloads("trs")) == downloads
        assert (third.stages["crawl"]["new"], third.stages["crawl"]["changed"]) == (0, 0)
        assert third.stages["check"]["new"] == 0 and third.stages["check"]["resolved"] == 0
        assert open_findings(store) == after
        assert len(mail.messages) == 2 and len(hook.received) == alerted(store)

        runs = list(store.db.query("SELECT status, summary FROM runs WHERE kind = 'run'"))
        assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
        assert json.loads(runs[-1]["summary"])["stages"]["notify"]["sent"] == 0
        store.close()

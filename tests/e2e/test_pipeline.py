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


def open_findings(store: Store) -> list[tuple[str, str, int]]:
    return sorted(
        (r["check"], r["department"], r["fiscal_year"])
        for r in store.db.query(
            'SELECT "check", department, fiscal_year FROM findings WHERE resolved_at IS NULL'
        )
    )


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
        assert first.stages["crawl"]["new"] == 11
        assert first.stages["parse"]["parsed"] == 11
        before = open_findings(store)
        assert {check for check, _, _ in before} == {"missing_section"}  # 青江区 2023 only
        assert len(mail.messages) == 1 and len(hook.received) == len(before)

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
        } <= checks
        assert ("missing_document", "中共青川市委员会组织部", 2024) in after
        # Nothing on the clean departments' clean years.
        clean = {("中共青川市委员会组织部", 2022), ("中共青川市委员会组织部", 2023)}
        assert not [f for f in after if (f[1], f[2]) in clean]

        # One digest per cycle to the one subscriber, one signed webhook per finding.
        assert len(mail.messages) == 2
        digest = mail.messages[1].message
        assert digest["To"] == "watch@example.org"
        assert {part.get_content_type() for part in digest.iter_parts()} == {
            "text/plain",
            "text/html",
        }
        assert len(hook.received) == len(after) and all(h.signature_ok for h in hook.received)
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
        assert len(mail.messages) == 2 and len(hook.received) == len(after)

        runs = list(store.db.query("SELECT status, summary FROM runs WHERE kind = 'run'"))
        assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
        assert json.loads(runs[-1]["summary"])["stages"]["notify"]["sent"] == 0
        store.close()

"""``fiscalwatch demo``: the whole pipeline against the bundled 青川市 site, on loopback.

It serves the simulated portal (documents from ``fiscalwatch/demo/data/manifest.toml``:
real Word-made PDFs of five departments, fiscal years 2022-2024, with planted
problems), a local SMTP sink and a webhook receiver, then runs two cycles with a
throw-away config: one before "publication day" and one after it (new accounts
published, one file replaced in place, one removed, a deadline passed). It writes the
store, the mailbox, the received webhooks and the report under one folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.departments import same_department
from fiscalwatch.pipeline import CycleSummary, run_cycle
from fiscalwatch.store import Store, reads
from fiscalwatch.store.rows import FindingRow

SITE = "trs"
SOURCE = "qingchuan"
SECRET_ENV = "FW_DEMO_WEBHOOK_SECRET"
SUBSCRIBER = "watch@example.org"


@dataclass
class DemoResult:
    out: Path
    cycles: list[tuple[str, date, CycleSummary]] = field(default_factory=list)
    findings_by_check: Counter[str] = field(default_factory=Counter)
    planted: list[str] = field(default_factory=list)
    planted_found: list[str] = field(default_factory=list)
    mails: int = 0
    webhooks: int = 0
    webhooks_verified: int = 0
    report_index: Path | None = None
    documents: dict[str, int] = field(default_factory=dict)


def manifest_path() -> Path:
    return Path(str(resources.files("fiscalwatch.demo") / "data" / "manifest.toml"))


def demo_config(out: Path, start_url: str, smtp_port: int, hook_url: str, deadline: str) -> Config:
    return config_from_dict(
        {
            "storage": {"database": str(out / "fiscalwatch.db"), "files": str(out / "files")},
            "crawl": {
                "user_agent": "fiscalwatch-demo (+http://127.0.0.1/)",
                "download_delay": 0.05,
                "concurrency_per_host": 4,
                "timeout": 15,
                # The demo replaces a file in place between its two cycles: look at every
                # known file again each cycle instead of weekly.
                "revalidate_days": 0,
            },
            "monitor": {"final_account_deadline": deadline},
            "sources": [{"name": SOURCE, "region": "青川市", "start_urls": [start_url]}],
            "alerts": {
                "email": {"smtp_host": "127.0.0.1", "smtp_port": smtp_port},
                "webhooks": [{"name": "ngo-hook", "url": hook_url, "secret_env": SECRET_ENV}],
                "delivery": {"backoff_base_seconds": 0},
            },
            "subscriptions": [
                {
                    "name": "watchers",
                    "email": [SUBSCRIBER],
                    "webhook": "ngo-hook",
                    "min_severity": "warning",
                }
            ],
            "report": {
                "out": str(out / "report"),
                "title": "fiscalwatch 演示：青川市部门决算公开监测",
            },
        },
        "demo config",
    )


def _fresh(out: Path) -> None:
    for name in ("fiscalwatch.db", "fiscalwatch.db-wal", "fiscalwatch.db-shm"):
        (out / name).unlink(missing_ok=True)
    for folder in ("files", "mailbox", "webhooks", "report"):
        shutil.rmtree(out / folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


def run_demo(out: Path) -> DemoResult:
    from fiscalwatch.report.builder import build_report

    out = out.resolve()
    _fresh(out)
    manifest = tomllib.loads(manifest_path().read_text(encoding="utf-8"))
    result = DemoResult(out)
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(16))
    with (
        serve_sites(manifest_path(), state="before", sites=[SITE]) as sites,
        MailSink(out / "mailbox") as mail,
        WebhookReceiver(os.environ[SECRET_ENV], out / "webhooks") as hook,
    ):
        config = demo_config(
            out, sites.start_url(SITE), mail.port, hook.url, manifest.get("deadline", "09-30")
        )
        store = Store.from_config(config)
        try:
            for state, as_of_key in (("before", "before_as_of"), ("after", "after_as_of")):
                sites.set_state(state)
                as_of = date.fromisoformat(manifest[as_of_key])
                result.cycles.append((state, as_of, run_cycle(store, config, as_of=as_of)))
            report = build_report(store.db, config, out / "report", files=store.files)
            result.report_index = report.index
            _tally(result, store, manifest)
        finally:
            store.close()
        result.mails = len(mail.messages)
        result.webhooks = len(hook.received)
        result.webhooks_verified = sum(1 for h in hook.received if h.signature_ok)
    return result


def _tally(result: DemoResult, store: Store, manifest: dict[str, Any]) -> None:
    result.findings_by_check = Counter(reads.open_counts_by_check(store.db))
    result.documents = store.counts()
    findings = reads.findings(store.db)
    for planted in manifest.get("planted", []):
        label = ":".join(
            str(planted[k]) for k in ("check", "department", "fiscal_year") if k in planted
        )
        detail = planted.get("metric") or planted.get("section")
        if detail:
            label += f":{detail}"
        result.planted.append(label)
        if any(_matches(planted, finding) for finding in findings):
            result.planted_found.append(label)


def _matches(planted: dict[str, Any], finding: FindingRow) -> bool:
    """Whether a stored finding is the planted problem (same check, department, year, and
    the metric or section it names)."""
    if finding.check != planted["check"]:
        return False
    if "department" in planted and not same_department(finding.department, planted["department"]):
        return False
    if "fiscal_year" in planted and finding.fiscal_year != planted["fiscal_year"]:
        return False
    evidence = finding.evidence
    if "section" in planted and evidence.get("section") != planted["section"]:
        return False
    if "metric" in planted and evidence.get("metric") != planted["metric"]:
        return False
    changed = {c.get("metric") for c in evidence.get("changed_figures", [])}
    return set(planted.get("changed_figures", [])) <= changed

"""Digests that link and unsubscribe, and the digest cap: caught by a real SMTP server
(aiosmtpd) and a real webhook receiver on loopback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.cli import cli
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver
from fiscalwatch.report import build_report
from fiscalwatch.store import Store
from tests import conftest as shared
from tests.alerts.conftest import FrozenClock, add_finding, deliveries, make_config
from tests.alerts.test_email import finding_ids_in, parts

pytestmark = pytest.mark.usefixtures("secrets")

REPORT = "https://watch.example.org/report/"


def test_each_finding_links_to_its_report_page_and_the_digest_unsubscribes(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    first = add_finding(store)
    second = add_finding(store, department="青川市教育局")
    config = make_config(
        tmp_path,
        smtp_port=smtp_sink.port,
        subscriptions=[{"name": "青川 watchers", "email": "ngo@example.org"}],
        email={"operator": "ops@example.org"},
    )
    config.report.base_url = REPORT
    deliver(store, config)

    (message,) = smtp_sink.to("ngo@example.org")
    assert message["List-Unsubscribe"].strip() == (
        "<mailto:ops@example.org?subject=unsubscribe%20%E9%9D%92%E5%B7%9D%20watchers>"
    )
    text, html = parts(message)
    for finding_id in (first, second):
        link = f"{REPORT}findings.html#f-{finding_id}"
        assert f"报告：{link}" in text
        assert f'<a class="report" href="{link}">在报告中查看</a>' in html
    assert "您收到它是因为订阅“青川 watchers”" in text
    assert "退订不能自助完成" in text and "请发邮件至 ops@example.org" in text
    assert "修改配置" in html and "ops@example.org" in html
    assert "还有" not in text


def test_the_old_report_url_key_still_links(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    finding = add_finding(store)
    config = make_config(
        tmp_path,
        smtp_port=smtp_sink.port,
        subscriptions=[{"name": "w", "email": "ngo@example.org"}],
        email={"report_url": "https://old.example.org/r"},
    )
    deliver(store, config)
    (message,) = smtp_sink.to("ngo@example.org")
    text, _ = parts(message)
    assert f"报告：https://old.example.org/r/findings.html#f-{finding}" in text
    # Without an operator address, unsubscribe mails go to the sender.
    unsubscribe = message["List-Unsubscribe"].strip()
    assert unsubscribe == "<mailto:fiscalwatch@example.org?subject=unsubscribe%20w>"


def test_webhook_payload_carries_the_report_link(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    finding = add_finding(store)
    config = make_config(
        tmp_path,
        webhook_url=receiver.url,
        subscriptions=[{"name": "hook", "webhook": "ngo-hook"}],
    )
    config.report.base_url = REPORT
    deliver(store, config)
    (hook,) = receiver.accepted
    body = hook.payload["finding"]
    assert body["report_url"] == f"{REPORT}findings.html#f-{finding}"
    assert list(body)[:10] == [
        "id", "check", "severity", "department", "region", "fiscal_year", "message",
        "evidence", "url", "first_seen",
    ]  # fmt: skip


def test_digest_cap_sends_the_most_severe_and_skips_the_rest_for_good(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    warnings = [add_finding(store, department=f"部门{i:02d}") for i in range(6)]
    critical = add_finding(store, severity="critical", check="missing_document")
    config = make_config(
        tmp_path,
        smtp_port=smtp_sink.port,
        subscriptions=[{"name": "w", "email": "ngo@example.org"}],
        delivery={"digest_max_findings": 3},
    )
    config.report.base_url = REPORT
    summary = deliver(store, config)
    assert (summary.sent, summary.skipped, summary.pending) == (3, 4, 0)

    (message,) = smtp_sink.to("ngo@example.org")
    assert message["Subject"] == "fiscalwatch：青川市 3 条新发现"
    text, html = parts(message)
    sent = finding_ids_in(html)
    assert critical in sent and sent == {critical, *warnings[:2]}
    assert f"还有 4 条未列入本邮件（每封最多 3 条），请在完整报告中查看：{REPORT}" in text
    assert re.search(r"<strong>还有 4 条</strong>未列入本邮件", html)
    capped = {d["finding_id"] for d in deliveries(store) if d["status"] == "skipped"}
    assert capped == set(warnings[2:])
    assert {d["last_error"] for d in deliveries(store) if d["status"] == "skipped"} == {
        "digest cap"
    }

    # Next cycle: a new finding goes out alone; the capped ones stay skipped.
    frozen.advance(86400)
    newer = add_finding(store, department="新部门")
    summary = deliver(store, config)
    assert (summary.sent, summary.skipped) == (1, 0)
    assert finding_ids_in(parts(smtp_sink.to("ngo@example.org")[-1])[1]) == {newer}

    # The report shows them, flagged as not mailed.
    site = build_report(store.db, config, tmp_path / "site")
    page = (site.out_dir / "findings.html").read_text(encoding="utf-8")
    for finding_id in warnings[2:]:
        card = page[page.index(f'id="f-{finding_id}"') :].split("</article>")[0]
        assert "未随邮件发送" in card
    card = page[page.index(f'id="f-{critical}"') :].split("</article>")[0]
    assert "未随邮件发送" not in card

    # status counts them.
    config_file = shared.make_config(tmp_path)
    shown = CliRunner().invoke(cli, ["--config", str(config_file), "status"])
    assert re.search(r"deliveries capped\s+4", shown.output), shown.output


def test_dry_run_counts_what_the_cap_would_skip(
    store: Store, tmp_path: Path, frozen: FrozenClock
) -> None:
    for i in range(5):
        add_finding(store, department=f"部门{i}")
    config = make_config(
        tmp_path,
        smtp_port=2525,
        subscriptions=[{"name": "w", "email": "ngo@example.org"}],
        delivery={"digest_max_findings": 2},
    )
    summary = deliver(store, config, dry_run=True)
    assert summary.skipped == 3
    assert [len(b.finding_ids) for b in summary.batches] == [2]
    assert deliveries(store) == []

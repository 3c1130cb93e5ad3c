"""Triage from the command line: dismissed and suppressed findings are never alerted
again (a real webhook receiver counts what arrives), the decisions survive the finding
being found again, and they show in status, the report and the exports."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.cli import cli
from fiscalwatch.config import Config
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.store import Store
from tests import conftest as shared
from tests.alerts.conftest import FrozenClock, add_finding, deliveries, make_config

pytestmark = pytest.mark.usefixtures("secrets")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return shared.make_config(tmp_path)


def run(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config_file), *args])


def hook_config(tmp_path: Path, receiver: WebhookReceiver) -> Config:
    return make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=[{"name": "h", "webhook": "ngo-hook"}]
    )


def received_ids(receiver: WebhookReceiver) -> list[int]:
    return [hook.payload["finding"]["id"] for hook in receiver.accepted]


def test_dismissed_finding_is_never_alerted_even_when_found_again(
    store: Store,
    receiver: WebhookReceiver,
    tmp_path: Path,
    config_file: Path,
    frozen: FrozenClock,
) -> None:
    false_alarm = add_finding(store, check="yoy_anomaly", message="误报的同比变动")
    real = add_finding(store, department="青川市教育局")
    result = run(config_file, "dismiss", str(false_alarm), "--reason", "口径调整，文中已说明")
    assert result.exit_code == 0, result.output
    assert f"#{false_alarm} dismissed: 误报的同比变动" in result.output

    config = hook_config(tmp_path, receiver)
    deliver(store, config)
    assert received_ids(receiver) == [real]

    # The check finds the same problem again: a resolved row reopened, and even a row
    # rebuilt under a new id carry the same fingerprint.
    fingerprint = store.db.execute(
        "SELECT fingerprint FROM findings WHERE id = ?", [false_alarm]
    ).fetchone()[0]
    store.db.execute("DELETE FROM findings WHERE id = ?", [false_alarm])
    again = add_finding(store, check="yoy_anomaly", message="误报的同比变动")
    store.db.execute("UPDATE findings SET fingerprint = ? WHERE id = ?", [fingerprint, again])
    frozen.advance(86400)
    deliver(store, config)
    assert received_ids(receiver) == [real]

    # Undone, it is alerted like any other.
    assert "dismissed undone" in run(config_file, "dismiss", str(again), "--undo").output
    deliver(store, config)
    assert received_ids(receiver) == [real, again]


def test_a_pending_delivery_of_a_dismissed_finding_is_skipped_with_the_reason(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, config_file: Path
) -> None:
    finding = add_finding(store)
    config = hook_config(tmp_path, receiver)
    receiver.respond = lambda _count: 500
    deliver(store, config)
    assert [d["status"] for d in deliveries(store)] == ["pending"]
    run(config_file, "dismiss", str(finding), "--reason", "模板差异")
    receiver.respond = lambda _count: 200
    summary = deliver(store, config)
    assert summary.skipped == 1 and receiver.accepted == []
    (row,) = deliveries(store)
    assert (row["status"], row["last_error"]) == (
        "skipped",
        "dismissed or suppressed by an analyst",
    )


def test_suppression_silences_present_and_future_findings_until_lifted(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, config_file: Path
) -> None:
    present = add_finding(store, department="中共青川市委员会机构编制委员会办公室")
    other = add_finding(store, department="青川市教育局")
    result = run(config_file, "suppress", "--department", "青川市委编办", "--reason", "机构改革中")
    assert result.exit_code == 0, result.output
    assert "suppression 1: 1 findings so far" in result.output  # matched on the department key

    config = hook_config(tmp_path, receiver)
    future = add_finding(store, department="中共青川市委员会机构编制委员会办公室", check="x")
    deliver(store, config)
    assert received_ids(receiver) == [other]

    listing = run(config_file, "suppress", "--list").output
    assert "机构改革中" in listing and re.search(r"│\s*2\s*│", listing)  # findings now

    assert run(config_file, "suppress", "--lift", "1").exit_code == 0
    deliver(store, config)
    assert sorted(received_ids(receiver)) == sorted([other, present, future])
    assert run(config_file, "suppress", "--lift", "1").exit_code == 1


def test_check_suppression_is_scoped_by_region(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, config_file: Path
) -> None:
    add_finding(store, check="yoy_anomaly", region="青川市")
    kept = add_finding(store, check="yoy_anomaly", region="白水县")
    run(config_file, "suppress", "--check", "yoy_anomaly", "--region", "青川市")
    deliver(store, hook_config(tmp_path, receiver))
    assert received_ids(receiver) == [kept]


def test_usage_errors(config_file: Path, store: Store) -> None:
    finding = add_finding(store)
    assert run(config_file, "dismiss", str(finding)).exit_code == 2
    missing = run(config_file, "ack", "999")
    assert missing.exit_code == 1 and "no finding with id 999" in missing.output
    assert run(config_file, "suppress").exit_code == 1


def test_decisions_show_in_status_report_and_exports(
    store: Store, tmp_path: Path, config_file: Path
) -> None:
    dismissed = add_finding(store, check="yoy_anomaly", message="甲")
    acked = add_finding(store, check="yoy_anomaly", message="乙")
    add_finding(store, check="yoy_anomaly", message="丙")
    suppressed = add_finding(store, check="missing_section", department="青川市教育局")
    run(config_file, "dismiss", str(dismissed), "--reason", "<b>口径</b>")
    run(config_file, "ack", str(acked), "--reason", "已致电")
    run(config_file, "suppress", "--department", "青川市教育局", "--reason", "改革")

    status = run(config_file, "status").output
    assert re.search(r"yoy_anomaly\s+│\s+3\s+│\s+1\s+│\s+1\s+│\s+0\s+│\s+67%", status), status
    assert re.search(r"missing_section\s+│\s+1\s+│\s+0\s+│\s+0\s+│\s+1\s+│\s+100%", status)

    out = tmp_path / "site"
    assert run(config_file, "report", "--out", str(out)).exit_code == 0
    page = (out / "findings.html").read_text(encoding="utf-8")
    card = page[page.index(f'id="f-{dismissed}"') :]
    assert '<span class="triage triage-dismissed">误报：&lt;b&gt;口径&lt;/b&gt;</span>' in card
    assert "已确认：已致电" in page and "已屏蔽：改革" in page
    assert "各类检查的误报情况" in page
    assert re.search(
        r"<td>同比大幅变动</td><td>3</td><td>1</td><td>1</td><td>0</td><td>67%</td>", page
    )
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        rows = {int(r["id"]): r for r in csv.DictReader(handle)}
    assert (rows[dismissed]["triage"], rows[dismissed]["triage_reason"]) == (
        "dismissed",
        "<b>口径</b>",
    )
    assert rows[suppressed]["triage"] == "suppressed"

    workbook = tmp_path / "w.xlsx"
    assert run(config_file, "export", "--out", str(workbook)).exit_code == 0
    sheet = openpyxl.load_workbook(workbook)["问题"]
    judged = {row[0]: row[9] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert judged[dismissed] == "误报：<b>口径</b>" and judged[acked] == "已确认：已致电"

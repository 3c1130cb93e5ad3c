"""A suppression is of a department, not of a spelling: suppressed by one of its names,
its findings filed under another name (市卫健委 for 青川市卫生健康委员会) are silenced
too, and the alerts (a real webhook receiver), ``status``, the report and the exports
agree on it. Other departments, and a namesake in another region when the suppression
names a region, are not touched."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.cli import cli
from fiscalwatch.config import config_from_dict
from fiscalwatch.demo.sinks import WebhookReceiver
from fiscalwatch.departments import department_key
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store, reads
from fiscalwatch.triage import store as triage_store
from fiscalwatch.triage.schema import _suppression_departments
from tests import conftest as shared
from tests.alerts.conftest import make_config

pytestmark = pytest.mark.usefixtures("secrets")

FULL, SHORT, OTHER = "青川市卫生健康委员会", "市卫健委", "青川市教育局"


def run(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config_file), *args])


def removed_accounts(store: Store, *named: tuple[str, str, int]) -> dict[tuple[str, str], int]:
    """Stores a removed final account per (region, department name, year), runs the
    ``document_removed`` check on them; (region, name) -> the id of its finding."""
    for region, name, year in named:
        stored = store.record_document(
            url=f"http://127.0.0.1:1/{region}/{year}/{name}.pdf",
            data=f"%PDF {name}{year}".encode(),
            source="qc",
            department=name,
            region=region,
            fiscal_year=year,
            doc_type="final_account",
        )
        store.save_parse(stored.document_id, ParsedDocument("final_account"))
        store.mark_removed(stored.document_id, "http 404")
    run_checks(store.db, config_from_dict({}), date(2025, 10, 15), only=["document_removed"])
    return {(f.region or "", f.department or ""): f.id for f in reads.findings(store.db)}


def test_suppressed_by_its_short_name_a_department_is_silent_under_its_full_name(
    store: Store, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    found = removed_accounts(
        store, ("青川市", FULL, 2023), ("青川市", SHORT, 2024), ("青川市", OTHER, 2024)
    )
    full, short, other = (found["青川市", n] for n in (FULL, SHORT, OTHER))
    department = reads.finding(store.db, short)
    assert department is not None and department.department_id is not None
    config_file = shared.make_config(tmp_path)

    # No region: the name is matched on every department that goes by it.
    result = run(config_file, "suppress", "--department", SHORT, "--reason", "机构改革")
    assert result.exit_code == 0, result.output
    assert "suppression 1: 2 findings so far" in result.output

    config = make_config(
        tmp_path, webhook_url=receiver.url, subscriptions=[{"name": "h", "webhook": "ngo-hook"}]
    )
    deliver(store, config)
    assert [hook.payload["finding"]["id"] for hook in receiver.accepted] == [other]

    status = run(config_file, "status").output
    assert re.search(r"document_removed\s+│\s+3\s+│\s+0\s+│\s+0\s+│\s+2\s+│\s+100%", status), status

    out = tmp_path / "site"
    assert run(config_file, "report", "--out", str(out)).exit_code == 0
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        triage = {int(r["id"]): (r["triage"], r["triage_reason"]) for r in csv.DictReader(handle)}
    assert triage == {
        full: ("suppressed", "机构改革"),
        short: ("suppressed", "机构改革"),
        other: ("", ""),
    }
    page = (out / "findings.html").read_text(encoding="utf-8")
    assert page.count("已屏蔽：机构改革") == 2


def test_a_regional_suppression_stores_its_department_and_spares_a_namesake_elsewhere(
    store: Store, tmp_path: Path
) -> None:
    found = removed_accounts(
        store, ("青川市", FULL, 2023), ("青川市", SHORT, 2024), ("白水县", SHORT, 2024)
    )
    config_file = shared.make_config(tmp_path)
    result = run(config_file, "suppress", "--department", SHORT, "--region", "青川市")
    assert "suppression 1: 2 findings so far" in result.output, result.output

    [suppression] = triage_store.suppressions(store.db)
    finding = reads.finding(store.db, found["青川市", FULL])
    assert finding is not None
    assert (suppression.department, suppression.department_id) == (SHORT, finding.department_id)
    states = triage_store.triage_states(store.db)
    assert {i for i, s in states.items() if s.state == "suppressed"} == {
        found["青川市", FULL],
        found["青川市", SHORT],
    }


def test_a_short_name_no_document_used_resolves_to_the_one_department_it_is_the_tail_of(
    store: Store, tmp_path: Path
) -> None:
    found = removed_accounts(store, ("青川市", "青川市财政局", 2024), ("青川市", OTHER, 2024))
    result = run(
        shared.make_config(tmp_path), "suppress", "--department", "财政局", "--region", "青川市"
    )
    assert "suppression 1: 1 findings so far" in result.output, result.output
    [suppression] = triage_store.suppressions(store.db)
    finding = reads.finding(store.db, found["青川市", "青川市财政局"])
    assert finding is not None and suppression.department_id == finding.department_id


def test_a_merged_department_keeps_its_suppression(store: Store, tmp_path: Path) -> None:
    """The short name first stands for a department of its own; the full name arriving
    later merges the two. The suppression made on the short one still holds, also once
    its department's row is gone and the id names another department."""
    removed_accounts(store, ("青川市", SHORT, 2024), ("青川市", OTHER, 2024))
    run(shared.make_config(tmp_path), "suppress", "--department", SHORT, "--region", "青川市")
    [before] = triage_store.suppressions(store.db)
    assert before.department_id is not None
    found = removed_accounts(store, ("青川市", FULL, 2023))
    health = {found["青川市", FULL], found["青川市", SHORT]}

    def suppressed() -> set[int]:
        states = triage_store.triage_states(store.db)
        return {i for i, s in states.items() if s.state == "suppressed"}

    assert suppressed() == health
    other = reads.finding(store.db, found["青川市", OTHER])
    assert other is not None and other.department_id is not None
    for gone in (other.department_id + 100, other.department_id):
        store.db.execute("UPDATE suppressions SET department_id = ?", [gone])
        assert suppressed() == health


def test_the_migration_resolves_existing_suppressions_keeping_the_name_as_typed(
    store: Store,
) -> None:
    found = removed_accounts(store, ("青川市", FULL, 2023), ("青川市", SHORT, 2024))
    db = store.db
    # A suppression as the first triage schema stored it, then the migration again.
    db.execute("DROP VIEW finding_triage")
    db.execute("DROP VIEW suppression_matches")
    db.execute("ALTER TABLE suppressions DROP COLUMN department_id")
    for name, region in ((SHORT, "青川市"), (FULL, None), ("不存在的局", "青川市")):
        db.execute(
            "INSERT INTO suppressions (department, department_key, region, created_at)"
            " VALUES (?, ?, ?, '2025-10-01T00:00:00+00:00')",
            [name, department_key(name), region],
        )
    _suppression_departments(db)

    department = reads.finding(db, found["青川市", FULL])
    assert department is not None
    resolved = [(s.department, s.department_id) for s in triage_store.suppressions(db)]
    assert resolved == [(SHORT, department.department_id), (FULL, None), ("不存在的局", None)]
    assert [triage_store.matching_count(db, i) for i in (1, 2, 3)] == [2, 2, 0]

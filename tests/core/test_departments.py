"""Department identity as the store keeps it: the tables, their backfill by the
migration, merges and splits as names arrive, rosters, and the views built on them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.store import Store
from fiscalwatch.store import departments as registry
from fiscalwatch.store.schema import all_migrations, migrate
from fiscalwatch.store.views import sync_deadlines

REGION = "攀枝花市"


def add(store: Store, name: str, year: int, *, region: str = REGION, n: int = 0) -> int:
    stored = store.record_document(
        url=f"http://127.0.0.1:1/{region}/{name}/{year}/{n}.pdf", data=f"{name}{year}{n}".encode(),
        source="s", department=name, region=region, fiscal_year=year, doc_type="final_account",
    )  # fmt: skip
    return stored.document_id


def department_of(store: Store, document_id: int) -> int | None:
    row = store.db.execute("SELECT department_id FROM documents WHERE id = ?", [document_id])
    return row.fetchone()[0]


def test_migration_backfills_documents_and_findings(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "fw.db")
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    later = ("core_0011_departments", "core_0012_rule_views")
    for migration in all_migrations():
        if migration.name not in later:
            migration.apply(db)
            db.execute("INSERT INTO schema_migrations VALUES (?, '')", [migration.name])
    for n, name in enumerate(["攀枝花市西区卫生健康委员会", "区卫健委", "攀枝花市财政局"], start=1):
        db.execute(
            "INSERT INTO documents (id, url, sha256, fetched_at, department, region)"
            " VALUES (?, ?, 'x', '', ?, ?)",
            [n, f"http://127.0.0.1/{n}", name, REGION],
        )
    db.execute(
        'INSERT INTO findings ("check", severity, department, region, message, evidence,'
        " fingerprint, first_seen, last_seen) VALUES ('missing_document', 'critical',"
        " '区卫健委', ?, 'm', '{}', 'fp', '', '')",
        [REGION],
    )
    db.conn.commit()
    assert migrate(db) == list(later)
    ids = [r[0] for r in db.execute("SELECT department_id FROM documents ORDER BY id")]
    assert ids[0] == ids[1] != ids[2] and None not in ids
    assert db.execute("SELECT department_id, department_key FROM findings").fetchone() == (
        ids[0],
        "攀枝花市西区卫健委",
    )


def test_a_tail_that_becomes_ambiguous_splits_off(store: Store) -> None:
    west = add(store, "攀枝花市西区卫生健康委员会", 2023)
    short = add(store, "区卫健委", 2024)
    assert department_of(store, short) == department_of(store, west)
    east = add(store, "攀枝花市东区卫生健康委员会", 2023)
    ids = {department_of(store, d) for d in (west, short, east)}
    assert len(ids) == 3  # "区卫健委" may be either: it stands alone
    assert department_of(store, west) == 1  # ids stay where they can


def test_same_key_in_two_regions_is_two_departments(store: Store) -> None:
    first = add(store, "财政局", 2024, region="甲市")
    second = add(store, "财政局", 2024, region="乙市")
    assert department_of(store, first) != department_of(store, second)


def test_merge_keeps_the_older_id_and_records_the_merged_name(store: Store) -> None:
    short = add(store, "市卫健委", 2024, region="青川市")
    full = add(store, "青川市卫生健康委员会", 2023, region="青川市")
    assert department_of(store, short) == department_of(store, full)
    rows = store.db.execute("SELECT id, name, key FROM departments").fetchall()
    assert rows == [(1, "青川市卫生健康委员会", "青川市卫健委")]


def test_rosters_are_aliases_and_follow_the_config(store: Store) -> None:
    document = add(store, "攀枝花市西区卫生健康委员会", 2024)
    with store.transaction():
        registry.sync_rosters(store.db, {REGION: ["区卫健委", "区审计局"]})
    rostered = store.db.execute(
        "SELECT d.name, a.alias FROM department_aliases a JOIN departments d"
        " ON d.id = a.department_id WHERE a.source = 'roster' ORDER BY a.alias"
    ).fetchall()
    assert rostered == [("攀枝花市西区卫生健康委员会", "区卫健委"), ("区审计局", "区审计局")]
    assert registry.lookup(store.db, REGION, "区卫健委") == department_of(store, document)
    with store.transaction():
        registry.sync_rosters(store.db, {})  # the source left the config
    names = [r[0] for r in store.db.execute("SELECT name FROM departments")]
    assert names == ["攀枝花市西区卫生健康委员会"]


def test_current_final_accounts_leave_out_a_replaced_removed_file(store: Store) -> None:
    old = add(store, "攀枝花市财政局", 2024)
    store.mark_removed(old, "404")
    assert [r[0] for r in store.db.execute("SELECT id FROM current_final_accounts")] == [old]
    new = add(store, "攀枝花市财政局", 2024, n=1)
    for document_id in (old, new):
        store.save_parse(document_id, ParsedDocument("final_account"))
    assert [r[0] for r in store.db.execute("SELECT id FROM current_final_accounts")] == [new]
    replaced = store.db.execute("SELECT replaced FROM current_documents WHERE id = ?", [old])
    assert replaced.fetchone()[0] == 1


def test_department_years_read_the_deadline_from_the_config(store: Store) -> None:
    add(store, "攀枝花市财政局", 2024)
    deadline = "SELECT deadline FROM department_years WHERE fiscal_year = 2024"
    assert store.db.execute(deadline).fetchone()[0] == "2025-09-30"
    config = config_from_dict({"monitor": {"final_account_deadline": "02-29"}})
    assert sync_deadlines(store.db, config.monitor)
    assert store.db.execute(deadline).fetchone()[0] == "2025-02-28"
    assert not sync_deadlines(store.db, config.monitor)  # nothing to write the second time

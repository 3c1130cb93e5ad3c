"""A migration runs in one transaction: one that fails part-way leaves the database as
it was, with no record of having run, and the next start tries it again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from fiscalwatch.store import Store, schema
from fiscalwatch.store.schema import Migration, all_migrations, migrate, split_statements


def _tables(db: sqlite_utils.Database) -> set[str]:
    return set(db.table_names())


def _half_script(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE half_a (x TEXT);
        CREATE INDEX half_a_x ON half_a(x);
        INSERT INTO half_a VALUES ('a;b');
        CREATE TABLE half_b (y TEXT);
        INSERT INTO no_such_table VALUES (1);
        """
    )


def _half_api(db: sqlite_utils.Database) -> None:
    db["half_c"].insert_all([{"x": 1}, {"x": 2}])  # sqlite-utils commits with `with conn:`
    db.execute("ALTER TABLE documents ADD COLUMN half_d TEXT")
    raise RuntimeError("migration bug")


@pytest.mark.parametrize(
    ("apply", "error"), [(_half_script, sqlite3.OperationalError), (_half_api, RuntimeError)]
)
def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apply: object, error: type[Exception]
) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    before = _tables(store.db)
    columns = [c.name for c in store.db.table("documents").columns]
    failing = Migration("zz_test_failing", apply)  # type: ignore[arg-type]
    monkeypatch.setattr(schema, "all_migrations", lambda: [*all_migrations(), failing])
    with pytest.raises(error):
        migrate(store.db)
    assert _tables(store.db) == before
    assert [c.name for c in store.db.table("documents").columns] == columns
    names = {r[0] for r in store.db.execute("SELECT name FROM schema_migrations").fetchall()}
    assert "zz_test_failing" not in names
    assert not store.db.conn.in_transaction
    store.db.execute("INSERT INTO runs (kind, started_at, status) VALUES ('x', 'now', 'ok')")
    store.close()


def test_a_fixed_migration_runs_on_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    monkeypatch.setattr(
        schema, "all_migrations", lambda: [*all_migrations(), Migration("zz_test", _half_script)]
    )
    with pytest.raises(sqlite3.OperationalError):
        migrate(store.db)

    def fixed(db: sqlite_utils.Database) -> None:
        db.executescript("CREATE TABLE half_a (x TEXT); INSERT INTO half_a VALUES ('a;b');")

    monkeypatch.setattr(
        schema, "all_migrations", lambda: [*all_migrations(), Migration("zz_test", fixed)]
    )
    assert migrate(store.db) == ["zz_test"]
    assert [r[0] for r in store.db.execute("SELECT x FROM half_a")] == ["a;b"]
    store.close()


def test_split_statements_keeps_strings_and_triggers_whole() -> None:
    script = """
        CREATE TABLE t (x TEXT);
        INSERT INTO t VALUES ('one; two');
        CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN UPDATE t SET x = x || ';'; END;
    """
    assert [s.split()[0:2] for s in split_statements(script)] == [
        ["CREATE", "TABLE"],
        ["INSERT", "INTO"],
        ["CREATE", "TRIGGER"],
    ]

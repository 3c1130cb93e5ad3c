"""A component outside this repository plugs in the way the built-in ones do: a table
through a migration, a check, a command and a status count, with no edit to the core."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from fiscalwatch.cli import all_commands, cli
from fiscalwatch.config import Config, StorageConfig
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.plugins import CommandSpec, hookimpl, plugin_manager
from fiscalwatch.store import Store
from fiscalwatch.store.schema import Migration


class EveryDocumentSeen(Check):
    name = "every_document_seen"
    severity = "info"
    description = "An outside check: one finding per stored document."

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for row in ctx.db.query("SELECT id, department, fiscal_year FROM documents"):
            yield FindingDraft(
                check=self.name,
                severity=self.severity,
                message=f"{row['department']} 已收录",
                evidence={"document_id": row["id"]},
                identity=(row["id"],),
                department=row["department"],
                fiscal_year=row["fiscal_year"],
                document_id=row["id"],
            )


def _watchlist(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE outside_watchlist (department TEXT PRIMARY KEY)")


class OutsidePlugin:
    @hookimpl
    def fiscalwatch_migrations(self) -> Sequence[Migration]:
        return [Migration("outside_0001_watchlist", _watchlist)]

    @hookimpl
    def fiscalwatch_checks(self) -> Sequence[type]:
        return [EveryDocumentSeen]

    @hookimpl
    def fiscalwatch_commands(self) -> Sequence[CommandSpec]:
        return [CommandSpec("watchlist", "tests.core.outside_command:watchlist", "Show it.")]

    @hookimpl
    def fiscalwatch_status_counts(self, db: sqlite_utils.Database) -> Mapping[str, int]:
        return {"watchlist": db.execute("SELECT count(*) FROM outside_watchlist").fetchone()[0]}


@pytest.fixture
def outside() -> Iterator[None]:
    manager = plugin_manager()
    manager.register(OutsidePlugin(), name="outside")
    all_checks.cache_clear()
    try:
        yield
    finally:
        manager.unregister(name="outside")
        all_checks.cache_clear()


def test_an_outside_plugin_brings_a_table_a_check_a_command_and_a_count(
    outside: None, tmp_path: Path
) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    try:
        assert "outside_watchlist" in store.db.table_names()
        assert CliRunner().invoke(cli, ["watchlist"]).output == "watching\n"
        store.db["outside_watchlist"].insert({"department": "青川市教育局"})
        assert store.counts()["watchlist"] == 1
        store.record_document(
            url="http://127.0.0.1/a.pdf",
            data=b"%PDF-1.4 outside",
            source="t",
            department="青川市教育局",
            fiscal_year=2024,
        )
        config = Config(storage=StorageConfig(database=store.path, files=tmp_path / "files"))
        summary = run_checks(store.db, config, date(2025, 10, 1), ["every_document_seen"])
        assert summary.per_check["every_document_seen"].new == 1
        found = [dict(r) for r in store.db.query('SELECT "check", department FROM findings')]
        assert found == [{"check": "every_document_seen", "department": "青川市教育局"}]
    finally:
        store.close()
    assert all_commands()["watchlist"].help == "Show it."
    listed = CliRunner().invoke(cli, ["--help"]).output
    assert "watchlist  Show it." in listed


def test_without_it_nothing_of_it_remains(tmp_path: Path) -> None:
    assert "every_document_seen" not in all_checks()
    assert "watchlist" not in all_commands()
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    try:
        assert "outside_watchlist" not in store.db.table_names()
    finally:
        store.close()


def test_two_checks_of_one_name_are_refused(outside: None) -> None:
    class Impostor(EveryDocumentSeen):
        pass

    class Second:
        @hookimpl
        def fiscalwatch_checks(self) -> Sequence[type]:
            return [Impostor]

    plugin_manager().register(Second(), name="second")
    all_checks.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="two checks are named 'every_document_seen'"):
            all_checks()
    finally:
        plugin_manager().unregister(name="second")

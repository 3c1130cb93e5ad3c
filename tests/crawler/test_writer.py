"""The crawl process's store writer: changes are applied in order, grouped in one
transaction after their originals are durable, each change all or nothing, and a change
that fails is reported to its source, not lost silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.crawler import writer as writer_module
from fiscalwatch.crawler.writer import StoreWriter
from fiscalwatch.store import Store, transaction
from fiscalwatch.store import files as files_module


def _document(store: Store, url: str, sha256: str) -> None:
    store.record_version(url=url, sha256=sha256, size=3, source="s", region="r")


def _urls(database: Path) -> list[str]:
    with Store(database, database.parent / "files") as reader:
        return [row[0] for row in reader.db.execute("SELECT url FROM documents ORDER BY id")]


def test_changes_wait_for_the_flush_and_come_in_order(tmp_path: Path) -> None:
    writer = StoreWriter(tmp_path / "fw.db", tmp_path / "files")
    failures: list[str] = []
    for n in range(3):
        sha = writer.stage(f"doc {n}".encode())
        writer.submit(
            lambda store, n=n, sha=sha: _document(store, f"http://x/{n}", sha), failures.append
        )
    assert _urls(tmp_path / "fw.db") == []  # nothing committed before its file is durable
    assert writer.flush() == 3
    assert _urls(tmp_path / "fw.db") == ["http://x/0", "http://x/1", "http://x/2"]
    assert failures == []
    writer.close()


def test_a_failing_change_is_undone_alone_and_reported(tmp_path: Path) -> None:
    writer = StoreWriter(tmp_path / "fw.db", tmp_path / "files")
    failures: list[str] = []

    def half_then_fail(store: Store) -> None:
        _document(store, "http://x/half", writer.stage(b"half"))
        raise RuntimeError("disk says no")

    writer.submit(lambda store: _document(store, "http://x/a", writer.stage(b"a")), failures.append)
    writer.submit(half_then_fail, failures.append)
    writer.submit(lambda store: _document(store, "http://x/b", writer.stage(b"b")), failures.append)
    assert writer.flush() == 2
    assert _urls(tmp_path / "fw.db") == ["http://x/a", "http://x/b"]
    assert failures == ["store write failed: disk says no"]
    writer.close()


def test_no_row_is_written_when_the_originals_cannot_be_made_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path, paths: list[Path]) -> None:
        raise OSError(5, "Input/output error")

    writer = StoreWriter(tmp_path / "fw.db", tmp_path / "files")
    failures: list[str] = []
    sha = writer.stage(b"never durable")
    writer.submit(lambda store: _document(store, "http://x/lost", sha), failures.append)
    monkeypatch.setattr(files_module, "_flush", broken)
    assert writer.flush() == 0
    assert _urls(tmp_path / "fw.db") == []
    assert len(failures) == 1 and "cannot make 1 files durable" in failures[0]
    assert not list((tmp_path / "files").glob("*/*/*"))  # the temporary file went too
    monkeypatch.undo()
    writer.close()


def test_the_process_shares_one_writer_per_store(tmp_path: Path) -> None:
    first = writer_module.acquire(tmp_path / "fw.db", tmp_path / "files")
    second = writer_module.acquire(tmp_path / "fw.db", tmp_path / "files")
    assert first is second and first.users == 2
    writer_module.release(first)
    writer_module.release(second)
    again = writer_module.acquire(tmp_path / "fw.db", tmp_path / "files")
    assert again is not first  # the last user closed the first one
    writer_module.release(again)


def test_a_transaction_inside_a_transaction_is_a_savepoint(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db", tmp_path / "files") as store:
        with transaction(store.db):
            _document(store, "http://x/kept", "a" * 64)
            with pytest.raises(RuntimeError), transaction(store.db):
                _document(store, "http://x/undone", "b" * 64)
                raise RuntimeError("undo this block only")
        assert [r[0] for r in store.db.execute("SELECT url FROM documents")] == ["http://x/kept"]

"""A large report's region workbooks and its figure and finding exports, written by
worker processes, are the ones this process would have written; a workbook that cannot
be written fails the build, in a worker or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.report import build_report, builder, pages
from fiscalwatch.report.manifest import ReportError
from fiscalwatch.report.model import slug_for
from fiscalwatch.store import Store
from tests.export.test_workbook_stream import content
from tests.report.sample import BAISHUI, build_sample, sample_config


@pytest.fixture
def large_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    store, _ = build_sample(tmp_path / "store", monkeypatch)
    monkeypatch.setattr(pages, "INLINE_DEPARTMENTS", 1)  # large: workers may be used
    return store


def build(store: Store, out: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builder, "worker_count", lambda jobs: workers)
    build_report(store.db, sample_config(), out, files=store.files)


def test_workers_write_the_same_workbooks_and_exports(
    large_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(large_store, tmp_path / "here", 0, monkeypatch)
    build(large_store, tmp_path / "workers", 2, monkeypatch)
    large_store.close()
    here = sorted((tmp_path / "here" / "downloads").glob("*.xlsx"))
    there = sorted((tmp_path / "workers" / "downloads").glob("*.xlsx"))
    assert [p.name for p in here] == [p.name for p in there] and len(here) == 2
    for mine, theirs in zip(here, there, strict=True):
        assert content(theirs) == content(mine)
        assert content(mine)["sheets"]["数字明细"]["cells"]
    for name in ("figures.csv", "figures.json", "findings.csv", "findings.json"):
        mine_bytes = (tmp_path / "here" / name).read_bytes()
        assert (tmp_path / "workers" / name).read_bytes() == mine_bytes
        assert len(mine_bytes) > 1000


@pytest.mark.parametrize("workers", [0, 2])
def test_a_workbook_that_cannot_be_written_fails_the_build(
    large_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # A folder where a workbook should go: the worker cannot write it.
    out = tmp_path / "site"
    build(large_store, out, 0, monkeypatch)
    target = next((out / "downloads").glob("*.xlsx"))
    target.unlink()
    target.mkdir()
    with pytest.raises(ReportError, match="Is a directory"):
        build(large_store, out, workers, monkeypatch)
    large_store.close()


def test_a_rebuild_keeps_the_workbooks_whose_rows_did_not_change(
    large_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build(large_store, out, 0, monkeypatch)
    books = {p.name: p.stat().st_mtime_ns for p in (out / "downloads").glob("*.xlsx")}
    build(large_store, out, 0, monkeypatch)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "downloads").glob("*.xlsx")} == books
    # One figure of one region changes: that region's workbook alone is written again.
    large_store.db.execute(
        "UPDATE figures SET value = value + 1 WHERE id = (SELECT f.id FROM figures f"
        " JOIN documents d ON d.id = f.document_id WHERE d.region = ? AND d.is_current"
        " ORDER BY f.id LIMIT 1)",
        [BAISHUI],
    )
    large_store.db.conn.commit()
    build(large_store, out, 0, monkeypatch)
    changed = {
        p.name for p in (out / "downloads").glob("*.xlsx") if p.stat().st_mtime_ns != books[p.name]
    }
    assert changed == {f"{slug_for(BAISHUI)}.xlsx"}
    build(large_store, tmp_path / "fresh", 0, monkeypatch)
    large_store.close()
    for name in books:
        assert content(out / "downloads" / name) == content(tmp_path / "fresh" / "downloads" / name)

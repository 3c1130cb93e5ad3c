"""Parse results are committed in groups (one commit waits for the disk, and there is
one per group, not per document), each document's results still all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.parsing.executors import make_executor
from fiscalwatch.parsing.stage import parse_documents
from fiscalwatch.store import Store
from tests.conftest import config_data

DOCUMENT = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "v_html_utf8.html"


def _documents(store: Store, count: int) -> list[dict[str, Any]]:
    body = DOCUMENT.read_bytes()
    rows = []
    for n in range(count):
        stored = store.record_document(
            url=f"http://127.0.0.1/{n}.html", data=body + str(n).encode(), source="t"
        )
        rows.append(dict(store.db.table("documents").get(stored.document_id)))
    return rows


@pytest.mark.timeout(120)
def test_results_are_committed_in_groups(tmp_path: Path) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    documents = _documents(store, 6)
    commits: list[str] = []
    store.db.conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    config = config_from_dict(config_data(tmp_path, parse={"workers": 1}))
    summary = parse_documents(store, config, documents, progress=False)
    store.db.conn.set_trace_callback(None)
    assert summary.parsed == 6
    assert len(commits) < 6  # one per group (the results of a quick parse come together)
    statuses = store.db.execute("SELECT DISTINCT status FROM documents").fetchall()
    assert statuses == [("parsed",)]
    assert store.db.execute("SELECT count(DISTINCT document_id) FROM pages").fetchone()[0] == 6
    store.close()


@pytest.mark.timeout(120)
def test_a_result_that_cannot_be_saved_is_undone_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    documents = _documents(store, 4)
    broken = documents[1]["id"]
    save = Store.save_parse

    def save_parse(self: Store, document_id: int, *args: Any, **kwargs: Any) -> None:
        save(self, document_id, *args, **kwargs)  # its rows are written, then undone
        if document_id == broken:
            raise RuntimeError("cannot save this one")

    monkeypatch.setattr(Store, "save_parse", save_parse)
    config = config_from_dict(config_data(tmp_path, parse={"workers": 1}))
    with pytest.raises(RuntimeError, match="cannot save this one"):
        parse_documents(store, config, documents, progress=False)
    rows = dict(store.db.execute("SELECT id, status FROM documents").fetchall())
    assert rows[broken] == "pending"
    assert [s for i, s in rows.items() if i != broken] == ["parsed"] * 3
    pages = store.db.execute("SELECT DISTINCT document_id FROM pages").fetchall()
    assert broken not in {p[0] for p in pages} and len(pages) == 3
    store.close()


class _StopsAfterTwo:
    """The local executor, stopped by the operator after two results."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def start(self) -> None:
        self.inner.start()

    def __enter__(self) -> _StopsAfterTwo:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def run(self, jobs: Any) -> Iterator[Any]:
        for count, outcome in enumerate(self.inner.run(jobs), start=1):
            yield outcome
            if count == 2:
                raise KeyboardInterrupt


@pytest.mark.timeout(120)
def test_a_run_that_stops_keeps_the_results_it_has(tmp_path: Path) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    documents = _documents(store, 3)
    config = config_from_dict(config_data(tmp_path, parse={"workers": 1}))
    executor = _StopsAfterTwo(make_executor(config, 3))
    with pytest.raises(KeyboardInterrupt):
        parse_documents(store, config, documents, progress=False, executor=executor)
    statuses = [row[0] for row in store.db.execute("SELECT status FROM documents ORDER BY id")]
    assert statuses == ["parsed", "parsed", "pending"]
    store.close()

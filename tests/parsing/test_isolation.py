"""Every document is parsed in a worker process: a crash, a hang or a memory blow-up in
a reader fails that document with the reason, and the batch (and the caller) go on."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.parsing import readers
from fiscalwatch.parsing.executors import Limits, make_executor
from fiscalwatch.parsing.executors.local import LocalExecutor
from fiscalwatch.parsing.jobs import ParseJob
from fiscalwatch.parsing.stage import parse_documents
from fiscalwatch.store import Store
from tests.conftest import config_data
from tests.parsing.hostile_tasks import TASK

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
GOOD = "v_html_utf8.html"


def _store(tmp_path: Path) -> Store:
    return Store(tmp_path / "fw.db", tmp_path / "files")


def _config(tmp_path: Path, **parse: Any) -> Any:
    return config_from_dict(config_data(tmp_path, parse=parse))


def _record(store: Store, name: str, data: bytes | None = None) -> dict[str, Any]:
    body = data if data is not None else (DOCUMENTS / GOOD).read_bytes()
    stored = store.record_document(
        url=f"http://127.0.0.1/{name}", data=body + name.encode(), source="t", filename=name
    )
    row: dict[str, Any] = store.db.table("documents").get(stored.document_id)
    return row


def _statuses(store: Store) -> dict[str, tuple[str, str | None]]:
    rows = store.db.execute("SELECT filename, status, error FROM documents").fetchall()
    return {name: (status, error) for name, status, error in rows}


def _hostile(workers: int = 1, **limits: Any) -> LocalExecutor:
    return LocalExecutor(workers=workers, limits=Limits(**limits), task=TASK)


@pytest.mark.timeout(60)
def test_a_batch_of_one_is_not_parsed_in_the_callers_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def in_caller(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parsed in the caller's process")

    monkeypatch.setattr(readers, "open_source", in_caller)
    monkeypatch.setattr("fiscalwatch.parsing.document.open_source", in_caller)
    store = _store(tmp_path)
    document = _record(store, "good.html")
    summary = parse_documents(store, _config(tmp_path), [document], progress=False)
    assert summary.results == {document["id"]: "parsed"}, _statuses(store)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("segfault.html", "the parser process crashed on this file (SIGSEGV)"),
        ("abort.html", "the parser process crashed on this file (SIGABRT)"),
    ],
)
def test_a_crashing_worker_fails_its_document_and_the_batch_goes_on(
    tmp_path: Path, name: str, reason: str
) -> None:
    store = _store(tmp_path)
    documents = [_record(store, "a.html"), _record(store, name), _record(store, "b.html")]
    with _hostile() as executor:
        summary = parse_documents(store, _config(tmp_path), documents, False, executor)
        assert executor.replaced == 1
    assert (summary.parsed, summary.failed) == (2, 1)
    assert _statuses(store)[name] == ("failed", reason)
    assert _statuses(store)["b.html"][0] == "parsed"  # parsed by the replacement worker


@pytest.mark.timeout(60)
def test_a_hanging_parse_is_killed_at_its_timeout(tmp_path: Path) -> None:
    store = _store(tmp_path)
    documents = [_record(store, "hang.html"), _record(store, "after.html")]
    started = time.monotonic()
    with _hostile(timeout_s=1.5) as executor:
        summary = parse_documents(store, _config(tmp_path), documents, False, executor)
    assert time.monotonic() - started < 20
    assert (summary.parsed, summary.failed) == (1, 1)
    status, error = _statuses(store)["hang.html"]
    assert status == "failed"
    assert error == (
        "timed out: the parse took longer than 1.5 s allowed for the document"
        " ([parse] timeout_s = 1.5)"
    )


@pytest.mark.timeout(60)
def test_the_allowance_grows_with_the_pages_a_document_announces(tmp_path: Path) -> None:
    store = _store(tmp_path)
    # 3 s of work: more than timeout_s alone, within it plus 20 pages at 0.25 s each.
    documents = [_record(store, "pages-20-3-.html"), _record(store, "pages-2-3-.html")]
    with _hostile(workers=2, timeout_s=2.0, page_s=0.25) as executor:
        parse_documents(store, _config(tmp_path), documents, False, executor)
    statuses = _statuses(store)
    assert statuses["pages-20-3-.html"][0] == "parsed"
    assert statuses["pages-2-3-.html"] == (
        "failed",
        "timed out: the parse took longer than 2.5 s allowed for 2 pages ([parse] timeout_s = 2)",
    )


@pytest.mark.timeout(60)
def test_a_worker_over_its_memory_limit_fails_the_document_and_is_replaced(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    documents = [_record(store, "hog.html"), _record(store, "after.html")]
    with _hostile(max_memory_mb=1024) as executor:
        summary = parse_documents(store, _config(tmp_path), documents, False, executor)
        assert executor.replaced == 1
    assert (summary.parsed, summary.failed) == (1, 1)
    assert _statuses(store)["hog.html"] == (
        "failed",
        "out of memory: the parse needed more than [parse] max_memory_mb = 1024 MB",
    )


@pytest.mark.timeout(60)
def test_workers_are_long_lived_and_never_the_caller(tmp_path: Path) -> None:
    store = _store(tmp_path)
    documents = [_record(store, f"pid{i}.html") for i in range(3)]
    with _hostile(workers=1) as executor:
        parse_documents(store, _config(tmp_path), documents, False, executor)
    pids = {error for _, error in _statuses(store).values()}
    assert len(pids) == 1 and pids != {f"pid {os.getpid()}"}


def test_the_executor_is_chosen_by_config(tmp_path: Path) -> None:
    from fiscalwatch.errors import ConfigError

    executor = make_executor(_config(tmp_path, workers=3, max_memory_mb=900, timeout_s=5), 2)
    assert isinstance(executor, LocalExecutor)
    assert (executor.size, executor.limits.max_memory_mb, executor.limits.timeout_s) == (2, 900, 5)
    with pytest.raises(ConfigError, match=r"parse.executor: no executor for 'ray://h:6379'"):
        make_executor(_config(tmp_path, executor="ray://h:6379"), 2)


@pytest.mark.timeout(60)
def test_a_new_workers_start_up_is_not_counted_against_its_first_document(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    documents = [_record(store, "pid-a.html"), _record(store, "pid-b.html")]
    # Starting Python and importing the parser takes far longer than 0.3 s.
    with _hostile(workers=2, timeout_s=0.3) as executor:
        parse_documents(store, _config(tmp_path), documents, False, executor)
    assert all(error.startswith("pid ") for _, error in _statuses(store).values())


@pytest.mark.timeout(60)
def test_jobs_are_taken_as_workers_need_them(tmp_path: Path) -> None:
    """A job is made (``ingest`` stores its file) when a worker is about to need it: a
    worker holds the job it parses and the next (waiting in its pipe, so it goes on while
    this process stores a result), one more is ready, the rest are still to be made. The
    job waiting behind a document that crashes its worker is parsed by the replacement."""
    store = _store(tmp_path)
    names = ["a.html", "segfault.html", "b.html", "c.html", "d.html", "e.html"]
    taken: list[str] = []

    def documents() -> Iterator[dict[str, Any]]:
        for name in names:
            taken.append(name)
            yield _record(store, name)

    seen_when_done: list[int] = []
    with _hostile(workers=1) as executor:
        jobs = (
            ParseJob(d["id"], str(store.document_file(d)), {"filename": d["filename"]})
            for d in documents()
        )
        for outcome in executor.run(jobs):
            seen_when_done.append(len(taken))
            assert outcome.status == ("failed" if outcome.document_id == 2 else "parsed")
    assert seen_when_done[0] == 3  # parsed, waiting in the pipe, ready; no more made
    assert len(seen_when_done) == len(names) and taken == names


@pytest.mark.timeout(60)
def test_a_worker_whose_pipe_breaks_finishes_its_document_and_is_replaced(tmp_path: Path) -> None:
    """Handing a busy worker its next job fails (its pipe broke): the job goes back to
    the queue, the worker's current document still counts, and a new worker takes the
    rest."""
    store = _store(tmp_path)
    documents = [_record(store, name) for name in ("a.html", "b.html", "c.html")]
    with _hostile(workers=1) as executor:
        executor.start()
        worker = executor.workers[0]
        send = worker.conn.send
        sent: list[object] = []

        def breaking_send(job: object) -> None:
            sent.append(job)
            if len(sent) == 2:  # the job meant to wait behind the first
                raise BrokenPipeError("the worker's pipe is closed")
            send(job)

        worker.conn.send = breaking_send
        summary = parse_documents(store, _config(tmp_path), documents, False, executor)
        assert executor.replaced == 1
    assert (summary.parsed, summary.failed) == (3, 0), _statuses(store)

"""``[parse] executor = "dask://…"``: documents parsed on a Dask cluster (a
``distributed.LocalCluster`` on loopback here), outcomes stored by the caller, which stays
the only writer; a document that crashes its parser costs that document only; an
unreachable scheduler leaves the documents pending."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.parsing.executors import Limits, make_executor
from fiscalwatch.parsing.jobs import ParseJob
from fiscalwatch.parsing.stage import parse_documents
from fiscalwatch.store import Store
from tests.parsing.executor_tasks import TASK as REPORT
from tests.parsing.hostile_tasks import TASK as HOSTILE

distributed = pytest.importorskip("distributed")
from fiscalwatch.parsing.executors.dask_cluster import (  # noqa: E402
    ClusterUnavailable,
    DaskExecutor,
    scheduler_address,
)

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """One worker thread in this process: PDFium is not thread-safe, and every document
    is parsed in a process the worker starts anyway."""
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


def _dask_url(cluster: Any) -> str:
    return "dask://" + cluster.scheduler_address.removeprefix("tcp://")


def _store(tmp_path: Path) -> Store:
    return Store(tmp_path / "fw.db", tmp_path / "files")


def _config(tmp_path: Path, **parse: Any) -> Any:
    return config_from_dict({"storage": {"database": str(tmp_path / "fw.db")}, "parse": parse})


def _record(store: Store, name: str, data: bytes) -> dict[str, Any]:
    stored = store.record_document(
        url=f"http://127.0.0.1/{name}", data=data, source="t", filename=name
    )
    row: dict[str, Any] = store.db.table("documents").get(stored.document_id)
    return row


def _html(name: str) -> bytes:
    return (DOCUMENTS / "v_html_utf8.html").read_bytes() + name.encode()


def _stored(store: Store, document_id: int) -> dict[str, Any]:
    figures = store.db.execute(
        "SELECT key, value, page, origin FROM figures WHERE document_id = ? ORDER BY id",
        [document_id],
    ).fetchall()
    tables = store.db.execute(
        "SELECT key, status, rows FROM doc_tables WHERE document_id = ? ORDER BY id",
        [document_id],
    ).fetchall()
    row = store.db.table("documents").get(document_id)
    return {"status": row["status"], "figures": figures, "tables": tables}


def test_the_config_picks_the_dask_executor(tmp_path: Path) -> None:
    executor = make_executor(
        _config(tmp_path, executor="dask://10.0.0.7:8786", max_memory_mb=900, timeout_s=5), 3
    )
    assert isinstance(executor, DaskExecutor)
    assert executor.address == "tcp://10.0.0.7:8786"
    assert (executor.limits.max_memory_mb, executor.limits.timeout_s) == (900, 5)
    assert scheduler_address("dask://tls://h:8786") == "tls://h:8786"


@pytest.mark.timeout(180)
def test_a_cluster_parses_what_the_local_pool_parses_and_the_caller_stores_it(
    tmp_path: Path, cluster: Any
) -> None:
    here, there = _store(tmp_path / "local"), _store(tmp_path / "dask")
    names = ["seed_000.pdf", "v_split_tables.xlsx", "bad_truncated.pdf"]
    for store, config in (
        (here, _config(tmp_path / "local", workers=1)),
        (there, _config(tmp_path / "dask", executor=_dask_url(cluster))),
    ):
        documents = [_record(store, name, (DOCUMENTS / name).read_bytes()) for name in names]
        summary = parse_documents(store, config, documents, progress=False)
        assert (summary.parsed, summary.failed) == (2, 1)
    for document_id in (1, 2, 3):
        assert _stored(there, document_id) == _stored(here, document_id)
    assert _stored(there, 1)["figures"]  # the seed's figures, not two empty lists
    error = there.db.table("documents").get(3)["error"]
    assert error == here.db.table("documents").get(3)["error"]
    assert error.startswith("truncated PDF")


@pytest.mark.timeout(120)
def test_the_bytes_travel_with_the_job_and_no_worker_reads_the_callers_paths(
    tmp_path: Path, cluster: Any
) -> None:
    store = _store(tmp_path)
    documents = [_record(store, f"doc{i}.html", _html(f"doc{i}")) for i in range(3)]
    jobs = [
        ParseJob(d["id"], str(store.document_file(d)), {"filename": d["filename"]})
        for d in documents
    ]
    with DaskExecutor(cluster.scheduler_address, Limits(), task=REPORT) as executor:
        outcomes = {o.document_id: o for o in executor.run(jobs)}
    assert set(outcomes) == {d["id"] for d in documents}
    for job in jobs:
        report = outcomes[job.document_id].error or ""
        size = len(Path(job.path).read_bytes())
        assert report.endswith(f"path={Path(job.path).name} bytes={size}"), report
        assert outcomes[job.document_id].parsed is not None
    pids = {(o.error or "").split()[0] for o in outcomes.values()}
    assert len(pids) == 1 and pids != {f"pid={os.getpid()}"}  # one long-lived process


@pytest.mark.timeout(120)
def test_a_document_that_crashes_its_parser_costs_that_document_only(
    tmp_path: Path, cluster: Any
) -> None:
    store = _store(tmp_path)
    documents = [
        _record(store, "a.html", _html("a")),
        _record(store, "segfault.html", _html("segfault")),
        _record(store, "b.html", _html("b")),
    ]
    with DaskExecutor(cluster.scheduler_address, Limits(), task=HOSTILE) as executor:
        summary = parse_documents(store, _config(tmp_path), documents, False, executor)
    assert (summary.parsed, summary.failed) == (2, 1)
    row = store.db.table("documents").get(documents[1]["id"])
    assert (row["status"], row["error"]) == (
        "failed",
        "the parser process crashed on this file (SIGSEGV)",
    )
    assert len(cluster.scheduler_info["workers"]) == 1  # the Dask worker lived on


@pytest.mark.timeout(60)
def test_an_unreachable_scheduler_leaves_the_documents_pending(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = _store(tmp_path)
    documents = [_record(store, "a.html", _html("a"))]
    executor = DaskExecutor(f"tcp://127.0.0.1:{port}", Limits(), connect_timeout_s=2)
    with pytest.raises(
        ClusterUnavailable, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"
    ):
        parse_documents(store, _config(tmp_path), documents, False, executor)
    assert store.db.table("documents").get(documents[0]["id"])["status"] == "pending"


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_scanned_pages_are_read_on_the_cluster_with_one_ocr_engine_per_process(
    tmp_path: Path, cluster: Any
) -> None:
    pytest.importorskip("rapidocr")
    store = _store(tmp_path)
    scan = (DOCUMENTS / "scan_seed_000.pdf").read_bytes()
    documents = [_record(store, f"scan{i}.pdf", scan + b"\n%" + bytes([48 + i])) for i in range(2)]
    jobs = [
        ParseJob(d["id"], str(store.document_file(d)), {"filename": d["filename"]})
        for d in documents
    ]
    with DaskExecutor(cluster.scheduler_address, Limits(), task=REPORT) as executor:
        outcomes = list(executor.run(jobs))
    assert all(o.parsed is not None and o.parsed.ocr_pages == 2 for o in outcomes)
    reports = sorted((o.error or "").split()[:2] for o in outcomes)
    assert reports[0][0] == reports[1][0]  # the same process read both documents
    assert [r[1] for r in reports] == ["engine_loads=1", "engine_loads=1"]

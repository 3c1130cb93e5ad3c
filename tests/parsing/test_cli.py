"""``fiscalwatch ingest`` and ``fiscalwatch parse`` against a real SQLite store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.config import load_config
from fiscalwatch.parsing.stage import PARSER_VERSION, parse_pending
from fiscalwatch.store import Store
from fiscalwatch.store import db as store_db

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def fixture(name: str) -> Path:
    path = DOCUMENTS / name
    if not path.is_file():
        pytest.skip(f"fixtures/documents/{name} is missing")
    return path


def run(config_file: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(config_file), *args])
    return result.exit_code, result.output


def test_ingest_a_good_file(config_file: Path) -> None:
    path = fixture("seed_000.pdf")
    code, output = run(config_file, "ingest", str(path), "--region", "乌鲁木齐市")
    assert code == 0, output
    assert "parsed" in output and "18 sections" in output
    # The two empty-noted standard tables; the 5 self-evaluation grids are not counted.
    assert "2 tables, 2 self-evaluations" in output
    store = Store.from_config(load_config(config_file))
    row = store.db.execute("SELECT * FROM documents").fetchone()
    document = dict(
        zip(
            [c[0] for c in store.db.execute("SELECT * FROM documents").description],
            row,
            strict=True,
        )
    )
    assert document["url"] == path.resolve().as_uri()
    assert document["source"] == "ingest" and document["status"] == "parsed"
    assert document["department"] == "中共乌鲁木齐市委员会机构编制委员会办公室"  # from the content
    assert document["fiscal_year"] == 2024 and document["region"] == "乌鲁木齐市"
    assert document["parser_version"] == PARSER_VERSION and document["content_type"] == "pdf"
    figure = store.db.execute(
        "SELECT value, page, text FROM figures WHERE key = 'income_total' AND origin = 'text'"
    ).fetchone()
    assert figure[0] == 701.60 and figure[1] >= 1 and "701.60" in figure[2]
    grids = store.db.execute("SELECT count(*) FROM doc_tables WHERE key = 'other'").fetchone()
    indicators = store.db.execute("SELECT count(*) FROM perf_indicators").fetchone()
    assert (grids[0], indicators[0]) == (5, 13)
    store.close()


def test_ingest_bad_files_exits_1_and_the_batch_goes_on(config_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    good = fixture("seed_004.pdf")
    code, output = run(
        config_file,
        "ingest",
        str(empty),
        str(fixture("bad_encrypted.pdf")),
        str(good),
        "--department",
        "测试部门",
        "--year",
        "2024",
    )
    assert code == 1
    lines = output.strip().splitlines()
    assert any(line.startswith("failed") and "empty" in line for line in lines)
    assert any(line.startswith("unreadable") and "encrypted" in line for line in lines)
    assert any(line.startswith("parsed") and "seed_004.pdf" in line for line in lines)
    store = Store.from_config(load_config(config_file))
    statuses = dict(store.db.execute("SELECT filename, status FROM documents").fetchall())
    assert statuses == {
        "empty.pdf": "failed",
        "bad_encrypted.pdf": "unreadable",
        "seed_004.pdf": "parsed",
    }
    # the caller's department wins over the content's
    assert store.db.execute("SELECT DISTINCT department FROM documents").fetchall() == [
        ("测试部门",)
    ]
    failed_ids = [
        r[0] for r in store.db.execute("SELECT id FROM documents WHERE status != 'parsed'")
    ]
    for table in ("figures", "sections", "pages", "doc_tables"):
        marks = ",".join("?" * len(failed_ids))
        sql = f"SELECT count(*) FROM {table} WHERE document_id IN ({marks})"
        rows = store.db.execute(sql, failed_ids).fetchone()[0]
        assert rows == 0, table
    store.close()


def test_ingest_missing_file(config_file: Path, tmp_path: Path) -> None:
    code, output = run(config_file, "ingest", str(tmp_path / "nope.pdf"))
    assert code == 1 and "failed" in output


def test_parse_pending_in_a_process_pool(config_file: Path, tmp_path: Path) -> None:
    """Four stored documents: more than a small batch, so the spawn pool runs."""
    config = load_config(config_file)
    store = Store.from_config(config)
    names = ["seed_000.pdf", "seed_004.pdf", "bad_truncated.pdf", "v_html_gbk.html"]
    for name in names:
        data = fixture(name).read_bytes()
        store.record_document(
            url=f"http://127.0.0.1/{name}", data=data, source="test", filename=name
        )
    summary = parse_pending(store, config, progress=False)
    assert (summary.parsed, summary.failed, summary.unreadable) == (3, 1, 0)
    assert store.pending_documents() == []
    store.close()
    code, output = run(config_file, "parse")
    assert code == 0 and "parsed 0" in output


def test_parse_command_reports_counts(config_file: Path) -> None:
    config = load_config(config_file)
    store = Store.from_config(config)
    store.record_document(
        url="http://127.0.0.1/a.pdf", data=fixture("seed_002.pdf").read_bytes(), source="test"
    )
    store.close()
    code, output = run(config_file, "parse")
    assert code == 0 and "parsed 1, unreadable 0, failed 0" in output


def test_reingest_same_bytes_parses_again(config_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "seed.pdf"
    shutil.copy(fixture("seed_000.pdf"), path)
    assert run(config_file, "ingest", str(path))[0] == 0
    code, output = run(config_file, "ingest", str(path))
    assert code == 0 and "parsed" in output
    store = Store.from_config(load_config(config_file))
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    store.close()


def test_parse_pending_reads_the_pending_documents_a_batch_at_a_time(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first national cycle stores 200,000 documents before the parse: they are read
    a few at a time, and each is parsed once."""
    monkeypatch.setattr(store_db, "PENDING_BATCH", 2)
    config = load_config(config_file)
    store = Store.from_config(config)
    names = ["seed_000.pdf", "seed_004.pdf", "bad_truncated.pdf", "v_html_gbk.html"]
    for name in [*names, "seed_001.pdf"]:
        store.record_document(
            url=f"http://127.0.0.1/{name}", data=fixture(name).read_bytes(), source="test"
        )
    queries: list[str] = []
    store.db.conn.set_trace_callback(queries.append)
    summary = parse_pending(store, config, progress=False)
    store.db.conn.set_trace_callback(None)
    assert (summary.parsed, summary.failed) == (4, 1)
    assert store.pending_documents() == []
    reads = [q for q in queries if "status = 'pending' AND id >" in q]
    assert len(reads) == 3  # 2 + 2 + 1 rows
    store.close()

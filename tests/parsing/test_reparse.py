"""After a parser upgrade: stored documents parsed again in the background of the next
cycles (bounded), and what the re-parse alone changed sent as one summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fiscalwatch.alerts.outbox import decide
from fiscalwatch.alerts.reparse_summary import CHECK, summarize_reparses
from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.parsing.reparse import reparse_stale, stale_documents
from fiscalwatch.parsing.stage import PARSER_VERSION, parse_pending
from fiscalwatch.store import Store
from tests.conftest import add_finding, config_data

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pagebreaks"


def _config(tmp_path: Path) -> Config:
    return config_from_dict(
        config_data(
            tmp_path,
            parse={"workers": 1},
            alerts={"email": {"smtp_host": "127.0.0.1"}},
            subscriptions=[{"name": "ngo", "email": ["ngo@127.0.0.1"]}],
        )
    )


def test_stale_parses_redone_and_summarised_once(tmp_path: Path) -> None:
    config = _config(tmp_path)
    store = Store.from_config(config)
    for name in ("orphan_titles", "title_below", "several_per_page"):
        path = FIXTURES / f"{name}.pdf"
        store.record_document(
            url=f"http://127.0.0.1:8001/{name}.pdf",
            data=path.read_bytes(),
            source="ingest",
            department="青川市统计局",
            region="青川市",
            fiscal_year=2024,
            doc_type="final_account",
        )
    assert parse_pending(store, config, progress=False).parsed == 3
    # As an older parser left them: one carries a false "missing table" it made.
    store.db.execute("UPDATE documents SET parser_version = '1.0'")
    first = store.db.execute("SELECT id FROM documents ORDER BY id").fetchone()[0]
    add_finding(
        store,
        department=None,
        fiscal_year=None,
        document_id=first,
        message="青川市统计局 2024年度部门决算：缺少《财政拨款收入支出决算总表》",
        evidence={"section": "table_04"},
        fingerprint="old-parser-false-alarm",
        first_seen="2025-01-01T00:00:00+00:00",
    )
    assert len(stale_documents(store, limit=2)) == 2  # bounded per cycle
    assert reparse_stale(store, config, limit=2).parsed == 2
    assert reparse_stale(store, config, limit=2).parsed == 1
    assert stale_documents(store) == []
    versions = {row[0] for row in store.db.execute("SELECT parser_version FROM documents")}
    assert versions == {PARSER_VERSION}

    run_checks(store.db, config, date(2025, 10, 1), only=["missing_section"])
    counts = summarize_reparses(store.db)
    assert counts["resolved"] == 1  # the old parser's false alarm
    [summary] = list(store.db.query('SELECT * FROM findings WHERE "check" = ?', [CHECK]))
    assert summary["message"] == f"青川市：解析器升级后：新增{counts['new']}条，解决1条"
    assert summarize_reparses(store.db) == {"reparsed": 0, "new": 0, "resolved": 0}

    # Subscribers get the summary, not the findings the re-parse made appear.
    wanted = {d.finding.check for d in decide(store.db, config).new}
    assert wanted == {CHECK}
    store.close()

"""perf_evaluations / perf_indicators: written by save_parse, replaced by re-parses."""

from __future__ import annotations

from fiscalwatch.models import ParsedDocument
from fiscalwatch.performance.models import Evaluation, Indicator
from fiscalwatch.performance.store import load_current
from fiscalwatch.store import Store


def parsed_with(*evaluations: Evaluation) -> ParsedDocument:
    return ParsedDocument("final_account", extras={"performance": list(evaluations)})


def project(name: str, indicators: int = 2) -> Evaluation:
    return Evaluation(
        kind="项目",
        name=name,
        department="某局",
        fiscal_year=2024,
        budget_full_year=100.0,
        executed=90.0,
        execution_rate_stated=90.0,
        raw={"goal_actual": "完成"},
        indicators=[
            Indicator(level3=f"指标{n}", target=">=1次", actual="=1次", weight=10, score=10)
            for n in range(indicators)
        ],
    )


def record(store: Store, url: str = "http://127.0.0.1/a.pdf", data: bytes = b"a") -> int:
    return store.record_document(url=url, data=data, source="t", department="某局").document_id


def test_save_parse_writes_and_replaces(store: Store) -> None:
    document_id = record(store)
    store.save_parse(document_id, parsed_with(project("甲"), project("乙", 3)))
    rows = list(store.db.query("SELECT seq, name, executed, raw FROM perf_evaluations"))
    assert [(r["seq"], r["name"], r["executed"]) for r in rows] == [
        (1, "甲", 90.0),
        (2, "乙", 90.0),
    ]
    assert rows[0]["raw"] == '{"goal_actual": "完成"}'
    assert store.db.execute("SELECT count(*) FROM perf_indicators").fetchone()[0] == 5

    store.save_parse(document_id, parsed_with(project("丙", 1)))
    names = [r["name"] for r in store.db.query("SELECT name FROM perf_evaluations")]
    assert names == ["丙"]
    assert store.db.execute("SELECT count(*) FROM perf_indicators").fetchone()[0] == 1

    store.mark_failed(document_id, "broken")
    assert store.db.execute("SELECT count(*) FROM perf_evaluations").fetchone()[0] == 0


def test_a_parse_without_performance_extras_is_fine(store: Store) -> None:
    document_id = record(store)
    store.save_parse(document_id, ParsedDocument("final_account"))
    assert store.db.execute("SELECT count(*) FROM perf_evaluations").fetchone()[0] == 0


def test_load_current_reads_back_only_current_versions(store: Store) -> None:
    old = record(store, data=b"v1")
    store.save_parse(old, parsed_with(project("甲")))
    new = record(store, data=b"v2")
    store.save_parse(new, parsed_with(project("甲", 4)))
    (stored,) = load_current(store.db)
    assert stored.document_id == new
    assert stored.evaluation == project("甲", 4)
    assert stored.document["department"] == "某局"

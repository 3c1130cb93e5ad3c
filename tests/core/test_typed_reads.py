"""The store's typed reads that replaced components' own SQL: figures (the report's
headline figures, the exports' stream), open findings per check, the documents' count
and file paths, the applied migrations, and a document's pages and tables (the checks)."""

from __future__ import annotations

from fiscalwatch.models import Figure, Table
from fiscalwatch.store import Store, reads
from fiscalwatch.store.content_reads import opening_texts, page_text, page_texts, table_keys
from fiscalwatch.store.figure_reads import count_current_figures, current_figures, figures_of
from fiscalwatch.store.rows import DocumentFigureRow, FigureRow
from fiscalwatch.store.schema import all_migrations, applied_migrations
from tests.conftest import add_document, add_finding


def test_figures_of_reads_the_keys_asked_of_the_documents_asked(store: Store) -> None:
    first = add_document(
        store,
        fiscal_year=2023,
        figures=[
            Figure("expenditure_total", 120.5, page=4, text="支出总计120.50万元", origin="table"),
            Figure("expenditure_total", 120.0, page=2, text="支出120万元"),
            Figure("income_total", 99.0, page=3),
        ],
    )
    other = add_document(store, fiscal_year=2024, figures={"expenditure_total": 7.0})
    rows = figures_of(store.db, [first], ["expenditure_total"])
    assert rows == [
        FigureRow(first, "expenditure_total", 120.5, "万元", 4, "支出总计120.50万元", "table"),
        FigureRow(first, "expenditure_total", 120.0, "万元", 2, "支出120万元", "text"),
    ]
    assert [r.document_id for r in figures_of(store.db, [first, other], ["income_total"])] == [
        first
    ]
    assert figures_of(store.db, [], ["income_total"]) == []


def test_current_figures_stream_the_current_versions_with_their_documents(store: Store) -> None:
    old = add_document(store, figures={"income_total": 1.0}, data=b"%PDF old")
    new = add_document(store, figures={"income_total": 2.0}, data=b"%PDF new")  # same URL
    add_document(store, region="白水县", department="白水县统计局", figures={"income_total": 3.0})
    assert reads.document(store.db, old) is not None
    rows = list(current_figures(store.db, region="青川市"))
    assert [(r.document_id, r.value) for r in rows] == [(new, 2.0)]
    [row] = rows
    assert isinstance(row, DocumentFigureRow)
    assert (row.region, row.department, row.fiscal_year, row.doc_type, row.table_key) == (
        "青川市",
        "青川市统计局",
        2024,
        "final_account",
        None,
    )
    assert row.document_url and row.document_url.startswith("http://127.0.0.1:8001/")
    assert count_current_figures(store.db, region="青川市") == 1
    assert count_current_figures(store.db) == len(list(current_figures(store.db))) == 2
    assert count_current_figures(store.db, year=1999) == 0


def test_open_counts_by_check_leave_resolved_findings_out(store: Store) -> None:
    add_finding(store, check="yoy_anomaly")
    add_finding(store, check="yoy_anomaly")
    add_finding(store, check="missing_section", resolved_at="2025-10-02T00:00:00+00:00")
    add_finding(store, check="missing_section")
    assert reads.open_counts_by_check(store.db) == {"yoy_anomaly": 2, "missing_section": 1}


def test_document_count_and_file_paths(store: Store) -> None:
    assert reads.document_count(store.db) == 0
    assert reads.document_file_paths(store.db) == set()
    add_document(store, data=b"%PDF one")
    add_document(store, data=b"%PDF two")  # a second version of the same URL
    paths = reads.document_file_paths(store.db)
    assert reads.document_count(store.db) == 2 and len(paths) == 2
    assert all((store.files.root / path).is_file() for path in paths)


def test_applied_migrations_in_the_order_they_ran(store: Store) -> None:
    assert applied_migrations(store.db) == [m.name for m in all_migrations()]


def test_page_and_table_reads_of_a_document(store: Store) -> None:
    document = add_document(store, pages=["封面", "", "目录 一、部门职责", "第四页"])
    assert page_texts(store.db, document) == {1: "封面", 2: "", 3: "目录 一、部门职责", 4: "第四页"}
    assert opening_texts(store.db, document, 2) == ["封面", ""]
    assert page_text(store.db, document, 3) == "目录 一、部门职责"
    assert page_text(store.db, document, 2) == "" and page_text(store.db, document, 9) is None
    assert table_keys(store.db, document) == set()
    with_tables = add_document(
        store,
        department="青川市财政局",
        tables=[Table("table_01", "收入支出决算总表", 3, rows=[["项目", "金额"], ["收入", "1"]])],
    )
    assert table_keys(store.db, with_tables) == {"table_01"}


def test_current_version_id_of_a_sources_url(store: Store) -> None:
    url = "http://127.0.0.1:8001/test/2024/a.pdf"
    assert reads.current_version_id(store.db, "test", url) is None
    add_document(store, url=url, data=b"%PDF one")
    newer = add_document(store, url=url, data=b"%PDF two")
    assert reads.current_version_id(store.db, "test", url) == newer
    assert reads.current_version_id(store.db, "another", url) is None

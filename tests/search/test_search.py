"""Full-text search on real SQLite files: the index follows every write to ``pages``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.models import Page, ParsedDocument
from fiscalwatch.plugins import plugin_manager
from fiscalwatch.search.query import search, snippet
from fiscalwatch.store import Store
from tests.conftest import add_document, make_config

VEHICLE = "公务用车购置及运行维护费 12.10 万元，其中：公务用车购置费 3.00 万元。"
SAVING = "主要原因是严格落实过紧日子要求，压减一般性支出。"


def found(store: Store, query: str, **filters: object) -> list[tuple[int, int]]:
    result = search(store.db, query, **filters)  # type: ignore[arg-type]
    return [(hit.document_id, hit.page) for hit in result.hits]


def test_phrase_found_on_its_page_across_a_line_break(store: Store) -> None:
    doc = add_document(
        store, pages=["第一部分 部门概况", "公务用车购\n置费 3.00 万元", SAVING], url="u1"
    )
    assert found(store, "公务用车购置") == [(doc, 2)]
    assert found(store, "过紧日子") == [(doc, 3)]
    assert found(store, "过紧日子 压减") == [(doc, 3)]
    assert found(store, "过紧日子 公务用车") == []  # every term on the same page
    result = search(store.db, "公务用车购置")
    assert result.method == "fts" and result.total == 1
    assert ("公务用车购 置", True) in result.hits[0].snippet


def test_index_follows_reparse_update_delete_and_vacuum(store: Store) -> None:
    doc = add_document(store, pages=[VEHICLE], url="u1")
    other = add_document(store, pages=[SAVING], url="u2", department="青川市财政局")
    assert found(store, "公务用车购置") == [(doc, 1)]
    # A re-parse replaces the pages in one transaction.
    store.save_parse(doc, ParsedDocument(doc_type="final_account", pages=[Page(1, "无")]))
    assert found(store, "公务用车购置") == []
    store.db.execute("UPDATE pages SET text = ? WHERE document_id = ?", [VEHICLE, other])
    assert found(store, "公务用车购置") == [(other, 1)]
    assert found(store, "过紧日子") == []
    store.db.execute("VACUUM")
    assert found(store, "公务用车购置") == [(other, 1)]
    store.db.execute("DELETE FROM pages WHERE document_id = ?", [other])
    assert found(store, "公务用车购置") == []


def test_short_terms_fall_back_to_a_text_scan(store: Store) -> None:
    doc = add_document(
        store, pages=["“三公”经费支出 7.41 万元", "其他", "财政拨款“三\n公”"], url="u1"
    )
    result = search(store.db, "三公")
    assert result.method == "like"
    assert [(h.document_id, h.page) for h in result.hits] == [(doc, 1), (doc, 3)]
    assert found(store, "公") == [(doc, 1), (doc, 3)]
    assert found(store, "政府") == []
    # A long term uses the index and a short one narrows it down.
    assert search(store.db, "经费支出 三公").method == "fts"
    assert found(store, "经费支出 三公") == [(doc, 1)]
    assert found(store, "经费支出 四公") == []
    # LIKE wildcards in a query are text.
    assert found(store, "%") == [] and found(store, "_") == [] and found(store, "*") == []


def test_query_syntax_is_text_to_find(store: Store) -> None:
    doc = add_document(store, pages=['标题 "AND" OR NEAR(x) 结束 a*b'], url="u1")
    assert found(store, '"AND"') == [(doc, 1)]
    assert found(store, "NEAR(x)") == [(doc, 1)]
    assert found(store, "a*b") == [(doc, 1)]
    assert found(store, "OR") == [(doc, 1)]
    assert found(store, "a*c") == []


def test_filters_and_current_versions(store: Store) -> None:
    a = add_document(store, pages=[VEHICLE], url="a", fiscal_year=2023)
    b = add_document(store, pages=[VEHICLE], url="b", fiscal_year=2024, region="乙市")
    c = add_document(store, pages=[VEHICLE], url="c", fiscal_year=2024, doc_type="budget")
    assert sorted(found(store, "公务用车购置")) == [(a, 1), (b, 1), (c, 1)]
    assert found(store, "公务用车购置", year=2023) == [(a, 1)]
    assert found(store, "公务用车购置", region="乙市") == [(b, 1)]
    assert found(store, "公务用车购置", doc_type="budget") == [(c, 1)]
    assert found(store, "公务", doc_type="budget") == [(c, 1)]
    # New bytes at a's URL: the old version leaves the default search.
    new_a = add_document(store, pages=["无关"], url="a", fiscal_year=2023, data=b"v2")
    assert found(store, "公务用车购置", year=2023) == []
    assert found(store, "公务用车购置", year=2023, all_versions=True) == [(a, 1)]
    assert new_a != a


def test_snippet_marks_every_match_and_bounds_the_text() -> None:
    text = "前" * 200 + "公务用车购置费" + "后" * 200
    pieces = snippet(text, ["公务用车购置"])
    assert pieces[0] == ("…", False) and pieces[-1] == ("…", False)
    assert [p for p, matched in pieces if matched] == ["公务用车购置"]
    assert sum(len(p) for p, _ in pieces) < 130


def test_migration_keys_existing_pages_and_indexes_them(tmp_path: Path) -> None:
    """A store made before search existed: its pages keep their rows and become searchable."""
    plugins = plugin_manager()
    search = plugins.unregister(name="search")  # a store made before search existed
    try:
        old = Store(tmp_path / "fw.db", tmp_path / "files")
        doc = add_document(old, pages=["封面", VEHICLE], url="u1")
        assert "pages_fts" not in old.db.table_names()
        old.close()
    finally:
        plugins.register(search, name="search")
    upgraded = Store(tmp_path / "fw.db", tmp_path / "files")
    try:
        assert found(upgraded, "公务用车购置") == [(doc, 2)]
        columns = upgraded.db.table("pages").columns_dict
        assert list(columns)[:3] == ["id", "document_id", "page"]
        with pytest.raises(Exception, match="UNIQUE"):
            upgraded.db.execute("INSERT INTO pages (document_id, page) VALUES (?, 2)", [doc])
    finally:
        upgraded.close()


def test_cli_prints_department_year_page_and_hostile_text_verbatim(tmp_path: Path) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    hostile = "[bold red]伪造[/] \x1b[31m公务用车购置费\x1b[0m 3.00 万元"
    add_document(
        store, pages=["封面", hostile], url="http://127.0.0.1/a.pdf", department="[link]局"
    )
    store.close()
    config = make_config(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(config), "search", "公务用车购置"])
    assert result.exit_code == 0, result.output
    assert "1 pages mention '公务用车购置' (full-text index)" in result.output
    assert "[link]局 · 2024 · final_account · p.2" in result.output
    assert "[bold red]伪造[/]" in result.output
    assert "\x1b" not in result.output
    short = CliRunner().invoke(cli, ["--config", str(config), "search", "伪造", "--year", "2023"])
    assert "no page mentions '伪造'" in short.output

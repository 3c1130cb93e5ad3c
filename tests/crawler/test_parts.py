"""One disclosure, several parts: a 重庆-style explanation page with its tables attached
is stored as one document with a part; both are parsed, the part's tables and figures
join the document's, and the checks judge the document, never the part alone."""

from __future__ import annotations

from pathlib import Path

from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.monitor.checks.corpus import Corpus
from fiscalwatch.parsing.parts import combine_parts
from fiscalwatch.parsing.stage import parse_pending
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config


def test_a_page_and_its_attached_tables_are_one_document(tmp_path: Path) -> None:
    with serve_sites(sites=["cq"]) as sites:
        config = site_config(tmp_path, sites)
        crawl(config)
        expected = len(sites.expected("cq"))
    store = Store.from_config(config)
    links = list(
        store.db.query(
            """SELECT p.part_id, p.document_id, part.content_type AS part_type,
                      d.content_type AS document_type, d.url AS url, d.page_url AS page_url
               FROM document_parts p JOIN documents part ON part.id = p.part_id
               JOIN documents d ON d.id = p.document_id"""
        )
    )
    assert len(links) == expected
    assert {(r["document_type"], r["part_type"]) for r in links} == {("html", "xlsx")}
    assert all(r["url"] == r["page_url"] for r in links)  # the page stands for it

    # Before its parts joined it, the page is not judged alone either.
    judged_before = {doc.id for doc in Corpus(store.db).documents}
    assert not judged_before & {r["document_id"] for r in links}
    parse_pending(store, config, progress=False)
    document = links[0]["document_id"]
    part = links[0]["part_id"]
    own_pages = store.db.execute("SELECT pages FROM documents WHERE id = ?", [document]).fetchone()[
        0
    ]
    pages = [
        r[0]
        for r in store.db.execute(
            "SELECT page FROM pages WHERE document_id = ? ORDER BY page", [document]
        )
    ]
    part_pages = store.db.execute(
        "SELECT count(*) FROM pages WHERE document_id = ?", [part]
    ).fetchone()[0]
    assert len(pages) == own_pages + part_pages and pages == sorted(set(pages))
    joined_text = " ".join(
        r[0] for r in store.db.execute("SELECT text FROM pages WHERE document_id = ?", [document])
    )
    assert "基本情况" in joined_text and "收入总计" in joined_text  # page text and the tables
    tables = store.db.execute(
        "SELECT count(*) FROM doc_tables WHERE document_id = ?", [document]
    ).fetchone()[0]
    part_tables = store.db.execute(
        "SELECT count(*) FROM doc_tables WHERE document_id = ?", [part]
    ).fetchone()[0]
    assert tables >= part_tables

    judged = {doc.id for doc in Corpus(store.db).documents}
    assert document in judged and part not in judged
    # Combining again changes nothing until something is parsed again; re-parsing the
    # document combines again, without doubling the parts.
    assert combine_parts(store.db) == 0
    store.db.execute("UPDATE documents SET status = 'pending' WHERE id = ?", [document])
    parse_pending(store, config, progress=False)
    again = store.db.execute("SELECT count(*) FROM pages WHERE document_id = ?", [document])
    assert again.fetchone()[0] == len(pages)
    store.close()

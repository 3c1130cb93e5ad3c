"""The demo site built from the fixtures' manifest: what ``fiscalwatch demo`` crawls."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fiscalwatch.demo.sites import serve_sites
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config

MANIFEST = Path(__file__).resolve().parents[2] / "fiscalwatch" / "demo" / "data" / "manifest.toml"


@pytest.mark.skipif(not MANIFEST.exists(), reason="the demo manifest is not in this checkout")
def test_demo_documents_before_and_after_publication_day(tmp_path: Path) -> None:
    with serve_sites(MANIFEST, sites=["trs"]) as sites:
        config = site_config(tmp_path, sites, revalidate_days=0)
        before = crawl(config).source("trs")
        sites.set_state("after")
        after = crawl(config).source("trs")
        expected = {
            state: Counter(
                (d.department, d.fiscal_year, d.doc_type)
                for d in sites.expected("trs", state)
                for _ in (d.files or [None])
            )
            for state in ("before", "after")
        }
    store = Store.from_config(config)
    current = list(
        store.db.query("SELECT * FROM documents WHERE is_current = 1 AND removed_at IS NULL")
    )
    removed = list(store.db.query("SELECT * FROM documents WHERE removed_at IS NOT NULL"))
    replaced = list(store.db.query("SELECT * FROM documents WHERE previous_id IS NOT NULL"))
    store.close()

    assert before.status == after.status == "ok"
    assert before.new == sum(expected["before"].values())
    assert (
        Counter((d["department"], d["fiscal_year"], d["doc_type"]) for d in current)
        == expected["after"]
    )
    assert [(d["department"], d["fiscal_year"]) for d in removed] == [("青川市统计局", 2023)]
    assert [(d["department"], d["fiscal_year"], d["content_type"]) for d in replaced] == [
        ("青川市人民政府办公室", 2024, "pdf")
    ]
    assert after.new == 3 and after.changed == 1 and after.removed == 1
    html = [d for d in current if d["content_type"] == "html"]
    # The 2022 account of 政府办 and the budgets are published as the pages themselves.
    assert sorted((d["department"], d["fiscal_year"], d["doc_type"]) for d in html) == [
        ("中共青川市委员会机构编制委员会办公室", 2024, "budget"),
        ("中共青川市委员会机构编制委员会办公室", 2025, "budget"),
        ("青川市人民政府办公室", 2022, "final_account"),
        ("青川市统计局", 2025, "budget"),
    ]

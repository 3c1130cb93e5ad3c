"""metadata.yml (Datasette) describes every table and column of the store, its facets and
sort columns exist, and every canned query runs."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import yaml

from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store
from tests.conftest import ROOT
from tests.report.conftest import Site
from tests.report.sample import sample_config


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded["databases"]["fiscalwatch"]


def test_every_table_and_column_is_described(metadata: dict[str, Any], store: Store) -> None:
    described = metadata["tables"]
    # FTS5 keeps its index in shadow tables (pages_fts_data ...); Datasette hides them.
    shadows = {f"{fts}_{part}" for fts in store.db.table_names(fts5=True)
               for part in ("data", "idx", "docsize", "config", "content")}  # fmt: skip
    for table in set(store.db.table_names()) - shadows:
        assert table in described, f"describe table {table} in metadata.yml"
        columns = described[table].get("columns", {})
        for column in store.db.table(table).columns:
            assert columns.get(column.name), f"describe {table}.{column.name} in metadata.yml"
        assert not set(columns) - {c.name for c in store.db.table(table).columns}, table


def test_facets_and_sort_columns_exist(metadata: dict[str, Any], store: Store) -> None:
    for table, settings in metadata["tables"].items():
        if table not in store.db.table_names():
            continue
        names = {c.name for c in store.db.table(table).columns}
        for column in [*settings.get("facets", []), settings.get("sort_desc")]:
            assert column is None or column in names, f"{table}: {column}"
    findings = metadata["tables"]["findings"]["facets"]
    documents = metadata["tables"]["documents"]["facets"]
    assert {"check", "severity", "region", "fiscal_year"} <= set(findings)
    assert {"doc_type", "status", "region"} <= set(documents)


def test_every_canned_query_runs_on_the_sample_store(metadata: dict[str, Any], site: Site) -> None:
    # published_after_deadline lists what the late_publication check found.
    run_checks(site.store.db, sample_config(), date(2025, 10, 15), only=["late_publication"])
    results = {}
    # Values for the canned queries' named parameters (Datasette asks for them in a form).
    params = {"metric": "three_public_total", "region": "青川市", "q": "三公经费"}
    for name, query in metadata["queries"].items():
        wanted = set(re.findall(r"(?<!:):(\w+)", query["sql"]))
        results[name] = list(site.store.db.query(query["sql"], {k: params[k] for k in wanted}))
    missing = results["missing_final_accounts"]
    assert [(r["department"], r["fiscal_year"]) for r in missing] == [
        ("中共青川市委机构编制委员会办公室", 2024)
    ]
    assert [r["department"] for r in results["published_after_deadline"]] == ["青川市教育局"]
    assert len(results["replaced_documents"]) == 1
    assert len(results["removed_documents"]) == 1
    three = {
        (r["department"], r["fiscal_year"]): r["three_public"]
        for r in results["three_public_by_department"]
    }
    assert three[("青川市教育局", 2024)] == 58.2

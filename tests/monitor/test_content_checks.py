"""The content checks on hand-made documents (cases/content_checks.toml)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from fiscalwatch.store import Store
from tests.monitor.builders import CASES, add_document, check, finding_keys, open_findings

CASES_DATA = tomllib.loads((CASES / "content_checks.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASES_DATA, ids=[c["name"] for c in CASES_DATA])
def test_content_check(store: Store, case: dict[str, Any]) -> None:
    document_id = add_document(
        store,
        url="http://127.0.0.1:8001/qc/cz/2024.pdf",
        department="青川市财政局",
        year=2024,
        pages=case.get("pages", []),
        figures=case.get("figures", []),
        published_at=case.get("published_at"),
    )
    summary = check(store, only=case["only"])
    assert summary.errors == {}
    assert finding_keys(store) == sorted(case["expected"])
    for finding in open_findings(store):
        if "severity" in case:
            assert finding["severity"] == case["severity"]
        assert finding["document_id"] == document_id
        assert finding["evidence"]["document_id"] == document_id
        assert finding["message"].startswith("青川市财政局 2024年度部门决算：")

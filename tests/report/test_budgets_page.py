"""A department's budget beside its final account, per year, with the deviation; the
overview counts budgets beside final accounts; digests name the document type."""

from __future__ import annotations

from datetime import datetime

import pytest

from fiscalwatch.alerts.digest import _view
from fiscalwatch.alerts.models import Finding
from fiscalwatch.models import Figure
from fiscalwatch.report.builder import build_report
from tests.report.conftest import Site
from tests.report.sample import EDUCATION, QINGCHUAN, FrozenClock, add_document, sample_config


def test_budget_beside_final_account(fresh_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = FrozenClock(monkeypatch)
    add_document(
        fresh_site.store,
        frozen,
        department=EDUCATION,
        region=QINGCHUAN,
        source="qingchuan",
        year=2024,
        fetched=datetime(2024, 2, 20, 2, 0),
        published="2024-02-10",
        figures=[
            Figure("three_public_total", 72.0, page=22, text="“三公”经费预算数为72.00万元"),
            Figure("expenditure_total", 16000.0, page=8, text="支出预算16000.00万元"),
        ],
        doc_type="budget",
        url="http://127.0.0.1/qingchuan/edu/2024-budget.pdf",
    )
    out = fresh_site.out.parent / "with-budget"
    build_report(fresh_site.store.db, sample_config(), out, files=fresh_site.store.files)
    page = next(
        p for p in (out / "departments").glob("*.html") if "预算与决算对照" in p.read_text("utf-8")
    )
    text = page.read_text("utf-8")
    assert "2024 年预算" in text and "按时公开" in text
    # 三公: planned 72.00, spent 58.20 → −19.17%
    assert "72.00" in text and "58.20" in text and "-19.2%" in text.replace("−", "-")
    assert "2023 年预算" not in text  # no budget expected before the first one
    index = (out / "index.html").read_text("utf-8")
    assert "已收录预算" in index and "部门预算：" in index


def test_digest_names_the_document_type() -> None:
    finding = Finding(
        id=1,
        check="missing_document",
        severity="critical",
        department=EDUCATION,
        region=QINGCHUAN,
        fiscal_year=2025,
        message="…",
        evidence={"doc_type": "budget", "level": "unit"},
        url=None,
        first_seen="2025-05-01",
    )
    assert _view(finding, None)["year"] == "2025 年度单位预算"

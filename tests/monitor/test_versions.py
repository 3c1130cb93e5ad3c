"""Checks on document versions: document_changed, document_removed, unreadable_document;
and content checks reading only the current version."""

from __future__ import annotations

import pytest

from fiscalwatch.models import Figure, ParsedDocument
from fiscalwatch.monitor.checks.unreadable_document import unreadable_kind
from fiscalwatch.store import Store
from tests.monitor.builders import add_document, check, finding_keys, open_findings

URL = "http://127.0.0.1:8001/qc/cz/2024.pdf"


def publish(store: Store, data: bytes, figures: list[list[object]]) -> int:
    return add_document(
        store, url=URL, department="青川市财政局", year=2024, figures=figures, data=data
    )


def test_changed_document_names_the_changed_figures(store: Store) -> None:
    old = publish(store, b"%PDF v1", [["income_total", 701.60, 2, "收入总计701.60万元"]])
    new = publish(
        store,
        b"%PDF v2",
        [["income_total", 710.60, 2, "收入总计710.60万元"], ["staff_total", 51, 1, "51人"]],
    )
    check(store, only=["document_changed"])
    [finding] = open_findings(store)
    evidence = finding["evidence"]
    assert list(evidence)[:3] == ["old_sha256", "new_sha256", "changed_figures"]
    documents = store.db.table("documents")
    assert evidence["old_sha256"] == documents.get(old)["sha256"]
    assert evidence["new_sha256"] == documents.get(new)["sha256"]
    assert evidence["changed_figures"] == [
        {"metric": "income_total", "old": 701.6, "new": 710.6},
        {"metric": "staff_total", "old": None, "new": 51.0},
    ]
    assert finding["document_id"] == new and finding["severity"] == "warning"
    assert "收入总计 701.60万元→710.60万元" in finding["message"]
    # Seen again: nothing new.
    assert check(store, only=["document_changed"]).new == 0


def test_change_is_reported_once_the_new_version_is_parsed(store: Store) -> None:
    publish(store, b"%PDF v1", [])
    store.record_document(url=URL, data=b"%PDF v2", source="test")
    check(store, only=["document_changed"])
    assert open_findings(store) == []


def test_only_the_current_version_is_checked(store: Store) -> None:
    share = ["general_budget_expenditure_share", 99.35, 3, "占99.35%", "expenditure_current_year"]
    figures = [
        ["general_budget_expenditure", 154.25, 3, "154.25"],
        ["expenditure_current_year", 157.60, 2, "157.60"],
    ]
    publish(store, b"%PDF v1", [*figures, share])
    publish(store, b"%PDF v2", figures)
    check(store, only=["inconsistent_figures"])
    assert finding_keys(store) == []


def test_removed_document_is_critical_and_resolves_when_back(store: Store) -> None:
    document_id = publish(store, b"%PDF v1", [])
    store.mark_removed(document_id, "404")
    check(store, only=["document_removed"])
    [finding] = open_findings(store)
    assert finding["severity"] == "critical"
    assert next(iter(finding["evidence"])) == "url" and finding["evidence"]["url"] == URL
    assert "已从网站撤下（404）" in finding["message"]
    store.record_document(url=URL, data=b"%PDF v1", source="test")  # served again
    assert check(store, only=["document_removed"]).resolved == 1


def test_removed_and_replaced_document_is_not_checked_for_content(store: Store) -> None:
    share = ["general_budget_expenditure_share", 99.35, 3, "占99.35%", "expenditure_current_year"]
    figures = [
        ["general_budget_expenditure", 154.25, 3, "154.25"],
        ["expenditure_current_year", 157.60, 2, "157.60"],
    ]
    old = publish(store, b"%PDF v1", [*figures, share])
    store.mark_removed(old, "404")
    add_document(
        store,
        url="http://127.0.0.1:8001/qc/cz/2024-corrected.pdf",
        department="青川市财政局",
        year=2024,
        figures=figures,
    )
    check(store, only=["inconsistent_figures", "document_removed"])
    assert finding_keys(store) == ["document_removed:2024"]


def test_unreadable_document(store: Store) -> None:
    stored = store.record_document(
        url=URL, data=b"%PDF scanned", source="test", department="青川市财政局", fiscal_year=2024
    )
    store.mark_failed(
        stored.document_id, "scanned PDF without text layer; OCR not installed", "unreadable"
    )
    check(store, only=["unreadable_document"])
    [finding] = open_findings(store)
    assert finding["evidence"]["reason"].startswith("scanned PDF without text layer")
    assert next(iter(finding["evidence"])) == "reason"
    assert finding["evidence"]["kind"] == "scanned"
    assert finding["message"] == (
        "青川市财政局 2024年度公开文件：文件无法读取，扫描件没有文字层，未能识别文字"
        "（scanned PDF without text layer; OCR not installed）"
    )
    # A readable version resolves it.
    again = store.record_document(url=URL, data=b"%PDF with text", source="test")
    store.save_parse(
        again.document_id, ParsedDocument("final_account", figures=[Figure("income_total", 1.0)])
    )
    assert check(store, only=["unreadable_document"]).resolved == 1


@pytest.mark.parametrize(
    ("reason", "kind", "what"),
    [
        ("empty file (0 bytes)", "empty", "文件为空（0字节）"),
        ("encrypted: the PDF needs a password", "encrypted", "PDF已加密，需要密码才能打开"),
        (
            "truncated PDF: the file ends before its %%EOF marker",
            "truncated",
            "文件不完整，下载可能被截断",
        ),
        (
            "expected a PDF, got an HTML page: 登录 password",
            "html",
            "应为PDF文件，下载到的却是网页",
        ),
        (
            "expected an Excel (.xlsx) file, got plain text",
            "text",
            "应为Excel文件，下载到的却是纯文本",
        ),
        (
            "scanned pages need OCR, but [parse] ocr = false",
            "scanned",
            "扫描件没有文字层，未能识别文字",
        ),
        ("corrupt PDF: Data format error", "corrupt", "文件已损坏，无法解析"),
        ("too many pages: 500 > [parse] max_pages = 400", "too_many_pages", "页数超过解析上限"),
        (
            "legacy Word 97-2003 format (.doc) is not read: no maintained pure-Python reader;"
            " a .docx or PDF of the same document is",
            "legacy_format",
            "旧版Word格式（.doc），需另存为.docx或PDF",
        ),
        ("unknown file format (starts with b'\\x00')", "unknown_format", "无法识别的文件格式"),
        ("the parser process crashed on this file", "crashed", "解析程序出错"),
        ("cannot read the stored file: gone", "other", "文件无法读取"),
    ],
)
def test_unreadable_kinds(reason: str, kind: str, what: str) -> None:
    assert unreadable_kind(reason) == (kind, what)

"""An HTML page where a document should be (an error page saved as .pdf, a soft 404 at
a Download.ashx address declared application/pdf) fails with its title in the error,
through every way in: parse_bytes, parse_file, the parse stage, ``fiscalwatch ingest``.
A disclosure written into an HTML page (crawled as the page, a local .html file) is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.config import load_config
from fiscalwatch.errors import DocumentError
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.parsing.readers import expected_format
from fiscalwatch.parsing.stage import hints_for, parse_file, parse_pending
from fiscalwatch.store import Store

NOT_FOUND = "expected a PDF, got an HTML page: 404 页面不存在"
DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 \xe9\xa1\xb5\xe9\x9d\xa2"
    b"\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</title></head><body><h1>Not found</h1></body></html>"
)
DISCLOSURE_PAGE = (
    "<html><head><meta charset='utf-8'><title>青川市财政局2024年度部门决算</title></head><body>"
    "<h1>青川市财政局2024年度部门决算</h1><p>第一部分 部门概况</p>"
    "<p>2024年度收、支总计均为157.60万元。</p></body></html>"
).encode()


def fixture(name: str) -> Path:
    path = DOCUMENTS / name
    if not path.is_file():
        pytest.skip(f"fixtures/documents/{name} is missing")
    return path


@pytest.mark.parametrize(
    ("filename", "content_type", "expected"),
    [
        ("2024年度部门决算.pdf", None, "pdf"),
        ("决算.PDF", "html", "pdf"),  # the name wins over a sniffed type stored beside it
        ("Download.ashx?id=3", "application/pdf", "pdf"),
        ("Download.ashx?id=3", "application/pdf; charset=binary", "pdf"),
        ("tables.xlsx", None, "xlsx"),
        (None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (None, "xlsx", "xlsx"),
        ("detail.jsp?file=a.pdf", None, None),  # the query is not the name
        ("t20250301_123.html", "html", None),
        (None, "text/html", None),
        (None, None, None),
    ],
)
def test_expected_format(filename: str | None, content_type: str | None, expected: str) -> None:
    assert expected_format(filename, content_type) == expected


@pytest.mark.parametrize(
    ("hints", "message"),
    [
        (
            Hints(filename="2024年度部门决算.pdf"),
            NOT_FOUND,
        ),
        (
            Hints(filename="Download.ashx", content_type="application/pdf"),
            NOT_FOUND,
        ),
        (Hints(filename="附表.xlsx"), "expected an Excel (.xlsx) file, got an HTML page: 404"),
        (Hints(content_type="docx"), "expected a Word (.docx) file, got an HTML page: 404"),
    ],
)
def test_html_bytes_where_a_document_is_promised_fail(hints: Hints, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(ERROR_PAGE, hints)
    assert str(info.value).startswith(message)
    assert info.value.status == "failed"


def test_gbk_error_page_title_and_untitled_page() -> None:
    page = "<html><head><meta charset=gb2312><title>系统维护中</title></head></html>"
    with pytest.raises(DocumentError, match=r"got an HTML page: 系统维护中$"):
        parse_bytes(page.encode("gbk"), Hints(filename="a.pdf"))
    with pytest.raises(DocumentError, match=r"got an HTML page: \(untitled\)$"):
        parse_bytes(b"<html><body></body></html>", Hints(filename="a.pdf"))


def test_plain_text_named_pdf_fails() -> None:
    with pytest.raises(DocumentError, match="expected a PDF, got plain text"):
        parse_bytes("访问受限".encode(), Hints(filename="a.pdf"))


@pytest.mark.parametrize(
    "hints",
    [
        Hints(),
        Hints(filename="t20250301_123.html", content_type="html"),
        Hints(content_type="text/html"),
    ],
    ids=["no name", "crawled as the page", "declared text/html"],
)
def test_disclosure_page_is_parsed(hints: Hints) -> None:
    parsed = parse_bytes(DISCLOSURE_PAGE, hints)
    assert parsed.title == "青川市财政局2024年度部门决算"
    assert any(f.key == "income_total" and f.value == 157.60 for f in parsed.figures)


def test_parse_file_goes_by_the_file_name() -> None:
    with pytest.raises(DocumentError, match=NOT_FOUND):
        parse_file(fixture("bad_html_as.pdf"), {"ocr": False})
    assert parse_file(fixture("v_html_utf8.html"), {"ocr": False}).doc_type == "final_account"


def test_parse_stage_uses_the_stored_name_and_declared_type(config_file: Path) -> None:
    config = load_config(config_file)
    store = Store.from_config(config)
    error_page = fixture("bad_html_as.pdf").read_bytes()
    ids = {
        "named": store.record_document(
            url="http://127.0.0.1/a/2024.pdf", data=error_page, source="test"
        ).document_id,
        "declared": store.record_document(
            url="http://127.0.0.1/a/Download.ashx?id=7",
            data=error_page + b" ",
            source="test",
            content_type="application/pdf",
        ).document_id,
        "page": store.record_document(
            url="http://127.0.0.1/a/t20250301_1.html",
            data=fixture("v_html_gbk.html").read_bytes(),
            source="test",
            page_url="http://127.0.0.1/a/t20250301_1.html",
            content_type="html",
        ).document_id,
    }
    row = store.db.table("documents").get(ids["declared"])
    assert hints_for(row, config)["filename"] == "Download.ashx"
    summary = parse_pending(store, config, progress=False)
    assert summary.results == {
        ids["named"]: "failed",
        ids["declared"]: "failed",
        ids["page"]: "parsed",
    }
    for key in ("named", "declared"):
        error = store.db.table("documents").get(ids[key])["error"]
        assert error == NOT_FOUND
    store.close()


def test_ingest_fails_the_error_page_and_reads_the_html_disclosure(config_file: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--config",
            str(config_file),
            "ingest",
            str(fixture("bad_html_as.pdf")),
            str(fixture("v_html_utf8.html")),
        ],
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("failed") and line.endswith(NOT_FOUND) for line in lines), (
        result.output
    )
    assert any(line.startswith("parsed") and "v_html_utf8.html" in line for line in lines)

"""Formats: sniffing from bytes, DOCX tables in order, XLSX sheets, HTML encodings."""

from __future__ import annotations

import io
import zipfile

import pytest

from fiscalwatch.errors import DocumentError, UnreadableDocument
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.parsing.readers.web import decode
from fiscalwatch.parsing.sniff import OLE_MAGIC, file_kind, sniff_format
from tests.parsing.conftest import blank_pdf


def _docx(paragraphs_then_table: bool = True) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_paragraph("中共青川市委员会组织部2024年度部门决算公开说明")
    document.add_paragraph("第二部分 部门决算情况说明")
    document.add_paragraph("一、收入支出决算总体情况说明")
    document.add_paragraph("2024年度收入总计701.60万元，其中：本年收入合计701.53万元。")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("第四部分 部门决算报表")
    document.add_paragraph("收入支出决算总表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=4, cols=4)
    rows = [
        ["项目", "决算数", "项目", "决算数"],
        ["本年收入合计", "701.53", "本年支出合计", "701.60"],
        ["年初结转和结余", "0.07", "年末结转和结余", "0.00"],
        ["总计", "701.60", "总计", "701.60"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("财政拨款“三公”经费支出决算表")
    three = document.add_table(rows=3, cols=3)
    three.cell(0, 0).merge(three.cell(0, 2)).text = "财政拨款“三公”经费"
    for c, value in enumerate(["合计", "因公出国（境）费", "公务接待费"]):
        three.cell(1, c).text = value
    for c, value in enumerate(["7.90", "0.00", "0.00"]):
        three.cell(2, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_sniff_from_bytes_not_names() -> None:
    assert sniff_format(b"\r\n%PDF-1.7\n...", "x.html") == "pdf"
    assert sniff_format(_docx(), "download.ashx") == "docx"
    assert sniff_format(b"<!DOCTYPE html><html><body>x</body></html>", None) == "html"
    assert sniff_format(OLE_MAGIC + "WordDocument".encode("utf-16-le"), None) == "doc"
    with pytest.raises(DocumentError, match="empty"):
        sniff_format(b"", "a.pdf")


def test_one_detection_for_crawler_and_readers() -> None:
    """file_kind names what the readers refuse; sniff_format says why it refuses it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert file_kind(buffer.getvalue()) == "pptx"
    with pytest.raises(DocumentError, match="neither a Word"):
        sniff_format(buffer.getvalue())
    truncated = _docx()[:300]
    assert file_kind(truncated) == "zip"
    with pytest.raises(DocumentError, match="corrupt zip container"):
        sniff_format(truncated)
    wps = OLE_MAGIC + b"\x00" * 64 + b"WPS Office"
    assert (file_kind(wps), sniff_format(wps)) == ("wps", "doc")
    embedded_chart = OLE_MAGIC + "WordDocument Workbook".encode("utf-16-le")
    assert file_kind(embedded_chart) == "doc"
    assert file_kind(b"Rar!\x1a\x07\x00") == "rar"
    assert file_kind(b"<script>alert('no such file')</script>") == "html"
    assert file_kind(b"plain text") == "text" and file_kind(b"") is None


def test_docx_text_and_tables_in_order_with_pages() -> None:
    doc = parse_bytes(_docx(), Hints(filename="a.docx"))
    assert doc.department == "中共青川市委员会组织部" and doc.fiscal_year == 2024
    assert len(doc.pages) == 2
    table = next(t for t in doc.tables if t.key == "table_01")
    assert table.page == 2 and table.rows[1][:2] == ["本年收入合计", "701.53"]
    by_origin = {(f.key, f.origin): f.value for f in doc.figures}
    assert by_origin[("income_total", "text")] == 701.60
    assert by_origin[("income_total", "table")] == 701.60
    assert by_origin[("expenditure_total", "table")] == 701.60
    assert by_origin[("carryover_begin", "table")] == 0.07
    assert by_origin[("three_public_total", "table")] == 7.90  # header on a merged cell
    assert {"overview", "tables"} <= {s.key for s in doc.sections}


def test_xlsx_each_sheet_a_table() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "支出决算表"
    sheet.append(["支出决算表"])
    sheet.append(["项目", "本年支出合计", "基本支出", "项目支出"])
    sheet.append(["合计", 701.6, 683.16, 18.44])
    buffer = io.BytesIO()
    workbook.save(buffer)
    doc = parse_bytes(buffer.getvalue(), Hints(filename="t.xlsx", fiscal_year=2024))
    figures = {f.key: f.value for f in doc.figures if f.table_key == "table_03"}
    assert figures == {
        "expenditure_current_year": 701.60,
        "basic_expenditure": 683.16,
        "project_expenditure": 18.44,
    }


def test_gbk_html_without_charset() -> None:
    html = (
        "<html><body><h2>一、收入支出决算总体情况说明</h2>"
        "<p>2024年度收入总计701.60万元。</p></body></html>"
    )
    data = html.encode("gbk")
    assert "收入总计" in decode(data)
    doc = parse_bytes(data, Hints(filename="page.html"))
    assert [f.value for f in doc.figures if f.key == "income_total"] == [701.60]


def test_declared_gb2312_decoded_as_gbk() -> None:
    # 镕 is outside GB2312 but inside GBK: pages that declare gb2312 use GBK.
    html = (
        '<html><head><meta charset="gb2312"></head>'
        "<body><p>朱镕基 收入总计1.00万元</p></body></html>"
    )
    assert "镕" in decode(html.encode("gbk"))


def test_legacy_doc_is_unreadable_with_a_reason() -> None:
    data = OLE_MAGIC + b"\x00" * 64 + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnreadableDocument, match=r"\.doc"):
        parse_bytes(data, Hints(filename="a.doc"))


def test_blank_pdf_parses_with_a_warning() -> None:
    doc = parse_bytes(blank_pdf(2), Hints(filename="blank.pdf"))
    assert doc.doc_type == "other" and "no text found" in doc.warnings

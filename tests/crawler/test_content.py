"""Bytes, headers and encodings as government servers send them."""

from __future__ import annotations

from urllib.parse import quote

from fiscalwatch.crawler.content import (
    filename_from_disposition,
    filename_from_url,
    looks_like_file_url,
    sniff,
)
from fiscalwatch.demo.sites.documents import tiny_pdf, tiny_xlsx
from fiscalwatch.parsing.sniff import OLE_MAGIC

NAME = "青川市教育局2024年度部门决算.pdf"


def test_file_type_comes_from_the_bytes() -> None:
    assert sniff(tiny_pdf("x")) == "pdf"
    assert sniff(b"\r\n%PDF-1.7 after a stray newline") == "pdf"
    assert sniff(tiny_xlsx("t", [["a", 1]])) == "xlsx"
    assert sniff(OLE_MAGIC + b"\x00" * 64 + "WordDocument".encode("utf-16-le")) == "doc"
    assert sniff(OLE_MAGIC + b"\x00" * 64 + "Workbook".encode("utf-16-le")) == "xls"
    assert sniff(b"<!DOCTYPE html><html><body>404</body></html>") == "html"
    assert sniff(b"\xef\xbb\xbf<html><head><title>x</title>") == "html"
    assert sniff(b"plain bytes") is None


def test_rfc5987_filename() -> None:
    header = f"attachment; filename*=UTF-8''{quote(NAME)}"
    assert filename_from_disposition(header.encode()) == NAME


def test_rfc5987_wins_over_plain_filename() -> None:
    header = f"attachment; filename=\"fallback.pdf\"; filename*=UTF-8''{quote(NAME)}"
    assert filename_from_disposition(header.encode()) == NAME


def test_raw_gbk_filename() -> None:
    header = b'attachment; filename="' + NAME.encode("gbk") + b'"'
    assert filename_from_disposition(header) == NAME


def test_percent_encoded_filenames_in_utf8_and_gbk() -> None:
    assert filename_from_disposition(f"attachment; filename={quote(NAME)}") == NAME
    gbk = quote(NAME.encode("gbk"))
    assert filename_from_disposition(f"attachment; filename={gbk}") == NAME


def test_file_links() -> None:
    assert looks_like_file_url("http://h/zwgk/202408/P020240815.pdf")
    assert looks_like_file_url("http://h/Download.ashx?id=31")
    assert looks_like_file_url("http://h/module/download/downfile.jsp?classid=0&filename=a.pdf")
    assert not looks_like_file_url("http://h/zwgk/202408/t20240815_1.html")
    assert not looks_like_file_url("http://h/show.aspx?id=3")
    assert filename_from_url("http://h/downfile.jsp?filename=%E5%86%B3%E7%AE%97.pdf") == "决算.pdf"

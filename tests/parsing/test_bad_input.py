"""Bad files give a clear error and status; nothing crashes."""

from __future__ import annotations

import io
import zipfile

import pytest

from fiscalwatch.errors import DocumentError
from fiscalwatch.parsing.document import Hints, parse_bytes
from tests.parsing.conftest import blank_pdf


def test_zero_bytes() -> None:
    with pytest.raises(DocumentError, match="empty") as info:
        parse_bytes(b"", Hints(filename="a.pdf"))
    assert info.value.status == "failed"


def test_corrupt_pdf() -> None:
    with pytest.raises(DocumentError, match="corrupt PDF") as info:
        parse_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", Hints())
    assert info.value.status == "failed"


def test_truncated_pdf() -> None:
    data = blank_pdf(3)
    with pytest.raises(DocumentError, match="truncated"):
        parse_bytes(data[: len(data) // 2], Hints(filename="a.pdf"))


def test_html_page_named_pdf() -> None:
    page = b"<html><head><title>404</title></head><body>Not Found</body></html>"
    with pytest.raises(DocumentError, match="HTML page") as info:
        parse_bytes(page, Hints(filename="2024年度部门决算.pdf"))
    assert info.value.status == "failed"


def test_too_many_pages_respects_max_pages() -> None:
    data = blank_pdf(500)  # made here, not committed
    with pytest.raises(DocumentError, match=r"500 > \[parse\] max_pages = 400"):
        parse_bytes(data, Hints(filename="big.pdf", max_pages=400))


def test_docx_zip_bomb_refused_before_reading() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):  # 210 MB of zeros, ~200 KB packed
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2_000_000
    with pytest.raises(DocumentError, match="zip bomb"):
        parse_bytes(data, Hints(filename="a.docx"))


def test_unknown_binary() -> None:
    with pytest.raises(DocumentError, match="unknown file format"):
        parse_bytes(b"\x00\x01\x02\x03" * 100, Hints())

"""Scanned pages: detected cheaply, read by RapidOCR with the models inside the wheel,
with no network at all; without OCR the document is unreadable, with the reason."""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path

import pytest

from fiscalwatch.errors import UnreadableDocument
from fiscalwatch.parsing import ocr
from fiscalwatch.parsing.document import Hints, parse_bytes

SCAN = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "scan_seed_000.pdf"


def one_scanned_page() -> bytes:
    if not SCAN.is_file():
        pytest.skip("fixtures/documents/scan_seed_000.pdf is missing")
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(SCAN.read_bytes())
    single = pdfium.PdfDocument.new()
    single.import_pages(source, [0])
    buffer = io.BytesIO()
    single.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during OCR")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.slow
def test_ocr_reads_a_scan_offline(no_network: list[object]) -> None:
    pytest.importorskip("rapidocr")
    paths = ocr.model_paths()
    package = Path(sys.modules["rapidocr"].__file__ or "").parent
    assert all(Path(p).is_file() and Path(p).is_relative_to(package) for p in paths.values())
    ocr.engine.cache_clear()  # the engine is built (and its models loaded) inside this test
    doc = parse_bytes(one_scanned_page(), Hints(filename="scan.pdf"))
    assert no_network == []
    assert doc.pages[0].ocr and doc.ocr_pages == 1
    income = [f for f in doc.figures if f.key == "income_total"]
    assert [(f.value, f.origin, f.page) for f in income] == [(701.60, "ocr", 1)]
    assert {"overview", "income"} <= {s.key for s in doc.sections}


def test_scan_without_ocr_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match=r"\[parse\] ocr = false"):
        parse_bytes(one_scanned_page(), Hints(filename="scan.pdf", ocr=False))


def test_scan_without_rapidocr_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr -> ImportError
    with pytest.raises(UnreadableDocument, match="rapidocr is not installed"):
        parse_bytes(one_scanned_page(), Hints(filename="scan.pdf"))

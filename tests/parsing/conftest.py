"""Helpers for the parsing tests: documents made at test time, a config for the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fiscalwatch.models import Page
from fiscalwatch.parsing.figures import TextFigures
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.sections import find_headings
from tests.conftest import make_config


def read_text(*pages: str) -> tuple[TextIndex, list]:
    """Sections and figures of plain text pages, the way a PDF's text would be read."""
    index = TextIndex([Page(number=i, text=text) for i, text in enumerate(pages, start=1)])
    headings = find_headings(index)
    return index, TextFigures(index, headings).read()


def values(figures: list, key: str) -> list[float]:
    return [f.value for f in figures if f.key == key]


def blank_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return make_config(tmp_path, parse={"workers": 2})

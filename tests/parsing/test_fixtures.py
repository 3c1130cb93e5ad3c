"""Every fixture document against its expected TOML (fixtures/documents/expected/):
exact figures, sections, tables, classification — one test case per expected value."""

from __future__ import annotations

from typing import Any

import pytest

from fiscalwatch.errors import DocumentError
from fiscalwatch.models import ParsedDocument
from tests.parsing.expected import Expected, all_expected, found_value, parsed, same_name

EXPECTED = all_expected()
READABLE = [e for e in EXPECTED if e.status == "parsed"]
BAD = [e for e in EXPECTED if e.status != "parsed"]

pytestmark = pytest.mark.skipif(not EXPECTED, reason="fixtures/documents/expected is empty")


def document(expected: Expected) -> ParsedDocument:
    result = parsed(expected.name)
    if isinstance(result, DocumentError):
        pytest.fail(f"{expected.name}: {result}")
    return result


def _figure_cases() -> list[Any]:
    return [
        pytest.param(e, key, value, id=f"{e.name}-{key}")
        for e in READABLE
        for key, value in e.values().items()
    ]


def _basis_cases() -> list[Any]:
    return [
        pytest.param(e, key, basis, id=f"{e.name}-{key}")
        for e in READABLE
        for key, basis in e.data.get("basis", {}).items()
    ]


@pytest.mark.parametrize(("expected", "key", "value"), _figure_cases())
def test_figure(expected: Expected, key: str, value: float) -> None:
    doc = document(expected)
    seen = sorted({f.value for f in doc.figures if f.key == key})
    assert found_value(doc, key, value), f"{key}: expected {value}, read {seen}"


@pytest.mark.parametrize(("expected", "key", "basis"), _basis_cases())
def test_share_basis(expected: Expected, key: str, basis: str) -> None:
    doc = document(expected)
    assert basis in {f.basis for f in doc.figures if f.key == key}


@pytest.mark.parametrize("expected", READABLE, ids=lambda e: e.name)
def test_classification(expected: Expected) -> None:
    doc = document(expected)
    data = expected.data
    assert doc.doc_type == data["doc_type"]
    if data.get("fiscal_year"):
        assert doc.fiscal_year == data["fiscal_year"]
    names = [data.get("department"), *data.get("department_variants", [])]
    if data.get("department"):
        assert any(same_name(doc.department, name) for name in names), doc.department


@pytest.mark.parametrize("expected", READABLE, ids=lambda e: e.name)
def test_sections(expected: Expected) -> None:
    found = {section.key for section in document(expected).sections}
    sections = expected.data.get("sections", {})
    assert set(sections.get("present", [])) - found == set()
    assert set(sections.get("absent", [])) & found == set()


@pytest.mark.parametrize("expected", READABLE, ids=lambda e: e.name)
def test_tables(expected: Expected) -> None:
    doc = document(expected)
    tables = expected.data.get("tables", {})
    with_rows = {t.key for t in doc.tables if t.rows}
    empty = {t.key for t in doc.tables if t.empty}
    assert set(tables.get("in_file", [])) - with_rows == set()
    assert set(tables.get("empty_noted", [])) - empty == set()
    for table in doc.tables:
        if table.key in tables.get("empty_noted", []):
            assert table.note, f"{table.key} is empty without its note"


@pytest.mark.parametrize("expected", READABLE, ids=lambda e: e.name)
def test_every_figure_has_provenance(expected: Expected) -> None:
    for figure in document(expected).figures:
        assert figure.page is not None and figure.page >= 1, figure
        assert figure.text, figure
        assert figure.origin in ("text", "table", "ocr")
        if figure.origin == "table":
            assert figure.table_key and figure.table_key.startswith("table_0")


@pytest.mark.parametrize("expected", BAD, ids=lambda e: e.name)
def test_bad_fixture_status(expected: Expected) -> None:
    result = parsed(expected.name)
    assert isinstance(result, DocumentError), "a bad file must not parse"
    assert result.status == expected.status
    kind = expected.data.get("error_kind", "")
    assert kind in str(result).lower()

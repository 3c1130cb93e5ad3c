"""Legacy Office formats: .xls read through xlrd (the same tables as the .xlsx it was
saved from); .doc refused with a reason that names the format."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.errors import UnreadableDocument
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.parsing.readers.office import read_xls
from fiscalwatch.parsing.sniff import OLE_MAGIC

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def test_xls_reads_the_tables_of_its_xlsx() -> None:
    old = parse_bytes((DOCUMENTS / "v_split_tables.xls").read_bytes(), Hints(filename="t.xls"))
    new = parse_bytes((DOCUMENTS / "v_split_tables.xlsx").read_bytes(), Hints(filename="t.xlsx"))
    # xlrd gives every number as a float ("0.00" where openpyxl gives the int "0").
    assert [(t.key, t.status, _numbers(t.rows)) for t in old.tables] == [
        (t.key, t.status, _numbers(t.rows)) for t in new.tables
    ]
    assert sorted((f.key, f.value) for f in old.figures) == sorted(
        (f.key, f.value) for f in new.figures
    )
    assert len(old.tables) == 9


def test_corrupt_xls_is_a_document_error() -> None:
    from fiscalwatch.errors import DocumentError

    with pytest.raises(DocumentError, match=r"corrupt Excel \(\.xls\)"):
        read_xls(OLE_MAGIC + b"\x00" * 600)


def test_doc_is_unreadable_with_its_format_named() -> None:
    with pytest.raises(UnreadableDocument, match=r"legacy Word 97-2003 format \(\.doc\)"):
        parse_bytes(OLE_MAGIC + b"\x00" * 600, Hints(filename="决算.doc"))


def _numbers(rows: list[list[str]]) -> list[list[str]]:
    return [[f"{float(c):.2f}" if c.replace(".", "").isdigit() else c for c in r] for r in rows]

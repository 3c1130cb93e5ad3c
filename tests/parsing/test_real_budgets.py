"""The real budgets in ../shared/real/budgets, read in place (skipped when absent): every
headline figure exact (hand-read values in real_budgets.toml), tables by meaning, level."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.budget_template import budget_family
from fiscalwatch.models import ParsedDocument
from fiscalwatch.parsing.document import Hints, parse_bytes

EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    (Path(__file__).with_name("real_budgets.toml")).read_text(encoding="utf-8")
)
SHANGHAI_TABLES = {f"table_0{n}" for n in range(1, 9)} | {"three_public_operating"}
_PARSED: dict[str, ParsedDocument] = {}


def budget(shared_dir: Path, name: str) -> ParsedDocument:
    path = shared_dir / "real" / "budgets" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/real/budgets")
    if name not in _PARSED:
        _PARSED[name] = parse_bytes(path.read_bytes(), Hints(filename=path.name))
    return _PARSED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_headline_figure_exact(shared_dir: Path, name: str) -> None:
    doc = budget(shared_dir, name)
    got: dict[str, list[float]] = {}
    for figure in doc.figures:
        got.setdefault(figure.key, []).append(round(figure.value, 2))
    for key, value in EXPECTED[name]["expected"].items():
        assert got.get(key), f"{key} not read"
        assert set(got[key]) == {value}, f"{key}: {got[key]} != {value}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tables_level_and_family(shared_dir: Path, name: str) -> None:
    doc = budget(shared_dir, name)
    expected = EXPECTED[name]
    assert doc.doc_type == "budget"
    assert doc.fiscal_year == expected["fiscal_year"]
    assert doc.level == expected["level"]
    assert {t.key for t in doc.tables} == SHANGHAI_TABLES
    status = {t.key: t.status for t in doc.tables}
    assert {k for k, s in status.items() if s == "empty"} == set(expected["empty_tables"])
    assert {k for k, s in status.items() if s == "parsed"} == SHANGHAI_TABLES - set(
        expected["empty_tables"]
    )
    text = "".join(page.text for page in doc.pages[:2])
    assert budget_family({t.key for t in doc.tables}, text)[0] == expected["family"]


def test_tables_carry_rows_and_codes(shared_dir: Path) -> None:
    """The 功能分类 rows keep their 类/款/项 codes in the shared table model."""
    doc = budget(shared_dir, "上海市普陀区司法局2026年度单位预算.pdf")
    table = next(t for t in doc.tables if t.key == "table_03")
    row = next(r for r in table.rows if "行政运行" in r)
    assert row[:3] == ["204", "06", "01"]
    assert row[-3:] == ["14,348,853.34", "14,348,853.34", "64,840,547.00"]

"""The Word-made fixture PDFs (fixtures/documents/seed_00N.pdf): real ruled tables.

Read two ways: pdfplumber's table finder straight into ``parsed.tables`` (what a
parser hands over for a PDF), and the project's own parser end to end.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from fiscalwatch.models import ParsedDocument, Table
from fiscalwatch.performance import Evaluation, find_evaluations
from fiscalwatch.performance.text import key
from tests.conftest import FIXTURES
from tests.performance.expected import COUNTS, ROWS

DOCUMENTS = FIXTURES / "documents"


def fixture_pdf(seed: str) -> Path:
    path = DOCUMENTS / f"seed_{seed}.pdf"
    if not path.is_file():
        pytest.skip(f"{path.name} not generated (make fixtures)")
    return path


def comparable(evaluations: list[Evaluation]) -> list[tuple[object, ...]]:
    return [
        (e.kind, key(e.name), key(e.department), e.budget_initial, e.budget_full_year, e.executed,
         e.execution_rate_stated, e.weight, e.score, e.total_weight, e.total_score,
         len(e.indicators))
        for e in evaluations
    ]  # fmt: skip


@pytest.mark.parametrize("seed", sorted(ROWS))
def test_pdf_tables_read_like_the_seed_text(seed: str) -> None:
    tables = []
    with pdfplumber.open(fixture_pdf(seed)) as pdf:
        started = False  # the self-evaluations come after the final account's text
        for page in pdf.pages:
            started = started or "绩效自评表" in (page.extract_text() or "")
            if not started:
                continue
            for rows in page.extract_tables():
                tables.append(Table("other", "", page=page.page_number, rows=rows))
    evaluations = find_evaluations(ParsedDocument("final_account", tables=tables))
    assert {e.origin for e in evaluations} == {"table"}
    expected = [(row[0], key(row[1]), key(row[2]), *row[3:]) for row in ROWS[seed]]
    assert comparable(evaluations) == expected
    assert all(e.page for e in evaluations)


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_through_the_parser(seed: str) -> None:
    """parse_bytes -> enrich -> extract. While the parser keeps a PDF's other ruled tables
    to itself, the funds rows come from the flowed text and carry no indicators."""
    document = pytest.importorskip("fiscalwatch.parsing.document")
    path = fixture_pdf(seed)
    parsed = document.parse_bytes(path.read_bytes(), document.Hints(filename=path.name))
    evaluations = parsed.extras["performance"]
    indicators = sum(len(e.indicators) for e in evaluations)
    assert len(evaluations) == COUNTS[seed][0]
    if seed not in ROWS:
        assert indicators == COUNTS[seed][1]
        return
    grids_handed_over = any(t.key == "other" for t in parsed.tables)
    assert indicators == (COUNTS[seed][1] if grids_handed_over else 0)
    expected = [(row[0], key(row[1]), key(row[2]), *row[3:11]) for row in ROWS[seed]]
    assert [row[:11] for row in comparable(evaluations)] == expected

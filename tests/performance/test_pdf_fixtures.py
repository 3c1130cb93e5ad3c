"""The Word-made fixture PDFs (fixtures/documents/seed_00N.pdf): real ruled tables.

Read two ways: pdfplumber's table finder straight into ``parsed.tables``, and the
project's own parser end to end (which hands the grids of the 绩效自评表 pages over as
``Table(key="other")``): both give every evaluation and indicator the seed text gives.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pdfplumber
import pytest

from fiscalwatch.models import ParsedDocument, Table
from fiscalwatch.performance.extract import find_evaluations
from fiscalwatch.performance.models import Evaluation
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


@functools.cache
def parsed_fixture(seed: str) -> ParsedDocument:
    """The fixture PDF through the project's parser: parse_bytes -> enrich -> extract."""
    from fiscalwatch.parsing.document import Hints, parse_bytes

    path = fixture_pdf(seed)
    return parse_bytes(path.read_bytes(), Hints(filename=path.name))


def indicator_fields(evaluation: Evaluation) -> list[tuple[object, ...]]:
    return [
        (key(i.level1), key(i.level2), key(i.level3), key(i.target), key(i.basis),
         key(i.actual), i.weight, i.score, key(i.deviation_reason))
        for i in evaluation.indicators
    ]  # fmt: skip


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_through_the_parser(seed: str) -> None:
    evaluations = parsed_fixture(seed).extras["performance"]
    indicators = sum(len(e.indicators) for e in evaluations)
    assert (len(evaluations), indicators) == COUNTS[seed]
    if seed in ROWS:
        expected = [(row[0], key(row[1]), key(row[2]), *row[3:]) for row in ROWS[seed]]
        assert comparable(evaluations) == expected
        assert {e.origin for e in evaluations} == {"table"}


@pytest.mark.parametrize("seed", sorted(ROWS))
def test_through_the_parser_indicators_match_the_seed_text(
    seed: str, seed_evaluations: dict[str, list[Evaluation]]
) -> None:
    """Every indicator cell read from the PDF's grids equals the seed text's reading."""
    from_pdf = parsed_fixture(seed).extras["performance"]
    from_text = seed_evaluations[seed]
    assert [key(e.name) for e in from_pdf] == [key(e.name) for e in from_text]
    for pdf_evaluation, text_evaluation in zip(from_pdf, from_text, strict=True):
        assert indicator_fields(pdf_evaluation) == indicator_fields(text_evaluation)
        assert pdf_evaluation.raw == text_evaluation.raw
        assert all(i.page for i in pdf_evaluation.indicators)


@pytest.mark.parametrize("seed", sorted(ROWS))
def test_grids_handed_over_only_from_self_evaluation_pages(seed: str) -> None:
    parsed = parsed_fixture(seed)
    others = [t for t in parsed.tables if t.key == "other"]
    assert others and all(t.rows for t in others)
    assert {t.title for t in others} == {"部门整体支出绩效自评表", "项目支出绩效自评表"}
    pages = {t.page for t in others}
    first_title = min(p.number for p in parsed.pages if "绩效自评表" in p.text)
    glossary = next(s.page for s in parsed.sections if s.key == "glossary")
    assert min(pages) == first_title and max(pages) < glossary  # the run ends at 名词解释
    assert {t.key for t in parsed.tables} - {"other"} <= {f"table_{n:02d}" for n in range(1, 10)}

"""Seed texts as ParsedDocuments, read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.models import Page, ParsedDocument
from fiscalwatch.performance.extract import find_evaluations
from fiscalwatch.performance.models import Evaluation
from tests.conftest import SHARED

SEEDS = {
    "000": ("000_c17cb99296c232a2.txt", "final_account", 2024),
    "001": ("001_9ed04140ccc580d8.txt", "performance", 2023),
    "002": ("002_1653eecb287bc093.txt", "final_account", 2024),
    "003": ("003_e4cc3d16020bb226.txt", "final_account", 2024),
    "004": ("004_34afc18cc82f99ab.txt", "final_account", 2024),
}


def seed_path(seed: str) -> Path:
    path = SHARED / "seeds" / SEEDS[seed][0]
    if not path.is_file():
        pytest.skip("../shared/seeds is not beside the checkout")
    return path


def seed_text(seed: str) -> str:
    return seed_path(seed).read_text(encoding="utf-8")


def seed_document(seed: str, pages: list[str] | None = None) -> ParsedDocument:
    """The seed as the parser would hand it over: one page, or the pages given."""
    _, doc_type, year = SEEDS[seed]
    texts = pages if pages is not None else [seed_text(seed)]
    return ParsedDocument(
        doc_type=doc_type,
        fiscal_year=year,
        pages=[Page(number, text) for number, text in enumerate(texts, start=1)],
    )


@pytest.fixture(scope="session")
def seed_evaluations() -> dict[str, list[Evaluation]]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return {seed: find_evaluations(seed_document(seed)) for seed in SEEDS}

"""Fixtures shared by every test package. Component fixtures live in tests/<component>/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscalwatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "fw.db", tmp_path / "files")
    yield opened
    opened.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED

"""copied_prior_text on real texts that are not copies of each other: the five seeds
(different departments and years, ../shared/seeds) taken as each other's prior year
give nothing; a seed given itself as its prior year gives its change statements as
not updated, and with its directions turned, last year's reasons for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fiscalwatch.monitor.checks.copied_prior_text import copied
from fiscalwatch.monitor.checks.reasons import _compact


def seed_pages(shared_dir: Path) -> dict[str, dict[int, str]]:
    paths = sorted((shared_dir / "seeds").glob("*.txt"))
    if not paths:
        pytest.skip("no seeds in ../shared/seeds")
    return {p.stem[:3]: {1: _compact(p.read_text(encoding="utf-8"))} for p in paths}


def test_seeds_as_each_others_prior_year_give_nothing(shared_dir: Path) -> None:
    seeds = seed_pages(shared_dir)
    found = {
        (name, other): sorted(kinds)
        for name, pages in seeds.items()
        for other, prior in seeds.items()
        if other != name and (kinds := copied(pages, {(0, 1): prior[1]})[0])
    }
    assert found == {}


def test_a_seed_as_its_own_prior_year_is_found(shared_dir: Path) -> None:
    pages = seed_pages(shared_dir)["003"]
    kinds, similarity = copied(pages, {(0, 1): pages[1]})
    assert similarity == 1.0
    assert len(kinds["numbers_not_updated"]) >= 1


def test_a_seed_with_its_directions_turned_gives_last_years_reasons(shared_dir: Path) -> None:
    """Seed 003's decreases written as increases with new amounts, its reasons kept."""
    prior = seed_pages(shared_dir)["003"]
    turned = re.sub(r"(比上年(?:决算)?)减少", r"\1增加", prior[1])
    turned = re.sub(r"(\d+\.\d{2})万元", lambda m: f"{float(m.group(1)) + 1:.2f}万元", turned)
    kinds, _ = copied({1: turned}, {(0, 1): prior[1]})
    assert "numbers_not_updated" not in kinds
    assert len(kinds["reason_for_opposite_change"]) >= 5

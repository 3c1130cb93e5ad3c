"""The classifier against real department names and real noise titles (``data/``).

Both lists were committed before the classifier was changed and are never edited to make
it pass: a real name read as noise loses a department's accounts for good, a noise title
fetched becomes a false document."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscalwatch.classify import classify
from fiscalwatch.departments import department_key

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


NAMES = _lines("department_names.txt")
NOISE = _lines("noise_titles.txt")
# How real columns title one disclosure (templates.md, domain.md).
TITLE_FORMS = (
    ("{name}2024年度部门决算", "final_account", 2024),
    ("{name}2023年部门预算公开", "budget", 2023),
    ("2024年度{name}部门决算", "final_account", 2024),
    ("关于公开{name}2023年度部门决算的说明", "final_account", 2023),
    ("2022年度部门决算公开（{name}）", "final_account", 2022),
    ("{name}2024年度单位决算", "final_account", 2024),
    ("{name}2023年度部门整体支出绩效自评报告", "performance", 2023),
)


def test_the_lists_are_large_enough() -> None:
    assert len(NAMES) >= 300
    assert len(NOISE) >= 100


def test_no_real_department_name_is_read_as_noise() -> None:
    wrong = []
    for name in NAMES:
        for form, doc_type, year in TITLE_FORMS:
            title = form.format(name=name)
            found = classify(title)
            ok = (
                found.is_disclosure
                and found.doc_type == doc_type
                and found.fiscal_year == year
                and department_key(found.department) == department_key(name)
            )
            if not ok:
                wrong.append((title, found))
    assert wrong == [], f"{len(wrong)} misread, first: {wrong[:8]}"


def test_no_noise_title_is_fetched() -> None:
    fetched = [(t, c) for t in NOISE if (c := classify(t)).is_disclosure]
    assert fetched == [], f"{len(fetched)} fetched: {fetched[:10]}"


@pytest.mark.parametrize("title", NOISE[:5])
def test_a_noise_title_says_why(title: str) -> None:
    assert classify(title).reason

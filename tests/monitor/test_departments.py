"""Department identity across name variants (cases/departments.toml)."""

from __future__ import annotations

import tomllib

import pytest

from fiscalwatch.departments import DepartmentMatcher, department_key, same_department
from tests.monitor.builders import CASES

CASES_DATA = tomllib.loads((CASES / "departments.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("a", "b", "same"), CASES_DATA["pairs"])
def test_same_department(a: str, b: str, same: bool) -> None:
    assert same_department(a, b) is same
    assert same_department(b, a) is same


@pytest.mark.parametrize("case", CASES_DATA["matcher"])
def test_matcher_resolves_tails_only_when_unambiguous(case: dict[str, list[str]]) -> None:
    matcher = DepartmentMatcher(case["keys"])
    assert [matcher.canonical(k) for k in case["keys"]] == case["canonical"]


def test_key_of_nothing_is_empty() -> None:
    assert department_key(None) == department_key("") == ""
    assert not same_department("", "")

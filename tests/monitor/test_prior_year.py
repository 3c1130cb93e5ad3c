"""Checks that hold a document against the same department's stored prior year:
restated_prior_year (prior-year variants in cases/prior_years.toml) and yoy_anomaly
(cases/yoy.toml). The prior year is matched across name variants of the department."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from fiscalwatch.store import Store
from tests.monitor.builders import (
    CASES,
    add_document,
    add_seed,
    check,
    finding_keys,
    open_findings,
    seeds,
)

PRIOR = tomllib.loads((CASES / "prior_years.toml").read_text(encoding="utf-8"))
YOY = tomllib.loads((CASES / "yoy.toml").read_text(encoding="utf-8"))["case"]


def add_prior(store: Store, name: str, figures: list[list[Any]]) -> int:
    return add_document(
        store,
        url=f"http://127.0.0.1:8001/{name}/2023.pdf",
        department=PRIOR[name]["department"],
        year=2023,
        region=seeds()[name]["region"],
        figures=[[key, value, 2, f"{key} {value}"] for key, value in figures],
    )


@pytest.mark.parametrize("name", sorted(PRIOR))
def test_consistent_prior_year_yields_no_restatement(store: Store, name: str) -> None:
    add_prior(store, name, PRIOR[name]["figures"])
    add_seed(store, name)
    check(store, only=["restated_prior_year"])
    assert finding_keys(store) == []


@pytest.mark.parametrize(
    ("name", "altered"),
    [(name, tuple(alteration)) for name in sorted(PRIOR) for alteration in PRIOR[name]["altered"]],
)
def test_altered_prior_year_yields_restatement(
    store: Store, name: str, altered: tuple[str, float]
) -> None:
    key, value = altered
    figures = [[k, value if k == key else v] for k, v in PRIOR[name]["figures"]]
    prior_id = add_prior(store, name, figures)
    document_id = add_seed(store, name)
    check(store, only=["restated_prior_year"])
    [finding] = open_findings(store)
    evidence = finding["evidence"]
    assert list(evidence)[:3] == ["metric", "implied_previous", "stored_previous"]
    implied = dict(PRIOR[name]["figures"])[key]
    assert (evidence["metric"], evidence["implied_previous"]) == (key, implied)
    assert evidence["stored_previous"] == value
    assert evidence["previous_document_id"] == prior_id
    assert finding["document_id"] == document_id and finding["fiscal_year"] == 2024
    assert f"{value:,.2f}万元" in finding["message"]


def test_prior_year_of_another_department_is_not_used(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/other/2023.pdf",
        department="乌鲁木齐市财政局",
        year=2023,
        region="乌鲁木齐市",
        figures=[["three_public_total", 99.0, 2, "99"]],
    )
    add_seed(store, "seed_000")
    check(store, only=["restated_prior_year", "yoy_anomaly"])
    assert finding_keys(store) == []


@pytest.mark.parametrize("case", YOY, ids=[c["name"] for c in YOY])
def test_yoy_anomaly(store: Store, case: dict[str, Any]) -> None:
    add_prior(store, "seed_000", [["three_public_total", case["previous"]]])
    add_seed(store, "seed_000")
    check(store, only=["yoy_anomaly"], **case.get("monitor", {}))
    rows = open_findings(store)
    assert bool(rows) == case["anomaly"]
    if not rows:
        return
    [finding] = rows
    evidence = finding["evidence"]
    assert list(evidence)[:4] == ["metric", "previous", "current", "change_pct"]
    assert (evidence["metric"], evidence["previous"], evidence["current"]) == (
        "three_public_total",
        case["previous"],
        7.90,
    )
    assert evidence["change_pct"] == case.get("change_pct")
    # The seed's own reason for its 三公 change is quoted.
    assert evidence["reason"].startswith("本年业务活动正常开展")
    assert "文中说明的原因：“本年业务活动正常开展" in finding["message"]


def test_yoy_anomaly_without_a_stated_reason_says_so(store: Store) -> None:
    add_prior(store, "seed_000", [["procurement_total", 2.0]])
    add_seed(store, "seed_000")
    check(store, only=["yoy_anomaly"])
    [finding] = open_findings(store)
    assert finding["evidence"]["reason"] is None
    assert "文中未说明原因" in finding["message"]

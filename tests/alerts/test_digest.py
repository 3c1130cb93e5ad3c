"""Digest subjects and grouping (the rendering itself is tested through real SMTP)."""

from __future__ import annotations

import pytest

from fiscalwatch.alerts.digest import group, subject
from fiscalwatch.alerts.models import Finding


def finding(i: int, region: str | None, department: str | None = "甲局", **kw: object) -> Finding:
    fields: dict[str, object] = {
        "check": "missing_section",
        "severity": "warning",
        "fiscal_year": 2024,
        "message": f"问题 {i}",
        "evidence": {},
        "url": None,
        "first_seen": "2025-10-01T00:00:00+00:00",
        **kw,
    }
    return Finding(id=i, department=department, region=region, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        (["青川市"] * 3, "fiscalwatch：青川市 3 条新发现"),
        (["青川市", "乌鲁木齐市"], "fiscalwatch：乌鲁木齐市、青川市 2 条新发现"),
        (
            ["甲市", "乙市", "丙市", "丁市", "甲市"],
            "fiscalwatch：丁市、丙市、乙市等 4 个地区 5 条新发现",
        ),
        ([None, "青川市"], "fiscalwatch：青川市、未注明地区 2 条新发现"),
        (["青川\n市"], "fiscalwatch：青川 市 1 条新发现"),  # never a line break in a header
    ],
)
def test_subject_names_count_and_regions(regions: list[str | None], expected: str) -> None:
    assert subject([finding(i, r) for i, r in enumerate(regions)]) == expected


def test_grouped_by_region_and_department_most_severe_first() -> None:
    findings = [
        finding(1, "青川市", "乙局", fiscal_year=2023),
        finding(2, "青川市", "乙局", severity="critical", check="missing_document"),
        finding(3, "青川市", "甲局"),
        finding(4, "乌鲁木齐市", None),
    ]
    regions = group(findings)
    assert [(r.name, r.count) for r in regions] == [("乌鲁木齐市", 1), ("青川市", 3)]
    assert [d.name for d in regions[0].departments] == ["未注明部门"]
    departments = regions[1].departments
    assert [d.name for d in departments] == ["乙局", "甲局"]
    assert [f["id"] for f in departments[0].findings] == [2, 1]
    assert departments[0].findings[0]["check_label"] == "逾期未公开"

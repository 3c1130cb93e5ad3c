"""The one classifier: department first, then noise from the rest; levels; the roster;
whole documents (title, then text)."""

from __future__ import annotations

import pytest

from fiscalwatch.classify import (
    classify,
    document_department,
    document_doc_type,
    document_fiscal_year,
    level_of,
)


@pytest.mark.parametrize(
    ("title", "department", "decision"),
    [
        # The noise word is inside the name: fetched.
        ("青川市审计局2024年度部门决算", "青川市审计局", "fetch"),
        ("青川市会议中心2023年度单位决算", "青川市会议中心", "fetch"),
        ("青川市委党校培训中心2024年部门预算", "青川市委党校培训中心", "fetch"),
        ("2024年度青川市新闻出版局部门决算公开", "青川市新闻出版局", "fetch"),
        # The noise word is in the rest of the title: skipped.
        ("青川市审计局关于2023年度部门预算执行情况的审计结果公告", "青川市审计局", "noise"),
        ("青川市会议中心召开2025年部门预算编制工作会议", "青川市会议中心", "noise"),
        ("青川市财政局举办2024年度部门决算编报培训班", "青川市财政局", "noise"),
        # Not a disclosure at all.
        ("青川市财政局2023年政府信息公开工作年度报告", "青川市财政局", "other_type"),
    ],
)
def test_department_first_then_the_rest(title: str, department: str, decision: str) -> None:
    found = classify(title)
    assert (found.department, found.decision) == (department, decision)
    assert (found.reason is None) == (decision == "fetch")


def test_a_table_name_with_meeting_and_training_fees_is_no_meeting() -> None:
    found = classify("青川市民政局2023年度“三公”经费及会议费、培训费支出决算")
    assert found.decision == "fetch"


def test_levels() -> None:
    assert level_of("荆门市审计局(本级)2023年度决算") == "own_office"
    assert level_of("泸州市中医医院2023年度单位决算") == "unit"
    assert level_of("青川市民政局2024年度部门决算") == "department"
    assert level_of("2023年市本级财政决算") is None  # a region's own budget, not an office
    assert classify("2023年市本级财政决算").level == "department"
    assert classify("荆门市审计局(本级)2023年度决算").level == "own_office"


def test_the_roster_names_the_department_as_listed() -> None:
    roster = ["青川市卫生健康委员会", "青川市民政局"]
    # The title abbreviates; the roster's full name is the department.
    found = classify("青川市卫健委2024年度部门决算", roster=roster)
    assert found.department == "青川市卫生健康委员会"
    assert classify("青川市民政局2024年度部门决算", roster=roster).department == "青川市民政局"


def test_the_site_department_wins() -> None:
    found = classify("2024年度部门决算", department="南山县民政局")
    assert (found.department, found.fiscal_year, found.decision) == ("南山县民政局", 2024, "fetch")


def test_whole_documents_from_title_then_text() -> None:
    text = "编制单位：青川市民政局 单位：万元\n2024年度部门决算 决算 决算 决算 决算 决算"
    assert document_department("青川市民政局2024年度部门决算", text) == "青川市民政局"
    assert document_department(None, "\n" + text) == "青川市民政局"
    assert document_doc_type(None, text) == "final_account"
    assert document_fiscal_year("青川市民政局2024年度部门决算", text) == 2024
    assert document_department("青川市民政局（部门）2024年度部门决算", "") == "青川市民政局"

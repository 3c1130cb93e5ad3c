"""The shared title classifier, on titles as government columns write them."""

from __future__ import annotations

import pytest

from fiscalwatch.classify import classify, department_name, fiscal_year

# (title, department, fiscal year, doc type, noise)
TITLES = [
    ("青川市教育局2024年度部门决算公开", "青川市教育局", 2024, "final_account", False),
    ("关于公开青川市财政局2024年度部门决算的说明", "青川市财政局", 2024, "final_account", False),
    ("2024年度青川市卫生健康委员会部门决算", "青川市卫生健康委员会", 2024, "final_account", False),
    (
        "中共青川市委组织部2023年部门决算公开说明",
        "中共青川市委组织部",
        2023,
        "final_account",
        False,
    ),
    (
        "青川市人民政府办公室（部门）2024年度部门决算公开说明",
        "青川市人民政府办公室（部门）",
        2024,
        "final_account",
        False,
    ),
    (
        "青川市交通运输局（本级）2024年度决算公开",
        "青川市交通运输局（本级）",
        2024,
        "final_account",
        False,
    ),
    ("2024年度部门决算公开（青川市民政局）", "青川市民政局", 2024, "final_account", False),
    (
        "青川市文化广电旅游局2022年度部门决算及三公经费决算公开",
        "青川市文化广电旅游局",
        2022,
        "final_account",
        False,
    ),
    ("青川市社会工作部2024年度部门决算公开", "青川市社会工作部", 2024, "final_account", False),
    ("青川市教育局２０２４年度部门决算", "青川市教育局", 2024, "final_account", False),
    ("青川市教育局2025年部门预算公开", "青川市教育局", 2025, "budget", False),
    ("青川市教育局2025年度单位预算", "青川市教育局", 2025, "budget", False),
    ("青川市教育局2024年度部门整体支出绩效自评报告", "青川市教育局", 2024, "performance", False),
    ("青川市民政局2024年度项目支出绩效自评表", "青川市民政局", 2024, "performance", False),
    ("2024年度部门决算", None, 2024, "final_account", False),
    ("2025年部门预算", None, 2025, "budget", False),
    ("关于做好2024年度部门决算公开工作的通知", None, 2024, "final_account", True),
    ("青川市召开2024年度预决算公开工作会议", None, 2024, "other", True),
    ("青川市2023年财政总决算", None, 2023, "final_account", True),
    ("关于青川市2023年预算执行情况的报告", None, 2023, "other", True),
    ("青川市2024年一般公共预算收支情况", None, 2024, "budget", True),
    ("2024年部门决算公开解读", None, 2024, "final_account", True),
    ("政务公开", None, None, "other", False),
]


@pytest.mark.parametrize(("title", "department", "year", "doc_type", "noise"), TITLES)
def test_titles(
    title: str, department: str | None, year: int | None, doc_type: str, noise: bool
) -> None:
    found = classify(title)
    assert (found.department, found.fiscal_year, found.doc_type, found.noise) == (
        department,
        year,
        doc_type,
        noise,
    )
    assert found.is_disclosure == (doc_type != "other" and not noise)


def test_publication_date_is_not_the_fiscal_year() -> None:
    assert fiscal_year("2025年8月15日 青川市教育局部门决算") is None
    found = classify("2025-08-15 青川市教育局部门决算", "青川市教育局2024年度部门决算公开说明")
    assert (found.department, found.fiscal_year) == ("青川市教育局", 2024)


def test_later_texts_fill_gaps_and_the_site_department_wins() -> None:
    found = classify("2024年度部门决算", None, "青川市教育局2024年度部门决算.pdf")
    assert found.department == "青川市教育局"
    found = classify("青川市教育局2024年度部门决算", department="青川市教育局（本级）")
    assert found.department == "青川市教育局（本级）"


def test_file_ids_are_not_departments() -> None:
    assert department_name("P020240815612345678901.pdf") is None
    assert department_name("附件1：2024年部门决算公开表.xlsx") is None
    assert department_name("青川市教育局2024年度部门决算.pdf") == "青川市教育局"

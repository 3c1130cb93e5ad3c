"""Template families as data, the detector, and a document's own 目录 listing."""

from __future__ import annotations

import pytest

from fiscalwatch.families import detect, families
from fiscalwatch.parsing.contents import contents
from fiscalwatch.template import ALL_TABLES, disambiguate, table_key

FAMILY_IDS = {
    "national_2024",
    "national_old",
    "sichuan",
    "yunnan",
    "beijing",
    "tianjin",
    "neimenggu",
    "chongqing",
    "hainan_xizang",
    "shanghai",
}


def test_one_file_per_family() -> None:
    assert set(families()) == FAMILY_IDS


@pytest.mark.parametrize("family_id", sorted(FAMILY_IDS))
def test_every_table_name_is_read_as_its_key(family_id: str) -> None:
    family = families()[family_id]
    titles = [(table_key(name), name) for t in family.tables for name in t.names]
    assert all(key for key, _ in titles), titles
    keys = disambiguate([(key or "", name) for key, name in titles])
    expected = [t.key for t in family.tables for _ in t.names]
    assert keys == expected
    assert {t.key for t in family.tables} <= set(ALL_TABLES)


@pytest.mark.parametrize(
    ("text", "tables", "family"),
    [
        (
            "第五部分 附表\n表五 财政拨款支出决算明细表",
            ["table_01", "fiscal_expenditure_detail"],
            "sichuan",
        ),
        ("四、其他重要事项及相关口径情况说明\n监督索引号 12345678901234567", [], "yunnan"),
        ("十二、关于空表的说明", ["table_02", "income_by_unit"], "tianjin"),
        (
            "目录",
            [
                "table_01",
                "table_02",
                "table_03",
                "table_04",
                "table_05",
                "table_06",
                "table_09",
                "table_07",
                "table_08",
            ],
            "national_old",
        ),
    ],
)
def test_detect(text: str, tables: list[str], family: str) -> None:
    found = detect(text, tables)
    assert found.family == family
    assert found.sure


def test_nothing_known_is_no_family() -> None:
    found = detect("一、部门职责\n二、机构设置", ["table_01", "table_02"])
    assert (found.family, found.sure) == (None, False)


def test_contents_lists_tables_and_parts() -> None:
    pages = [
        "某局2024年度部门决算\n目录\n第一部分 部门概况……3\n一、主要职能……3\n"
        "第二部分 2024年度部门决算表……4\n表一 收入支出決算總表……4\n"
        "表二 收入决算表 PAGEREF _Toc16112 h 5\n三、出决算表……6\n"
        "第三部分 名词解释……9\n",
        "第一部分 部门概况\n一、主要职能\n本部门负责……" + "本部门负责有关工作。" * 8,
    ]
    listing = contents(pages)
    assert listing.tables == ["table_01", "table_02", "table_03"]
    assert {"duties", "glossary"} <= listing.sections


def test_no_contents_lists_nothing() -> None:
    listing = contents(["一、主要职能\n本部门负责……"])
    assert (listing.tables, listing.sections) == ([], set())

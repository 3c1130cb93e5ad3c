"""missing_section judges a document by what it promises: its own 目录 first (a table
it lists and lacks is missing; one it neither lists nor is expected to carry is not
asked for), then its family, then the national template; the evidence says which."""

from __future__ import annotations

from fiscalwatch.store import Store
from fiscalwatch.template import TABLES
from tests.monitor.builders import add_document, check, open_findings

CONTENTS = (
    "青川市统计局2024年度部门决算\n目录\n第一部分 部门概况……3\n"
    "第二部分 2024年度部门决算表……4\n"
    + "".join(f"表{n} {TABLES[f'table_0{n}']}……{n + 3}\n" for n in range(1, 9))
    + "第三部分 名词解释……12\n"
)
BODY = "第一部分 部门概况\n一、主要职能\n" + "本部门负责全市统计工作。" * 10


def test_a_table_the_contents_does_not_list_is_not_asked_for(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/a.pdf",
        department="青川市统计局",
        year=2024,
        pages=[CONTENTS, BODY],
        tables=[f"table_0{n}" for n in range(1, 9)],  # no 三公 table, and none listed
    )
    check(store, only=["missing_section"])
    assert open_findings(store, "missing_section") == []


def test_a_listed_table_not_present_is_missing_from_the_contents(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/b.pdf",
        department="青川市统计局",
        year=2024,
        pages=[CONTENTS, BODY],
        tables=[f"table_0{n}" for n in range(1, 8)],  # 表8 listed, absent
    )
    check(store, only=["missing_section"])
    [finding] = open_findings(store, "missing_section")
    evidence = finding["evidence"]
    assert (evidence["section"], evidence["expected_from"]) == ("table_08", "toc")


def test_without_contents_the_national_nine(store: Store) -> None:
    add_document(
        store,
        url="http://127.0.0.1:8001/c.pdf",
        department="青川市统计局",
        year=2024,
        pages=[BODY],
        tables=[f"table_0{n}" for n in range(1, 9)],
    )
    check(store, only=["missing_section"])
    [finding] = open_findings(store, "missing_section")
    evidence = finding["evidence"]
    assert (evidence["section"], evidence["expected_from"], evidence["family"]) == (
        "table_09",
        "national",
        None,
    )

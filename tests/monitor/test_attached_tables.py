"""Tables a final account names as attachments ("第四部分 部门决算报表（见附表）" and the
numbered list of the nine): published when nothing else is stored on the page, checked
against the attachments when they are (seeds 000, 002, 003 publish theirs that way)."""

from __future__ import annotations

import pytest

from fiscalwatch.monitor.checks.table_references import referenced_tables
from fiscalwatch.store import Store
from fiscalwatch.template import TABLES, empty_table_notes, table_key
from tests.monitor.builders import add_document, add_seed, check, finding_keys, open_findings, seeds

NINE = list(TABLES)
SEED_LIST = """第四部分 部门决算报表（见附表）
一、《收入支出决算总表》
二、《收入决算表》
三、《支出决算表》
四、《财政拨款收入支出决算总表》
五、《一般公共预算财政拨款支出决算表》
六、《一般公共预算财政拨款基本支出决算表》
七、《政府性基金预算财政拨款收入支出决算表》
八、《国有资本经营预算财政拨款收入支出决算表》
九、《财政拨款“三公”经费支出决算表》"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(SEED_LIST, NINE, id="seed list under a 见附表 heading"),
        pytest.param(
            " 第四部分  部门决算报表（见附表）\n 一、《收入支出决算总表》\n 二、《收入决算表》",
            ["table_01", "table_02"],
            id="the list names two: only those",
        ),
        pytest.param(
            "四、部门决算报表\n部门决算报表包括：\n1.《收入支出决算总表》\n2.《支出决算表》\n正文",
            ["table_01", "table_03"],
            id="a list without 见附表, after a lead line",
        ),
        pytest.param("第四部分 部门决算报表（见附表）\n第五部分 名词解释", NINE, id="heading only"),
        pytest.param("附件：2024年度部门决算报表", NINE, id="附件 heading"),
        pytest.param("第四部分 部门决算报表(详见附件)", NINE, id="详见附件, half-width"),
        pytest.param(
            "具体情况详见附件《一般公共预算财政拨款支出决算表》。", ["table_05"], id="in a sentence"
        ),
        pytest.param(
            "详见附表5《2024年度财政拨款\u201c三公\u201d经费支出决算表》",
            ["table_09"],
            id="numbered",
        ),
        pytest.param("第四部分 2024年度部门决算报表", [], id="heading of tables in the file"),
        pytest.param(
            "第四部分 附件\n附件1\n附表：部门预算项目支出绩效自评表（2023年度）",
            [],
            id="seed 004: attachments that are not the nine",
        ),
        pytest.param(
            "本部门的收支情况详见部门决算报表（见附表）中的有关数据，其余情况说明如下。",
            [],
            id="a sentence is not a heading",
        ),
        pytest.param(
            "目录\n第四部分 部门决算报表（见附表）\n第五部分 附件\n"
            "第四部分 部门决算报表（见附表）\n一、《收入支出决算总表》\n二、《收入决算表》",
            ["table_01", "table_02"],
            id="a contents line, then the part's list: the list counts",
        ),
    ],
)
def test_referenced_tables(text: str, expected: list[str]) -> None:
    assert referenced_tables(text) == expected


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("收入支出决算总表", "table_01"),
        ("财政拨款收入支出决算总表", "table_04"),
        ("附表3 支出决算表", "table_03"),
        ("一般公共预算财政拨款基本支出决算表（续）", "table_06"),
        ('财政拨款"三公"经费支出决算表', "table_09"),
        ("项目支出绩效自评表", "performance_project"),
        ("一般公共预算财政拨款“三公”经费情况表", "table_09"),
        ("收入支出决算表", "table_01"),
    ],
)
def test_table_key(title: str, key: str | None) -> None:
    assert table_key(title) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # seed 003, page 9: the line wraps inside 国有资本 (it was read as table_04).
        (
            "本部门本年度无国有资本经营预算财政拨款收入、支出及结转和结余，国有资\r\n"
            "本经营预算财政拨款收入支出决算表为空表。",
            "table_08",
        ),
        ("政府性基金预算财政拨款收入支出决算表为空表。", "table_07"),
        ("本部门无“三公”经费支出，故本表无数据。", "table_09"),
        ("本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据", "table_07"),
    ],
)
def test_empty_table_note_names_its_table(text: str, key: str) -> None:
    assert list(empty_table_notes(text)) == [key]


def add_parsed_like(store: Store, name: str, url: str | None = None) -> int:
    """The seed as the parser stores its PDF: the tables are attachments, so only the
    empty-table notes of 第三部分 are among its tables."""
    empty = seeds()[name]["empty_tables"]
    return add_seed(store, name, url=url, page_url=f"http://127.0.0.1:8001/{name}/", tables=empty)


def add_attachment(store: Store, name: str, tables: list[str], status: str = "parsed") -> int:
    seed = seeds()[name]
    url = f"http://127.0.0.1:8001/{name}/tables.xlsx"
    if status == "parsed":
        return add_document(
            store,
            url=url,
            page_url=f"http://127.0.0.1:8001/{name}/",
            department=seed["department"],
            year=2024,
            region=seed["region"],
            doc_type="other",
            sections=[],
            tables=tables,
            empty_tables=[k for k in tables if k in seed["empty_tables"]],
            data=f"PK {' '.join(tables)}".encode(),
        )
    stored = store.record_document(
        url=url,
        data=b"<html>not found</html>",
        source="test",
        page_url=f"http://127.0.0.1:8001/{name}/",
        department=seed["department"],
        region=seed["region"],
        fiscal_year=2024,
    )
    if status == "failed":
        store.mark_failed(
            stored.document_id, "expected an Excel (.xlsx) file, got an HTML page: 404", status
        )
    return stored.document_id


@pytest.mark.parametrize("name", ["seed_000", "seed_002", "seed_003"])
def test_seed_tables_named_as_attachments_count_when_none_is_stored(
    store: Store, name: str
) -> None:
    add_parsed_like(store, name)
    check(store, only=["missing_section"])
    assert finding_keys(store) == []


def test_seed_004_names_no_attachment_and_still_misses_the_tables(store: Store) -> None:
    add_parsed_like(store, "seed_004")
    check(store, only=["missing_section"])
    assert finding_keys(store) == ["missing_section:tables"]


def test_stored_attachment_holding_every_table(store: Store) -> None:
    add_parsed_like(store, "seed_000")
    add_attachment(store, "seed_000", NINE)
    check(store, only=["missing_section"])
    assert finding_keys(store) == []


def test_stored_attachment_lacking_tables_reports_those(store: Store) -> None:
    document_id = add_parsed_like(store, "seed_000")
    add_attachment(store, "seed_000", [k for k in NINE if k not in ("table_03", "table_09")])
    check(store, only=["missing_section"])
    assert finding_keys(store) == ["missing_section:table_03", "missing_section:table_09"]
    rows = open_findings(store)
    assert {r["document_id"] for r in rows} == {document_id}
    evidence = rows[0]["evidence"]
    assert evidence["referenced"] == ["table_03", "table_09"]
    assert evidence["attachments"] == ["http://127.0.0.1:8001/seed_000/tables.xlsx"]
    assert rows[0]["message"] == (
        "中共乌鲁木齐市委员会机构编制委员会办公室 2024年度部门决算：缺少《支出决算表》"
        "（文中列为附表，同页附件中未见）"
    )


def test_stored_attachment_without_tables_is_the_tables_finding(store: Store) -> None:
    add_parsed_like(store, "seed_002")
    add_attachment(store, "seed_002", [])
    check(store, only=["missing_section"])
    [row] = open_findings(store)
    assert row["evidence"]["section"] == "tables"
    assert row["evidence"]["missing"] == [k for k in NINE if k not in ("table_07", "table_08")]
    assert "文中称部门决算报表见附件，但同页附件中缺少7张表" in row["message"]


@pytest.mark.parametrize("status", ["failed", "pending"])
def test_attachment_not_parsed_is_not_judged(store: Store, status: str) -> None:
    add_parsed_like(store, "seed_000")
    add_attachment(store, "seed_000", [], status=status)
    check(store, only=["missing_section", "unreadable_document"])
    expected = ["unreadable_document:html"] if status == "failed" else []
    assert finding_keys(store) == expected


def test_fixed_attachment_resolves_the_finding(store: Store) -> None:
    add_parsed_like(store, "seed_000")
    add_attachment(store, "seed_000", ["table_01"])
    check(store, only=["missing_section"])
    assert len(open_findings(store)) == 6  # table_07, table_08: the empty notes in the PDF
    add_attachment(store, "seed_000", NINE)  # new bytes at the same address
    check(store, only=["missing_section"])
    assert finding_keys(store) == []

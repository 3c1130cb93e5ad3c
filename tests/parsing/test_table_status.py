"""A table's status: parsed (amounts read), empty (a grid or a note says so), unparsed
(its title found, its grid not): the last is the parser's uncertainty, never a finding."""

from __future__ import annotations

from fiscalwatch.models import Page, Table
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.readers.base import RawTable, Source
from fiscalwatch.parsing.sections import find_headings
from fiscalwatch.parsing.tables import TableReader


def read(pages: list[str], grids: tuple[RawTable, ...] = ()) -> dict[str, Table]:
    source = Source(format="pdf", pages=[Page(i + 1, t) for i, t in enumerate(pages)])
    source.tables = list(grids)
    index = TextIndex(source.pages)
    tables, _ = TableReader(index, find_headings(index), source).read()
    return {t.key: t for t in tables}


def test_title_without_a_grid_is_unparsed_not_empty() -> None:
    tables = read(["收入支出决算总表\n单位:万元\n项目\n金额\n"])
    assert tables["table_01"].status == "unparsed"
    assert tables["table_01"].empty is False


def test_title_with_an_empty_note_is_empty() -> None:
    tables = read(["收入支出决算总表\n单位:万元\n本表无数据。\n"])
    assert (tables["table_01"].status, tables["table_01"].empty) == ("empty", True)
    assert tables["table_01"].note == "本表无数据。"


def test_a_found_grid_without_amounts_is_empty() -> None:
    grid = RawTable(page=1, rows=[["项目", "年初结转和结余", "本年收入"], ["", "", ""]])
    tables = read(["政府性基金预算财政拨款收入支出决算表\n单位:万元\n项目\n"], (grid,))
    assert (tables["table_07"].status, tables["table_07"].empty) == ("empty", True)


def test_a_grid_with_amounts_is_parsed() -> None:
    grid = RawTable(page=1, rows=[["项目", "决算数"], ["本年收入合计", "12.50"]])
    tables = read(["收入支出决算总表\n单位:万元\n项目\n"], (grid,))
    assert (tables["table_01"].status, tables["table_01"].empty) == ("parsed", False)


def test_an_empty_table_named_in_the_text_is_empty() -> None:
    note = (
        "本部门无政府性基金预算财政拨款收入、支出及结转和结余，"
        "故政府性基金预算财政拨款收入支出决算表为空表。"
    )
    tables = read([note])
    assert tables["table_07"].status == "empty"

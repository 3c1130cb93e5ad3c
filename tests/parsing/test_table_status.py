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


def test_budget_and_actual_columns_read_apart_when_the_group_header_is_printed_once() -> None:
    from fiscalwatch.parsing.table_figures import Cells, table_figures

    parts = ["合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费"]
    rows = [
        (1, ["预算数", "", "", "", "决算数", "", "", ""]),
        (1, parts + parts),
        (1, ["9.00", "1.00", "6.00", "2.00", "8.00", "0.50", "6.00", "1.50"]),
    ]
    figures = {(f.key, f.value, f.column_label) for f in table_figures(Cells("table_09", rows))}
    assert ("three_public_total_budget", 9.0, "预算数/合计") in figures
    assert ("three_public_total", 8.0, "决算数/合计") in figures
    assert ("official_reception", 1.5, "决算数/公务接待费") in figures
    assert not any(key == "three_public_total" and value == 9.0 for key, value, _ in figures)


def test_row_numbers_are_not_amounts() -> None:
    from fiscalwatch.parsing.table_figures import Cells, table_figures

    rows = [
        (1, ["项目", "行次", "金额", "项目", "行次", "金额"]),
        (1, ["本年收入合计", "9", "4538.19", "本年支出合计", "24", "4538.19"]),
        (1, ["总计", "12", "4560.21", "总计", "27", "4560.21"]),
    ]
    found = {(f.key, f.value, f.row_label) for f in table_figures(Cells("table_01", rows, "万元"))}
    assert found == {
        ("income_current_year", 4538.19, "本年收入合计"),
        ("expenditure_current_year", 4538.19, "本年支出合计"),
        ("income_total", 4560.21, "总计"),
        ("expenditure_total", 4560.21, "总计"),
    }


def test_tables_in_yuan_converted_with_their_unit_kept() -> None:
    from fiscalwatch.parsing.table_figures import Cells, table_figures

    rows = [(1, ["项目", "决算数"]), (1, ["本年收入合计", "45,381,900.00"])]
    [figure] = table_figures(Cells("table_01", rows, "元"))
    assert (figure.value, figure.unit, figure.source_unit) == (4538.19, "万元", "元")

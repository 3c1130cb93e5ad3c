"""The parser writes exactly the template's keys (fiscalwatch.template), no more, no less."""

from __future__ import annotations

import pytest

from fiscalwatch.parsing.sections import SECTION_PATTERNS
from fiscalwatch.template import (
    ALL_TABLES,
    SECTIONS,
    TABLE_NAMES,
    TABLES_PART,
    empty_table_notes,
    table_key,
)


def test_every_section_key_has_a_heading_pattern() -> None:
    assert {key for key, _ in SECTION_PATTERNS} == set(SECTIONS) | {TABLES_PART}


def test_every_table_has_a_title_pattern_matching_its_canonical_title() -> None:
    # Two keys are told apart by the document's other titles (template.disambiguate).
    by_context = {"general_budget_detail": "table_05", "state_capital_expenditure": "table_08"}
    assert {key for key, _ in TABLE_NAMES} == set(ALL_TABLES) - set(by_context)
    for key, title in ALL_TABLES.items():
        assert table_key(title) == by_context.get(key, key), title


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "2024年度本单位无国有资本经营预算财政拨款支出，故本表为空表。",
            "state_capital_expenditure",
        ),
        ("故《国有资本经营预算财政拨款支出决算表》为空表。", "state_capital_expenditure"),
        (
            "2024年度本单位无国有资本经营预算财政拨款收入、支出和结转结余，故本表为空表。",
            "table_08",
        ),
        ("故《国有资本经营预算财政拨款收入支出决算表》为空表。", "table_08"),
        ("故《政府性基金预算财政拨款收入支出决算表》为空表。", "table_07"),
    ],
)
def test_sichuan_empty_notes_tell_the_two_state_capital_tables_apart(text: str, key: str) -> None:
    # 四川 carries both 国有资本 tables: a note on the 支出 one does not excuse the other.
    assert list(empty_table_notes(text, ["table_08", "state_capital_expenditure"])) == [key]


def test_empty_notes_without_the_second_state_capital_table_name_table_08() -> None:
    # The national templates have one 国有资本 table, whatever its name says.
    text = "故《国有资本经营预算财政拨款支出决算表》为空表。"
    assert list(empty_table_notes(text, ["table_07", "table_08"])) == ["table_08"]
    assert list(empty_table_notes(text)) == ["table_08"]


def test_a_listed_note_keeps_both_state_capital_tables() -> None:
    text = (
        "本单位《国有资本经营预算财政拨款收入支出决算表》、"
        "《国有资本经营预算财政拨款支出决算表》为空表。"
    )
    notes = empty_table_notes(text, ["fiscal_expenditure_detail"])
    assert set(notes) == {"table_08", "state_capital_expenditure"}


def test_a_grid_row_label_run_into_a_note_does_not_name_the_spending_table() -> None:
    # The note under 表12 reads, on its page, after the grid's last row labels.
    text = "223国有资本经营预算支出22301解决历史遗留问题及改革成本支出注：本表无数据。"
    assert list(empty_table_notes(text, ["state_capital_expenditure"])) == []
    assert list(empty_table_notes(text)) == []  # nor the 收入支出 one: "本表" is the grid above
    noted = "说明：2024年度本部门无国有资本经营预算财政拨款支出，故本表为空表。"
    assert list(empty_table_notes(noted, ["state_capital_expenditure"])) == [
        "state_capital_expenditure"
    ]


def test_the_gov_fund_basic_note_does_not_excuse_table_07() -> None:
    text = "说明：2023年度本部门无政府性基金预算财政拨款基本支出，故本表为空表。"
    assert list(empty_table_notes(text)) == ["gov_fund_basic"]

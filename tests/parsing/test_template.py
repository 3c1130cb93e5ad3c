"""The parser writes exactly the template's keys (fiscalwatch.template), no more, no less."""

from __future__ import annotations

from fiscalwatch.parsing.sections import SECTION_PATTERNS
from fiscalwatch.template import ALL_TABLES, SECTIONS, TABLE_NAMES, TABLES_PART, table_key


def test_every_section_key_has_a_heading_pattern() -> None:
    assert {key for key, _ in SECTION_PATTERNS} == set(SECTIONS) | {TABLES_PART}


def test_every_table_has_a_title_pattern_matching_its_canonical_title() -> None:
    # Two keys are told apart by the document's other titles (template.disambiguate).
    by_context = {"general_budget_detail": "table_05", "state_capital_expenditure": "table_08"}
    assert {key for key, _ in TABLE_NAMES} == set(ALL_TABLES) - set(by_context)
    for key, title in ALL_TABLES.items():
        assert table_key(title) == by_context.get(key, key), title

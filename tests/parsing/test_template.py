"""The parser writes exactly the template's keys (fiscalwatch.template), no more, no less."""

from __future__ import annotations

from fiscalwatch.parsing.sections import SECTION_PATTERNS
from fiscalwatch.parsing.tables import TABLE_PATTERNS
from fiscalwatch.template import SECTIONS, TABLES, TABLES_PART


def test_every_section_key_has_a_heading_pattern() -> None:
    assert {key for key, _ in SECTION_PATTERNS} == set(SECTIONS) | {TABLES_PART}


def test_every_table_has_a_title_pattern_matching_its_canonical_title() -> None:
    assert {key for key, _ in TABLE_PATTERNS} == set(TABLES)
    for key, title in TABLES.items():
        first = next(k for k, pattern in TABLE_PATTERNS if pattern.search(title))
        assert first == key, title

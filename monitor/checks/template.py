"""Which tables an empty-table note in a final account's text covers, and how titles are
compared: both live in the core vocabulary, :mod:`fiscalwatch.template`, which the parser
reads too."""

from __future__ import annotations

from fiscalwatch.template import EMPTY_NOTE, TABLE_WORDS, empty_table_notes, normalise

__all__ = ["EMPTY_NOTE", "TABLE_WORDS", "empty_table_notes", "normalise"]

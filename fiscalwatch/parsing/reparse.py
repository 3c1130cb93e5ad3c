"""Re-parsing after a parser upgrade, in the background of the next cycles.

Documents parsed by an older ``PARSER_VERSION`` are parsed again, at most
``REPARSE_PER_CYCLE`` per cycle (oldest first), from the stored originals. Each re-parse
is recorded in ``reparses`` so that the findings it alone makes appear or resolve can be
told apart afterwards (:mod:`alerts.reparse_summary`): subscribers get one summary
instead of one alert per finding."""

from __future__ import annotations

from typing import Any

from fiscalwatch import clock
from fiscalwatch.parsing.stage import PARSER_VERSION, ParseSummary, parse_documents
from fiscalwatch.store import reads

REPARSE_PER_CYCLE = 50  # bounded: a cycle stays short when thousands are stored


def stale_documents(store: Any, limit: int = REPARSE_PER_CYCLE) -> list[dict[str, Any]]:
    """Current parsed documents whose parse is older than this parser."""
    return reads.parsed_by_other_parser(store.db, PARSER_VERSION, limit)


def reparse_stale(store: Any, config: Any, limit: int = REPARSE_PER_CYCLE) -> ParseSummary:
    documents = stale_documents(store, limit)
    if not documents:
        return ParseSummary()
    now = clock.now_iso()
    store.db.table("reparses").insert_all(
        {
            "document_id": d["id"],
            "from_version": d["parser_version"],
            "to_version": PARSER_VERSION,
            "at": now,
            "summarized": 0,
        }
        for d in documents
    )
    return parse_documents(store, config, documents, progress=False)

"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema).

- ``crawl_http_cache``: validators (ETag, Last-Modified) and the sha256 last seen per URL,
  for conditional GETs, and when each URL was last checked (revalidation schedule).
- ``crawl_list_pages``: what each list page held when last read, so a 304 still yields
  its entries and further pages.
- ``crawl_details``: known detail pages with the fingerprint of their listing entry and
  their attachments; an unchanged entry is not fetched again.
- ``crawl_listing``: listing membership per source, for "gone from the listing".
- ``crawl_decisions``: every listing item of a cycle with what was done with it (fetched,
  skipped as noise or as another document type, left out by a limit) and why; kept for
  the last ``KEPT_CYCLES`` cycles of each source.
- ``crawl_limits``: per-cycle and per-download limits reached, with what they left out.
"""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration, run_script


def _crawler_tables(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE crawl_http_cache (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            sha256 TEXT,
            status_code INTEGER,
            checked_at TEXT NOT NULL,
            PRIMARY KEY (source, url)
        );

        CREATE TABLE crawl_list_pages (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            adapter TEXT,
            page TEXT NOT NULL,         -- JSON: entries, further pages, department pages
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (source, url)
        );

        CREATE TABLE crawl_details (
            source TEXT NOT NULL,
            url TEXT NOT NULL,          -- detail page, or the file itself for direct links
            fingerprint TEXT NOT NULL,  -- of the listing entry (url, title, date)
            title TEXT,
            department TEXT,
            fiscal_year INTEGER,
            doc_type TEXT,
            attachments TEXT NOT NULL,  -- JSON list of {url, filename}
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (source, url)
        );

        CREATE TABLE crawl_listing (
            source TEXT NOT NULL,
            entry_url TEXT NOT NULL,
            title TEXT,
            fingerprint TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            last_run_id INTEGER,
            gone_at TEXT,               -- set when a complete listing no longer had it
            PRIMARY KEY (source, entry_url)
        );
        """,
    )


def _decision_tables(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE crawl_decisions (
            source TEXT NOT NULL,
            cycle TEXT NOT NULL,        -- the crawl's start (crawl_stats.started_at)
            run_id INTEGER,
            entry_url TEXT NOT NULL,
            list_url TEXT,
            title TEXT,
            decision TEXT NOT NULL,     -- fetched | noise | other_type | capped
            reason TEXT,                -- why it was skipped (noise kind, limit)
            department TEXT,
            fiscal_year INTEGER,
            doc_type TEXT,
            PRIMARY KEY (source, cycle, entry_url)
        );
        CREATE INDEX crawl_decisions_skipped ON crawl_decisions(source, decision, cycle);

        CREATE TABLE crawl_limits (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            cycle TEXT NOT NULL,
            run_id INTEGER,
            limit_name TEXT NOT NULL,   -- max_detail_pages | max_attachments | max_file_mb
            url TEXT,
            detail TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX crawl_limits_source ON crawl_limits(source, cycle);
        """,
    )


MIGRATIONS: list[Migration] = [
    Migration("crawler_0001_tables", _crawler_tables),
    Migration("crawler_0002_decisions", _decision_tables),
]

"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema).

- ``crawl_http_cache``: validators (ETag, Last-Modified) and the sha256 last seen per URL,
  for conditional GETs, and when each URL was last checked (revalidation schedule).
- ``crawl_list_pages``: what each list page held when last read, so a 304 still yields
  its entries and further pages.
- ``crawl_details``: known detail pages with the fingerprint of their listing entry and
  their attachments; an unchanged entry is not fetched again.
- ``crawl_listing``: listing membership per source, for "gone from the listing".
"""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration


def _crawler_tables(db: sqlite_utils.Database) -> None:
    db.executescript(
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
        """
    )


MIGRATIONS: list[Migration] = [Migration("crawler_0001_tables", _crawler_tables)]

"""The SQLite store and the content-addressed file store."""

from fiscalwatch.store.db import Store, StoredVersion, insert_row, transaction, upsert_row
from fiscalwatch.store.files import FileStore, sha256_bytes

__all__ = [
    "FileStore",
    "Store",
    "StoredVersion",
    "insert_row",
    "sha256_bytes",
    "transaction",
    "upsert_row",
]

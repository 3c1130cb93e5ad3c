"""The SQLite store and the content-addressed file store."""

from fiscalwatch.store.db import Store, StoredVersion, transaction
from fiscalwatch.store.files import FileStore, sha256_bytes

__all__ = ["FileStore", "Store", "StoredVersion", "sha256_bytes", "transaction"]

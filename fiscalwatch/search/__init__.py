"""Full-text search over every stored page (SQLite FTS5, ``trigram`` tokenizer)."""

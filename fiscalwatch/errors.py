"""Domain exceptions. Each carries a message a user can act on; the CLI only prints it."""

from __future__ import annotations


class FiscalwatchError(Exception):
    """Base of every error fiscalwatch raises on purpose."""

    exit_code = 1


class ConfigError(FiscalwatchError):
    """The configuration is invalid: the message is one line naming the key."""

    exit_code = 2


class StoreError(FiscalwatchError):
    """The SQLite store or the file store cannot be used."""

    exit_code = 2


class DocumentError(FiscalwatchError):
    """A document cannot be read. ``status`` is what its row gets (failed or unreadable)."""

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status


class UnreadableDocument(DocumentError):
    """Readable bytes but no usable text: scanned without OCR, encrypted, garbage text."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status="unreadable")


class AlreadyRunning(FiscalwatchError):
    """Another fiscalwatch cycle holds the lock on this store."""

    exit_code = 3

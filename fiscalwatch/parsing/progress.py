"""How a parse tells whoever runs it how much work a document turned out to be.

A parse worker's time allowance grows with the document: the reader announces its page
count once it knows it, and each page it sends to OCR. Outside a worker (a direct
``parse_bytes`` call) announcing does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[int, int], None]  # (pages, ocr_pages) just announced

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    """Installs the process-wide listener (a parse worker does this once)."""
    global _listener
    _listener = listener


def announce(*, pages: int = 0, ocr_pages: int = 0) -> None:
    if _listener is not None and (pages or ocr_pages):
        _listener(pages, ocr_pages)

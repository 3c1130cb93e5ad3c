"""What crawled text may look like once it leaves the watcher in a public output (the
report and its exports, the feed, webhook bodies, e-mail): one rule each, used by all."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV
# Injection": = + - @, and tab / carriage return, which some programs skip first).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 does not allow at all (C0 controls but tab/newline/CR, surrogates,
# U+FFFE/U+FFFF): one of them makes a feed not well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def http_url(url: str | None) -> str:
    """The URL if it is http(s), else '': a ``javascript:`` link from a crawled page must
    never become a clickable link, and a ``file://`` path of an ingested file says where
    things live on the watcher's disk."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def public_url(url: str | None) -> str | None:
    """``http_url`` for data outputs (JSON, CSV, webhooks): None rather than ''."""
    return http_url(url) or None


def formula_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will show as text: a string that starts like a formula
    gets a leading apostrophe (OWASP's advice). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_text(text: str | None) -> str:
    """Text with the characters XML cannot carry removed."""
    return _NOT_XML.sub("", text or "")

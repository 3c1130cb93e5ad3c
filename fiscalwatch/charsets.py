"""Bytes to text, one rule for the crawler's pages and the parser's HTML documents.

Declared first (byte-order mark, then the HTTP header, then the page's own ``<meta>``),
as w3lib reads it; GB2312 and GBK are read as GB18030, their superset, because pages
declaring GB2312 often hold GBK-only characters (rare surnames, 珺, 堃). Undeclared bytes
are UTF-8 when they are valid UTF-8, GB18030 when they are valid GB18030, and otherwise
what charset-normalizer guesses.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn"}


def guess_encoding(data: bytes) -> str | None:
    """The encoding of undeclared bytes, or None when nothing reads them."""
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    from charset_normalizer import from_bytes  # rare: only bytes neither UTF-8 nor GB18030

    best = from_bytes(data).best()
    return None if best is None else normal_name(best.encoding)


def normal_name(encoding: str) -> str:
    """GB2312, GBK and their aliases as GB18030; other names lower-cased."""
    name = encoding.lower().replace("_", "-") if encoding != "gb_2312-80" else encoding
    return "gb18030" if name in _GB or encoding.lower() in _GB else encoding.lower()


def decode_page(
    body: bytes, content_type: str | bytes | None = None, *, strict: bool = False
) -> tuple[str, str]:
    """``(encoding, text)`` of an HTML page; undecodable bytes become U+FFFD. With
    ``strict``, bytes that declare nothing and that no encoding reads (a binary file
    posing as a page) raise :class:`UnicodeError` instead of being read as GB18030."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    unreadable = False

    def guess(data: bytes) -> str | None:
        nonlocal unreadable
        found = guess_encoding(data)
        unreadable = found is None
        return found

    encoding, text = html_to_unicode(
        content_type, body, default_encoding="gb18030", auto_detect_fun=guess
    )
    if strict and unreadable:
        raise UnicodeError("cannot tell the text encoding of the page")
    return normal_name(encoding), text


def decode_text(data: bytes) -> str:
    """Undeclared bytes (a header value, a file name) as text."""
    return data.decode(guess_encoding(data) or "gb18030", errors="replace")

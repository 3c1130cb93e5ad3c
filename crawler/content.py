"""What a response holds: file type from the bytes, file name from the headers, page text.

Government servers label files carelessly (``application/octet-stream`` for a PDF,
``text/html`` for an error page posing as a PDF, no extension behind
``Download.ashx?id=N``), so the type comes from the bytes (the parser's detection,
:mod:`fiscalwatch.parsing.sniff`). Pages are UTF-8 or GB2312/GBK, declared in the
header, in a meta tag, or not at all: :mod:`fiscalwatch.charsets` reads them.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from fiscalwatch.charsets import decode_text
from fiscalwatch.parsing.sniff import file_kind

_FILE_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "zip", "rar", "7z", "ppt", "pptx"}
)
_DOWNLOAD_PATH = re.compile(
    r"download|downfile|getfile|fileDown|attach|\.ashx$|/files?/|/uploads?/", re.I
)


def sniff(data: bytes) -> str | None:
    """The file type of ``data`` (pdf, docx, xlsx, html, doc, xls or one of the parser's
    ``OTHER_KINDS``), or None when empty, unknown or plain text."""
    kind = file_kind(data)
    return None if kind == "text" else kind


def filename_from_disposition(value: bytes | str | None) -> str | None:
    """The file name in a Content-Disposition header.

    ``filename*=UTF-8''%E9%9D%92...`` (RFC 5987) wins over ``filename=``; a plain
    ``filename`` may be percent-encoded, UTF-8, or raw GBK bytes (common on home-made
    ASP.NET sites).
    """
    if not value:
        return None
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")
    extended = re.search(rb"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", raw, re.I)
    if extended:
        charset = extended.group(1).decode("ascii", "replace")
        try:
            return _basename(unquote(extended.group(2).strip().decode("ascii"), encoding=charset))
        except (LookupError, UnicodeDecodeError):
            pass
    plain = re.search(rb'filename\s*=\s*(?:"([^"]*)"|([^;]+))', raw, re.I)
    if not plain:
        return None
    name = (plain.group(1) if plain.group(1) is not None else plain.group(2)).strip()
    text = decode_text(name)
    if re.search(r"%[0-9A-Fa-f]{2}", text):
        text = _unquote_any(text)
    return _basename(text) or None


def filename_from_url(url: str) -> str | None:
    """The last path segment when it looks like a file name (has an extension)."""
    parts = urlsplit(url)
    for candidate in (parts.path, *re.findall(r"(?:file|filename|name)=([^&]+)", parts.query)):
        name = _unquote_any(PurePosixPath(candidate).name)
        if "." in name and name.rsplit(".", 1)[1].lower() in _FILE_EXTENSIONS:
            return name
    return None


def looks_like_file_url(url: str) -> bool:
    """A link that most likely downloads a file rather than showing a page."""
    parts = urlsplit(url)
    extension = PurePosixPath(parts.path).suffix.lower().lstrip(".")
    if extension in _FILE_EXTENSIONS:
        return True
    if extension in {"html", "htm", "shtml", "jsp", "aspx", "php"} and not _DOWNLOAD_PATH.search(
        parts.path.rsplit("/", 1)[-1]
    ):
        return False
    return bool(_DOWNLOAD_PATH.search(parts.path)) or filename_from_url(url) is not None


def _basename(name: str) -> str:
    return re.split(r"[\\/]", name.strip().strip('"'))[-1]


def _unquote_any(text: str) -> str:
    """Percent-decodes as UTF-8, falling back to GBK when the bytes are not UTF-8."""
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return unquote(text, encoding="gb18030", errors="replace")

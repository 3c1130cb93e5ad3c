"""Platforms that publish a disclosure as a PDF converted to HTML (广西 梧州:
``/uploadFile/YYYY/MMDD/<HEX>.html``, made by pdf2htmlEX). The converted page is the
disclosure's file, not a detail page: the spider fetches it as an attachment and stores
it as HTML."""

from __future__ import annotations

import re

CONVERTED_LINK = re.compile(r"/upload[_-]?files?/.*/[0-9A-Fa-f]{16,}\.html?$", re.I)
_CONVERTER_MARKS = re.compile(
    rb"""<meta[^>]+name=["']generator["'][^>]+content=["']pdf2htmlEX|id=["']page-container["']""",
    re.I,
)


def is_converted_link(url: str) -> bool:
    return bool(CONVERTED_LINK.search(url.split("?", 1)[0]))


def is_converted_document(body: bytes) -> bool:
    """True for pdf2htmlEX output (its generator tag or its page container)."""
    return bool(_CONVERTER_MARKS.search(body[:20000]))

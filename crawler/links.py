"""Links as government pages hide them.

Besides plain ``<a href>``: ``onclick="window.open('…')"``, ``javascript:openFile('…')``
hrefs, ``<select>`` jump menus whose options hold URLs, TRS ``OLDSRC`` attributes,
pdf.js viewers (``viewer.html?file=<url-encoded path>``) inside iframes, embeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from fiscalwatch.crawler.content import looks_like_file_url

_QUOTED_URL = re.compile(
    r"""['"]((?:https?://|/|\./|\.\./)?[^'"\s]+?\.[A-Za-z0-9]{2,5}(?:\?[^'"\s]*)?|(?:https?://|/|\./|\.\./)[^'"\s]+)['"]"""
)
_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SKIP_SCHEMES = ("mailto:", "tel:", "#", "data:")


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    """The best title available: the ``title`` attribute when it is longer than the text."""
    date: str | None = None
    """A YYYY-MM-DD date shown next to the link, if any."""


def absolute(base_url: str, href: str) -> str | None:
    """Resolves ``href`` against ``base_url``; unwraps pdf.js viewers; None for non-links."""
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    if href.lower().startswith("javascript:"):
        match = _QUOTED_URL.search(href)
        if not match:
            return None
        href = match.group(1)
    url = urljoin(base_url, href)
    if not url.startswith(("http://", "https://")):
        return None
    return unwrap_viewer(url).split("#", 1)[0]


def unwrap_viewer(url: str) -> str:
    """``…/pdfjs/web/viewer.html?file=%2Fuploads%2Fa.pdf`` -> the file's own URL."""
    parts = urlsplit(url)
    if not parts.path.lower().endswith(("viewer.html", "viewer.htm", "viewer.jsp")):
        return url
    files = parse_qs(parts.query).get("file")
    return urljoin(url, files[0]) if files else url


def script_url(script: str) -> str | None:
    """The URL inside ``window.open('…')``, ``location.href='…'`` or ``openFile('…')``."""
    match = _QUOTED_URL.search(script or "")
    return match.group(1) if match else None


# Compiled once, read straight from lxml: through parsel every node and every text node
# of a page became a Selector object of its own, most of a list page's parsing cost.
_LINKING = etree.XPath(
    "descendant-or-self::*[@href or @onclick or @oldsrc or @OLDSRC or self::iframe"
    " or self::embed or self::option or self::object]"
)
_TEXTS = etree.XPath(".//text()", smart_strings=False)
_ITEM = etree.XPath("ancestor::*[self::li or self::tr or self::dd or self::p][1]")


def extract_links(selector: Selector, base_url: str) -> list[Link]:
    """Every link on a page (or part of one), in document order, without duplicates."""
    found: list[Link] = []
    seen: set[str] = set()

    def add(href: str | None, node: etree._Element) -> None:
        url = absolute(base_url, href) if href else None
        if url and url not in seen:
            seen.add(url)
            found.append(Link(url, _link_title(node), _nearby_date(node)))

    root = selector.root
    if not isinstance(root, etree._Element):
        return found  # a text or attribute selection holds no links
    for node in _elements(_LINKING(root)):
        tag = str(node.tag).lower()
        attrib = node.attrib
        href = attrib.get("href", "")
        if tag == "option":
            add(attrib.get("value"), node)
            continue
        if tag in {"iframe", "embed"}:
            add(attrib.get("src"), node)
            continue
        if tag == "object":
            add(attrib.get("data"), node)
            continue
        onclick = attrib.get("onclick", "")
        js_href = not href or href.strip().lower().startswith("javascript:") or href == "#"
        if js_href and onclick and script_url(onclick):
            add(script_url(onclick), node)
        elif href and not (
            href.strip() == "#"
            or href.lower().strip() in {"javascript:;", "javascript:void(0)", "javascript:void(0);"}
        ):
            add(href, node)
        oldsrc = attrib.get("oldsrc") or attrib.get("OLDSRC")
        if oldsrc and (js_href or not looks_like_file_url(absolute(base_url, href) or "")):
            add(oldsrc, node)
    return found


def _elements(result: object) -> list[etree._Element]:
    return [n for n in result if isinstance(n, etree._Element)] if isinstance(result, list) else []


def _texts(node: etree._Element) -> list[str]:
    result = _TEXTS(node)
    return [str(t) for t in result] if isinstance(result, list) else []


def _link_title(node: etree._Element) -> str:
    text = " ".join(t.strip() for t in _texts(node) if t.strip())
    title = str(node.get("title") or "").strip()
    best = title if len(title) >= len(text.rstrip("…. ")) else text
    return re.sub(r"\s+", " ", best).strip()


def _nearby_date(node: etree._Element) -> str | None:
    """A date in the link's list item or table row (the usual place for it)."""
    for container in (node, *_elements(_ITEM(node))):
        text = " ".join(_texts(container))
        match = _DATE.search(text)
        if match:
            year, month, day = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return None

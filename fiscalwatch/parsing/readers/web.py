"""HTML pages (and plain text): the disclosure written into the page itself."""

from __future__ import annotations

from fiscalwatch.charsets import decode_page
from fiscalwatch.errors import DocumentError, UnreadableDocument
from fiscalwatch.models import Page
from fiscalwatch.parsing.readers.base import (
    MAX_COLUMNS,
    RawTable,
    Source,
    capped_span,
    clean_cell,
)

_BLOCKS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "title",
}


def decode(data: bytes) -> str:
    """The page as text, by the one rule for pages (:mod:`fiscalwatch.charsets`)."""
    try:
        return decode_page(data, strict=True)[1]
    except UnicodeError as exc:
        raise UnreadableDocument(str(exc)) from None


def read_html(data: bytes) -> Source:
    import lxml.html

    text = decode(data)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:
        raise DocumentError(f"unreadable HTML: {exc}") from exc
    for bad in root.xpath("//script|//style|//noscript|//head/*[not(self::title)]"):
        bad.drop_tree()
    tables: list[RawTable] = []
    for order, table in enumerate(root.xpath("//table[not(ancestor::table)]")):
        rows = _html_rows(table)
        if rows:
            tables.append(RawTable(page=1, rows=rows, title=_caption(table), order=order))
    lines: list[str] = []
    _collect(root.body if root.find("body") is not None else root, lines)
    title_nodes = root.xpath("//title")
    title = title_nodes[0].text_content().strip() if title_nodes else None
    page_text = "\n".join(line for line in (" ".join(raw.split()) for raw in lines) if line)
    return Source(
        format="html", pages=[Page(number=1, text=page_text)], tables=tables, metadata_title=title
    )


def _caption(table: object) -> str:
    """The text of the few elements before a table: its title and unit line."""
    parts: list[str] = []
    node = table.getprevious()  # type: ignore[attr-defined]
    while node is not None and len(parts) < 3:
        if node.tag == "table":
            break
        parts.insert(0, node.text_content().strip())
        node = node.getprevious()
    caption = table.find("caption")  # type: ignore[attr-defined]
    if caption is not None:
        parts.append(caption.text_content().strip())
    return " ".join(parts)[-160:]


def _collect(element: object, lines: list[str]) -> None:
    """Block elements start new lines; table cells are separated by tabs."""
    import lxml.html

    buffer: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            flush()
        if node.text and tag not in ("script", "style"):
            buffer.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if tag in ("td", "th"):
            buffer.append("\t")
        if tag in _BLOCKS:
            flush()

    def flush() -> None:
        if buffer:
            lines.append("".join(buffer))
            buffer.clear()

    walk(element)
    flush()


def _html_rows(table: object) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for tr in table.xpath(".//tr"):  # type: ignore[attr-defined]
        row: list[str | None] = []
        for cell in tr.xpath("./td|./th"):
            span = min(capped_span(cell.get("colspan")), MAX_COLUMNS - len(row))
            if span <= 0:
                break  # wider than any real table: the rest of the row is not read
            row.append(clean_cell(cell.text_content()))
            row.extend([None] * (span - 1))
        if any(row):
            rows.append(row)
    return rows


def read_text(data: bytes) -> Source:
    """Plain text (a .txt export); form feeds separate pages."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = decode(data)
    pages = [Page(number=i, text=part) for i, part in enumerate(text.split("\f"), start=1)]
    return Source(format="text", pages=pages)

"""Blocks -> an HTML disclosure page (the article body of a CMS detail page)."""

from __future__ import annotations

from html import escape

from .blocks import Document, Heading, PageBreak, Para, Table


def build_html(document: Document, *, declare_charset: bool, charset: str = "utf-8") -> str:
    if charset == "utf-8":
        head = '<meta charset="utf-8">\n' if declare_charset else ""
    else:
        head = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            if declare_charset
            else ""
        )
    body: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = "h1" if block.level == 0 else f"h{min(block.level + 1, 6)}"
            body.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Para):
            text = escape(block.text).replace("\n", "<br>")
            lead = f"<strong>{escape(block.bold_prefix)}</strong>" if block.bold_prefix else ""
            body.append(f'<p style="text-indent:2em">{lead}{text}</p>')
        elif isinstance(block, Table):
            if block.title:
                body.append(
                    '<p align="center"><b>' + escape(block.title).replace("\n", "<br>") + "</b></p>"
                )
            if block.unit_note:
                body.append(f'<p align="right">{escape(block.unit_note)}</p>')
            rows = []
            for r, row in enumerate(block.rows):
                cell = "th" if r < block.header_rows else "td"
                rows.append(
                    "<tr>" + "".join(f"<{cell}>{escape(v)}</{cell}>" for v in row) + "</tr>"
                )
            body.append(
                '<table border="1" cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>"
            )
            if block.note:
                body.append(f"<p>{escape(block.note)}</p>")
        elif isinstance(block, PageBreak):
            continue
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        + head
        + f'<title>{escape(document.title)}</title>\n</head>\n<body>\n<div class="TRS_Editor">\n'
        + "\n".join(body)
        + "\n</div>\n</body>\n</html>\n"
    )

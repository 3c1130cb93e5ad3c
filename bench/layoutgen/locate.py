"""Pages from the rendered PDF: the composition's probes (texts in reading order) are
found one after the other in the PDF's text, so each table title, grid start and grid
end gets the page LibreOffice actually put it on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from bench.layoutgen.compose import Probe, compact


def page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(compact(textpage.get_text_range()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def find_sequence(texts: list[str], probes: list[Probe]) -> list[int | None]:
    """The 1-based page of each probe, searched from where the previous one was found."""
    joined = "".join(texts)
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text)
    cursor = 0
    pages: list[int | None] = []
    for probe in probes:
        at = joined.find(probe.text, cursor) if probe.text else -1
        if at < 0:
            pages.append(None)
            continue
        cursor = at + len(probe.text)
        page = sum(1 for s in starts if s <= at)
        pages.append(page)
    return pages


def apply_pages(truth: dict[str, Any], probes: list[Probe], pdfs: dict[str, Path]) -> list[str]:
    """Fills ``title_page``/``grid_pages`` of the tables, ``page`` of the sections and
    ``pages`` of each file; returns the probes that were not found (should be none)."""
    found: dict[tuple[str, str, str], int | None] = {}
    missed: list[str] = []
    truth["pages"] = {}
    for role, pdf in pdfs.items():
        texts = page_texts(pdf)
        truth["pages"][role] = len(texts)
        ours = [p for p in probes if p.file == role]
        for probe, page in zip(ours, find_sequence(texts, ours), strict=False):
            found.setdefault((role, probe.kind, probe.ref), page)
            located = probe.kind in ("title", "grid_start", "grid_end")
            if page is None and (located or probe.ref.startswith("item:")):
                missed.append(f"{role}:{probe.kind}:{probe.ref}:{probe.text}")
            if probe.kind == "heading" and page is not None:
                for section in truth["sections"]:
                    if compact(section["heading"]) == probe.text and "page" not in section:
                        section["page"] = page
                        break
    for table in truth["tables"]:
        if not table["present"]:
            continue
        file = table["file"]
        table["title_page"] = found.get((file, "title", table["key"]))
        table["grid_pages"] = [
            found.get((file, "grid_start", table["key"])),
            found.get((file, "grid_end", table["key"])),
        ]
        first = table["grid_pages"][0]
        title = table["title_page"]
        table["orphaned"] = bool(
            table["position"] == "above"
            and title is not None
            and first is not None
            and title < first
        )
    return missed

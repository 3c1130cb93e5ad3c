"""From bytes to a :class:`ParsedDocument`: read, index, classify, find sections,
figures and tables. ``enrich`` is where other parts add what they read from the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fiscalwatch.models import DOC_TYPES, Figure, ParsedDocument, Section
from fiscalwatch.parsing.budget import enrich_budget
from fiscalwatch.parsing.classify import department_of, doc_type_of, fiscal_year_of, title_of
from fiscalwatch.parsing.figures import TextFigures
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.readers import open_source
from fiscalwatch.parsing.sections import find_headings, find_sections
from fiscalwatch.parsing.tables import OTHER, TableReader
from fiscalwatch.plugins import hook


@dataclass(frozen=True)
class Hints:
    """What the caller already knows; the document's own content fills the rest."""

    department: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None
    title: str | None = None
    filename: str | None = None
    content_type: str | None = None  # as declared (Content-Type, or the format stored)
    max_pages: int = 400
    max_ocr_pages: int = 50
    ocr: bool = True

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Hints:
        data = data or {}
        return cls(
            **{k: v for k, v in data.items() if k in cls.__dataclass_fields__ and v is not None}
        )


def parse_bytes(data: bytes, hints: Hints | None = None) -> ParsedDocument:
    """Raises DocumentError / UnreadableDocument for what cannot be read."""
    hints = hints or Hints()
    source = open_source(
        data,
        filename=hints.filename,
        content_type=hints.content_type,
        max_pages=hints.max_pages,
        max_ocr_pages=hints.max_ocr_pages,
        use_ocr=hints.ocr,
    )
    try:
        index = TextIndex(source.pages)
        title = title_of(index, source.metadata_title) or hints.title
        headings = find_headings(index)
        ocr_pages = [page.number for page in source.pages if page.ocr]
        text_figures = TextFigures(index, headings).read(ocr_pages)
        tables, table_figures = TableReader(index, headings, source).read()
    finally:
        source.close()
    sections = find_sections(headings)
    published = [table for table in tables if table.rows and table.key != OTHER]
    if published and not any(section.key == "tables" for section in sections):
        # The tables themselves, without a 部门决算报表 heading (a workbook of tables).
        sections.append(Section(key="tables", title=published[0].title, page=published[0].page))
    doc_type = hints.doc_type if hints.doc_type in DOC_TYPES else doc_type_of(title, index)
    parsed = ParsedDocument(
        doc_type=doc_type,
        title=title,
        department=hints.department or department_of(title, index),
        fiscal_year=hints.fiscal_year or fiscal_year_of(title, index),
        pages=source.pages,
        sections=sections,
        figures=_dedupe(text_figures + table_figures),
        tables=tables,
        warnings=list(source.warnings),
    )
    if not "".join(page.text for page in parsed.pages).strip():
        parsed.warnings.append("no text found")
    return enrich(parsed)


def enrich(parsed: ParsedDocument) -> ParsedDocument:
    """Other components add their readings to ``parsed.extras`` here (the performance
    reader its self-evaluation tables), through the ``fiscalwatch_read_extras`` hook.
    Runs in the parse worker."""
    hook().fiscalwatch_read_extras(parsed=parsed)
    enrich_budget(parsed)
    return parsed


def _dedupe(figures: list[Figure]) -> list[Figure]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for figure in figures:
        identity = (figure.key, figure.value, figure.page, figure.text, figure.origin, figure.basis)
        if identity not in seen:
            seen.add(identity)
            out.append(figure)
    return out

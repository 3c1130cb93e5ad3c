"""Blocks -> DOCX with python-docx: Word heading styles, ruled tables, CJK fonts.

Fonts are Noto Serif/Sans CJK SC (installed with the fonts-noto-cjk package); the
eastAsia font attribute is set on every style, as Word does for Chinese documents.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .blocks import Document, Heading, PageBreak, Para, Table

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
FIXED_TIME = dt.datetime(2025, 6, 30, 9, 0, 0)
ZIP_TIME = (2025, 6, 30, 9, 0, 0)


def _set_font(element_font, name: str, size: float | None = None, bold: bool | None = None) -> None:
    element_font.name = name
    if size is not None:
        element_font.size = Pt(size)
    if bold is not None:
        element_font.bold = bold
    element_font.color.rgb = RGBColor(0, 0, 0)
    rpr = element_font.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme_attr)) is not None:
            del fonts.attrib[qn(theme_attr)]


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal.font, BODY_FONT, 12)
    normal.paragraph_format.line_spacing = 1.35
    sizes = {0: 20.0, 1: 16.0, 2: 14.0, 3: 12.5, 4: 12.0}
    for level, size in sizes.items():
        style = doc.styles["Title" if level == 0 else f"Heading {level}"]
        _set_font(style.font, HEADING_FONT, size, bold=True)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(10 if level <= 2 else 6)
        style.paragraph_format.space_after = Pt(6 if level <= 2 else 3)
        if level in (0, 1):
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.styles["Title"]
    # The default Title style draws a bottom border; government covers have none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _cell_text(cell, text: str, size: float, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = None
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.space_after = Pt(0)
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _set_font(run.font, BODY_FONT, size, bold=bold)
        if index:
            run._r.addprevious(OxmlElement("w:br"))


def _table(doc: DocxDocument, block: Table) -> None:
    if block.page_break:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if block.title:
        for line in block.title.split("\n"):
            title = doc.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(title.add_run(line).font, HEADING_FONT, 13, bold=True)
    if block.unit_note:
        unit = doc.add_paragraph()
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(unit.add_run(block.unit_note).font, BODY_FONT, 9)
    width = max(len(row) for row in block.rows)
    table = doc.add_table(rows=len(block.rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(block.rows):
        row = table.rows[r]
        if r < block.header_rows:
            _repeat_header(row)
        filled = [c for c, value in enumerate(values) if value]
        last = filled[-1] if filled else 0
        merge_tail = last < width - 1 and len(filled) <= 3
        for c, value in enumerate(values[: last + 1] if merge_tail else values):
            _cell_text(row.cells[c], value, block.font_size, bold=r < block.header_rows)
        if merge_tail:
            # Short rows (名称 | value) span the rest of the table, as in the originals.
            row.cells[last].merge(row.cells[width - 1])
    if block.note:
        note = doc.add_paragraph()
        _set_font(note.add_run(block.note).font, BODY_FONT, 10)


def _paragraph(doc: DocxDocument, block: Para) -> None:
    paragraph = doc.add_paragraph(style="List Bullet" if block.list_item else None)
    if block.indent and not block.list_item:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if block.bold_prefix:
        _set_font(paragraph.add_run(block.bold_prefix).font, BODY_FONT, 12, bold=True)
    # "\n" inside a paragraph is a manual line break (Shift+Enter), as in "701.60\n万元".
    for index, line in enumerate(block.text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.addprevious(OxmlElement("w:br"))


def build_docx(document: Document, path: Path) -> Path:
    doc = new_document()
    _styles(doc)
    props = doc.core_properties
    props.author = document.author
    props.last_modified_by = document.author
    props.title = document.title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = doc.add_paragraph(
                style="Title" if block.level == 0 else f"Heading {min(block.level, 4)}"
            )
            paragraph.paragraph_format.page_break_before = block.page_break
            paragraph.add_run(block.text)
        elif isinstance(block, Para):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    fix_zip_times(path)
    return path


def fix_zip_times(path: Path) -> None:
    """Rewrite an OOXML zip with fixed member times so rebuilt files are byte-identical."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2025-06-30T09:00:00Z",
                    data,
                )
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)

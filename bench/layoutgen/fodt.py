"""Flat OpenDocument text (``.fodt``) written by hand: page layouts (size, margins,
orientation), master pages with footers, paragraph styles, and tables whose cells are
fully ruled, three-line ruled or borderless. LibreOffice exports it to PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

PAGE_SIZES = {"A4": (21.0, 29.7), "A3": (29.7, 42.0), "B5": (17.6, 25.0)}
BORDER = "0.5pt solid #000000"


@dataclass(frozen=True)
class PageSetup:
    size: str = "A4"
    margin_cm: float = 2.5
    footer: str = "plain"  # plain "3" | dashed "- 3 -" | chinese "第3页" | none

    def dimensions(self, landscape: bool) -> tuple[float, float]:
        width, height = PAGE_SIZES[self.size]
        return (height, width) if landscape else (width, height)

    def text_width(self, landscape: bool) -> float:
        return self.dimensions(landscape)[0] - 2 * self.margin_cm


@dataclass(frozen=True)
class Fonts:
    body: str = "Noto Serif CJK SC"
    heading: str = "Noto Sans CJK SC"
    table: str = "Noto Sans CJK SC"
    body_pt: float = 12.0
    table_pt: float = 9.0


@dataclass
class Writer:
    """Collects body XML and the automatic styles it needs."""

    page: PageSetup
    fonts: Fonts
    body: list[str] = field(default_factory=list)
    auto_styles: dict[str, str] = field(default_factory=dict)

    # --- paragraphs ---------------------------------------------------------------------
    def _paragraph_style(
        self,
        base: str,
        break_before: bool = False,
        master: str | None = None,
        keep_next: bool = False,
    ) -> str:
        if not (break_before or master or keep_next):
            return base
        name = f"{base}_{int(break_before)}{master or ''}{int(keep_next)}"
        if name not in self.auto_styles:
            props = []
            if break_before and not master:
                props.append('fo:break-before="page"')
            if keep_next:
                props.append('fo:keep-with-next="always"')
            master_attr = f' style:master-page-name="{master}"' if master else ""
            self.auto_styles[name] = (
                f'<style:style style:name="{name}" style:family="paragraph" '
                f'style:parent-style-name="{base}"{master_attr}>'
                f"<style:paragraph-properties {' '.join(props)}/></style:style>"
            )
        return name

    def paragraph(
        self,
        text: str,
        style: str = "Body",
        break_before: bool = False,
        master: str | None = None,
        keep_next: bool = False,
        bookmark: str | None = None,
    ) -> None:
        """A paragraph; ``\\n`` in the text is a manual line break (Shift+Enter).
        ``bookmark`` names it for the 目录's page references."""
        name = self._paragraph_style(style, break_before, master, keep_next)
        content = "<text:line-break/>".join(escape(part) for part in text.split("\n"))
        mark = f'<text:bookmark text:name="{bookmark}"/>' if bookmark else ""
        self.body.append(f'<text:p text:style-name="{name}">{mark}{content}</text:p>')

    def toc_line(self, text: str, bookmark: str | None, fallback: int, leader: str = "tab") -> None:
        """A 目录 line: the entry, a dotted leader (a tab stop's, or typed "……"), and the
        page of ``bookmark``, which LibreOffice fills in when it lays the document out
        (``fallback`` when the entry has no target, as for a table listed but absent)."""
        page = (
            f'<text:bookmark-ref text:reference-format="page" text:ref-name="{bookmark}">'
            f"{fallback}</text:bookmark-ref>"
            if bookmark
            else str(fallback)
        )
        if leader == "tab":
            self.body.append(
                f'<text:p text:style-name="TocLine">{escape(text)}<text:tab/>{page}</text:p>'
            )
        else:
            self.body.append(
                f'<text:p text:style-name="TocPlain">{escape(text)}{leader}{page}</text:p>'
            )

    def page_break(self) -> None:
        self.body.append(f'<text:p text:style-name="{self._paragraph_style("Body", True)}"/>')

    # --- tables -------------------------------------------------------------------------
    def table(
        self,
        header: list[list[str]],
        body: list[list[str]],
        widths: list[float],
        *,
        landscape: bool,
        rules: str = "full",  # full | three_line | none | horizontal
        repeat_header: bool = True,
        break_before: bool = False,
        master: str | None = None,
        keep_together: bool = False,
    ) -> None:
        """One grid. Amount cells (digits) are right-aligned, labels left."""
        index = len([k for k in self.auto_styles if k.startswith("Tbl")]) + 1
        name = f"Tbl{index}"
        width = self.page.text_width(landscape)
        props = [f'style:width="{width:.2f}cm"', 'table:align="margins"']
        if break_before and not master:
            props.append('fo:break-before="page"')
        if keep_together:
            props.append('style:may-break-between-rows="false"')
        master_attr = f' style:master-page-name="{master}"' if master else ""
        self.auto_styles[name] = (
            f'<style:style style:name="{name}" style:family="table"{master_attr}>'
            f"<style:table-properties {' '.join(props)}/></style:style>"
        )
        columns = len(widths)
        widths = self._fit(widths, body, width)
        total = sum(widths)
        cols_xml = []
        for i, w in enumerate(widths):
            col = f"{name}.C{i}"
            self.auto_styles[col] = (
                f'<style:style style:name="{col}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width * w / total:.3f}cm"/>'
                "</style:style>"
            )
            cols_xml.append(f'<table:table-column table:style-name="{col}"/>')
        rows_xml = []
        all_rows = len(header) + len(body)

        def cell_style(row: int) -> str:
            edge = "first" if row == 0 else "last" if row == all_rows - 1 else "mid"
            head = "h" if row == len(header) - 1 else "b"
            style = f"Cell_{rules}_{edge}_{head}"
            if style not in self.auto_styles:
                if rules == "full":
                    border = f'fo:border="{BORDER}"'
                elif rules == "none":
                    border = 'fo:border="none"'
                elif rules == "horizontal":
                    border = f'fo:border-bottom="{BORDER}" fo:border-top="{BORDER}"'
                else:  # three_line: top of the table, under the header, bottom of the table
                    parts = []
                    if edge == "first":
                        parts.append(f'fo:border-top="{BORDER}"')
                    if head == "h" or edge == "last":
                        parts.append(f'fo:border-bottom="{BORDER}"')
                    border = " ".join(parts) or 'fo:border="none"'
                self.auto_styles[style] = (
                    f'<style:style style:name="{style}" style:family="table-cell">'
                    f'<style:table-cell-properties {border} fo:padding="0.05cm"/></style:style>'
                )
            return style

        def row_xml(cells: list[str], row: int, is_header: bool) -> str:
            padded = cells + [""] * (columns - len(cells))
            out = []
            for text in padded[:columns]:
                para = "CellHead" if is_header else "CellNum" if _is_amount(text) else "Cell"
                content = escape(text)
                out.append(
                    f'<table:table-cell table:style-name="{cell_style(row)}" '
                    f'office:value-type="string"><text:p text:style-name="{para}">{content}'
                    "</text:p></table:table-cell>"
                )
            return "<table:table-row>" + "".join(out) + "</table:table-row>"

        head_xml = "".join(row_xml(r, i, True) for i, r in enumerate(header))
        if repeat_header:
            rows_xml.append(f"<table:table-header-rows>{head_xml}</table:table-header-rows>")
        else:
            rows_xml.append(head_xml)
        for i, r in enumerate(body):
            rows_xml.append(row_xml(r, len(header) + i, False))
        self.body.append(
            f'<table:table table:name="{name}" table:style-name="{name}">'
            + "".join(cols_xml)
            + "".join(rows_xml)
            + "</table:table>"
        )

    def _fit(self, widths: list[float], body: list[list[str]], width: float) -> list[float]:
        """Relative widths widened so that no amount wraps inside its cell (labels and
        headers may wrap, as they do in real files)."""
        total = sum(widths)
        char_cm = self.fonts.table_pt * 0.6 / 72 * 2.54
        need = [0.0] * len(widths)
        for row in body:
            for i, text in enumerate(row[: len(widths)]):
                if _is_amount(text):
                    need[i] = max(need[i], len(text) * char_cm + 0.3)
        share = [w / total * width for w in widths]
        short = [max(n - s, 0.0) for n, s in zip(need, share, strict=False)]
        if not any(short):
            return share
        spare = [s - n if not n else 0.0 for s, n in zip(share, need, strict=False)]
        take = min(sum(short), sum(spare) * 0.6)
        scale = take / sum(spare) if sum(spare) else 0.0
        return [
            s + sh if n else s - sp * scale
            for s, n, sh, sp in zip(share, need, short, spare, strict=False)
        ]

    # --- the document -------------------------------------------------------------------
    def document(self) -> str:
        fonts = sorted({self.fonts.body, self.fonts.heading, self.fonts.table})
        faces = "".join(
            f"<style:font-face style:name={quoteattr(f)} svg:font-family={quoteattr(repr(f))}/>"
            for f in fonts
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
            f"<office:font-face-decls>{faces}</office:font-face-decls>"
            f"<office:styles>{self._styles()}</office:styles>"
            f"<office:automatic-styles>{self._page_layouts()}"
            + "".join(self.auto_styles.values())
            + "</office:automatic-styles>"
            f"<office:master-styles>{self._masters()}</office:master-styles>"
            "<office:body><office:text>" + "".join(self.body) + "</office:text></office:body>"
            "</office:document>\n"
        )

    def _text_props(self, font: str, size: float, bold: bool = False) -> str:
        weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
        return (
            f"<style:text-properties style:font-name={quoteattr(font)} "
            f'style:font-name-asian={quoteattr(font)} fo:font-size="{size}pt" '
            f'style:font-size-asian="{size}pt" fo:language="zh" fo:country="CN" '
            f'style:language-asian="zh" style:country-asian="CN"{weight}/>'
        )

    def _styles(self) -> str:
        f = self.fonts
        tab = self.page.text_width(False) - 0.2
        defs = [
            (
                "Body",
                f.body,
                f.body_pt,
                False,
                'fo:text-indent="0.85cm" fo:line-height="150%" fo:text-align="justify"',
            ),
            (
                "Title",
                f.heading,
                f.body_pt + 8,
                True,
                'fo:text-align="center" fo:margin-bottom="0.5cm"',
            ),
            (
                "Part",
                f.heading,
                f.body_pt + 4,
                True,
                'fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.3cm"',
            ),
            (
                "H1",
                f.heading,
                f.body_pt + 1,
                True,
                'fo:margin-top="0.25cm" fo:margin-bottom="0.15cm"',
            ),
            ("H2", f.body, f.body_pt, True, 'fo:text-indent="0.85cm"'),
            (
                "TableTitle",
                f.heading,
                f.body_pt + 2,
                True,
                'fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"',
            ),
            ("TableUnit", f.table, f.table_pt, False, 'fo:text-align="end"'),
            ("Note", f.table, f.table_pt, False, 'fo:margin-top="0.1cm"'),
            ("Cell", f.table, f.table_pt, False, ""),
            ("CellNum", f.table, f.table_pt, False, 'fo:text-align="end"'),
            ("CellHead", f.table, f.table_pt, True, 'fo:text-align="center"'),
            (
                "TocHead",
                f.heading,
                f.body_pt + 4,
                True,
                'fo:text-align="center" fo:margin-bottom="0.4cm"',
            ),
        ]
        out = []
        for name, font, size, bold, para in defs:
            out.append(
                f'<style:style style:name="{name}" style:family="paragraph">'
                f"<style:paragraph-properties {para}/>"
                f"{self._text_props(font, size, bold)}</style:style>"
            )
        for name, leader in (("TocLine", "dotted"), ("TocPlain", "none")):
            out.append(
                f'<style:style style:name="{name}" style:family="paragraph">'
                '<style:paragraph-properties fo:line-height="140%"><style:tab-stops>'
                f'<style:tab-stop style:position="{tab:.2f}cm" style:type="right" '
                f'style:leader-style="{leader}" style:leader-text="."/>'
                "</style:tab-stops></style:paragraph-properties>"
                f"{self._text_props(f.body, f.body_pt)}</style:style>"
            )
        return "".join(out)

    def _page_layouts(self) -> str:
        out = []
        for name, landscape in (("PLPortrait", False), ("PLLandscape", True)):
            w, h = self.page.dimensions(landscape)
            m = self.page.margin_cm
            footer = (
                '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
                'fo:margin-top="0.3cm"/></style:footer-style>'
                if self.page.footer != "none"
                else ""
            )
            out.append(
                f'<style:page-layout style:name="{name}"><style:page-layout-properties '
                f'fo:page-width="{w}cm" fo:page-height="{h}cm" '
                f'style:print-orientation="{"landscape" if landscape else "portrait"}" '
                f'fo:margin-top="{m}cm" fo:margin-bottom="{m * 0.8:.2f}cm" '
                f'fo:margin-left="{m}cm" fo:margin-right="{m}cm"/>{footer}</style:page-layout>'
            )
        out.append(
            '<style:style style:name="Footer" style:family="paragraph">'
            '<style:paragraph-properties fo:text-align="center"/>'
            f"{self._text_props(self.fonts.body, 9)}</style:style>"
        )
        return "".join(out)

    def _masters(self) -> str:
        number = "<text:page-number/>"
        footers = {
            "plain": number,
            "dashed": f"- {number} -",
            "chinese": f"第{number}页",
        }
        out = []
        for name, layout in (("Standard", "PLPortrait"), ("Landscape", "PLLandscape")):
            footer = ""
            if self.page.footer in footers:
                footer = (
                    f'<style:footer><text:p text:style-name="Footer">{footers[self.page.footer]}'
                    "</text:p></style:footer>"
                )
            out.append(
                f'<style:master-page style:name="{name}" style:page-layout-name="{layout}">'
                f"{footer}</style:master-page>"
            )
        return "".join(out)


def _is_amount(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("-", "")
    return bool(stripped) and stripped.isdigit()

"""Hypothesis strategies for malformed and hostile inputs to each reader: random
structure (tables with absurd spans, cells anywhere on the grid, declared dimensions
that lie) and byte-level damage to real files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from hypothesis import strategies as st

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
SPANS = st.one_of(
    st.integers(-3, 12).map(str),
    st.integers(10**3, 10**12).map(str),
    st.sampled_from(["", "x", "1e9", "٣", "0x10", " 7 ", "99999999999999999999999"]),
)
TEXT = st.text(
    alphabet=st.sampled_from("收入支出合计万元表一二三0123456789.,-%<>&\"' \t\n\x00\x0b"),
    max_size=20,
)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few byte ranges overwritten, cut out or repeated, or cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        kind = draw(st.sampled_from(["overwrite", "delete", "repeat", "truncate"]))
        size = draw(st.integers(1, 64))
        if kind == "overwrite":
            out[at : at + size] = draw(st.binary(min_size=size, max_size=size))
        elif kind == "delete":
            del out[at : at + size]
        elif kind == "repeat":
            out[at:at] = out[at : at + size] * draw(st.integers(1, 50))
        else:
            del out[at:]
    return bytes(out)


def pdfs() -> st.SearchStrategy[bytes]:
    base = (DOCUMENTS / "v_missing_parts.pdf").read_bytes()
    return st.one_of(
        damaged(base),
        damaged(base).map(lambda data: data + b"\n%%EOF\n"),  # past the truncation check
        st.binary(max_size=2048).map(lambda data: b"%PDF-1.7\n" + data + b"\n%%EOF\n"),
    )


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            tag = draw(st.sampled_from(["td", "th", "td", "div"]))
            attributes = ""
            if draw(st.booleans()):
                attributes += f' colspan="{draw(SPANS)}"'
            if draw(st.booleans()):
                attributes += f' rowspan="{draw(SPANS)}"'
            cells.append(f"<{tag}{attributes}>{draw(TEXT)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + ("</tr>" if draw(st.booleans()) else ""))
    nested = "<table>" * draw(st.integers(1, 3))
    charset = draw(st.sampled_from(["utf-8", "gb2312", "big5", "x-unknown", "utf-16"]))
    page = (
        f"<html><head><meta charset='{charset}'><title>{draw(TEXT)}</title></head>"
        f"<body><p>{draw(TEXT)}</p>{nested}{''.join(rows)}</body></html>"
    )
    data = page.encode("utf-8", "surrogatepass")
    return draw(st.one_of(st.just(data), damaged(data)))


def _docx_with_table(rows: int, columns: int, texts: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("收入支出决算总表")
    table = document.add_table(rows=rows, cols=columns)
    for index, cell in enumerate(c for row in table.rows for c in row.cells):
        cell.text = texts[index % len(texts)] if texts else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


def _rewrite(data: bytes, member: str, change: object) -> bytes:
    """The archive with ``member`` changed, and nothing that depends on the clock (file
    times, document dates): the same draws must make the same bytes, or hypothesis
    cannot replay an example."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == member:
                body = change(body)  # type: ignore[operator]
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(b"2024-01-01T00:00:00Z", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, body)
    return out.getvalue()


@st.composite
def docx_files(draw: st.DrawFn) -> bytes:
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    data = _docx_with_table(rows, columns, draw(st.lists(TEXT.filter(str.isprintable), max_size=5)))
    spans = [draw(SPANS) for _ in range(rows * columns)]
    merges = [draw(st.sampled_from(["", "restart", "continue", "bogus"])) for _ in spans]

    def hostile(body: bytes) -> bytes:
        cells = iter(zip(spans, merges, strict=True))

        def cell(match: re.Match[bytes]) -> bytes:
            span, merge = next(cells, ("1", ""))
            extra = f'<w:gridSpan w:val="{span}"/>'
            if merge:
                extra += f'<w:vMerge w:val="{merge}"/>'
            return match.group(0) + extra.encode()

        return re.sub(rb"<w:tcPr>", cell, body)

    data = _rewrite(data, "word/document.xml", hostile)
    return draw(st.one_of(st.just(data), damaged(data)))


COORDINATES = st.tuples(
    st.one_of(st.integers(1, 30), st.integers(1, 1_048_576)),
    st.one_of(st.integers(1, 10), st.integers(1, 16_384)),
)


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    for index in range(draw(st.integers(1, 3))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        for row, column in draw(st.lists(COORDINATES, max_size=12)):
            value = draw(st.one_of(TEXT.filter(str.isprintable), st.floats(allow_nan=True)))
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    corner = f"{get_column_letter(draw(st.integers(1, 16384)))}{draw(st.integers(1, 1048576))}"
    claimed = f'<dimension ref="A1:{corner}"'.encode()
    data = _rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda body: re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{claimed}"'.encode(), body
        ),
    )
    return draw(st.one_of(st.just(data), damaged(data)))

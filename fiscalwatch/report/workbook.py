"""The analyst's workbook (XlsxWriter): four sheets read from the same model as the report.

- 数字 (figures): one row per department and fiscal year, one column per headline
  metric stated anywhere in the export (万元) followed by its change on the year before (%),
  ready for a pivot table or a chart;
- 问题 (findings): every finding, with a link to the original (http(s) only) and, when
  ``[report] base_url`` is set, to its page on the published report;
- 文件 (documents): every stored version with its publication date, parse status and the
  publication state of its department and year (按时 / 逾期 / 撤下 ...);
- 数字明细 (figure details): every figure read, one a row, with unit, page, origin and the
  text it was read from: the long format a pivot table wants.

Cells are typed (numbers, integers, dates, text) with number formats and column widths.
Rows are streamed to disk as they are written, so a sheet of any length costs the memory
of one row.
Text from a document is always written as a text cell: a department name starting with
``=`` stays text and is never a formula; characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

import collections
import hashlib
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from fiscalwatch.deadlines import parse_date
from fiscalwatch.figures import HEADLINE_FIGURES, label
from fiscalwatch.labels import SEVERITY_LABELS
from fiscalwatch.links import finding_report_url
from fiscalwatch.public import xml_text
from fiscalwatch.report.exports import figure_records
from fiscalwatch.report.labels import (
    DOC_STATUS_LABELS,
    DOC_TYPE_LABELS,
    STATE_LABELS,
    check_label,
)
from fiscalwatch.report.model import Department, Finding, ReportData
from fiscalwatch.report.render import change_pct, http_url
from fiscalwatch.store.readers import StoreReaders

MAX_CELL_CHARS = 32767  # Excel's limit for one cell
MONEY = "#,##0.00"
NUMBER = "#,##0.##"
PERCENT = "0.0%"
ORIGIN_LABELS = {"table": "表格", "text": "正文", "ocr": "文字识别"}
DAY = "yyyy-mm-dd"
MOMENT = "yyyy-mm-dd hh:mm"
LINK_COLOR = "#0563C1"
# XlsxWriter stores a column's width as Excel shows it plus 5 pixels of padding (of 7 a
# character); the widths below were set as stored widths (what openpyxl wrote), so the
# padding is taken off to keep the columns as they were.
PADDING = 5 / 7


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # text | int | money | percent | day | moment | link
    width: float


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None


@dataclass(frozen=True)
class Scope:
    region: str | None = None
    year: int | None = None

    def region_ok(self, region: str | None) -> bool:
        return self.region is None or region == self.region

    def year_ok(self, year: int | None) -> bool:
        return self.year is None or year == self.year


def text_value(value: object) -> str:
    """A string a workbook can hold: illegal control characters dropped, length capped."""
    text = xml_text(str(value))
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def moment(text: str | None) -> datetime | None:
    """A store timestamp as a naive UTC datetime (Excel has no time zones)."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        day = parse_date(text)
        return datetime(day.year, day.month, day.day) if day else None
    return parsed.replace(tzinfo=None)


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, columns and rows (read lazily, as the sheet is written)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


NUMBER_FORMATS = {
    "money": MONEY,
    "number": NUMBER,
    "percent": PERCENT,
    "day": DAY,
    "moment": MOMENT,
}


class _SheetWriter:
    """Writes rows of typed values into one XlsxWriter worksheet, one row at a time."""

    def __init__(
        self,
        book: xlsxwriter.Workbook,
        formats: dict[str, Any],
        spec: Sheet,
        title: str | None = None,
    ) -> None:
        self.sheet = book.add_worksheet(title or spec.title)
        self.formats = formats
        self.columns = spec.columns
        self.kinds = [column.kind for column in spec.columns]

    def header(self) -> None:
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width - PADDING)
            self.sheet.write_string(0, index, text_value(column.title), self.formats["header"])
        self.sheet.freeze_panes(1, 0)

    def row(self, row: int, values: Sequence[Any]) -> None:
        sheet = self.sheet
        for index, (kind, value) in enumerate(zip(self.kinds, values, strict=True)):
            if value is None:
                continue
            if kind == "text":
                # Always a string cell: never a formula, whatever the text starts with
                # (an empty text is an empty cell, as Excel has it).
                text = text_value(value)
                if text:
                    sheet.write_string(row, index, text)
            elif kind == "link":
                self.link(row, index, value)
            elif isinstance(value, date):
                sheet.write_datetime(row, index, value, self.formats.get(kind))
            elif isinstance(value, int | float) and math.isfinite(value):
                sheet.write_number(row, index, value, self.formats.get(kind))
            else:  # not a number a workbook can hold: shown as it is
                sheet.write_string(row, index, text_value(value))

    def link(self, row: int, column: int, link: Link) -> None:
        text = text_value(link.text)
        if link.url:
            status = self.sheet.write_url(
                row, column, text_value(link.url), self.formats["link"], text
            )
            if status == 0:
                return
        # No address, or one Excel cannot hold (over 2,079 characters, or past 65,530
        # links in a sheet): the text alone.
        self.sheet.write_string(row, column, text)

    def finish(self, rows: int) -> None:
        self.sheet.autofilter(0, 0, rows, len(self.columns) - 1)


EXCEL_MAX_ROWS = 1_048_576
"""Rows a worksheet holds (Excel's limit, XlsxWriter's ``xls_rowmax``): one for the
header, the rest for data."""


def write_sheets(
    specs: Iterable[Sheet],
    title: str,
    out: Path,
    content: Fingerprint | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> list[int]:
    """Writes the sheets into the workbook ``out`` with XlsxWriter in ``constant_memory``
    mode (each row goes to disk as the next begins: memory does not grow with the
    sheet, and it costs about a third less CPU than openpyxl; bench/workbooks.py);
    returns each sheet's row count below its header. A sheet with more rows than a
    worksheet holds (``max_rows``, header included) goes on in "<title> (2)", "(3)"…,
    each with the header: XlsxWriter ignores a row past the limit without an error,
    which would lose rows silently. With ``content``, every row is added to it as it is
    written, and its digest kept in the book's properties."""
    book = xlsxwriter.Workbook(
        str(out),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    formats: dict[str, Any] = {
        kind: book.add_format({"num_format": number_format})
        for kind, number_format in NUMBER_FORMATS.items()
    }
    formats["header"] = book.add_format({"bold": True})
    formats["link"] = book.add_format({"font_color": LINK_COLOR, "underline": 1})
    per_sheet = max_rows - 1
    counts = []
    try:
        for spec in specs:
            writer = _SheetWriter(book, formats, spec)
            writer.header()
            count = 0
            rows = content.rows(spec) if content else spec.rows
            for count, values in enumerate(rows, start=1):
                row = (count - 1) % per_sheet + 1
                if row == 1 and count > 1:  # the sheet is full: its continuation
                    writer.finish(per_sheet)
                    part = (count - 1) // per_sheet + 1
                    writer = _SheetWriter(book, formats, spec, f"{spec.title} ({part})")
                    writer.header()
                writer.row(row, values)
            writer.finish((count - 1) % per_sheet + 1 if count else 0)
            counts.append(count)
        book.set_properties({"title": title})
        if content:
            book.set_custom_property(CONTENT_PROPERTY, content.hexdigest())
    finally:
        _close(book)
    return counts


def _close(book: xlsxwriter.Workbook) -> None:
    """Saves the workbook; a file that cannot be written raises the ``OSError`` it is."""
    try:
        book.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise (cause or OSError(str(exc))) from exc


# -- the three sheets -------------------------------------------------------------------


def figure_sheet(data: ReportData, scope: Scope) -> Sheet:
    departments = [d for d in data.departments if scope.region_ok(d.region)]
    keys = [k for k in HEADLINE_FIGURES if any(d.figures.get(k) for d in departments)]
    columns = [Column("地区", "text", 12), Column("部门", "text", 36), Column("年度", "int", 8)]
    for key in keys:
        columns.append(Column(f"{label(key)}（万元）", "money", 16))
        columns.append(Column(f"{label(key)} 同比", "percent", 11))
    return Sheet("数字", columns, _figure_rows(departments, keys, scope))


def _figure_rows(
    departments: Sequence[Department], keys: Sequence[str], scope: Scope
) -> Iterable[list[Any]]:
    for department in departments:
        years = sorted({y for k in keys for y in department.figures.get(k, {})})
        for year in years:
            if not scope.year_ok(year):
                continue
            row: list[Any] = [department.region, department.name, year]
            for key in keys:
                by_year = department.figures.get(key, {})
                current, previous = by_year.get(year), by_year.get(year - 1)
                pct = change_pct(
                    current.value if current else None, previous.value if previous else None
                )
                row += [current.value if current else None, pct / 100 if pct is not None else None]
            yield row


FINDING_COLUMNS = (
    Column("编号", "int", 8),
    Column("地区", "text", 12),
    Column("部门", "text", 36),
    Column("年度", "int", 8),
    Column("严重程度", "text", 9),
    Column("检查", "text", 20),
    Column("检查名", "text", 22),
    Column("问题", "text", 60),
    Column("状态", "text", 9),
    Column("分析人员判断", "text", 24),
    Column("首次发现", "moment", 17),
    Column("最近发现", "moment", 17),
    Column("解决时间", "moment", 17),
    Column("原文", "link", 10),
    Column("报告", "link", 10),
)


def finding_sheet(data: ReportData, scope: Scope, base_url: str | None) -> Sheet:
    rows = (
        _finding_row(f, base_url)
        for f in data.findings
        if scope.region_ok(f.region) and scope.year_ok(f.fiscal_year)
    )
    return Sheet("问题", FINDING_COLUMNS, rows)


def _finding_row(finding: Finding, base_url: str | None) -> list[Any]:
    original = http_url(finding.url or (finding.document.url if finding.document else None))
    report = finding_report_url(base_url, finding.id)
    return [
        finding.id,
        finding.region,
        finding.department,
        finding.fiscal_year,
        SEVERITY_LABELS.get(finding.severity, finding.severity),
        check_label(finding.check),
        finding.check,
        finding.message,
        "未解决" if finding.resolved_at is None else "已解决",
        "：".join(p for p in (finding.triage_label, finding.triage_reason) if p) or None,
        moment(finding.first_seen),
        moment(finding.last_seen),
        moment(finding.resolved_at),
        Link("原文", original) if original else None,
        Link("报告", http_url(report)) if report and http_url(report) else None,
    ]


DOCUMENT_COLUMNS = (
    Column("编号", "int", 8),
    Column("地区", "text", 12),
    Column("部门", "text", 36),
    Column("年度", "int", 8),
    Column("类型", "text", 10),
    Column("标题", "text", 44),
    Column("发布日期", "day", 12),
    Column("首次抓取", "moment", 17),
    Column("公开情况", "text", 10),
    Column("解析状态", "text", 10),
    Column("当前版本", "text", 9),
    Column("撤下时间", "moment", 17),
    Column("页数", "int", 7),
    Column("原文", "link", 10),
)


def document_sheet(data: ReportData, scope: Scope) -> Sheet:
    states: dict[int, str] = {}
    for department in data.departments:
        for cell in department.cells.values():
            if cell.document is not None:
                states[cell.document.id] = STATE_LABELS.get(cell.state, cell.state)
    rows = (
        [
            d.id,
            d.region,
            d.department,
            d.fiscal_year,
            DOC_TYPE_LABELS.get(d.doc_type or "", d.doc_type),
            d.title,
            parse_date(d.published_at),
            moment(d.fetched_at),
            states.get(d.id),
            DOC_STATUS_LABELS.get(d.status, d.status),
            "是" if d.is_current else "否（已被替换）",
            moment(d.removed_at),
            d.pages,
            Link("原文", http_url(d.url)) if http_url(d.url) else None,
        ]
        for d in data.documents
        if scope.region_ok(d.region) and scope.year_ok(d.fiscal_year)
    )
    return Sheet("文件", DOCUMENT_COLUMNS, rows)


DETAIL_COLUMNS = (
    Column("地区", "text", 12),
    Column("部门", "text", 36),
    Column("年度", "int", 8),
    Column("类型", "text", 10),
    Column("指标", "text", 26),
    Column("指标名", "text", 28),
    Column("数值", "number", 14),
    Column("单位", "text", 6),
    Column("来源", "text", 8),
    Column("表", "text", 9),
    Column("页码", "int", 7),
    Column("原文摘录", "text", 60),
    Column("文件编号", "int", 9),
)


def detail_sheet(db: sqlite_utils.Database, scope: Scope) -> Sheet:
    """Every figure read, one a row (long format): what a pivot table wants."""
    rows = (
        [
            r["region"],
            r["department"],
            r["fiscal_year"],
            DOC_TYPE_LABELS.get(r["doc_type"] or "", r["doc_type"]),
            r["label"],
            r["key"],
            r["value"],
            r["unit"],
            ORIGIN_LABELS.get(r["origin"], r["origin"]),
            r["table_key"],
            r["page"],
            r["text"],
            r["document_id"],
        ]
        for r in figure_records(db, scope.region, scope.year)
    )
    return Sheet("数字明细", DETAIL_COLUMNS, rows)


@dataclass(frozen=True)
class WorkbookSummary:
    path: Path
    figure_rows: int
    finding_rows: int
    document_rows: int
    detail_rows: int


def model_sheets(data: ReportData, scope: Scope, base_url: str | None) -> list[Sheet]:
    """The sheets read from the report's model (all but the figure details)."""
    return [
        figure_sheet(data, scope),
        finding_sheet(data, scope, base_url),
        document_sheet(data, scope),
    ]


def sheets(
    db: sqlite_utils.Database, data: ReportData, scope: Scope, base_url: str | None
) -> list[Sheet]:
    """The workbook's sheets, in order; their rows are read as each is written."""
    return [*model_sheets(data, scope, base_url), detail_sheet(db, scope)]


def workbook_title(scope: Scope) -> str:
    return text_value(
        "fiscalwatch " + " ".join(str(part) for part in (scope.region, scope.year) if part)
    )


def write_workbook(
    db: sqlite_utils.Database,
    data: ReportData,
    out: Path,
    scope: Scope = Scope(),
    base_url: str | None = None,
) -> WorkbookSummary:
    title = workbook_title(scope)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure_rows, finding_rows, document_rows, detail_rows = write_sheets(
        sheets(db, data, scope, base_url), title, out
    )
    return WorkbookSummary(out, figure_rows, finding_rows, document_rows, detail_rows)


WORKBOOKS_DIR = "downloads"


def region_workbook_name(region_slug: str) -> str:
    return f"{WORKBOOKS_DIR}/{region_slug}.xlsx"


def write_region_workbooks(
    workers: StoreReaders,
    out_dir: Path,
    data: ReportData,
    base_url: str | None,
) -> list[str]:
    """One workbook per region beside the report's pages, each written by ``workers``
    (the sheets from the report's model in hand: a few hundred rows; the figure details
    read from the store by the worker); returns their paths relative to the site (the
    build's manifest removes those of regions no longer in the store)."""
    (out_dir / WORKBOOKS_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    for region in data.regions:
        name = region_workbook_name(region.slug)
        scope = Scope(region=region.name)
        in_hand = [
            Sheet(sheet.title, sheet.columns, [list(row) for row in sheet.rows])
            for sheet in model_sheets(data, scope, base_url)
        ]
        workers.run(write_region_workbook, out_dir / name, workbook_title(scope), in_hand, scope)
        written.append(name)
    return written


def write_region_workbook(
    db: sqlite_utils.Database, out: Path, title: str, in_hand: list[Sheet], scope: Scope
) -> list[int] | None:
    """A region's workbook (a ``StoreReaders`` job): the sheets in hand, then the
    figure details read from ``db``. A workbook an earlier build wrote from the same
    rows is kept as it is (returns None): most regions do not change between two builds,
    and reading their rows costs a tenth of writing them."""
    stored = stored_content(out)
    if stored is not None:
        earlier = Fingerprint(title)
        for spec in [*in_hand, detail_sheet(db, scope)]:
            collections.deque(earlier.rows(spec), maxlen=0)  # read, not kept
        if earlier.hexdigest() == stored:
            return None
    return write_sheets([*in_hand, detail_sheet(db, scope)], title, out, Fingerprint(title))


# Changes whenever what a workbook holds for the same rows would change (the writer, its
# formats), so a workbook of an earlier version is never kept.
WORKBOOK_FORMAT = f"1 xlsxwriter {xlsxwriter.__version__}"
CONTENT_PROPERTY = "fiscalwatch_content"


class Fingerprint:
    """A digest of everything a workbook shows: its title, each sheet's name and columns,
    every row's values (their ``repr``: type and value)."""

    def __init__(self, title: str) -> None:
        self.digest = hashlib.sha256(f"{WORKBOOK_FORMAT}\x00{title}".encode())

    def rows(self, spec: Sheet) -> Iterator[Sequence[Any]]:
        self.digest.update(repr((spec.title, list(spec.columns))).encode())
        for values in spec.rows:
            self.digest.update(repr(list(values)).encode())
            yield values

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def stored_content(path: Path) -> str | None:
    """The content digest an earlier build kept in the workbook at ``path``, if any."""
    try:
        with zipfile.ZipFile(path) as book:
            custom = book.read("docProps/custom.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    found = re.search(
        rf'name="{CONTENT_PROPERTY}"[^>]*>\s*<vt:lpwstr>([0-9a-f]{{64}})</vt:lpwstr>', custom
    )
    return found[1] if found else None

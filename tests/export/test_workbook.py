"""The Excel workbook, written by the command and read back with openpyxl cell by cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.store import Store
from tests.conftest import add_document, add_finding, make_config
from tests.export.test_workbook_stream import address

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    add_document(
        store,
        url="https://example.gov.cn/2023.pdf",
        fiscal_year=2023,
        figures={"expenditure_total": 200.0, "three_public_total": 10.0},
        published_at="2024-09-10",
    )
    doc_2024 = add_document(
        store,
        url="https://example.gov.cn/2024.pdf",
        fiscal_year=2024,
        figures={"expenditure_total": 300.0, "three_public_total": 8.0},
        published_at="2025-10-20",
    )
    add_document(
        store,
        url="javascript:alert(1)",
        department=HOSTILE,
        figures={"expenditure_total": 50.5},
        region="白水县",
    )
    add_finding(
        store,
        id=1,
        check="yoy_anomaly",
        message="支出总计比上年增加 50%",
        evidence={"metric": "expenditure_total"},
        document_id=doc_2024,
        url="https://example.gov.cn/2024.pdf",
    )
    add_finding(
        store,
        id=2,
        department=HOSTILE,
        region="白水县",
        message="+cmd|' /C calc'!A0 \x07 控制字符",
        url="javascript:alert(1)",
        check="missing_section",
        resolved_at="2025-10-03T07:00:00+00:00",
    )
    store.close()
    return make_config(tmp_path, report={"base_url": "https://watch.example.org/report/"})


def export(config: Path, out: Path, *args: str) -> openpyxl.Workbook:
    result = CliRunner().invoke(
        cli, ["--config", str(config), "export", "--format", "xlsx", "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_figures_sheet_is_wide_with_typed_yoy_columns(populated: Path, tmp_path: Path) -> None:
    book = export(populated, tmp_path / "all.xlsx")
    assert book.sheetnames == ["数字", "问题", "文件", "数字明细"]
    sheet = book["数字"]
    assert rows(sheet) == [
        (
            "地区",
            "部门",
            "年度",
            "支出总计（万元）",
            "支出总计 同比",
            "财政拨款“三公”经费支出（万元）",
            "财政拨款“三公”经费支出 同比",
        ),
        ("白水县", HOSTILE, 2024, 50.5, None, None, None),
        ("青川市", "青川市统计局", 2023, 200.0, None, 10.0, None),
        ("青川市", "青川市统计局", 2024, 300.0, 0.5, 8.0, pytest.approx(-0.2)),
    ]
    assert sheet["D4"].number_format == "#,##0.00" and sheet["D4"].data_type == "n"
    assert sheet["E4"].number_format == "0.0%"
    assert sheet["C4"].data_type == "n"
    # Text from a document stays text: never a formula.
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == HOSTILE
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G4"
    assert sheet.column_dimensions["B"].width == 36


def test_findings_sheet_links_originals_and_the_report(populated: Path, tmp_path: Path) -> None:
    sheet = export(populated, tmp_path / "all.xlsx")["问题"]
    header, *body = rows(sheet)
    assert header[:9] == (
        "编号",
        "地区",
        "部门",
        "年度",
        "严重程度",
        "检查",
        "检查名",
        "问题",
        "状态",
    )
    by_id = {row[0]: (index + 2, row) for index, row in enumerate(body)}
    line, first = by_id[1]
    assert first[1:9] == ("青川市", "青川市统计局", 2024, "警告", "同比大幅变动", "yoy_anomaly",
                          "支出总计比上年增加 50%", "未解决")  # fmt: skip
    assert first[9] is None  # no analyst's judgement
    assert first[10] == datetime(2025, 10, 1, 7, 0)
    assert sheet.cell(line, 11).number_format == "yyyy-mm-dd hh:mm"
    original, report = sheet.cell(line, 14), sheet.cell(line, 15)
    assert (original.value, original.hyperlink.target) == (
        "原文",
        "https://example.gov.cn/2024.pdf",
    )
    assert address(report) == "https://watch.example.org/report/findings.html#f-1"
    line, second = by_id[2]
    assert second[2] == HOSTILE and sheet.cell(line, 3).data_type == "s"
    assert second[7] == "+cmd|' /C calc'!A0  控制字符"  # the bell is dropped, the rest is text
    assert sheet.cell(line, 8).data_type == "s"
    assert second[8] == "已解决" and second[12] == datetime(2025, 10, 3, 7, 0)
    assert sheet.cell(line, 14).value is None and sheet.cell(line, 14).hyperlink is None


def test_documents_sheet_has_publication_dates_and_states(populated: Path, tmp_path: Path) -> None:
    sheet = export(populated, tmp_path / "all.xlsx")["文件"]
    header, *body = rows(sheet)
    assert header == ("编号", "地区", "部门", "年度", "类型", "标题", "发布日期", "首次抓取",
                      "公开情况", "解析状态", "当前版本", "撤下时间", "页数", "原文")  # fmt: skip
    first, second, third = body
    assert first[:4] == (1, "青川市", "青川市统计局", 2023)
    assert first[6] == datetime(2024, 9, 10) and sheet["G2"].number_format == "yyyy-mm-dd"
    assert (first[8], second[8]) == ("按时公开", "逾期公开")
    assert first[9] == "已解析" and first[10] == "是"
    assert sheet["N2"].hyperlink.target == "https://example.gov.cn/2023.pdf"
    assert third[5] == f"{HOSTILE}2024年度部门决算" and sheet["F4"].data_type == "s"
    assert sheet["N4"].value is None  # javascript: is never a link


def test_details_sheet_is_long_for_pivot_tables(populated: Path, tmp_path: Path) -> None:
    sheet = export(populated, tmp_path / "q.xlsx", "--region", "青川市")["数字明细"]
    header, *body = rows(sheet)
    assert header == ("地区", "部门", "年度", "类型", "指标", "指标名", "数值", "单位", "来源",
                      "表", "页码", "原文摘录", "文件编号")  # fmt: skip
    assert [(r[2], r[5], r[6], r[7], r[8], r[10]) for r in body] == [
        (2023, "expenditure_total", 200.0, "万元", "表格", 3),
        (2023, "three_public_total", 10.0, "万元", "表格", 3),
        (2024, "expenditure_total", 300.0, "万元", "表格", 3),
        (2024, "three_public_total", 8.0, "万元", "表格", 3),
    ]
    assert body[0][4] == "支出总计" and sheet["G2"].data_type == "n"


def test_region_and_year_scope_every_sheet(populated: Path, tmp_path: Path) -> None:
    book = export(populated, tmp_path / "q.xlsx", "--region", "青川市", "--year", "2024")
    figures = rows(book["数字"])
    # The year before still gives the change.
    assert figures[1:] == [("青川市", "青川市统计局", 2024, 300.0, 0.5, 8.0, pytest.approx(-0.2))]
    assert [row[0] for row in rows(book["问题"])[1:]] == [1]
    assert [row[3] for row in rows(book["文件"])[1:]] == [2024]
    assert {(row[0], row[2]) for row in rows(book["数字明细"])[1:]} == {("青川市", 2024)}


def test_report_offers_each_regions_workbook(populated: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--config", str(populated), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    workbooks = sorted((out / "downloads").glob("*.xlsx"))
    assert len(workbooks) == 2
    for workbook in workbooks:
        assert f'href="downloads/{workbook.name}"' in index
        regions = {row[0] for row in rows(openpyxl.load_workbook(workbook)["数字"])[1:]}
        assert len(regions) == 1

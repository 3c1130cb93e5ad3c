"""The shapes a table takes after extraction, and documents that hold none."""

from __future__ import annotations

from fiscalwatch.models import Page, ParsedDocument, Table
from fiscalwatch.performance.extract import extract, find_evaluations

TAB_TABLE = """项目支出绩效自评表
(2024 年度)
项目名称\t测试项目经费\t\t\t
主管部门\t某某局\t\t实施单位\t某某中心
项目资金 (万元)\t\t年初预 算 数\t全年预 算 数\t全年执 行 数\t分 值\t执 行 率\t得 分
\t年度资金总额\t1,200.00\t1,000.00\t950.00\t10\t95.00%\t9.50 分
\t其中：当年财政拨款\t1,200.00\t1,000.00\t950.00\t—\t—\t—
\t一级指标\t二级指标\t三级指标\t年度指 标 值\t实际完 成 值\t分值\t得分\t偏差原因
年度绩效 指标完成 情况\t产出指标\t数量指标\t培训 人数\t>=100 人\t=90 人\t40\t36\t偏差原因： 部分学员
\t\t\t\t\t\t\t\t因故缺席。
\t\t质量指标\t合格率\t=100%\t=100%\t30\t30\t
\t效益指标\t社会效益指标\t提升 能力\t有效提升\t完全达到 预期\t20\t20\t
总分\t\t\t\t\t\t100\t95.50 分
二、其他
"""


def cell_per_line(text: str) -> str:
    """The same table in the cell-per-line shape (seed 000's)."""
    out = []
    for line in text.splitlines():
        if "\t" in line:
            out.extend(f"\t{cell}" for cell in line.split("\t"))
        else:
            out.append(f"\t{line}")
        out.append("")
    return "\n".join(out)


def test_tab_and_cell_per_line_shapes_agree() -> None:
    from_tabs = find_evaluations(ParsedDocument("final_account", pages=[Page(1, TAB_TABLE)]))
    body = TAB_TABLE.replace("二、其他\n", "")
    from_cells = find_evaluations(
        ParsedDocument("final_account", pages=[Page(1, cell_per_line(body) + "\n二、其他\n")])
    )
    assert from_tabs == from_cells
    (project,) = from_tabs
    assert (project.name, project.department, project.implementing_unit) == (
        "测试项目经费",
        "某某局",
        "某某中心",
    )
    assert (project.budget_initial, project.budget_full_year, project.executed) == (
        1200,
        1000,
        950,
    )
    assert (project.execution_rate_stated, project.score, project.total_score) == (95, 9.5, 95.5)
    assert project.fiscal_year == 2024
    first = project.indicators[0]
    assert (first.level3, first.target, first.actual, first.score) == (
        "培训人数",
        ">=100人",
        "=90人",
        36,
    )
    assert first.deviation_reason == "偏差原因：部分学员因故缺席。"
    assert [i.level2 for i in project.indicators] == ["数量指标", "质量指标", "社会效益指标"]


# Rows as the PDF table finder gives them for seed_000.pdf (fixtures/documents): None
# where a merged cell covers a position, the header row repeated on the next page.
GRID_PAGE_1 = [
    ["项目名称", "机构编制管理工作经费", None, None, None, None, None, None, None],
    ["主管部门", "某办公室", "实施单位", "某办公室", "", "", "", "", ""],
    ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "29.61", "34.51", "18.44", "10", "53.43%", "5.34分", ""],
]
GRID_PAGE_2 = [
    ["项目名称", "机构编制管理工作经费", None, None, None, None, None, None, None, None, None],
    ["", "其中:当年财政拨款", None, "29.61", None, "34.51", None, "18.44", None, "—", None],
    [
        "",
        "一级指标",
        None,
        "二级指标",
        None,
        "三级指标",
        None,
        "年度指标值",
        None,
        "实际完成值",
        None,
        "分值",
        None,
        "得分",
        None,
        "偏差原因分析及改进措施",
    ],
    [
        "年度绩效指标完成情况",
        "产出指标",
        None,
        "数量指标",
        None,
        "事业单位年度报告数",
        None,
        ">=260家",
        None,
        "=260家",
        None,
        "5",
        None,
        "5",
        None,
        "",
    ],
    [
        "",
        None,
        "",
        None,
        "",
        None,
        "用编审核件数",
        None,
        ">=1000件次",
        None,
        "=1000件次",
        None,
        "5",
        None,
        "5",
        None,
    ],
    [
        "",
        None,
        "",
        None,
        "质量指标",
        None,
        "事业单位登记信用信息公示率",
        None,
        ">=95%",
        None,
        "=95%",
        None,
        "5",
        None,
        "5",
        None,
    ],
]
GRID_PAGE_3 = [
    ["项目名称", "机构编制管理工作经费", None, None, None, None, None, None, None],
    ["", None, "", "时效指标", "人员信息数据库维护及时率", ">=95%", "=95%", "5", "5"],
    [
        "",
        None,
        "效益指标",
        "社会效益指标",
        "提高机构编制管理水平推进创新",
        "有效提高",
        "完全达到预期",
        "30",
        "30",
    ],
    ["总分", None, "", "100", "95.34分", None, None, None, None],
]


def test_pdf_grid_rows() -> None:
    tables = [
        Table("other", "", page=number, rows=rows)  # type: ignore[arg-type]
        for number, rows in ((11, GRID_PAGE_1), (12, GRID_PAGE_2), (13, GRID_PAGE_3))
    ]
    (project,) = find_evaluations(ParsedDocument("final_account", tables=tables))
    assert (project.origin, project.name, project.executed, project.total_score) == (
        "table",
        "机构编制管理工作经费",
        18.44,
        95.34,
    )
    got = [(i.level1, i.level2, i.level3, i.target, i.actual, i.page) for i in project.indicators]
    assert got == [
        ("产出指标", "数量指标", "事业单位年度报告数", ">=260家", "=260家", 12),
        ("产出指标", "数量指标", "用编审核件数", ">=1000件次", "=1000件次", 12),
        ("产出指标", "质量指标", "事业单位登记信用信息公示率", ">=95%", "=95%", 12),
        ("产出指标", "时效指标", "人员信息数据库维护及时率", ">=95%", "=95%", 13),
        (
            "效益指标",
            "社会效益指标",
            "提高机构编制管理水平推进创新",
            "有效提高",
            "完全达到预期",
            13,
        ),
    ]


def test_table_and_text_copies_are_kept_once() -> None:
    tables = [Table("other", "", page=1, rows=GRID_PAGE_1 + GRID_PAGE_2[1:] + GRID_PAGE_3[1:])]  # type: ignore[arg-type]
    text = TAB_TABLE.replace("测试项目经费", "机构编制管理工作经费").replace("950.00", "18.44")
    evaluations = find_evaluations(
        ParsedDocument("final_account", pages=[Page(1, text)], tables=tables)
    )
    assert [(e.name, e.origin, len(e.indicators)) for e in evaluations] == [
        ("机构编制管理工作经费", "table", 5)
    ]


def test_documents_without_evaluations() -> None:
    prose = (
        "第一部分 部门概况\n本部门2024年度预算绩效管理工作有序开展，具体附项目支出绩效自评表。\n"
    )
    for parsed in (
        ParsedDocument("final_account", pages=[Page(1, prose)]),
        ParsedDocument("final_account", pages=[Page(1, "\t\t\n\t\n项目名称\t\n")]),
        ParsedDocument("other"),
    ):
        extract(parsed)
        assert parsed.extras["performance"] == []
        assert parsed.warnings == []


def test_nine_final_account_tables_are_skipped() -> None:
    rows = [["项目名称", "伪装"], ["", "年度资金总额", "1", "1", "1", "10", "100%", "10"]]
    parsed = ParsedDocument("final_account", tables=[Table("table_05", "", rows=rows)])
    assert find_evaluations(parsed) == []


# seed_003.pdf's text as PDF extraction flows it (cells wrapped, no tabs), page 14.
FLOWED = """项目支出绩效自评表
(2024 年度)
项目名称 市政府办公室总值班室业务专项经费
主管部门 乌鲁木
齐市人民
政府办公室
实施单位 乌鲁木
齐市人民
政府办公室
项目资金
(万元)
年初预算
数
全年预算
数
全年执行
数
分值 执行率 得分
年度资金
总额
13.20 11.80 11.80 10 100.00% 10.00 分
其中：当年
财政拨款
13.20 11.80 11.80 — — —
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 采购会议视
频终端
>=1 台 =1 台 15 15
总分 100 98.95 分
"""


def test_flowed_pdf_text_gives_the_funds_row() -> None:
    parsed = ParsedDocument("final_account", pages=[Page(14, FLOWED)], fiscal_year=2024)
    (project,) = find_evaluations(parsed)
    assert (project.origin, project.kind, project.name, project.page) == (
        "flow",
        "项目",
        "市政府办公室总值班室业务专项经费",
        14,
    )
    assert (project.department, project.implementing_unit) == ("乌鲁木齐市人民政府办公室",) * 2
    assert (project.budget_initial, project.budget_full_year, project.executed) == (
        13.2,
        11.8,
        11.8,
    )
    assert (project.execution_rate_stated, project.weight, project.score) == (100, 10, 10)
    assert (project.total_weight, project.total_score, project.indicators) == (100, 98.95, [])

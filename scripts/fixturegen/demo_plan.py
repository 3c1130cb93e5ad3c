"""The demo city 青川市: departments, years, files and the problems planted in them.

`fiscalwatch/demo/data/manifest.toml` is written from this plan; the crawler's simulated
sites serve the files it lists, the demo and the end-to-end test assert its `planted`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REGION = "青川市"
PUBLICATION_DAY = "2025-08-15"
BEFORE_AS_OF = "2025-07-01"  # first demo cycle: before the 2024 accounts are out
AFTER_AS_OF = "2025-10-15"  # second cycle: after publication day AND the 09-30 deadline


@dataclass(frozen=True)
class Department:
    key: str  # ascii id, stable: directory name under data/ and the sites' slug
    name: str  # full name as the documents and the site give it
    short: str  # the name a list page may show
    seed: str  # which seed's layout and figures it was built from


DEPARTMENTS = (
    Department("bianban", "中共青川市委员会机构编制委员会办公室", "市委编办", "000"),
    Department("zuzhibu", "中共青川市委员会组织部", "市委组织部", "002"),
    Department("zhengfuban", "青川市人民政府办公室", "市政府办公室", "003"),
    Department("qingjiang", "中共青川市青江区委员会机构编制委员会办公室", "青江区委编办", "004"),
    Department("tongji", "青川市统计局", "市统计局", "000"),
)


@dataclass
class DemoFile:
    path: str  # relative to fiscalwatch/demo/data/
    department: str  # Department.key
    fiscal_year: int
    doc_type: str
    format: str  # pdf | xlsx | html | docx
    title: str
    published: str  # date the site shows
    states: tuple[str, ...]  # "before" and/or "after" publication day
    slot: str  # files sharing a slot are served at the same URL (a replacement)
    role: str = "main"  # main | attachment (sibling of the main file on the same page)
    encoding: str = "utf-8"  # for html
    text_layer: bool = True
    scanned_pages: tuple[int, ...] = ()  # pages that are images only (need OCR)
    planted: tuple[str, ...] = ()  # "check:metric-or-section", see PLANTED
    figures: dict[str, float] = field(default_factory=dict)  # headline figures in the file


def _title(dept: Department, year: int) -> str:
    return f"{dept.name}{year}年度部门决算公开"


def dept(key: str) -> Department:
    return next(d for d in DEPARTMENTS if d.key == key)


def files() -> list[DemoFile]:
    """Every file of the demo; figures are filled in by the demo stage from the models."""
    b, z, g, q, t = (dept(k) for k in ("bianban", "zuzhibu", "zhengfuban", "qingjiang", "tongji"))
    both = ("before", "after")
    own = [
        DemoFile(
            "bianban/2022.pdf",
            b.key,
            2022,
            "final_account",
            "pdf",
            _title(b, 2022),
            "2023-08-20",
            both,
            "bianban-2022",
        ),
        DemoFile(
            "bianban/2023.pdf",
            b.key,
            2023,
            "final_account",
            "pdf",
            _title(b, 2023),
            "2024-08-16",
            both,
            "bianban-2023",
        ),
        DemoFile(
            "bianban/2024.pdf",
            b.key,
            2024,
            "final_account",
            "pdf",
            _title(b, 2024),
            "2025-08-15",
            ("after",),
            "bianban-2024",
            planted=("yoy_anomaly:three_public_total", "yoy_anomaly:vehicle_total"),
        ),
        DemoFile(
            "zuzhibu/2022.pdf",
            z.key,
            2022,
            "final_account",
            "pdf",
            _title(z, 2022),
            "2023-09-01",
            both,
            "zuzhibu-2022",
        ),
        DemoFile(
            "zuzhibu/2023.pdf",
            z.key,
            2023,
            "final_account",
            "pdf",
            _title(z, 2023),
            "2024-08-30",
            both,
            "zuzhibu-2023",
            planted=(
                "performance_inconsistent:执行率",
                "performance_shortfall:试卷保密保管（押运）员",
                "performance_boilerplate:all_met_exactly",
            ),
        ),
        DemoFile(
            "zhengfuban/2022.html",
            g.key,
            2022,
            "final_account",
            "html",
            _title(g, 2022),
            "2023-08-25",
            both,
            "zhengfuban-2022",
            encoding="gbk",
        ),
        DemoFile(
            "zhengfuban/2023.pdf",
            g.key,
            2023,
            "final_account",
            "pdf",
            _title(g, 2023),
            "2024-08-22",
            both,
            "zhengfuban-2023",
        ),
        DemoFile(
            "zhengfuban/2024_v1.pdf",
            g.key,
            2024,
            "final_account",
            "pdf",
            _title(g, 2024),
            "2025-06-28",
            ("before",),
            "zhengfuban-2024",
        ),
        DemoFile(
            "zhengfuban/2024_v2.pdf",
            g.key,
            2024,
            "final_account",
            "pdf",
            _title(g, 2024),
            "2025-06-28",
            ("after",),
            "zhengfuban-2024",
            planted=("document_changed:procurement_total",),
        ),
        DemoFile(
            "zhengfuban/2024_tables.xlsx",
            g.key,
            2024,
            "final_account",
            "xlsx",
            f"{g.name}2024年度部门决算报表",
            "2025-06-28",
            both,
            "zhengfuban-2024-tables",
            role="attachment",
        ),
        DemoFile(
            "qingjiang/2023.pdf",
            q.key,
            2023,
            "final_account",
            "pdf",
            f"{q.name}2023年度部门决算",
            "2024-09-10",
            both,
            "qingjiang-2023",
            scanned_pages=(3,),
        ),
        DemoFile(
            "qingjiang/2024.pdf",
            q.key,
            2024,
            "final_account",
            "pdf",
            f"{q.name}2024年度部门决算",
            "2025-08-15",
            ("after",),
            "qingjiang-2024",
            planted=(
                "inconsistent_figures:general_budget_expenditure_share",
                "missing_section:tables",
            ),
        ),
        DemoFile(
            "tongji/2022.pdf",
            t.key,
            2022,
            "final_account",
            "pdf",
            _title(t, 2022),
            "2023-08-18",
            both,
            "tongji-2022",
        ),
        DemoFile(
            "tongji/2023.pdf",
            t.key,
            2023,
            "final_account",
            "pdf",
            _title(t, 2023),
            "2024-08-19",
            ("before",),
            "tongji-2023",
            planted=("document_removed:url",),
        ),
        DemoFile(
            "tongji/2024.pdf",
            t.key,
            2024,
            "final_account",
            "pdf",
            _title(t, 2024),
            "2025-08-15",
            ("after",),
            "tongji-2024",
            planted=("missing_section:three_public",),
        ),
    ]
    return [*own, *_budgets().files()]


def planted_findings() -> list[dict[str, Any]]:
    """What the demo must report (level must) from the cycle named by ``state`` on
    ("before": first cycle and after; "after": the second cycle); should-level entries are
    what a thorough checker adds, may-level ones are info (stored, below the demo's alert
    threshold). Nothing else is planted."""
    b, z, g, q, t = (
        dept(k).name for k in ("bianban", "zuzhibu", "zhengfuban", "qingjiang", "tongji")
    )
    must = [
        {
            "check": "yoy_anomaly",
            "department": b,
            "fiscal_year": 2024,
            "metric": "three_public_total",
            "file": "bianban/2024.pdf",
            "previous": 7.41,
            "current": 19.90,
        },
        {
            "check": "yoy_anomaly",
            "department": b,
            "fiscal_year": 2024,
            "metric": "vehicle_total",
            "file": "bianban/2024.pdf",
            "previous": 7.41,
            "current": 19.90,
        },
        {
            "check": "missing_document",
            "department": z,
            "fiscal_year": 2024,
            "doc_type": "final_account",
            "deadline": "2025-09-30",
            "note": "published 2022 and 2023, nothing for 2024",
        },
        {
            "check": "document_changed",
            "department": g,
            "fiscal_year": 2024,
            "file": "zhengfuban/2024_v2.pdf",
            "replaces": "zhengfuban/2024_v1.pdf",
            "changed_figures": [],
        },
        {
            "check": "inconsistent_figures",
            "department": q,
            "fiscal_year": 2024,
            "metric": "general_budget_expenditure_share",
            "file": "qingjiang/2024.pdf",
            "stated": 99.35,
            "computed": 97.87,
        },
        {
            "check": "missing_section",
            "department": q,
            "fiscal_year": 2024,
            "section": "tables",
            "file": "qingjiang/2024.pdf",
        },
        {
            "check": "document_removed",
            "department": t,
            "fiscal_year": 2023,
            "file": "tongji/2023.pdf",
        },
        {
            "check": "missing_section",
            "department": t,
            "fiscal_year": 2024,
            "section": "three_public",
            "file": "tongji/2024.pdf",
        },
    ]
    should = [
        {
            "check": "unexplained_change",
            "kind": "contradicts_direction",
            "department": q,
            "fiscal_year": 2024,
            "metric": metric,
            "file": "qingjiang/2024.pdf",
            "note": "减少 but 主要原因是人员经费增加",
        }
        for metric in ("income_total", "fiscal_income_total", "general_budget_expenditure")
    ]
    # 青江区 publishes the same district layout every year: its 2023 account already lacks
    # the nine tables and 其他需说明的事项 (found from the first cycle on).
    early = [
        {
            "check": "missing_section",
            "department": q,
            "fiscal_year": 2023,
            "section": section,
            "file": "qingjiang/2023.pdf",
        }
        # 其他重要事项的情况说明 plays the part of 其他需说明的事项: only the tables miss.
        for section in ("tables",)
    ]
    # 组织部's 2023 account carries seed 002's 绩效自评表 (scripts/fixturegen/
    # demo_performance.py), online in both states: its errors show from the first cycle.
    perf_file = "zuzhibu/2023.pdf"
    perf_must = [
        {
            "check": "performance_inconsistent",
            "department": z,
            "fiscal_year": 2023,
            "metric": "执行率",
            "project": project,
            "file": perf_file,
            "stated": stated,
            "computed": 100.00,
            "note": f"全年执行数 = 全年预算数 = {amount}; the rate was computed against 年初预算数",
        }
        for project, stated, amount in (
            ("2023年计划重点举办培训班次", 93.48, 207.07),
            ("提前下达2023援疆干部医疗费", 92.52, 11.38),
        )
    ] + [
        {
            "check": "performance_shortfall",
            "department": z,
            "fiscal_year": 2023,
            "project": "2023年度青川市公务员考试招录工作经费",
            "indicator": "试卷保密保管（押运）员",
            "file": perf_file,
            "target": "=4人",
            "actual": "=2人",
        }
    ]
    # Info level, below the demo subscription's warning threshold: stored, not alerted.
    perf_may = [
        {
            "check": "performance_boilerplate",
            "department": z,
            "fiscal_year": 2023,
            "metric": "all_met_exactly",
            "project": project,
            "file": perf_file,
        }
        for project in (
            z,  # 部门整体
            "2023年党员干部现代远程教育及管理经费",
            "党纪学习教育工作经费",
            "社区（村）“两委”任职培训及专题片拍摄经费",
            "组织部工作经费",
        )
    ]
    return (
        _budgets().planted()
        + [{"level": "must", "state": "before", **f} for f in early]
        + [{"level": "must", "state": "before", **f} for f in perf_must]
        + [{"level": "may", "state": "before", **f} for f in perf_may]
        + [{"level": "must", "state": "after", **f} for f in must]
        + [{"level": "should", "state": "after", **f} for f in should]
    )


def _budgets() -> Any:
    """The budgets of the demo (demo_budgets imports this module)."""
    from . import demo_budgets

    return demo_budgets

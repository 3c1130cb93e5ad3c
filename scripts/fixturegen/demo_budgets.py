"""The demo city's budgets (部门预算), published as HTML pages the way TRS portals do
(the article body is the budget; no attachment).

- 市委编办 2024 and 2025: its 2024 final account states 一般公共预算财政拨款支出
  "年初预算数694.05万元", but the 2024 budget it published said 690.00 万元: a planted
  ``budget_mismatch``. Its 2025 budget is on time (nothing missing).
- 市统计局 2025: its 《“三公”经费和机关运行经费预算表》 is declared empty ("本表为空表")
  while the text states 12.30 万元 of 三公 and 50.00 万元 of 机关运行经费: a planted
  ``inconsistent_figures`` (relation ``empty_table_note``).

Written without LibreOffice (``build``), so `make fixtures` stays as it was for the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import demo_plan as plan

BOTH = ("before", "after")


@dataclass(frozen=True)
class Budget:
    path: str
    department: str  # demo_plan.Department.key
    year: int
    published: str
    income: float
    general_budget: float
    three_public: tuple[float, float, float]  # 因公出国(境), 公务用车购置及运行, 公务接待
    operating: float
    empty_three_public_table: bool = False
    planted: tuple[str, ...] = ()


BUDGETS = (
    Budget(
        "bianban/2024_budget.html",
        "bianban",
        2024,
        "2024-02-20",
        income=700.00,
        general_budget=690.00,
        three_public=(0.00, 19.50, 0.00),
        operating=48.00,
        planted=("budget_mismatch:general_budget_expenditure",),
    ),
    Budget(
        "bianban/2025_budget.html",
        "bianban",
        2025,
        "2025-02-18",
        income=712.40,
        general_budget=712.40,
        three_public=(0.00, 19.50, 0.00),
        operating=48.50,
    ),
    Budget(
        "tongji/2025_budget.html",
        "tongji",
        2025,
        "2025-02-21",
        income=1088.00,
        general_budget=1088.00,
        three_public=(0.00, 10.00, 2.30),
        operating=50.00,
        empty_three_public_table=True,
        planted=("inconsistent_figures:three_public_total",),
    ),
)


def title(budget: Budget) -> str:
    return f"{plan.dept(budget.department).name}{budget.year}年度部门预算公开"


def files() -> list[plan.DemoFile]:
    return [
        plan.DemoFile(
            b.path,
            b.department,
            b.year,
            "budget",
            "html",
            title(b),
            b.published,
            BOTH,
            f"{b.department}-{b.year}-budget",
            planted=b.planted,
        )
        for b in BUDGETS
    ]


def planted() -> list[dict[str, Any]]:
    """What the budgets must produce, from the first cycle on."""
    b, t = (plan.dept(k).name for k in ("bianban", "tongji"))
    return [
        {
            "level": "must",
            "state": "after",  # the 2024 final account is out on publication day
            "check": "budget_mismatch",
            "department": b,
            "fiscal_year": 2024,
            "metric": "general_budget_expenditure",
            "file": "bianban/2024.pdf",
            "budget_file": "bianban/2024_budget.html",
            "budget_value": 690.00,
            "final_value": 694.05,
        },
        {
            "level": "must",
            "state": "before",
            "check": "inconsistent_figures",
            "department": t,
            "fiscal_year": 2025,
            "metric": "three_public_total",
            "relation": "empty_table_note",
            "file": "tongji/2025_budget.html",
            "stated": 12.30,
            "computed": 0.0,
        },
    ]


def html_page(budget: Budget) -> str:
    name = plan.dept(budget.department).name
    year = budget.year
    overseas, vehicle, reception = budget.three_public
    three_public = round(overseas + vehicle + reception, 2)
    heading = title(budget)
    if budget.empty_three_public_table:
        table = (
            f"<p>{year}年部门“三公”经费和机关运行经费预算表</p>"
            "<table><tr><td colspan='6'>单位：万元</td></tr>"
            "<tr><td>合计</td><td>因公出国(境)费</td><td>公务接待费</td>"
            "<td>公务用车购置及运行费</td><td>购置费</td><td>运行费</td></tr>"
            f"<tr><td colspan='6'>注：本部门{year}年无“三公”经费和机关运行经费预算，"
            "故本表为空表。</td></tr>"
            "</table>"
        )
    else:
        table = ""
    paragraphs = [
        "第一部分 部门概况",
        "一、主要职能",
        f"{name}负责本市相关领域的政策制定、组织实施和监督管理工作。",
        "第二部分 部门预算编制说明",
        f"{year}年，{name}收入预算{budget.income:.2f}万元，其中：财政拨款收入{budget.income:.2f}万元。",
        f"支出预算{budget.income:.2f}万元，其中：一般公共预算拨款支出预算{budget.general_budget:.2f}万元。",
        "第三部分 其他相关情况说明",
        f"一、{year}年“三公”经费预算情况说明",
        f"{year}年“三公”经费预算数为{three_public:.2f}万元，其中：因公出国（境）费{overseas:.2f}万元，"
        f"公务用车购置及运行费{vehicle:.2f}万元，公务接待费{reception:.2f}万元。",
        "二、机关运行经费预算",
        f"{year}年{name}机关运行经费预算为{budget.operating:.2f}万元。",
    ]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n</head>\n<body>\n"
        f'<div class="TRS_Editor">\n<h1>{escape(heading)}</h1>\n{body}\n{table}\n</div>\n'
        "</body>\n</html>\n"
    )


def build(data_dir: Path) -> list[Path]:
    written = []
    for budget in BUDGETS:
        target = data_dir / budget.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html_page(budget), encoding="utf-8")
        written.append(target)
    return written

"""The grids of each table key, filled from an :class:`Account`.

A grid is header rows and body rows of cell strings, in 万元 or 元, with the headline
cells it prints (metric, row label, column header, printed text, value in 万元) so the
truth can say which figures a reader should take from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bench.layoutgen.account import PERSONNEL_ITEMS, PUBLIC_ITEMS, Account
from bench.layoutgen.money import fmt_wan, fmt_yuan, wan

CN_NUMBERS = "一二三四五六七八九十"


@dataclass
class Cell:
    metric: str
    row: str
    column: str
    printed: str
    value: float  # 万元


@dataclass
class Grid:
    header: list[list[str]]
    body: list[list[str]]
    unit: str = "万元"
    empty: bool = False
    cells: list[Cell] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths


class Amounts:
    """Prints cents in the grid's unit; blank when the grid is empty."""

    def __init__(self, unit: str, thousands: bool, empty: bool) -> None:
        self.unit, self.thousands, self.empty = unit, thousands, empty

    def __call__(self, cents: int) -> str:
        if self.empty:
            return ""
        if self.unit == "元":
            return fmt_yuan(cents, self.thousands)
        return fmt_wan(cents, self.thousands)


Builder = Callable[[Account, Amounts], Grid]


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    return CN_NUMBERS[n // 10 - 1] + "十" + (CN_NUMBERS[n % 10 - 1] if n % 10 else "")


def _cell(grid: Grid, a: Amounts, metric: str, row: str, column: str, cents: int) -> str:
    printed = a(cents)
    if printed:
        grid.cells.append(Cell(metric, row, column, printed, wan(cents)))
    return printed


def total_sheet(acc: Account, a: Amounts) -> Grid:
    """收入支出决算总表: income on the left, spending by function on the right."""
    g = Grid(
        header=[["项目", "行次", "金额", "项目", "行次", "金额"]],
        body=[],
        widths=[5, 1, 2, 5, 1, 2],
    )
    left = [
        ("一、一般公共预算财政拨款收入", acc.fiscal_income),
        ("二、政府性基金预算财政拨款收入", acc.fund),
        ("三、国有资本经营预算财政拨款收入", acc.capital),
        ("四、上级补助收入", 0),
        ("五、事业收入", 0),
        ("六、经营收入", 0),
        ("七、附属单位上缴收入", 0),
        ("八、其他收入", acc.other_income),
    ]
    right = [
        (f"{_cn(i + 1)}、{f[1]}", v)
        for i, (f, v) in enumerate(zip(acc.functions, _by_function(acc), strict=False))
    ]
    n = max(len(left), len(right))
    for i in range(n):
        lt, lv = left[i] if i < len(left) else ("", None)
        rt, rv = right[i] if i < len(right) else ("", None)
        g.body.append(
            [
                lt,
                str(i + 1) if lt else "",
                a(lv) if lv is not None else "",
                rt,
                str(n + 7 + i + 1) if rt else "",
                a(rv) if rv is not None else "",
            ]
        )
    tail = [
        (
            "本年收入合计",
            acc.income_current,
            "本年支出合计",
            acc.expenditure_current,
            "income_current_year",
            "expenditure_current_year",
        ),
        ("使用非财政拨款结余", 0, "结余分配", 0, "", ""),
        (
            "年初结转和结余",
            acc.carry_begin,
            "年末结转和结余",
            acc.carry_end,
            "carryover_begin",
            "carryover_end",
        ),
        (
            "总计",
            acc.income_total,
            "总计",
            acc.expenditure_total,
            "income_total",
            "expenditure_total",
        ),
    ]
    for k, (lt, lv, rt, rv, lm, rm) in enumerate(tail):
        line_left, line_right = n + 1 + k, 2 * n + 8 + k
        lp = _cell(g, a, lm, lt, "金额", lv) if lm else a(lv)
        rp = _cell(g, a, rm, rt, "金额", rv) if rm else a(rv)
        g.body.append([lt, str(line_left), lp, rt, str(line_right), rp])
    return g


def _by_function(acc: Account) -> list[int]:
    """All spending by class: general budget per class, the other sources on the first."""
    spent = list(acc.function_split)
    spent[0] += acc.project_other + acc.fund + acc.capital
    return spent


def income_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[
            [
                "科目编码",
                "科目名称",
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "其他收入",
            ]
        ],
        body=[],
        widths=[2, 5, 2.4, 2.4, 2, 2, 2, 2],
    )
    total = [
        "",
        "合计",
        _cell(g, a, "income_current_year", "合计", "本年收入合计", acc.income_current),
        a(acc.fiscal_income + acc.fund + acc.capital),
        a(0),
        a(0),
        a(0),
        a(acc.other_income),
    ]
    g.body.append(total)
    first_extra = acc.fiscal_income_extra + acc.fund + acc.capital
    for i, ((code, name, *_), spent) in enumerate(
        zip(acc.functions, acc.function_split, strict=False)
    ):
        other = acc.other_income if i == 0 else 0
        fiscal = spent + (first_extra if i == 0 else 0)
        g.body.append([code, name, a(fiscal + other), a(fiscal), a(0), a(0), a(0), a(other)])
    return g


def expenditure_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[
            [
                "科目编码",
                "科目名称",
                "本年支出合计",
                "基本支出",
                "项目支出",
                "上缴上级支出",
                "经营支出",
                "对附属单位补助支出",
            ]
        ],
        body=[],
        widths=[2, 5, 2.4, 2.2, 2.2, 2, 2, 2.4],
    )
    g.body.append(
        [
            "",
            "合计",
            _cell(
                g, a, "expenditure_current_year", "合计", "本年支出合计", acc.expenditure_current
            ),
            _cell(g, a, "basic_expenditure", "合计", "基本支出", acc.basic),
            _cell(g, a, "project_expenditure", "合计", "项目支出", acc.project),
            a(0),
            a(0),
            a(0),
        ]
    )
    spent = _by_function(acc)
    for (code, name, *_), total, basic in zip(
        acc.functions, spent, acc.function_basic, strict=False
    ):
        g.body.append([code, name, a(total), a(basic), a(total - basic), a(0), a(0), a(0)])
    return g


def fiscal_total_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[
            [
                "收入项目",
                "金额",
                "支出项目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ]
        ],
        body=[],
        widths=[5, 2, 5, 2, 2.6, 2.6, 2.6],
    )
    left = [
        ("一、一般公共预算财政拨款", acc.fiscal_income),
        ("二、政府性基金预算财政拨款", acc.fund),
        ("三、国有资本经营预算财政拨款", acc.capital),
    ]
    rows = max(len(left), len(acc.functions))
    for i in range(rows):
        lt, lv = left[i] if i < len(left) else ("", None)
        if i < len(acc.functions):
            gb = acc.function_split[i]
            fund = acc.fund if i == 0 else 0
            cap = acc.capital if i == 0 else 0
            right = [
                f"{_cn(i + 1)}、{acc.functions[i][1]}",
                a(gb + fund + cap),
                a(gb),
                a(fund),
                a(cap),
            ]
        else:
            right = ["", "", "", "", ""]
        g.body.append([lt, a(lv) if lv is not None else "", *right])
    fiscal_spent = acc.general_budget + acc.fund + acc.capital
    g.body.append(
        [
            "本年收入合计",
            a(acc.fiscal_income + acc.fund + acc.capital),
            "本年支出合计",
            _cell(g, a, "fiscal_expenditure_current_year", "本年支出合计", "合计", fiscal_spent),
            _cell(
                g,
                a,
                "general_budget_expenditure",
                "本年支出合计",
                "一般公共预算财政拨款",
                acc.general_budget,
            ),
            a(acc.fund),
            a(acc.capital),
        ]
    )
    g.body.append(
        [
            "年初财政拨款结转和结余",
            a(0),
            "年末财政拨款结转和结余",
            a(acc.fiscal_income_extra),
            a(acc.fiscal_income_extra),
            a(0),
            a(0),
        ]
    )
    return g


def general_budget_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
        body=[],
        widths=[2.4, 7, 2.6, 2.6, 2.6],
    )
    g.body.append(
        [
            "",
            "合计",
            _cell(g, a, "general_budget_expenditure", "合计", "合计", acc.general_budget),
            _cell(g, a, "general_budget_basic_expenditure", "合计", "基本支出", acc.basic),
            a(acc.project_gb),
        ]
    )
    for (code, name, kuan, xiang), total, basic in zip(
        acc.functions, acc.function_split, acc.function_basic, strict=False
    ):
        g.body.append([code, name, a(total), a(basic), a(total - basic)])
        g.body.append([f"{code}01", kuan, a(total), a(basic), a(total - basic)])
        g.body.append([f"{code}0101", xiang, a(total), a(basic), a(total - basic)])
    return g


def basic_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(header=[["科目编码", "科目名称", "决算数"]], body=[], widths=[2.4, 8, 3])
    g.body.append(["301", "工资福利支出", a(sum(acc.personnel_items))])
    for (code, name), v in zip(PERSONNEL_ITEMS, acc.personnel_items, strict=False):
        g.body.append([code, name, a(v)])
    g.body.append(["302", "商品和服务支出", a(sum(acc.public_items))])
    for (code, name), v in zip(PUBLIC_ITEMS, acc.public_items, strict=False):
        g.body.append([code, name, a(v)])
    g.body.append(
        [
            "",
            "人员经费合计",
            _cell(g, a, "personnel_expenses", "人员经费合计", "决算数", acc.personnel),
        ]
    )
    g.body.append(
        ["", "公用经费合计", _cell(g, a, "public_expenses", "公用经费合计", "决算数", acc.public)]
    )
    return g


def fund_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[
            [
                "科目编码",
                "科目名称",
                "年初结转和结余",
                "本年收入",
                "本年支出合计",
                "基本支出",
                "项目支出",
                "年末结转和结余",
            ]
        ],
        body=[],
        empty=acc.fund == 0,
        widths=[2, 5, 2.2, 2.2, 2.2, 2, 2, 2.2],
    )
    g.body.append(
        [
            "",
            "合计",
            a(0),
            a(acc.fund),
            _cell(g, a, "gov_fund_expenditure", "合计", "本年支出合计", acc.fund),
            a(0),
            a(acc.fund),
            a(0),
        ]
    )
    g.body.append(["212", "城乡社区支出", a(0), a(acc.fund), a(acc.fund), a(0), a(acc.fund), a(0)])
    g.body.append(
        [
            "21208",
            "国有土地使用权出让收入安排的支出",
            a(0),
            a(acc.fund),
            a(acc.fund),
            a(0),
            a(acc.fund),
            a(0),
        ]
    )
    return g


def capital_sheet(acc: Account, a: Amounts, with_income: bool = True) -> Grid:
    cols = (
        ["科目编码", "科目名称"]
        + (["年初结转和结余", "本年收入"] if with_income else [])
        + ["本年支出合计", "基本支出", "项目支出"]
    )
    g = Grid(
        header=[cols], body=[], empty=acc.capital == 0, widths=[2, 6] + [2.4] * (len(cols) - 2)
    )
    pre = [a(0), a(acc.capital)] if with_income else []
    g.body.append(["", "合计", *pre, a(acc.capital), a(0), a(acc.capital)])
    g.body.append(["223", "国有资本经营预算支出", *pre, a(acc.capital), a(0), a(acc.capital)])
    g.body.append(
        ["22301", "解决历史遗留问题及改革成本支出", *pre, a(acc.capital), a(0), a(acc.capital)]
    )
    return g


def three_public_sheet(acc: Account, a: Amounts, wide: bool) -> Grid:
    """The 三公 table: 预算数 and 决算数, side by side (wide) or as two columns."""
    parts = [
        ("合计", "three_public_total", sum(acc.budget_three), acc.three_public),
        ("因公出国（境）费", "overseas_travel", acc.budget_three[0], acc.overseas),
        (
            "公务用车购置及运行维护费",
            "vehicle_total",
            acc.budget_three[1] + acc.budget_three[2],
            acc.vehicle_total,
        ),
        ("公务用车购置费", "vehicle_purchase", acc.budget_three[1], acc.vehicle_purchase),
        ("公务用车运行维护费", "vehicle_operation", acc.budget_three[2], acc.vehicle_operation),
        ("公务接待费", "official_reception", acc.budget_three[3], acc.reception),
    ]
    if wide:
        labels = [p[0] for p in parts]
        g = Grid(
            header=[["预算数"] + [""] * 5 + ["决算数"] + [""] * 5, labels + labels],
            body=[],
            widths=[1.6] * 12,
        )
        g.body.append(
            [a(p[2]) for p in parts] + [_cell(g, a, p[1], "决算数", p[0], p[3]) for p in parts]
        )
        return g
    g = Grid(header=[["项目", "预算数", "决算数"]], body=[], widths=[7, 3, 3])
    for label, metric, budget, actual in parts:
        g.body.append([label, a(budget), _cell(g, a, metric, label, "决算数", actual)])
    return g


def project_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["项目名称", "支出决算数", "备注"]],
        body=[],
        empty=acc.project_gb == 0,
        widths=[8, 3, 3],
    )
    g.body.append(["合计", a(acc.project_gb), ""])
    for name, v in acc.projects:
        g.body.append([name, a(v), ""])
    return g


def project_income_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["项目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]],
        body=[],
        empty=acc.project_gb == 0,
        widths=[7, 2.6, 2.6, 2.6, 2.6],
    )
    g.body.append(["合计", a(0), a(acc.project_gb), a(acc.project_gb), a(0)])
    for name, v in acc.projects:
        g.body.append([name, a(0), a(v), a(v), a(0)])
    return g


def fiscal_detail_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[
            [
                "科目编码",
                "科目名称",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ]
        ],
        body=[],
        widths=[2, 6, 2.4, 2.8, 2.8, 2.8],
    )
    g.body.append(
        [
            "",
            "合计",
            a(acc.general_budget + acc.fund + acc.capital),
            a(acc.general_budget),
            a(acc.fund),
            a(acc.capital),
        ]
    )
    for i, ((code, name, *_), v) in enumerate(zip(acc.functions, acc.function_split, strict=False)):
        fund = acc.fund + acc.capital if i == 0 else 0
        g.body.append(
            [
                code,
                name,
                a(v + fund),
                a(v),
                a(acc.fund if i == 0 else 0),
                a(acc.capital if i == 0 else 0),
            ]
        )
    return g


def income_by_unit_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["单位名称", "本年收入合计", "财政拨款收入", "其他收入"]],
        body=[],
        widths=[7, 2.6, 2.6, 2.6],
    )
    g.body.append(
        [
            "合计",
            a(acc.income_current),
            a(acc.income_current - acc.other_income),
            a(acc.other_income),
        ]
    )
    g.body.append(
        [
            "本级",
            a(acc.income_current),
            a(acc.income_current - acc.other_income),
            a(acc.other_income),
        ]
    )
    return g


def fund_basic_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(header=[["科目编码", "科目名称", "决算数"]], body=[], empty=True, widths=[2.4, 8, 3])
    g.body.append(["301", "工资福利支出", ""])
    g.body.append(["302", "商品和服务支出", ""])
    g.body.append(["", "基本支出合计", ""])
    return g


def procurement_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["单位名称", "采购总额", "货物", "工程", "服务", "授予中小企业合同金额"]],
        body=[],
        empty=acc.procurement == 0,
        widths=[6, 2.4, 2.2, 2.2, 2.2, 3],
    )
    g.body.append(
        [
            "合计",
            _cell(g, a, "procurement_total", "合计", "采购总额", acc.procurement),
            a(acc.procurement_goods),
            a(acc.procurement_works),
            a(acc.procurement_services),
            a(acc.procurement // 2),
        ]
    )
    return g


def purchased_services_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(header=[["项目", "政府购买服务支出", "备注"]], body=[], widths=[8, 3, 3])
    g.body.append(["合计", a(acc.procurement_services), ""])
    g.body.append(["政府履职辅助性服务", a(acc.procurement_services), ""])
    return g


def operating_assets_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(header=[["项目", "单位", "金额（数量）"]], body=[], widths=[8, 2, 3])
    g.body.append(
        [
            "一、机关运行经费支出",
            "万元",
            _cell(g, a, "operating_expenses", "一、机关运行经费支出", "金额（数量）", acc.public),
        ]
    )
    g.body.append(["二、车辆数", "辆", str(acc.vehicles)])
    g.body.append(
        [
            "三、政府采购支出总额",
            "万元",
            _cell(
                g, a, "procurement_total", "三、政府采购支出总额", "金额（数量）", acc.procurement
            ),
        ]
    )
    return g


def three_public_operating_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(header=[["项目", "统计数"]], body=[], widths=[9, 3])
    g.body.append(
        [
            "一、“三公”经费支出",
            _cell(g, a, "three_public_total", "一、“三公”经费支出", "统计数", acc.three_public),
        ]
    )
    g.body.append(["1．因公出国（境）费", a(acc.overseas)])
    g.body.append(["2．公务用车购置及运行维护费", a(acc.vehicle_total)])
    g.body.append(["3．公务接待费", a(acc.reception)])
    g.body.append(
        [
            "二、机关运行经费",
            _cell(g, a, "operating_expenses", "二、机关运行经费", "统计数", acc.public),
        ]
    )
    return g


def assets_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["资产类别", "资产总额", "流动资产", "固定资产"]], body=[], widths=[6, 3, 3, 3]
    )
    g.body.append(
        [
            "合计",
            a(acc.basic // 3 + 1234),
            a(acc.basic // 5),
            a(acc.basic // 3 + 1234 - acc.basic // 5),
        ]
    )
    g.body.append(["车辆（辆）", str(acc.vehicles), "", ""])
    return g


def performance_overall_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["部门资金", "年初预算数", "全年预算数", "全年执行数", "执行率"]],
        body=[],
        widths=[5, 2.6, 2.6, 2.6, 2],
    )
    g.body.append(
        [
            "年度总资金",
            a(acc.expenditure_current),
            a(acc.expenditure_current),
            a(acc.expenditure_current),
            "100%",
        ]
    )
    return g


def performance_project_sheet(acc: Account, a: Amounts) -> Grid:
    g = Grid(
        header=[["项目名称", "全年预算数", "全年执行数", "执行率", "得分"]],
        body=[],
        empty=not acc.projects,
        widths=[6, 2.6, 2.6, 2, 2],
    )
    name, v = acc.projects[0] if acc.projects else ("", 0)
    g.body.append([name, a(v), a(v), "100%", "10"])
    return g


def build(key: str, acc: Account, unit: str, thousands: bool, wide_three: bool = False) -> Grid:
    """The grid of ``key``; empty (no amounts) when the account has nothing to show."""
    builders: dict[str, Builder] = {
        "table_01": total_sheet,
        "table_02": income_sheet,
        "table_03": expenditure_sheet,
        "table_04": fiscal_total_sheet,
        "table_05": general_budget_sheet,
        "table_06": basic_sheet,
        "table_07": fund_sheet,
        "table_08": capital_sheet,
        "table_09": lambda c, m: three_public_sheet(c, m, wide_three),
        "project_expenditure": project_sheet,
        "project_income_expenditure": project_income_sheet,
        "fiscal_expenditure_detail": fiscal_detail_sheet,
        "general_budget_detail": general_budget_sheet,
        "state_capital_expenditure": lambda c, m: capital_sheet(c, m, with_income=False),
        "income_by_unit": income_by_unit_sheet,
        "gov_fund_basic": fund_basic_sheet,
        "procurement": procurement_sheet,
        "purchased_services": purchased_services_sheet,
        "operating_assets_procurement": operating_assets_sheet,
        "three_public_operating": three_public_operating_sheet,
        "assets": assets_sheet,
        "performance_overall": performance_overall_sheet,
        "performance_project": performance_project_sheet,
    }
    probe = builders[key](acc, Amounts(unit, thousands, empty=False))
    grid = builders[key](acc, Amounts(unit, thousands, empty=probe.empty))
    grid.unit = unit
    if grid.empty:
        grid.cells = []
    return grid

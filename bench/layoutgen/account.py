"""One department's final account as numbers: every relation of domain.md holds exactly
(amounts in cents of 万元, so parts always add up to their totals)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.layoutgen.money import split, wan

# Functional classes (类) with one 款 and one 项 each: code, class, 款, 项.
FUNCTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("201", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"),
    ("205", "教育支出", "进修及培训", "干部教育"),
    ("207", "文化旅游体育与传媒支出", "文化和旅游", "一般行政管理事务"),
    ("208", "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"),
    ("210", "卫生健康支出", "行政事业单位医疗", "行政单位医疗"),
    ("212", "城乡社区支出", "城乡社区管理事务", "城管执法"),
    ("213", "农林水支出", "农业农村", "事业运行"),
    ("221", "住房保障支出", "住房改革支出", "住房公积金"),
)

PERSONNEL_ITEMS = (
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30110", "职工基本医疗保险缴费"),
    ("30113", "住房公积金"),
)
PUBLIC_ITEMS = (
    ("30201", "办公费"),
    ("30207", "邮电费"),
    ("30211", "差旅费"),
    ("30216", "培训费"),
    ("30228", "工会经费"),
    ("30231", "公务用车运行维护费"),
    ("30299", "其他商品和服务支出"),
)
PROJECT_NAMES = (
    "信息化建设运维经费",
    "专项业务工作经费",
    "办公场所租赁经费",
    "档案数字化项目",
    "业务培训经费",
    "安全生产专项经费",
    "宣传教育经费",
    "政府购买服务项目",
)


@dataclass
class Account:
    personnel: int
    public: int
    project_gb: int  # general-budget-funded project spending
    project_other: int  # project spending from other income
    fund: int  # 政府性基金 spending (all project); 0: its table is empty
    capital: int  # 国有资本经营 spending; 0: its table is empty
    fiscal_income_extra: int  # general budget income not spent this year
    other_income: int
    carry_begin: int
    overseas: int
    vehicle_purchase: int
    vehicle_operation: int
    reception: int
    procurement_goods: int
    procurement_works: int
    procurement_services: int
    staff: int
    vehicles: int
    functions: list[tuple[str, str, str, str]] = field(default_factory=list)
    function_split: list[int] = field(default_factory=list)  # general budget spending by class
    function_basic: list[int] = field(default_factory=list)
    personnel_items: list[int] = field(default_factory=list)
    public_items: list[int] = field(default_factory=list)
    projects: list[tuple[str, int]] = field(default_factory=list)
    budget_three: list[int] = field(default_factory=list)  # 预算数 of the 三公 parts

    # --- derived -----------------------------------------------------------------------
    @property
    def basic(self) -> int:
        return self.personnel + self.public

    @property
    def project(self) -> int:
        return self.project_gb + self.project_other + self.fund + self.capital

    @property
    def general_budget(self) -> int:
        return self.basic + self.project_gb

    @property
    def expenditure_current(self) -> int:
        return self.basic + self.project

    @property
    def fiscal_income(self) -> int:
        return self.general_budget + self.fiscal_income_extra

    @property
    def income_current(self) -> int:
        return self.fiscal_income + self.fund + self.capital + self.other_income

    @property
    def income_total(self) -> int:
        return self.income_current + self.carry_begin

    @property
    def carry_end(self) -> int:
        return self.income_total - self.expenditure_current

    @property
    def expenditure_total(self) -> int:
        return self.expenditure_current + self.carry_end

    @property
    def vehicle_total(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def three_public(self) -> int:
        return self.overseas + self.vehicle_total + self.reception

    @property
    def procurement(self) -> int:
        return self.procurement_goods + self.procurement_works + self.procurement_services

    def headline(self) -> dict[str, float]:
        """The ten headline figures of the issue, in 万元."""
        return {
            "income_total": wan(self.income_total),
            "expenditure_total": wan(self.expenditure_total),
            "basic_expenditure": wan(self.basic),
            "project_expenditure": wan(self.project),
            "general_budget_expenditure": wan(self.general_budget),
            "personnel_expenses": wan(self.personnel),
            "public_expenses": wan(self.public),
            "three_public_total": wan(self.three_public),
            "operating_expenses": wan(self.public),
            "procurement_total": wan(self.procurement),
        }


def make_account(rng: random.Random, with_fund: bool, with_capital: bool) -> Account:
    """A plausible small department: 100–5,000 万元 a year, personnel ~75–90 % of basic."""
    basic = rng.randint(100_00, 4000_00)
    personnel = int(basic * rng.uniform(0.72, 0.9))
    public = basic - personnel
    vehicle_operation = min(rng.choice([0, rng.randint(50, 3000)]), public // 3)
    reception = min(rng.choice([0, 0, rng.randint(10, 800)]), public // 5)
    overseas = rng.choice([0, 0, 0, 0, rng.randint(100, 1500)])
    vehicle_purchase = rng.choice([0] * 7 + [rng.randint(1000, 3000)])
    account = Account(
        personnel=personnel,
        public=public,
        project_gb=rng.randint(0, basic // 2),
        project_other=rng.choice([0, 0, rng.randint(100, 20000)]),
        fund=rng.randint(500, 50000) if with_fund else 0,
        capital=rng.randint(100, 5000) if with_capital else 0,
        fiscal_income_extra=rng.choice([0, 0, rng.randint(1, 2000)]),
        other_income=0,
        carry_begin=rng.choice([0, rng.randint(1, 5000)]),
        overseas=overseas,
        vehicle_purchase=vehicle_purchase,
        vehicle_operation=vehicle_operation,
        reception=reception,
        procurement_goods=rng.randint(0, 3000),
        procurement_works=rng.choice([0, 0, rng.randint(100, 20000)]),
        procurement_services=rng.randint(0, 8000),
        staff=rng.randint(8, 180),
        vehicles=rng.randint(0, 8),
    )
    # other income pays for the other-funded projects, give or take the carry-over
    account.other_income = account.project_other + rng.choice([0, rng.randint(0, 500)])
    count = rng.randint(3, 6)
    chosen = sorted(rng.sample(range(len(FUNCTIONS)), count))
    if 0 not in chosen:
        chosen = [0, *chosen[1:]]
    account.functions = [FUNCTIONS[i] for i in chosen]
    account.function_basic = split(rng, account.basic, count)
    project_split = split(rng, account.project_gb, count)
    account.function_split = [
        b + p for b, p in zip(account.function_basic, project_split, strict=False)
    ]
    account.personnel_items = split(rng, personnel, len(PERSONNEL_ITEMS))
    # the vehicle running costs are part of 公用经费: keep their line at least that big
    public_items = split(rng, public - vehicle_operation, len(PUBLIC_ITEMS))
    public_items[5] += vehicle_operation
    account.public_items = public_items
    names = rng.sample(PROJECT_NAMES, rng.randint(2, 5))
    account.projects = list(zip(names, split(rng, account.project_gb, len(names)), strict=False))
    account.budget_three = [
        part + rng.choice([0, rng.randint(0, 300)])
        for part in (overseas, vehicle_purchase, vehicle_operation, reception)
    ]
    return account

# ruff: noqa: E501 -- Chinese template sentences and figure tables read best unwrapped
"""A final account rendered from a figure model, so every stated number is known exactly.

``Model`` holds the primitives a finance office starts from (人员经费, 公用经费, project
spending, non-fiscal income, carry-overs, 三公 parts, 款项 lines); ``derive`` computes the
template's figures so every relation of domain.md holds; ``render`` writes the
部门决算公开说明 in the national template (seed 000's wording) and records each figure
it prints, which becomes the fixture's expected TOML.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from fiscalwatch.template import SECTIONS, TABLES_PART

from .blocks import Block, Document, Heading, Para

CN = "零一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return CN[n]
    return ("十" if n < 20 else CN[n // 10] + "十") + (CN[n % 10] if n % 10 else "")


@dataclass
class Item:
    cls: str  # 类
    kuan: str  # 款
    xiang: str  # 项
    value: float
    prev: float | None = None
    project: bool = False


@dataclass
class Model:
    department: str
    year: int
    personnel: float
    public: float
    project_gb: float  # 一般公共预算财政拨款项目支出
    items: list[Item]
    other_income: float = 0.0  # non-fiscal income, spent on projects
    gov_fund: float = 0.0  # 政府性基金预算财政拨款支出 (projects)
    carryover_begin: float = 0.0  # non-fiscal, spent on basic expenditure
    fiscal_carryover_end: float = 0.0  # 年末财政拨款结转和结余
    other_carryover_end: float = 0.0  # non-fiscal money left at year end
    overseas: float = 0.0
    vehicle_purchase: float = 0.0
    vehicle_operation: float = 0.0
    reception: float = 0.0
    procurement_goods: float = 0.0
    procurement_works: float = 0.0
    procurement_services: float = 0.0
    sme_share: float = 60.0  # % of procurement awarded to SMEs
    budget_initial: float = 0.0
    staff: int = 30
    vehicles: int = 2
    gov_fund_items: list[Item] = field(default_factory=list)

    def scaled(self, factor: float, year: int) -> Model:
        """The same department another year: money scaled, 行政运行 absorbing the rounding."""

        def s(v: float) -> float:
            return round(v * factor, 2)

        items = [dataclasses.replace(i, value=s(i.value), prev=None) for i in self.items]
        out = dataclasses.replace(
            self,
            year=year,
            personnel=s(self.personnel),
            public=s(self.public),
            project_gb=s(self.project_gb),
            other_income=s(self.other_income),
            gov_fund=s(self.gov_fund),
            carryover_begin=0.0,
            fiscal_carryover_end=0.0,
            other_carryover_end=0.0,
            overseas=s(self.overseas),
            vehicle_purchase=s(self.vehicle_purchase),
            vehicle_operation=s(self.vehicle_operation),
            reception=s(self.reception),
            procurement_goods=s(self.procurement_goods),
            procurement_works=s(self.procurement_works),
            procurement_services=s(self.procurement_services),
            budget_initial=s(self.budget_initial),
            items=items,
            gov_fund_items=[
                dataclasses.replace(i, value=s(i.value), prev=None) for i in self.gov_fund_items
            ],
        )
        out.items[0].value = round(out.general_budget - sum(i.value for i in out.items[1:]), 2)
        return out

    @property
    def general_budget(self) -> float:
        return round(self.personnel + self.public + self.project_gb, 2)


def derive(m: Model) -> dict[str, float]:
    """The template's figures from the primitives; every relation of domain.md holds."""
    r = lambda v: round(v + 0.0, 2)  # noqa: E731
    f: dict[str, float] = {}
    f["personnel_expenses"] = r(m.personnel)
    f["public_expenses"] = r(m.public)
    f["operating_expenses"] = r(m.public)
    f["general_budget_basic_expenditure"] = r(m.personnel + m.public)
    f["general_budget_expenditure"] = m.general_budget
    f["gov_fund_expenditure"] = r(m.gov_fund)
    spent_fiscal = r(m.general_budget + m.gov_fund)
    f["fiscal_appropriation_income"] = r(spent_fiscal + m.fiscal_carryover_end)
    f["fiscal_income_total"] = f["fiscal_appropriation_income"]
    f["fiscal_expenditure_total"] = f["fiscal_appropriation_income"]
    f["other_income"] = r(m.other_income)
    f["income_current_year"] = r(f["fiscal_appropriation_income"] + m.other_income)
    f["carryover_begin"] = r(m.carryover_begin)
    f["carryover_end"] = r(m.fiscal_carryover_end + m.other_carryover_end)
    f["income_total"] = r(f["income_current_year"] + m.carryover_begin)
    f["expenditure_total"] = f["income_total"]
    f["expenditure_current_year"] = r(f["income_total"] - f["carryover_end"])
    f["project_expenditure"] = r(m.project_gb + m.gov_fund + m.other_income)
    f["basic_expenditure"] = r(f["expenditure_current_year"] - f["project_expenditure"])
    f["vehicle_purchase"] = r(m.vehicle_purchase)
    f["vehicle_operation"] = r(m.vehicle_operation)
    f["vehicle_total"] = r(m.vehicle_purchase + m.vehicle_operation)
    f["overseas_travel"] = r(m.overseas)
    f["official_reception"] = r(m.reception)
    f["three_public_total"] = r(m.overseas + f["vehicle_total"] + m.reception)
    f["procurement_goods"] = r(m.procurement_goods)
    f["procurement_works"] = r(m.procurement_works)
    f["procurement_services"] = r(m.procurement_services)
    f["procurement_total"] = r(m.procurement_goods + m.procurement_works + m.procurement_services)
    f["procurement_sme"] = r(f["procurement_total"] * m.sme_share / 100)
    f["budget_initial"] = r(m.budget_initial)
    f["staff_total"] = m.staff
    f["vehicles_count"] = m.vehicles
    return f


def pct(part: float, whole: float) -> float:
    return round(part / whole * 100, 2) if whole else 0.0


@dataclass
class Options:
    heading_style: str = "standard"  # standard | halfwidth | arabic | runin
    thousands: bool = False  # 2,582.72
    wrap: tuple[str, ...] = ()  # keys printed as "701.60\n万元" (first) or "635.00万\n元"
    tables: str = "attached"  # attached (见附表) | in_file | none
    three_public: bool = True
    glossary: bool = True
    other_matters: bool = True
    stated: dict[str, float] = field(default_factory=dict)  # planted wrong values, by key
    reasons: dict[str, str] = field(default_factory=dict)  # reason override by key
    region: str = "青川市"
    # 绩效自评表 printed in the 预算绩效 section (the demo's 组织部, from seed 002)
    performance: tuple[Block, ...] = ()


INCREASE_REASON = "人员工资调整、社保缴费基数调增，人员经费支出增加"
DECREASE_REASON = "严格落实过紧日子要求，压减一般性支出"
OPERATING_UP = "办公、差旅等日常公用支出增加"
OPERATING_DOWN = "厉行节约，压减办公、差旅等日常公用支出"
THREE_PUBLIC_UP = "本年业务活动增加，车辆使用频次较上年增加，公务用车运行维护费增加"
THREE_PUBLIC_DOWN = "严格落实中央八项规定精神，厉行节约，压减公务用车运行维护费"


class Renderer:
    """Writes one final account; ``expected`` holds every figure it printed."""

    def __init__(self, model: Model, prior: Model | None, options: Options) -> None:
        self.m = model
        self.f = derive(model)
        self.p = derive(prior) if prior else None
        self.o = options
        self.blocks: list[Block] = []
        self.figures: dict[str, float] = {}
        self.derived: dict[str, float] = {}
        self.basis: dict[str, str] = {}
        self.sections: list[str] = []
        self.tables_in_file: list[str] = []
        self.empty_noted: list[str] = []
        self._wrap_count = 0
        self._counters = [0, 0, 0, 0, 0]

    # -- numbers ---------------------------------------------------------------------
    def num(self, value: float) -> str:
        return f"{value:,.2f}" if self.o.thousands else f"{value:.2f}"

    def money(self, key: str | None, value: float | None = None) -> str:
        """``value`` 万元 as printed; records it under ``key`` (a base or derived key)."""
        if value is None:
            assert key is not None
            value = self.f[key]
        value = self.o.stated.get(key, value) if key else value
        if key:
            target = (
                self.derived
                if key.endswith(("_change", "_budget", "_share", "_prev_implied"))
                else self.figures
            )
            target.setdefault(key, value)
        text = self.num(abs(value) if key and key.endswith("_change") else value)
        if key in self.o.wrap:
            self._wrap_count += 1
            return f"{text}\n万元" if self._wrap_count % 2 else f"{text}万\n元"
        return f"{text}万元"

    def share(self, key: str, basis: str) -> str:
        base = key[: -len("_share")]
        value = self.o.stated.get(key, pct(self.f[base], self.f[basis]))
        self.derived[key] = value
        self.basis[key] = basis
        return f"{value:.2f}%"

    def change(self, key: str, reason: str | None = None, subject: str = "与上年相比，") -> str:
        """ "与上年相比，增加X万元，增长Y%，主要原因是：…" and the implied prior value."""
        if self.p is None:
            return ""
        cur, prev = self.f[key], self.p[key]
        delta = round(cur - prev, 2)
        rate = pct(delta, prev) if prev else (100.0 if delta else 0.0)
        self.derived[f"{key}_change"] = delta
        self.derived[f"{key}_change_pct"] = rate
        self.derived[f"{key}_prev_implied"] = round(prev, 2)
        up = delta >= 0
        why = self.o.reasons.get(key) or (INCREASE_REASON if up else DECREASE_REASON)
        if reason:
            why = reason
        return (
            f"{subject}{'增加' if up else '减少'}{self.num(abs(delta))}万元，"
            f"{'增长' if up else '下降'}{abs(rate):.2f}%，主要原因是：{why}。"
        )

    # -- structure -------------------------------------------------------------------
    def heading(self, level: int, text: str, section: str | None = None) -> None:
        if section:
            self.sections.append(section)
        self._counters[level] += 1
        for deeper in range(level + 1, len(self._counters)):
            self._counters[deeper] = 0
        n = self._counters[level]
        style = self.o.heading_style
        if level == 1:
            label = f"第{cn(n)}部分 {text}"
        elif level == 2:
            label = f"{n}、{text}" if style == "arabic" else f"{cn(n)}、{text}"
        else:
            label = {
                "standard": f"（{cn(n)}）",
                "halfwidth": f"({cn(n)})",
                "arabic": f"（{n}）",
            }.get(style, f"（{cn(n)}）") + text
        if style == "runin" and level >= 2:
            self._runin = label + "。" if level == 2 else label + "："
            return
        self.blocks.append(Heading(label, level, page_break=level == 1))

    def para(self, text: str) -> None:
        prefix = getattr(self, "_runin", "")
        self._runin = ""
        self.blocks.append(Para(text, bold_prefix=prefix))

    # -- the document ----------------------------------------------------------------
    def title(self) -> str:
        return f"{self.m.department}{self.m.year}年度部门决算公开说明"

    def render(self) -> Document:
        m, y = self.m, self.m.year
        self.blocks.append(Heading(self.title(), 0))
        self.heading(1, "部门概况")
        self.heading(2, "主要职能", "duties")
        self.para(
            f"{m.department}贯彻落实党中央和上级关于本领域工作的方针政策和决策部署，"
            "负责本部门职责范围内的综合协调、政策研究、监督检查和服务保障工作，承办上级交办的其他事项。"
        )
        self.heading(2, "机构设置及人员情况", "organization")
        self.figures["staff_total"] = m.staff
        self.para(
            f"{m.department}{y}年度，实有人数{m.staff}人，其中：在职人员{m.staff}人；离休人员0人；退休人员0人。"
        )
        self.para(f"{m.department}无下属预算单位，下设综合科、业务科、财务科等内设科室。")
        self.heading(1, "部门决算情况说明")
        self._overview()
        self._income_expenditure()
        self._fiscal()
        self._general_budget()
        self._basic()
        self._funds()
        if self.o.three_public:
            self._three_public()
        self._other_matters()
        if self.o.glossary:
            self.heading(1, "专业名词解释", "glossary")
            for n, (term, text) in enumerate(GLOSSARY, 1):
                self.blocks.append(Para(text, bold_prefix=f"{cn(n)}、{term}：", indent=True))
        self._tables_part()
        return Document(title=self.title(), blocks=self.blocks)

    def _overview(self) -> None:
        y = self.m.year
        self.heading(2, "收入支出决算总体情况说明", "overview")
        self.figures["non_fiscal_balance_used"] = 0.0
        self.figures["balance_distribution"] = 0.0
        self.para(
            f"{y}年度收入总计{self.money('income_total')}，其中：本年收入合计{self.money('income_current_year')}，"
            f"使用非财政拨款结余（含专用结余）0.00万元，年初结转和结余{self.money('carryover_begin')}。"
        )
        text = (
            f"{y}年度支出总计{self.money('expenditure_total')}，其中：本年支出合计{self.money('expenditure_current_year')}，"
            f"结余分配0.00万元，年末结转和结余{self.money('carryover_end')}。"
        )
        self.para(text)
        if self.p:
            line = self.change("income_total", subject="收入支出总体与上年相比，")
            self.derived["expenditure_total_change"] = self.derived["income_total_change"]
            self.derived["expenditure_total_change_pct"] = self.derived["income_total_change_pct"]
            self.derived["expenditure_total_prev_implied"] = self.derived[
                "income_total_prev_implied"
            ]
            self.para(line)

    def _income_expenditure(self) -> None:
        self.heading(2, "收入决算情况说明", "income")
        zeros_in = (
            "superior_subsidy_income",
            "business_income",
            "operating_income",
            "affiliated_income",
        )
        labels_in = {
            "superior_subsidy_income": "上级补助收入",
            "business_income": "事业收入",
            "operating_income": "经营收入",
            "affiliated_income": "附属单位上缴收入",
        }
        for key in zeros_in:
            self.f[key] = 0.0
        parts = "；".join(
            f"{labels_in[k]}{self.money(k)}，占{self.share(k + '_share', 'income_current_year')}"
            for k in zeros_in
        )
        self.para(
            f"本年收入{self.money('income_current_year')}，其中：财政拨款收入{self.money('fiscal_appropriation_income')}，"
            f"占{self.share('fiscal_appropriation_income_share', 'income_current_year')}；{parts}；"
            f"其他收入{self.money('other_income')}，占{self.share('other_income_share', 'income_current_year')}。"
        )
        self.heading(2, "支出决算情况说明", "expenditure")
        zeros_out = {
            "superior_remittance_expenditure": "上缴上级支出",
            "operating_expenditure": "经营支出",
            "affiliated_subsidy_expenditure": "对附属单位补助支出",
        }
        for key in zeros_out:
            self.f[key] = 0.0
        rest = "；".join(
            f"{label}{self.money(k)}，占{self.share(k + '_share', 'expenditure_current_year')}"
            for k, label in zeros_out.items()
        )
        self.para(
            f"本年支出{self.money('expenditure_current_year')}，其中：基本支出{self.money('basic_expenditure')}，"
            f"占{self.share('basic_expenditure_share', 'expenditure_current_year')}；项目支出{self.money('project_expenditure')}，"
            f"占{self.share('project_expenditure_share', 'expenditure_current_year')}；{rest}。"
        )

    def _fiscal(self) -> None:
        f, y = self.f, self.m.year
        self.heading(2, "财政拨款收入支出决算总体情况说明", "fiscal_overview")
        self.para(
            f"{y}年度财政拨款收入总计{self.money('fiscal_income_total')}，其中：年初财政拨款结转和结余0.00万元，"
            f"本年财政拨款收入{self.num(f['fiscal_appropriation_income'])}万元。财政拨款支出总计{self.money('fiscal_expenditure_total')}，"
            f"其中：年末财政拨款结转和结余{self.num(self.m.fiscal_carryover_end)}万元，"
            f"本年财政拨款支出{self.num(round(f['general_budget_expenditure'] + f['gov_fund_expenditure'], 2))}万元。"
        )
        text = (
            self.change("fiscal_income_total", subject="财政拨款收入支出总体与上年相比，")
            if self.p
            else ""
        )
        if self.p:
            for suffix in ("_change", "_change_pct", "_prev_implied"):
                self.derived["fiscal_expenditure_total" + suffix] = self.derived[
                    "fiscal_income_total" + suffix
                ]
        budget = self.m.budget_initial
        if budget:
            self.figures["budget_initial"] = budget
            diff = pct(f["fiscal_expenditure_total"] - budget, budget)
            text += (
                f"与年初预算相比，年初预算数{self.num(budget)}万元，决算数{self.num(f['fiscal_expenditure_total'])}万元，"
                f"预决算差异率{diff:.2f}%，主要原因是：年中追加调整部分资金，导致预决算存在差异。"
            )
        if text:
            self.para(text)

    def _general_budget(self) -> None:
        f, y, m = self.f, self.m.year, self.m
        self.heading(2, "一般公共预算财政拨款支出决算情况说明", "general_budget")
        self.heading(3, "一般公共预算财政拨款支出决算总体情况")
        text = (
            f"{y}年度一般公共预算财政拨款支出{self.money('general_budget_expenditure')}，"
            f"占本年支出合计的{self.share('general_budget_expenditure_share', 'expenditure_current_year')}。"
        )
        text += self.change("general_budget_expenditure")
        if m.budget_initial:
            self.derived["general_budget_expenditure_budget"] = m.budget_initial
            diff = pct(f["general_budget_expenditure"] - m.budget_initial, m.budget_initial)
            text += (
                f"与年初预算相比，年初预算数{self.num(m.budget_initial)}万元，决算数{self.num(f['general_budget_expenditure'])}万元，"
                f"预决算差异率{diff:.2f}%，主要原因是：年中追加调整部分资金，导致预决算存在差异。"
            )
        self.para(text)
        self.heading(3, "一般公共预算财政拨款支出决算结构情况")
        classes: dict[str, float] = {}
        for item in m.items:
            classes[item.cls] = round(classes.get(item.cls, 0.0) + item.value, 2)
        for n, (cls, value) in enumerate(classes.items(), 1):
            self.para(
                f"{n}.{cls}(类){self.num(value)}万元，占{pct(value, f['general_budget_expenditure']):.2f}%。"
            )
        self.heading(3, "一般公共预算财政拨款支出决算具体情况")
        for n, item in enumerate(m.items, 1):
            text = f"{n}.{item.cls}(类){item.kuan}(款){item.xiang}(项):支出决算数为{self.num(item.value)}万元"
            if item.prev is not None:
                delta = round(item.value - item.prev, 2)
                rate = pct(delta, item.prev) if item.prev else 100.0
                word, grow = ("增加", "增长") if delta >= 0 else ("减少", "下降")
                text += f"，比上年决算{word}{self.num(abs(delta))}万元，{grow}{abs(rate):.2f}%，主要原因是：{INCREASE_REASON if delta >= 0 else DECREASE_REASON}"
            self.para(text + "。")

    def _basic(self) -> None:
        y = self.m.year
        self.heading(2, "一般公共预算财政拨款基本支出决算情况说明", "basic_expenditure")
        self.para(
            f"{y}年度一般公共预算财政拨款基本支出{self.money('general_budget_basic_expenditure')}，其中：人员经费"
            f"{self.money('personnel_expenses')}，包括：基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、"
            "职业年金缴费、职工基本医疗保险缴费、住房公积金。"
        )
        self.para(
            f"公用经费{self.money('public_expenses')}，包括：办公费、邮电费、差旅费、维修（护）费、培训费、工会经费、福利费、公务用车运行维护费、其他商品和服务支出。"
        )

    def _funds(self) -> None:
        y, m = self.m.year, self.m
        self.heading(2, "政府性基金预算财政拨款收入支出决算情况说明", "gov_fund")
        if m.gov_fund:
            self.para(f"{y}年度政府性基金预算财政拨款支出{self.money('gov_fund_expenditure')}。")
        else:
            self.empty_noted.append("table_07")
            self.para(
                "本部门本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。"
            )
        self.heading(2, "国有资本经营预算财政拨款收入支出决算情况说明", "state_capital")
        self.empty_noted.append("table_08")
        self.para(
            "本部门本年度无国有资本经营预算财政拨款收入、支出及结转和结余，国有资本经营预算财政拨款收入支出决算表为空表。"
        )

    def _three_public(self) -> None:
        f, y = self.f, self.m.year
        self.heading(2, "财政拨款“三公”经费支出决算情况说明", "three_public")
        up = self.p is None or f["three_public_total"] >= self.p["three_public_total"]
        reason = THREE_PUBLIC_UP if up else THREE_PUBLIC_DOWN
        text = f"{y}年度财政拨款“三公”经费支出{self.money('three_public_total')}，"
        text += self.change("three_public_total", reason, subject="比上年") if self.p else ""
        parts = (
            ("overseas_travel", "因公出国（境）费"),
            ("vehicle_total", "公务用车购置及运行维护费"),
            ("official_reception", "公务接待费"),
        )
        pieces = []
        for key, label in parts:
            piece = f"{label}支出{self.money(key)}，占{self.share(key + '_share', 'three_public_total')}"
            if self.p:
                piece += "，" + self.change(
                    key, reason if key == "vehicle_total" else "按实际需要安排", subject="比上年"
                ).rstrip("。")
            pieces.append(piece)
        self.para(
            text.rstrip("，")
            + ("" if text.endswith("。") else "。")
            + "其中："
            + "。".join(pieces)
            + "。"
        )
        self.para(
            f"公务用车购置及运行维护费{self.money('vehicle_total')}，其中：公务用车购置费{self.money('vehicle_purchase')}，"
            f"公务用车运行维护费{self.money('vehicle_operation')}。公务用车购置数0辆，公务用车保有量{self.m.vehicles}辆。"
        )
        self.figures["vehicles_count"] = self.m.vehicles

    def _other_matters(self) -> None:
        y, m = self.m.year, self.m
        self.heading(2, "其他重要事项的情况说明")
        self.heading(3, "机关运行经费及公用经费支出情况", "operating_expenses")
        text = f"{y}年度{m.department}（行政单位和参照公务员法管理事业单位）机关运行经费支出{self.money('operating_expenses')}"
        if self.p:
            up = self.f["operating_expenses"] >= self.p["operating_expenses"]
            reason = OPERATING_UP if up else OPERATING_DOWN
            text += "，" + self.change("operating_expenses", reason, subject="比上年")
        else:
            text += "。"
        self.para(text)
        self.heading(3, "政府采购情况", "procurement")
        sme_share = self.share("procurement_sme_share", "procurement_total")
        self.para(
            f"{y}年度政府采购支出总额{self.money('procurement_total')}，其中：政府采购货物支出{self.money('procurement_goods')}、"
            f"政府采购工程支出{self.money('procurement_works')}、政府采购服务支出{self.money('procurement_services')}。"
            f"授予中小企业合同金额{self.money('procurement_sme')}，占政府采购支出总额的{sme_share}。"
        )
        self.heading(3, "国有资产占用情况说明", "assets")
        self.para(
            f"截至{y}年12月31日，车辆{m.vehicles}辆，其中：其他用车{m.vehicles}辆，其他用车主要是：一般公务用车。单价100万元（含）以上设备（不含车辆）0台（套）。"
        )
        self.heading(2, "预算绩效的情况说明", "performance")
        self.para(
            f"根据预算绩效管理要求，本部门{y}年度开展了部门整体支出和项目支出绩效自评，自评结果良好，绩效目标基本实现。"
            + ("具体附部门整体支出绩效自评表和项目支出绩效自评表。" if self.o.performance else "")
        )
        self.blocks.extend(self.o.performance)
        if self.o.other_matters:
            self.heading(2, "其他需说明的事项", "other_matters")
            self.para("本部门无其他需说明的事项。")

    def _tables_part(self) -> None:
        from .tables import nine_tables

        if self.o.tables == "none":
            return
        self.heading(
            1, "部门决算报表" + ("（见附表）" if self.o.tables == "attached" else ""), "tables"
        )
        if self.o.tables == "attached":
            for n, name in enumerate(TABLE_NAMES, 1):
                self.blocks.append(Para(f"{cn(n)}、《{name}》", indent=True))
            return
        tables = nine_tables(self.m, self.f)
        for key, table in tables:
            self.blocks.append(table)
            self.tables_in_file.append(key)
            if table.note:
                self.empty_noted.append(key)
        self.empty_noted = sorted(set(self.empty_noted))

    def expected(self) -> dict[str, object]:
        sections = self.sections
        all_sections = [s for s in SECTION_KEYS]
        return {
            "doc_type": "final_account",
            "title": self.title(),
            "department": self.m.department,
            "department_variants": [],
            "fiscal_year": self.m.year,
            "text_layer": True,
            "sections": {
                "present": [s for s in all_sections if s in sections],
                "absent": [s for s in all_sections if s not in sections],
            },
            "tables": {
                "in_file": self.tables_in_file,
                "referenced": [f"table_{n:02d}" for n in range(1, 10)]
                if self.o.tables == "attached"
                else [],
                "empty_noted": sorted(set(self.empty_noted)),
            },
            "figures": dict(
                sorted(self.figures.items(), key=lambda kv: FIGURE_ORDER.get(kv[0], 99))
            ),
            "derived": self.derived,
            "basis": self.basis,
        }


# The template parts, in order, then the tables part: the product's vocabulary.
SECTION_KEYS = (*SECTIONS, TABLES_PART)

TABLE_NAMES = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
    "财政拨款“三公”经费支出决算表",
)

GLOSSARY = (
    ("财政拨款收入", "指同级财政当年拨付的资金。"),
    ("其他收入", "指除上述收入之外取得的收入。"),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    ("年末结转和结余", "指本年度或以前年度预算安排、需要延迟到以后年度按有关规定继续使用的资金。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
    ("机关运行经费", "行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。"),
)

FIGURE_ORDER = {
    key: n
    for n, key in enumerate(
        (
            "income_total",
            "expenditure_total",
            "income_current_year",
            "expenditure_current_year",
            "non_fiscal_balance_used",
            "carryover_begin",
            "balance_distribution",
            "carryover_end",
            "fiscal_appropriation_income",
            "superior_subsidy_income",
            "business_income",
            "operating_income",
            "affiliated_income",
            "other_income",
            "basic_expenditure",
            "project_expenditure",
            "superior_remittance_expenditure",
            "operating_expenditure",
            "affiliated_subsidy_expenditure",
            "fiscal_income_total",
            "fiscal_expenditure_total",
            "general_budget_expenditure",
            "general_budget_basic_expenditure",
            "personnel_expenses",
            "public_expenses",
            "gov_fund_expenditure",
            "three_public_total",
            "overseas_travel",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "official_reception",
            "operating_expenses",
            "procurement_total",
            "procurement_goods",
            "procurement_works",
            "procurement_services",
            "procurement_sme",
            "budget_initial",
            "vehicles_count",
            "staff_total",
        )
    )
}


def render(model: Model, prior: Model | None = None, options: Options | None = None) -> Renderer:
    renderer = Renderer(model, prior, options or Options())
    renderer.render()
    return renderer

"""The figure keys: one vocabulary shared by the parser (which writes them) and the
monitor (which checks them). Keys and labels follow domain.md; money is in 万元.

Derived keys, for any base key ``K``:
- ``K_change`` / ``K_change_pct``: the text's own signed change against the prior year
  ("比上年增加2.18万元，增长0.31%" gives +2.18 and +0.31; 减少/下降 give negatives);
- ``K_prev_implied``: the prior-year value that change implies (K - K_change);
- ``K_share``: a stated share in %, with ``basis`` naming the whole it is a share of
  ("占本年支出合计的99.35%" on general_budget_expenditure: basis expenditure_current_year);
- ``K_budget``: the budget figure the text sets against K (全年预算数 / 年初预算数).
"""

from __future__ import annotations

# key -> (unit, usual labels in the text, first the canonical one)
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "income_total": ("万元", ("收入总计",)),
    "expenditure_total": ("万元", ("支出总计",)),
    "income_current_year": ("万元", ("本年收入合计", "本年收入")),
    "expenditure_current_year": ("万元", ("本年支出合计", "本年支出")),
    "carryover_begin": ("万元", ("年初结转和结余",)),
    "carryover_end": ("万元", ("年末结转和结余",)),
    "non_fiscal_balance_used": ("万元", ("使用非财政拨款结余",)),
    "balance_distribution": ("万元", ("结余分配",)),
    # 本年收入 by origin
    "fiscal_appropriation_income": ("万元", ("财政拨款收入",)),
    "general_budget_income": ("万元", ("一般公共预算财政拨款收入",)),
    "gov_fund_income": ("万元", ("政府性基金预算财政拨款收入",)),
    "state_capital_income": ("万元", ("国有资本经营预算财政拨款收入",)),
    "superior_subsidy_income": ("万元", ("上级补助收入",)),
    "business_income": ("万元", ("事业收入",)),
    "operating_income": ("万元", ("经营收入",)),
    "affiliated_income": ("万元", ("附属单位上缴收入",)),
    "other_income": ("万元", ("其他收入",)),
    # 本年支出 by kind
    "basic_expenditure": ("万元", ("基本支出",)),
    "project_expenditure": ("万元", ("项目支出",)),
    "superior_remittance_expenditure": ("万元", ("上缴上级支出",)),
    "operating_expenditure": ("万元", ("经营支出",)),
    "affiliated_subsidy_expenditure": ("万元", ("对附属单位补助支出",)),
    # 财政拨款
    "fiscal_income_total": ("万元", ("财政拨款收入总计",)),
    "fiscal_expenditure_total": ("万元", ("财政拨款支出总计",)),
    "general_budget_expenditure": ("万元", ("一般公共预算财政拨款支出",)),
    "general_budget_basic_expenditure": ("万元", ("一般公共预算财政拨款基本支出",)),
    "general_budget_project_expenditure": ("万元", ("一般公共预算财政拨款项目支出",)),
    "personnel_expenses": ("万元", ("人员经费",)),
    "public_expenses": ("万元", ("公用经费",)),
    "gov_fund_expenditure": ("万元", ("政府性基金预算财政拨款支出",)),
    "state_capital_expenditure": ("万元", ("国有资本经营预算财政拨款支出",)),
    # 三公
    "three_public_total": ("万元", ("财政拨款“三公”经费支出", "“三公”经费支出")),
    "overseas_travel": ("万元", ("因公出国（境）费",)),
    "vehicle_total": ("万元", ("公务用车购置及运行维护费",)),
    "vehicle_purchase": ("万元", ("公务用车购置费",)),
    "vehicle_operation": ("万元", ("公务用车运行维护费",)),
    "official_reception": ("万元", ("公务接待费",)),
    # 其他重要事项
    "operating_expenses": ("万元", ("机关运行经费",)),
    "procurement_total": ("万元", ("政府采购支出总额",)),
    "procurement_goods": ("万元", ("政府采购货物支出",)),
    "procurement_works": ("万元", ("政府采购工程支出",)),
    "procurement_services": ("万元", ("政府采购服务支出",)),
    "procurement_sme": ("万元", ("授予中小企业合同金额",)),
    "budget_initial": ("万元", ("年初预算数",)),
    "vehicles_count": ("辆", ("公务用车保有量", "车辆")),
    "staff_total": ("人", ("实有人数",)),
}

# The figures the report charts and yoy_anomaly compares across years.
HEADLINE_FIGURES: tuple[str, ...] = (
    "income_total",
    "expenditure_total",
    "expenditure_current_year",
    "fiscal_appropriation_income",
    "general_budget_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "three_public_total",
    "official_reception",
    "overseas_travel",
    "vehicle_total",
    "operating_expenses",
    "procurement_total",
)

DERIVED_SUFFIXES: tuple[str, ...] = ("_change", "_change_pct", "_prev_implied", "_share", "_budget")


def base_key(key: str) -> str:
    """``three_public_total_prev_implied`` -> ``three_public_total``."""
    for suffix in DERIVED_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in FIGURES:
            return key[: -len(suffix)]
    return key


def label(key: str) -> str:
    base = base_key(key)
    return FIGURES[base][1][0] if base in FIGURES else key

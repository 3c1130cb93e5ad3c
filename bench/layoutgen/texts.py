"""The prose of each section, in 万元, stating the figures the tables print."""

from __future__ import annotations

import random

from bench.layoutgen.account import Account
from bench.layoutgen.money import fmt_wan


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.2f}%" if whole else "0.00%"


class Prose:
    def __init__(self, acc: Account, rng: random.Random, year: int, org: str, name: str) -> None:
        self.acc, self.rng, self.year, self.org, self.name = acc, rng, year, org, name
        self.thousands = rng.random() < 0.25

    def w(self, cents: int) -> str:
        return fmt_wan(cents, self.thousands) + "万元"

    def section(self, key: str | None, heading: str) -> list[str]:
        """Paragraphs under a heading (the empty-table notes are added by the caller)."""
        a, y, o = self.acc, self.year, self.org
        texts: dict[str, list[str]] = {
            "duties": [
                f"{self.name}贯彻落实党中央、国务院和省委、省政府的决策部署，负责本行业领域的规划、"
                "管理和监督工作，组织实施有关法律法规和政策措施，承办上级交办的其他事项。",
            ],
            "organization": [
                f"{self.name}内设{self.rng.randint(3, 12)}个科室。截至{y}年底，{o}实有人数"
                f"{a.staff}人，其中在职人员{max(a.staff - 3, 1)}人。",
            ],
            "overview": [
                f"{y}年度收入总计{self.w(a.income_total)}，其中：本年收入合计{self.w(a.income_current)}，"
                f"使用非财政拨款结余（含专用结余）0.00万元，年初结转和结余{self.w(a.carry_begin)}。",
                f"{y}年度支出总计{self.w(a.expenditure_total)}，其中：本年支出合计"
                f"{self.w(a.expenditure_current)}，结余分配0.00万元，年末结转和结余{self.w(a.carry_end)}。",
            ],
            "income": [
                f"本年收入合计{self.w(a.income_current)}，其中：财政拨款收入"
                f"{self.w(a.fiscal_income + a.fund + a.capital)}，占"
                f"{_pct(a.fiscal_income + a.fund + a.capital, a.income_current)}；其他收入"
                f"{self.w(a.other_income)}，占{_pct(a.other_income, a.income_current)}。",
            ],
            "expenditure": [
                f"本年支出合计{self.w(a.expenditure_current)}，其中：基本支出{self.w(a.basic)}，"
                f"占{_pct(a.basic, a.expenditure_current)}；项目支出{self.w(a.project)}，占"
                f"{_pct(a.project, a.expenditure_current)}。",
            ],
            "fiscal_overview": [
                f"{y}年度财政拨款收入总计{self.w(a.fiscal_income + a.fund + a.capital)}，"
                f"财政拨款支出总计{self.w(a.fiscal_income + a.fund + a.capital)}，"
                "其中年末财政拨款结转和结余"
                f"{self.w(a.fiscal_income_extra)}。",
            ],
            "general_budget": [
                f"{y}年度一般公共预算财政拨款支出{self.w(a.general_budget)}，占本年支出合计的"
                f"{_pct(a.general_budget, a.expenditure_current)}。",
            ],
            "basic_expenditure": [
                f"{y}年度一般公共预算财政拨款基本支出{self.w(a.basic)}，其中：人员经费"
                f"{self.w(a.personnel)}，主要包括基本工资、津贴补贴、奖金、社会保障缴费、住房公积金；"
                f"公用经费{self.w(a.public)}，主要包括办公费、邮电费、差旅费、培训费、"
                "公务用车运行维护费。",
            ],
            "gov_fund": [
                f"{y}年度政府性基金预算财政拨款支出{self.w(a.fund)}。"
                if a.fund
                else f"{y}年度{o}无政府性基金预算财政拨款收入、支出和结转结余。"
            ],
            "state_capital": [
                f"{y}年度国有资本经营预算财政拨款支出{self.w(a.capital)}。"
                if a.capital
                else f"{y}年度{o}无国有资本经营预算财政拨款收入、支出和结转结余。"
            ],
            "three_public": [
                f"{y}年度财政拨款“三公”经费支出{self.w(a.three_public)}，其中：因公出国（境）费"
                f"{self.w(a.overseas)}，公务用车购置及运行维护费{self.w(a.vehicle_total)}（其中：公务用车"
                f"购置费{self.w(a.vehicle_purchase)}，公务用车运行维护费{self.w(a.vehicle_operation)}），"
                f"公务接待费{self.w(a.reception)}。",
            ],
            "operating_expenses": [
                f"{y}年度{o}机关运行经费支出{self.w(a.public)}，主要用于办公费、水电费、物业管理费等。",
            ],
            "procurement": [
                f"{y}年度政府采购支出总额{self.w(a.procurement)}，其中：政府采购货物支出"
                f"{self.w(a.procurement_goods)}、政府采购工程支出{self.w(a.procurement_works)}、"
                f"政府采购服务支出{self.w(a.procurement_services)}。",
            ],
            "assets": [
                f"截至{y}年12月31日，{o}共有车辆{a.vehicles}辆，单价100万元（含）以上设备0台（套）。",
            ],
            "performance": [
                f"{o}组织对{y}年度项目支出全面开展绩效自评，自评结果总体良好，"
                "并将评价结果作为安排以后年度预算的重要依据。",
            ],
            "other_matters": [f"{o}无其他需说明的事项。"],
            "glossary": [
                "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
                "二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
                "三、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
                "四、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费"
                "和公务接待费。",
                "五、机关运行经费：为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物"
                "和服务的各项资金。",
            ],
        }
        if key in texts:
            return texts[key]
        if "重点工作" in heading:
            return [f"{y}年，{o}围绕中心工作，扎实推进各项重点任务，较好完成了年度目标。"]
        if "联系方式" in heading:
            return [
                f"联系电话：0{self.rng.randint(100, 999)}-{self.rng.randint(1000000, 9999999)}。"
            ]
        if "自评报告" in heading:
            return [f"{o}按要求开展了整体支出绩效自评，详见附件。"]
        return []

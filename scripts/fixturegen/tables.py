"""The nine 部门决算报表 of a model, as ruled tables whose every number adds up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .blocks import Table

if TYPE_CHECKING:
    from .account import Item, Model

EMPTY_NOTE = "本部门本年度无{what}收入、支出及结转和结余，故本表为空表。"


def _n(v: float) -> str:
    return f"{v:.2f}"


def _split(
    total: float, shares: list[tuple[str, float]], rest_label: str
) -> list[tuple[str, float]]:
    rows = [(label, round(total * share, 2)) for label, share in shares]
    rows.append((rest_label, round(total - sum(v for _, v in rows), 2)))
    return rows


def _class_totals(items: list[Item]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        out[item.cls] = round(out.get(item.cls, 0.0) + item.value, 2)
    return out


def _head(m: Model, name: str, n: int) -> dict[str, Any]:
    return {
        "title": f"{name}\n公开{n:02d}表",
        "unit_note": f"编制部门：{m.department}        单位：万元",
    }


def nine_tables(m: Model, f: dict[str, float]) -> list[tuple[str, Table]]:
    gb_income = round(f["fiscal_appropriation_income"] - f["gov_fund_expenditure"], 2)
    nonfiscal = round(f["other_income"] + f["carryover_begin"] - m.other_carryover_end, 2)
    spend = _class_totals(m.items + m.gov_fund_items)
    first = next(iter(spend))
    spend_all = dict(spend)
    spend_all[first] = round(spend_all[first] + nonfiscal, 2)
    tables: list[tuple[str, Table]] = []

    # 01 收入支出决算总表
    left = [
        ("一、一般公共预算财政拨款收入", gb_income),
        ("二、政府性基金预算财政拨款收入", f["gov_fund_expenditure"]),
        ("三、国有资本经营预算财政拨款收入", 0.0),
        ("四、上级补助收入", 0.0),
        ("五、事业收入", 0.0),
        ("六、经营收入", 0.0),
        ("七、附属单位上缴收入", 0.0),
        ("八、其他收入", f["other_income"]),
    ]
    right = [(f"{cls}", v) for cls, v in spend_all.items()]
    rows = [["项目", "决算数", "项目", "决算数"]]
    for i in range(max(len(left), len(right))):
        l_label, l_val = left[i] if i < len(left) else ("", None)
        r_label, r_val = right[i] if i < len(right) else ("", None)
        rows.append(
            [
                l_label,
                "" if l_val is None else _n(l_val),
                r_label,
                "" if r_val is None else _n(r_val),
            ]
        )
    rows += [
        [
            "本年收入合计",
            _n(f["income_current_year"]),
            "本年支出合计",
            _n(f["expenditure_current_year"]),
        ],
        ["使用非财政拨款结余", "0.00", "结余分配", "0.00"],
        ["年初结转和结余", _n(f["carryover_begin"]), "年末结转和结余", _n(f["carryover_end"])],
        ["总计", _n(f["income_total"]), "总计", _n(f["expenditure_total"])],
    ]
    tables.append(
        ("table_01", Table(rows=rows, page_break=True, **_head(m, "收入支出决算总表", 1)))
    )

    # 02 收入决算表
    rows = [
        [
            "项目",
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ]
    ]
    rows.append(
        [
            "合计",
            _n(f["income_current_year"]),
            _n(f["fiscal_appropriation_income"]),
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            _n(f["other_income"]),
        ]
    )
    for cls, value in spend.items():
        fiscal = round(value + (m.fiscal_carryover_end if cls == first else 0.0), 2)
        other = f["other_income"] if cls == first else 0.0
        rows.append(
            [
                cls,
                _n(round(fiscal + other, 2)),
                _n(fiscal),
                "0.00",
                "0.00",
                "0.00",
                "0.00",
                _n(other),
            ]
        )
    tables.append(("table_02", Table(rows=rows, page_break=True, **_head(m, "收入决算表", 2))))

    # 03 支出决算表
    rows = [
        [
            "项目",
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出",
        ]
    ]
    rows.append(
        [
            "合计",
            _n(f["expenditure_current_year"]),
            _n(f["basic_expenditure"]),
            _n(f["project_expenditure"]),
            "0.00",
            "0.00",
            "0.00",
        ]
    )
    lines = m.items + m.gov_fund_items
    project_target = next((i for i, it in enumerate(lines) if it.project), 0)
    basic_target = next((i for i, it in enumerate(lines) if not it.project), 0)
    for i, item in enumerate(lines):
        basic = 0.0 if item.project else item.value
        project = item.value if item.project else 0.0
        if i == basic_target:
            basic = round(basic + f["carryover_begin"] - m.other_carryover_end, 2)
        if i == project_target:
            project = round(project + f["other_income"], 2)
        rows.append(
            [
                f"{item.kuan}—{item.xiang}",
                _n(round(basic + project, 2)),
                _n(basic),
                _n(project),
                "0.00",
                "0.00",
                "0.00",
            ]
        )
    tables.append(("table_03", Table(rows=rows, page_break=True, **_head(m, "支出决算表", 3))))

    # 04 财政拨款收入支出决算总表
    gov_classes = _class_totals(m.gov_fund_items)
    gb_classes = _class_totals(m.items)
    rows = [
        [
            "收入项目",
            "决算数",
            "支出项目",
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ]
    ]
    left4 = [
        ("一、一般公共预算财政拨款", gb_income),
        ("二、政府性基金预算财政拨款", f["gov_fund_expenditure"]),
        ("三、国有资本经营预算财政拨款", 0.0),
    ]
    right4 = [(cls, gb_classes.get(cls, 0.0), gov_classes.get(cls, 0.0)) for cls in spend]
    for i in range(max(len(left4), len(right4))):
        l_label, l_val = left4[i] if i < len(left4) else ("", None)
        cls, gb, gov = right4[i] if i < len(right4) else ("", None, None)
        rows.append(
            [
                l_label,
                "" if l_val is None else _n(l_val),
                cls,
                "" if gb is None else _n(round(gb + (gov or 0.0), 2)),
                "" if gb is None else _n(gb),
                "" if gov is None else _n(gov),
                "" if gb is None else "0.00",
            ]
        )
    spent = round(f["general_budget_expenditure"] + f["gov_fund_expenditure"], 2)
    rows += [
        [
            "本年收入合计",
            _n(f["fiscal_appropriation_income"]),
            "本年支出合计",
            _n(spent),
            _n(f["general_budget_expenditure"]),
            _n(f["gov_fund_expenditure"]),
            "0.00",
        ],
        [
            "年初财政拨款结转和结余",
            "0.00",
            "年末财政拨款结转和结余",
            _n(m.fiscal_carryover_end),
            _n(m.fiscal_carryover_end),
            "0.00",
            "0.00",
        ],
        [
            "总计",
            _n(f["fiscal_income_total"]),
            "总计",
            _n(f["fiscal_expenditure_total"]),
            _n(gb_income),
            _n(f["gov_fund_expenditure"]),
            "0.00",
        ],
    ]
    tables.append(
        ("table_04", Table(rows=rows, page_break=True, **_head(m, "财政拨款收入支出决算总表", 4)))
    )

    # 05 一般公共预算财政拨款支出决算表: 类 / 款 / 项 rows; starts mid-page, runs onto the next
    rows = [["科目名称", "本年支出合计", "基本支出", "项目支出"]]
    rows.append(
        [
            "合计",
            _n(f["general_budget_expenditure"]),
            _n(f["general_budget_basic_expenditure"]),
            _n(round(f["general_budget_expenditure"] - f["general_budget_basic_expenditure"], 2)),
        ]
    )
    for cls in gb_classes:
        members = [it for it in m.items if it.cls == cls]
        rows.append([cls, *_bp(members)])
        for kuan in dict.fromkeys(it.kuan for it in members):
            sub = [it for it in members if it.kuan == kuan]
            rows.append([f"  {kuan}", *_bp(sub)])
            for it in sub:
                rows.append([f"    {it.xiang}", *_bp([it])])
    tables.append(
        (
            "table_05",
            Table(rows=rows, font_size=11, **_head(m, "一般公共预算财政拨款支出决算表", 5)),
        )
    )

    # 06 一般公共预算财政拨款基本支出决算表
    personnel = _split(
        f["personnel_expenses"],
        [
            ("30101 基本工资", 0.30),
            ("30102 津贴补贴", 0.25),
            ("30103 奖金", 0.08),
            ("30107 绩效工资", 0.12),
            ("30108 机关事业单位基本养老保险缴费", 0.10),
            ("30109 职业年金缴费", 0.04),
            ("30110 职工基本医疗保险缴费", 0.05),
        ],
        "30113 住房公积金",
    )
    base = round(f["public_expenses"] - f["vehicle_operation"], 2)
    public = _split(
        base,
        [
            ("30201 办公费", 0.25),
            ("30207 邮电费", 0.05),
            ("30211 差旅费", 0.10),
            ("30228 工会经费", 0.08),
            ("30229 福利费", 0.07),
        ],
        "30299 其他商品和服务支出",
    )
    public.insert(5, ("30231 公务用车运行维护费", f["vehicle_operation"]))
    rows = [["经济分类科目", "决算数"], ["人员经费合计", _n(f["personnel_expenses"])]]
    rows += [[label, _n(v)] for label, v in personnel]
    rows += [["公用经费合计", _n(f["public_expenses"])]]
    rows += [[label, _n(v)] for label, v in public]
    rows += [["合计", _n(f["general_budget_basic_expenditure"])]]
    tables.append(
        (
            "table_06",
            Table(rows=rows, page_break=True, **_head(m, "一般公共预算财政拨款基本支出决算表", 6)),
        )
    )

    # 07 政府性基金, 08 国有资本经营: empty with their notes when there is nothing
    header = [
        "项目",
        "年初结转和结余",
        "本年收入",
        "本年支出合计",
        "基本支出",
        "项目支出",
        "年末结转和结余",
    ]
    if f["gov_fund_expenditure"]:
        rows = [
            header,
            [
                "合计",
                "0.00",
                _n(f["gov_fund_expenditure"]),
                _n(f["gov_fund_expenditure"]),
                "0.00",
                _n(f["gov_fund_expenditure"]),
                "0.00",
            ],
        ]
        rows += [
            [it.xiang, "0.00", _n(it.value), _n(it.value), "0.00", _n(it.value), "0.00"]
            for it in m.gov_fund_items
        ]
        tables.append(
            (
                "table_07",
                Table(
                    rows=rows,
                    page_break=True,
                    **_head(m, "政府性基金预算财政拨款收入支出决算表", 7),
                ),
            )
        )
    else:
        tables.append(
            (
                "table_07",
                Table(
                    rows=[header, ["", "", "", "", "", "", ""]],
                    page_break=True,
                    note="注：" + EMPTY_NOTE.format(what="政府性基金预算财政拨款"),
                    **_head(m, "政府性基金预算财政拨款收入支出决算表", 7),
                ),
            )
        )
    tables.append(
        (
            "table_08",
            Table(
                rows=[header, ["", "", "", "", "", "", ""]],
                note="注：" + EMPTY_NOTE.format(what="国有资本经营预算财政拨款"),
                **_head(m, "国有资本经营预算财政拨款收入支出决算表", 8),
            ),
        )
    )

    # 09 财政拨款“三公”经费支出决算表: budget = actual
    cols = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    vals = [
        f["three_public_total"],
        f["overseas_travel"],
        f["vehicle_total"],
        f["vehicle_purchase"],
        f["vehicle_operation"],
        f["official_reception"],
    ]
    rows = [["预算数"] * 6 + ["决算数"] * 6, cols + cols, [_n(v) for v in vals] * 2]
    tables.append(
        (
            "table_09",
            Table(
                rows=rows,
                header_rows=2,
                page_break=True,
                font_size=7.5,
                **_head(m, "财政拨款“三公”经费支出决算表", 9),
            ),
        )
    )
    return tables


def _bp(items: list[Item]) -> list[str]:
    total = round(sum(i.value for i in items), 2)
    project = round(sum(i.value for i in items if i.project), 2)
    return [_n(total), _n(round(total - project, 2)), _n(project)]

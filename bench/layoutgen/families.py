"""The template families of ``../shared/templates.md`` as data: each family's parts in
order, the section headings inside them (in the family's own wording) and its tables
in order with the names seen for them. Keys are those of ``fiscalwatch/template.py``
(sections) and ``TABLE_KEYS.md`` (tables)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Section key -> heading variants (the first is the usual one).
NATIONAL_HEADINGS: dict[str, tuple[str, ...]] = {
    "duties": ("主要职能", "部门职责", "主要职责"),
    "organization": ("机构设置及人员情况", "机构设置", "部门机构设置及人员构成"),
    "overview": ("收入支出决算总体情况说明",),
    "income": ("收入决算情况说明",),
    "expenditure": ("支出决算情况说明",),
    "fiscal_overview": ("财政拨款收入支出决算总体情况说明",),
    "general_budget": ("一般公共预算财政拨款支出决算情况说明",),
    "basic_expenditure": ("一般公共预算财政拨款基本支出决算情况说明",),
    "gov_fund": ("政府性基金预算财政拨款收入支出决算情况说明", "政府性基金预算支出决算情况说明"),
    "state_capital": (
        "国有资本经营预算财政拨款收入支出决算情况说明",
        "国有资本经营预算支出决算情况说明",
    ),
    "three_public": (
        "财政拨款“三公”经费支出决算情况说明",
        "一般公共预算财政拨款“三公”经费支出决算情况说明",
    ),
    "other_matters": ("其他重要事项的情况说明", "其他需说明的事项"),
    "operating_expenses": ("机关运行经费支出情况", "机关运行经费及公用经费支出情况"),
    "procurement": ("政府采购支出情况", "政府采购情况"),
    "assets": ("国有资产占用情况", "国有资产占用情况说明"),
    "performance": ("预算绩效管理情况说明", "预算绩效的情况说明", "预算绩效情况说明"),
    "glossary": ("名词解释", "专业名词解释"),
}


@dataclass(frozen=True)
class Item:
    """A heading inside a part: a section key (None: a heading no key stands for) with
    its wording, and sub-items numbered (一)."""

    key: str | None
    heading: str | None = None  # None: the family's usual wording for the key
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Part:
    role: str  # overview | explanation | glossary | tables | other
    heading: str  # "{org}" is the level's word (部门/单位), "{year}" the fiscal year
    items: tuple[Item, ...] = ()
    key: str | None = None  # the section the part heading itself stands for


@dataclass(frozen=True)
class TableSpec:
    key: str
    names: tuple[str, ...]  # name variants, the first the family's usual one


@dataclass(frozen=True)
class Family:
    id: str
    parts: tuple[Part, ...]
    tables: tuple[TableSpec, ...]
    numbered_parts: bool = True  # 第一部分 …; 重庆's 说明 has none
    toc_lists_tables: bool = True
    tables_attached: bool = False  # 重庆: the tables are a separate file
    levels: tuple[str, ...] = ("department", "unit", "own_office")
    empty_note: str = "any"  # any | tianjin (one 关于空表的说明 item)
    headings: dict[str, tuple[str, ...]] = field(default_factory=lambda: NATIONAL_HEADINGS)
    text_items: tuple[str, ...] = ()  # listed items of the table part that are prose


def _t(key: str, *names: str) -> TableSpec:
    return TableSpec(key, names)


T01 = _t("table_01", "收入支出决算总表")
T02 = _t("table_02", "收入决算表", "收入决算总表")
T03 = _t("table_03", "支出决算表", "支出决算总表")
T04 = _t("table_04", "财政拨款收入支出决算总表")
T05 = _t("table_05", "一般公共预算财政拨款支出决算表")
T06 = _t("table_06", "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表")
T07 = _t("table_07", "政府性基金预算财政拨款收入支出决算表")
T08 = _t("table_08", "国有资本经营预算财政拨款收入支出决算表")
T08_OLD = _t("table_08", "国有资本经营预算财政拨款支出决算表")
T09 = _t(
    "table_09",
    "财政拨款“三公”经费支出决算表",
    "一般公共预算财政拨款“三公”经费支出决算表",
    "财政拨款三公经费支出决算表",
)
T09_OLD = _t(
    "table_09",
    "一般公共预算财政拨款“三公”经费支出决算表",
    "一般公共预算财政拨款安排的“三公”经费支出决算表",
)

EXPLANATION_C9 = (
    Item("overview"),
    Item("income"),
    Item("expenditure"),
    Item("fiscal_overview"),
    Item("general_budget"),
    Item("basic_expenditure"),
    Item("gov_fund"),
    Item("state_capital"),
    Item("three_public"),
    Item(
        "other_matters",
        "其他重要事项的情况说明",
        (Item("operating_expenses"), Item("procurement"), Item("assets")),
    ),
    Item("performance"),
)
EXPLANATION_O9 = (
    *EXPLANATION_C9[:6],
    EXPLANATION_C9[8],
    EXPLANATION_C9[6],
    Item("state_capital", "国有资本经营预算支出决算情况说明"),
    *EXPLANATION_C9[9:],
)
OVERVIEW = (Item("duties"), Item("organization"))


def _national(
    family_id: str, explanation: tuple[Item, ...], tables: tuple[TableSpec, ...]
) -> Family:
    return Family(
        id=family_id,
        parts=(
            Part("overview", "{org}概况", OVERVIEW),
            Part("explanation", "{year}年度{org}决算情况说明", explanation),
            Part("glossary", "名词解释", key="glossary"),
            Part("tables", "{year}年度{org}决算报表"),
        ),
        tables=tables,
    )


FAMILIES: dict[str, Family] = {
    "national_2024": _national(
        "national_2024", EXPLANATION_C9, (T01, T02, T03, T04, T05, T06, T07, T08, T09)
    ),
    "national_old": _national(
        "national_old", EXPLANATION_O9, (T01, T02, T03, T04, T05, T06, T09_OLD, T07, T08_OLD)
    ),
    "sichuan": Family(
        id="sichuan",
        parts=(
            Part(
                "overview",
                "{org}概况",
                (Item("duties", "基本职能及主要工作"), Item("organization", "机构设置")),
            ),
            Part("explanation", "{org}决算情况说明", EXPLANATION_C9),
            Part("glossary", "名词解释", key="glossary"),
            Part("other", "附件", (Item(None, "{year}年度{org}整体支出绩效自评报告"),)),
            Part("tables", "附表"),
        ),
        tables=(
            T01,
            T02,
            T03,
            T04,
            _t("fiscal_expenditure_detail", "财政拨款支出决算明细表"),
            T05,
            _t("general_budget_detail", "一般公共预算财政拨款支出决算明细表"),
            T06,
            _t("project_expenditure", "一般公共预算财政拨款项目支出决算表"),
            T09_OLD,
            T07,
            T08,
            _t("state_capital_expenditure", "国有资本经营预算财政拨款支出决算表"),
        ),
        levels=("unit", "department"),
    ),
    "beijing": Family(
        id="beijing",
        parts=(
            Part("tables", "{year}年度{org}决算报表"),
            Part(
                "overview",
                "{org}基本情况",
                (Item("duties", "部门职责"), Item("organization", "机构设置")),
            ),
            Part(
                "explanation",
                "{year}年度{org}决算情况说明",
                (
                    *EXPLANATION_C9[:9],
                    Item("operating_expenses", "机关运行经费支出情况说明"),
                    Item("procurement", "政府采购支出情况说明"),
                    Item("assets", "国有资产占用情况说明"),
                    Item("other_matters", "其他需要说明的情况"),
                ),
            ),
            Part("other", "{org}绩效评价情况", key="performance"),
            Part("glossary", "名词解释", key="glossary"),
        ),
        tables=(
            T01,
            T02,
            T03,
            T04,
            T05,
            T06,
            T07,
            _t("gov_fund_basic", "政府性基金预算财政拨款基本支出决算表"),
            T08_OLD,
            T09,
            _t("procurement", "政府采购情况表"),
            _t("purchased_services", "政府购买服务支出情况表"),
        ),
        levels=("department",),
    ),
    "tianjin": Family(
        id="tianjin",
        parts=(
            Part("overview", "{org}概况", OVERVIEW),
            Part("explanation", "{year}年度{org}决算情况说明", EXPLANATION_C9),
            Part("glossary", "名词解释", key="glossary"),
            Part("tables", "{year}年度{org}决算表"),
        ),
        tables=(
            T01,
            _t("table_02", "收入决算表(按功能分类列示)"),
            _t("income_by_unit", "收入决算表(按单位列示)"),
            T03,
            T04,
            T05,
            T06,
            T07,
            T08,
            T09,
            _t("project_expenditure", "项目支出决算表"),
        ),
        empty_note="tianjin",
        text_items=("关于空表的说明",),
    ),
    "neimenggu": Family(
        id="neimenggu",
        parts=(
            Part("overview", "{org}概况", OVERVIEW),
            Part("tables", "{year}年度{org}决算表"),
            Part("explanation", "{year}年度{org}决算情况说明", EXPLANATION_C9),
            Part("glossary", "名词解释", key="glossary"),
            Part("other", "决算公开联系方式及信息反馈渠道"),
        ),
        tables=(
            T01,
            T02,
            T03,
            _t("project_income_expenditure", "项目收入支出决算表"),
            T04,
            T05,
            T06,
            _t("project_expenditure", "一般公共预算财政拨款项目支出决算明细表"),
            T07,
            T08,
            T09,
            _t(
                "operating_assets_procurement",
                "机构运行经费支出、国有资产占用情况及政府采购支出信息表",
            ),
        ),
    ),
    "chongqing": Family(
        id="chongqing",
        parts=(
            Part(
                "overview",
                "{org}基本情况",
                (Item("duties", "职能职责"), Item("organization", "机构设置")),
            ),
            Part(
                "explanation",
                "{org}决算收支情况说明",
                (
                    Item("overview", "收入支出决算总体情况"),
                    Item("income", "收入决算情况"),
                    Item("expenditure", "支出决算情况"),
                    Item("fiscal_overview", "财政拨款收入支出决算总体情况"),
                    Item("general_budget", "一般公共预算财政拨款支出决算情况"),
                    Item("basic_expenditure", "一般公共预算财政拨款基本支出决算情况"),
                    Item("gov_fund", "政府性基金预算收支情况"),
                    Item("state_capital", "国有资本经营预算收支情况"),
                ),
            ),
            Part(
                "explanation",
                "“三公”经费情况说明",
                key="three_public",
            ),
            Part(
                "other",
                "其他需要说明的事项",
                (
                    Item("operating_expenses", "机关运行经费情况"),
                    Item("procurement", "政府采购情况"),
                    Item("assets", "国有资产占用情况"),
                ),
                key="other_matters",
            ),
            Part("explanation", "预算绩效情况说明", key="performance"),
            Part("glossary", "专业名词解释", key="glossary"),
        ),
        tables=(T01, T02, T03, T04, T05, T06, T07, T08, T09),
        numbered_parts=False,
        toc_lists_tables=False,
        tables_attached=True,
    ),
    "hainan_xizang": Family(
        id="hainan_xizang",
        parts=(
            Part("overview", "基本情况", OVERVIEW),
            Part("tables", "{year}年度{org}决算公开表"),
            Part(
                "explanation",
                "{year}年度{org}决算情况说明",
                (
                    *EXPLANATION_C9[:9],
                    Item("performance", "预算绩效情况说明"),
                    Item(
                        "other_matters",
                        "其他重要事项情况说明",
                        (Item("operating_expenses"), Item("procurement"), Item("assets")),
                    ),
                ),
            ),
            Part("glossary", "名词解释", key="glossary"),
        ),
        tables=(T01, T02, T03, T04, T05, T06, T07, T08, T09),
        toc_lists_tables=False,
    ),
    "shanghai": Family(
        id="shanghai",
        parts=(
            Part(
                "overview",
                "{org}概况",
                (Item("duties", "主要职能"), Item("organization", "部门决算单位构成")),
            ),
            Part("tables", "{year}年度{org}决算表"),
            Part(
                "explanation",
                "{year}年度{org}决算情况说明",
                (
                    *EXPLANATION_O9[:9],
                    Item("performance", "预算绩效管理情况"),
                    Item(
                        "other_matters",
                        "其他重要事项说明",
                        (
                            Item("operating_expenses", "机关运行经费使用情况"),
                            Item("procurement"),
                            Item("assets"),
                        ),
                    ),
                ),
            ),
            Part("glossary", "名词解释", key="glossary"),
        ),
        tables=(
            T01,
            T02,
            T03,
            T04,
            T05,
            T06,
            _t("table_09", "财政拨款“三公”经费支出决算表"),
            T07,
            T08,
        ),
        levels=("department", "unit"),
    ),
}

YUNNAN_TABLES: dict[int, tuple[TableSpec, ...]] = {
    9: (
        _t("table_01", "收入支出决算表"),
        T02,
        T03,
        _t("table_04", "财政拨款收入支出决算表"),
        _t("table_05", "一般公共预算财政拨款收入支出决算表"),
        T06,
        T07,
        T08,
        _t("table_09", "一般公共预算财政拨款“三公”经费情况表"),
    )
}
YUNNAN_TABLES[11] = (
    *YUNNAN_TABLES[9][:6],
    _t("project_expenditure", "一般公共预算财政拨款项目支出决算表"),
    T07,
    T08,
    _t("three_public_operating", "财政拨款“三公”经费、行政参公单位机关运行经费情况表"),
    YUNNAN_TABLES[9][8],
)
YUNNAN_TABLES[15] = (
    *YUNNAN_TABLES[11],
    _t("assets", "国有资产使用情况表"),
    _t("performance_overall", "部门整体支出绩效自评表"),
    _t("performance_project", "项目支出绩效自评表"),
)


def yunnan(items: int) -> Family:
    """云南 in its 9-, 11- or 15-item form (15 lists 部门整体支出绩效自评情况 as prose)."""
    explanation = (*EXPLANATION_O9[:9],)
    return Family(
        id="yunnan",
        parts=(
            Part(
                "overview",
                "{org}概况",
                (
                    Item("duties", "部门主要职责"),
                    Item("organization", "机构设置"),
                    Item(None, "重点工作概述"),
                ),
            ),
            Part("tables", "{year}年度{org}决算表"),
            Part("explanation", "{year}年度{org}决算情况说明", explanation),
            Part(
                "explanation",
                "其他重要事项及相关口径情况说明",
                (
                    Item("operating_expenses", "机关运行经费支出情况说明"),
                    Item("procurement", "政府采购支出情况说明"),
                    Item("assets", "国有资产占用情况说明"),
                    Item("performance", "预算绩效管理情况说明"),
                ),
                key="other_matters",
            ),
            Part("glossary", "名词解释", key="glossary"),
        ),
        tables=YUNNAN_TABLES[items],
        text_items=("部门整体支出绩效自评情况",) if items == 15 else (),
    )


FAMILY_IDS = (
    "national_2024",
    "national_old",
    "sichuan",
    "yunnan",
    "beijing",
    "tianjin",
    "neimenggu",
    "chongqing",
    "hainan_xizang",
    "shanghai",
)  # the order also numbers the documents' regions (compose.unique_region)

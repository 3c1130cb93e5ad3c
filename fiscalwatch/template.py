"""THE template vocabulary of a final account (domain.md, "The template"): the section
keys with their canonical Chinese titles and the nine tables with theirs.

The parser writes these keys (``sections.key``, ``doc_tables.key``) and keeps its own
patterns for the many ways a heading or a table title is written; the monitor names
what is missing with these titles and the report labels with them. Add a key here
first, then a pattern in ``fiscalwatch.parsing``.
"""

from __future__ import annotations

import re

# The written parts, in template order: key -> canonical title.
SECTIONS: dict[str, str] = {
    "duties": "主要职能",
    "organization": "机构设置及人员情况",
    "overview": "收入支出决算总体情况说明",
    "income": "收入决算情况说明",
    "expenditure": "支出决算情况说明",
    "fiscal_overview": "财政拨款收入支出决算总体情况说明",
    "general_budget": "一般公共预算财政拨款支出决算情况说明",
    "basic_expenditure": "一般公共预算财政拨款基本支出决算情况说明",
    "gov_fund": "政府性基金预算财政拨款收入支出决算情况说明",
    "state_capital": "国有资本经营预算财政拨款收入支出决算情况说明",
    "three_public": "财政拨款“三公”经费支出决算情况说明",
    "operating_expenses": "机关运行经费支出情况",
    "procurement": "政府采购支出情况",
    "assets": "国有资产占用情况",
    "performance": "预算绩效管理情况说明",
    "other_matters": "其他需说明的事项",
    "glossary": "专业名词解释",
}

# The part that holds the nine tables (a heading in the file, or attachments beside it).
TABLES_PART = "tables"
TABLES_PART_TITLE = "部门决算报表"

# The nine tables: key -> canonical title.
TABLES: dict[str, str] = {
    "table_01": "收入支出决算总表",
    "table_02": "收入决算表",
    "table_03": "支出决算表",
    "table_04": "财政拨款收入支出决算总表",
    "table_05": "一般公共预算财政拨款支出决算表",
    "table_06": "一般公共预算财政拨款基本支出决算表",
    "table_07": "政府性基金预算财政拨款收入支出决算表",
    "table_08": "国有资本经营预算财政拨款收入支出决算表",
    "table_09": "财政拨款“三公”经费支出决算表",
}

# Every key of the template with its title: written parts, the tables part, the tables.
TITLES: dict[str, str] = {**SECTIONS, TABLES_PART: TABLES_PART_TITLE, **TABLES}

# Provincial layouts that require fewer parts than the national template. Shanghai's
# official template puts the nine tables in 第二部分, the explanations in 第三部分, and
# ends them with 十一、其他重要事项说明: it has no 其他需说明的事项 part.
NOT_REQUIRED_BY_LAYOUT: dict[str, frozenset[str]] = {"shanghai": frozenset({"other_matters"})}

_SHANGHAI_TABLES_PART = re.compile(r"第二部分[^第]{0,60}?决算表")


def layout(text: str) -> str:
    """``shanghai`` or ``national``, from a document's text (its table of contents or
    headings suffice: pass the first pages)."""
    compact = re.sub(r"\s+", "", text)
    if (
        _SHANGHAI_TABLES_PART.search(compact)
        and "其他重要事项说明" in compact
        and "其他需说明的事项" not in compact
    ):
        return "shanghai"
    return "national"

"""What a budget (部门预算) says in its own words, read after the common parse.

The common reader takes a budget's tables by meaning (``fiscalwatch.budget_template``)
and its text with the final account's labels. A budget writes some figures its own way
("收入预算9628.22万元", "一般公共预算拨款支出预算…", "“三公”经费预算数为10.81万元"), and in
a budget the 预算 amount IS the figure: "机关运行经费预算为217.83万元" is the budget's
``operating_expenses``, not a ``_budget`` beside an actual one. Both are settled here,
so a budget's figures carry the final account's keys and compare like with like.
"""

from __future__ import annotations

import re

from fiscalwatch.budget_template import BUDGET_TABLE_VARIANTS
from fiscalwatch.classify import level_of
from fiscalwatch.figures import FIGURES
from fiscalwatch.models import Figure, ParsedDocument
from fiscalwatch.parsing.layout import TextIndex
from fiscalwatch.parsing.normalize import NUMBER, to_wanyuan
from fiscalwatch.template import ALL_TABLES

_AMOUNT = rf"(?:为|是|总额为?|合计)?\s*(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元)"
# label -> key; each label is followed directly by its amount.
_BUDGET_TEXT: tuple[tuple[str, str], ...] = (
    ("general_budget_expenditure", r"一般公共预算(?:财政)?拨款支出预算"),
    ("gov_fund_expenditure", r"政府性基金(?:预算)?(?:财政)?拨款支出预算"),
    ("state_capital_expenditure", r"国有资本经营预算(?:财政)?拨款支出预算"),
    ("fiscal_expenditure_total", r"(?<![算金])财政拨款支出预算"),
    ("income_total", r"(?<![款])收入预算(?:总计)?"),
    ("expenditure_total", r"(?<![款本目])支出预算(?:总计)?"),
    ("three_public_total", r"[“\"]?三公[”\"]?经费(?:财政拨款)?预算(?:数)?"),
    ("vehicle_operation", r"公务用车运行费"),
)
_PATTERNS = tuple((key, re.compile(f"(?:{label}){_AMOUNT}")) for key, label in _BUDGET_TEXT)
# In a budget "X预算" is X: the keys the common reader files as "<key>_budget".
_BUDGET_SUFFIX = "_budget"
LEVEL_TEXT_CHARS = 600  # the cover and 目录 say the level


def enrich_budget(parsed: ParsedDocument) -> None:
    """Records the document's level (every type; None when it does not say) and, in a
    budget, its own figures."""
    opening = "".join(page.text for page in parsed.pages[:2])[:LEVEL_TEXT_CHARS]
    parsed.level = level_of(parsed.title, opening)
    if parsed.doc_type != "budget":
        return
    for table in parsed.tables:
        # A table read from a workbook or page is named by its key's canonical title, a
        # final account's: a budget's own tables go by the budget name.
        if table.title == ALL_TABLES.get(table.key) and table.key in BUDGET_TABLE_VARIANTS:
            table.title = BUDGET_TABLE_VARIANTS[table.key][0]
    for figure in parsed.figures:
        base = figure.key[: -len(_BUDGET_SUFFIX)]
        if figure.key.endswith(_BUDGET_SUFFIX) and base in FIGURES:
            figure.key = base
    parsed.figures.extend(budget_text_figures(TextIndex(parsed.pages)))


def budget_text_figures(index: TextIndex) -> list[Figure]:
    """The budget's own wordings of its headline figures, in 万元."""
    flow = index.flow
    out: list[Figure] = []
    for key, pattern in _PATTERNS:
        for match in pattern.finditer(flow):
            out.append(
                Figure(
                    key=key,
                    value=to_wanyuan(match.group("num"), match.group("unit")),
                    unit="万元",
                    page=index.page_at(match.start()),
                    text=index.snippet(match.start(), match.end()),
                    origin="text",
                    source_unit=match.group("unit"),
                )
            )
    return out

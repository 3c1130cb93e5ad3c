"""Last resort for PDFs whose grids the parser did not hand over: the flowed page text.

PDF text extraction flows a ruled table cell by cell, wrapping inside cells ("年度资金\\n
总额\\n29.61 34.51 18.44 10 53.43% 5.34 分"). Once wraps are joined, the funds row, the
name and the 总分 row are regular enough to read; indicator rows are not (cells of
unknown width run into each other), so evaluations read here carry no indicators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fiscalwatch.models import Page
from fiscalwatch.performance.models import Evaluation
from fiscalwatch.performance.prose import JoinedText

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_TITLE = re.compile(r"(部门整体支出|项目支出)绩效自评表\s*[(（]\s*(\d{4})\s*年度?\s*[)）]")
_NAME = re.compile(r"(?:项目名称|部门名称)\s*(.+?)\s*(?=主管部门|部门资金|项目资金|\n|$)")
_PARTIES = re.compile(r"主管部门\s*(.+?)\s*实施单位\s*(.+?)\s*(?=项目资金|\n|$)")
_FUNDS = re.compile(
    rf"(?:年度资金总额|年度总资金)\s*{_NUM}\s+{_NUM}\s+{_NUM}\s+{_NUM}\s+{_NUM}\s*%\s*{_NUM}\s*分?"
)
_TOTAL = re.compile(rf"总分\s*{_NUM}\s+{_NUM}\s*分")
_BLOCK_CHARS = 8000


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def read_flowed(pages: Sequence[Page], fiscal_year: int | None) -> list[Evaluation]:
    doc = JoinedText(pages)
    text = doc.text
    titles = list(_TITLE.finditer(text))
    found: list[Evaluation] = []
    for index, title in enumerate(titles):
        end = titles[index + 1].start() if index + 1 < len(titles) else len(text)
        block = text[title.end() : min(end, title.end() + _BLOCK_CHARS)]
        name, funds = _NAME.search(block), _FUNDS.search(block)
        if not name or not funds:
            continue
        kind = "部门整体" if title.group(1) == "部门整体支出" else "项目"
        evaluation = Evaluation(
            kind=kind,
            name=name.group(1),
            fiscal_year=int(title.group(2)) or fiscal_year,
            budget_initial=_number(funds.group(1)),
            budget_full_year=_number(funds.group(2)),
            executed=_number(funds.group(3)),
            weight=_number(funds.group(4)),
            execution_rate_stated=_number(funds.group(5)),
            score=_number(funds.group(6)),
            page=doc.page_at(title.end() + funds.start()),
            origin="flow",
            snippet=funds.group(0),
        )
        parties = _PARTIES.search(block)
        if kind == "部门整体":
            evaluation.department = evaluation.name
        elif parties:
            evaluation.department, evaluation.implementing_unit = parties.groups()
        total = _TOTAL.search(block)
        if total and kind == "项目":
            evaluation.total_weight, evaluation.total_score = map(_number, total.groups())
        found.append(evaluation)
    return found

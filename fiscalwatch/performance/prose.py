"""The standalone 部门整体支出绩效自评报告, written as prose instead of a table.

Seed 001 is the model: "全年预算数为 195.55 万元，全年实际支出资金 193.11万元，预算执行率为
98.75%", "执行率为 98.75%，得 9.88 分", "自评综合得分 99.73 分", and one paragraph per
indicator ("（二）指标二：预算经费：该指标预期指标值小于等于 213.57 万元 … 本次评价预算经费为
195.55 万元 … 偏差原因：… 该指标权重分值为 12 分，自评得分 11.85分。"). A final account
that only quotes the department's score ("部门整体…绩效自评得分为97分", seed 004) gives
an evaluation with that score and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fiscalwatch.models import Page
from fiscalwatch.performance.models import Evaluation, Indicator
from fiscalwatch.performance.text import clean

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_FIGURES = re.compile(
    rf"全年预算(?:数|金额|总额)(?:为)?\s*{_NUM}\s*万元[，,]\s*(?:全年)?"
    rf"(?:实际支出资金|实际支出|执行金额|实际执行(?:数|金额)?|执行数)(?:为)?\s*{_NUM}\s*万元[，,]\s*"
    rf"(?:预算)?执行率(?:为)?\s*{_NUM}\s*%(?:[，,]\s*得(?:分)?\s*{_NUM}\s*分)?"
)
_INITIAL = re.compile(rf"年初(?:批复)?预算(?:数)?(?:为)?\s*{_NUM}\s*万元")
_TOTAL = re.compile(rf"(?:自评综合得分|综合得分|绩效自评得分为?|整体绩效得分为?)\s*{_NUM}\s*分")
_YEAR = re.compile(r"(\d{4})\s*年")
_REPORT_YEAR = re.compile(r"(\d{4})\s*年度?\s*部门整体支出绩效自评")
_MENTION = re.compile(r"部门整体|整体支出绩效")

_INDICATOR_HEAD = re.compile(
    r"[（(][一二三四五六七八九十\d]+[)）]\s*指标[一二三四五六七八九十\d]+\s*[：:]"
)
_NAME = re.compile(r"\s*([^：:，,。]{1,40}?)\s*[：:]")
_OPS = (
    ("大于等于", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("小于等于", "<="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("大于", ">"),
    ("小于", "<"),
    ("等于", "="),
)
_OP = "|".join(word for word, _ in _OPS) + "|≥|≤|>=|<=|="
_TARGET = re.compile(
    rf"预期指标值(?:为)?\s*({_OP})?\s*{_NUM}\s*(%|万元|[^\s\d，,。；;]{{0,4}}?)[，,。；;]"
)
_ACTUAL = re.compile(rf"本次评价.{{0,40}}?为\s*{_NUM}\s*(%|万元)?")
_REASON = re.compile(r"偏差原因[：:]\s*(.+?)\s*(?=该指标权重|该指标分值|$)")
_WEIGHT = re.compile(rf"(?:权重分值|分值权重|权重)(?:为)?\s*{_NUM}\s*分")
_SCORE = re.compile(rf"自评得分(?:为)?\s*{_NUM}\s*分")


def _number(text: str | None) -> float | None:
    return float(text.replace(",", "")) if text else None


class JoinedText:
    """The pages cleaned and joined, remembering where each page starts."""

    def __init__(self, pages: Sequence[Page]) -> None:
        parts: list[str] = []
        self.starts: list[tuple[int, int]] = []
        offset = 0
        for page in pages:
            text = clean(page.text)
            self.starts.append((offset, page.number))
            parts.append(text)
            offset += len(text) + 1
        self.text = "\n".join(parts)

    def page_at(self, offset: int) -> int | None:
        found = None
        for start, number in self.starts:
            if start > offset:
                break
            found = number
        return found

    def year_before(self, offset: int, reach: int = 60) -> int | None:
        years = _YEAR.findall(self.text[max(0, offset - reach) : offset])
        return int(years[-1]) if years else None


def read_report(
    pages: Sequence[Page], fiscal_year: int | None, department: str | None
) -> Evaluation | None:
    doc = JoinedText(pages)
    text = doc.text
    if not _MENTION.search(text):
        return None
    figures = list(_FIGURES.finditer(text))
    totals = list(_TOTAL.finditer(text))
    if not figures and not totals:
        return None
    scored = next((m for m in figures if m.group(4)), None)
    anchor = scored or (figures[0] if figures else totals[-1])
    report_year = _REPORT_YEAR.search(text)
    year = (
        doc.year_before(anchor.start() + 8)
        or (int(report_year.group(1)) if report_year else None)
        or fiscal_year
    )
    evaluation = Evaluation(
        kind="部门整体",
        name=department or "部门整体",
        department=department,
        fiscal_year=year,
        page=doc.page_at(anchor.start()),
        origin="prose",
        snippet=anchor.group(0),
    )
    if figures:
        first = figures[0]
        evaluation.budget_full_year = _number(first.group(1))
        evaluation.executed = _number(first.group(2))
        evaluation.execution_rate_stated = _number(first.group(3))
        evaluation.score = _number(scored.group(4)) if scored else None
        initial = _INITIAL.search(text)
        evaluation.budget_initial = _number(initial.group(1)) if initial else None
    if totals:
        evaluation.total_score = _number(totals[-1].group(1))
    evaluation.indicators = list(_indicators(doc))
    return evaluation


def _indicators(doc: JoinedText) -> list[Indicator]:
    text = doc.text
    heads = list(_INDICATOR_HEAD.finditer(text))
    found: list[Indicator] = []
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        block = text[head.end() : end].split("评价结论")[0]
        name = _NAME.match(block)
        weight = _WEIGHT.search(block)
        score = _SCORE.search(block)
        if not name or not (weight or score):
            continue
        target = _TARGET.search(block)
        actual = _ACTUAL.search(block)
        reason = _REASON.search(block)
        found.append(
            Indicator(
                level3=name.group(1),
                target=_target_text(target) if target else None,
                actual=f"{actual.group(1)}{actual.group(2) or ''}" if actual else None,
                weight=_number(weight.group(1)) if weight else None,
                score=_number(score.group(1)) if score else None,
                deviation_reason=reason.group(1).rstrip("，,。 ") + "。" if reason else None,
                page=doc.page_at(head.start()),
            )
        )
    return found


def _target_text(match: re.Match[str]) -> str:
    op = match.group(1) or ""
    op = dict(_OPS).get(op, {"≥": ">=", "≤": "<="}.get(op, op))
    return f"{op}{match.group(2)}{match.group(3)}"

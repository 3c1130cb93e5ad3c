"""Reads 部门整体支出绩效自评表 and 项目支出绩效自评表 out of a stream of rows.

Both tables share one layout, top to bottom:

    title / (2024年度) / 部门名称|项目名称 / 主管部门 … 实施单位
    funds header  (… 年初预算数 全年预算数 全年执行数 分值 执行率 得分)
    funds rows    (年度总资金|年度资金总额, 上级资金, 本级资金, 其中：当年财政拨款, 其他资金)
    年度总体目标  (预期目标 | 实际完成情况)
    indicator header (一级指标 二级指标 三级指标 指标值 [设定依据] 实际完成值 分值 得分 [偏差原因])
    indicator rows, then 总分 (项目 tables only)

Indicator rows are anchored on their two numeric cells (分值, 得分): the cells left of
the anchor are, right to left, 实际完成值, [设定依据], 指标值, 三级指标, 二级指标, 一级指标;
anything right of it is the 偏差原因. This survives rows that lost a leading empty cell.
A row with no such anchor continues the row above (a cell wrapped onto the next line or
the next page) and is merged into it cell by cell.

A table that runs over a page break comes back with Word's repeated header rows (the
部门名称/项目名称 row, sometimes the funds header too) at the top of the next page, and in
page text often behind page furniture ("- 7 -") that reads as prose. The furniture only
suspends the evaluation: the repeated name row resumes it where it stopped, and a
repeated funds or indicator header inside the evaluation changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from fiscalwatch.performance.models import Evaluation, Indicator
from fiscalwatch.performance.rows import Row
from fiscalwatch.performance.text import (
    amount,
    is_blank,
    is_number_cell,
    join_wrapped,
    key,
    percent,
    score,
)

_TITLE = re.compile(r"^(?:\d{4}年度?)?(部门整体支出|项目支出)绩效自评表(?:\(?\d{4}年度?\)?)?$")
_YEAR = re.compile(r"(?:^|\()(\d{4})年度?\)?$")
_NAME_LABELS = {"部门名称": "部门整体", "单位名称": "部门整体", "项目名称": "项目"}
_PARTY_LABELS = {"主管部门": "department", "实施单位": "implementing_unit"}
_FUND_METRICS = (
    ("年初预算", "budget_initial"),
    ("全年预算", "budget_full_year"),
    ("全年执行", "executed"),
    ("执行率", "rate"),
    ("得分", "score"),
    ("分值", "weight"),
    ("权重", "weight"),
)
_DEFAULT_FUND_COLUMNS = [
    "budget_initial",
    "budget_full_year",
    "executed",
    "weight",
    "rate",
    "score",
]
_MAIN_FUND_LABELS = ("年度总资金", "年度资金总额", "资金总额", "总资金", "合计")
_FUND_LABEL_WORDS = ("资金", "拨款", "总额")
_GOAL_LABELS = ("年度总体目标", "总体目标", "预期目标", "实际完成目标", "实际完成情况")
_GROUP_LABEL = re.compile(r"^(?:年度)?绩效指标(?:完成情况)?$|^年度绩效指标完成情况$")


def _title_kind(row: Row) -> str | None:
    if len(row.filled) > 2:
        return None
    for cell in row.filled:
        match = _TITLE.match(key(cell))
        if match:
            return "部门整体" if match.group(1) == "部门整体支出" else "项目"
    return None


def _year(row: Row) -> int | None:
    for cell in row.filled:
        match = _YEAR.search(key(cell))
        if match:
            return int(match.group(1))
    return None


def _fund_metric(cell: str) -> str | None:
    text = key(cell)
    for word, metric in _FUND_METRICS:
        if word in text:
            return metric
    return None


@dataclass
class _Indicators:
    has_basis: bool = False
    level1: str | None = None
    level2: str | None = None
    last_cells: list[str] | None = None
    last_levels: tuple[str | None, str | None] = (None, None)


# Lines of page furniture (running header, page number) a page break may put between a
# table and its repeated header row when the page number is unknown.
_FURNITURE_LINES = 3


@dataclass
class _Suspended:
    """An evaluation interrupted by non-table lines; its repeated name row resumes it."""

    evaluation: Evaluation
    mode: str | None
    fund_columns: list[str]
    indicators: _Indicators
    page: int | None
    lines: int = 0  # plain lines since


@dataclass
class Reader:
    """Feed rows with :meth:`feed`, then :meth:`finish`; evaluations in ``found``."""

    origin: str
    fiscal_year: int | None = None
    found: list[Evaluation] = field(default_factory=list)
    current: Evaluation | None = None
    mode: str | None = None  # header | funds | goals | indicators | done
    pending_kind: str | None = None
    pending_year: int | None = None
    fund_columns: list[str] = field(default_factory=lambda: list(_DEFAULT_FUND_COLUMNS))
    indicators: _Indicators = field(default_factory=_Indicators)
    suspended: _Suspended | None = None
    last_page: int | None = None

    def read(self, rows: Iterable[Row]) -> list[Evaluation]:
        for row in rows:
            self.feed(row)
        self.finish()
        return self.found

    # -- lifecycle ---------------------------------------------------------------------

    def finish(self) -> None:
        evaluation = self.current
        if evaluation is not None and (
            evaluation.indicators
            or evaluation.budget_full_year is not None
            or evaluation.executed is not None
        ):
            if evaluation.kind == "部门整体" and not evaluation.department:
                evaluation.department = evaluation.name or None
            self.found.append(evaluation)
        self.current = None
        self.mode = None

    def _suspend(self) -> None:
        """Prose or page furniture after a grid row: the table is over unless its repeated
        header row turns up next (see :meth:`_resume`)."""
        if self.current is not None:
            self.suspended = _Suspended(
                self.current, self.mode, self.fund_columns, self.indicators, self.last_page
            )
        self.finish()

    def _resume(self, kind: str, name: str, page: int | None) -> bool:
        """Picks the suspended evaluation up again when ``name`` repeats its header on a
        later page (or after no more than a few lines of furniture)."""
        held = self.suspended
        self.suspended = None
        if held is None or self.current is not None:
            return False
        evaluation = held.evaluation
        if evaluation.kind != kind or key(evaluation.name) != key(name):
            return False
        new_page = page is not None and held.page is not None and page > held.page
        if not new_page and held.lines > _FURNITURE_LINES:
            return False
        if self.found and self.found[-1] is evaluation:
            self.found.pop()
        self.current = evaluation
        self.mode = held.mode
        self.fund_columns = held.fund_columns
        self.indicators = held.indicators
        self.pending_kind = None
        self.pending_year = None
        return True

    def _start(self, kind: str, page: int | None) -> Evaluation:
        self.finish()
        self.suspended = None
        year = self.pending_year or self.fiscal_year
        self.current = Evaluation(
            kind=kind, name="", fiscal_year=year, page=page, origin=self.origin
        )
        self.mode = "header"
        self.pending_kind = None
        self.pending_year = None
        self.fund_columns = list(_DEFAULT_FUND_COLUMNS)
        self.indicators = _Indicators()
        return self.current

    # -- dispatch ----------------------------------------------------------------------

    def feed(self, row: Row) -> None:
        filled = row.filled
        if not filled:
            return
        if not row.plain:
            self.last_page = row.page  # read by _suspend, before this row is handled
        kind = _title_kind(row)
        if kind:
            # A title row inside the grid is repeated with the header on the next page.
            self._suspend()
            self.pending_kind = kind
            self.pending_year = _year(row)
            return
        first = key(filled[0])
        if first in _NAME_LABELS:
            self._name_row(row, _NAME_LABELS[first])
            return
        if self.current is None:
            if row.plain and self.suspended is not None:
                self.suspended.lines += 1
            elif not (self.pending_kind and _YEAR.search(key(filled[0]))):
                self.suspended = None  # another grid, not this table's repeated header
            if self.pending_kind and len(filled) == 1 and _YEAR.search(key(filled[0])):
                self.pending_year = _year(row)
            return
        if row.plain and self.mode != "header":
            # Prose after the grid, or furniture at a page break.
            self._suspend()
            return
        if row.plain:
            year = _year(row)
            if year and len(filled[0]) <= 12:
                self.current.fiscal_year = year
            return
        keys = [key(cell) for cell in filled]
        if any(k in _PARTY_LABELS for k in keys):
            self._party_row(row)
        elif any("一级指标" in k for k in keys) and any("三级指标" in k for k in keys):
            if self.mode != "indicators":  # else the header repeated on a new page
                self.mode = "indicators"
                self.indicators = _Indicators(has_basis=any("设定依据" in k for k in keys))
        elif self._is_fund_header(keys) and self.mode in ("goals", "indicators"):
            pass  # the funds header repeated on a new page: the indicators go on
        elif any(k.startswith("总分") for k in keys) and self.mode in ("indicators", "goals"):
            self._total_row(row)
        elif self.mode == "indicators":
            self._indicator_row(row)
        elif self.mode == "goals" or any(k in _GOAL_LABELS for k in keys):
            self._goal_row(row)
        elif self._is_fund_header(keys):
            self.fund_columns = [m for m in map(_fund_metric, filled) if m] or self.fund_columns
            self.mode = "funds"
        elif self.mode in ("header", "funds"):
            self._fund_row(row)

    @staticmethod
    def _is_fund_header(keys: list[str]) -> bool:
        return any("年初预算" in k for k in keys) and any("执行" in k for k in keys)

    # -- row kinds ---------------------------------------------------------------------

    def _name_row(self, row: Row, label_kind: str) -> None:
        kind = self.pending_kind or label_kind
        filled = row.filled
        name = filled[1] if len(filled) > 1 else ""
        current = self.current
        if current is not None and current.kind == kind and key(current.name) == key(name):
            return  # the header row Word repeats on every page of a long table
        if current is None and self._resume(kind, name, row.page):
            return
        evaluation = self._start(kind, row.page)
        filled = row.filled
        evaluation.name = (
            filled[1] if len(filled) > 1 and key(filled[1]) not in _PARTY_LABELS else ""
        )
        if kind == "部门整体":
            evaluation.department = evaluation.name or None
        self._party_row(row)

    def _party_row(self, row: Row) -> None:
        assert self.current is not None
        filled = row.filled
        for index, cell in enumerate(filled[:-1]):
            attribute = _PARTY_LABELS.get(key(cell))
            value = filled[index + 1]
            if attribute and key(value) not in _PARTY_LABELS:
                setattr(self.current, attribute, value)

    def _fund_row(self, row: Row) -> None:
        assert self.current is not None
        cells = row.filled
        # The last label-like cell: a merged "项目资金（万元）" may stand before the real one.
        labels = [
            i
            for i, cell in enumerate(cells)
            if any(word in key(cell) for word in _FUND_LABEL_WORDS) and amount(cell) is None
        ]
        if not labels:
            self._finish_wrapped_fund_label(cells)
            return
        label_at = labels[-1]
        label = cells[label_at]
        values = [cell for cell in cells[label_at + 1 :] if key(cell) != "分"]
        if not values or not any(amount(v) is not None or score(v) is not None for v in values):
            return
        read = dict(zip(self.fund_columns, values, strict=False))
        initial = amount(read.get("budget_initial"))
        full_year = amount(read.get("budget_full_year"))
        executed = amount(read.get("executed"))
        self.mode = "funds"
        is_main = any(word in key(label) for word in _MAIN_FUND_LABELS)
        if not is_main or self.current.snippet:
            self.current.raw.setdefault("funds", []).append(
                {
                    "label": label,
                    "budget_initial": initial,
                    "budget_full_year": full_year,
                    "executed": executed,
                }
            )
            return
        evaluation = self.current
        evaluation.budget_initial = initial
        evaluation.budget_full_year = full_year
        evaluation.executed = executed
        evaluation.execution_rate_stated = percent(read.get("rate")) if read.get("rate") else None
        evaluation.weight = score(read.get("weight"))
        evaluation.score = score(read.get("score"))
        evaluation.snippet = row.text
        evaluation.page = row.page

    def _finish_wrapped_fund_label(self, cells: list[str]) -> None:
        """A fund label wrapped onto the next page comes back as a row of its own
        ("上级资金(万" … "元)"): it finishes the last funds sub-row's label."""
        assert self.current is not None
        funds = self.current.raw.get("funds")
        if (
            funds
            and len(cells) == 1
            and len(key(cells[0])) <= 6
            and amount(cells[0]) is None
            and not is_blank(cells[0])
        ):
            funds[-1]["label"] += cells[0]

    def _goal_row(self, row: Row) -> None:
        assert self.current is not None
        self.mode = "goals"
        texts = [cell for cell in row.filled if key(cell) not in _GOAL_LABELS]
        raw = self.current.raw
        for name, text in zip(("goal_expected", "goal_actual"), texts, strict=False):
            raw[name] = join_wrapped(raw.get(name, ""), text)

    def _total_row(self, row: Row) -> None:
        assert self.current is not None
        filled = row.filled
        at = next(i for i, cell in enumerate(filled) if key(cell).startswith("总分"))
        numbers = [score(cell) for cell in filled[at + 1 :] if is_number_cell(cell)]
        if len(numbers) >= 2:
            self.current.total_weight, self.current.total_score = numbers[0], numbers[1]
        elif numbers:
            self.current.total_score = numbers[0]
        self.finish()

    def _indicator_row(self, row: Row) -> None:
        assert self.current is not None
        state = self.indicators
        cells = list(row.cells)
        if _anchor(cells) is None:
            if state.last_cells is None or not self.current.indicators:
                return
            if len(cells) != len(state.last_cells):
                cells = _realign(cells, state.last_cells, state.has_basis)
            merged = list(state.last_cells) + [""] * max(0, len(cells) - len(state.last_cells))
            for index, cell in enumerate(cells):
                merged[index] = join_wrapped(merged[index], cell)
            state.last_cells = merged
            state.level1, state.level2 = state.last_levels
            replaced = self._parse_indicator(merged, self.current.indicators[-1].page)
            if replaced:
                self.current.indicators[-1] = replaced
            return
        state.last_levels = (state.level1, state.level2)
        indicator = self._parse_indicator(cells, row.page)
        if indicator:
            state.last_cells = cells
            self.current.indicators.append(indicator)

    def _parse_indicator(self, cells: list[str], page: int | None) -> Indicator | None:
        state = self.indicators
        anchor = _anchor(cells)
        if anchor is None:
            return None
        weight_at, score_at = anchor
        left = cells[:weight_at]
        names = (
            ["actual", "basis", "target", "level3"]
            if state.has_basis
            else ["actual", "target", "level3"]
        )
        values: dict[str, str] = {}
        for name in names:
            while left and not left[-1]:
                left.pop()  # empty cells between columns (merged-cell leftovers)
            values[name] = left.pop() if left else ""
        if not values["level3"]:
            return None
        levels = [cell for cell in left if cell and not _GROUP_LABEL.match(key(cell))][-2:]
        if len(levels) == 2:
            state.level1, state.level2 = levels
        elif len(levels) == 1:
            # One level cell: the 二级指标 under an inherited 一级, or a new 一级 whose
            # 二级 cell is empty. Known names decide; otherwise its position does.
            adjacent = bool(left) and left[-1] == levels[0]
            if _level_of(levels[0], adjacent) == 2:
                state.level2 = levels[0]
            else:
                state.level1, state.level2 = levels[0], None
        reason = "".join(cell for cell in cells[score_at + 1 :] if cell)
        return Indicator(
            level1=state.level1,
            level2=state.level2,
            level3=values["level3"],
            target=values["target"] or None,
            actual=values["actual"] or None,
            basis=values.get("basis") or None,
            weight=score(cells[weight_at]),
            score=score(cells[score_at]),
            deviation_reason=reason or None,
            page=page,
        )


_LEVEL1 = frozenset(
    {
        "产出指标",
        "效益指标",
        "成本指标",
        "满意度指标",
        "履职效能",
        "管理效率",
        "运行成本",
        "社会效应",
        "可持续影响",
    }
)
_LEVEL2 = frozenset(
    {
        "数量指标",
        "质量指标",
        "时效指标",
        "经济成本指标",
        "社会成本指标",
        "生态环境成本指标",
        "社会效益指标",
        "经济效益指标",
        "生态效益指标",
        "可持续影响指标",
        "服务对象满意度指标",
        "满意度指标",
    }
)


def _level_of(cell: str, adjacent: bool) -> int:
    name = key(cell)
    if name in _LEVEL1 and name not in _LEVEL2:
        return 1
    if name in _LEVEL2 and name not in _LEVEL1:
        return 2
    return 2 if adjacent else 1


def _anchor(cells: list[str]) -> tuple[int, int] | None:
    """(分值, 得分) positions: the rightmost two numeric cells with only empty cells
    between them, and something (the indicator) to their left."""
    filled = [i for i, cell in enumerate(cells) if cell]
    for n in range(len(filled) - 1, 0, -1):
        weight_at, score_at = filled[n - 1], filled[n]
        if n - 1 > 0 and is_number_cell(cells[weight_at]) and is_number_cell(cells[score_at]):
            return weight_at, score_at
    return None


def _realign(cells: list[str], previous: list[str], has_basis: bool) -> list[str]:
    """A wrapped row from a grid of another width (the next page) cannot be merged cell
    by cell: a lone cell continues the 偏差原因 if the row above has one, else the
    三级指标 name; anything else is dropped rather than guessed."""
    filled = [cell for cell in cells if cell]
    anchor = _anchor(previous)
    out = [""] * len(previous)
    if len(filled) != 1 or anchor is None:
        return out
    reason_at = next((i for i in range(anchor[1] + 1, len(previous)) if previous[i]), None)
    if reason_at is not None:
        out[reason_at] = filled[0]
        return out
    named = [i for i in range(anchor[0]) if previous[i]]
    back = 4 if has_basis else 3
    if len(named) >= back:
        out[named[-back]] = filled[0]
    return out

"""Figures of the standard tables, each with the cell it came from: its row label, its
column header (a 预算数 column is a budget, never the actual), its 类/款/项 code and the
unit the table printed. 行次 / 栏次 columns number the rows: never amounts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fiscalwatch.models import Figure
from fiscalwatch.parsing.layout import strip_number
from fiscalwatch.parsing.normalize import NUMBER, UNIT_FACTORS, parse_number

PAIR_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "table_01": {
        "本年收入合计": ("income_current_year",),
        "本年支出合计": ("expenditure_current_year",),
        "使用非财政拨款结余": ("non_fiscal_balance_used",),
        "结余分配": ("balance_distribution",),
        "年初结转和结余": ("carryover_begin",),
        "年末结转和结余": ("carryover_end",),
        "一般公共预算财政拨款收入": ("general_budget_income",),
        "政府性基金预算财政拨款收入": ("gov_fund_income",),
        "国有资本经营预算财政拨款收入": ("state_capital_income",),
        "财政拨款收入": ("fiscal_appropriation_income",),
        "上级补助收入": ("superior_subsidy_income",),
        "事业收入": ("business_income",),
        "经营收入": ("operating_income",),
        "附属单位上缴收入": ("affiliated_income",),
        "其他收入": ("other_income",),
        "收入总计": ("income_total",),
        "支出总计": ("expenditure_total",),
        "总计": ("income_total", "expenditure_total"),  # left, then right
    },
    "table_04": {
        "收入总计": ("fiscal_income_total",),
        "支出总计": ("fiscal_expenditure_total",),
        "总计": ("fiscal_income_total", "fiscal_expenditure_total"),
    },
    "table_06": {
        "人员经费合计": ("personnel_expenses",),
        "人员经费": ("personnel_expenses",),
        "公用经费合计": ("public_expenses",),
        "公用经费": ("public_expenses",),
    },
}
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "table_02": {
        "本年收入合计": "income_current_year",
        "合计": "income_current_year",
        "财政拨款收入": "fiscal_appropriation_income",
        "上级补助收入": "superior_subsidy_income",
        "事业收入": "business_income",
        "经营收入": "operating_income",
        "附属单位上缴收入": "affiliated_income",
        "其他收入": "other_income",
    },
    "table_03": {
        "本年支出合计": "expenditure_current_year",
        "合计": "expenditure_current_year",
        "基本支出": "basic_expenditure",
        "项目支出": "project_expenditure",
        "上缴上级支出": "superior_remittance_expenditure",
        "经营支出": "operating_expenditure",
        "对附属单位补助支出": "affiliated_subsidy_expenditure",
    },
    "table_05": {
        "合计": "general_budget_expenditure",
        "本年支出合计": "general_budget_expenditure",
        "基本支出": "general_budget_basic_expenditure",
        "项目支出": "general_budget_project_expenditure",
    },
    "table_07": {"本年支出": "gov_fund_expenditure"},
    "table_08": {"本年支出": "state_capital_expenditure"},
    "table_09": {
        "财政拨款“三公”经费": "three_public_total",
        "“三公”经费": "three_public_total",
        "合计": "three_public_total",
        "公务用车购置及运行维护费小计": "vehicle_total",
        "因公出国(境)费": "overseas_travel",
        "公务用车购置及运行维护费": "vehicle_total",
        "公务用车购置及运行费": "vehicle_total",
        "公务用车购置费": "vehicle_purchase",
        "公务用车运行维护费": "vehicle_operation",
        "公务用车运行费": "vehicle_operation",
        "公务接待费": "official_reception",
    },
}
# Budgets: 上海's 三公+机关运行经费 table (its car columns 小计/购置费/运行费 under one
# head), and the economic-classification table whose 人员经费/公用经费 are columns.
COLUMN_LABELS["three_public_operating"] = {
    **COLUMN_LABELS["table_09"],
    "购置费": "vehicle_purchase",
    "运行费": "vehicle_operation",
    "机关运行经费": "operating_expenses",
    "机关运行经费预算数": "operating_expenses",
}
COLUMN_LABELS["table_06"] = {
    "合计": "general_budget_basic_expenditure",
    "人员经费": "personnel_expenses",
    "公用经费": "public_expenses",
}
# Tables whose figures are the first row with amounts (no 合计 row).
FIRST_ROW_TABLES = frozenset({"table_09", "three_public_operating"})

_NUMBER_CELL = re.compile(rf"^{NUMBER}$")
_ORDINAL_HEADER = re.compile(r"行次|栏次|序号")
_CODE = re.compile(r"^\d{3,9}$")  # 类 201, 款 20101, 项 2010101; 经济分类 30101
_UNIT = re.compile(r"单位[:：]?\s*(亿元|千元|万元|元)")


@dataclass(frozen=True)
class Cells:
    """A table's rows with the page each came from, its key and printed unit."""

    key: str
    rows: Sequence[tuple[int, list[str]]]
    unit: str = "万元"
    # A budget's own table (部门财务收支预算总表): its 预算数 columns are its amounts.
    own_budget: bool = False


def is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell.strip()))


def is_value(cell: str) -> bool:
    """An amount as tables print them: with decimals, or a bare 0."""
    return is_number(cell) and ("." in cell or cell.strip() == "0")


def has_data(rows: list[list[str]]) -> bool:
    return any(is_value(cell) for row in rows for cell in row)


def header_rows(rows: list[list[str]]) -> list[list[str]]:
    header = []
    for row in rows:
        if any(is_value(cell) for cell in row):
            break
        header.append(row)
    return header


def unit_of(texts: Sequence[str]) -> str:
    """The unit a table states ("单位：元", "金额单位：千元"); 万元 when it states none."""
    for text in texts:
        found = _UNIT.search(text.replace(" ", ""))
        if found:
            return found.group(1)
    return "万元"


def row_label(row: list[str]) -> str:
    """A row's label: its first filled cell that is not a code (科目编码 may be empty)."""
    for cell in row:
        text = cell.replace(" ", "")
        if text and not _CODE.match(text):
            return text
    return ""


def _code(row: list[str]) -> str | None:
    first = next((c.replace(" ", "") for c in row if c), "")
    return first if _CODE.match(first) else None


class _Reader:
    def __init__(self, table: Cells) -> None:
        self.table = table
        self.factor = UNIT_FACTORS.get(table.unit, 1.0)
        rows = [cells for _, cells in table.rows]
        self.header = _spread(header_rows(rows))
        width = max((len(r) for r in rows), default=0)
        self.columns = [self._column_header(i) for i in range(width)]
        self.ordinal = {i for i in range(width) if self._is_ordinal(i, rows)}
        self.out: list[Figure] = []

    def _column_header(self, index: int) -> str:
        parts: list[str] = []
        for row in self.header:
            if index < len(row) and row[index] and (not parts or parts[-1] != row[index]):
                parts.append(row[index].replace(" ", ""))
        return "/".join(parts)

    def _is_ordinal(self, index: int, rows: list[list[str]]) -> bool:
        """行次 / 栏次: named so, or only small whole numbers under a header."""
        if _ORDINAL_HEADER.search(self.columns[index]):
            return True
        cells = [r[index].strip() for r in rows[len(self.header) :] if index < len(r) and r[index]]
        whole = [c for c in cells if c.isdigit() and len(c) <= 3]
        return len(cells) >= 2 and len(whole) == len(cells) and len(set(whole)) == len(whole)

    def budget(self, index: int) -> bool:
        if self.table.own_budget:
            return False
        header = self.columns[index] if index < len(self.columns) else ""
        return "预算" in header and "决算" not in header.rsplit("/", 1)[-1]

    def add(
        self,
        key: str,
        row: list[str],
        page: int,
        index: int,
        label: str,
        budget: bool | None = None,
    ) -> None:
        budget = self.budget(index) if budget is None else budget
        self.out.append(
            Figure(
                key=f"{key}_budget" if budget else key,
                value=round(parse_number(row[index]) * self.factor, 6),
                unit="万元",
                page=page,
                text=" | ".join(c for c in row if c)[:200],
                origin="table",
                table_key=self.table.key,
                row_label=label,
                column_label=self.columns[index] if index < len(self.columns) else None,
                code=_code(row),
                source_unit=self.table.unit,
            )
        )

    def pairs(self, labels: dict[str, tuple[str, ...]]) -> None:
        """Label then amount, left and right halves (表1, 表4, 表6): the amount is the
        next filled cell that is neither a 行次 nor a budget column."""
        for page, row in self.table.rows:
            seen: dict[str, int] = {}
            for i, cell in enumerate(row):
                label = strip_number(cell)[1].replace(" ", "")
                keys = labels.get(label)
                if not keys:
                    continue
                value = next(
                    (
                        j
                        for j in range(i + 1, len(row))
                        if row[j] and row[j] != cell and j not in self.ordinal
                    ),
                    None,
                )
                if value is None or not is_value(row[value]) or self.budget(value):
                    continue
                nth = seen.get(label, 0)
                seen[label] = nth + 1
                if nth < len(keys):
                    self.add(keys[nth], row, page, value, label)

    def columns_of_total(self, labels: dict[str, str]) -> None:
        """The 合计 row (表9: its first row of amounts) read by column header."""
        data = [(p, r) for p, r in self.table.rows if r not in self.header]
        if self.table.key in FIRST_ROW_TABLES:
            target = next(((p, r) for p, r in data if any(is_value(c) for c in r)), None)
        else:
            target = next(((p, r) for p, r in data if row_label(r) in ("合计", "总计")), None)
        if target is None:
            return
        page, row = _rejoined(target[0], target[1], self.columns)
        values = [i for i, c in enumerate(row) if is_number(c) and i not in self.ordinal]
        found: list[tuple[int, str]] = []
        for i in values:
            path = self.columns[i].split("/") if i < len(self.columns) and self.columns[i] else []
            key = next((labels[name] for name in reversed(path) if name in labels), None)
            if key is None and not self.header and i == values[0]:
                key = next(iter(labels.values()))  # text rows: only the first column is safe
            if key:
                found.append((i, key))
        budget = self._budget_columns(found)
        done: set[tuple[str, bool]] = set()
        for i, key in found:
            if (key, i in budget) not in done:
                done.add((key, i in budget))
                self.add(key, row, page, i, row_label(row), i in budget)

    def _budget_columns(self, found: list[tuple[int, str]]) -> set[int]:
        """Columns under a 预算 header; when the header row naming 预算数 and 决算数 did not
        reach every column (a grid rebuilt from text), the repeated labels tell: in a
        table headed 预算数 … 决算数, a label's first column is the budget, its last the
        actual (and the other way round)."""
        budget = {i for i, _ in found if self.budget(i)}
        heading = "".join(self.columns)
        if budget or "预算" not in heading or "决算" not in heading:
            return budget
        budget_first = heading.index("预算") < heading.index("决算")
        by_key: dict[str, list[int]] = {}
        for i, key in found:
            by_key.setdefault(key, []).append(i)
        for columns in by_key.values():
            if len(columns) >= 2:
                budget.add(columns[0] if budget_first else columns[-1])
        return budget


def _spread(header: list[list[str]]) -> list[list[str]]:
    """A group header over several columns ("预算数" over six) printed once, in its first
    column (a grid rebuilt from text, or a merged cell read so): carried to the empty
    cells on its right, in every header row but the last (the columns' own names)."""
    out = [list(row) for row in header]
    for row in out[:-1]:
        for i in range(1, len(row)):
            if not row[i] and row[i - 1]:
                row[i] = row[i - 1]
    return out


def _rejoined(page: int, row: list[str], columns: list[str]) -> tuple[int, list[str]]:
    """An amount wrapped in a narrow column of a text-built table arrives as two cells
    under one header ("2" | "107.44" for 2,107.44): joined again, the first emptied."""
    out = list(row)
    for i in range(len(out) - 1):
        head, tail = out[i].strip(), out[i + 1].strip()
        same_column = i + 1 < len(columns) and columns[i] and columns[i] == columns[i + 1]
        if (
            same_column
            and head.isdigit()
            and len(head) <= 3
            and re.fullmatch(r"\d{3}\.\d{2}", tail)
        ):
            out[i], out[i + 1] = "", head + tail
    return page, out


def table_figures(table: Cells) -> list[Figure]:
    reader = _Reader(table)
    if table.key in PAIR_LABELS:
        reader.pairs(PAIR_LABELS[table.key])
    # A paired table whose labels head columns instead (a budget's 表8: 人员经费/公用经费).
    if table.key in COLUMN_LABELS and not reader.out and reader.header:
        reader.columns_of_total(COLUMN_LABELS[table.key])
    return reader.out

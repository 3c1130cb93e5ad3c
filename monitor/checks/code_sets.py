"""Tables that list the same classification, compared code by code (类/款/项) as sets.

What a reviewer says: "收入决算表列有2010199其他一般公共服务支出12.00万元，支出决算表没有这一
科目", "一般公共预算财政拨款支出决算表2080501行政单位离退休30.00万元，大于支出决算表的25.00万元".

- 收入决算表 (table_02, 本年收入合计) and 支出决算表 (table_03, 本年支出合计): a code's income
  and spending differ only by what the department carries over, so per code
  income − spending lies between −(年初结转和结余 + 使用非财政拨款结余) and 年末结转和结余 +
  结余分配 of 收入支出决算总表 (table_01). With nothing carried over the two tables are the
  same code by code. Without table_01's carry-over lines nothing is compared.
- 一般公共预算财政拨款支出决算表 (table_05) ⊆ 支出决算表: a code's general-budget
  spending never exceeds its total spending, and a code the fiscal table spends on is in
  the spending table. (The 政府性基金 table against 支出决算表 is the same rule, but the
  layout benchmark's generator leaves government-fund spending out of 支出决算表, so its
  precision cannot be measured there: not compared until it can.)

Compared at the deepest level both tables print: a code one table breaks down and the
other does not is compared at that code. A code missing from the other table is reported
when its parent is there and broken down into its own codes that add up (or it is a 类 of
a table whose 合计 = Σ类); nothing is said below a code already reported. The differences
under one parent are one finding (a 项 booked under another code of its 款, or a 类 under
another 类, is one cause).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from fiscalwatch.monitor.checks.grids import Column, Grid, Row, squeeze
from fiscalwatch.monitor.checks.table_relations import (
    Broken,
    Cell,
    _cell,
    _v,
    grid_name,
    has_code_column,
)


@dataclass
class Codes:
    """One table's amounts by code in one column."""

    grid: Grid
    column: Column
    rows: dict[str, Row]
    upper: float

    @classmethod
    def read(cls, grid: Grid | None, upper: float, *words: str) -> Codes | None:
        if grid is None or not has_code_column(grid):
            return None
        column = next((c for w in words if (c := grid.column(w, exclude=("基本", "项目")))), None)
        if column is None:
            return None
        return cls(grid, column, {r.code: r for r in grid.coded_rows()}, upper)

    def value(self, code: str) -> float | None:
        return _v(self.grid, self.rows[code], self.column)

    def children(self, code: str) -> list[str]:
        return [c for c in self.rows if len(c) == len(code) + 2 and c.startswith(code)]

    def adds_up(self, code: str) -> bool:
        """The code's amount equals its printed children's (its own relation, else)."""
        children = [self.value(c) for c in self.children(code)]
        stated = self.value(code)
        if stated is None or not children or any(v is None for v in children):
            return False
        allowed = (len(children) + 1) * self.grid.per_term(self.upper)
        return abs(sum(v or 0.0 for v in children) - stated) <= allowed

    def classes_whole(self) -> bool:
        """合计 = Σ类: no 类 row lost where the grid runs over pages."""
        total = self.grid.total_row()
        stated = _v(self.grid, total, self.column) if total else None
        classes = [self.value(c) for c in self.rows if len(c) == 3]
        if stated is None or not classes or any(v is None for v in classes):
            return False
        allowed = (len(classes) + 1) * self.grid.per_term(self.upper)
        return abs(sum(v or 0.0 for v in classes) - stated) <= allowed

    def cell(self, code: str) -> Cell:
        return _cell(self.grid, self.rows[code], self.column)

    def absent(self, code: str, label: str) -> Cell:
        return Cell(self.grid.key, f"{code} {label}".strip(), f"{self.column.text}（无此科目）")


def compare(left: Codes, right: Codes, below: float, above: float, why: str) -> Iterator[Broken]:
    """left − right per code must lie within [−below, above] (math.inf: no bound)."""
    tolerance = 2 * max(left.grid.per_term(left.upper), right.grid.per_term(right.upper))
    names = grid_name(left.grid), grid_name(right.grid)
    done: list[str] = []
    for code in sorted(left.rows.keys() | right.rows.keys(), key=lambda c: (len(c), c)):
        if any(code.startswith(d) for d in done):
            continue
        in_left, in_right = code in left.rows, code in right.rows
        row = left.rows[code] if in_left else right.rows[code]
        label = squeeze(row.label)
        text = f"{names[0]}与{names[1]} {code} {label}：{why}"
        if in_left and in_right:
            if all(t.children(code) and t.adds_up(code) for t in (left, right)):
                continue  # compared at its codes
            done.append(code)
            a, b = left.value(code), right.value(code)
            if a is None or b is None or -below - tolerance <= a - b <= above + tolerance:
                continue
            yield Broken(
                text,
                (right.cell(code), b),
                [(left.cell(code), a, 1)],
                kind="relation",
                link=f"codes:{left.grid.key}:{right.grid.key}:{code[:-2] if len(code) > 3 else ''}",
            )
            continue
        done.append(code)
        here, there = (left, right) if in_left else (right, left)
        amount = here.value(code)
        if not amount or not _missing_for_sure(there, code):
            continue
        a, b = (amount, 0.0) if in_left else (0.0, amount)
        if -below - tolerance <= a - b <= above + tolerance:
            continue
        missing = there.absent(code, label)
        total = (right.cell(code), b) if in_right else (missing, b)
        part = (left.cell(code), a, 1) if in_left else (missing, a, 1)
        yield Broken(
            f"{names[0]}与{names[1]} {code} {label}：{grid_name(there.grid)}无此科目，"
            f"{grid_name(here.grid)}列有{amount:,.2f}万元（{why}）",
            total,
            [part],
            kind="relation",
            says_amounts=True,
            link=f"codes:{left.grid.key}:{right.grid.key}:{code[:-2] if len(code) > 3 else ''}",
        )


def _missing_for_sure(table: Codes, code: str) -> bool:
    """The code is not in ``table`` although the table breaks its parent down (and the
    parent adds up), or, a 类, although the table's 合计 = Σ类: not a row lost."""
    if len(code) == 3:
        return table.classes_whole()
    parent = code[:-2]
    return parent in table.rows and bool(table.children(parent)) and table.adds_up(parent)


def _labelled(grid: Grid | None, *words: str) -> float | None:
    """The amount printed right of a label in a two-panel table (项目 | 行次 | 金额)."""
    if grid is None:
        return None
    amounts = {c.index for c in grid.amount_columns() if not c.named("行次", "栏次")}
    for row in grid.rows:
        for i, cell in enumerate(row.cells):
            if any(w in squeeze(cell) for w in words):
                for column in grid.columns[i + 1 :]:
                    if column.index in amounts and (v := _v(grid, row, column)) is not None:
                        return v
                return None
    return None


def code_sets(grids: dict[str, Grid], upper: float) -> Iterator[Broken]:
    spending = Codes.read(grids.get("table_03"), upper, "本年支出合计", "支出合计", "合计")
    income = Codes.read(grids.get("table_02"), upper, "本年收入合计", "收入合计", "合计")
    summary = grids.get("table_01")
    begin, end = _labelled(summary, "年初结转和结余"), _labelled(summary, "年末结转和结余")
    if income and spending and begin is not None and end is not None:
        used = _labelled(summary, "使用非财政拨款结余") or 0.0
        shared = _labelled(summary, "结余分配") or 0.0
        yield from compare(
            income,
            spending,
            below=begin + used,
            above=end + shared,
            why="收入与支出之差应在年初、年末结转和结余之内",
        )
    if spending is None:
        return
    general = Codes.read(grids.get("table_05"), upper, "合计", "本年支出")
    if general is not None:
        yield from compare(
            general, spending, below=math.inf, above=0.0, why="财政拨款支出不应大于总支出"
        )

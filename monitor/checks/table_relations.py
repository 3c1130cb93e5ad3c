"""Relations between the stored tables' cells, reported as ``inconsistent_figures``.

What a reviewer says: "支出决算表 201 一般公共服务支出 一行，本年支出合计 10.00 ≠ 基本支出
6.00 + 项目支出 3.00" or "一般公共预算财政拨款支出决算表的基本支出合计 133.87，与基本支出
决算表的人员经费与公用经费合计 130.00 不一致".

Inside a table: every row's 合计 = its parts (基本支出 + 项目支出 + …; 本年收入合计 = 财政拨款
收入 + …; 合计 = 人员经费 + 公用经费; the 三公 合计 = 因公出国（境）+ 公务用车 + 公务接待 and
公务用车 = 购置 + 运行 in each of the 预算数 and 决算数 groups); carry-over per fund
(年末 = 年初 + 本年收入 − 本年支出); 类 = Σ款 = Σ项 and 合计 = Σ类 down every amount column;
the basic expenditure table's 人员经费 = 301 + 303 and 公用经费 = 302 + 307 + 310 (+ 399).
Between tables: 财政拨款收入支出决算总表's 一般公共预算 column per class = 一般公共预算
财政拨款支出决算表 per class; its 基本支出 合计 = the basic expenditure table's 人员经费 +
公用经费; the 政府性基金 / 国有资本 columns against their own tables, including a 0 where the
fund's own table holds amounts (emptiness contradiction); 授予中小企业合同金额 ≤ 采购总额.

One finding per cause: broken relations that share a cell are one finding, naming the
cell most of them share as the likely wrong number and listing every relation.
Evidence: ``metric`` (``table_relation``), ``stated``, ``computed``, ``kind``
(``relation`` | ``emptiness`` | ``procurement_sme``), ``relation`` [{tables, rows,
columns, stated, computed, text}], ``suspect`` {table, row, column}.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from fiscalwatch.monitor.checks.base import FindingDraft
from fiscalwatch.monitor.checks.common import doc_label, document_finding
from fiscalwatch.monitor.checks.corpus import Doc
from fiscalwatch.monitor.checks.grids import Column, Grid, Row, is_amount, load_grids, squeeze
from fiscalwatch.monitor.checks.rounding import per_term as per_term_allowance
from fiscalwatch.monitor.checks.rounding import printed_step
from fiscalwatch.template import ALL_TABLES

EXPENDITURE_PARTS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
INCOME_PARTS = (
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
FUND_PARTS = ("一般公共预算", "政府性基金", "国有资本")
TOTAL_WORDS = ("合计", "小计", "总计", "总额")
PROCUREMENT_PARTS = ("货物", "工程", "服务")
PERSONNEL_CODES = ("301", "303")
PUBLIC_CODES = ("302", "307", "309", "310", "399")
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    column: str
    # What rounding this cell as printed may hide, in 万元 (rounding.py); not identity.
    slack: float = field(default=0.0, compare=False)


@dataclass
class Broken:
    """One relation that does not hold: ``total`` should equal Σ sign × part."""

    text: str
    total: tuple[Cell, float]
    parts: list[tuple[Cell, float, int]]
    kind: str = "relation"
    # Relations with the same link are one cause although they share no cell (the codes
    # of one 类 that differ between two tables).
    link: str = ""
    # The text already states the amounts ("…无此科目，…列有12.00万元").
    says_amounts: bool = False

    @property
    def computed(self) -> float:
        """The parts' sum, unrounded: tables in 元 are compared to the cent."""
        return sum(sign * value for _, value, sign in self.parts)

    @property
    def cells(self) -> set[Cell]:
        return {self.total[0], *(cell for cell, _, _ in self.parts)}

    def as_evidence(self) -> dict[str, Any]:
        cells = [self.total[0], *(cell for cell, _, _ in self.parts)]
        return {
            "tables": sorted({c.table for c in cells}),
            "rows": list(dict.fromkeys(c.row for c in cells)),
            "columns": list(dict.fromkeys(c.column for c in cells)),
            "stated": round(self.total[1], 6),
            "computed": round(self.computed, 6),
            "text": self.text,
        }


@dataclass
class Cause:
    """Broken relations sharing cells: one finding."""

    broken: list[Broken]
    suspect: Cell | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def table_name(key: str) -> str:
    return ALL_TABLES.get(key, key)


def grid_name(grid: Grid) -> str:
    """The table as the document titles it (a budget's own name), year and number off."""
    title = re.sub(
        r"^(?:表?[\d一二三四五六七八九十]+[、.:：]?)?\s*\d{4}年度?", "", squeeze(grid.title)
    )
    return title or table_name(grid.key)


def _check(
    text: str,
    total: tuple[Cell, float | None],
    parts: list[tuple[Cell, float | None, int]],
    per_term: float,
    kind: str = "relation",
    one_way: bool = False,
) -> Broken | None:
    """The relation, broken, or None when it holds. ``one_way``: only parts exceeding the
    total count (some parts may not have been read)."""
    if total[1] is None:
        return None
    known = [(cell, value, sign) for cell, value, sign in parts if value is not None]
    if len(known) < 2 and kind == "relation" and len(parts) > 1:
        return None  # one printed part of several says nothing
    if not known:
        return None
    broken = Broken(text, (total[0], total[1]), known, kind)
    if kind in ("between", "emptiness") and _unit_apart(total[1], broken.computed):
        return None  # two tables' units read differently: the reading is unsure
    difference = broken.computed - total[1]
    one_way = one_way or len(known) < len(parts)  # a part not printed or not readable
    if one_way and difference < 0:
        return None
    cells = [total[0], *(cell for cell, _, _ in known)]
    if abs(difference) <= sum(max(per_term, cell.slack) for cell in cells):
        return None
    return broken


# -- inside one table ------------------------------------------------------------------


def _label(column: Column, top: str) -> str:
    return column.text.removeprefix(top)


def _groups(
    grid: Grid, parts_names: tuple[str, ...]
) -> Iterator[tuple[Column, list[Column], bool]]:
    """(total column, part columns, whole) within each top header group. Labels are read
    whole (wrapped headers joined). ``whole`` is False when an amount column the rule
    does not know sits among the parts: then only parts above the total count."""
    tops: dict[str, list[Column]] = {}
    for column in grid.columns:
        top = column.path[0] if len(column.path) > 1 and _is_group(grid, column.path[0]) else ""
        tops.setdefault(top, []).append(column)
    amount = {c.index for c in grid.amount_columns()}
    for top, columns in tops.items():
        parts: list[Column] = []
        seen: set[str] = set()
        for column in columns:  # a merged header repeats its name: the first column counts
            label = _label(column, top)
            name = next((p for p in parts_names if p in label), None)
            if name and name not in seen and not any(w in label for w in TOTAL_WORDS):
                seen.add(name)
                parts.append(column)
        if len(seen) < 2:
            continue
        first, last = min(c.index for c in parts), max(c.index for c in parts)
        # Parts under a sub-heading (基本支出: 人员经费, 公用经费) add up to a total under
        # that same heading, not to the 合计 of the whole row.
        prefix = _common_prefix([c.path[:-1] for c in parts])
        totals = [
            c
            for c in columns
            if c.index < first
            and c.path[: len(prefix)] == prefix
            and any(w in _label(c, top) for w in TOTAL_WORDS)
        ]
        if not totals:
            continue
        total = totals[-1]
        known = {total.index, *(c.index for c in parts)}
        whole = not any(i in amount and i not in known for i in range(total.index + 1, last + 1))
        yield total, parts, whole


def _unit_apart(a: float, b: float) -> bool:
    if not a or not b:
        return False
    ratio = max(abs(a), abs(b)) / min(abs(a), abs(b))
    return any(abs(ratio / factor - 1) < 0.02 for factor in (1e3, 1e4))


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    prefix: list[str] = []
    for words in zip(*paths, strict=False):
        if len(set(words)) != 1:
            break
        prefix.append(words[0])
    return tuple(prefix)


def _is_group(grid: Grid, word: str) -> bool:
    """A header word over several columns (预算数 over its parts), not a wrapped label."""
    return sum(1 for c in grid.columns if c.path and c.path[0] == word) > 1 and any(
        w in word for w in ("预算", "决算", "本年支出", "本年收入", "基本支出", "合计")
    )


def _row_sums(grid: Grid, upper: float) -> Iterator[Broken]:
    name = grid_name(grid)
    groups = [
        *_groups(grid, EXPENDITURE_PARTS),
        *_groups(grid, INCOME_PARTS),
        *_groups(grid, ("人员经费", "公用经费")),
        *_groups(grid, FUND_PARTS),
        *_groups(grid, PROCUREMENT_PARTS),
    ]
    for total, parts, whole in groups:
        for row in grid.rows:
            yield from _opt(
                _check(
                    f"{name} {_row_name(row, total)}：{total.text} = "
                    + " + ".join(c.text for c in parts),
                    (_cell(grid, row, total), _v(grid, row, total)),
                    [(_cell(grid, row, c), _v(grid, row, c), 1) for c in parts],
                    grid.per_term(upper),
                    one_way=not whole,
                )
            )


def _three_public(grid: Grid, upper: float) -> Iterator[Broken]:
    """Each column group (预算数, 决算数): 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行."""
    name = grid_name(grid)
    tops = dict.fromkeys(c.path[0] for c in grid.columns if len(c.path) > 1)
    for top in tops or {"": None}:
        cols = [c for c in grid.columns if not top or (c.path and c.path[0] == top)]

        def find(*words: str, cols: list[Column] = cols, exclude: str = "") -> Column | None:
            """The one column so named; two (a label run into its neighbour's) is unsure."""
            found = [
                c
                for c in cols
                if all(w in c.text for w in words) and not (exclude and exclude in c.text)
            ]
            return found[0] if len(found) == 1 else None

        total = find("合计")
        travel, reception = find("出国"), find("接待")
        buy, run = find("购置", exclude="运行"), find("运行", exclude="购置")
        vehicle = find("公务用车", "小计") or find("购置", "运行")
        for row in grid.rows:
            if vehicle and buy and run and vehicle not in (buy, run):
                yield from _opt(
                    _check(
                        f"{name} {top}{row.name}：公务用车购置及运行费 = 购置费 + 运行费",
                        (_cell(grid, row, vehicle), _v(grid, row, vehicle)),
                        [(_cell(grid, row, c), _v(grid, row, c), 1) for c in (buy, run)],
                        grid.per_term(upper),
                    )
                )
            if total and travel and reception and (vehicle or (buy and run)):
                middle = [vehicle] if vehicle else [buy, run]
                parts = [travel, *[c for c in middle if c], reception]
                yield from _opt(
                    _check(
                        f"{name} {top}{row.name}：“三公”经费合计 = 因公出国（境）费 + "
                        "公务用车购置及运行费 + 公务接待费",
                        (_cell(grid, row, total), _v(grid, row, total)),
                        [(_cell(grid, row, c), _v(grid, row, c), 1) for c in parts],
                        grid.per_term(upper),
                    )
                )


def _three_public_rows(grid: Grid, upper: float) -> Iterator[Broken]:
    """The 三公 table printed as rows (项目 | 预算数 | 决算数): the same two sums down
    each amount column."""

    def row(*words: str, exclude: str = "") -> Row | None:
        return next(
            (
                r
                for r in grid.rows
                if all(w in squeeze(r.label) for w in words)
                and not (exclude and exclude in squeeze(r.label))
            ),
            None,
        )

    total, travel, reception = row("合计"), row("出国"), row("接待")
    buy, run = row("购置", exclude="运行"), row("运行", exclude="购置")
    vehicle = next(
        (r for r in grid.rows if "购置" in r.label and "运行" in r.label and "公务用车" in r.label),
        None,
    )
    if total is None or travel is None or reception is None:
        return
    name = grid_name(grid)
    for column in grid.amount_columns():
        if vehicle and buy and run:
            yield from _opt(
                _check(
                    f"{name} {column.text}列：公务用车购置及运行费 = 购置费 + 运行费",
                    (_cell(grid, vehicle, column), _v(grid, vehicle, column)),
                    [(_cell(grid, r, column), _v(grid, r, column), 1) for r in (buy, run)],
                    grid.per_term(upper),
                )
            )
        middle = [vehicle] if vehicle else [r for r in (buy, run) if r]
        if not middle:
            continue
        yield from _opt(
            _check(
                f"{name} {column.text}列：“三公”经费合计 = 因公出国（境）费 + "
                "公务用车购置及运行费 + 公务接待费",
                (_cell(grid, total, column), _v(grid, total, column)),
                [
                    (_cell(grid, r, column), _v(grid, r, column), 1)
                    for r in [travel, *middle, reception]
                ],
                grid.per_term(upper),
            )
        )


def _carry_over(grid: Grid, upper: float) -> Iterator[Broken]:
    """Per fund (row): 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出."""
    begin, end = grid.column("年初结转"), grid.column("年末结转")
    income = grid.column("本年收入")
    spent = next(
        (
            c
            for c in grid.columns
            if c.path
            and "本年支出" in c.path[0]
            and (len(c.path) == 1 or any(w in c.name for w in TOTAL_WORDS))
        ),
        None,
    )
    if not (begin and end and income and spent):
        return
    name = grid_name(grid)
    for row in grid.rows:
        yield from _opt(
            _check(
                f"{name} {row.name}：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
                (_cell(grid, row, end), _v(grid, row, end)),
                [
                    (_cell(grid, row, begin), _v(grid, row, begin), 1),
                    (_cell(grid, row, income), _v(grid, row, income), 1),
                    (_cell(grid, row, spent), _v(grid, row, spent), -1),
                ],
                grid.per_term(upper),
                kind="carry_over",
            )
        )


FUND_WORDS = (
    ("一般公共", "一般公共预算"),
    ("政府性基", "政府性基金"),
    ("国有资本", "国有资本经营"),
)


def _left_items(grid: Grid, amount: Column) -> list[tuple[str, Row]]:
    """The left panel's (label, row) items, a label wrapped over rows without an amount
    joined to the row above it ("一、一般公" / "共预算财政" / "拨款")."""
    items: list[tuple[str, Row]] = []
    for row in grid.rows:
        label = squeeze(row.cells[0]) if row.cells else ""
        if row.value(amount) is not None:
            items.append((label, row))
        elif label and items and not any(row.value(c) is not None for c in grid.columns):
            items[-1] = (items[-1][0] + label, items[-1][1])
    return items


def _fund_carry_over(grid: Grid, upper: float) -> Iterator[Broken]:
    """财政拨款收入支出决算总表, per fund: 年末结转和结余 = 年初结转和结余 + 本年收入 −
    本年支出 (收入 and 年初 from the left panel, 本年支出合计 and 年末 from the fund's
    column). When 年初 is printed only as a total, a fund's 年初 implied by the other three
    must lie between 0 and that total; with a total of 0 the relation is exact."""
    amount = grid.column("金额") or grid.column("决算数")  # the 收入 panel's amounts
    if amount is None:
        return
    # "本年支出合" / "计": a label may be wrapped over rows; its first part names the row.
    spent = next((r for r in grid.rows if any("本年支出" in squeeze(c) for c in r.cells)), None)
    end = next((r for r in grid.rows if any("年末" in squeeze(c) for c in r.cells)), None)
    if spent is None or end is None:
        return
    items = _left_items(grid, amount)
    opened = next((i for i, (label, _) in enumerate(items) if "年初" in label), None)
    income_items = items[:opened] if opened is not None else items
    begin_items = items[opened + 1 :] if opened is not None else []
    name = grid_name(grid)
    begin_total = items[opened][1] if opened is not None else None
    per_term = grid.per_term(upper)
    for short, word in FUND_WORDS:
        column = grid.column(short)
        income = next((r for label, r in income_items if short in label), None)
        if column is None or column.index <= amount.index or income is None:
            continue
        spent_cell = (_cell(grid, spent, column), _v(grid, spent, column), -1)
        income_cell = (_cell(grid, income, amount), _v(grid, income, amount), 1)
        end_cell = (_cell(grid, end, column), _v(grid, end, column))
        text = f"{name} {word}：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出"
        begin = next((r for label, r in begin_items if short in label), None)
        if begin is None and begin_total is not None and _v(grid, begin_total, amount) == 0:
            begin = begin_total
        if begin is not None:
            begin_cell = (_cell(grid, begin, amount), _v(grid, begin, amount), 1)
            yield from _opt(
                _check(
                    text, end_cell, [begin_cell, income_cell, spent_cell], per_term, "carry_over"
                )
            )
        elif begin_total is not None:
            # 年初 of this fund = 年末 − 收入 + 支出, between 0 and the 年初 total.
            yield from _opt(
                _check(text, end_cell, [income_cell, spent_cell], per_term, "carry_over", True)
            )
            total_cell = (_cell(grid, begin_total, amount), _v(grid, begin_total, amount))
            yield from _opt(
                _check(
                    text,
                    total_cell,
                    [
                        (end_cell[0], end_cell[1], 1),
                        (income_cell[0], income_cell[1], -1),
                        (spent_cell[0], spent_cell[1], 1),
                    ],
                    per_term,
                    "carry_over",
                    True,
                )
            )


def _hierarchy(grid: Grid, upper: float) -> Iterator[Broken]:
    """类 = Σ款, 款 = Σ项, 合计 = Σ类, down every amount column.

    Rows can be lost where a grid runs over pages, so a total larger than the rows
    found is only reported when the table is whole (its 合计 equals the sum of its 类
    rows in the first amount column); parts exceeding their total always are."""
    if not has_code_column(grid):
        return
    coded = grid.coded_rows()
    # A two-panel table (收入 on the left, 支出 by 类 on the right): only the columns right
    # of the codes belong to them.
    start = coded[0].code_index
    name = grid_name(grid)
    total_row = grid.total_row()
    classes = [r for r in coded if len(r.code) == 3]
    columns = [c for c in grid.amount_columns() if c.index > start]
    whole = (
        bool(columns)
        and total_row is not None
        and bool(classes)
        and _holds(grid, total_row, classes, columns[0], upper)
    )
    for column in columns:
        for parent in coded:
            children = [
                r
                for r in coded
                if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)
            ]
            if not children:
                continue
            level = "款" if len(parent.code) == 3 else "项"
            yield from _opt(
                _check(
                    f"{name} {column.text}列：{parent.name} = Σ{level}",
                    (_cell(grid, parent, column), _v(grid, parent, column)),
                    [(_cell(grid, r, column), _v(grid, r, column), 1) for r in children],
                    grid.per_term(upper),
                    one_way=not whole,
                )
            )
        if total_row is not None and classes:
            yield from _opt(
                _check(
                    f"{name} {column.text}列：合计 = Σ类",
                    (_cell(grid, total_row, column), _v(grid, total_row, column)),
                    [(_cell(grid, r, column), _v(grid, r, column), 1) for r in classes],
                    grid.per_term(upper),
                    one_way=not whole,
                )
            )


def has_code_column(grid: Grid) -> bool:
    """Rows coded 类/款/项 in one column under a header that names it: numbers that look
    like codes without such a header are not codes."""
    coded = grid.coded_rows()
    if not coded or grid.side_by_side or len({r.code_index for r in coded}) > 1:
        return False
    return any(
        c.named("编码", "代码", "科目", "类") for c in grid.columns[: coded[0].code_index + 3]
    )


def _holds(grid: Grid, total: Row, parts: list[Row], column: Column, upper: float) -> bool:
    stated = _v(grid, total, column)
    values = [v for r in parts if (v := _v(grid, r, column)) is not None]
    if stated is None or not values:
        return False
    return abs(sum(values) - stated) <= (len(values) + 1) * grid.per_term(upper)


def _repeated(grid: Grid) -> bool:
    return len({tuple(r.cells) for r in grid.rows}) < len(grid.rows)


def _triples(grid: Grid) -> dict[str, tuple[Cell, float]]:
    """Code or label → amount, read along rows that print several (code, name, amount)
    groups side by side (the national basic expenditure table)."""
    found: dict[str, tuple[Cell, float]] = {}
    for row in grid.rows:
        code = label = ""
        for i, raw in enumerate(row.cells):
            text = squeeze(raw)
            if not text:
                continue
            if text.isdigit() and len(text) in (3, 5):
                code, label = text, ""
                continue
            value = _number(text)
            if value is None:
                label = text
                continue
            name = code or label
            if name and name not in found:
                column = grid.columns[i].text if i < len(grid.columns) else ""
                found[name] = (
                    Cell(grid.key, f"{code} {label}".strip(), column),
                    value * grid.factor,
                )
            code = label = ""
    return found


def _basic_items(grid: Grid, upper: float) -> Iterator[Broken]:
    if len(grid.amount_columns()) > 3 and grid.column("合计"):
        return  # a columned basic table: its row sums cover it
    values = _triples(grid)
    name = grid_name(grid)
    for parent, (cell, value) in values.items():
        children = [values[c] for c in values if len(c) == 5 and c.startswith(parent)]
        if len(parent) == 3 and parent.isdigit() and children:
            yield from _opt(
                _check(
                    f"{name}：{parent} {cell.row.removeprefix(parent).strip()} = Σ款",
                    (cell, value),
                    [(c, v, 1) for c, v in children],
                    grid.per_term(grid.upper),
                )
            )
    for total_label, codes in (("人员经费", PERSONNEL_CODES), ("公用经费", PUBLIC_CODES)):
        total = next((values[k] for k in (f"{total_label}合计", total_label) if k in values), None)
        parts = [values[c] for c in codes if c in values]
        if total is None or codes[0] not in values:
            continue
        yield from _opt(
            _check(
                f"{name}：{total_label}合计 = " + " + ".join(c for c in codes if c in values),
                total,
                [(cell, value, 1) for cell, value in parts],
                grid.per_term(upper),
            )
        )


# -- between tables ---------------------------------------------------------------------


def _plain(label: str) -> str:
    return NUMBERING.sub("", squeeze(label)).removesuffix("支出")


def _class_rows(grid: Grid, column: Column | None) -> dict[str, tuple[Cell, float]]:
    """类 → amount in ``column``: by code, else by the numbered label of the column's own
    panel (财政拨款收入支出决算总表 lists 支出 by 类 right of its 收入)."""
    out: dict[str, tuple[Cell, float]] = {}
    if column is None:
        return out
    for row in grid.rows:
        value = row.value(column)
        if value is None or (row.code and len(row.code) != 3) or row.is_total:
            continue
        label = squeeze(row.label) if row.code else _row_name(row, column)
        if not row.code and not NUMBERING.match(label):
            continue
        out[_plain(label)] = (_cell(grid, row, column), value * grid.factor)
    return out


def _same_class(a: str, b: str) -> bool:
    """Two tables' names of one 类, one of them cut where the grid wrapped it."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _classes_add_up(grid: Grid, column: Column, classes: dict[str, tuple[Cell, float]]) -> bool:
    """The table's total (合计 / 本年支出合计) = Σ类 in ``column``: no 类 row lost."""
    total = grid.total_row() or next(
        (r for r in grid.rows if any("本年支出合计" in squeeze(c) for c in r.cells)), None
    )
    stated = _v(grid, total, column) if total else None
    if stated is None or not classes:
        return False
    allowed = (len(classes) + 1) * grid.per_term(grid.upper)
    return abs(sum(v for _, v in classes.values()) - stated) <= allowed


def _class_sets(fiscal: Grid, general: Grid, upper: float) -> Iterator[Broken]:
    """财政拨款收入支出决算总表's 一般公共预算 column and 一般公共预算财政拨款支出决算表, 类
    by 类: equal amounts, and the same 类 (a 类 one lists with an amount and the other,
    whole, does not list is one finding with the other differences of the pair)."""
    fiscal_column = fiscal.column("一般公共预算")
    general_column = general.column("合计") or general.column("本年支出")
    left, right = _class_rows(fiscal, fiscal_column), _class_rows(general, general_column)
    matched = {a: next((b for b in right if _same_class(a, b)), None) for a in left}
    per_term = max(fiscal.per_term(upper), general.per_term(upper))
    for label, other in matched.items():
        if other is not None:
            yield from _opt(
                _check(
                    f"{grid_name(fiscal)}的一般公共预算财政拨款{label}支出 = "
                    f"{grid_name(general)}的{other}支出合计",
                    right[other],
                    [(*left[label], 1)],
                    per_term,
                    kind="between",
                )
            )
    if fiscal_column is None or general_column is None:
        return
    if not all(cell.row.endswith("支出") for cell, _ in [*left.values(), *right.values()]):
        return  # a 类 name wrapped over rows ("一、一般公" / "共服务支出"): names unsure
    unmatched = [
        (label, left[label], general, general_column, right)
        for label, other in matched.items()
        if other is None
    ] + [
        (label, right[label], fiscal, fiscal_column, left)
        for label in right
        if not any(_same_class(label, a) for a in left)
    ]
    for label, (cell, value), there, column, listed in unmatched:
        if abs(value) <= 2 * per_term or not _classes_add_up(there, column, listed):
            continue
        absent = Cell(there.key, f"{label}支出", f"{column.text}（无此类）")
        here = fiscal if cell.table == fiscal.key else general
        yield Broken(
            f"{grid_name(fiscal)}与{grid_name(general)} {label}支出：{grid_name(there)}无此类，"
            f"{grid_name(here)}列有{value:,.2f}万元（一般公共预算财政拨款支出两表应按类一致）",
            (absent, 0.0),
            [(cell, value, 1)],
            kind="relation",
            link=f"classes:{fiscal.key}:{general.key}",
            says_amounts=True,
        )


def _between(grids: dict[str, Grid], upper: float) -> Iterator[Broken]:
    fiscal, general, basic = grids.get("table_04"), grids.get("table_05"), grids.get("table_06")

    if fiscal and general:
        yield from _class_sets(fiscal, general, upper)
    if general and basic:
        total_row = general.total_row()
        column = general.column("基本支出")
        values = _triples(basic)
        people = next((values[k] for k in ("人员经费合计", "人员经费") if k in values), None)
        public = next((values[k] for k in ("公用经费合计", "公用经费") if k in values), None)
        if total_row and column and people and public and total_row.value(column) is not None:
            yield from _opt(
                _check(
                    f"{grid_name(general)}的基本支出合计 = {grid_name(basic)}的"
                    "人员经费合计 + 公用经费合计",
                    (
                        _cell(general, total_row, column),
                        (total_row.value(column) or 0) * general.factor,
                    ),
                    [(*people, 1), (*public, 1)],
                    max(general.per_term(upper), basic.per_term(upper)),
                    kind="between",
                )
            )


def _fund_columns(grids: dict[str, Grid], empty: set[str], upper: float) -> Iterator[Broken]:
    """The fiscal-appropriation table's 政府性基金 / 国有资本 totals against the funds'
    own tables: a 0 (or an empty table) on one side and amounts on the other."""
    fiscal = grids.get("table_04")
    if fiscal is None:
        return
    total_row = next((r for r in fiscal.rows if "本年支出合计" in squeeze(" ".join(r.cells))), None)
    if total_row is None:
        return
    for word, key in (("政府性基金", "table_07"), ("国有资本", "table_08")):
        column = fiscal.column(word)
        stated = total_row.value(column) if column else None
        if column is None or stated is None:
            continue
        stated *= fiscal.factor
        own = grids.get(key)
        own_total = _own_total(own)
        if own_total is not None and _other_fund(fiscal, total_row, word, own_total[1]):
            continue  # the grid stored under this key is the other fund's table
        if own_total is None and key in empty:
            own_total = (Cell(key, "合计", "本表为空表"), 0.0)
        if own_total is None:
            continue
        cell = Cell(fiscal.key, "本年支出合计", column.text)
        if (stated == 0) == (own_total[1] == 0) and stated == 0:
            continue
        zero_vs_amount = (stated == 0) != (own_total[1] == 0)
        yield from _opt(
            _check(
                f"{grid_name(fiscal)}的{column.text}本年支出合计 = {table_name(key)}的本年支出合计",
                (cell, stated),
                [(*own_total, 1)],
                per_term=max(fiscal.per_term(upper), own.per_term(upper) if own else 0.0),
                kind="emptiness" if zero_vs_amount else "between",
            )
        )


def _other_fund(fiscal: Grid, row: Row, word: str, amount: float) -> bool:
    """The fund table's total equals the OTHER fund's column and not its own."""
    own_column = fiscal.column(word)
    own = row.value(own_column) if own_column else None
    for other in ("政府性基金", "国有资本"):
        column = fiscal.column(other)
        value = row.value(column) if column and other != word else None
        if value is not None and amount and abs(value * fiscal.factor - amount) < 0.01:
            return own is None or abs(own * fiscal.factor - amount) >= 0.01
    return False


def _own_total(grid: Grid | None) -> tuple[Cell, float] | None:
    if grid is None:
        return None
    row = grid.total_row()
    column = (
        next(
            (
                c
                for c in grid.columns
                if c.path
                and "本年支出" in c.path[0]
                and (len(c.path) == 1 or any(w in c.name for w in TOTAL_WORDS))
            ),
            None,
        )
        or grid.column("支出合计")
        or grid.column("合计")
    )
    if row is None or column is None or row.value(column) is None:
        return None
    return _cell(grid, row, column), (row.value(column) or 0) * grid.factor


def _procurement(grids: dict[str, Grid], upper: float) -> Iterator[Broken]:
    for grid in grids.values():
        total, sme = grid.column("采购总额", "合计"), grid.column("中小企业")
        if total is None or sme is None or total == sme:
            continue
        for row in grid.rows:
            whole, part = _v(grid, row, total), _v(grid, row, sme)
            if whole is None or part is None:
                continue
            if part - whole > 2 * grid.per_term(upper):
                yield Broken(
                    f"{grid_name(grid)} {row.name}：授予中小企业合同金额 ≤ {total.text}",
                    (_cell(grid, row, total), whole),
                    [(_cell(grid, row, sme), part, 1)],
                    kind="procurement_sme",
                )


# -- one finding per cause ---------------------------------------------------------------


def causes(db: sqlite_utils.Database, doc: Doc, upper: float) -> list[Cause]:
    # code_sets builds on this module's relations.
    from fiscalwatch.monitor.checks.code_sets import code_sets
    from fiscalwatch.monitor.checks.grids import empty_tables

    memo_key = f"table_causes:{upper}"
    if memo_key in doc.memo:
        return doc.memo[memo_key]
    grids = load_grids(db, doc)
    for grid in grids.values():
        grid.upper = upper
    broken: list[Broken] = []
    for grid in grids.values():
        broken += _row_sums(grid, upper)
        broken += _hierarchy(grid, upper)
        broken += _carry_over(grid, upper)
        if grid.key == "table_04":
            broken += _fund_carry_over(grid, upper)
        if grid.key in ("table_09", "three_public_operating"):
            broken += _three_public(grid, upper)
            broken += _three_public_rows(grid, upper)
        if grid.key in ("table_06", "gov_fund_basic"):
            broken += _basic_items(grid, upper)
    broken += _between(grids, upper)
    broken += code_sets(grids, upper)
    broken += _fund_columns(grids, empty_tables(db, doc), upper)
    broken += _procurement(grids, upper)
    found = group(broken)
    for cause in found:
        cause.detail["names"] = {key: grid_name(grid) for key, grid in grids.items()}
    doc.memo[memo_key] = found
    return found


def group(broken: list[Broken]) -> list[Cause]:
    """Broken relations that share a cell are one cause; its suspect is the cell most of
    them share (when one is shared by more than one)."""
    parent = list(range(len(broken)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Cell | str, int] = {}
    for i, item in enumerate(broken):
        keys: list[Cell | str] = [*item.cells, *([item.link] if item.link else [])]
        for cell in keys:
            if cell in owner:
                parent[root(i)] = root(owner[cell])
            else:
                owner[cell] = i
    members: dict[int, list[Broken]] = {}
    for i, item in enumerate(broken):
        members.setdefault(root(i), []).append(item)
    out = []
    for items in members.values():
        counts = Counter(cell for item in items for cell in item.cells)
        cell, times = counts.most_common(1)[0]
        out.append(Cause(items, cell if times > 1 else None))
    return out


def _cell(grid: Grid, row: Row, column: Column) -> Cell:
    """A cell named for evidence; a cell printed coarser than its table (an integer in a
    table of cents) brings its own rounding allowance."""
    text = row.cells[column.index] if column.index < len(row.cells) else ""
    step = printed_step([text]) if is_amount(text) else 0.01
    slack = per_term_allowance(step, grid.upper, grid.factor)
    return Cell(grid.key, _row_name(row, column), column.text, slack)


def _row_name(row: Row, column: Column) -> str:
    """The row as the cell's own panel labels it: a two-panel table's right half has its
    own labels ("年初…结转和结余 | 0.00 | 年末…结转和结余 | 40.00")."""
    for cell in reversed(row.cells[: column.index]):
        text = squeeze(cell)
        if text and not is_amount(text):
            return row.name if text == squeeze(row.label) else text
    return row.name or f"第{row.number + 1}行"


def _v(grid: Grid, row: Row, column: Column) -> float | None:
    value = row.value(column)
    return None if value is None else value * grid.factor


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if re.match(r"^-?[\d,]+(?:\.\d+)?$", text) else None
    except ValueError:
        return None


def _opt(item: Broken | None) -> Iterator[Broken]:
    if item is not None:
        yield item


def relation_finding(check: str, severity: str, doc: Doc, cause: Cause) -> FindingDraft:
    first = cause.broken[0]
    kinds = {b.kind for b in cause.broken}
    kind = next((k for k in ("emptiness", "procurement_sme") if k in kinds), "relation")
    relations = [b.as_evidence() for b in cause.broken]
    suspect = cause.suspect
    if suspect is not None:
        names = cause.detail.get("names", {})
        table = names.get(suspect.table) or table_name(suspect.table)
        where_text = f"{table}“{suspect.row}”行“{suspect.column}”列的数字"
        lead = (
            f"{where_text}同时使{len(cause.broken)}处勾稽关系不成立："
            if len(cause.broken) > 1
            else ""
        )
    else:
        lead = ""
    listed = "；".join(
        b.text
        if b.says_amounts
        else f"{b.text}（{b.total[1]:,.2f}万元，按各项计算应为{b.computed:,.2f}万元）"
        for b in cause.broken[:4]
    )
    more = f"等{len(cause.broken)}处" if len(cause.broken) > 4 else ""
    evidence = {
        "metric": "table_relation",
        "stated": round(first.total[1], 2),
        "computed": round(first.computed, 6),
        "kind": kind,
        "relation": relations,
        "suspect": None
        if suspect is None
        else {"table": suspect.table, "row": suspect.row, "column": suspect.column},
    }
    anchor = suspect or first.total[0]
    identity = (doc.url, "table_relation", anchor.table, anchor.row, anchor.column)
    message = f"{doc_label(doc)}：{lead}{listed}{more}"
    return document_finding(check, severity, doc, message, evidence, identity)

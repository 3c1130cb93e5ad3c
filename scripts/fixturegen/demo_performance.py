"""组织部's 绩效自评 tables for the demo: seed 002's 部门整体 and 项目支出绩效自评表, moved
to 青川市 and to the fiscal year of the demo account they are appended to.

The tables are cut from the seed text (the same tab-separated rows the seed fixture is
built from, so the Word tables have the seed's shapes: wrapped cells, rows that lost a
leading cell, a repeated header). What changes: the department's three spellings become
the demo name, 乌鲁木齐市 becomes 青川市, the year becomes the account's, and the
部门整体 funds row is restated from the account's own figures (全年执行数 = 支出总计,
年初预算数 = the account's 年初预算) at the seed's 99.7 % rate. What stays: every project
row, indicator and score, so the seed's planted errors stay planted: the 执行率 93.48 % of
“计划重点举办培训班次” and 92.52 % of “援疆干部医疗费” (both computed against 年初预算数)
and 试卷保密保管（押运）员 =4人 → =2人.

The result is committed (``data/zuzhibu_performance.txt``) so the demo stage builds
without ../shared/seeds; with the seeds present it is rewritten from them (same bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .account import Model, derive
from .blocks import Block, PageBreak
from .seeds import seed_blocks

EXCERPT = Path(__file__).resolve().parent / "data" / "zuzhibu_performance.txt"
SEED_PREFIX = "002"
SEED_YEAR = "2024"
START = "部门整体支出绩效自评表"
END = "十二、其他需说明的事项"
# The seed spells its own department three ways inside these tables.
SEED_DEPARTMENT = (
    "中共乌鲁木齐市委委员会组织部",
    "中共乌鲁木齐市委员会组织部",
    "中共乌鲁木齐市委组织部",
)
SEED_CITY = "乌鲁木齐市"
# 部门整体 funds row of the seed: 年初预算数, 全年预算数, 全年执行数 (年度总资金 and 本级资金).
SEED_OVERALL = ("3,163.77", "2,590.54", "2,582.72")
OVERALL_RATE = 0.997  # the seed's stated 99.7 %, kept


@dataclass(frozen=True)
class Target:
    department: str
    city: str
    fiscal_year: int
    budget_initial: float  # 年初预算数 of the account
    executed: float  # 全年执行数 = the account's 支出总计

    @classmethod
    def of(cls, model: Model, city: str) -> Target:
        """The account ``model`` renders, whose 绩效自评 the tables become."""
        figures = derive(model)
        return cls(
            department=model.department,
            city=city,
            fiscal_year=model.year,
            budget_initial=figures["budget_initial"],
            executed=figures["expenditure_total"],
        )

    @property
    def overall(self) -> tuple[str, str, str]:
        full_year = round(self.executed / OVERALL_RATE, 2)
        rate = self.executed / full_year * 100
        assert round(rate, 1) == OVERALL_RATE * 100, rate  # 执行率 stays 99.7 %, 得分 9.97
        initial, full, executed = (
            f"{v:,.2f}" for v in (self.budget_initial, full_year, self.executed)
        )
        return initial, full, executed


def excerpt_from_seed(seed_text: str, target: Target) -> str:
    """The seed's self-evaluation tables, moved to ``target``."""
    text = seed_text.replace("\r\n", "\n")
    # The tables start at the title line (the 预算绩效 paragraph names them first).
    start = text.index(f"\n{START}\n") + 1
    end = text.index(f"\n{END}", start) + 1
    excerpt = text[start:end].rstrip("\n") + "\n"
    for spelling in SEED_DEPARTMENT:
        excerpt = excerpt.replace(spelling, target.department)
    excerpt = excerpt.replace(SEED_CITY, target.city)
    assert str(target.fiscal_year) not in excerpt, "the year shift would be ambiguous"
    excerpt = excerpt.replace(SEED_YEAR, str(target.fiscal_year))
    overall_end = excerpt.index("\n项目支出绩效自评表\n")
    overall, projects = excerpt[:overall_end], excerpt[overall_end:]
    for seed_value, value in zip(SEED_OVERALL, target.overall, strict=True):
        assert overall.count(seed_value) == 2 and seed_value not in projects, seed_value
        overall = overall.replace(seed_value, value)
    return overall + projects


def performance_blocks(seeds: Path | None, target: Target) -> list[Block]:
    """Blocks of the tables; refreshes the committed excerpt when seed 002 is at hand."""
    found = sorted(seeds.glob(f"{SEED_PREFIX}_*.txt")) if seeds and seeds.is_dir() else []
    if found:
        excerpt = excerpt_from_seed(found[0].read_text(encoding="utf-8"), target)
        if not EXCERPT.exists() or EXCERPT.read_text(encoding="utf-8") != excerpt:
            EXCERPT.parent.mkdir(parents=True, exist_ok=True)
            EXCERPT.write_text(excerpt, encoding="utf-8")
    else:
        excerpt = EXCERPT.read_text(encoding="utf-8")
    # The tables start on a page of their own, as appended forms do (and so the
    # 部门整体 table is not split: its repeated 部门名称 row would start a new table).
    return [PageBreak(), *seed_blocks(excerpt)]

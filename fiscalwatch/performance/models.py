"""What the extractor returns: plain dataclasses, picklable across the parse pool.

Money in 万元, rates in %, weights and scores in points, as the self-evaluation tables
state them. Values are kept as stated; nothing is recomputed here (the checks do that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("部门整体", "项目")


@dataclass
class Indicator:
    level3: str  # 三级指标: the indicator itself
    level1: str | None = None  # 一级指标: 产出指标, 效益指标, 履职效能 ...
    level2: str | None = None  # 二级指标: 数量指标, 质量指标 ...
    target: str | None = None  # 年度指标值 / 预期指标值, as written (">=4人")
    actual: str | None = None  # 实际完成值, as written ("=2人")
    basis: str | None = None  # 指标值设定依据 (部门整体 tables only)
    weight: float | None = None  # 分值 / 分值权重
    score: float | None = None  # 得分
    deviation_reason: str | None = None  # 偏差原因分析及改进措施
    page: int | None = None


@dataclass
class Evaluation:
    kind: str  # 部门整体 | 项目
    name: str  # the project, or the department for 部门整体
    department: str | None = None  # 部门名称 / 主管部门
    implementing_unit: str | None = None  # 实施单位
    fiscal_year: int | None = None
    budget_initial: float | None = None  # 年初预算数
    budget_full_year: float | None = None  # 全年预算数
    executed: float | None = None  # 全年执行数
    execution_rate_stated: float | None = None  # 执行率, %
    weight: float | None = None  # 分值 of the funds row
    score: float | None = None  # 得分 of the funds row
    total_weight: float | None = None  # 总分 row: 分值
    total_score: float | None = None  # 总分 row: 得分 (or the report's 综合得分)
    page: int | None = None
    origin: str = "text"  # text (tab or cell-per-line text) | table (PDF table) | prose
    snippet: str = ""  # the funds row as read
    indicators: list[Indicator] = field(default_factory=list)
    # Funds sub-rows (上级资金, 本级资金, 其他资金 ...) and the 年度总体目标 texts.
    raw: dict[str, Any] = field(default_factory=dict)

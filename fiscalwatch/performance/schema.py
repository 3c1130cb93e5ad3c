"""Tables this package adds to the store, as named migrations (see fiscalwatch.store.schema).

``perf_evaluations``: one row per 部门整体 or 项目 self-evaluation found in a document;
``perf_indicators``: one row per 三级指标 of an evaluation. Money in 万元, rates in %,
weights and scores in points, all as the document states them.
"""

from __future__ import annotations

import sqlite_utils

from fiscalwatch.store.schema import Migration, run_script


def _tables(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE perf_evaluations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL,           -- order in the document, from 1
            kind TEXT NOT NULL,             -- 部门整体 | 项目
            name TEXT NOT NULL,             -- 项目名称, or the department for 部门整体
            department TEXT,                -- 部门名称 / 主管部门
            implementing_unit TEXT,         -- 实施单位
            fiscal_year INTEGER,
            budget_initial REAL,            -- 年初预算数
            budget_full_year REAL,          -- 全年预算数
            executed REAL,                  -- 全年执行数
            execution_rate_stated REAL,     -- 执行率 as printed, %
            weight REAL,                    -- 分值 of the funds row
            score REAL,                     -- 得分 of the funds row
            total_weight REAL,              -- 总分 row: 分值
            total_score REAL,               -- 总分 row: 得分 (or the report's 综合得分)
            page INTEGER,
            origin TEXT NOT NULL,           -- text | table | prose
            snippet TEXT,                   -- the funds row as read
            raw TEXT                        -- JSON: funds sub-rows, 年度总体目标 texts
        );
        CREATE INDEX perf_evaluations_document ON perf_evaluations(document_id);

        CREATE TABLE perf_indicators (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES perf_evaluations(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL,           -- order in the evaluation, from 1
            level1 TEXT,                    -- 一级指标
            level2 TEXT,                    -- 二级指标
            level3 TEXT NOT NULL,           -- 三级指标
            target TEXT,                    -- 年度指标值 / 预期指标值, as written
            basis TEXT,                     -- 指标值设定依据
            actual TEXT,                    -- 实际完成值, as written
            weight REAL,                    -- 分值
            score REAL,                     -- 得分
            deviation_reason TEXT,          -- 偏差原因分析及改进措施
            page INTEGER
        );
        CREATE INDEX perf_indicators_evaluation ON perf_indicators(evaluation_id);
        CREATE INDEX perf_indicators_document ON perf_indicators(document_id);
        """,
    )


MIGRATIONS: list[Migration] = [Migration("performance_0001_tables", _tables)]

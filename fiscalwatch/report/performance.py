"""Performance self-evaluation projects (``perf_evaluations``, owned by
``fiscalwatch.performance``) for the department pages.

The report reads the table only when it exists, and names columns by what they mean
(the first present of several spellings), so it keeps working while that table grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from fiscalwatch.report.model import Department

TABLE = "perf_evaluations"

# meaning -> (column label, accepted column names, in order of preference)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("项目", ("name", "project", "project_name", "title")),
    "kind": ("类别", ("kind", "scope", "level", "evaluation_type")),
    "budget_initial": ("年初预算数", ("budget_initial", "initial_budget", "year_start_budget")),
    "budget": (
        "全年预算数",
        ("budget_full_year", "full_year_budget", "annual_budget", "budget", "budget_total"),
    ),
    "executed": (
        "全年执行数",
        ("executed", "execution", "full_year_executed", "actual", "spent", "executed_total"),
    ),
    "rate": ("执行率 %", ("execution_rate_stated", "execution_rate", "rate")),
    "weight": ("分值", ("weight", "points", "max_score")),
    "score": ("得分", ("score", "points_scored")),
    "total": ("总分", ("total_score", "total")),
    "page": ("页码", ("page",)),
}
KIND_LABELS = {"department": "部门整体", "overall": "部门整体", "project": "项目"}
NUMERIC = ("budget_initial", "budget", "executed", "rate", "weight", "score", "total")


@dataclass
class Project:
    fiscal_year: int | None
    values: dict[str, Any]

    def get(self, meaning: str) -> Any:
        return self.values.get(meaning)


@dataclass
class ProjectTable:
    meanings: list[str]  # the columns this store has, in display order
    projects: list[Project]

    def label(self, meaning: str) -> str:
        return COLUMNS[meaning][0]

    def is_numeric(self, meaning: str) -> bool:
        return meaning in NUMERIC


def _column_map(db: sqlite_utils.Database) -> dict[str, str]:
    present = {column.name for column in db.table(TABLE).columns}
    found = {}
    for meaning, (_label, names) in COLUMNS.items():
        for name in names:
            if name in present:
                found[meaning] = name
                break
    return found


def attach_projects(
    db: sqlite_utils.Database, departments: list[Department]
) -> dict[str, ProjectTable]:
    """Department slug -> its projects; empty when the table is absent or unusable."""
    if TABLE not in db.table_names():
        return {}
    columns = _column_map(db)
    present = {column.name for column in db.table(TABLE).columns}
    if "name" not in columns or not {"document_id", "department_key"} & present:
        return {}
    year_column = "fiscal_year" if "fiscal_year" in present else None
    by_document = {d.id: dep for dep in departments for d in dep.documents if d.is_current}
    by_key = {(dep.region, dep.key): dep for dep in departments}
    by_plain_key: dict[str, Department] = {}
    for dep in departments:
        by_plain_key.setdefault(dep.key, dep)
    tables: dict[str, ProjectTable] = {}
    meanings = [m for m in COLUMNS if m in columns]
    for row in db.query(f"SELECT * FROM [{TABLE}]"):
        department = _owner(row, by_document, by_key, by_plain_key)
        if department is None:
            continue
        year = row.get(year_column) if year_column else None
        if year is None and row.get("document_id"):
            year = next(
                (d.fiscal_year for d in department.documents if d.id == row["document_id"]), None
            )
        values = {meaning: row.get(column) for meaning, column in columns.items()}
        kind = values.get("kind")
        if isinstance(kind, str):
            values["kind"] = KIND_LABELS.get(kind, kind)
        tables.setdefault(department.slug, ProjectTable(meanings, [])).projects.append(
            Project(year, values)
        )
    for table in tables.values():
        # Newest year first; within a year the 部门整体 evaluation leads its projects.
        table.projects.sort(
            key=lambda p: (
                -(p.fiscal_year or 0),
                p.get("kind") != KIND_LABELS["department"],
                str(p.get("name") or ""),
            )
        )
    return tables


def _owner(
    row: dict[str, Any],
    by_document: dict[int, Department],
    by_key: dict[tuple[str, str], Department],
    by_plain_key: dict[str, Department],
) -> Department | None:
    if row.get("document_id") in by_document:
        return by_document[row["document_id"]]
    key = row.get("department_key")
    if key:
        return by_key.get((row.get("region") or "", key)) or by_plain_key.get(key)
    return None

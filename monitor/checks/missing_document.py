"""``missing_document``: a department expected to publish has no final account (or
budget) for year Y after the deadline (critical).

A department is expected, per document type and level (部门 / 单位 / 本级: a 单位 budget
never stands in for the 部门 one), for every year from the year after its first stored
document of that type and level up to the latest overdue year: a final account of Y is
due by ``[monitor] final_account_deadline`` of Y+1, a budget of Y by
``[monitor] budget_deadline`` of Y itself (judged on ``as_of``). A department on a
source's ``departments`` roster is expected, at the 部门 level, for the latest overdue
year and, until its first document of the type is seen, every year the region has any.
Department identity: the store's departments (fiscalwatch.store.departments), which
resolve a roster's short names ("区卫健委") too. What a department-year has published is
the store's ``current_documents`` view: any of them counts, even one that could not be
parsed (that is ``unreadable_document``'s business). The finding resolves when the
document appears. Example: "青川市 青川市卫生健康委员会：2024年度部门决算逾期未公开（应于
2025-09-30前公开；上次公开为2023年度）". Evidence: ``doc_type``, ``deadline``, ``level``,
then ``last_year``, ``last_url``, ``on_roster``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fiscalwatch.budget_template import document_kind
from fiscalwatch.deadlines import DUE_YEAR_OFFSET, document_deadline, latest_due_year
from fiscalwatch.models import DEFAULT_LEVEL
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.store import departments as department_registry
from fiscalwatch.store import reads

# The document types expected every year, with the setting that says when.
EXPECTED_TYPES = {"final_account": "final_account_deadline", "budget": "budget_deadline"}


@dataclass
class Department:
    region: str
    key: str
    id: int | None = None
    doc_type: str = "final_account"
    level: str = DEFAULT_LEVEL
    name: str = ""
    years: dict[int, dict[str, Any]] = field(default_factory=dict)  # year -> latest doc
    roster_source: str | None = None


class MissingDocument(Check):
    name = "missing_document"
    severity = "critical"
    description = (
        "A department that published a final account (or budget) before, at the same "
        "level, or is on a source's roster, has none for a year whose deadline "
        "([monitor] final_account_deadline / budget_deadline) has passed."
    )

    def state(self, ctx: CheckContext) -> Any:
        # A deadline passing makes every department owe one more account or budget.
        return [
            latest_due_year(
                ctx.as_of, getattr(ctx.config.monitor, setting), DUE_YEAR_OFFSET[doc_type]
            )
            for doc_type, setting in EXPECTED_TYPES.items()
        ]

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        departments = self._departments(ctx)
        for doc_type, setting in EXPECTED_TYPES.items():
            month_day = getattr(ctx.config.monitor, setting)
            due = latest_due_year(ctx.as_of, month_day, DUE_YEAR_OFFSET[doc_type])
            of_type = [d for d in departments.values() if d.doc_type == doc_type]
            region_years: dict[str, set[int]] = defaultdict(set)
            for dept in of_type:
                region_years[dept.region].update(dept.years)
            for dept in of_type:
                published = sorted(y for y in dept.years if y <= due)
                expected: set[int] = set()
                if published:
                    expected.update(range(published[0] + 1, due + 1))
                if dept.roster_source:
                    expected.add(due)
                    if not dept.years:  # never seen: every year the region is watched
                        expected.update(y for y in region_years[dept.region] if y <= due)
                for year in sorted(expected - set(dept.years)):
                    yield self.finding(ctx, dept, year)

    def _departments(self, ctx: CheckContext) -> dict[tuple[int, str, str], Department]:
        rows = [
            row
            for row in reads.current_documents(ctx.db, ctx.regions)
            if row.kind in EXPECTED_TYPES
            and row.fiscal_year is not None
            and row.department_id
            and not row.replaced
        ]
        roster = [
            (source.region or "", name, source.name)
            for source in ctx.config.sources
            for name in source.departments
            if ctx.regions is None or (source.region or "") in ctx.regions
        ]
        registry = reads.departments(ctx.db)
        departments: dict[tuple[int, str, str], Department] = {}

        def get(department_id: int, doc_type: str, level: str) -> Department:
            known = registry[department_id]
            return departments.setdefault(
                (department_id, doc_type, level),
                Department(known.region, known.key, department_id, doc_type, level),
            )

        for row in rows:
            assert row.department_id is not None and row.kind is not None
            dept = get(row.department_id, row.kind, row.level_or_default)
            dept.name = row.department or dept.name  # the latest full name wins
            dept.years[int(row.fiscal_year or 0)] = vars(row)
        for region, name, source in roster:
            department_id = department_registry.lookup(ctx.db, region, name)
            if department_id is None or department_id not in registry:
                continue  # fiscalwatch.monitor.runner registers rosters before the checks
            for doc_type in EXPECTED_TYPES:
                if doc_type == "budget" and not any(
                    d.doc_type == "budget" and d.region == region for d in departments.values()
                ):
                    continue  # a region watched for final accounts only
                dept = get(department_id, doc_type, DEFAULT_LEVEL)
                dept.roster_source = source
                dept.name = dept.name or name
        return departments

    def finding(self, ctx: CheckContext, dept: Department, year: int) -> FindingDraft:
        deadline = document_deadline(dept.doc_type, year, ctx.config.monitor)
        earlier = [y for y in dept.years if y < year]
        last = dept.years[max(earlier)] if earlier else None
        since = f"；上次公开为{max(earlier)}年度" if earlier else "；在公开名单上"
        where = f"{dept.region} " if dept.region else ""
        kind = document_kind(dept.doc_type, dept.level)
        # The 部门 level keeps its historical identity, so open findings stay the same.
        identity: tuple[object, ...] = (dept.region, dept.key, year, dept.doc_type)
        if dept.level != DEFAULT_LEVEL:
            identity += (dept.level,)
        return FindingDraft(
            check=self.name,
            severity=self.severity,
            message=(
                f"{where}{dept.name}：{year}年度{kind}逾期未公开（应于{deadline.isoformat()}"
                f"前公开{since}）"
            ),
            evidence={
                "doc_type": dept.doc_type,
                "deadline": deadline.isoformat(),
                "level": dept.level,
                "last_year": max(earlier) if earlier else None,
                "last_url": last["url"] if last else None,
                "on_roster": dept.roster_source is not None,
                "document_id": None,
                "page": None,
                "snippet": None,
                "url": last["url"] if last else None,
            },
            identity=identity,
            department=dept.name,
            department_key=dept.key,
            department_id=dept.id,
            region=dept.region or None,
            fiscal_year=year,
            source=(last["source"] if last else None) or dept.roster_source,
            url=last["url"] if last else None,
        )

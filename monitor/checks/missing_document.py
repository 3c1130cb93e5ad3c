"""``missing_document``: a department expected to publish has no final account for year
Y after the deadline (critical).

A department is expected for every year from the year after its first stored final
account up to the latest overdue year (``[monitor] final_account_deadline`` of Y+1,
judged on ``as_of``); a department on a source's ``departments`` roster is expected for
the latest overdue year and, until its first final account is seen, every year the
region has any final account. Department
identity: ``department_key`` within the region, a roster's short names ("区卫健委")
matched by :class:`fiscalwatch.departments.DepartmentMatcher`. Any current document of
the department and year counts, even one that could not be parsed (that is
``unreadable_document``'s business). The finding resolves when the document appears.
Example: "青川市 青川市卫生健康委员会：2024年度部门决算逾期未公开（应于2025-09-30前公开；
上次公开为2023年度）". Evidence: ``doc_type``, ``deadline``, then ``last_year``,
``last_url``, ``on_roster``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fiscalwatch.deadlines import deadline_for, latest_due_year
from fiscalwatch.departments import DepartmentMatcher, department_key
from monitor.checks.base import Check, CheckContext, FindingDraft


@dataclass
class Department:
    region: str
    key: str
    name: str = ""
    years: dict[int, dict[str, Any]] = field(default_factory=dict)  # year -> latest doc
    roster_source: str | None = None


class MissingDocument(Check):
    name = "missing_document"
    severity = "critical"
    description = (
        "A department that published a final account before (or is on a source's roster) "
        "has none for a year whose deadline ([monitor] final_account_deadline) has passed."
    )

    def state(self, ctx: CheckContext) -> Any:
        # The deadline of a new year passing makes every department owe one more account.
        return latest_due_year(ctx.as_of, ctx.config.monitor.final_account_deadline)

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        due = latest_due_year(ctx.as_of, ctx.config.monitor.final_account_deadline)
        departments = self._departments(ctx)
        region_years: dict[str, set[int]] = defaultdict(set)
        for dept in departments.values():
            region_years[dept.region].update(dept.years)
        for dept in departments.values():
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

    def _departments(self, ctx: CheckContext) -> dict[tuple[str, str], Department]:
        in_scope, params = ctx.region_filter()
        rows = list(
            ctx.db.query(
                "SELECT id, source, url, department, region, fiscal_year, fetched_at"
                " FROM documents WHERE is_current = 1 AND fiscal_year IS NOT NULL"
                " AND department IS NOT NULL AND (doc_type = 'final_account'"
                f" OR (doc_type IS NULL AND title LIKE '%决算%' AND title NOT LIKE '%预算%'))"
                f" AND {in_scope} ORDER BY id",
                params,
            )
        )
        roster = [
            (source.region, name, source.name)
            for source in ctx.config.sources
            for name in source.departments
            if ctx.regions is None or (source.region or "") in ctx.regions
        ]
        keys: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            keys[row["region"] or ""].add(department_key(row["department"]))
        for region, name, _ in roster:
            keys[region].add(department_key(name))
        matchers = {region: DepartmentMatcher(found) for region, found in keys.items()}

        departments: dict[tuple[str, str], Department] = {}

        def get(region: str, name: str) -> Department:
            key = matchers[region].canonical(department_key(name))
            dept = departments.setdefault((region, key), Department(region, key))
            return dept

        for row in rows:
            region = row["region"] or ""
            dept = get(region, row["department"])
            dept.name = row["department"]  # the latest full name wins
            dept.years[int(row["fiscal_year"])] = row
        for region, name, source in roster:
            dept = get(region, name)
            dept.roster_source = source
            dept.name = dept.name or name
        return departments

    def finding(self, ctx: CheckContext, dept: Department, year: int) -> FindingDraft:
        deadline = deadline_for(year, ctx.config.monitor.final_account_deadline)
        earlier = [y for y in dept.years if y < year]
        last = dept.years[max(earlier)] if earlier else None
        since = f"；上次公开为{max(earlier)}年度" if earlier else "；在公开名单上"
        where = f"{dept.region} " if dept.region else ""
        return FindingDraft(
            check=self.name,
            severity=self.severity,
            message=(
                f"{where}{dept.name}：{year}年度部门决算逾期未公开（应于{deadline.isoformat()}"
                f"前公开{since}）"
            ),
            evidence={
                "doc_type": "final_account",
                "deadline": deadline.isoformat(),
                "last_year": max(earlier) if earlier else None,
                "last_url": last["url"] if last else None,
                "on_roster": dept.roster_source is not None,
                "document_id": None,
                "page": None,
                "snippet": None,
                "url": last["url"] if last else None,
            },
            identity=(dept.region, dept.key, year, "final_account"),
            department=dept.name,
            department_key=dept.key,
            region=dept.region or None,
            fiscal_year=year,
            source=(last["source"] if last else None) or dept.roster_source,
            url=last["url"] if last else None,
        )

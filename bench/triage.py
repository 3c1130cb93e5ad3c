"""Triage benchmark: what matching suppressions by department costs, side by side with
the rule it replaced (the raw name key), on a store of ``--findings`` findings.

- ``report``: every finding's state and reason (``triage_states``, the report's read);
- ``outbox``: the open findings not silenced (``open_findings``, what the outbox sends);
- ``precision``: per check, how analysts judged its findings (``status``, the report).

    .venv/bin/python bench/triage.py [--findings 100000] [--suppressions 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from fiscalwatch.departments import department_key  # noqa: E402
from fiscalwatch.store import Store, reads, transaction  # noqa: E402
from fiscalwatch.triage import store as triage  # noqa: E402

CHECKS = ("missing_section", "yoy_anomaly", "document_removed", "late_publication")
BODIES = ("卫生健康委员会", "财政局", "教育局", "审计局", "民政局", "司法局", "统计局", "商务局")
REGIONS = 40

# The rule before departments had identity: the raw name key.
OLD_MATCH = """
    s.lifted_at IS NULL
    AND (s.department_key IS NULL OR s.department_key = f.department_key
         OR s.department = f.department)
    AND (s.region IS NULL OR s.region = f.region)
    AND (s."check" IS NULL OR s."check" = f."check")
"""
OLD_STATE = f"""
    CASE
      WHEN (SELECT decision FROM finding_decisions WHERE fingerprint = f.fingerprint)
           = 'dismissed' THEN 'dismissed'
      WHEN EXISTS (SELECT 1 FROM suppressions s WHERE {OLD_MATCH}) THEN 'suppressed'
      ELSE (SELECT decision FROM finding_decisions WHERE fingerprint = f.fingerprint)
    END
"""
OLD_SILENCED = f"""(
    f.fingerprint IN (SELECT fingerprint FROM finding_decisions WHERE decision = 'dismissed')
    OR EXISTS (SELECT 1 FROM suppressions s WHERE {OLD_MATCH})
)"""


def fill(db: sqlite_utils.Database, findings: int, suppressions: int) -> None:
    departments: list[tuple[int, str, str, str, str]] = []
    aliases: list[tuple[int, str, str, str]] = []
    for r in range(REGIONS):
        for n, body in enumerate(BODIES * 5):
            department_id = len(departments) + 1
            full = f"测试{r}市第{n}区{body}"
            departments.append((department_id, f"测试{r}市", full, department_key(full), "x"))
            aliases.append((department_id, full, department_key(full), "document"))
            aliases.append(
                (department_id, f"第{n}区{body}", department_key(f"第{n}区{body}"), "document")
            )
    db.conn.executemany(
        "INSERT INTO departments (id, region, name, key, created_at) VALUES (?, ?, ?, ?, ?)",
        departments,
    )
    db.conn.executemany(
        "INSERT INTO department_aliases (department_id, alias, key, source) VALUES (?, ?, ?, ?)",
        aliases,
    )
    rows = []
    for i in range(findings):
        department_id, region, name, key, _ = departments[i % len(departments)]
        rows.append(
            (CHECKS[i % len(CHECKS)], "warning", name, key, department_id, region, 2024,
             "m", "{}", f"fp{i}", "2025-01-01", "2025-01-01", None if i % 3 else "2025-02-01")
        )  # fmt: skip
    db.conn.executemany(
        'INSERT INTO findings ("check", severity, department, department_key, department_id,'
        " region, fiscal_year, message, evidence, fingerprint, first_seen, last_seen,"
        " resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.executemany(
        "INSERT INTO finding_decisions (fingerprint, decision, decided_at) VALUES (?, ?, 'x')",
        [(f"fp{i}", "dismissed" if i % 2 else "acknowledged") for i in range(0, findings, 50)],
    )
    for s in range(suppressions):
        department_id, region, name, key, _ = departments[(s * 37) % len(departments)]
        short = name.removeprefix(region)
        regional = s % 2 == 0  # half with a region (a stored department), half without
        db.execute(
            "INSERT INTO suppressions (department, department_key, department_id, region,"
            ' "check", created_at) VALUES (?, ?, ?, ?, ?, ?)',
            [short, department_key(short), department_id if regional else None,
             region if regional else None, CHECKS[s % len(CHECKS)] if s % 3 == 0 else None, "x"],
        )  # fmt: skip


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--suppressions", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "fw.db", Path(tmp) / "files")
        db = store.db
        with transaction(db):
            fill(db, args.findings, args.suppressions)
        cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "report": (
                lambda: db.execute(
                    f"SELECT f.id, {OLD_STATE} AS state FROM findings f WHERE state IS NOT NULL"
                ).fetchall(),
                lambda: triage.triage_states(db),
            ),
            "outbox": (
                lambda: reads.findings(
                    db, open_only=True, excluding=OLD_SILENCED, oldest_first=True
                ),
                lambda: triage.open_findings(db),
            ),
            "precision": (
                lambda: db.execute(
                    f"SELECT \"check\", count(*), sum(state = 'suppressed') FROM"
                    f' (SELECT f."check", {OLD_STATE} AS state FROM findings f) GROUP BY "check"'
                ).fetchall(),
                lambda: triage.precision_by_check(db),
            ),
        }
        print(f"{args.findings} findings, {args.suppressions} suppressions, {REGIONS} regions")
        print(f"{'read':<10} {'raw key (s)':>12} {'department (s)':>15} {'rows':>14}")
        for name, (before, after) in cases.items():
            old_time, old_rows = timed(before)
            new_time, new_rows = timed(after)
            counts = f"{len(old_rows)}/{len(new_rows)}"  # type: ignore[arg-type]
            print(f"{name:<10} {old_time:>12.2f} {new_time:>15.2f} {counts:>14}")
        store.close()


if __name__ == "__main__":
    main()

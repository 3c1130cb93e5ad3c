"""Department identity benchmark: what persisting it costs, side by side in one run.

- ``record_document``: storing documents (five years of each department of each region,
  a quarter of them under a short name such as "区卫健委") with the department resolved as
  it is stored, and the same with resolution switched off (what storing cost before);
- ``reconcile``: re-resolving one whole region (what a merge or a split costs);
- ``backfill``: the migration resolving a store written without it.

    .venv/bin/python bench/departments.py [--regions 20] [--departments 120]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.store import Store  # noqa: E402
from fiscalwatch.store import departments as department_registry  # noqa: E402
from fiscalwatch.store.schema import migrate  # noqa: E402

YEARS = range(2020, 2025)
BODIES = ("卫生健康委员会", "财政局", "教育局", "审计局", "民政局", "司法局", "统计局", "商务局")


def names(region: str, count: int) -> Iterator[tuple[str, str]]:
    """(full name, the short name a later year uses) of ``count`` departments."""
    for n in range(count):
        body = BODIES[n % len(BODIES)]
        district = f"第{n // len(BODIES)}区"
        yield f"{region}{district}{body}", f"{district}{body}"


def fill(store: Store, regions: int, departments: int) -> int:
    stored = 0
    for r in range(regions):
        region = f"测试{r}市"
        for n, (full, short) in enumerate(names(region, departments)):
            for year in YEARS:
                name = short if n % 4 == 0 and year == YEARS[-1] else full
                store.record_document(
                    url=f"http://127.0.0.1/{r}/{n}/{year}.pdf", data=f"{r}-{n}-{year}".encode(),
                    source="bench", department=name, region=region, fiscal_year=year,
                    doc_type="final_account",
                )  # fmt: skip
                stored += 1
    return stored


@contextmanager
def resolution_off() -> Iterator[None]:
    real = department_registry.assign_document
    department_registry.assign_document = lambda db, document_id: None
    try:
        yield
    finally:
        department_registry.assign_document = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--departments", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows = []
        for label, off in (("with identity", False), ("without (before)", True)):
            store = Store(root / f"{off}.db", root / f"files-{off}")  # each writes its files
            started = time.perf_counter()
            if off:
                with resolution_off():
                    count = fill(store, args.regions, args.departments)
            else:
                count = fill(store, args.regions, args.departments)
            seconds = time.perf_counter() - started
            rows.append((label, count, seconds))
            if off:
                departments_before = store.db.execute("SELECT count(*) FROM departments").fetchone()
                assert departments_before[0] == 0
            store.close()
        print(f"record_document, {args.regions} regions x {args.departments} departments x 5 years")
        for label, count, seconds in rows:
            rate = count / seconds
            print(f"  {label:18} {count:7} documents {seconds:7.2f} s {rate:8.0f} docs/s")

        store = Store(root / "False.db", root / "files-False")
        started = time.perf_counter()
        with store.transaction():
            department_registry.reconcile_region(store.db, "测试0市")
        reconcile = time.perf_counter() - started
        made = store.db.execute("SELECT count(*) FROM departments").fetchone()[0]
        print(f"reconcile one region ({args.departments} departments): {reconcile:.3f} s")
        print(f"  departments stored: {made} (expected {args.regions * args.departments})")
        store.close()

        # A store written without identity, resolved by the migration.
        store = Store(root / "True.db", root / "files-True")
        with store.transaction():
            store.db.execute("UPDATE documents SET department_id = NULL")
            store.db.execute("DELETE FROM department_aliases")
            store.db.execute("DELETE FROM departments")
            store.db.execute("DELETE FROM schema_migrations WHERE name = 'core_0011_departments'")
            for statement in ("DROP VIEW department_years", "DROP VIEW current_final_accounts"):
                store.db.execute(statement)
            store.db.execute("DROP VIEW current_documents")
            store.db.execute("DROP TABLE department_aliases")
            store.db.execute("DROP TABLE departments")
            store.db.execute("DROP INDEX documents_department")
            store.db.execute("DROP INDEX findings_department")
            store.db.execute("ALTER TABLE documents DROP COLUMN department_id")
            store.db.execute("ALTER TABLE findings DROP COLUMN department_id")
            store.db.execute("DELETE FROM schema_migrations WHERE name = 'core_0012_rule_views'")
            store.db.execute("DROP TABLE deadlines")
        started = time.perf_counter()
        migrate(store.db)
        backfill = time.perf_counter() - started
        documents = store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        print(f"backfill migration over {documents} documents: {backfill:.2f} s")
        store.close()


if __name__ == "__main__":
    main()

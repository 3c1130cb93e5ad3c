"""Check benchmark: one store of synthetic final accounts (five years per department,
about forty departments per region, figures, sections, tables and page text, a few planted
problems) grown to each size in turn; at each size, side by side:

- ``full``: ``run_checks(full=True)``, every check over the whole store, computed by
  reader processes (``[monitor] workers``, one a core), and the same pass in one
  process on a copy of the store, their findings compared;
- ``unchanged``: the next cycle with nothing changed (what most cycles are);
- ``one change``: the cycle after one department republished one account.

Each measurement runs in its own process, so its peak RSS is its own.

    .venv/bin/python bench/check.py [--sizes 5000,50000,200000] [--keep DIR]

The store is built through the real Store API (record_document + save_parse); past
50,000 documents it grows by copying whole regions in SQL under new names.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.config import config_from_dict  # noqa: E402
from fiscalwatch.models import Figure, Page, ParsedDocument, Section, Table  # noqa: E402
from fiscalwatch.monitor.runner import run_checks  # noqa: E402
from fiscalwatch.store import Store, transaction  # noqa: E402
from fiscalwatch.store import departments as department_registry  # noqa: E402
from fiscalwatch.template import SECTIONS, TABLES  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report_probe import build_and_measure  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)
PLACES = ("青川", "白水", "东河", "南山", "北岭", "西江", "云台", "石门", "安平", "长宁")
BUREAUS = ("财政局", "教育局", "卫生健康委员会", "发展和改革委员会", "公安局", "民政局", "司法局")
COPIES = 6  # 财政局, 财政局2 … : 42 departments a region
AS_OF = date(2025, 10, 15)
# From this size on, a store grows by copying its regions in SQL (see ``replicate``):
# the Store API builds about fifty documents a second, too slow for 200,000.
REPLICATE_FROM = 50_000
FILLER = "根据部门决算公开要求，本部门严格按照预算执行，厉行节约，保障各项工作正常开展。" * 12


def region_name(index: int) -> str:
    return f"{PLACES[index % len(PLACES)]}{index // len(PLACES) + 1}县"


def synthetic(
    rng: random.Random, department: str, year: int, prior: dict[str, float]
) -> ParsedDocument:
    """A consistent final account moving a few percent a year, with a planted problem in
    about one in ten."""
    drift = rng.uniform(0.95, 1.08)
    basic = round(prior.get("basic_expenditure", rng.uniform(100, 3000)) * drift, 2)
    project = round(prior.get("project_expenditure", rng.uniform(0, 800)) * drift, 2)
    spend = round(basic + project, 2)
    personnel = round(basic * 0.88, 2)
    public = round(basic - personnel, 2)
    overseas, purchase = 0.0, 0.0
    operation = round(prior.get("vehicle_operation", rng.uniform(2, 30)) * drift, 2)
    reception = round(prior.get("official_reception", rng.uniform(0, 5)) * drift, 2)
    if rng.random() < 0.02:
        purchase = 25.0  # a car bought: a 三公 jump for yoy_anomaly
    vehicle = round(purchase + operation, 2)
    three = round(overseas + vehicle + reception, 2)
    values = {
        "income_total": spend,
        "expenditure_total": spend,
        "income_current_year": spend,
        "expenditure_current_year": spend,
        "carryover_begin": 0.0,
        "carryover_end": 0.0,
        "fiscal_appropriation_income": spend,
        "basic_expenditure": basic,
        "project_expenditure": project,
        "general_budget_expenditure": spend,
        "general_budget_basic_expenditure": basic,
        "personnel_expenses": personnel,
        "public_expenses": public,
        "operating_expenses": public,
        "three_public_total": three,
        "overseas_travel": overseas,
        "vehicle_total": vehicle,
        "vehicle_purchase": purchase,
        "vehicle_operation": operation,
        "official_reception": reception,
    }
    figures = [Figure(k, v, "万元", 2, f"{k} {v:.2f}万元") for k, v in values.items()]
    figures += [
        Figure(k, v, "万元", 7, f"{v:.2f}", "table", table_key="table_01")
        for k, v in values.items()
    ]
    figures.append(
        Figure(
            "basic_expenditure_share",
            round(basic / spend * 100, 2),
            "%",
            2,
            "占",
            basis="expenditure_current_year",
        )
    )
    for key in ("income_total", "three_public_total", "operating_expenses"):
        if key in prior:
            change = round(values[key] - prior[key], 2)
            sentence = (
                f"比上年增加{change:.2f}万元，主要原因是：业务量增加。"
                if change >= 0
                else f"比上年减少{-change:.2f}万元，主要原因是：厉行节约，压减支出。"
            )
            figures.append(Figure(f"{key}_change", change, "万元", 2, sentence))
            figures.append(Figure(f"{key}_prev_implied", prior[key], "万元", 2, sentence))
    planted = rng.random()
    if planted < 0.03:
        figures.append(
            Figure(
                "general_budget_expenditure_share",
                99.35,
                "%",
                3,
                "占99.35%",
                basis="expenditure_current_year",
            )
        )
    elif planted < 0.06:
        figures.append(Figure("public_expenses", public * 10_000, "万元", 3, "元写作万元"))
    prior.clear()
    prior.update(values)
    missing = {"other_matters"} if planted > 0.95 else set()
    pages = [Page(n, f"第{n}页 {department}{year}年度部门决算。{FILLER}") for n in range(1, 7)]
    if planted > 0.97:
        pages[1] = Page(2, "XX局部门决算，较上年增加/减少0万元。" + FILLER)
    return ParsedDocument(
        doc_type="final_account",
        department=department,
        fiscal_year=year,
        pages=pages,
        sections=[Section(k, t, 1) for k, t in SECTIONS.items() if k not in missing],
        tables=[
            Table(
                k,
                t,
                7 + i,
                empty=k in ("table_07", "table_08"),
                note="本表无数据" if k in ("table_07", "table_08") else None,
            )
            for i, (k, t) in enumerate(TABLES.items())
        ],
        figures=figures,
    )


def departments(start_region: int = 0) -> Iterator[tuple[int, str]]:
    region = start_region
    while True:
        name = region_name(region)
        for copy in range(COPIES):
            for bureau in BUREAUS:
                yield region, f"{name}{bureau}{copy or ''}"
        region += 1


def publish(store: Store, rng: random.Random, region: str, department: str) -> int:
    """A department's five years of final accounts; returns how many were stored."""
    prior: dict[str, float] = {}
    made = 0
    for year in YEARS:
        if rng.random() < 0.02 and year == YEARS[-1]:
            continue  # a department that stopped publishing: missing_document
        url = f"http://127.0.0.1:8001/{region}/{department}/{year}.pdf"
        stored = store.record_document(
            url=url,
            data=url.encode(),
            source="bench",
            department=department,
            region=region,
            fiscal_year=year,
            doc_type="final_account",
        )
        store.save_parse(stored.document_id, synthetic(rng, department, year, prior))
        made += 1
    return made


def grow(store: Store, documents: int) -> float:
    """Adds whole regions until the store holds at least ``documents`` final accounts."""
    store.db.execute("PRAGMA synchronous=OFF")  # building only; the checks run as usual
    started = time.monotonic()
    have = store.counts()["documents"]
    regions = store.db.execute("SELECT count(DISTINCT region) FROM documents").fetchone()[0]
    if have >= REPLICATE_FROM:
        have += replicate(store, documents - have)
    current = None
    for index, department in departments(regions):
        if have >= documents and index != current:
            break
        current = index
        rng = random.Random(f"{index}/{department}")
        have += publish(store, rng, region_name(index), department)
    store.db.execute("PRAGMA synchronous=NORMAL")
    return time.monotonic() - started


def replicate(store: Store, wanted: int) -> int:
    """Grows a large store fast: copies of its regions under new names, made in SQL (every
    row of every table a check reads, renamed), until about ``wanted`` more documents."""
    db = store.db
    names = [r for (r,) in db.execute("SELECT DISTINCT region FROM documents ORDER BY region")]
    per_region = db.execute("SELECT count(*) FROM documents").fetchone()[0] / len(names)
    copies = max(1, round(wanted / per_region))
    made = 0
    next_index = len(names)
    while made < copies:
        batch = names[: copies - made]
        top = db.execute("SELECT max(id) FROM documents").fetchone()[0]
        db.execute("DROP TABLE IF EXISTS temp.renamed")
        db.execute("CREATE TEMP TABLE renamed (old TEXT PRIMARY KEY, new TEXT)")
        db.conn.executemany(
            "INSERT INTO temp.renamed VALUES (?, ?)",
            [(old, region_name(next_index + n)) for n, old in enumerate(batch)],
        )
        columns = [c.name for c in db["documents"].columns]
        renamed = {
            "id": "d.id + :top",
            "url": "replace(d.url, r.old, r.new)",
            "department": "r.new || substr(d.department, length(r.old) + 1)",
            "department_key": "r.new || substr(d.department_key, length(r.old) + 1)",
            "department_id": "NULL",  # resolved below, in the new region
            "region": "r.new",
            "previous_id": "d.previous_id + :top",
        }
        picks = ", ".join(renamed.get(c, f"d.{c}") for c in columns)
        with transaction(db):
            db.execute(
                f"INSERT INTO documents ({', '.join(columns)}) SELECT {picks}"
                " FROM documents d JOIN temp.renamed r ON d.region = r.old",
                {"top": top},
            )
            for table, cols in (
                ("figures", "key, value, unit, page, text, origin, basis, table_key"),
                ("sections", "key, title, page"),
                ("doc_tables", "key, title, page, page_end, rows, empty, note"),
            ):
                db.execute(
                    f"INSERT INTO {table} (document_id, {cols}) SELECT t.document_id + :top,"
                    f" {', '.join('t.' + c for c in cols.split(', '))} FROM {table} t"
                    " JOIN documents d ON d.id = t.document_id"
                    " JOIN temp.renamed r ON d.region = r.old",
                    {"top": top},
                )
            db.execute(
                "INSERT INTO pages (document_id, page, text, ocr) SELECT p.document_id + :top,"
                " p.page, replace(p.text, r.old, r.new), p.ocr FROM pages p"
                " JOIN documents d ON d.id = p.document_id JOIN temp.renamed r ON d.region = r.old",
                {"top": top},
            )
            for n in range(len(batch)):
                department_registry.reconcile_region(db, region_name(next_index + n))
        made += len(batch)
        next_index += len(batch)
    return round(made * per_region)


def measure(database: Path, mode: str) -> dict[str, float | int]:
    """One measurement in this process: seconds, peak RSS, counts."""
    store = Store(database, database.parent / "files")
    config = config_from_dict({"monitor": {"workers": 1}} if mode == "full, one process" else {})
    if mode == "one change":
        # One department republishes its latest account with different bytes.
        row = store.db.execute(
            "SELECT region, department FROM documents ORDER BY id DESC LIMIT 1"
        ).fetchone()
        url = f"http://127.0.0.1:8001/{row[0]}/{row[1]}/{YEARS[-1]}.pdf"
        stored = store.record_document(
            url=url,
            data=f"{url} {time.time()}".encode(),
            source="bench",
            department=row[1],
            region=row[0],
            fiscal_year=YEARS[-1],
            doc_type="final_account",
        )
        store.save_parse(stored.document_id, synthetic(random.Random(1), row[1], YEARS[-1], {}))
    started = time.monotonic()
    summary = run_checks(store.db, config, AS_OF, full=mode.startswith("full"))
    seconds = time.monotonic() - started
    store.close()
    return {
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "readers": summary.readers,
        "readers_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
        "regions": summary.changed_regions,
        "found": sum(c.found for c in summary.per_check.values()),
        "open": summary.open,
        "errors": len(summary.errors),
    }


def measure_report(database: Path, exports: bool) -> dict[str, Any]:
    """The static report of the store (see bench/report_probe.py)."""
    store = Store(database, database.parent / "files")
    result = build_and_measure(
        store.db, config_from_dict({}), database.parent / "report", store.files, exports
    )
    store.close()
    return result


def mark_clean(database: Path) -> None:
    store = Store(database, database.parent / "files")
    store.db.execute("DELETE FROM check_dirty")
    store.close()


def copy_store(database: Path, copy: Path) -> None:
    """A consistent copy of the store's file (SQLite's backup API)."""
    copy.unlink(missing_ok=True)
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)


# What a finding is, without the moments a pass stamps on it.
FINDING_COLUMNS = (
    '"check", severity, department, department_key, department_id, region, fiscal_year,'
    " document_id, source, url, message, evidence, fingerprint, resolved_at IS NULL"
)


def same_findings(one: Path, other: Path) -> bool:
    rows = []
    for database in (one, other):
        with sqlite3.connect(database) as db:
            rows.append(sorted(db.execute(f"SELECT {FINDING_COLUMNS} FROM findings"), key=str))
    return rows[0] == rows[1]


def in_child(database: Path, mode: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(database), "--mode", mode],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5000,50000,200000")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument("--report", action="store_true", help="also build the report")
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=10**9,
        help="above this size, skip the full pass and mark the store checked (labelled)",
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        result = None
        if args.mode.startswith("report"):
            result = measure_report(args.measure, exports=args.mode == "report")
        print(json.dumps(result or measure(args.measure, args.mode)))
        return
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "bench.db"
        print(
            f"{'documents':>9} {'regions':>7} {'db MB':>6} {'build s':>8} | "
            f"{'full s':>7} {'RSS MB':>6} | {'unchanged s':>11} {'RSS MB':>6} | "
            f"{'one change s':>12} {'RSS MB':>6} {'open':>6} | "
            f"{'report s':>8} {'pages':>6} {'largest KB':>10} {'RSS MB':>6}",
            flush=True,
        )
        for size in sizes:
            store = Store(database, folder / "files")
            built = grow(store, size)
            documents = store.counts()["documents"]
            regions = store.db.execute("SELECT count(DISTINCT region) FROM documents").fetchone()
            store.close()
            if size <= args.full_up_to:
                one_process = folder / "one-process.db"
                copy_store(database, one_process)
                alone = in_child(one_process, "full, one process")
                full = in_child(database, "full")
                same = same_findings(database, one_process)
                one_process.unlink()
                print(
                    f"  full pass at {documents}: one process {alone['seconds']:.2f} s"
                    f" ({alone['peak_rss_mb']:.0f} MB); {full['readers']} readers"
                    f" {full['seconds']:.2f} s ({full['peak_rss_mb']:.0f} MB, readers"
                    f" {full['readers_peak_rss_mb']:.0f} MB each at most):"
                    f" {alone['seconds'] / full['seconds']:.2f}x;"
                    f" findings {'identical' if same else 'DIFFERENT'}",
                    flush=True,
                )
            else:
                # A full pass here takes most of an hour on the shared box: mark every
                # region checked instead. The unchanged and one-change cycles below read
                # no document of the regions they skip, so their cost is measured as is;
                # the store's findings then cover only the regions checked before.
                mark_clean(database)
                full = {"seconds": float("nan"), "peak_rss_mb": float("nan"), "open": -1}
            unchanged = in_child(database, "unchanged")
            changed = in_child(database, "one change")
            built_report = None
            if args.report:
                # The data exports hold every figure in memory: past 5,000 documents the
                # pages are measured without them.
                built_report = in_child(database, "report" if size <= 5000 else "report-pages")
            size_mb = database.stat().st_size / 1e6
            print(
                f"{documents:>9} {regions[0]:>7} {size_mb:>6.0f} {built:>8.1f} | "
                f"{full['seconds']:>7.2f} {full['peak_rss_mb']:>6.0f} | "
                f"{unchanged['seconds']:>11.3f} {unchanged['peak_rss_mb']:>6.0f} | "
                f"{changed['seconds']:>12.3f} {changed['peak_rss_mb']:>6.0f} {full['open']:>6} | "
                + (
                    f"{built_report['seconds']:>8.1f} {built_report['pages']:>6} "
                    f"{built_report['largest_kb']:>10} {built_report['peak_rss_mb']:>6.0f}"
                    f" (workers {built_report['workers_peak_rss_mb'] or 0:.0f} MB each; after"
                    f" the overview {built_report['rss_after_overview_mb']:.0f} MB)"
                    if built_report
                    else "(--report to build it)"
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()

"""Check benchmark: a store of synthetic final accounts (several years, departments and
regions, with figures, sections, tables and page text, a few planted problems), then a
full ``run_checks`` twice: the first run finds everything, the second only confirms.

    .venv/bin/python bench/check.py [--documents 5000] [--keep DIR]

The store is built through the real Store API (record_document + save_parse).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fiscalwatch.config import config_from_dict  # noqa: E402
from fiscalwatch.models import Figure, Page, ParsedDocument, Section, Table  # noqa: E402
from fiscalwatch.store import Store  # noqa: E402
from fiscalwatch.template import SECTIONS, TABLES  # noqa: E402
from monitor.runner import CheckSummary, run_checks  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)
REGIONS = ("青川市", "白水县", "东河区", "南山区", "北岭县")
BUREAUS = ("财政局", "教育局", "卫生健康委员会", "发展和改革委员会", "公安局", "民政局", "司法局")
FILLER = "根据部门决算公开要求，本部门严格按照预算执行，厉行节约，保障各项工作正常开展。" * 12


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


def build(store: Store, documents: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    store.db.execute("PRAGMA synchronous=OFF")  # building only; the checks run as usual
    started = time.monotonic()
    departments = [
        (region, f"{region}{bureau}{n or ''}")
        for n in range(documents // (len(YEARS) * len(REGIONS) * len(BUREAUS)) + 1)
        for region in REGIONS
        for bureau in BUREAUS
    ]
    made = 0
    for region, department in departments:
        prior: dict[str, float] = {}
        for year in YEARS:
            if made >= documents:
                return time.monotonic() - started
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
    return time.monotonic() - started


def report(label: str, summary: CheckSummary) -> None:
    slowest = sorted(summary.per_check.items(), key=lambda kv: -kv[1].seconds)[:4]
    print(
        f"{label}: {summary.seconds:.2f}s  new {summary.new}, still open {summary.still_open}, "
        f"resolved {summary.resolved}, errors {len(summary.errors)}; slowest: "
        + ", ".join(f"{name} {counts.seconds:.2f}s" for name, counts in slowest)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument(
        "--keep", type=Path, help="build the store in this folder and keep it (reused when there)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        reuse = (folder / "bench.db").exists()
        store = Store(folder / "bench.db", folder / "files")
        if reuse:
            store.db.execute("DELETE FROM findings")
            print(f"store: reusing {folder / 'bench.db'}")
        else:
            seconds = build(store, args.documents)
            print(f"store: built in {seconds:.1f}s")
        counts = store.counts()
        print(f"store: {counts['documents']} documents")
        config = config_from_dict({})
        report("first run_checks", run_checks(store.db, config, date(2025, 10, 15)))
        report("second run_checks", run_checks(store.db, config, date(2025, 10, 15)))
        store.close()


if __name__ == "__main__":
    main()

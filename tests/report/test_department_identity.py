"""One department, one report page: a department whose 2023 account names it
青川市卫生健康委员会 and whose 2024 account says 市卫健委 is one stored department, and
every finding about it (a removed file, a performance self-evaluation) lands on its page."""

from __future__ import annotations

from datetime import date

from fiscalwatch.config import config_from_dict
from fiscalwatch.models import ParsedDocument
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.performance.models import Evaluation
from fiscalwatch.report.model import Part, load, load_overview
from fiscalwatch.store import Store

REGION = "青川市"
FULL, SHORT = "青川市卫生健康委员会", "市卫健委"


def publish(store: Store, year: int, department: str, parsed: ParsedDocument | None = None) -> int:
    stored = store.record_document(
        url=f"http://127.0.0.1:1/wjw/{year}.pdf", data=f"%PDF {year}".encode(), source="qc",
        department=department, region=REGION, fiscal_year=year, doc_type="final_account",
        published_at=f"{year + 1}-06-01",
    )  # fmt: skip
    store.save_parse(stored.document_id, parsed or ParsedDocument("final_account"))
    return stored.document_id


def report_departments(
    store: Store, part: Part | None = None
) -> list[tuple[str, list[int], list[str]]]:
    data = load(store.db, config_from_dict({}), date(2025, 10, 15), "now", part=part)
    return [
        (
            d.name,
            sorted({doc.fiscal_year or 0 for doc in d.documents}),
            [f.check for f in d.findings],
        )
        for d in data.departments
    ]


def test_two_names_of_one_department_are_one_stored_department(store: Store) -> None:
    first, second = publish(store, 2023, FULL), publish(store, 2024, SHORT)
    ids = store.db.execute(
        "SELECT department_id FROM documents WHERE id IN (?, ?)", [first, second]
    ).fetchall()
    assert len({row[0] for row in ids}) == 1
    department = store.db.execute("SELECT region, name, key FROM departments").fetchall()
    assert department == [(REGION, FULL, "青川市卫健委")]
    aliases = store.db.execute(
        "SELECT alias, source FROM department_aliases ORDER BY alias"
    ).fetchall()
    assert aliases == [(SHORT, "document"), (FULL, "document")]


def test_short_name_first_then_full_name_merges_into_one(store: Store) -> None:
    publish(store, 2024, SHORT)
    publish(store, 2023, FULL)
    assert store.db.execute("SELECT count(*) FROM departments").fetchone()[0] == 1
    assert store.db.execute("SELECT key FROM departments").fetchone()[0] == "青川市卫健委"


def test_removed_document_finding_lands_on_the_one_department_page(store: Store) -> None:
    publish(store, 2023, FULL)
    removed = publish(store, 2024, SHORT)
    store.mark_removed(removed, "http 404")
    run_checks(store.db, config_from_dict({}), date(2025, 10, 15), only=["document_removed"])
    assert report_departments(store) == [(FULL, [2023, 2024], ["document_removed"])]
    finding_department, document_department = store.db.execute(
        "SELECT f.department_id, d.department_id FROM findings f"
        " JOIN documents d ON d.id = f.document_id"
    ).fetchone()
    assert finding_department == document_department is not None


def test_performance_findings_land_on_the_same_page(store: Store) -> None:
    publish(store, 2023, FULL)
    evaluation = Evaluation(
        kind="项目", name="公共卫生项目", department=SHORT, fiscal_year=2024,
        budget_full_year=80.0, executed=80.0, execution_rate_stated=100.0,
        weight=10, score=8.0, total_weight=100, total_score=98.0,
    )  # fmt: skip
    publish(
        store, 2024, SHORT, ParsedDocument("final_account", extras={"performance": [evaluation]})
    )
    run_checks(
        store.db, config_from_dict({}), date(2025, 10, 15), only=["performance_inconsistent"]
    )
    [(name, years, checks)] = report_departments(store)
    assert (name, years) == (FULL, [2023, 2024])
    assert checks and set(checks) == {"performance_inconsistent"}
    keys = {row[0] for row in store.db.execute("SELECT department_key FROM findings")}
    assert keys == {"青川市卫健委"}


def test_a_report_loaded_in_parts_keeps_one_page_for_the_department(store: Store) -> None:
    publish(store, 2023, FULL)
    removed = publish(store, 2024, SHORT)
    store.mark_removed(removed, "http 404")
    run_checks(store.db, config_from_dict({}), date(2025, 10, 15), only=["document_removed"])
    overview = load_overview(store.db, "now")
    assert overview.departments == 1
    assert overview.parts == [[REGION]]
    whole = report_departments(store)
    assert report_departments(store, Part(overview, [REGION])) == whole
    assert whole == [(FULL, [2023, 2024], ["document_removed"])]

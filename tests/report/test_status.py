"""Publication state of one department-year, and the SVG charts, as small specifications."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from fiscalwatch.deadlines import deadline_for, parse_date
from fiscalwatch.labels import CHECK_LABELS
from fiscalwatch.monitor.checks import all_checks
from fiscalwatch.report.charts import bar_chart, sparkline
from fiscalwatch.report.model import Document
from fiscalwatch.report.status import publication_cell

TODAY = date(2025, 10, 15)
FIRST_CRAWL = {"site": date(2025, 6, 1)}


def account(
    published: str | None = None,
    fetched: str = "2025-07-01T02:00:00+00:00",
    removed: str | None = None,
    current: int = 1,
    document_id: int = 1,
) -> Document:
    return Document(
        id=document_id,
        url="http://127.0.0.1/a.pdf",
        sha256="0" * 64,
        fetched_at=fetched,
        status="parsed",
        source="site",
        fiscal_year=2024,
        doc_type="final_account",
        published_at=published,
        removed_at=removed,
        is_current=current,
        current=bool(current),  # one of the store's current_documents
    )


@pytest.mark.parametrize(
    ("documents", "missing", "today", "state"),
    [
        ([account(published="2025-09-30")], False, TODAY, "on_time"),
        ([account(published="2025年10月1日")], False, TODAY, "late"),
        ([account(fetched="2025-10-02T01:00:00+00:00")], False, TODAY, "late"),
        # the first version decides: published on time, replaced after the deadline
        (
            [
                account(published="2025-08-01", current=0),
                account(published="2025-10-09", document_id=2),
            ],
            False,
            TODAY,
            "on_time",
        ),
        (
            [account(published="2025-08-01", removed="2025-10-09T00:00:00+00:00")],
            False,
            TODAY,
            "removed",
        ),
        ([], True, TODAY, "missing"),
        ([], False, TODAY, "none"),
        ([], False, date(2025, 9, 1), "not_due"),
    ],
)
def test_publication_state(
    documents: list[Document], missing: bool, today: date, state: str
) -> None:
    cell = publication_cell(2024, documents, missing, "09-30", today, FIRST_CRAWL)
    assert cell.state == state
    assert cell.deadline == date(2025, 9, 30)


def test_first_crawl_after_the_deadline_cannot_say_late() -> None:
    found_first = account(fetched="2025-06-01T03:00:00+00:00")
    found_first.fiscal_year = 2023
    cell = publication_cell(2023, [found_first], False, "09-30", TODAY, FIRST_CRAWL)
    assert (cell.state, cell.date_basis) == ("published", "fetched")
    found_later = account(fetched="2025-06-02T03:00:00+00:00")
    assert publication_cell(2023, [found_later], False, "09-30", TODAY, FIRST_CRAWL).state == "late"


def test_a_live_version_wins_over_a_missing_report() -> None:
    cell = publication_cell(2024, [account(published="2025-07-01")], True, "09-30", TODAY, {})
    assert cell.state == "on_time"


def test_deadline_and_dates() -> None:
    assert deadline_for(2023, "02-29") == date(2024, 2, 29)
    assert deadline_for(2024, "02-29") == date(2025, 2, 28)
    assert parse_date("2025/8/5 10:00") == date(2025, 8, 5)
    assert parse_date("发布时间：2025年08月05日") == date(2025, 8, 5)
    assert parse_date("2025-13-45") is None
    assert parse_date(None) is None


def test_bar_chart_marks_gaps_and_escapes_its_labels() -> None:
    svg = bar_chart([("2022", 10.0), ("2023", None), ("2024", 1234.5)], "<三公>", "万元")
    tree = etree.fromstring(str(svg).encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    bars = tree.findall("s:rect", ns)
    assert len(bars) == 2 and bars[1].get("class") == "bar latest"
    assert float(bars[1].get("height")) > float(bars[0].get("height"))
    assert [t.text for t in tree.findall("s:text[@class='value']", ns)] == ["10.00", "1,234"]
    assert tree.find("s:text[@class='gap']", ns).text == "—"
    assert tree.findtext("s:title", namespaces=ns) == "<三公>（万元）"
    assert "&lt;三公&gt;" in str(svg)


def test_sparkline_draws_one_point_per_cycle() -> None:
    tree = etree.fromstring(str(sparkline([3, 5, 0, 4])).encode())
    points = tree.find("{http://www.w3.org/2000/svg}polyline").get("points").split()
    assert len(points) == 4
    assert str(sparkline([])) == ""


def test_every_registered_check_has_a_chinese_label() -> None:
    assert set(all_checks()) - set(CHECK_LABELS) == set()

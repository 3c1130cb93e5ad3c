"""A store with two regions, several departments and years, and planted findings, built
through the real Store API. The report tests and the screenshots use it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch import clock
from fiscalwatch.config import Config, config_from_dict
from fiscalwatch.departments import department_key
from fiscalwatch.models import Figure, Page, ParsedDocument
from fiscalwatch.store import Store

# "Today" for every report test: after the 2024 accounts' deadline (2025-09-30).
TODAY = datetime(2025, 10, 15, 2, 0, tzinfo=UTC)

QINGCHUAN = "青川市"
BAISHUI = "白水县"
FINANCE = "青川市财政局"
EDITORIAL = "中共青川市委机构编制委员会办公室"
EDUCATION = "青川市教育局"
HEALTH = "青川市卫生健康委员会"
AUDIT = "白水县审计局"
TRANSPORT = "白水县交通运输局"
FARMING = "白水县农业农村局"


class FrozenClock:
    """Moves ``fiscalwatch.clock`` to chosen moments while the store is filled."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.moment = TODAY
        monkeypatch.setattr(clock, "now", lambda: self.moment)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self.moment = moment
        try:
            yield
        finally:
            self.moment = TODAY


def sample_config(**report: Any) -> Config:
    return config_from_dict(
        {
            "sources": [
                {"name": "qingchuan", "region": QINGCHUAN, "start_urls": ["http://127.0.0.1/q/"]},
                {"name": "baishui", "region": BAISHUI, "start_urls": ["http://127.0.0.1/b/"]},
            ],
            "report": {"title": "青川白水部门决算公开监测", **report},
        }
    )


def headline(scale: float, three_public: float, operating: float, page: int = 5) -> list[Figure]:
    """A consistent set of headline figures for one year's final account."""
    total = round(1000 * scale, 2)
    basic = round(total * 0.62, 2)
    return [
        Figure("income_total", total, page=page, text=f"收、支总计均为{total}万元", origin="text"),
        Figure("expenditure_total", total, page=page, text=f"支出总计{total}万元", origin="text"),
        Figure(
            "expenditure_total",
            total,
            page=12,
            text=f"{total}",
            origin="table",
            table_key="table_01",
        ),
        Figure("expenditure_current_year", round(total * 0.95, 2), page=page),
        Figure("basic_expenditure", basic, page=page + 1, text=f"基本支出{basic}万元"),
        Figure("project_expenditure", round(total * 0.95 - basic, 2), page=page + 1),
        Figure("general_budget_expenditure", round(total * 0.9, 2), page=page + 2),
        Figure(
            "three_public_total",
            three_public,
            page=page + 3,
            text=f"财政拨款“三公”经费支出{three_public}万元",
        ),
        Figure("official_reception", round(three_public * 0.3, 2), page=page + 3),
        Figure("vehicle_total", round(three_public * 0.7, 2), page=page + 3),
        Figure("operating_expenses", operating, page=page + 4, text=f"机关运行经费{operating}万元"),
    ]


def add_document(
    store: Store,
    frozen: FrozenClock,
    *,
    department: str,
    region: str,
    source: str,
    year: int,
    fetched: datetime,
    published: str | None,
    figures: list[Figure],
    doc_type: str = "final_account",
    data: bytes | None = None,
    url: str | None = None,
) -> int:
    url = url or f"http://127.0.0.1/{source}/{department_key(department)}/{year}.pdf"
    payload = data or f"%PDF-1.4\n% {department} {year}年度部门决算\n".encode()
    with frozen.at(fetched):
        version = store.record_document(
            url=url,
            data=payload,
            source=source,
            page_url=f"http://127.0.0.1/{source}/list.html",
            title=f"{department}{year}年度部门决算公开",
            department=department,
            region=region,
            fiscal_year=year,
            doc_type=doc_type,
            filename=f"{year}.pdf",
            content_type="pdf",
            published_at=published,
        )
        parsed = ParsedDocument(
            doc_type=doc_type,
            title=f"{department}{year}年度部门决算",
            department=department,
            fiscal_year=year,
            pages=[Page(n, f"第{n}页") for n in range(1, 15)],
            figures=figures,
        )
        store.save_parse(version.document_id, parsed, "test")
    return version.document_id


_fingerprints = iter(range(1, 10_000))


def add_finding(
    store: Store,
    *,
    check: str,
    severity: str,
    message: str,
    evidence: dict[str, Any],
    department: str | None = None,
    region: str | None = None,
    year: int | None = None,
    document_id: int | None = None,
    source: str | None = None,
    url: str | None = None,
    first_seen: str = "2025-10-01T01:00:00+00:00",
    resolved_at: str | None = None,
) -> int:
    row = {
        "check": check,
        "severity": severity,
        "department": department,
        "department_key": department_key(department) or None,
        "region": region,
        "fiscal_year": year,
        "document_id": document_id,
        "source": source,
        "url": url,
        "message": message,
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "fingerprint": f"fp-{next(_fingerprints)}",
        "first_seen": first_seen,
        "last_seen": first_seen,
        "resolved_at": resolved_at,
    }
    finding_id = store.db.table("findings").insert(row).last_pk
    assert finding_id is not None
    return int(finding_id)


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def fill_sample(store: Store, frozen: FrozenClock) -> dict[str, int]:
    """Fills ``store``; returns ids of the documents and findings tests refer to."""
    ids: dict[str, int] = {}
    q: dict[str, Any] = {"region": QINGCHUAN, "source": "qingchuan"}
    b: dict[str, Any] = {"region": BAISHUI, "source": "baishui"}

    # 财政局: three years, on time; 2024 states a total that is not the sum of its parts.
    for year, scale, three, op in (
        (2022, 1.8, 12.4, 80.1),
        (2023, 2.1, 10.9, 84.6),
        (2024, 2.3, 9.7, 88.2),
    ):
        ids[f"finance_{year}"] = add_document(
            store,
            frozen,
            department=FINANCE,
            year=year,
            fetched=day(f"{year + 1}-07-20"),
            published=f"{year + 1}-07-18",
            figures=headline(scale, three, op),
            **q,
        )
    ids["f_inconsistent"] = add_finding(
        store,
        check="inconsistent_figures",
        severity="warning",
        message="“三公”经费合计9.70万元，不等于各项之和10.20万元",
        evidence={
            "metric": "three_public_total",
            "stated": 9.7,
            "computed": 10.2,
            "page": 8,
            "snippet": "2024年度财政拨款“三公”经费支出9.70万元，其中公务接待费3.41万元",
        },
        department=FINANCE,
        year=2024,
        document_id=ids["finance_2024"],
        **q,
        url="http://127.0.0.1/qingchuan/财政局/2024.pdf",
        first_seen="2025-10-03T01:00:00+00:00",
    )

    # 编办: published 2022 and 2023, nothing for 2024 after the deadline.
    for year, scale in ((2022, 0.4), (2023, 0.45)):
        ids[f"editorial_{year}"] = add_document(
            store,
            frozen,
            department=EDITORIAL,
            year=year,
            fetched=day(f"{year + 1}-08-02"),
            published=f"{year + 1}-08-01",
            figures=headline(scale, 1.2, 20.5),
            **q,
        )
    ids["f_missing"] = add_finding(
        store,
        check="missing_document",
        severity="critical",
        message="截至2025-09-30仍未公开2024年度部门决算（2023年度已公开）",
        evidence={"doc_type": "final_account", "deadline": "2025-09-30"},
        department=EDITORIAL,
        year=2024,
        first_seen="2025-10-05T01:00:00+00:00",
        **q,
    )

    # 教育局: 2023 published late; 2024 on time with a jump in 三公.
    ids["education_2023"] = add_document(
        store,
        frozen,
        department=EDUCATION,
        year=2023,
        fetched=day("2024-11-06"),
        published="2024-11-05",
        figures=headline(15.2, 30.5, 410.0),
        **q,
    )
    ids["education_2024"] = add_document(
        store,
        frozen,
        department=EDUCATION,
        year=2024,
        fetched=day("2025-08-11"),
        published="2025-08-10",
        figures=headline(16.0, 58.2, 402.3),
        **q,
    )
    ids["f_yoy"] = add_finding(
        store,
        check="yoy_anomaly",
        severity="warning",
        message="“三公”经费支出58.20万元，比上年30.50万元增长90.8%，文中未说明原因",
        evidence={
            "metric": "three_public_total",
            "previous": 30.5,
            "current": 58.2,
            "change_pct": 90.8,
            "page": 8,
            "snippet": "2024年度“三公”经费支出58.20万元，比上年增加27.70万元",
        },
        department=EDUCATION,
        year=2024,
        document_id=ids["education_2024"],
        first_seen="2025-10-02T01:00:00+00:00",
        **q,
    )
    ids["f_resolved"] = add_finding(
        store,
        check="missing_section",
        severity="warning",
        message="2023年度决算缺少“政府采购支出情况”说明",
        evidence={"section": "procurement"},
        department=EDUCATION,
        year=2023,
        document_id=ids["education_2023"],
        first_seen="2024-11-07T01:00:00+00:00",
        resolved_at="2025-01-10T01:00:00+00:00",
        **q,
    )

    # 卫健委: 2024 published, then removed from the site.
    ids["health_2024"] = add_document(
        store,
        frozen,
        department=HEALTH,
        year=2024,
        fetched=day("2025-07-01"),
        published="2025-06-30",
        figures=headline(8.0, 22.0, 150.0),
        **q,
    )
    with frozen.at(day("2025-10-08")):
        store.mark_removed(ids["health_2024"], "404")
    ids["f_removed"] = add_finding(
        store,
        check="document_removed",
        severity="critical",
        message="已公开的2024年度部门决算已无法访问（HTTP 404）",
        evidence={"url": "http://127.0.0.1/qingchuan/卫健委/2024.pdf"},
        department=HEALTH,
        year=2024,
        document_id=ids["health_2024"],
        first_seen="2025-10-08T01:00:00+00:00",
        **q,
    )

    # 白水县: no publication dates; 2023 files found by the first crawl (after the deadline).
    for department, scale in ((AUDIT, 0.6), (TRANSPORT, 5.5)):
        ids[f"{department}_2023"] = add_document(
            store,
            frozen,
            department=department,
            year=2023,
            fetched=day("2025-06-01"),
            published=None,
            figures=headline(scale, 3.1 * scale, 40 * scale),
            **b,
        )
    ids["audit_2024"] = add_document(
        store,
        frozen,
        department=AUDIT,
        year=2024,
        fetched=day("2025-08-20"),
        published=None,
        figures=headline(0.62, 1.9, 25.0),
        **b,
    )
    ids["f_section"] = add_finding(
        store,
        check="missing_section",
        severity="warning",
        message="2024年度决算缺少“机关运行经费支出情况”说明",
        evidence={"section": "operating_expenses"},
        department=AUDIT,
        year=2024,
        document_id=ids["audit_2024"],
        first_seen="2025-09-01T01:00:00+00:00",
        **b,
    )
    # 交通运输局 2024: replaced in place by new bytes at the same URL.
    url = "http://127.0.0.1/baishui/交通运输局/2024.pdf"
    first = add_document(
        store,
        frozen,
        department=TRANSPORT,
        year=2024,
        fetched=day("2025-08-25"),
        published=None,
        figures=headline(5.9, 17.0, 215.0),
        url=url,
        **b,
    )
    second = add_document(
        store,
        frozen,
        department=TRANSPORT,
        year=2024,
        fetched=day("2025-09-12"),
        published=None,
        figures=headline(5.9, 14.0, 215.0),
        url=url,
        data=b"%PDF-1.4\n% replaced\n",
        **b,
    )
    ids["transport_2024_old"], ids["transport_2024"] = first, second
    ids["f_changed"] = add_finding(
        store,
        check="document_changed",
        severity="warning",
        message="2024年度部门决算文件被替换，“三公”经费由17.00万元改为14.00万元",
        evidence={
            "old_sha256": "a" * 64,
            "new_sha256": "b" * 64,
            "changed_figures": {"three_public_total": [17.0, 14.0]},
        },
        department=TRANSPORT,
        year=2024,
        document_id=second,
        url=url,
        first_seen="2025-09-12T01:00:00+00:00",
        **b,
    )
    # 农业农村局 2024: a scanned file with no text layer.
    with frozen.at(day("2025-08-28")):
        version = store.record_document(
            url="http://127.0.0.1/baishui/农业农村局/2024.pdf",
            data=b"%PDF-1.4 scanned",
            source="baishui",
            title="白水县农业农村局2024年度部门决算",
            department=FARMING,
            region=BAISHUI,
            fiscal_year=2024,
            doc_type="final_account",
            content_type="pdf",
        )
        store.mark_failed(version.document_id, "扫描件，无文字层", status="unreadable")
    ids["farming_2024"] = version.document_id
    ids["f_unreadable"] = add_finding(
        store,
        check="unreadable_document",
        severity="warning",
        message="2024年度部门决算为扫描件，无法读取文字",
        evidence={"reason": "no text layer"},
        department=FARMING,
        year=2024,
        document_id=version.document_id,
        first_seen="2025-08-28T01:00:00+00:00",
        **b,
    )
    _crawl_history(store)
    ids["f_source"] = add_finding(
        store,
        check="source_unhealthy",
        severity="critical",
        message="数据源 baishui 连续3轮抓取失败：无法连接起始页",
        evidence={"consecutive_failures": 3, "last_error": "connection refused"},
        region=BAISHUI,
        source="baishui",
        first_seen="2025-10-14T01:00:00+00:00",
    )
    return ids


def _crawl_history(store: Store) -> None:
    rows = []
    for n in range(8):
        started = f"2025-10-{6 + n:02d}T23:00:00+00:00"
        rows.append(
            {
                "source": "qingchuan",
                "started_at": started,
                "finished_at": started,
                "status": "ok",
                "items": 9 + n % 2,
                "documents": 9 + n % 2,
                "start_urls_ok": 1,
            }
        )
        failed = n >= 5
        rows.append(
            {
                "source": "baishui",
                "started_at": started,
                "finished_at": started,
                "status": "unreachable" if failed else "ok",
                "items": 0 if failed else 6,
                "documents": 0 if failed else 6,
                "start_urls_ok": 0 if failed else 1,
                "last_error": "connection refused" if failed else None,
            }
        )
    store.db.table("crawl_stats").insert_all(rows)


def build_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, dict[str, int]]:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    ids = fill_sample(store, FrozenClock(monkeypatch))
    return store, ids

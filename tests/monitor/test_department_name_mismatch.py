"""``department_name_mismatch``: real documents through the real parser (seed 002's
市委委员会 fires; seeds 000, 003, 004 and the two Shanghai PDFs stay quiet), then page
texts that copy another department's template (fires) or differ only in form (quiet)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.models import Page, ParsedDocument
from fiscalwatch.monitor.checks.department_name_mismatch import same_form
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.store import Store
from tests.conftest import FIXTURES, SHARED
from tests.monitor.builders import open_findings

parsing = pytest.importorskip("fiscalwatch.parsing.stage", reason="the parser has not landed")

CHECK = "department_name_mismatch"
AS_OF = date(2025, 6, 1)
SEED_002 = "中共乌鲁木齐市委员会组织部"


def run(store: Store) -> list[dict[str, Any]]:
    summary = run_checks(store.db, config_from_dict({}), AS_OF, only=[CHECK])
    assert summary.errors == {}
    return open_findings(store, CHECK)


# --- real documents, real parser -------------------------------------------------------

REAL = [
    pytest.param(
        FIXTURES / "documents" / "seed_002.pdf", ["中共乌鲁木齐市委委员会组织部"], id="seed_002"
    ),
    pytest.param(FIXTURES / "documents" / "seed_000.pdf", [], id="seed_000"),
    pytest.param(FIXTURES / "documents" / "seed_003.pdf", [], id="seed_003"),
    pytest.param(FIXTURES / "documents" / "seed_004.pdf", [], id="seed_004"),
    pytest.param(
        SHARED / "real" / "上海市普陀区规划和自然资源局2024年度部门决算.pdf", [], id="putuo"
    ),
    pytest.param(
        SHARED / "real" / "上海市XX局2024年度部门决算(官方模板).pdf", [], id="shanghai_template"
    ),
]


@pytest.mark.parametrize(("path", "found"), REAL)
def test_real_documents(store: Store, path: Path, found: list[str]) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} is not there")
    store.record_document(
        url=path.resolve().as_uri(),
        data=path.read_bytes(),
        source="ingest",
        page_url=f"http://127.0.0.1:8001/{path.stem}/index.html",
        region="乌鲁木齐市",
    )
    parsing.parse_pending(store, config_from_dict({"parse": {"ocr": False}}), progress=False)
    row = next(iter(store.db.query("SELECT status, department, doc_type FROM documents")))
    assert (row["status"], row["doc_type"]) == ("parsed", "final_account")
    findings = run(store)
    assert [f["evidence"]["found"] for f in findings] == found
    for finding in findings:
        evidence = finding["evidence"]
        assert finding["severity"] == "info"
        assert evidence["expected"] == row["department"] == SEED_002
        assert evidence["page"] == 3
        assert "实有人数" in evidence["snippet"]
        assert len(evidence["occurrences"]) == 2  # 实有人数 and 无下属预算单位
        assert finding["message"] == (
            f"{SEED_002} 2024年度部门决算：文中把部门写作“中共乌鲁木齐市委委员会组织部”"
            "（第3页，共2处），与标题不一致"
        )


# --- page texts ----------------------------------------------------------------------

PUTUO = "上海市普陀区规划和自然资源局"
WESTERN = "中共攀枝花市西区区委机构编制委员会办公室"
HEALTH = "攀枝花市西区卫生健康委员会"
ORGANISATION = (
    "二、机构设置及人员情况\n{name} 2024 年度，实有人数 90 人，其中：在职人员 90 人。\n"
    "{name}无下属预算单位，下设 17 个科室。"
)

PAGE_CASES = [
    # (id, department on the cover, page text, variants expected)
    (
        "copied template: another department's name",
        PUTUO,
        "纳入上海市徐汇区绿化和市容管理局2024年度部门决算编制范围的单位包括：",
        ["上海市徐汇区绿化和市容管理局"],
    ),
    (
        "copied template in the organisation part",
        HEALTH,
        ORGANISATION.format(name="攀枝花市东区卫生健康委员会"),
        ["攀枝花市东区卫生健康委员会"],
    ),
    (
        "table header of another department",
        PUTUO,
        "收入支出决算总表\n编制单位：上海市长宁区规划和自然资源局 金额单位：万元",
        ["上海市长宁区规划和自然资源局"],
    ),
    (
        "the 市委委员会 typo",
        SEED_002,
        ORGANISATION.format(name="中共乌鲁木齐市委委员会组织部"),
        ["中共乌鲁木齐市委委员会组织部"],
    ),
    (
        "a character missing",
        WESTERN,
        "第一部分 中共攀枝花市西区区委机构编制委员办公室概况",
        ["中共攀枝花市西区区委机构编制委员办公室"],
    ),
    ("the same name", SEED_002, ORGANISATION.format(name=SEED_002), []),
    (
        "spaces and a wrapped line",
        SEED_002,
        ORGANISATION.format(name="中共乌鲁木齐市委员会\n组 织 部"),
        [],
    ),
    (
        "full-width brackets and (部门)",
        "乌鲁木齐市人民政府办公室",
        "纳入乌鲁木齐市人民政府办公室（部门）2024年度部门决算编制范围的下属预算单位包括：",
        [],
    ),
    (
        "本级",
        "乌鲁木齐市人民政府办公室",
        "从部门决算单位构成看，乌鲁木齐市人民政府办公室(本级)部门决算包括：",
        [],
    ),
    ("without 中共, 委 for 委员会", SEED_002, ORGANISATION.format(name="乌鲁木齐市委组织部"), []),
    ("an abbreviation", HEALTH, ORGANISATION.format(name="攀枝花市西区卫健委"), []),
    (
        "a short name for the full one",
        WESTERN,
        "纳入西区区委机构编制委员会办公室2024年度部门决算编制范围的单位包括：",
        [],
    ),
    ("本部门 is no name", PUTUO, "本部门2024年度，实有人数 12 人。本部门无下属预算单位。", []),
    ("the heading says 部门概况", PUTUO, "第一部分 部门概况\n一、主要职能", []),
    ("table header, same name", PUTUO, "编制单位：上海市普陀区规划和自然资源局\t\t单位：万元", []),
]


@pytest.mark.parametrize(
    ("department", "text", "found"),
    [pytest.param(d, t, f, id=i) for i, d, t, f in PAGE_CASES],
)
def test_page_texts(store: Store, department: str, text: str, found: list[str]) -> None:
    url = "http://127.0.0.1:8001/a/2024.pdf"
    stored = store.record_document(
        url=url,
        data=text.encode("utf-8"),
        source="test",
        page_url="http://127.0.0.1:8001/a/index.html",
        department=department,
        region="测试市",
        fiscal_year=2024,
        doc_type="final_account",
    )
    parsed = ParsedDocument(
        doc_type="final_account",
        title=f"{department}2024年度部门决算",
        department=department,
        fiscal_year=2024,
        pages=[Page(1, "封面"), Page(2, text)],
    )
    store.save_parse(stored.document_id, parsed)
    findings = run(store)
    assert [f["evidence"]["found"] for f in findings] == found
    for finding in findings:
        assert finding["evidence"]["expected"] == department
        assert finding["evidence"]["page"] == 2
        assert finding["url"] == url


def test_finding_resolves_when_the_name_is_fixed(store: Store) -> None:
    """Same URL, corrected bytes: the typo's finding is resolved, no new one opens."""
    for name in ("中共乌鲁木齐市委委员会组织部", SEED_002):
        text = ORGANISATION.format(name=name)
        stored = store.record_document(
            url="http://127.0.0.1:8001/a/2024.pdf",
            data=text.encode("utf-8"),
            source="test",
            department=SEED_002,
            region="乌鲁木齐市",
            fiscal_year=2024,
            doc_type="final_account",
        )
        store.save_parse(
            stored.document_id,
            ParsedDocument(
                "final_account", department=SEED_002, fiscal_year=2024, pages=[Page(1, text)]
            ),
        )
        findings = run(store)
    assert findings == []
    assert (
        store.db.execute(f"SELECT count(*) FROM findings WHERE \"check\" = '{CHECK}'").fetchone()[0]
        == 1
    )


FORMS = [
    ("中共乌鲁木齐市委员会组织部", "乌鲁木齐市委组织部", True),
    ("乌鲁木齐市人民政府办公室", "乌鲁木齐市人民政府办公室（部门）", True),
    ("攀枝花市西区卫生健康委员会", "西区卫健委", True),
    ("中共乌鲁木齐市委员会组织部", "中共乌鲁木齐市委委员会组织部", False),
    ("上海市普陀区规划和自然资源局", "上海市徐汇区规划和自然资源局", False),
]


@pytest.mark.parametrize(("expected", "found", "same"), FORMS)
def test_forms(expected: str, found: str, same: bool) -> None:
    assert same_form(found, expected) is same

"""Provincial layouts: Shanghai's template has no 其他需说明的事项 part, so its documents
are not asked for one; national-layout documents still are (seed 004)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fiscalwatch.config import config_from_dict
from fiscalwatch.monitor.runner import run_checks
from fiscalwatch.parsing.stage import parse_pending
from fiscalwatch.store import Store
from fiscalwatch.template import layout
from tests.conftest import SHARED, config_data

SHANGHAI_CONTENTS = (
    "上海市 XX 局\r\n2024 年度部门决算目 录\r\n第一部分 上海市 XX 局概况\r\n一、主要职能\r\n"
    "第二部分 上海市 XX 局 2024 年度部门决算表\r\n一、收入支出决算总表\r\n"
    "第三部分 上海市 XX 局 2024 年度部门决算情况说明\r\n十、预算绩效管理情况\r\n"
    "十一、其他重要事项说明\r\n第四部分 名词解释"
)
NATIONAL_CONTENTS = (
    "第一部分 部门概况\n第二部分 部门决算情况说明\n十、其他重要事项的情况说明\n"
    "十二、其他需说明的事项\n第三部分 专业名词解释\n第四部分 部门决算报表（见附表）"
)
# Seed 004: national numbering, 其他重要事项的情况说明, and no 其他需说明的事项.
DISTRICT_CONTENTS = (
    "第一部分 部门概况\n第二部分 2024年度部门决算情况说明\n其他重要事项的情况说明\n名词解释"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SHANGHAI_CONTENTS, "shanghai"),
        (NATIONAL_CONTENTS, "national"),
        (DISTRICT_CONTENTS, "national"),
        (
            "第二部分 上海市普陀区规划和自然资源局 2024 年度部门决算\r\n表\r\n"
            "十一、其他重要事项说明",
            "shanghai",
        ),
    ],
)
def test_layout(text: str, expected: str) -> None:
    assert layout(text) == expected


def test_real_shanghai_documents_are_not_asked_for_other_matters(tmp_path: Path) -> None:
    real = sorted((SHARED / "real").glob("*.pdf")) if SHARED.is_dir() else []
    if not real:
        pytest.skip("../shared/real is not beside the checkout")
    config = config_from_dict(config_data(tmp_path))
    store = Store.from_config(config)
    for path in real:
        store.record_document(url=path.as_uri(), data=path.read_bytes(), source="ingest")
    assert parse_pending(store, config, progress=False).parsed == len(real)
    run_checks(store.db, config, date(2025, 10, 1), only=["missing_section"])
    sections = {
        row[0]
        for row in store.db.execute("SELECT json_extract(evidence, '$.section') FROM findings")
    }
    assert "other_matters" not in sections
    store.close()

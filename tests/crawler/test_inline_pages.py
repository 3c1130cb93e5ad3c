"""A detail page without attachments is the disclosure its titles name when it carries
a disclosure's text: enough of it, or amounts beside 预算/决算 (a budget published as one
short HTML table); a titled stub stays a failure."""

from __future__ import annotations

import pytest

from fiscalwatch.classify import classify
from fiscalwatch.crawler.inline import is_page_disclosure

BUDGET = classify("青川市司法局2026年部门预算公开")


@pytest.mark.parametrize(
    ("found", "body", "expected"),
    [
        (BUDGET, "2026年部门预算 收入预算 1,234.56万元 支出预算 1,234.56万元", True),
        (BUDGET, "部门概况" * 40, True),
        (BUDGET, "详见附件。", False),  # the file is missing: a stub
        (classify("关于召开预算编制工作会议的通知"), "收入预算1,234.56万元" * 20, False),
    ],
)
def test_page_disclosure(found, body: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert is_page_disclosure(found, body) is expected

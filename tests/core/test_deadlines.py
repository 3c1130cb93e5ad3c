"""The shared date rules the monitor and the report both judge by."""

from __future__ import annotations

from datetime import date

import pytest

from fiscalwatch.deadlines import deadline_for, latest_due_year, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2025-08-15T02:00:00+00:00",
        "2025/8/15",
        "2025.08.15",
        "发布时间：2025年8月15日",
        "2025 年 8 月 15 日",
        "2025 - 08 - 15",
    ],
)
def test_every_written_form_of_a_date(text: str) -> None:
    assert parse_date(text) == date(2025, 8, 15)


def test_no_date_or_an_impossible_one() -> None:
    assert parse_date("2025年度") is None
    assert parse_date("2025-02-30") is None
    assert parse_date("") is None


def test_latest_due_year_turns_the_day_after_the_deadline() -> None:
    assert deadline_for(2024, "09-30") == date(2025, 9, 30)
    assert latest_due_year(date(2025, 9, 30), "09-30") == 2023
    assert latest_due_year(date(2025, 10, 1), "09-30") == 2024

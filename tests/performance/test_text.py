"""Cell text and indicator values as the tables write them."""

from __future__ import annotations

import pytest

from fiscalwatch.performance.targets import Value, exactly, meets, parse_value, says_not_met
from fiscalwatch.performance.text import amount, clean, percent, score


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("公务员资 格审查人 员", "公务员资格审查人员"),
        ("≤37.49 万 元", "≤37.49万元"),
        ("年初预 算 数", "年初预算数"),
        ("<=2023 年 6 月 1 日 -2024 年 5 月 31 日", "<=2023年6月1日-2024年5月31日"),
        ("<p>拍摄 9 部专题片。</p> <p>通过培训</p>", "拍摄9部专题片。通过培训"),
        ("中心机房 USP 电池组", "中心机房USP电池组"),
        ("HDMI cable  30 m", "HDMI cable 30 m"),
        (None, ""),
    ],
)
def test_clean(raw: str | None, cleaned: str) -> None:
    assert clean(raw) == cleaned


def test_numbers() -> None:
    assert amount("3,163.77") == 3163.77
    assert amount("3653.3") == 3653.3
    assert amount("-") is None and amount("—") is None
    assert percent("99.7%") == 99.7 and percent("100.00％") == 100.0 and percent("—") is None
    assert score("95.34分") == 95.34 and score("10.00 分") == 10.0 and score("10") == 10
    assert score("=2人") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (">=260家", Value(">=", 260, "家")),
        ("≥7044人", Value(">=", 7044, "人")),
        ("=4 人", Value("=", 4, "人")),
        ("≤37.49万元", Value("<=", 37.49, "万元")),
        ("大于等于5%", Value(">=", 5, "%")),
        ("=3000元/人/年", Value("=", 3000, "元/人/年")),
        ("10次", Value(None, 10, "次")),
        ("有效提高", None),
        ("<=2024年12月", None),
    ],
)
def test_parse_value(text: str, value: Value | None) -> None:
    assert parse_value(text) == value


def _meets(target: str, actual: str, cost: bool = False) -> bool:
    t, a = parse_value(target), parse_value(actual)
    assert t is not None and a is not None
    return meets(t, a, cost=cost)


def test_meets() -> None:
    assert not _meets("=4人", "=2人")
    assert _meets("=10个", "=20个")  # more than promised is not a shortfall
    assert not _meets(">=95%", "=94.5%")
    assert _meets("<=7天", "=7天") and not _meets("<=7天", "=8天")
    assert not _meets("=37.49万元", "=40万元", cost=True)  # a cost "=" is a ceiling
    assert _meets("=37.49万元", "=30万元", cost=True)
    assert exactly(Value(">=", 1.30, "万名"), Value("=", 1.3, "万名"))
    assert says_not_met("部分达到预期") and not says_not_met("完全达到预期")

"""The reason a document states for a change, in the wordings and the PDF text shapes
met in the seeds and their files (reasons.stated_reason), and its direction."""

from __future__ import annotations

import pytest

from fiscalwatch.monitor.checks.reasons import stated_reason

SEED_004_P4 = (
    "一、收入支出决算总体情况说明\r\n"
    "2024 年度收、支总计均为 157.60 万元。与 2023 年度相比，收、支总计各减\r\n"
    "少 37.98 万元，减少 19.42%。主要变动原因是人员经费增加。\r\n"
    "（图 1：收、支决算总计变动情况图）（柱状图）\r\n"
)
SEED_004_P5 = (
    "2024 年度一般公共预算财政拨款支出 154.25 万元，占本年支出合计的\r\n"
    "99.35%。与 2023 年度相比，一般公共预算财政拨款支出减少 40.06 万元，减少\r\n"
    "20.62%。主要变动原因是人员经费增加引起。\r\n"
)

# (snippet as the parser keeps it, page text or None, expected reason or None)
CASES = [
    pytest.param(
        "2024年度财政拨款“三公”经费支出19.90万元,比上年增加12.49万元,增长168.56%,",
        "2024 年度财政拨款“三公”经费支出 19.90 万元，比上年增加 12.49 万元，\r\n"
        "增长 168.56%，主要原因是：本年业务活动增加，车辆使用频次较上年增加，公\r\n"
        "务用车运行维护费增加。其中：因公出国（境）费支出 0.00 万元，占 0.00%，比\r\n",
        "本年业务活动增加,车辆使用频次较上年增加,公务用车运行维护费增加",
        id="a reason that itself compares with the prior year is read to its end",
    ),
    pytest.param(
        "与2023年度相比,收、支总计各减少37.98万元,减少19.42%。",
        SEED_004_P4,
        "人员经费增加",
        id="seed 004: 主要变动原因是, on the page after the snippet",
    ),
    pytest.param(
        "与2023年度相比,一般公共预算财政拨款支出减少40.06万元,减少20.62%。",
        SEED_004_P5,
        "人员经费增加引起",
        id="seed 004: the number wrapped, reason on the next line",
    ),
    pytest.param(
        "与2023年度相比，收、支总计各减少37.98万元，减少19.42%。主要变动原因是人员经费增加。",
        None,
        "人员经费增加",
        id="主要变动原因是, in the snippet",
    ),
    pytest.param(
        "比上年减少5.20万元，下降10.00%，主要原因是：会议费减少。",
        None,
        "会议费减少",
        id="主要原因是：",
    ),
    pytest.param(
        "比上年减少5.20万元，下降10.00%。主要原因：会议费减少。",
        None,
        "会议费减少",
        id="主要原因：",
    ),
    pytest.param(
        "比上年增加5.20万元，增长10.00%。变动原因主要是人员增加。",
        None,
        "人员增加",
        id="变动原因主要是",
    ),
    pytest.param("比上年增加5.20万元，增长10.00%，原因是新增项目。", None, "新增项目", id="原因是"),
    pytest.param(
        "比上年增加5.20万元，增长10.00%。增加的主要原因是人员增加。",
        None,
        "人员增加",
        id="增加的主要原因是",
    ),
    pytest.param(
        "比上年减少5.20万元。减少原因主要为：项目完结。", None, "项目完结", id="减少原因主要为："
    ),
    pytest.param("比上年减少5.20万元，主要是由于项目完结。", None, "项目完结", id="主要是由于"),
    pytest.param(
        "比上年减少5.20万元，主要原因是 ：项目完结。", None, "项目完结", id="space before colon"
    ),
    pytest.param(
        "与2023年度相比,收、支总计各减少37.98万元,减少19.42%。",
        "与 2023 年度相比，收、支总计各减少 37.98 万元，减少 19.42%。"
        "主要变动原\n因是人员经\n费增加。",
        "人员经费增加",
        id="the reason wrapped over lines",
    ),
    pytest.param(
        "与2023年度相比,收、支总计各减少37.98万元,减少19.42%。",
        "与 2023 年度相比，收、支总计各减少 37.98 万元，减少 19.42%。主要变动原因是⼈员经费增加。",
        "人员经费增加",
        id="Kangxi radical 人 from the PDF's font",
    ),
    pytest.param(
        "与2023年度相比,收、支总计各减少37.98万元,减少19.42%。",
        "与 2023 年度相比，收、支总计各减少\u200b 37.98 万元，减少 19.42%。"
        "主要变动原因是人员经费增加。",
        "人员经费增加",
        id="zero-width space in the page text",
    ),
    pytest.param(
        "机关运行经费支出12.41万元,比2023年减少2.66万元,减少17.65%。",
        "2024 年度，西区区委编办机关运行经费支出 12.41 万元，比 2023 年减少\n- 7 -\n"
        "2.66 万元，减少 17.65%。主要原因是人员变动引起。",
        "人员变动引起",
        id="a page footer inside the statement",
    ),
    pytest.param(
        "度,西区区委编办机关运行经费支出12.41万元,比2023年减少2.66万元,减少17.65%。",
        "……西区区委编办机关运行经费支出 12.41 万元，比 2023 年减少 2.66 万元，减少"
        " 17.65%。主要原因是人员变动引起。",
        "人员变动引起",
        id="snippet starting with a fragment the page does not have",
    ),
    pytest.param(
        "比上年减少5.20万元，下降10.00%。",
        "比上年减少 5.20 万元，下降 10.00%。与年初预算相比，减少 1.00 万元，主要原因是节约。",
        None,
        id="the next comparison's reason is not this one's",
    ),
    pytest.param(
        "比上年增加5.20万元，增长10.00%。", "比上年增加 5.20 万元，增长 10.00%。", None, id="none"
    ),
]


@pytest.mark.parametrize(("snippet", "page", "reason"), CASES)
def test_stated_reason(snippet: str, page: str | None, reason: str | None) -> None:
    found = stated_reason(snippet, page)
    assert (found.text if found else None) == reason


@pytest.mark.parametrize(
    ("reason", "change", "contradicts"),
    [
        ("人员经费增加", -37.98, True),
        ("人员经费增加引起", -40.06, True),
        ("人员变动引起", -2.66, False),
        ("会议费减少", 5.0, True),
        ("人员减少，但项目经费增加", -3.0, False),
        ("新增项目", 5.0, False),
    ],
)
def test_reason_direction(reason: str, change: float, contradicts: bool) -> None:
    found = stated_reason(f"比上年变动，主要原因是{reason}。")
    assert found is not None and found.contradicts(change) is contradicts

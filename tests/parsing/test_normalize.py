"""One regression test per extraction quirk (domain.md, "Text extraction quirks")."""

from __future__ import annotations

from fiscalwatch.parsing.normalize import (
    doubled_glyph_share,
    fix_wrap_doubling,
    normalize_line,
    normalize_text,
    to_wanyuan,
    undouble,
)
from tests.parsing.conftest import read_text, values


def test_number_and_unit_wrapped_across_lines() -> None:
    _, figures = read_text("2024年度收入总计701.60\n万元，其中：本年收入合计701.53万元。")
    assert values(figures, "income_total") == [701.60]


def test_unit_itself_wrapped() -> None:
    _, figures = read_text("2024年度收入总计1,892.80万\n元。")
    assert values(figures, "income_total") == [1892.80]


def test_thousands_separator_and_spaces() -> None:
    _, figures = read_text("2024 年度收入总计 2,582.72 万元，其中：本年收入合计 2,582.72 万元。")
    assert values(figures, "income_total") == [2582.72]
    assert values(figures, "income_current_year") == [2582.72]


def test_yuan_converted_to_wanyuan() -> None:
    _, figures = read_text("2024年度政府采购支出总额144,600.00元，其中：政府采购货物支出30,900元。")
    assert values(figures, "procurement_total") == [14.46]
    assert values(figures, "procurement_goods") == [3.09]
    assert to_wanyuan("1", "亿元") == 10000.0


def test_lone_wan_means_wanyuan_but_not_before_a_measure_word() -> None:
    _, figures = read_text("公务接待费支出 0.39 万（含外宾接待支出 0.00 万元）。培训4.3万场次。")
    assert values(figures, "official_reception") == [0.39]


def test_kangxi_radicals_become_ideographs() -> None:
    # U+2F00 ⼀ and U+2F40 ⽀ are Kangxi radicals some PDF fonts map the ideographs to.
    text = "2024年度\u2f00般公共预算财政拨款\u2f40出701.53万元。"
    assert "一般公共预算财政拨款支出" in normalize_text(text)
    _, figures = read_text(text)
    assert values(figures, "general_budget_expenditure") == [701.53]


def test_full_width_digits_and_punctuation() -> None:
    assert (
        normalize_line(normalize_text("支出总计１２．５０万元，占１００％"))
        == "支出总计12.50万元,占100%"
    )
    _, figures = read_text("2024年度支出总计１２．５０万元。")
    assert values(figures, "expenditure_total") == [12.50]


def test_glyph_repeated_across_a_line_break_seed_002() -> None:
    lines = ["主要原因是：本年减少报刊征订费、人才工作培训、组", "组织部管理工作经费等项目"]
    assert "".join(fix_wrap_doubling(lines)) == (
        "主要原因是：本年减少报刊征订费、人才工作培训、组织部管理工作经费等项目"
    )
    # a real reduplicated word across the break stays
    assert fix_wrap_doubling(["各项工作常", "常开展"]) == ["各项工作常", "常开展"]


def test_fake_bold_doubled_glyphs_detected_and_collapsed() -> None:
    doubled = "一一般般公公共共预预算算财财政政拨拨款款支支出出决决算算情情况况说说明明"
    assert doubled_glyph_share(doubled) > 0.4
    assert doubled_glyph_share("一般公共预算财政拨款支出决算情况说明，本年收入合计七百万元") < 0.1
    assert undouble(doubled) == "一般公共预算财政拨款支出决算情况说明"


def test_quote_variants_around_san_gong() -> None:
    for quoted in ('"三公"', "‘三公’", "「三公」", "“三公”"):
        _, figures = read_text(f"2024年度财政拨款{quoted}经费支出7.90万元。")
        assert values(figures, "three_public_total") == [7.90], quoted


def test_stated_share_kept_as_stated_seed_004() -> None:
    _, figures = read_text(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "2024年度一般公共预算财政拨款支出154.25万元，占本年支出合计的99.35%。"
    )
    share = [f for f in figures if f.key == "general_budget_expenditure_share"]
    assert [(f.value, f.basis) for f in share] == [(99.35, "expenditure_current_year")]


def test_decrease_is_negative_and_implies_the_prior_year() -> None:
    _, figures = read_text(
        "2024年度财政拨款“三公”经费支出8.07万元，比上年减少8.79万元，下降52.14%。"
    )
    assert values(figures, "three_public_total_change") == [-8.79]
    assert values(figures, "three_public_total_change_pct") == [-52.14]
    assert values(figures, "three_public_total_prev_implied") == [16.86]


def test_unfilled_template_direction_only_kept_when_zero() -> None:
    _, figures = read_text(
        "2024年度“三公”经费财政拨款支出决算为0万元，较上年度增加/减少0万元，增长/下降0%。\n"
        "机关运行经费支出5.00万元，比上年增加/减少3.00万元。"
    )
    assert values(figures, "three_public_total_change") == [0.0]
    assert values(figures, "operating_expenses_change") == []


def test_budget_and_actual_in_one_clause() -> None:
    _, figures = read_text("“三公”经费财政拨款支出年初预算为 2.85 万元，支出决算为 0.39 万元。")
    assert values(figures, "three_public_total_budget") == [2.85]
    assert values(figures, "three_public_total") == [0.39]


def test_change_after_the_sentence_of_its_figure() -> None:
    _, figures = read_text(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "2024年度一般公共预算财政拨款支出701.53万元，占本年支出合计的99.99%。"
        "与上年相比，增加2.18万元，增长0.31%。"
    )
    assert values(figures, "general_budget_expenditure_change") == [2.18]
    assert values(figures, "general_budget_expenditure_prev_implied") == [699.35]


def test_longer_label_wins_over_the_label_inside_it() -> None:
    _, figures = read_text(
        "七、政府性基金预算财政拨款收入支出决算情况说明\n"
        "2024年度政府性基金预算财政拨款收入总计 0.00 万元，其中：年初结转和结余 0.00 万元，"
        "本年收入 3.00 万元。"
    )
    assert values(figures, "income_total") == []
    assert values(figures, "carryover_begin") == []
    assert values(figures, "gov_fund_income") == [3.00]


def test_table_continued_on_the_next_page_is_stitched() -> None:
    from fiscalwatch.parsing.tables import _stitch

    first = [
        (8, ["项目", "项目", "本年收入合计", "财政拨款收入"]),
        (8, ["合计", "合计", "9746.50", "9746.50"]),
        (8, ["2080505", "机关事业单位基本养老保险缴", "446.11", "446.11"]),
    ]
    second = [
        (9, ["项目", "项目", "本年收入合计", "财政拨款收入"]),  # header repeated
        (9, ["", "费支出", "", ""]),  # the label's end, wrapped onto the next page
        (9, ["212", "城乡社区支出", "3832.36", "3832.36"]),
    ]
    rows = _stitch(first, second)
    assert [cells[:2] for _, cells in rows] == [
        ["项目", "项目"],
        ["合计", "合计"],
        ["2080505", "机关事业单位基本养老保险缴费支出"],
        ["212", "城乡社区支出"],
    ]
    assert rows[-1][0] == 9


def test_traditional_characters_read_as_simplified() -> None:
    from fiscalwatch.parsing.normalize import normalize_text
    from fiscalwatch.template import table_key

    assert normalize_text("收入支出決算總表") == "收入支出决算总表"
    assert table_key(normalize_text("政府基金預算財政撥款收入支出決算表")) == "table_07"
    # One or two such characters in a long simplified text are left alone.
    assert "乾隆" in normalize_text("乾隆年间" + "本部门的收入支出情况说明如下。" * 5)


def test_word_field_residue_removed() -> None:
    from fiscalwatch.parsing.normalize import normalize_text

    assert normalize_text("一、收入支出决算总体情况说明 PAGEREF _Toc16112 h 4") == (
        "一、收入支出决算总体情况说明 4"
    )


def test_character_dropped_after_the_number() -> None:
    from fiscalwatch.parsing.layout import Line
    from fiscalwatch.parsing.sections import _heading
    from fiscalwatch.template import table_key

    assert table_key("三、出决算表") == "table_03"
    assert table_key("四、政拨款收入支出决算总表") == "table_04"
    assert table_key("一、入支出决算总表") == "table_01"
    assert table_key("三、支出决算表") == "table_03"
    heading = _heading(Line("六、般公共预算财政拨款基本支出决算情况说明", 1, 0, 0), None)
    assert heading is not None and heading.key == "basic_expenditure"


def test_contents_entries_with_leaders_and_punctuation() -> None:
    from fiscalwatch.parsing.sections import _canonical

    assert _canonical("第一部分:2022年度部门决算报表......3") == "第一部分2022年度部门决算报表"
    assert _canonical("一、主要职能…………………………12") == "一主要职能"

"""The budget vocabulary: titles by meaning, a budget's own tables, families, levels."""

from __future__ import annotations

import pytest
import sqlite_utils

from fiscalwatch.budget_template import (
    BUDGET_FAMILIES,
    budget_family,
    document_kind,
    is_budget_title,
)
from fiscalwatch.classify import level_of
from fiscalwatch.store.schema import migrate
from fiscalwatch.template import table_key


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("1. 2026年部门财务收支预算总表", "table_01"),
        ("2026年预算单位财务收支预算总表", "table_01"),
        ("一、收支总表", "table_01"),
        ("2024年部门收支总体情况表", "table_01"),
        ("四、财政拨款收支总表", "table_04"),
        ("2026年部门财政拨款收支预算总表", "table_04"),
        ("8．2026年部门一般公共预算基本支出部门预算经济分类预算表", "table_06"),
        ("五、一般公共预算支出表", "table_05"),
        ("七、一般公共预算项目支出表", "project_expenditure"),
        ("十一、项目支出表", "project_list"),
        ("十二、项目支出绩效表", "performance_targets_project"),
        ("十三、部门整体支出绩效目标表", "performance_targets_overall"),
        ("2026年单位“三公”经费和机关运行经费预算表", "three_public_operating"),
        ("一般公共预算“三公”经费支出情况表", "table_09"),
        # final accounts keep their keys
        ("收入支出决算总表", "table_01"),
        ("财政拨款“三公”经费支出决算表", "table_09"),
        ("一般公共预算财政拨款支出决算表", "table_05"),
    ],
)
def test_budget_titles_by_meaning(title: str, key: str) -> None:
    assert table_key(title) == key


def test_a_budget_table_is_told_from_a_final_account_one() -> None:
    assert is_budget_title("2026年部门财务收支预算总表")
    assert is_budget_title("收支总表")
    assert not is_budget_title("收入支出决算总表")
    assert not is_budget_title("财政拨款“三公”经费支出决算表")


def test_families_are_data() -> None:
    assert set(BUDGET_FAMILIES) == {"shanghai_budget", "heilongjiang_budget", "hunan_budget"}
    assert [len(f.tables) for f in BUDGET_FAMILIES.values()] == [13, 10, 9]
    shanghai = {key for key, _ in BUDGET_FAMILIES["shanghai_budget"].tables}
    assert budget_family(shanghai) == ("shanghai_budget", 1.0)
    assert budget_family({"table_01", "table_02"}) == (None, 0.0)


@pytest.mark.parametrize(
    ("title", "text", "level"),
    [
        ("上海市普陀区司法局2026年度单位预算", "", "unit"),
        (None, "上海市普陀区2026年区级单位预算 预算单位：上海市普陀区司法局", "unit"),
        (None, "上海市普陀区2026年区级部门预算 预算主管部门：上海市普陀区司法局", "department"),
        ("泸州市中医医院2023年度单位决算", "", "unit"),
        ("XX局2024年度部门决算（本级）", "", "own_office"),
        ("XX局部门本级2024年度决算", "", "own_office"),
        ("青川市事业单位登记管理局2024年度部门决算", "", "department"),
        ("2024年度决算", "第一部分 概况", None),
    ],
)
def test_level_of(title: str | None, text: str, level: str | None) -> None:
    assert level_of(title, text) == level


def test_document_kind() -> None:
    assert document_kind("budget", "unit") == "单位预算"
    assert document_kind("final_account", None) == "部门决算"
    assert document_kind("performance", "unit") is None


def test_migration_fills_the_level_of_stored_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_utils.Database(tmp_path / "fw.db")
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    from fiscalwatch.store import schema

    # The level migration and those that build on it (department identity, rule views).
    later = ("core_0010_document_level", "core_0011_departments", "core_0012_rule_views")
    pending = [m for m in schema.all_migrations() if m.name not in later]
    for migration in pending:
        migration.apply(db)
        db.execute("INSERT INTO schema_migrations VALUES (?, '')", [migration.name])
    for n, title in enumerate(["XX局2024年度部门决算", "XX中心2026年度单位预算", None], start=1):
        db.execute(
            "INSERT INTO documents (id, url, sha256, fetched_at, title) VALUES (?, ?, 'x', '', ?)",
            [n, f"http://127.0.0.1/{n}", title],
        )
    assert migrate(db) == list(later)
    levels = [row[0] for row in db.execute("SELECT level FROM documents ORDER BY id")]
    assert levels == ["department", "unit", "department"]

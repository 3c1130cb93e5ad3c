"""Every fixture document read whole: its parse (classification, sections, tables, every
figure appearance) equals fixtures/documents/<name>.expected.json, and that file agrees
with the hand-written expectation (fixtures/documents/expected/<name>.toml)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.errors import DocumentError
from scripts.fixture_expectations import main as regenerate
from tests.parsing import snapshot as snapshot_module
from tests.parsing.expected import Expected, all_expected, parsed
from tests.parsing.snapshot import (
    assert_same,
    differences,
    disagreements,
    dump_snapshot,
    load_snapshot,
    snapshot,
    snapshot_path,
)

EXPECTED = all_expected()
READABLE = [e for e in EXPECTED if e.status == "parsed"]

pytestmark = pytest.mark.skipif(not EXPECTED, reason="fixtures/documents/expected is empty")


def committed(expected: Expected) -> dict[str, Any]:
    data = load_snapshot(expected.name)
    if data is None:
        pytest.fail(f"{expected.name}: no expectation file; run scripts/fixture_expectations.py")
    return data


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.name)
def test_document_reads_exactly_as_expected(expected: Expected) -> None:
    assert_same(committed(expected), snapshot(parsed(expected.name)), expected.name)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.name)
def test_expectation_agrees_with_the_hand_written_one(expected: Expected) -> None:
    problems = disagreements(expected, committed(expected))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("expected", READABLE, ids=lambda e: e.name)
def test_every_figure_has_provenance(expected: Expected) -> None:
    result = parsed(expected.name)
    assert not isinstance(result, DocumentError), result
    for figure in result.figures:
        assert figure.page is not None and figure.page >= 1, figure
        assert figure.text, figure
        assert figure.origin in ("text", "table", "ocr")
        if figure.origin == "table":
            assert figure.table_key and figure.table_key.startswith("table_0")


def test_the_generator_writes_and_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the lead runs after a parser change: one command writes what the parse gives;
    ``--check`` writes nothing and names what is stale."""
    committed_text = snapshot_path("seed_001").read_text(encoding="utf-8")
    monkeypatch.setattr(snapshot_module, "DOCUMENTS", tmp_path)
    written = tmp_path / "seed_001.expected.json"
    assert regenerate(["--check", "seed_001"]) == 1 and not written.exists()
    assert regenerate(["seed_001"]) == 0
    assert written.read_text(encoding="utf-8") == committed_text
    assert regenerate(["--check", "seed_001"]) == 0
    data = json.loads(committed_text)
    data["figures"]["staff_total"] = [{"value": 1.0, "unit": "人", "page": 1, "origin": "text"}]
    written.write_text(dump_snapshot(data), encoding="utf-8")
    capsys.readouterr()
    assert regenerate(["--check", "seed_001"]) == 1
    out = capsys.readouterr().out
    assert "stale in 2 place(s)" in out
    assert '- figures.staff_total[]: missing {"origin": "text", "page": 1' in out


# --- the comparison itself --------------------------------------------------------------


def sample() -> dict[str, Any]:
    return {
        "doc_type": "final_account",
        "tables": {"table_01": {"status": "parsed", "rows": 12, "columns": 4}},
        "figures": {
            "income_total": [{"value": 701.6, "unit": "万元", "page": 3, "origin": "text"}],
            "three_public_total": [{"value": 7.9, "unit": "万元", "page": 6, "origin": "text"}],
        },
    }


def failure(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    with pytest.raises(AssertionError) as caught:
        assert_same(expected, actual, "seed_000")
    return str(caught.value)


def test_an_extra_wrong_value_under_an_expected_key_fails() -> None:
    actual = sample()
    wrong = {"value": 9999.0, "unit": "万元", "page": 3, "origin": "text"}
    actual["figures"]["income_total"].append(wrong)
    message = failure(sample(), actual)
    assert "1 place(s)" in message
    assert "+ figures.income_total[]: extra" in message and "9999.0" in message
    assert "three_public_total" not in message, "only the differing key is listed"


def test_a_missing_value_fails() -> None:
    actual = sample()
    del actual["figures"]["three_public_total"]
    message = failure(sample(), actual)
    assert "- figures.three_public_total: missing" in message
    assert "income_total" not in message


def test_an_extra_key_a_changed_value_and_a_changed_table_fail() -> None:
    actual = copy.deepcopy(sample())
    actual["figures"]["vehicle_total"] = [{"value": 1.0, "unit": "万元", "page": 6}]
    actual["figures"]["income_total"][0]["page"] = 4
    actual["tables"]["table_01"]["rows"] = 11
    lines = failure(sample(), actual).splitlines()[1:]
    assert "~ tables.table_01.rows: expected 12, read 11" in lines
    assert "+ figures.vehicle_total: extra" in " ".join(lines)
    # A changed appearance is its old form missing and its new form extra.
    assert sum("figures.income_total[]" in line for line in lines) == 2
    assert len(lines) == 4


def test_equal_documents_pass_and_an_int_is_not_a_float() -> None:
    assert_same(sample(), copy.deepcopy(sample()), "seed_000")
    assert differences({"page": 3}, {"page": 3.0}) == ["~ page: expected 3, read 3.0"]


def test_the_review_catches_a_value_the_hand_expectation_does_not_hold() -> None:
    hand = next(e for e in READABLE if e.data.get("figures", {}).get("income_total"))
    snap = copy.deepcopy(committed(hand))
    value = float(hand.data["figures"]["income_total"])
    snap["figures"]["income_total"].append({"value": value + 100, "unit": "万元", "page": 1})
    assert disagreements(hand, snap) == [
        f"figure income_total: hand says {hand.data['figures']['income_total']}, parse also"
        f" reads {sorted({value, value + 100})}"
    ]
    del snap["figures"]["income_total"]
    assert disagreements(hand, snap)[0].startswith("figure income_total: hand says")

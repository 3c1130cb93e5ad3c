"""What comes from crawled documents is untrusted: it is escaped, and links to it are
only ever http(s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree, html

from fiscalwatch.models import Figure
from fiscalwatch.report import build_report
from fiscalwatch.store import Store
from tests.report.sample import (
    QINGCHUAN,
    FrozenClock,
    add_document,
    add_finding,
    day,
    sample_config,
)

EVIL_NAME = "<script>alert('name')</script>青川市<b>测试</b>局"
EVIL_MESSAGE = "数字不一致<img src=x onerror=alert(1)></p><script>alert('msg')</script>"


@pytest.fixture
def hostile_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = Store(tmp_path / "fw.db", tmp_path / "files")
    frozen = FrozenClock(monkeypatch)
    document_id = add_document(
        store,
        frozen,
        department=EVIL_NAME,
        region=QINGCHUAN,
        source="qingchuan",
        year=2024,
        fetched=day("2025-08-01"),
        published="2025-07-30",
        figures=[
            Figure("expenditure_total", 100.0, page=3, text="<script>alert('fig')</script>"),
            Figure("three_public_total", 5.0, page=4, text='"><svg onload=alert(1)>'),
        ],
        url="javascript:alert('url')",
    )
    store.db.table("documents").update(
        document_id, {"title": "<iframe src=//evil></iframe>", "page_url": "javascript:alert(2)"}
    )
    add_finding(
        store,
        check="<script>alert('check')</script>",
        severity="warning",
        message=EVIL_MESSAGE,
        evidence={
            "metric": "<script>alert('metric')</script>",
            "snippet": "</blockquote><script>alert('snippet')</script>",
            "page": 2,
        },
        department=EVIL_NAME,
        region=QINGCHUAN,
        year=2024,
        document_id=document_id,
        url="javascript:alert('finding')",
    )
    out = tmp_path / "site"
    build_report(store.db, sample_config(), out, files=store.files)
    store.close()
    return out


def pages(out: Path) -> list[Path]:
    return [*out.glob("*.html"), *out.glob("departments/*.html")]


def test_document_text_is_escaped_on_every_page(hostile_site: Path) -> None:
    for path in pages(hostile_site):
        source = path.read_text(encoding="utf-8")
        assert "<script>alert" not in source, path.name
        assert "<img src=x" not in source and "<iframe" not in source, path.name
        assert "<svg onload" not in source, path.name
        tree = html.fromstring(source)
        scripts = tree.cssselect("script")
        assert [s.get("src") for s in scripts] == [
            ("../" if path.parent.name == "departments" else "") + "assets/report.js"
        ]
        assert not tree.cssselect("img, iframe, b")
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;青川市&lt;b&gt;测试&lt;/b&gt;局" in index
    )


def test_escaped_text_still_reads_as_the_document_wrote_it(hostile_site: Path) -> None:
    department = next((hostile_site / "departments").glob("*.html"))
    tree = html.fromstring(department.read_text(encoding="utf-8"))
    assert tree.findtext(".//h1") == EVIL_NAME
    card = tree.cssselect("article.finding")[0]
    assert card.cssselect(".message")[0].text == EVIL_MESSAGE
    assert "</blockquote><script>" in card.cssselect("blockquote.snippet")[0].text


def test_only_http_links_are_made_clickable(hostile_site: Path) -> None:
    for path in pages(hostile_site):
        tree = html.fromstring(path.read_text(encoding="utf-8"))
        for _element, _attribute, link, _pos in tree.iterlinks():
            assert not link.lower().startswith("javascript:"), (path.name, link)


def test_exports_and_feed_stay_well_formed(hostile_site: Path) -> None:
    feed = etree.parse(str(hostile_site / "findings.atom")).getroot()
    summary = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    assert summary is not None and summary.text == EVIL_MESSAGE
    items = json.loads((hostile_site / "findings.json").read_text(encoding="utf-8"))["items"]
    assert items[0]["message"] == EVIL_MESSAGE

"""Crawl safety: a source never leaves its own hosts, whatever its pages say.

A second local server reached as ``localhost`` (the source is on ``127.0.0.1``) and a
second port on the same address stand for "another site": they must see zero requests,
through list links, 下一页, detail redirects, meta refreshes and attachments alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import Request

from fiscalwatch.config import SourceConfig
from fiscalwatch.crawler.safety import (
    INTERNAL,
    META_REFRESH_OFFSITE,
    OFFSITE,
    AllowedHosts,
    refusal,
)
from fiscalwatch.demo.sites import ServeInstead, SiteServer, Status, serve_sites
from fiscalwatch.demo.sites.documents import tiny_pdf
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config, small_site

LIST = "/zwgk/czyjs/bmjs/index.html"


def _html(body: str) -> ServeInstead:
    page = f"<html><head><meta charset='utf-8'>{body}"
    return ServeInstead(page.encode("utf-8"), "text/html; charset=utf-8")


def _attack(sites: SiteServer, foreign_base: str) -> None:
    """The home site's pages point at ``foreign_base`` in every way a page can."""
    details = sorted(sites.paths("home", "detail"))
    titles = [f"青川市测试{i}局2024年度部门决算公开" for i in range(4)]
    links = "".join(
        f"<li><a href='{path}' title='{title}'>{title}</a></li>"
        for path, title in zip([*details, "/moved/start.html"], titles, strict=False)
    )
    sites.set_fault(
        "home",
        LIST,
        _html(
            f"</head><body><ul>{links}"
            f"<li><a href='{foreign_base}/zwgk/czyjs/bmjs/202508/x.html' "
            "title='青川市外站局2024年度部门决算公开'>外站</a></li></ul>"
            f"<a href='{foreign_base}/zwgk/czyjs/bmjs/index_1.html'>下一页</a></body></html>"
        ),
    )
    foreign_detail = f"{foreign_base}/zwgk/czyjs/bmjs/202508/t20250801_5000.html"
    # A 302 to the other host, a meta refresh to it, an attachment on it.
    sites.set_fault("home", details[0], Status(302, headers=(("Location", foreign_detail),)))
    sites.set_fault(
        "home",
        details[1],
        _html(
            f"<meta http-equiv='refresh' content='0;url={foreign_detail}'>"
            "</head><body></body></html>"
        ),
    )
    sites.set_fault(
        "home",
        details[2],
        _html(
            "</head><body><h1>青川市测试2局2024年度部门决算公开</h1>"
            f"<a href='{foreign_base}/files/a.pdf'>测试2局2024年度部门决算.pdf</a></body></html>"
        ),
    )
    # A redirect on the same site: relative links resolve against where it landed.
    sites.set_fault(
        "home", "/moved/start.html", Status(302, headers=(("Location", "/moved/deep/page.html"),))
    )
    sites.set_fault(
        "home",
        "/moved/deep/page.html",
        _html(
            "</head><body><h1>青川市测试3局2024年度部门决算公开</h1>"
            "<a href='./P0203.pdf'>测试3局2024年度部门决算.pdf</a></body></html>"
        ),
    )
    sites.set_fault(
        "home", "/moved/deep/P0203.pdf", ServeInstead(tiny_pdf("moved"), "application/pdf")
    )


def _crawl_home(
    tmp_path: Path, foreign_of: str
) -> tuple[list[Any], list[tuple[str, str]], list[str]]:
    with serve_sites(
        specs=[small_site("home", count=3), small_site("elsewhere", count=1)]
    ) as sites:
        base = sites.start_url("elsewhere").split("/zwgk/")[0]
        foreign = base.replace("127.0.0.1", "localhost") if foreign_of == "localhost" else base
        _attack(sites, foreign)
        config = site_config(tmp_path, sites, ["home"])
        crawl(config)
        elsewhere = [r for r in sites.requests if r.site == "elsewhere"]
    store = Store.from_config(config)
    errors = [(r["url"], r["error"]) for r in store.db.query("SELECT * FROM crawl_errors")]
    stored = [r["url"] for r in store.db.query("SELECT url FROM documents")]
    store.close()
    return elsewhere, errors, stored


def test_a_second_local_host_receives_zero_requests(tmp_path: Path) -> None:
    elsewhere, errors, stored = _crawl_home(tmp_path, "localhost")
    assert elsewhere == []
    assert all("localhost" not in url for url in stored)
    refused = sorted(url.split("/", 3)[3] for url, message in errors if message == OFFSITE)
    # The entry, 下一页, the attachment, the redirect and the meta refresh: each refused
    # and recorded (the target of both hops is off-site before it is a meta refresh).
    assert refused == [
        "files/a.pdf",
        "zwgk/czyjs/bmjs/202508/t20250801_5000.html",
        "zwgk/czyjs/bmjs/202508/t20250801_5000.html",
        "zwgk/czyjs/bmjs/202508/x.html",
        "zwgk/czyjs/bmjs/index_1.html",
    ], errors
    # The same-site redirect: its relative attachment was resolved against the final URL.
    assert any(url.endswith("/moved/deep/P0203.pdf") for url in stored), stored


def test_another_port_on_the_same_host_is_another_site(tmp_path: Path) -> None:
    elsewhere, errors, _stored = _crawl_home(tmp_path, "port")
    assert elsewhere == []
    refused = [url for url, message in errors if message == OFFSITE]
    assert len(refused) == 5, errors


def _source(start: str, allowed: list[str] | None = None) -> SourceConfig:
    return SourceConfig(
        name="s", region="青川市", start_urls=[start], allowed_domains=allowed or []
    )


def test_allowed_hosts_rules() -> None:
    hosts = AllowedHosts.of(
        _source(
            "http://czj.example.gov.cn:8080/list.html", ["files.example.gov.cn", ".cdn.example.cn"]
        )
    )
    assert hosts.allows("http://czj.example.gov.cn:8080/a.pdf")
    assert not hosts.allows("http://czj.example.gov.cn/a.pdf")  # another port
    assert not hosts.allows("http://czj.example.gov.cn:8081/a.pdf")
    assert hosts.allows("https://files.example.gov.cn/a.pdf")
    assert not hosts.allows("https://x.files.example.gov.cn/a.pdf")  # no dot: no subdomains
    assert hosts.allows("https://cdn.example.cn/a.pdf")
    assert hosts.allows("https://img.cdn.example.cn/a.pdf")
    assert not hosts.allows("https://evilcdn.example.cn/a.pdf")


def test_internal_addresses_are_refused_unless_the_source_is_on_one() -> None:
    public = AllowedHosts.of(_source("http://portal.example.gov.cn/", ["localhost", "10.0.0.5"]))
    assert refusal(public, Request("http://localhost/x")) == INTERNAL
    assert refusal(public, Request("http://10.0.0.5/x")) == INTERNAL
    local = AllowedHosts.of(_source("http://127.0.0.1:8001/", ["localhost"]))
    assert refusal(local, Request("http://localhost/x")) is None
    assert refusal(local, Request("http://127.0.0.1:8001/x")) is None
    assert refusal(local, Request("http://169.254.169.254/latest/")) == OFFSITE


def test_a_meta_refresh_stays_on_the_same_site() -> None:
    hosts = AllowedHosts.of(_source("http://127.0.0.1:8001/", ["127.0.0.1:8002"]))
    hop = Request(
        "http://127.0.0.1:8002/x",
        meta={"redirect_reasons": ["meta refresh"], "redirect_urls": ["http://127.0.0.1:8001/a"]},
    )
    assert refusal(hosts, hop) == META_REFRESH_OFFSITE
    redirect = hop.replace(
        meta={"redirect_reasons": [302], "redirect_urls": ["http://127.0.0.1:8001/a"]}
    )
    assert refusal(hosts, redirect) is None

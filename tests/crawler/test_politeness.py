"""robots.txt, the per-host delay and the domain limit, observed at the server."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from fiscalwatch.demo.sites import ServeInstead, serve_sites
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config, small_site

DELAY = 0.2


def test_robots_and_delay_are_honoured(tmp_path: Path) -> None:
    with serve_sites(specs=[small_site("polite", count=3)]) as sites:
        forbidden = sorted(sites.paths("polite", "detail"))[0]
        sites.set_robots("polite", f"User-agent: *\nDisallow: {forbidden}\n")
        config = site_config(tmp_path, sites, download_delay=DELAY, concurrency_per_host=2)
        summary = crawl(config)
        requests = sorted(sites.requests, key=lambda r: r.at)

    paths = [r.path for r in requests]
    assert paths[0] == "/robots.txt"
    assert forbidden not in paths
    stats = summary.source("polite")
    assert stats.status == "ok" and stats.new == 2
    store = Store.from_config(config)
    errors = [r["error"] for r in store.db.query("SELECT error FROM crawl_errors")]
    store.close()
    assert errors == ["forbidden by robots.txt"]

    # Between the site's pages; the robots.txt fetch is left out: Scrapy spaces requests
    # from when each leaves its queue, and the first connection's set-up (robots.txt)
    # falls inside that first interval, so it shows shorter at the server.
    pages = [r for r in requests if r.path != "/robots.txt"]
    gaps = [b.at - a.at for a, b in pairwise(pages)]
    assert len(gaps) >= 4  # list, two details, two files
    assert min(gaps) >= DELAY * 0.9, gaps
    assert max(gaps) < DELAY * 10  # bounded: the delay is a floor, not a stall


def test_no_request_leaves_the_source_domains(tmp_path: Path) -> None:
    with serve_sites(
        specs=[small_site("home", count=2), small_site("elsewhere", count=1)]
    ) as sites:
        # The home site's column links a disclosure on another host name.
        foreign = sites.start_url("elsewhere").replace("127.0.0.1", "localhost")
        home = site_config(tmp_path, sites, ["home"])
        sites.set_fault(
            "home",
            "/zwgk/czyjs/bmjs/index.html",
            _listing_with_foreign_link(foreign),
        )
        summary = crawl(home)
        elsewhere = [r for r in sites.requests if r.site == "elsewhere"]
    assert elsewhere == []
    assert summary.source("home").status == "ok"
    store = Store.from_config(home)
    errors = [(r["url"], r["error"]) for r in store.db.query("SELECT * FROM crawl_errors")]
    store.close()
    assert errors == [(foreign, "outside the source's domains (see allowed_domains)")]


def _listing_with_foreign_link(foreign: str) -> ServeInstead:
    html = (
        "<html><head><meta charset='utf-8'></head><body><ul>"
        f"<li><a href='{foreign}' title='青川市外站局2024年度部门决算公开'>外站</a></li>"
        "</ul></body></html>"
    )
    return ServeInstead(html.encode("utf-8"), "text/html; charset=utf-8")

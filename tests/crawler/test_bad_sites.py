"""Sites misbehaving the ways real ones do, all in one run: each failure is recorded for
its source and the others go on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fiscalwatch.crawler.runner import CrawlSummary
from fiscalwatch.demo.sites import (
    Hang,
    LoggedRequest,
    RetryAfter,
    ServeInstead,
    Status,
    serve_sites,
)
from fiscalwatch.store import Store
from tests.conftest import crawl

from .conftest import site_config, small_site

START = "/zwgk/czyjs/bmjs/index.html"
ERROR_PAGE = (
    "<html><head><title>系统提示</title></head><body>您访问的页面不存在或已被删除</body></html>"
)
CHALLENGE = (
    "<html><script>document.cookie='__jsl_clearance=1;path=/';location.reload()</script></html>"
)
NAMES = ["retry", "hang", "htmlpdf", "antibot", "softmiss", "patience", "loop"]


@dataclass
class Outcome:
    summary: CrawlSummary
    requests: list[LoggedRequest]
    errors: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    elapsed: float
    paths: dict[str, dict[str, list[str]]]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    tmp = Path(tmp_path_factory.mktemp("bad"))
    with serve_sites(specs=[small_site(name, count=2) for name in NAMES]) as sites:
        paths = {n: {k: sorted(sites.paths(n, k)) for k in ("detail", "file")} for n in NAMES}
        sites.set_fault("retry", START, RetryAfter(0.5, times=1))
        sites.set_fault("hang", START, Hang())
        sites.set_fault("htmlpdf", paths["htmlpdf"]["file"][0], ServeInstead(ERROR_PAGE.encode()))
        sites.set_fault("antibot", START, Status(521, CHALLENGE.encode()))
        sites.set_fault(
            "softmiss",
            paths["softmiss"]["detail"][0],
            ServeInstead(ERROR_PAGE.encode(), "text/html"),
        )
        sites.set_fault("patience", START, RetryAfter(3600, times=5))
        sites.set_fault("loop", START, Status(302, headers=(("Location", START + "?again"),)))
        sites.set_fault("loop", START + "?again", Status(302, headers=(("Location", START),)))
        config = site_config(tmp, sites, timeout=1, retry_times=1, max_retry_after=5)
        started = time.monotonic()
        summary = crawl(config)
        elapsed = time.monotonic() - started
        store = Store.from_config(config)
        errors = list(store.db.query("SELECT * FROM crawl_errors ORDER BY id"))
        documents = list(store.db.query("SELECT * FROM documents"))
        store.close()
        yield Outcome(summary, sites.requests, errors, documents, elapsed, paths)


def _errors(outcome: Outcome, source: str) -> list[tuple[int | None, str]]:
    return [(e["status_code"], e["error"]) for e in outcome.errors if e["source"] == source]


def test_503_with_retry_after_is_waited_for_then_succeeds(outcome: Outcome) -> None:
    starts = [r for r in outcome.requests if r.site == "retry" and r.path == START]
    assert [r.status for r in starts] == [503, 200]
    assert starts[1].at - starts[0].at >= 0.5
    stats = outcome.summary.source("retry")
    assert (stats.status, stats.new, stats.errors) == ("ok", 2, 0)


def test_retry_after_beyond_the_limit_gives_up_for_this_cycle(outcome: Outcome) -> None:
    starts = [r for r in outcome.requests if r.site == "patience" and r.path == START]
    assert [r.status for r in starts] == [503]
    stats = outcome.summary.source("patience")
    assert stats.status == "failed" and stats.last_error == "HTTP 503"


def test_hanging_server_times_out_and_the_run_goes_on(outcome: Outcome) -> None:
    stats = outcome.summary.source("hang")
    assert stats.status == "unreachable"
    assert "timed out" in (stats.last_error or "")
    assert outcome.summary.source("retry").status == "ok"
    assert outcome.elapsed < 30


def test_html_error_page_served_as_pdf_is_a_crawl_error(outcome: Outcome) -> None:
    bad = outcome.paths["htmlpdf"]["file"][0]
    stored = [d["url"] for d in outcome.documents if d["source"] == "htmlpdf"]
    assert len(stored) == 1 and not stored[0].endswith(bad)
    ((status, error),) = _errors(outcome, "htmlpdf")
    assert status == 200 and error.startswith("HTML page where a file was expected")
    stats = outcome.summary.source("htmlpdf")
    assert (stats.status, stats.new, stats.failed, stats.errors) == ("ok", 1, 1, 1)


def test_anti_bot_challenge_is_a_soft_error_and_the_source_blocked(outcome: Outcome) -> None:
    stats = outcome.summary.source("antibot")
    assert (stats.status, stats.soft_errors, stats.errors) == ("blocked", 1, 0)
    assert _errors(outcome, "antibot") == [(521, "anti-bot challenge (HTTP 521)")]


def test_soft_404_detail_page_is_a_soft_error(outcome: Outcome) -> None:
    stats = outcome.summary.source("softmiss")
    assert (stats.status, stats.new, stats.soft_errors, stats.failed) == ("ok", 1, 1, 1)
    ((status, error),) = _errors(outcome, "softmiss")
    assert status == 200 and error.startswith("soft 404")


def test_redirect_loop_is_a_crawl_error(outcome: Outcome) -> None:
    stats = outcome.summary.source("loop")
    assert stats.status == "failed" and "redirect" in (stats.last_error or "")
    assert len([r for r in outcome.requests if r.site == "loop"]) <= 12


def test_crawl_stats_rows_tell_the_story(outcome: Outcome) -> None:
    statuses = {s.source: s.status for s in outcome.summary.sources}
    assert statuses == {
        "retry": "ok",
        "hang": "unreachable",
        "htmlpdf": "ok",
        "antibot": "blocked",
        "softmiss": "ok",
        "patience": "failed",
        "loop": "failed",
    }
    for stats in outcome.summary.sources:
        assert stats.start_urls_ok == (1 if stats.status == "ok" else 0)

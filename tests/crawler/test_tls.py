"""TLS certificates are verified unless a source says ``verify_tls = false``."""

from __future__ import annotations

from pathlib import Path

from fiscalwatch.config import config_from_dict
from fiscalwatch.demo.sites import serve_sites
from tests.certificates import loopback_certificate
from tests.conftest import config_data, crawl

from .conftest import FAST_CRAWL, small_site


def test_broken_certificate_fails_unless_the_source_opts_out(tmp_path: Path) -> None:
    with serve_sites(
        specs=[small_site("secure", count=1)], tls=loopback_certificate(tmp_path)[1]
    ) as sites:
        url = sites.start_url("secure")
        assert url.startswith("https://")
        config = config_from_dict(
            config_data(
                tmp_path,
                crawl={**FAST_CRAWL, "retry_times": 0},
                sources=[
                    {"name": "strict", "region": "青川市", "start_urls": [url]},
                    {
                        "name": "lenient",
                        "region": "青川市",
                        "start_urls": [url],
                        "verify_tls": False,
                    },
                ],
            )
        )
        summary = crawl(config)
    strict, lenient = summary.source("strict"), summary.source("lenient")
    assert (lenient.status, lenient.new) == ("ok", 1)
    assert strict.status != "ok" and strict.new == 0
    assert (
        "certificate" in (strict.last_error or "").lower()
        or "ssl" in (strict.last_error or "").lower()
    )

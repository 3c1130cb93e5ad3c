"""The national benchmark's portals serve every disclosure they list, past the first
list page too: the packing that keeps 200,000 department-years in memory once dropped
what the 大汉 data proxy numbers its items by, and a third of the portals showed only
their first 40 disclosures."""

from __future__ import annotations

import urllib.request

import pytest

from bench.national import site_specs
from bench.national_portals import VirtualHostSites


@pytest.mark.timeout(60)
def test_every_listed_disclosure_is_served_on_every_style() -> None:
    specs = list(site_specs(300, 3, 50))  # three portals, one of each style, 100 each
    assert sorted(spec.style for spec in specs) == ["aspx", "hanweb", "trs"]
    with VirtualHostSites(specs).start() as sites:
        hanweb = next(name for name in sites.sites if sites.spec(name).style == "hanweb")
        base = sites.start_url(hanweb).split("/", 3)[:3]
        proxy = "/".join(base) + "/module/web/jpage/dataproxy.jsp"
        for first in (1, 41, 81):
            url = f"{proxy}?startrecord={first}&endrecord={first + 39}&perpage=20"
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
            assert body.count(b"<record>") == min(40, 101 - first), first

"""Simulated government sites on loopback, for the crawler's tests and ``fiscalwatch demo``.

    with serve_sites() as sites:
        url = sites.start_url("trs")        # http://127.0.0.1:PORT/zwgk/czyjs/bmjs/index.html
        sites.set_state("after")            # new items, a file replaced, one removed
        downloads = sites.downloads("trs")  # attachment transfers seen by the server

Four CMS styles: ``trs`` (TRS WCM, UTF-8, createPageHTML), ``hanweb`` (大汉, GBK without
charset, datastore CDATA + dataproxy.jsp), ``aspx`` (list.aspx?page=N, Download.ashx with
Content-Disposition), ``depts`` (two-level department index).
"""

from __future__ import annotations

from fiscalwatch.demo.sites.catalog import SITE_STYLES, build_sites, serve_sites
from fiscalwatch.demo.sites.model import Disclosure, SiteFile, SiteSpec
from fiscalwatch.demo.sites.server import (
    Hang,
    LoggedRequest,
    RetryAfter,
    ServeInstead,
    SiteServer,
    Status,
)

__all__ = [
    "SITE_STYLES",
    "Disclosure",
    "Hang",
    "LoggedRequest",
    "RetryAfter",
    "ServeInstead",
    "SiteFile",
    "SiteServer",
    "SiteSpec",
    "Status",
    "build_sites",
    "serve_sites",
]

"""Where a source's crawl may go: its own hosts, never an internal address it was not
pointed at.

Every request, every redirect hop and every meta refresh passes
:class:`SiteGuardMiddleware`, whatever ``dont_filter`` says (Scrapy's own offsite filter
lets ``dont_filter`` requests through, and the spider sets it everywhere). The allowed
hosts are the start URLs' host *and port*, plus the source's ``allowed_domains``: an
entry is one host (any port, or the port it names); a leading dot also allows its
subdomains. So two sources on one host with different ports never reach each other.

A host that resolves to a loopback, link-local, private or otherwise reserved address is
refused unless the source's own start URL is on such an address (the tests and the demo
run on 127.0.0.1); a public portal cannot send the crawler into the operator's network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from fiscalwatch.config import SourceConfig

OFFSITE = "outside the source's domains (see allowed_domains)"
INTERNAL = "refused: the host resolves to an internal address"
META_REFRESH_OFFSITE = "refused: a meta refresh to another site"
DEFAULT_PORTS = {"http": 80, "https": 443}


def host_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        port = None
    return host, port


@dataclass(frozen=True)
class AllowedHosts:
    """The hosts (and ports) one source may request."""

    origins: frozenset[tuple[str, int | None]]
    """(host, port) of the start URLs."""
    domains: tuple[tuple[str, int | None, bool], ...]
    """allowed_domains entries: (host, port or None for any, subdomains too)."""

    @classmethod
    def of(cls, source: SourceConfig) -> AllowedHosts:
        origins = frozenset(host_port(url) for url in source.start_urls)
        domains = []
        for entry in source.allowed_domains:
            text = entry.strip().lower()
            subdomains = text.startswith(".")
            host, _, port = text.lstrip(".").partition(":")
            domains.append((host.rstrip("."), int(port) if port.isdigit() else None, subdomains))
        return cls(origins, tuple(domains))

    def allows(self, url: str) -> bool:
        host, port = host_port(url)
        if not host:
            return False
        if (host, port) in self.origins:
            return True
        for domain, domain_port, subdomains in self.domains:
            if domain_port is not None and domain_port != port:
                continue
            if host == domain or (subdomains and host.endswith("." + domain)):
                return True
        return False

    @property
    def internal_ok(self) -> bool:
        """True when a start URL itself is on an internal address."""
        return any(is_internal(host) for host, _port in self.origins)


@lru_cache(maxsize=1024)
def is_internal(host: str) -> bool:
    """True when the host is, or resolves to, a loopback/link-local/private/reserved
    address. A host that does not resolve is left to the download to report."""
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return False
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    return any(
        a.is_loopback or a.is_link_local or a.is_private or a.is_reserved or a.is_unspecified
        for a in addresses
    )


def refusal(allowed: AllowedHosts, request: Request) -> str | None:
    """Why this request must not be sent, or None."""
    url = request.url
    if not allowed.allows(url):
        return OFFSITE
    if not allowed.internal_ok and is_internal(host_port(url)[0]):
        return INTERNAL
    reasons = request.meta.get("redirect_reasons") or []
    previous = request.meta.get("redirect_urls") or []
    if (
        reasons
        and previous
        and reasons[-1] == "meta refresh"
        and host_port(previous[-1]) != host_port(url)
    ):
        return META_REFRESH_OFFSITE
    return None


class SiteGuardMiddleware:
    """Downloader middleware: drops any request the source may not make, redirects and
    meta refreshes included (they come back through ``process_request``)."""

    def __init__(self, crawler: Crawler) -> None:
        source = SourceConfig.model_validate_json(crawler.settings["FW_SOURCE"])
        self.allowed = AllowedHosts.of(source)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        reason = refusal(self.allowed, request)
        if reason is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("fw/refused_requests")
            raise IgnoreRequest(f"{reason}: {request.url}")

"""A real threaded HTTP server per simulated site on 127.0.0.1, switchable between states.

Each site gets its own ephemeral port (so robots.txt and politeness are per host, as on
the real web). Every request is logged (site, method, path, status, bytes, time), so
tests can count downloads at the server. ETag and Last-Modified are sent for every
resource and conditional requests answer 304. Faults (hang, 503 with Retry-After, an
HTML page where a file should be, a status) can be injected per path at run time.
"""

from __future__ import annotations

import hashlib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fiscalwatch.demo.sites.model import STATES, RequestInfo, Resource, Routes, SiteSpec

Renderer = Callable[[SiteSpec, str], Routes]


@dataclass(frozen=True)
class LoggedRequest:
    site: str
    method: str
    path: str
    """Path with query string, as requested."""
    status: int
    kind: str
    """robots | list | detail | file | page | missing | fault"""
    size: int
    at: float
    """time.monotonic() when the request arrived."""
    headers: dict[str, str]


@dataclass(frozen=True)
class Hang:
    """Accept the request and never answer (until the server stops)."""


@dataclass(frozen=True)
class Status:
    code: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class RetryAfter:
    """Answer 503 with ``Retry-After: seconds`` the first ``times`` requests, then normally."""

    seconds: float
    times: int = 1
    served: int = 0


@dataclass(frozen=True)
class ServeInstead:
    """Serve these bytes (with status 200) instead of the resource, e.g. an HTML error page."""

    body: bytes
    content_type: str = "application/pdf"


Fault = Hang | Status | RetryAfter | ServeInstead


@dataclass
class _Site:
    spec: SiteSpec
    start_path: str
    routes: dict[str, Routes]
    server: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None
    faults: dict[str, Fault] = field(default_factory=dict)
    robots: str = ""


class SiteServer:
    """Serves several simulated sites; use as a context manager."""

    def __init__(
        self,
        sites: list[tuple[SiteSpec, Renderer, str]],
        state: str = "before",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        self.state = state
        self.tls = tls
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._stopping = threading.Event()
        self._sites: dict[str, _Site] = {}
        for spec, renderer, start_path in sites:
            routes: dict[str, Routes] = {s: renderer(spec, s) for s in STATES}
            self._sites[spec.name] = _Site(spec, start_path, routes, robots=spec.robots)

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> SiteServer:
        for site in self._sites.values():
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self, site))
            server.daemon_threads = True
            if self.tls is not None:
                server.socket = self.tls.wrap_socket(server.socket, server_side=True)
            site.server = server
            site.thread = threading.Thread(
                target=server.serve_forever, name=f"site-{site.spec.name}", daemon=True
            )
            site.thread.start()
        return self

    def close(self) -> None:
        self._stopping.set()
        for site in self._sites.values():
            if site.server is not None:
                site.server.shutdown()
                site.server.server_close()
                site.server = None

    def __enter__(self) -> SiteServer:
        return self.start() if not any(s.server for s in self._sites.values()) else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- what tests and the demo use ------------------------------------------------------

    @property
    def sites(self) -> list[str]:
        return list(self._sites)

    def spec(self, site: str) -> SiteSpec:
        return self._sites[site].spec

    def base_url(self, site: str) -> str:
        server = self._sites[site].server
        if server is None:
            raise RuntimeError("the site server is not running")
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{server.server_address[1]}"

    def start_url(self, site: str) -> str:
        return self.base_url(site) + self._sites[site].start_path

    def set_state(self, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        self.state = state

    def set_fault(self, site: str, path: str, fault: Fault | None) -> None:
        """Injects (or with None, removes) a fault at ``path`` (with query, if any)."""
        faults = self._sites[site].faults
        if fault is None:
            faults.pop(path, None)
        else:
            faults[path] = fault

    def set_robots(self, site: str, text: str) -> None:
        self._sites[site].robots = text

    def expected(self, site: str, state: str | None = None) -> list[Any]:
        """The disclosures (not the noise) the site publishes in ``state``."""
        spec = self._sites[site].spec
        return [d for d in spec.visible(state or self.state) if not d.is_noise]

    def paths(self, site: str, kind: str | None = None, state: str | None = None) -> list[str]:
        """Paths the site serves in ``state`` (static ones), optionally of one kind."""
        routes = self._sites[site].routes[state or self.state]
        return [p for p, r in routes.static.items() if kind is None or r.kind == kind]

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    def downloads(self, site: str | None = None) -> list[LoggedRequest]:
        """Requests that transferred a file (status 200 on an attachment)."""
        return [
            r
            for r in self.requests
            if r.kind == "file" and r.status == 200 and (site is None or r.site == site)
        ]

    # -- serving -------------------------------------------------------------------------

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    def _resolve(self, site: _Site, info: RequestInfo, raw_path: str) -> Resource | None:
        routes = site.routes[self.state]
        resource = routes.static.get(raw_path)
        if resource is None and not info.query:
            resource = routes.static.get(info.path)
        if resource is None and info.path in routes.dynamic:
            resource = routes.dynamic[info.path](info)
        return resource


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha1(body).hexdigest()[:16]}"'


def _handler_for(owner: SiteServer, site: _Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "SimulatedGov/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            self._serve(b"")

        def do_HEAD(self) -> None:
            self._serve(b"", head=True)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve(self.rfile.read(length) if length else b"")

        def _serve(self, body: bytes, head: bool = False) -> None:
            arrived = time.monotonic()
            parts = urlsplit(self.path)
            info = RequestInfo(self.command, parts.path, dict(parse_qsl(parts.query)), body)
            headers = {k: v for k, v in self.headers.items()}

            def log(status: int, kind: str, size: int) -> None:
                owner._record(
                    LoggedRequest(
                        site.spec.name,
                        self.command,
                        self.path,
                        status,
                        kind,
                        size,
                        arrived,
                        headers,
                    )
                )

            fault = site.faults.get(self.path) or site.faults.get(parts.path)
            resource: Resource | None
            if parts.path == "/robots.txt":
                resource = Resource(
                    site.robots.encode(), "text/plain; charset=utf-8", kind="robots"
                )
            else:
                resource = owner._resolve(site, info, self.path)
            if fault is not None and self._fault(fault, resource, log):
                return
            if resource is None:
                page = (
                    "<html><head><title>404 Not Found</title></head><body>页面不存在</body></html>"
                )
                self._send(404, page.encode(), "text/html; charset=utf-8", (), head)
                log(404, "missing", len(page))
                return
            etag = _etag(resource.body)
            extra = [("ETag", etag), *resource.headers]
            if resource.last_modified is not None:
                extra.append(
                    ("Last-Modified", format_datetime(resource.last_modified, usegmt=True))
                )
            if _not_modified(self.headers, etag, resource):
                self._send(304, b"", None, tuple(extra), head=True)
                log(304, resource.kind, 0)
                return
            self._send(200, resource.body, resource.content_type, tuple(extra), head)
            log(200, resource.kind, len(resource.body))

        def _fault(
            self, fault: Fault, resource: Resource | None, log: Callable[[int, str, int], None]
        ) -> bool:
            kind = resource.kind if resource else "fault"
            if isinstance(fault, Hang):
                log(0, kind, 0)
                owner._stopping.wait(120)
                self.close_connection = True
                return True
            if isinstance(fault, Status):
                self._send(fault.code, fault.body, fault.content_type, fault.headers, False)
                log(fault.code, kind, len(fault.body))
                return True
            if isinstance(fault, RetryAfter):
                if fault.served >= fault.times:
                    return False
                fault.served += 1
                body = b"<html><body>Service Unavailable</body></html>"
                self._send(503, body, "text/html", (("Retry-After", f"{fault.seconds:g}"),), False)
                log(503, kind, len(body))
                return True
            self._send(200, fault.body, fault.content_type, (), False)
            log(200, kind, len(fault.body))
            return True

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str | None,
            headers: tuple[tuple[str, str], ...],
            head: bool,
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
            self.end_headers()
            if not head and status != 304:
                self.wfile.write(body)

    return Handler


def _not_modified(headers: Any, etag: str, resource: Resource) -> bool:
    candidates = headers.get("If-None-Match")
    if candidates:
        return etag in [c.strip() for c in candidates.split(",")] or candidates.strip() == "*"
    since = headers.get("If-Modified-Since")
    if since and resource.last_modified is not None:
        try:
            return resource.last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False

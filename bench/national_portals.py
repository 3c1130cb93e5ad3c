"""The national bench's portals: thousands of simulated sites from one serving thread.

``SiteServer`` gives every site its own server thread, polling twice a second; at 2,000
sites that polling alone used more CPU than the crawl it was meant to feed. Here every
site gets its own loopback address (``127.42.x.y``; Linux routes all of 127.0.0.0/8 to
the loopback interface, so nothing leaves the machine), all on one port, and a single
thread waits on all the listening sockets at once (``selectors``) and hands each new
connection to the site's handler thread. Distinct hosts keep what the crawler does per
host (robots.txt, politeness slots, the site guard's host limits) as on the real web.
"""

from __future__ import annotations

import dataclasses
import selectors
import socketserver
import threading
import zlib
from collections.abc import Iterable
from http.server import ThreadingHTTPServer
from typing import Any

from fiscalwatch.demo.sites import SiteSpec
from fiscalwatch.demo.sites.catalog import SITE_STYLES
from fiscalwatch.demo.sites.model import RequestInfo, Resource, Routes
from fiscalwatch.demo.sites.server import LoggedRequest, Renderer, SiteServer, _handler_for

# 127.42.0.1 … 127.42.255.250 and on: far from 127.0.0.1, which other servers use.
FIRST_OCTET_PAIR = (127, 42)
HOSTS_PER_BLOCK = 250
BIND_ATTEMPTS = 20
PACK_FROM = 1024  # bytes: smaller pages are not worth compressing


@dataclasses.dataclass(frozen=True)
class _Packed(Resource):
    """A resource whose body is zlib-compressed until it is served."""


def _packed_style(style: str) -> tuple[Renderer, str]:
    renderer, start_path = SITE_STYLES[style]
    return _packed(renderer), start_path


def _packed(renderer: Renderer) -> Renderer:
    """The ``before`` state only (rendering ``after`` too doubled the portals' memory),
    its pages kept compressed (HTML disclosures shrink ~5x) and the disclosures' texts
    let go once rendered (list renderers keep the items for their queries): 200,000
    department-years then fit in a few hundred MB."""

    def render(spec: SiteSpec, state: str) -> Routes:
        if state != "before":
            return Routes()
        routes = renderer(spec, state)
        for path, resource in routes.static.items():
            if len(resource.body) >= PACK_FROM:
                routes.static[path] = _Packed(
                    zlib.compress(resource.body, 6),
                    resource.content_type,
                    resource.kind,
                    resource.headers,
                    resource.last_modified,
                )
        for item in spec.disclosures:
            object.__setattr__(item, "inline_html", None)  # frozen, but rendered: never read
        # The disclosures themselves stay (without their texts): a list renderer's queries
        # read them (the 大汉 data proxy numbers an item by its place among them).
        return routes

    return render


def loopback_address(index: int) -> str:
    """A loopback address of its own for the ``index``-th site."""
    block, host = divmod(index, HOSTS_PER_BLOCK)
    second = FIRST_OCTET_PAIR[1] + block // 256
    if second > 255:
        raise ValueError(f"too many sites for the 127.42/16 … 127.255/16 range: {index + 1}")
    return f"{FIRST_OCTET_PAIR[0]}.{second}.{block % 256}.{host + 1}"


class VirtualHostSites(SiteServer):
    """Serves ``specs`` (their ``style`` picks the renderer), one address each, one port,
    one thread; use as a context manager. Same request log and states as SiteServer."""

    def __init__(self, specs: Iterable[SiteSpec]) -> None:
        # Specs may come from a generator: each site is rendered, packed and its texts
        # let go before the next spec is made, so the peak is the packed pages.
        super().__init__(
            [
                (spec, _packed(SITE_STYLES[spec.style][0]), SITE_STYLES[spec.style][1])
                for spec in specs
            ]
        )
        self._thread: threading.Thread | None = None
        self._served = 0

    def _resolve(self, site: Any, info: RequestInfo, raw_path: str) -> Resource | None:
        resource = super()._resolve(site, info, raw_path)
        if isinstance(resource, _Packed):
            return dataclasses.replace(resource, body=zlib.decompress(resource.body))
        return resource

    def _record(self, entry: LoggedRequest) -> None:
        # Counted, not kept: a log entry with its headers is ~1 KB, 250 MB at 200,000.
        with self._lock:
            self._served += 1

    def request_count(self) -> int:
        with self._lock:
            return self._served

    def clear_requests(self) -> None:
        with self._lock:
            self._served = 0

    def start(self) -> VirtualHostSites:
        for attempt in range(BIND_ATTEMPTS):
            try:
                self._bind_all()
                break
            except OSError:  # the port is taken on one of the addresses: another port
                self._close_servers()
                if attempt == BIND_ATTEMPTS - 1:
                    raise
        self._thread = threading.Thread(target=self._serve, name="portals", daemon=True)
        self._thread.start()
        return self

    def _bind_all(self) -> None:
        """One server a portal, each on its own loopback address, all on one port."""
        port = 0
        for index, site in enumerate(self._sites.values()):
            server = _PortalServer((loopback_address(index), port), _handler_for(self, site))
            server.daemon_threads = True
            server.socket.setblocking(False)
            site.server = server
            port = server.server_address[1]

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            for site in self._sites.values():
                assert site.server is not None
                selector.register(site.server.socket, selectors.EVENT_READ, site.server)
            while not self._stopping.is_set():
                for key, _events in selector.select(timeout=0.5):
                    server: _PortalServer = key.data
                    try:
                        connection, address = server.socket.accept()
                    except (BlockingIOError, InterruptedError):
                        continue  # another wake-up took it
                    connection.setblocking(True)
                    server.process_request(connection, address)  # a thread per connection

    def _close_servers(self) -> None:
        for site in self._sites.values():
            if site.server is not None:
                site.server.server_close()
                site.server = None

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close_servers()

    def base_url(self, site: str) -> str:
        server = self._sites[site].server
        if server is None:
            raise RuntimeError("the portals are not being served")
        host, port = server.server_address[:2]
        assert isinstance(host, str)  # an IPv4 address here, never bytes
        return f"http://{host}:{port}"


class _PortalServer(ThreadingHTTPServer):
    """An HTTP server that does not look its own address up in DNS when it binds
    (``HTTPServer.server_bind`` calls ``socket.getfqdn``: a reverse look-up of each
    127.42.x.y, up to a tenth of a second each where no resolver answers, minutes for
    2,000 portals)."""

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

"""A real HTTP server on 127.0.0.1 serving the recorded fixtures and made-up bad responses."""

from __future__ import annotations

import functools
import hashlib
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SLOW_SECONDS = 2.5
HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 100 * 1024 * 1024


@functools.cache
def bomb() -> bytes:
    """A gzip body of ~100 kB that inflates to 100 MB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1024 * 1024)
    return (
        b"".join(packer.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))) + packer.flush()
    )


class FixtureServer(ThreadingHTTPServer):
    """Server state the tests look at: request counts and bytes sent for the 50 MB stream."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.huge_sent = 0
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that abort a 50 MB or bomb download reset the connection on purpose

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base + path


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fixture(self, relative: str) -> bytes | None:
        path = (FIXTURES / relative).resolve()
        if FIXTURES.resolve() not in path.parents or not path.is_file():
            return None
        return path.read_bytes().replace(b"{base}", self.server.base.encode())

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
            hits = self.server.hits[path]
        route = _ROUTES.get(path)
        if route:
            route(self, hits)
            return
        prefix, _, rest = path.lstrip("/").partition("/")
        if prefix == "slow" and hits == 1:
            time.sleep(SLOW_SECONDS)  # the first request times out; the retry is served
        if prefix == "flaky" and hits == 1:
            self._send(500, b"temporary failure")
            return
        if prefix in {"slow", "flaky"}:
            prefix = "articles"
        if prefix in {"feeds", "articles"}:
            self._serve_file(f"{prefix}/{rest}")
            return
        self._send(404, b"not found")

    def _serve_file(self, relative: str) -> None:
        body = self._fixture(relative)
        if body is None:
            self._send(404, b"not found")
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, headers={"ETag": etag})
            return
        ctype = {
            ".xml": "application/xml",
            ".atom": "application/atom+xml",
        }.get(Path(relative).suffix, "text/html; charset=utf-8")
        self._send(200, body, ctype, {"ETag": etag})


def _robots(h: Handler, hits: int) -> None:
    h._send(200, (FIXTURES / "robots.txt").read_bytes(), "text/plain")


def _redirect(target: str):  # noqa: ANN202
    def route(h: Handler, hits: int) -> None:
        h._send(301, headers={"Location": target})

    return route


def _status(code: int):  # noqa: ANN202
    def route(h: Handler, hits: int) -> None:
        h._send(
            code, f"HTTP {code}".encode(), headers={"Retry-After": "0"} if code >= 500 else None
        )

    return route


def _huge(h: Handler, hits: int) -> None:
    """50 MB of XML, streamed without a Content-Length, counting what actually went out."""
    h.send_response(200)
    h.send_header("Content-Type", "application/xml")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b"<item><title>" + b"x" * 65000 + b"</title></item>\n"
    try:
        h.wfile.write(b'<?xml version="1.0"?><rss><channel>')
        while h.server.huge_sent < HUGE_BYTES:
            h.wfile.write(chunk)
            h.server.huge_sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    h.close_connection = True


def _bomb(h: Handler, hits: int) -> None:
    h._send(200, bomb(), "application/xml", {"Content-Encoding": "gzip"})


def _not_a_page(h: Handler, hits: int) -> None:
    h._send(200, bytes(range(256)) * 4, "image/png")


_ROUTES = {
    "/robots.txt": _robots,
    "/redirect/thaipbs.atom": _redirect("/feeds/thaipbs.atom"),
    "/loop/a.xml": _redirect("/loop/b.xml"),
    "/loop/b.xml": _redirect("/loop/a.xml"),
    "/status/404.xml": _status(404),
    "/status/410.xml": _status(410),
    "/status/500.xml": _status(500),
    "/huge.xml": _huge,
    "/bomb.xml": _bomb,
    "/articles/image.png": _not_a_page,
}


def start() -> FixtureServer:
    """Start a server in a daemon thread; call .shutdown() when done."""
    server = FixtureServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


GOOD_FEEDS = {
    # source name, kind, feed path
    "มติชน ออนไลน์": ("web", "/feeds/matichon.xml"),
    "ช่อง Thai PBS": ("tv", "/redirect/thaipbs.atom"),
    "ช่อง ๗": ("tv", "/feeds/ch7-news-sitemap.xml"),
    "ไทยรัฐ ออนไลน์": ("web", "/feeds/thairath-tis620.xml"),
}
BAD_FEEDS = {
    "/feeds/malformed.xml": "malformed XML",
    "/feeds/notafeed.html": "HTML page instead of a feed",
    "/status/404.xml": "HTTP 404",
    "/status/410.xml": "HTTP 410",
    "/status/500.xml": "HTTP 500",
    "/loop/a.xml": "redirect loop",
    "/huge.xml": "larger than",
    "/bomb.xml": "larger than",
}

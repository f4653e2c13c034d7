"""A news site on 127.0.0.1: RSS feeds and article pages of stories published while it runs.

The offline demo, the end-to-end tests and the freshness benchmark put news through the real
pipeline with it: msoc polls its feeds and fetches its pages exactly as it does a real outlet's.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from msoc.thai import BANGKOK


@dataclass(frozen=True)
class Story:
    """One article an outlet publishes."""

    outlet: str
    slug: str
    title: str
    body: str
    published_at: datetime


def outlet_key(name: str) -> str:
    """The path segment of an outlet on the server (ASCII, stable)."""
    return "o" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:10]


class LocalFeedServer(ThreadingHTTPServer):
    """Serves /KEY/feed.xml (newest first) and /KEY/SLUG.html for every outlet published to."""

    daemon_threads = True

    def __init__(self, port: int = 0, feed_size: int | None = None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.feed_size = feed_size
        self.lock = threading.Lock()
        self.stories: dict[str, list[Story]] = {}
        self.pages: dict[str, Story] = {}
        self.appeared: dict[str, float] = {}  # article URL -> time.time() it entered its feed
        self.thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def feed_url(self, outlet: str) -> str:
        """The RSS address of an outlet."""
        return f"{self.base}/{outlet_key(outlet)}/feed.xml"

    def article_url(self, story: Story) -> str:
        """The page address of a story."""
        return f"{self.base}/{outlet_key(story.outlet)}/{story.slug}.html"

    def publish(self, story: Story) -> str:
        """Put a story into its outlet's feed now; its page address."""
        url = self.article_url(story)
        path = url.removeprefix(self.base)
        with self.lock:
            if path not in self.pages:
                self.stories.setdefault(outlet_key(story.outlet), []).append(story)
                self.pages[path] = story
                self.appeared[url] = time.time()
        return url

    def start(self) -> LocalFeedServer:
        """Serve in a daemon thread."""
        self.thread = threading.Thread(target=self.serve_forever, name="localfeed", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()

    def feed_xml(self, key: str) -> bytes | None:
        """The RSS document of an outlet, or None if nothing was published there."""
        with self.lock:
            stories = list(self.stories.get(key, ()))
        if not stories:
            return None
        stories.sort(key=lambda s: s.published_at, reverse=True)
        if self.feed_size:
            stories = stories[: self.feed_size]
        items = "".join(
            "<item>"
            f"<title>{html.escape(s.title)}</title>"
            f"<link>{html.escape(self.article_url(s))}</link>"
            f'<guid isPermaLink="false">{html.escape(s.slug)}</guid>'
            f"<pubDate>{format_datetime(s.published_at.astimezone(BANGKOK))}</pubDate>"
            f"<description>{html.escape(_lead(s.body))}</description>"
            "</item>"
            for s in stories
        )
        name = html.escape(stories[0].outlet)
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{name}</title><link>{self.base}/{key}/</link>"
            f"<description>{name}</description><language>th</language>{items}</channel></rss>"
        ).encode()

    def page_html(self, path: str) -> bytes | None:
        """The article page of a path, or None."""
        with self.lock:
            story = self.pages.get(path)
        if story is None:
            return None
        meta = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "datePublished": story.published_at.astimezone(BANGKOK).isoformat(),
        }
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story.body.split("\n") if p)
        title = html.escape(story.title)
        return (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f"<title>{title} - {html.escape(story.outlet)}</title>"
            f'<meta property="og:title" content="{title}">'
            f'<meta property="og:site_name" content="{html.escape(story.outlet)}">'
            f'<meta property="og:description" content="{html.escape(_lead(story.body))}">'
            '<script type="application/ld+json">'
            f"{json.dumps(meta, ensure_ascii=False)}</script></head><body>"
            f"<main><article><h1>{title}</h1>{paragraphs}</article></main></body></html>"
        ).encode()


def _lead(body: str) -> str:
    return body.strip().split("\n", 1)[0][:300]


class _Handler(BaseHTTPRequestHandler):
    server: LocalFeedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # a demo and a benchmark: no access log on the console

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        if path.endswith("/feed.xml"):
            body = self.server.feed_xml(path.strip("/").split("/")[0])
            ctype = "application/rss+xml"
        else:
            body, ctype = self.server.page_html(path), "text/html; charset=utf-8"
        if body is None:
            self._send(404, "ไม่พบหน้านี้".encode(), "text/plain; charset=utf-8")
            return
        etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", ctype, etag)
            return
        self._send(200, body, ctype, etag)

    def _send(self, status: int, body: bytes, ctype: str, etag: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)

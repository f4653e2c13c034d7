"""Fetching and parsing against a real HTTP server on 127.0.0.1 (no database)."""

from __future__ import annotations

import pytest

from msoc.apps.news.feeds import DISALLOWED, FetchConfig, Fetcher, parse_feed
from msoc.apps.news.pipeline import fetch_feed_document
from msoc.encoding import decode_bytes

from .server import FIXTURES, HUGE_BYTES


def test_conditional_get_returns_304_for_unchanged_feed(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        first = fetcher.fetch(fixture_server.url("/feeds/matichon.xml"))
        again = fetcher.fetch(fixture_server.url("/feeds/matichon.xml"), etag=first.etag)
    assert first.ok and first.etag
    assert again.not_modified and again.body == b""


def test_server_errors_are_retried_then_reported(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/status/500.xml"))
    assert result.error == "เซิร์ฟเวอร์ตอบ HTTP 500" and not result.permanent
    assert fixture_server.hits["/status/500.xml"] == fast_config.retries + 1


def test_slow_response_times_out_and_the_retry_succeeds(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/slow/slow1.html"))
    assert result.ok and result.attempts == 2
    assert "พายุฤดูร้อน" in result.body.decode("utf-8")


def test_one_500_then_success(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/flaky/flaky1.html"))
    assert result.ok and result.attempts == 2


def test_gone_feeds_are_permanent_and_not_retried(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        for code in (404, 410):
            result = fetcher.fetch(fixture_server.url(f"/status/{code}.xml"))
            assert result.error == f"เซิร์ฟเวอร์ตอบ HTTP {code}" and result.permanent
            assert fixture_server.hits[f"/status/{code}.xml"] == 1


def test_redirect_is_followed_and_a_loop_is_stopped(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        moved = fetcher.fetch(fixture_server.url("/redirect/thaipbs.atom"))
        loop = fetcher.fetch(fixture_server.url("/loop/a.xml"))
    assert moved.ok and moved.final_url.endswith("/feeds/thaipbs.atom")
    assert "redirect loop" in loop.error and loop.permanent


def test_50_mb_response_is_abandoned_early(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/huge.xml"))
    assert "larger than" in result.error and result.permanent
    assert len(result.body) == 0
    assert fixture_server.huge_sent < HUGE_BYTES / 2  # stopped reading long before 50 MB


def test_gzip_bomb_is_stopped_at_the_decoded_limit(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/bomb.xml"))
    assert "larger than" in result.error and "decoded" in result.error


def test_robots_txt_is_obeyed(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result = fetcher.fetch(fixture_server.url("/private/secret.html"))
    assert result.error == DISALLOWED
    assert fixture_server.hits["/private/secret.html"] == 0
    assert fixture_server.hits["/robots.txt"] == 1


def test_rss_entries_and_per_entry_problems(fixture_server, fast_config):
    with Fetcher(fast_config) as fetcher:
        result, entries, problems, _ = fetch_feed_document(
            fetcher, fixture_server.url("/feeds/matichon.xml"), "", ""
        )
    assert result.ok and len(entries) == 9
    assert problems == ["ข่าวในฟีดไม่มีลิงก์ (entry without a link): ข่าวที่ไม่มีลิงก์"]
    invalid = next(e for e in entries if e.link.endswith("/articles/m3.html"))
    assert invalid.published is None and invalid.raw_date == "32/13/2566 25:61"
    assert entries[0].published.isoformat() == "2023-05-02T07:05:00+00:00"


def test_news_sitemap_and_atom():
    sitemap = parse_feed((FIXTURES / "feeds/ch7-news-sitemap.xml").read_bytes(), "http://x/")
    atom = parse_feed((FIXTURES / "feeds/thaipbs.atom").read_bytes(), "http://x/")
    assert sitemap.kind == "sitemap" and [e.title for e in sitemap.entries][0].startswith("ไฟไหม้")
    assert sitemap.entries[1].published.isoformat() == "2023-05-02T11:00:00+00:00"
    assert atom.kind == "atom" and len(atom.entries) == 2


def test_sitemap_index_lists_newest_children_first():
    body = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>/sitemap-2023-05-01.xml</loc><lastmod>2023-05-01</lastmod></sitemap>
    <sitemap><loc>/sitemap-2023-05-02.xml</loc><lastmod>2023-05-02</lastmod></sitemap>
    </sitemapindex>"""
    parsed = parse_feed(body, "https://www.example.co.th/sitemap.xml")
    assert parsed.children[0] == "https://www.example.co.th/sitemap-2023-05-02.xml"


def test_tis620_feed_declaring_utf8_is_decoded():
    raw = (FIXTURES / "feeds/thairath-tis620.xml").read_bytes()
    parsed = parse_feed(raw, "http://x/")
    assert parsed.entries[0].title == "ผู้ประสบภัยหนาวได้รับผ้าห่มกันหนาว 5,000 ผืน"
    assert "cp874" in parsed.warning


def test_decoding_rules():
    thai = "ข่าวสังคมทั่วไป กระทรวงการพัฒนาสังคม"
    assert decode_bytes(thai.encode("cp874"), "text/html; charset=utf-8").text == thai
    assert decode_bytes(thai.encode("utf-8"), "text/html; charset=tis-620").text == thai
    assert decode_bytes(thai.encode("cp874"), "text/html; charset=TIS-620").text == thai
    latin1_lie = thai.encode("cp874")
    assert decode_bytes(latin1_lie, "text/html; charset=iso-8859-1").text == thai
    mojibake = thai.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(mojibake).text == thai


def test_malformed_and_html_are_rejected_with_reasons():
    import pytest

    from msoc.apps.news.feeds import FeedError

    with pytest.raises(FeedError, match="malformed XML"):
        parse_feed((FIXTURES / "feeds/malformed.xml").read_bytes(), "http://x/")
    with pytest.raises(FeedError, match="HTML page instead of a feed"):
        parse_feed((FIXTURES / "feeds/notafeed.html").read_bytes(), "http://x/")


def test_a_character_reference_to_a_lone_surrogate_is_a_feed_error() -> None:
    """Found by the fuzzer: feedparser itself raised UnicodeEncodeError on this."""
    from msoc.apps.news.feeds import FeedError, parse_feed

    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>&#xD800;</title>'
        b"<item><title>x</title><link>http://a.test/b</link></item></channel></rss>"
    )
    with pytest.raises(FeedError, match="malformed XML"):
        parse_feed(body, "http://a.test/feed")


def test_robots_txt_wildcards_end_anchor_and_longest_match() -> None:
    """Rules the standard library's parser gets wrong: `*`, `$`, and the longest match wins."""
    from msoc.apps.news.feeds import FetchResult, RobotsCache

    body = (
        b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /news/\nAllow: /news/public/\n"
        b"Crawl-delay: 2\n"
    )

    class Gate:
        delays: dict[str, float] = {}

        def set_delay(self, host: str, seconds: float) -> None:
            self.delays[host] = seconds

    class StubFetcher:
        config = FetchConfig(user_agent="msoc-test/0.1")
        gate = Gate()

        def fetch_once(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
            return FetchResult(url, status=200, body=body, content_type="text/plain")

    robots = RobotsCache(StubFetcher())  # type: ignore[arg-type]
    site = "http://127.0.0.1:9"
    assert not robots.allowed(f"{site}/files/report.pdf")
    assert robots.allowed(f"{site}/files/report.pdf.html")
    assert not robots.allowed(f"{site}/news/today.html")
    assert robots.allowed(f"{site}/news/public/today.html")
    assert StubFetcher.gate.delays == {"127.0.0.1:9": 2.0}


def test_an_unreachable_robots_txt_is_a_wait_not_a_lasting_no(fast_config):
    """RFC 9309: robots.txt answering 5xx means "not now"; the page stays worth fetching later
    (a permanent failure would skip the article for good after a passing outage)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits[self.path] = hits.get(self.path, 0) + 1
            if self.path == "/robots.txt" and hits[self.path] == 1:
                code, body = 503, b"busy"
            elif self.path == "/robots.txt":
                code, body = 200, b"User-agent: *\nDisallow: /private/\n"
            else:
                code, body = 200, "<html><body>ข่าว</body></html>".encode()
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with Fetcher(fast_config) as fetcher:
            first = fetcher.fetch(f"{base}/news/1.html")
            assert first.error.startswith("อ่าน robots.txt ไม่ได้") and "HTTP 503" in first.error
            assert not first.permanent and hits.get("/news/1.html") is None
            fetcher.robots._hosts.clear()  # the hour of waiting has passed
            second = fetcher.fetch(f"{base}/news/1.html")
            assert second.ok and "ข่าว".encode() in second.body
            refused = fetcher.fetch(f"{base}/private/2.html")
            assert refused.error == DISALLOWED and refused.permanent
    finally:
        server.shutdown()
        server.server_close()

"""Fuzzing feed, page and encoding parsing: FeedError, ExtractError and DecodeError only."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from msoc.apps.news.extract import ExtractError, extract_article
from msoc.apps.news.feeds import FeedError, parse_feed
from msoc.encoding import DecodeError, decode_bytes

from .conftest import FUZZ, fixture_path, tried

URL = "https://news.example.th/feed"


@cache
def feeds() -> tuple[bytes, ...]:
    """The recorded feeds and sitemaps of the news tests."""
    folder = fixture_path("news", "fixtures", "feeds")
    return tuple(
        p.read_bytes().replace(b"{base}", b"https://news.example.th")
        for p in sorted(folder.iterdir())
    )


@cache
def pages() -> tuple[str, ...]:
    """The recorded article pages of the news tests."""
    folder = fixture_path("news", "fixtures", "articles")
    return tuple(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.html"))
    )


_markup = st.sampled_from(
    [
        b"<",
        b">",
        b"</item>",
        b"<item>",
        b"<entry>",
        b"<url><loc>",
        b"</loc>",
        b"<link>",
        b"&amp;",
        b"&#0;",
        b"&#xD800;",
        b"<![CDATA[",
        b"]]>",
        b'<?xml version="1.0" encoding="tis-620"?>',
        b'<?xml version="1.0" encoding="x-unknown"?>',
        b'<!ENTITY x SYSTEM "file:///etc/passwd">',
        b"<pubDate>Mon, 99 Foo 2023 99:99:99 +9999</pubDate>",
        b"<lastmod>0000-13-45</lastmod>",
        b"javascript:alert(1)",
        b"\xe0\xb8",
        b"\x00",
        b"\xff\xfe",
        "ข่าว".encode("cp874"),
    ]
)
_splice = st.tuples(
    st.integers(0, 10**6), st.integers(0, 50), st.one_of(_markup, st.binary(max_size=20))
)


def splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Replace short runs of a document with markup fragments or noise."""
    for where, drop, noise in edits:
        pos = where % (len(data) + 1)
        data = data[:pos] + noise + data[pos + drop :]
    return data


def check_feed(body: bytes, content_type: str) -> None:
    """parse_feed returns entries with http(s) links, or raises FeedError."""
    try:
        parsed = parse_feed(body, URL, content_type)
    except FeedError as exc:
        assert str(exc)
        tried("feed outcome: FeedError")
        return
    tried("feed outcome: parsed")
    for entry in parsed.entries:
        assert isinstance(entry.link, str) and entry.link
        assert entry.published is None or entry.published.tzinfo is not None


_ctype = st.sampled_from(
    [
        "",
        "application/xml",
        "text/xml; charset=tis-620",
        "application/rss+xml; charset=utf-8",
        "text/html; charset=bogus",
    ]
)


@FUZZ
@given(st.binary(max_size=3_000), _ctype)
def test_parse_feed_arbitrary_bytes(body: bytes, content_type: str) -> None:
    tried("news.parse_feed (arbitrary bytes)")
    check_feed(body, content_type)


@FUZZ
@given(st.integers(0, 100), st.lists(_splice, min_size=1, max_size=4), _ctype)
def test_parse_feed_mutated_fixtures(
    which: int, edits: list[tuple[int, int, bytes]], content_type: str
) -> None:
    tried("news.parse_feed (mutated recorded feeds)")
    check_feed(splice(feeds()[which % len(feeds())], edits), content_type)


@FUZZ
@given(st.binary(max_size=3_000), st.one_of(st.none(), _ctype))
def test_decode_bytes(body: bytes, content_type: str | None) -> None:
    tried("news.decode_bytes")
    try:
        decoded = decode_bytes(body, content_type)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str) and decoded.encoding


def check_page(html: str) -> None:
    """extract_article returns a headline and a time, or raises ExtractError."""
    try:
        article = extract_article(html, "https://news.example.th/a/1")
    except ExtractError as exc:
        assert str(exc)
        tried("page outcome: ExtractError")
        return
    tried("page outcome: extracted")
    assert article.title and article.published_at.tzinfo is not None


@FUZZ
@given(st.text(max_size=2_000))
def test_extract_article_arbitrary_text(html: str) -> None:
    tried("news.extract_article (arbitrary text)")
    check_page(html)


@FUZZ
@given(st.integers(0, 100), st.lists(_splice, min_size=1, max_size=12))
def test_extract_article_mutated_pages(which: int, edits: list[tuple[int, int, bytes]]) -> None:
    tried("news.extract_article (mutated recorded pages)")
    page = pages()[which % len(pages())].encode("utf-8")
    check_page(splice(page, edits).decode("utf-8", errors="replace"))

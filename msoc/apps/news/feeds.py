"""Polite HTTP fetching (robots.txt, per-host delay, retries, size limits) and feed parsing.

Nothing here touches the database: `Fetcher.fetch` returns a `FetchResult`, `parse_feed`
returns `FeedEntry` records, so both can run in worker threads and be tested alone.
"""

from __future__ import annotations

import calendar
import email.utils
import random
import re
import threading
import time
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
from lxml import etree
from protego import Protego

from msoc.encoding import DecodeError, decode_bytes
from msoc.thai import BANGKOK

MB = 1024 * 1024


# Fetch and feed errors are shown to the staff on the sources page: Thai first, then the technical
# cause in English for whoever maintains the feed.
DISALLOWED = "robots.txt ของเว็บไซต์ไม่อนุญาตให้ดึงที่อยู่นี้ (robots.txt disallows this address)"


@dataclass(frozen=True)
class FetchConfig:
    """Knobs of the fetcher; defaults are the production ones."""

    user_agent: str = "msoc/0.1"
    timeout: float = 20.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0  # first retry waits about this long, then doubles
    max_backoff: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives up for this pass
    max_bytes: int = 5 * MB  # decoded bytes, so a decompression bomb stops here too
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    per_host: int = 2  # concurrent requests to one host
    workers: int = 8  # threads fetching and extracting
    robots: bool = True

    @classmethod
    def from_settings(cls, **overrides: Any) -> FetchConfig:
        """Defaults, the User-Agent and optional MSOC_FETCH_* settings, then explicit overrides."""
        from django.conf import settings

        values: dict[str, Any] = {"user_agent": settings.MSOC_USER_AGENT}
        for name in ("timeout", "retries", "backoff", "delay", "per_host", "workers", "max_bytes"):
            setting = getattr(settings, f"MSOC_FETCH_{name.upper()}", None)
            if setting is not None:
                values[name] = setting
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class FetchResult:
    """What one GET came to: a body, a 304, or an error with its reason."""

    url: str
    final_url: str = ""
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    elapsed: float = 0.0
    error: str = ""
    permanent: bool = False  # retrying later will not help (404, 410, robots, too large)
    attempts: int = 0
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """True for a 2xx with a body read in full."""
        return not self.error and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 to a conditional GET."""
        return self.status == 304


class HostGate:
    """Per-host concurrency limit and minimum spacing between request starts."""

    def __init__(self, delay: float, per_host: int) -> None:
        self.delay = delay
        self.per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._sems: dict[str, threading.Semaphore] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """Raise one host's spacing (robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's slots, starting no sooner than its spacing allows."""
        with self._lock:
            sem = self._sems.setdefault(host, threading.Semaphore(self.per_host))
        sem.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            sem.release()


class _TooLarge(Exception):
    pass


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _read_limited(response: httpx.Response, limit: int) -> bytes:
    """Read the raw stream, decompressing ourselves so the limit counts decoded bytes."""
    encoding = response.headers.get("content-encoding", "").lower().strip()
    inflater = zlib.decompressobj(47) if encoding in {"gzip", "x-gzip", "deflate"} else None
    parts: list[bytes] = []
    total = 0
    for chunk in response.iter_raw(65536):
        if inflater is None:
            data = [chunk]
        else:
            data = [inflater.decompress(chunk, limit - total + 1)]
            while inflater.unconsumed_tail and total + sum(map(len, data)) <= limit:
                data.append(inflater.decompress(inflater.unconsumed_tail, limit - total + 1))
        for piece in data:
            total += len(piece)
            parts.append(piece)
        if total > limit:
            raise _TooLarge(
                f"ข้อมูลใหญ่เกินกำหนด หยุดอ่านแล้ว (response larger than {limit} bytes, decoded)"
            )
    return b"".join(parts)


class Fetcher:
    """Thread-safe polite fetcher around one httpx.Client."""

    def __init__(self, config: FetchConfig | None = None, client: httpx.Client | None = None):
        self.config = config or FetchConfig()
        self.gate = HostGate(self.config.delay, self.config.per_host)
        timeout = httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout)
        self.client = client or httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=self.config.max_redirects,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        self.robots = RobotsCache(self)
        self.sleep = time.sleep  # replaced in tests that count waits

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str = "", last_modified: str = "") -> FetchResult:
        """GET with robots.txt, politeness, conditional headers and retries with back-off."""
        if urlsplit(url).scheme not in {"http", "https"}:
            return FetchResult(
                url, error=f"ที่อยู่ไม่ใช่ http(s) (not an http(s) address): {url}", permanent=True
            )
        refusal = self.robots.refusal(url) if self.config.robots else None
        if refusal is not None:
            # Only the site's own rules are a lasting no; an unreachable robots.txt is asked again
            # within the hour, so the address must stay worth retrying (not logged as permanent).
            return FetchResult(url, error=refusal, permanent=refusal == DISALLOWED)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = FetchResult(url)
        for attempt in range(self.config.retries + 1):
            result = self.fetch_once(url, headers, self.config.max_bytes)
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                return result
            self.sleep(wait)
        return result

    def _retry_wait(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the result is final."""
        transient = result.status in {429, 500, 502, 503, 504} or (
            result.status is None and result.error and not result.permanent
        )
        if not transient or attempt >= self.config.retries:
            return None
        backoff = min(self.config.max_backoff, self.config.backoff * 2**attempt)
        backoff *= 0.5 + random.random()  # noqa: S311 - jitter, so workers do not retry in step
        asked = result.retry_after
        if asked is not None:
            if asked > self.config.max_retry_after:
                result.error += f" (Retry-After {asked:.0f} s is too long; trying next pass)"
                return None
            backoff = max(backoff, asked)
        return backoff

    def fetch_once(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
        """One GET through the host gate, without retries."""
        result = FetchResult(url)
        start = time.monotonic()
        try:
            with self.gate.slot(_host(url)), self.client.stream("GET", url, headers=headers) as r:
                self._fill(result, r, limit)
        except httpx.TooManyRedirects:
            result.error = (
                f"เปลี่ยนเส้นทางวนซ้ำหรือเกิน {self.config.max_redirects} ครั้ง "
                f"(redirect loop or more than {self.config.max_redirects} redirects)"
            )
            result.permanent = True
        except httpx.TimeoutException as exc:
            result.error = f"รอเซิร์ฟเวอร์นานเกินกำหนด (timeout: {type(exc).__name__})"
        except httpx.UnsupportedProtocol as exc:
            result.error, result.permanent = f"ที่อยู่ใช้ไม่ได้ (unsupported address: {exc})", True
        except httpx.HTTPError as exc:
            result.error = f"เชื่อมต่อเซิร์ฟเวอร์ไม่ได้ (network error: {type(exc).__name__}: {exc})"
        except _TooLarge as exc:
            result.error, result.permanent = str(exc), True
        except zlib.error as exc:
            result.error, result.permanent = f"ข้อมูลบีบอัดเสีย (bad compressed body: {exc})", True
        result.elapsed = time.monotonic() - start
        return result

    def _fill(self, result: FetchResult, r: httpx.Response, limit: int) -> None:
        result.status = r.status_code
        result.final_url = str(r.url)
        result.content_type = r.headers.get("content-type", "")
        result.etag = r.headers.get("etag", "")
        result.last_modified = r.headers.get("last-modified", "")
        if r.status_code == 304:
            return
        if r.status_code >= 400:
            result.error = f"เซิร์ฟเวอร์ตอบ HTTP {r.status_code}"
            result.permanent = r.status_code in {404, 410, 451}
            result.retry_after = _retry_after(r.headers.get("retry-after"))
            return
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge(
                f"ข้อมูลใหญ่เกินกำหนด (Content-Length {declared}, larger than {limit} bytes)"
            )
        result.body = _read_limited(r, limit)


class RobotsCache:
    """robots.txt per host, fetched once and kept for a day (unreachable: an hour, disallowed)."""

    TTL = 24 * 3600.0
    TTL_UNREACHABLE = 3600.0

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.agent = fetcher.config.user_agent.split("/")[0].strip() or "*"
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[float, Protego | None, str | None]] = {}
        self._host_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the url's host lets this agent fetch it."""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """None when the url may be fetched, else why not: DISALLOWED or robots.txt unreachable."""
        host = _host(url)
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            entry = self._hosts.get(host)
            if entry is None or entry[0] < time.monotonic():
                entry = self._load(host)
                self._hosts[host] = entry
        _, parser, unreachable = entry
        if parser is None:
            return unreachable
        return None if parser.can_fetch(url, self.agent) else DISALLOWED

    def _load(self, host: str) -> tuple[float, Protego | None, str | None]:
        result = self.fetcher.fetch_once(host + "/robots.txt", {}, 512 * 1024)
        now = time.monotonic()
        if result.ok:
            # Protego, not urllib.robotparser: it honours `*` and `$` and the longest-match rule.
            try:
                parser = Protego.parse(decode_bytes(result.body, result.content_type).text)
            except DecodeError:
                return now + self.TTL, None, None
            delay = parser.crawl_delay(self.agent)
            if delay:
                self.fetcher.gate.set_delay(host.split("://", 1)[1], min(float(delay), 30.0))
            return now + self.TTL, parser, None
        if result.status is not None and 400 <= result.status < 500:
            return now + self.TTL, None, None  # RFC 9309: no robots.txt means no restriction
        # RFC 9309: an unreachable robots.txt (network error, 5xx) means wait, not "never".
        why = result.error or f"HTTP {result.status}"
        return (
            now + self.TTL_UNREACHABLE,
            None,
            f"อ่าน robots.txt ไม่ได้ จะลองใหม่ภายหลัง (robots.txt unreachable: {why})",
        )


# --- parsing -------------------------------------------------------------------------------


@dataclass
class FeedEntry:
    """One item announced by a feed or sitemap, before its page is fetched."""

    link: str
    title: str = ""
    description: str = ""
    published: datetime | None = None
    raw_date: str = ""
    guid: str = ""
    language: str = ""


@dataclass
class ParsedFeed:
    """Entries of a feed, child sitemaps of a sitemap index, and what went wrong."""

    kind: str
    entries: list[FeedEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # per-entry reasons (no link, bad date)
    warning: str = ""  # the feed as a whole is damaged but parts were read


class FeedError(ValueError):
    """The document is not a feed msoc can read; the message says why."""


_TAG = re.compile(r"<\s*([A-Za-z][\w:.-]*)")


def sniff(text: str) -> str:
    """Document type from the first element: rss, atom, rdf, sitemap, sitemapindex, html."""
    for match in _TAG.finditer(text[:5000]):
        name = match.group(1).lower().split(":")[-1]
        if name in {"rss", "feed", "rdf", "urlset", "sitemapindex", "html", "body", "head"}:
            return {"feed": "atom", "urlset": "sitemap", "body": "html", "head": "html"}.get(
                name, name
            )
    return "unknown"


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse RSS 2.0, RSS 1.0, Atom or a (news) sitemap; raise FeedError when it is none."""
    try:
        decoded = decode_bytes(body, content_type)
    except DecodeError as exc:
        raise FeedError(str(exc)) from exc
    kind = sniff(decoded.text)
    if kind == "html":
        raise FeedError("ได้หน้าเว็บ ไม่ใช่ฟีดข่าว (HTML page instead of a feed)")
    if kind in {"sitemap", "sitemapindex"}:
        parsed = _parse_sitemap(decoded.text, url)
    elif kind in {"rss", "atom", "rdf"}:
        parsed = _parse_syndication(decoded.text, url, kind)
    else:
        raise FeedError("ไม่ใช่ฟีดข่าว (not a feed: no RSS, Atom or sitemap root element)")
    if decoded.note:
        parsed.warning = "; ".join(p for p in (parsed.warning, decoded.note) if p)
    return parsed


def _xml_bytes(text: str) -> bytes:
    """UTF-8 bytes with the XML declaration's encoding replaced, since we already decoded."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", '<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8")


def _parse_syndication(text: str, url: str, kind: str) -> ParsedFeed:
    with warnings.catch_warnings():  # feedparser's updated/published mapping notice
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            data = feedparser.parse(
                _xml_bytes(text), sanitize_html=False, resolve_relative_uris=False
            )
        except UnicodeError as exc:  # e.g. a character reference to a lone surrogate
            raise FeedError(f"XML ของฟีดเสีย (malformed XML: {exc})") from exc
        return _syndication_result(data, url, kind)


def _syndication_result(data: Any, url: str, kind: str) -> ParsedFeed:
    parsed = ParsedFeed(kind=kind)
    if data.bozo and not isinstance(data.bozo_exception, feedparser.CharacterEncodingOverride):
        reason = f"XML ของฟีดเสีย (malformed XML: {data.bozo_exception})"
        if not data.entries:
            raise FeedError(reason)
        parsed.warning = f"{reason} (read {len(data.entries)} entries anyway)"
    language = str(data.feed.get("language", ""))[:12]
    for raw in data.entries:
        entry = _syndication_entry(raw, url, language)
        if isinstance(entry, str):
            parsed.problems.append(entry)
        else:
            parsed.entries.append(entry)
    return parsed


def _syndication_entry(raw: Any, base: str, language: str) -> FeedEntry | str:
    """A FeedEntry, or the reason the entry is skipped."""
    title = str(raw.get("title", "")).strip()
    link = str(raw.get("link", "")).strip()
    guid = str(raw.get("id", "")).strip()
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return f"ข่าวในฟีดไม่มีลิงก์ (entry without a link): {title[:80] or guid or '(no title)'}"
    link = urljoin(base, link)
    if urlsplit(link).scheme not in {"http", "https"}:
        return f"ลิงก์ข่าวในฟีดไม่ใช่ http(s) (entry link is not http(s)): {link[:120]}"
    raw_date = str(raw.get("published") or raw.get("updated") or "")
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    description = str(raw.get("summary", "")).strip()
    return FeedEntry(link, title, description, published, raw_date, guid, language)


_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_iso_datetime(value: str) -> datetime | None:
    """An aware datetime from ISO 8601 (a date alone is midnight Bangkok); None when invalid."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


def _parse_sitemap(text: str, url: str) -> ParsedFeed:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(_xml_bytes(text), parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"XML ของฟีดเสีย (malformed XML: {exc})") from exc
    if etree.QName(root).localname == "sitemapindex":
        children = []
        for node in root.iter(f"{_SM}sitemap", "sitemap"):
            loc = (node.findtext(f"{_SM}loc") or node.findtext("loc") or "").strip()
            mod = (node.findtext(f"{_SM}lastmod") or node.findtext("lastmod") or "").strip()
            if loc:
                children.append((mod, urljoin(url, loc)))
        children.sort(reverse=True)
        return ParsedFeed(kind="sitemapindex", children=[loc for _, loc in children])
    parsed = ParsedFeed(kind="sitemap")
    for node in root.iter(f"{_SM}url", "url"):
        loc = (node.findtext(f"{_SM}loc") or node.findtext("loc") or "").strip()
        news = node.find(f"{_NEWS}news")
        title = (news.findtext(f"{_NEWS}title") if news is not None else "") or ""
        raw_date = (
            (news.findtext(f"{_NEWS}publication_date") if news is not None else None)
            or node.findtext(f"{_SM}lastmod")
            or node.findtext("lastmod")
            or ""
        ).strip()
        language = ""
        if news is not None:
            language = news.findtext(f"{_NEWS}publication/{_NEWS}language") or ""
        if not loc:
            parsed.problems.append(f"sitemap entry without <loc>: {title[:80] or '(no title)'}")
            continue
        parsed.entries.append(
            FeedEntry(
                urljoin(url, loc),
                title.strip(),
                "",
                parse_iso_datetime(raw_date),
                raw_date,
                language=language.strip(),
            )
        )
    return parsed

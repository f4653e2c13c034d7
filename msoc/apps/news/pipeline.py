"""One ingestion pass: fetch feeds, fetch and extract new articles in threads, store each.

Network and extraction run in a thread pool; every database read and write happens on the
calling thread, so the pass works the same on SQLite and PostgreSQL and under pytest-django.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from msoc.encoding import DecodeError, decode_bytes

from . import actions
from .extract import Article, ExtractError, extract_article
from .feeds import FeedEntry, FeedError, FetchConfig, Fetcher, FetchResult, parse_feed
from .models import Feed

log = logging.getLogger("msoc.news")
MAX_CHILD_SITEMAPS = 2
ENRICH_BATCH = 500  # items per enrichment transaction (SQLite holds its write lock for it)


@dataclass
class Summary:
    """What a pass did, for the command line and the scheduler."""

    feeds: int = 0
    feeds_failed: int = 0
    not_modified: int = 0
    items_new: int = 0
    items_seen: int = 0
    items_skipped: int = 0
    enriched: int = 0
    enrich_errors: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Summary) -> None:
        """Accumulate another summary into this one."""
        for name in (
            "feeds",
            "feeds_failed",
            "not_modified",
            "items_new",
            "items_seen",
            "items_skipped",
            "enriched",
            "enrich_errors",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def line(self) -> str:
        """One-line summary in Thai."""
        return (
            f"ฟีด {self.feeds} (ล้มเหลว {self.feeds_failed}, ไม่เปลี่ยน {self.not_modified}) · "
            f"ข่าวใหม่ {self.items_new} · มีแล้ว {self.items_seen} · ข้าม {self.items_skipped} · "
            f"จัดหมวดแล้ว {self.enriched} (อ่านไม่ได้ {self.enrich_errors})"
        )


@dataclass
class _FeedRun:
    feed: Feed
    result: FetchResult | None = None
    pending: int = 0
    new: int = 0
    seen: int = 0
    transient_failures: int = 0
    warning: str = ""


@dataclass
class _ArticleOutcome:
    entry: FeedEntry
    result: FetchResult
    article: Article | None = None
    error: str = ""
    permanent: bool = False
    encoding_note: str = ""
    size: int = 0


def fetch_feed_document(
    fetcher: Fetcher, feed_url: str, etag: str, last_modified: str
) -> tuple[FetchResult, list[FeedEntry], list[str], str]:
    """Fetch and parse a feed (following a sitemap index to its newest children)."""
    result = fetcher.fetch(feed_url, etag, last_modified)
    if not result.ok:
        return result, [], [], ""
    try:
        parsed = parse_feed(result.body, result.final_url or feed_url, result.content_type)
        problems, warning = list(parsed.problems), parsed.warning
        entries = list(parsed.entries)
        for child in parsed.children[:MAX_CHILD_SITEMAPS]:
            child_result = fetcher.fetch(child)
            if not child_result.ok:
                problems.append(f"child sitemap {child}: {child_result.error}")
                continue
            child_parsed = parse_feed(child_result.body, child, child_result.content_type)
            entries.extend(child_parsed.entries)
            problems.extend(child_parsed.problems)
    except FeedError as exc:
        result.error = str(exc)
        return result, [], [], ""
    return result, entries, problems, warning


def fetch_article(
    fetcher: Fetcher, entry: FeedEntry, site_names: tuple[str, ...]
) -> _ArticleOutcome:
    """Fetch, decode and extract one article page (runs in a worker thread)."""
    result = fetcher.fetch(entry.link)
    outcome = _ArticleOutcome(entry, result)
    if not result.ok:
        outcome.error, outcome.permanent = result.error, result.permanent
        return outcome
    try:
        decoded = decode_bytes(result.body, result.content_type)
        outcome.encoding_note = decoded.note
        if "html" not in result.content_type.lower() and "<html" not in decoded.text[:2000].lower():
            raise ExtractError(f"not an HTML page ({result.content_type or 'no content type'})")
        outcome.article = extract_article(
            decoded.text, result.final_url or entry.link, entry, site_names
        )
    except (DecodeError, ExtractError) as exc:
        outcome.error, outcome.permanent = str(exc), True
    outcome.size = len(result.body)
    result.body = b""  # the text is extracted; do not keep megabytes per pending future
    return outcome


class Pass:
    """One pass over a set of feeds; `run` returns the Summary."""

    def __init__(self, fetcher: Fetcher, on_feed_done: Callable[[], None] | None = None):
        self.fetcher = fetcher
        self.on_feed_done = on_feed_done or (lambda: None)
        self.summary = Summary()
        self.futures: dict[Future[Any], tuple[str, _FeedRun]] = {}

    def run(self, feeds: Iterable[Feed]) -> Summary:
        """Fetch every feed and its new articles; store as results arrive."""
        with ThreadPoolExecutor(self.fetcher.config.workers, "msoc-fetch") as pool:
            self.pool = pool
            for feed in feeds:
                run = _FeedRun(feed)
                future = pool.submit(
                    fetch_feed_document, self.fetcher, feed.url, feed.etag, feed.last_modified
                )
                self.futures[future] = ("feed", run)
                self.summary.feeds += 1
            while self.futures:
                done, _ = wait(list(self.futures), return_when=FIRST_COMPLETED)
                for future in done:
                    kind, run = self.futures.pop(future)
                    if kind == "feed":
                        self._guarded_feed(run, future)
                    else:
                        run.pending -= 1
                        self._guarded_article(run, future)
        return self.summary

    def _guarded_feed(self, run: _FeedRun, future: Future[Any]) -> None:
        try:
            self._feed_done(run, *future.result())
        except Exception as exc:  # one broken feed must not stop the pass
            log.exception("%s: unexpected error", run.feed.url)
            self._fail(
                run,
                run.result or FetchResult(run.feed.url),
                f"internal error: {type(exc).__name__}: {exc}",
            )

    def _guarded_article(self, run: _FeedRun, future: Future[Any]) -> None:
        try:
            self._article_done(run, future.result())
        except Exception as exc:  # one broken page must not stop the pass
            log.exception("%s: unexpected error on an article", run.feed.url)
            actions.do_log_fetch(run.feed, "article", "", error=f"internal error: {exc}")
            self.summary.items_skipped += 1
            run.transient_failures += 1
        if run.pending == 0:
            self._finish(run)

    def _fail(self, run: _FeedRun, result: FetchResult, reason: str) -> None:
        actions.do_log_fetch(run.feed, "feed", run.feed.url, result, error=reason)
        actions.do_finish_feed(run.feed, result, ok=False, error=reason)
        self.summary.feeds_failed += 1
        self.summary.errors.append(f"{run.feed.source.name}: {run.feed.url}: {reason}")
        run.pending = -1
        self.on_feed_done()

    def _feed_done(
        self,
        run: _FeedRun,
        result: FetchResult,
        entries: list[FeedEntry],
        problems: list[str],
        warning: str,
    ) -> None:
        run.result, run.warning = result, warning
        feed = run.feed
        if result.not_modified:
            self.summary.not_modified += 1
            actions.do_log_fetch(feed, "feed", feed.url, result)
            actions.do_finish_feed(feed, result, ok=True)
            self.on_feed_done()
            return
        if result.error:
            self._fail(run, result, result.error)
            return
        for problem in problems:
            actions.do_log_fetch(feed, "entry", "", error=problem, permanent=True)
            self.summary.items_skipped += 1
        entries = _unique(entries)
        stored, failed = actions.known_links(feed, [e.link for e in entries])
        run.seen = len(stored)
        self.summary.items_seen += run.seen
        self.summary.items_skipped += len(failed - stored)
        names = (feed.source.name, feed.source.name.replace("ออนไลน์", "").strip())
        for entry in entries:
            if entry.link in stored or entry.link in failed:
                continue
            future = self.pool.submit(fetch_article, self.fetcher, entry, names)
            self.futures[future] = ("article", run)
            run.pending += 1
        if run.pending == 0:
            self._finish(run)

    def _article_done(self, run: _FeedRun, outcome: _ArticleOutcome) -> None:
        feed = run.feed
        if outcome.article is None:
            actions.do_log_fetch(
                feed,
                "article",
                outcome.entry.link,
                outcome.result,
                error=outcome.error,
                permanent=outcome.permanent,
            )
            self.summary.items_skipped += 1
            run.transient_failures += int(not outcome.permanent)
        else:
            article = outcome.article
            raw = {
                "feed_title": outcome.entry.title,
                "feed_date": outcome.entry.raw_date,
                "guid": outcome.entry.guid,
                "final_url": outcome.result.final_url,
                "status": outcome.result.status,
                "bytes": outcome.size,
                "published_from": article.published_from,
                "notes": article.notes,
                "encoding_note": outcome.encoding_note,
                "etag": outcome.result.etag,
            }
            _, created = actions.do_store_article(feed, outcome.entry, article, raw)
            run.new += int(created)
            run.seen += int(not created)
            self.summary.items_new += int(created)
            self.summary.items_seen += int(not created)

    def _finish(self, run: _FeedRun) -> None:
        result = run.result or FetchResult(run.feed.url)
        actions.do_log_fetch(
            run.feed, "feed", run.feed.url, result, error=run.warning, new=run.new, seen=run.seen
        )
        actions.do_finish_feed(
            run.feed,
            result,
            ok=True,
            error=run.warning,
            new=run.new,
            keep_validators=run.transient_failures == 0,
        )
        self.on_feed_done()


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.link not in seen:
            seen.add(entry.link)
            out.append(entry)
    return out


def ingest_feeds(
    feeds: list[Feed],
    config: FetchConfig | None = None,
    on_feed_done: Callable[[], None] | None = None,
) -> Summary:
    """Run one pass over the given feeds with a fresh fetcher."""
    with Fetcher(config or FetchConfig.from_settings()) as fetcher:
        return Pass(fetcher, on_feed_done).run(feeds)


def finish_pending(batch: int = ENRICH_BATCH) -> tuple[int, int]:
    """Enrich and index every stored item not yet enriched: (enriched, unreadable).

    Items a crashed run stored but never enriched are picked up here by the next run.
    """
    from .enrich_stage import enrich_pending

    enriched = errors = 0
    while (done := enrich_pending(limit=batch)).enriched + done.errors:
        enriched, errors = enriched + done.enriched, errors + done.errors
    return enriched, errors


def run_pipeline(
    feeds: list[Feed] | None = None,
    *,
    limit: int = 20,
    config: FetchConfig | None = None,
    on_feed_done: Callable[[], None] | None = None,
    enrich: bool = True,
    enrich_batch: int = ENRICH_BATCH,
) -> Summary:
    """The one pipeline, fetched to reviewable: store → enrich → index.

    `feeds` None claims the due feeds (the scheduler of `msoc serve` and `msoc worker`); a list
    polls those feeds now (`msoc ingest --once`). Each stage is idempotent: stored items are keyed
    on their address, and enrichment (which writes the search index in its own transaction) takes
    every item still without a section, whoever stored it. The review queue reads items by their
    publication time, so an enriched item is in the queue of its report as soon as it is stored.
    """
    if feeds is None:
        claimed = actions.do_claim_due_feeds(limit, timezone.now())
        summary = ingest_feeds(claimed, config, on_feed_done) if claimed else Summary()
    else:
        summary = ingest_feeds(feeds, config, on_feed_done)
    if enrich:
        summary.enriched, summary.enrich_errors = finish_pending(enrich_batch)
    return summary


def enabled_feeds() -> list[Feed]:
    """Every enabled feed of every enabled source."""
    return list(
        Feed.objects.filter(enabled=True, source__enabled=True)
        .select_related("source")
        .order_by("source__name", "url")
    )

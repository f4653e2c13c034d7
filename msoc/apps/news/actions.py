"""Every write of the news app: sources, feed state, fetch logs, items; one transaction each."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record

from .extract import Article
from .feeds import FeedEntry, FetchResult
from .models import Feed, FetchLog, Item, Source

log = logging.getLogger("msoc.news")

DEFAULT_SOURCES = Path(settings.BASE_DIR) / "data" / "news" / "sources.json"
MAX_BACKOFF = timedelta(hours=6)


class SourceError(ValueError):
    """A source definition is unusable; the message names it and says why."""


def _validate_feed_url(url: str, who: str) -> str:
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise SourceError(f"{who}: feed address must start with http:// or https://: {url!r}")
    return url


def do_save_source(
    name: str,
    kind: str,
    feeds: list[str],
    site_url: str = "",
    *,
    confirmed: bool | None = None,
    notes: str | None = None,
    enabled: bool | None = None,
    feed_meta: dict[str, dict[str, Any]] | None = None,
    poll_interval: int | None = None,
    actor: Actor = None,
) -> tuple[Source, bool]:
    """Add or update a source by name and attach its feeds; returns (source, created).

    `feed_meta` gives a feed's desk (the outlet's section it carries) and whether its address is
    confirmed by public use: {url: {"desk": "politics", "confirmed": True}}. `poll_interval`
    (seconds, at least 60) applies to every feed of the source.
    """
    name = " ".join(name.split())
    if not name:
        raise SourceError("a source needs a name")
    if kind not in {Source.KIND_WEB, Source.KIND_TV}:
        raise SourceError(f"{name}: kind must be web or tv, not {kind!r}")
    urls = [_validate_feed_url(u, name) for u in feeds]
    meta = {_validate_feed_url(u, name): m for u, m in (feed_meta or {}).items()}
    for url, m in meta.items():
        if len(str(m.get("desk") or "")) > 60:
            raise SourceError(f"{name}: ชื่อโต๊ะข่าวของฟีด {url} ยาวเกิน 60 อักษร")
    with transaction.atomic():
        source, created = Source.objects.get_or_create(name=name, defaults={"kind": kind})
        before = None if created else _source_state(source)
        source.kind = kind
        if site_url:
            source.site_url = site_url
        for attr, value in (("confirmed", confirmed), ("notes", notes), ("enabled", enabled)):
            if value is not None:
                setattr(source, attr, value)
        source.save()
        for url in urls:
            feed, _ = Feed.objects.get_or_create(url=url, defaults={"source": source})
            if feed.source_id != source.id:
                raise SourceError(f"{name}: feed {url} already belongs to {feed.source.name}")
            if url in meta:
                feed.desk = " ".join(str(meta[url].get("desk") or "").split())
                feed.confirmed = bool(meta[url].get("confirmed", feed.confirmed))
                feed.save(update_fields=["desk", "confirmed"])
        if poll_interval:
            source.feeds.update(poll_interval=max(60, poll_interval))
        after = _source_state(source)
        if before != after:
            record(
                actor,
                "source.add" if created else "source.update",
                "news.Source",
                source.pk,
                before=before,
                after=after,
            )
    return source, created


def _source_state(source: Source) -> dict[str, Any]:
    feeds = sorted(source.feeds.all(), key=lambda f: f.url)  # one query for the whole snapshot
    return {
        "name": source.name,
        "kind": source.kind,
        "site_url": source.site_url,
        "enabled": source.enabled,
        "confirmed": source.confirmed,
        "feeds": [f.url for f in feeds],
        "desks": {f.url: f.desk for f in feeds if f.desk},
        "confirmed_feeds": [f.url for f in feeds if f.confirmed],
        "poll_intervals": {f.url: f.poll_interval for f in feeds},
    }


def do_load_default_sources(path: Path | None = None) -> tuple[int, int]:
    """Load the shipped registry idempotently; returns (created, updated) source counts."""
    data = json.loads((path or DEFAULT_SOURCES).read_text(encoding="utf-8"))
    created = updated = 0
    for spec in data["sources"]:
        # A feed is an address, or {"url", "desk", "confirmed"} for per-desk feeds.
        feeds = [f if isinstance(f, str) else f["url"] for f in spec["feeds"]]
        meta = {
            f["url"]: {"desk": f.get("desk", ""), "confirmed": bool(f.get("confirmed", False))}
            for f in spec["feeds"]
            if not isinstance(f, str)
        }
        _, new = do_save_source(
            spec["name"],
            spec["kind"],
            feeds,
            spec.get("site_url", ""),
            confirmed=bool(spec.get("confirmed", False)),
            notes=spec.get("notes", ""),
            feed_meta=meta,
        )
        created += int(new)
        updated += int(not new)
    return created, updated


def do_claim_due_feeds(limit: int, now: datetime | None = None) -> list[Feed]:
    """Lock due feeds (skipping ones other workers hold) and push them forward before fetching."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(enabled=True, source__enabled=True)
            .filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now))
            .order_by("next_due_at", "id")[:limit]
        )
        for feed in due:
            # A lease: if this worker dies, the feed comes due again after one interval.
            feed.next_due_at = now + timedelta(seconds=feed.poll_interval)
            feed.save(update_fields=["next_due_at"])
    return list(Feed.objects.filter(id__in=[f.id for f in due]).select_related("source"))


def do_log_fetch(
    feed: Feed,
    kind: str,
    url: str,
    result: FetchResult | None = None,
    *,
    error: str = "",
    permanent: bool = False,
    new: int = 0,
    seen: int = 0,
) -> FetchLog:
    """Record one fetch (or one skipped entry) against its feed."""
    entry = FetchLog.objects.create(
        feed=feed,
        kind=kind,
        url=url[:1000],
        status=result.status if result else None,
        bytes=len(result.body) if result else 0,
        elapsed=round(result.elapsed, 3) if result else 0.0,
        error=error or (result.error if result else ""),
        permanent=permanent or bool(result and result.permanent and result.error),
        items_new=new,
        items_seen=seen,
    )
    if entry.error:
        log.info("%s: %s %s: %s", feed.source.name, kind, url, entry.error)
    return entry


def do_finish_feed(
    feed: Feed,
    result: FetchResult,
    *,
    ok: bool,
    error: str = "",
    new: int = 0,
    keep_validators: bool = True,
    now: datetime | None = None,
) -> None:
    """Update a feed's state after a pass; failures back off up to six hours."""
    now = now or timezone.now()
    feed.last_checked_at = now
    feed.last_status = result.status
    if ok:
        feed.last_success_at = now
        feed.consecutive_failures = 0
        feed.last_error = error
        if keep_validators and not result.not_modified:
            # Saved only when every entry was handled, so a 304 never hides an unfetched item.
            feed.etag, feed.last_modified = result.etag[:500], result.last_modified[:100]
        interval = timedelta(seconds=feed.poll_interval)
    else:
        feed.consecutive_failures += 1
        feed.last_error = error or result.error
        interval = min(
            MAX_BACKOFF,
            timedelta(seconds=feed.poll_interval) * 2 ** min(feed.consecutive_failures - 1, 6),
        )
    if new:
        feed.last_new_item_at = now
    feed.next_due_at = now + interval
    feed.save()


def known_links(feed: Feed, links: list[str]) -> tuple[set[str], set[str]]:
    """(links already stored as items, links that failed for good before) among `links`."""
    stored: set[str] = set()
    failed: set[str] = set()
    for start in range(0, len(links), 400):
        chunk = links[start : start + 400]
        for url, canonical in Item.objects.filter(
            Q(url__in=chunk) | Q(canonical_url__in=chunk)
        ).values_list("url", "canonical_url"):
            stored.update((url, canonical))
        failed.update(
            FetchLog.objects.filter(url__in=chunk, permanent=True, kind="article").values_list(
                "url", flat=True
            )
        )
    return stored & set(links), failed


def do_store_article(
    feed: Feed,
    entry: FeedEntry,
    article: Article,
    raw: dict[str, Any],
    now: datetime | None = None,
) -> tuple[Item, bool]:
    """Insert or update one item keyed on canonical URL, then content hash; (item, created)."""
    now = now or timezone.now()
    digest = article.content_hash
    fields = {
        "feed": feed,
        "url": entry.link[:1000],
        "content_hash": digest,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "published_at": article.published_at,
        "language": article.language,
        "raw": {
            **raw,
            "page_section": article.page_section,
            "page_section_from": article.page_section_from,
        }
        if article.page_section
        else raw,
    }
    try:
        with transaction.atomic():
            item = (
                Item.objects.select_for_update().filter(canonical_url=article.canonical_url).first()
                or Item.objects.select_for_update()
                .filter(source=feed.source, content_hash=digest)
                .first()
            )
            if item is not None:
                if item.content_hash != digest:  # the outlet edited the article
                    for name, value in fields.items():
                        setattr(item, name, value)
                    item.save()
                return item, False
            item = Item.objects.create(
                source=feed.source, canonical_url=article.canonical_url, fetched_at=now, **fields
            )
            return item, True
    except IntegrityError:
        # Another worker stored the same canonical URL between our lookup and insert.
        return Item.objects.get(canonical_url=article.canonical_url), False


# --- enrichment (the enrich stage, enrich_stage.py, computes; this stores) ---------------------


@dataclass
class EnrichSummary:
    """How many items one enrichment run handled."""

    enriched: int = 0
    errors: int = 0

    def line(self) -> str:
        """One line for the command's output."""
        return f"enrich: {self.enriched} รายการ, อ่านไม่ได้ {self.errors} รายการ"


@transaction.atomic
def do_store_enrichment(
    items: list[Item], results: list[dict[str, Any]], story_of_cluster: dict[str, str]
) -> EnrichSummary:
    """Write the enrichment of items in one transaction; unreadable items are set aside as 'none'."""
    summary = EnrichSummary()
    for item, result in zip(items, results, strict=True):
        if "error" in result:
            summary.errors += 1
            item.section, item.section_confidence = "none", 0.0
            item.section_signal = None
            item.raw = {**(item.raw or {}), "enrich_error": result["error"]}
        else:
            summary.enriched += 1
            item.section = result["section"]
            item.section_confidence = result["section_confidence"]
            item.section_signal = result["section_signal"]
            item.topics = result["topics"]
            item.place, item.place_kind = result["place"], result["place_kind"]
            item.place_printed, item.summary = result["place_printed"], result["summary"]
            cluster = result.get("story")
            item.story = story_of_cluster.get(cluster, cluster) if cluster else None
    Item.objects.bulk_update(
        items,
        [
            "section",
            "section_confidence",
            "section_signal",
            "topics",
            "place",
            "place_kind",
            "place_printed",
            "summary",
            "story",
            "raw",
        ],
    )
    _reindex(items)
    record(
        None,
        "news.enrich",
        "news.Item",
        "",
        items=[i.pk for i in items],
        enriched=summary.enriched,
        errors=summary.errors,
    )
    return summary


def _reindex(items: list[Item]) -> None:
    from msoc.apps.search.engine import index_items

    index_items(items)

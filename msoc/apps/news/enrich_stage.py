"""The pipeline's enrich stage: which stored items, with what context, through which model.

The computation itself is msoc/nlp/enrich.py (no Django); the write is
`actions.do_store_enrichment`. Stored items get section, topics, place, story, summary.

New items are enriched together with the already enriched items of the surrounding days, so a
story told by an outlet today joins the story another outlet told yesterday.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from msoc.apps.news.actions import EnrichSummary, do_store_enrichment
from msoc.apps.news.models import Item
from msoc.nlp.enrich import Enricher, enrich_batch

STORY_WINDOW = timedelta(hours=72)
CONTEXT_LIMIT = 5_000
_CACHE: dict[str, tuple[float, Enricher]] = {}


def model_path() -> Path:
    """Where `msoc train` keeps the section model."""
    return Path(settings.VAR_DIR) / "models" / "sections.pkl"


def current_enricher() -> Enricher:
    """The enricher, reloaded only when `msoc train` stored a new model."""
    path = model_path()
    stamp = path.stat().st_mtime if path.exists() else 0.0
    cached = _CACHE.get("enricher")
    if cached is None or cached[0] != stamp:
        _CACHE["enricher"] = (stamp, Enricher.load(path))
    return _CACHE["enricher"][1]


def _as_input(item: Item) -> dict[str, Any]:
    raw = item.raw if isinstance(item.raw, dict) else {}
    return {
        "id": str(item.pk),
        "title": item.title,
        "description": item.description,
        "body": item.body,
        "source": item.source.name,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        # What the outlet states: the feed's desk and the page's own section (read at extraction).
        "desk": item.feed.desk if item.feed_id and item.feed else "",
        "page_section": str(raw.get("page_section") or ""),
        "page_section_from": str(raw.get("page_section_from") or ""),
    }


def _context(pending: list[Item]) -> list[Item]:
    moments = [i.published_at for i in pending if i.published_at]
    if not moments:
        return []
    return list(
        Item.objects.filter(
            section__isnull=False,
            story__isnull=False,
            published_at__gte=min(moments) - STORY_WINDOW,
            published_at__lte=max(moments) + STORY_WINDOW,
        )
        .select_related("source", "feed")
        .order_by("-published_at")[:CONTEXT_LIMIT]
    )


def enrich_pending(limit: int = 500, enricher: Enricher | None = None) -> EnrichSummary:
    """Enrich up to `limit` items that have no section yet; store the results.

    Claiming, enriching and storing share one transaction, so concurrent workers never enrich an
    item twice: PostgreSQL skips rows another worker has locked, and SQLite (IMMEDIATE
    transactions) lets one writer in at a time, which then sees the rows already done.
    """
    enricher = enricher or current_enricher()  # loading may train a model: not under the lock
    with transaction.atomic():
        pending = list(
            Item.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(section__isnull=True)
            .select_related("source", "feed")
            .order_by("pk")[:limit]
        )
        if not pending:
            return EnrichSummary()
        context = _context(pending)
        results = enrich_batch([_as_input(i) for i in pending + context], enricher)
        known_story = {str(i.pk): i.story for i in context if i.story}
        story_of_cluster: dict[str, str] = {}
        for result in results[len(pending) :]:
            if result.get("story") and known_story.get(result["id"]):
                story_of_cluster.setdefault(result["story"], known_story[result["id"]])
        return do_store_enrichment(pending, results[: len(pending)], story_of_cluster)

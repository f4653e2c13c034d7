"""News items into the search index: what the index lacks, pulled by `engine.sync` (see apps.py)."""

from __future__ import annotations

from msoc.apps.news.models import Item
from msoc.apps.search.engine import index_items, last_ref


def index_new_items(batch: int) -> int:
    """Index up to `batch` items newer than the last indexed one."""
    items = list(
        Item.objects.filter(pk__gt=last_ref("item"))
        .select_related("source")
        .defer("body", "raw")
        .order_by("pk")[:batch]
    )
    return index_items(items)

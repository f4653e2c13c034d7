"""Feed health per source: last success, last new item, failures, rhythm, and a flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max
from django.utils import timezone

from .models import Item, Source

WINDOW = timedelta(days=14)
MIN_SILENCE = timedelta(hours=6)
FAILING_AFTER = 3  # consecutive failed polls of one feed

STATUS_LABELS = {
    "ok": "ปกติ",
    "failing": "ดึงไม่สำเร็จ",
    "silent": "เงียบผิดปกติ",
    "unchecked": "ยังไม่เคยดึง",
    "disabled": "ปิดการติดตาม",
}


@dataclass(frozen=True)
class SourceHealth:
    """Health of one source, aggregated over its feeds."""

    source_id: int
    name: str
    kind: str
    enabled: bool
    confirmed: bool
    feeds: int
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    last_published_at: datetime | None
    consecutive_failures: int
    last_status: int | None
    last_error: str
    items_per_day: float
    usual_gap: timedelta | None
    status: str
    desks: tuple[str, ...] = ()  # the desks of its per-desk feeds (politics, world, crime …)
    feeds_confirmed: int = 0  # feeds whose address is confirmed by public use

    @property
    def flagged(self) -> bool:
        """True when staff should look at this source."""
        return self.status in {"failing", "silent"}

    @property
    def status_label(self) -> str:
        """Thai label of the status."""
        return STATUS_LABELS[self.status]


def _status(
    enabled: bool,
    checked: bool,
    failures: int,
    last_item: datetime | None,
    gap: timedelta | None,
    now: datetime,
) -> str:
    if not enabled:
        return "disabled"
    if not checked:
        return "unchecked"
    if failures >= FAILING_AFTER:
        return "failing"
    allowed = max(MIN_SILENCE, 3 * gap) if gap else WINDOW
    if last_item is None or now - last_item > allowed:
        return "silent"
    return "ok"


def source_health(now: datetime | None = None) -> list[SourceHealth]:
    """Health of every source, flagged ones first, then by name."""
    now = now or timezone.now()
    since = now - WINDOW
    counts = dict(
        Item.objects.filter(published_at__gte=since, published_at__lte=now)
        .values("source")
        .annotate(n=Count("id"))
        .values_list("source", "n")
    )
    latest = dict(
        Item.objects.values("source").annotate(m=Max("published_at")).values_list("source", "m")
    )
    rows = []
    for source in Source.objects.prefetch_related("feeds").order_by("name"):
        feeds = [f for f in source.feeds.all() if f.enabled]
        n = counts.get(source.id, 0)
        gap = WINDOW / n if n else None
        checked = [f for f in feeds if f.last_checked_at is not None]
        newest = max(checked, key=lambda f: f.last_checked_at or now, default=None)
        failures = max((f.consecutive_failures for f in feeds), default=0)
        last_item = latest.get(source.id)
        rows.append(
            SourceHealth(
                source_id=source.id,
                name=source.name,
                kind=source.kind,
                enabled=source.enabled and bool(feeds),
                confirmed=source.confirmed,
                feeds=len(feeds),
                last_success_at=max(
                    (f.last_success_at for f in feeds if f.last_success_at), default=None
                ),
                last_new_item_at=max(
                    (f.last_new_item_at for f in feeds if f.last_new_item_at), default=None
                ),
                last_published_at=last_item,
                consecutive_failures=failures,
                last_status=newest.last_status if newest else None,
                last_error=next((f.last_error for f in feeds if f.consecutive_failures), ""),
                items_per_day=round(n / WINDOW.days, 1),
                usual_gap=gap,
                status=_status(
                    source.enabled and bool(feeds), bool(checked), failures, last_item, gap, now
                ),
                desks=tuple(f.desk for f in feeds if f.desk),
                feeds_confirmed=sum(f.confirmed for f in feeds),
            )
        )
    rows.sort(key=lambda h: (not h.flagged, h.name))
    return rows

"""Counts of items by watch topic over weeks or months, by province, and spikes above baseline."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count

from msoc.thai import BANGKOK
from msoc.web.provinces import province_name

MAX_ROWS = 100_000  # the trends page never reads more items than this


@dataclass
class TopicTable:
    """Counts of each topic per period, oldest period first, and the topics that spiked last."""

    periods: list[date]
    counts: dict[str, list[int]] = field(default_factory=dict)
    spikes: dict[str, str] = field(default_factory=dict)  # topic → reason in Thai


def period_start(day: date, by: str) -> date:
    """The first day of the week (Monday) or month that holds `day`."""
    return day.replace(day=1) if by == "month" else day - timedelta(days=day.weekday())


def periods(end: date, by: str, n: int) -> list[date]:
    """The last `n` period starts up to the one holding `end`, oldest first."""
    starts = [period_start(end, by)]
    while len(starts) < n:
        prev = starts[-1] - timedelta(days=1)
        starts.append(period_start(prev, by))
    return starts[::-1]


def spike_reason(history: list[int], current: int) -> str | None:
    """Why `current` is a spike over the baseline `history`, or None: ≥ 5, ≥ 2× mean, > mean + 3 sd."""
    if current < 5 or len(history) < 3:
        return None
    mean = statistics.fmean(history)
    sd = statistics.pstdev(history)
    if current >= 2 * max(mean, 1) and current > mean + 3 * sd:
        return f"{current} ข่าว สูงกว่าค่าเฉลี่ยช่วงก่อน ({mean:.1f}) เกิน ๓ ส่วนเบี่ยงเบน"
    return None


def topic_table(items: Any, end: date, by: str = "week", n: int = 12) -> TopicTable:
    """Topic counts per period from a queryset of news items (reads published_at and topics only)."""
    starts = periods(end, by, n)
    since = datetime.combine(starts[0], time.min, tzinfo=BANGKOK)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=BANGKOK)
    index = {s: i for i, s in enumerate(starts)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(starts))
    rows = items.filter(published_at__gte=since, published_at__lt=until).exclude(topics=None)
    for published, topics in rows.values_list("published_at", "topics")[:MAX_ROWS]:
        slot = index.get(period_start(published.astimezone(BANGKOK).date(), by))
        if slot is None or not isinstance(topics, list):
            continue
        for topic in set(topics):
            counts[str(topic)][slot] += 1
    table = TopicTable(
        periods=starts, counts=dict(sorted(counts.items(), key=lambda kv: -sum(kv[1])))
    )
    for topic, series in table.counts.items():
        reason = spike_reason(series[:-1], series[-1])
        if reason:
            table.spikes[topic] = reason
    return table


def province_counts(items: Any, since: date, until: date) -> dict[str, int]:
    """Items per province (by the stored place) between two dates, inclusive."""
    start = datetime.combine(since, time.min, tzinfo=BANGKOK)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=BANGKOK)
    grouped = (
        items.filter(published_at__gte=start, published_at__lt=end)
        .exclude(place=None)
        .values("place")
        .annotate(n=Count("id"))
    )
    counts: Counter[str] = Counter()
    for row in grouped:
        name = province_name(row["place"])
        if name:
            counts[name] += row["n"]
    return dict(counts)

"""Counts of items by watch topic over weeks or months and per day, by province code, and spikes.

The spike test (`spike_threshold`) is the one the topic_spike alert rule uses too.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from msoc.thai import BANGKOK

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


def spike_threshold(baseline: list[int], sd_factor: float) -> tuple[float, float, float]:
    """(mean, sd, threshold) of counts: threshold = mean + sd_factor·sd (the alerts' rule too)."""
    mean = statistics.fmean(baseline) if baseline else 0.0
    sd = statistics.pstdev(baseline) if len(baseline) > 1 else 0.0
    return mean, sd, mean + sd_factor * sd


def spike_reason(history: list[int], current: int) -> str | None:
    """Why `current` is a spike over the baseline `history`, or None: ≥ 5, ≥ 2× mean, > mean + 3 sd."""
    if current < 5 or len(history) < 3:
        return None
    mean, _, threshold = spike_threshold(history, 3.0)
    if current >= 2 * max(mean, 1) and current > threshold:
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


# ── per day, per outlet and per province code (the charts and the map) ───────────────────

SPIKE_WINDOW = 14  # days of history a day is compared with


def _window(since: date, until: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time.min, tzinfo=BANGKOK)
    return start, datetime.combine(until + timedelta(days=1), time.min, tzinfo=BANGKOK)


def days_between(since: date, until: date) -> list[date]:
    """Every day from `since` to `until`, inclusive."""
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


def daily_topics(
    items: Any, since: date, until: date, topic: str = "", top: int = 6
) -> tuple[list[date], dict[str, list[int]], dict[str, dict[int, str]]]:
    """Items per topic per day (the `top` busiest, or the one topic asked), and their spike days.

    A day is a spike when `spike_reason` says so against the SPIKE_WINDOW days before it, so the
    counts are read from that many days before `since`.
    """
    days = days_between(since - timedelta(days=SPIKE_WINDOW), until)
    index = {d: i for i, d in enumerate(days)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    start, end = _window(days[0], until)
    rows = items.filter(published_at__gte=start, published_at__lt=end).exclude(topics=None)
    for published, topics in rows.values_list("published_at", "topics")[:MAX_ROWS]:
        slot = index.get(published.astimezone(BANGKOK).date())
        if slot is not None and isinstance(topics, list):
            for name in {str(t) for t in topics if not topic or str(t) == topic}:
                counts[name][slot] += 1
    busiest = sorted(counts.items(), key=lambda kv: -sum(kv[1][SPIKE_WINDOW:]))[:top]
    series: dict[str, list[int]] = {}
    spikes: dict[str, dict[int, str]] = {}
    for name, values in busiest:
        series[name] = values[SPIKE_WINDOW:]
        marks = {}
        for i in range(SPIKE_WINDOW, len(days)):
            reason = spike_reason(values[i - SPIKE_WINDOW : i], values[i])
            if reason:
                marks[i - SPIKE_WINDOW] = reason
        spikes[name] = marks
    return days[SPIKE_WINDOW:], series, spikes


def outlet_days(items: Any, sources: Any, since: date, until: date) -> dict[str, list[int]]:
    """Items per outlet per day; every followed outlet is listed, a silent one with zeros."""
    days = days_between(since, until)
    index = {d: i for i, d in enumerate(days)}
    out: dict[str, list[int]] = {name: [0] * len(days) for name in sources}
    start, end = _window(since, until)
    rows = items.filter(published_at__gte=start, published_at__lt=end)
    for name, published in rows.values_list("source__name", "published_at")[:MAX_ROWS]:
        slot = index.get(published.astimezone(BANGKOK).date())
        if slot is not None:
            out.setdefault(name, [0] * len(days))[slot] += 1
    return out


def province_code_counts(items: Any, since: date, until: date, topic: str = "") -> dict[int, int]:
    """Items per province code (the stored place read through the gazetteer) in a date range."""
    from msoc.gazetteer import default_gazetteer
    from msoc.register.areas import default_areas

    codes = {name: code for code, name in default_areas().provinces.items()}
    gazetteer = default_gazetteer()
    start, end = _window(since, until)
    rows = items.filter(published_at__gte=start, published_at__lt=end).exclude(place=None)
    counts: Counter[int] = Counter()
    for place, topics in rows.values_list("place", "topics")[:MAX_ROWS]:
        if topic and not (isinstance(topics, list) and topic in topics):
            continue
        found = gazetteer.resolve(place or "")
        if found is not None and found.kind == "province" and found.name in codes:
            counts[codes[found.name]] += 1
    return dict(counts)

"""The offline demo day: redistributable news put through the real pipeline from a local site.

Public-domain government news (a derived sample of the thaigov corpus) is spread over the weeks
before today, so trends, spikes and the map have shape; stories written for the project, told by
several made-up outlets, arrive in the period of the report being prepared now. A news site on
127.0.0.1 serves them as RSS feeds and article pages, and `run_pipeline` polls it exactly as it
polls a real outlet: store, enrich, index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from msoc.apps.news import actions
from msoc.apps.news.feeds import FetchConfig
from msoc.apps.news.localfeed import LocalFeedServer, Story
from msoc.apps.news.models import Feed, Item
from msoc.apps.news.pipeline import Summary, run_pipeline
from msoc.apps.reports.period import report_day_at, report_period
from msoc.thai import BANGKOK

DATA = Path(settings.BASE_DIR) / "data" / "demo" / "news"
THAIGOV_OUTLET = "ข่าวรัฐบาล thaigov.go.th (สาธิต)"
DEMO_NOTE = "แหล่งข่าวสาธิตบนเครื่องนี้ (msoc demo-news) ปิดไว้หลังนำเข้า"
TODAY_SHARE = 15  # thaigov items that also arrive in the current period
# Disaster words: their items are put into the last days, so the trends page shows a spike.
SPIKE = re.compile("น้ำท่วม|อุทกภัย|ฝนตกหนัก|น้ำป่า|ภัยพิบัติ")
SPIKE_DAYS = 4


@dataclass
class DemoOutcome:
    """What the demo brought in."""

    stories: int
    outlets: int
    summary: Summary
    rows: int


def _hour(key: str) -> timedelta:
    """A stable time of day between 07:00 and 21:00 for a story."""
    minutes = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:6], 16) % (14 * 60)
    return timedelta(hours=7, minutes=minutes)


def _spread(start: datetime, now: datetime, n: int, count: int) -> datetime:
    """The n-th of `count` moments evenly between the period start and a minute ago."""
    span = max((now - start).total_seconds() - 60, 30.0)
    return start + timedelta(seconds=span * (n + 1) / (count + 1))


def thaigov_stories(period_start: datetime, now: datetime, days: int) -> list[Story]:
    """The thaigov sample spread over `days` days before the current period (and a few in it)."""
    with gzip.open(DATA / "thaigov-demo.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    spikes = [r for r in rows if SPIKE.search(r["title"])]
    rest = [r for r in rows if not SPIKE.search(r["title"])]
    today, rest = rest[-TODAY_SHARE:], rest[:-TODAY_SHARE]
    first = period_start.astimezone(BANGKOK).date() - timedelta(days=days)
    stories = []
    for n, row in enumerate(rest):
        day = first + timedelta(days=n * (days - SPIKE_DAYS) // max(len(rest), 1))
        stories.append(_thaigov(row, datetime.combine(day, time(), tzinfo=BANGKOK)))
    for n, row in enumerate(spikes):
        day = first + timedelta(days=days - SPIKE_DAYS + n % SPIKE_DAYS)
        stories.append(_thaigov(row, datetime.combine(day, time(), tzinfo=BANGKOK)))
    for n, row in enumerate(today):
        stories.append(_thaigov(row, _spread(period_start, now, n, len(today)), exact=True))
    return stories


def _thaigov(row: dict[str, Any], day: datetime, exact: bool = False) -> Story:
    slug = f"thaigov-{row['news_id']}"
    when = day if exact else day + _hour(slug)
    return Story(THAIGOV_OUTLET, slug, row["title"], row["body"], when)


def written_stories(period_start: datetime, now: datetime) -> tuple[list[str], list[Story]]:
    """Outlets and stories written for the project, spread over the current period so far."""
    data = json.loads((DATA / "written.json").read_text(encoding="utf-8"))
    outlets: list[str] = data["outlets"]
    # Outlets reprint one agency copy under their own headline, sometimes adding a line.
    items = [(s, item) for s in data["stories"] for item in s["items"]]
    stories = []
    for n, (story, item) in enumerate(items):
        when = _spread(period_start, now, n, len(items))
        body = "\n".join(filter(None, [story["body"], item["extra"]]))
        slug = f"{story['slug']}-{item['outlet']}"
        stories.append(Story(outlets[item["outlet"]], slug, item["title"], body, when))
    return outlets, stories


def run_demo(days: int = 28, port: int = 0) -> DemoOutcome:
    """Serve the demo news on 127.0.0.1, poll it through the pipeline, then switch its sources off."""
    now = timezone.now()
    start, _ = report_period(report_day_at(now))
    outlets, written = written_stories(start, now)
    stories = thaigov_stories(start, now, days) + written
    site = LocalFeedServer(port).start()
    try:
        for story in stories:
            site.publish(story)
        names = [THAIGOV_OUTLET, *outlets]
        for name in names:
            actions.do_save_source(
                name, "web", [site.feed_url(name)], notes=DEMO_NOTE, enabled=True
            )
        feeds = list(
            Feed.objects.filter(url__in=[site.feed_url(n) for n in names]).select_related("source")
        )
        summary = run_pipeline(feeds, config=FetchConfig.from_settings(delay=0.0, workers=8))
    finally:
        site.stop()
    for name in names:  # the site is gone: polling it again would only log failures
        actions.do_save_source(name, "web", [], enabled=False)
    rows = draft_from_stories(report_day_at(now), outlets)
    return DemoOutcome(len(stories), len(names), summary, rows)


def draft_from_stories(day: date, outlets: list[str]) -> int:
    """Accept the first item of each made-up story of the day and pull them into its draft."""
    from msoc.apps.reports.actions.rows import do_add_items
    from msoc.apps.review.actions import do_review_many

    start, end = report_period(day)
    items = (
        Item.objects.filter(source__name__in=outlets, published_at__gte=start, published_at__lt=end)
        .exclude(section__in=("none", ""))
        .select_related("source", "review_state")
        .order_by("published_at", "pk")
    )
    first: dict[str, Item] = {}
    for item in items:
        first.setdefault(item.story or f"-{item.pk}", item)
    fresh = [i.pk for i in first.values() if getattr(i, "review_state", None) is None]
    if fresh:
        do_review_many(fresh, "accept", actor=None)
    return do_add_items(day, list(first.values()), actor=None)

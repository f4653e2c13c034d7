"""The offline demo day: shipped news through the real pipeline from a site on 127.0.0.1."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from msoc.apps.demo.news import run_demo
from msoc.apps.news.models import Item, Source
from msoc.apps.reports.models import Report
from msoc.apps.reports.period import report_day_at, report_period
from msoc.apps.search.models import SearchEntry


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_day_arrives_sorted_placed_merged_indexed_and_drafted() -> None:
    outcome = run_demo(days=28, port=0)
    items = list(Item.objects.select_related("source"))
    assert outcome.summary.items_new == outcome.stories == len(items) >= 350
    assert outcome.summary.enriched == len(items) and outcome.summary.feeds_failed == 0
    sections = Counter(i.section for i in items)
    assert {"social", "politics", "ministry", "foreign"} <= set(sections)
    assert sum(1 for i in items if i.place) >= 0.5 * len(items)
    days = {timezone.localtime(i.published_at).date() for i in items}
    assert len(days) >= 20  # weeks of history for trends and the map
    day = report_day_at(timezone.now())
    start, end = report_period(day)
    today = [i for i in items if start <= i.published_at < end]
    stories = Counter(i.story for i in today)
    merged = [s for s, n in stories.items() if n > 1]
    outlets = {s: {i.source_id for i in today if i.story == s} for s in merged}
    assert sum(1 for o in outlets.values() if len(o) > 1) >= 4  # across outlets
    assert SearchEntry.objects.filter(kind="item").count() == len(items)
    draft = Report.objects.get(date=day, status="draft")
    assert draft.rows.count() == outcome.rows >= 5
    assert not Source.objects.filter(enabled=True, name__in=[i.source.name for i in items])
    again = run_demo(days=28, port=0)  # idempotent: nothing new, nothing added twice
    assert again.summary.items_new == 0 and again.rows == 0
    assert Item.objects.count() == len(items)

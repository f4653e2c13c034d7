"""Hazards raised by news: a story cluster on a disaster topic whose items name a district.

Only districts written with their marker (อ., อำเภอ, เขต) count — a bare name may be a word or a
person — and only in the province the items are placed in (or the one province that has a
district of that name). A story raises one watch, once (its story id is the reference).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count

from msoc.apps.accounts.audit import Actor
from msoc.apps.hazards.actions import HazardFields, do_add_hazard
from msoc.apps.hazards.models import Hazard
from msoc.apps.news.models import Item
from msoc.register.areas import AddressError, default_areas
from msoc.thai import BANGKOK

# Watch topics (msoc/data/nlp/topics.tsv) that are hazards, and the kind each raises.
TOPIC_KINDS = {
    "flood": Hazard.Kind.FLOOD,
    "storm": Hazard.Kind.STORM,
    "fire": Hazard.Kind.FIRE,
    "drought": Hazard.Kind.DROUGHT,
    "air_quality": Hazard.Kind.PM25,
    "epidemic": Hazard.Kind.EPIDEMIC,
    "earthquake": Hazard.Kind.OTHER,
}
DISTRICT_MARKERS = {"อ.", "อำเภอ", "กิ่งอ.", "เขต"}


def _districts(items: list[Item]) -> list[int]:
    from msoc.gazetteer import default_gazetteer, district_provinces

    gazetteer, areas = default_gazetteer(), default_areas()
    found: dict[int, None] = {}
    for item in items:
        text = f"{item.title} {item.description}"
        for mention in gazetteer.find(text):
            if mention.entry.level != "district" or mention.marker not in DISTRICT_MARKERS:
                continue
            name = text[mention.start : mention.end]
            provinces = {p.name for p in district_provinces(gazetteer, name)}
            if item.place in provinces:
                provinces = {item.place}
            if len(provinces) != 1:
                continue  # a name several provinces share, and the item does not say which
            try:
                province, _ = areas.resolve_province(provinces.pop())
                code, _ = areas.resolve_district(province, name)
            except AddressError:
                continue
            found.setdefault(code, None)
    return list(found)


def from_story(story: str) -> HazardFields | None:
    """The watch a story cluster raises, or None (no disaster topic, or no district named)."""
    items = list(Item.objects.filter(story=story).order_by("published_at", "id"))
    topics = Counter(t for i in items for t in (i.topics or []) if t in TOPIC_KINDS)
    if not topics:
        return None
    districts = _districts(items)
    if not districts:
        return None
    topic = topics.most_common(1)[0][0]
    return HazardFields(
        title=f"ข่าว: {items[0].title[:180]}",
        kind=TOPIC_KINDS[topic],
        level=Hazard.Level.WATCH,
        source=Hazard.Source.NEWS,
        source_ref=story,
        districts=sorted(districts),
        starts_on=items[0].published_at.astimezone(BANGKOK).date(),
        note=f"จากข่าว {len(items)} ชิ้นในเรื่องเดียวกัน",
    )


def hazards_from_news(
    now: datetime, *, hours: int = 48, min_items: int = 2, actor: Actor = None
) -> list[Hazard]:
    """Raise the watches of story clusters of the last hours (at least `min_items` items)."""
    stories = (
        Item.objects.filter(published_at__gt=now - timedelta(hours=hours), published_at__lte=now)
        .exclude(story__isnull=True)
        .exclude(story="")
        .values("story")
        .annotate(n=Count("id"))
        .filter(n__gte=min_items)
        .order_by("story")
    )
    created = []
    for row in stories:
        if row["story"] is None:
            continue
        fields = from_story(row["story"])
        if fields is not None:
            hazard, new = do_add_hazard(fields, actor=actor)
            if new:
                created.append(hazard)
    return created

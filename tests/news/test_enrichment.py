"""The pipeline's enrichment stage: stored items get their section, place and story."""

from __future__ import annotations

from datetime import datetime

import pytest

from msoc.apps.news.enrich_stage import enrich_pending
from msoc.apps.news.models import Item, Source
from msoc.apps.search.engine import SearchQuery, search
from msoc.thai import BANGKOK

pytestmark = pytest.mark.django_db

VISHNU_1 = "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน รับอยากเห็นรัฐบาลเสียงข้างมาก มั่นใจไร้เดกต์ล็อก"
VISHNU_2 = "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน ระบุ ที่ผ่านมามีใครจับขั้วก่อนเห็น ผลเลือกตั้ง รับ อยากรู้เห็น รบ. เสียงข้างมาก"


def _item(source: Source, n: int, title: str, hour: int) -> Item:
    return Item.objects.create(
        source=source,
        url=f"https://example.test/{n}",
        canonical_url=f"https://example.test/{n}",
        content_hash=f"h{n}",
        title=title,
        published_at=datetime(2023, 5, 3, hour, 0, tzinfo=BANGKOK),
        fetched_at=datetime(2023, 5, 3, 12, 0, tzinfo=BANGKOK),
    )


def test_items_are_enriched_and_later_outlets_join_the_existing_story() -> None:
    khaosod = Source.objects.create(name="ข่าวสด ออนไลน์", kind="web")
    siamrath = Source.objects.create(name="สยามรัฐ ออนไลน์", kind="web")
    first = _item(khaosod, 1, VISHNU_1, 11)
    flood = _item(khaosod, 2, "น้ำท่วมฉับพลันอำเภอเมืองลำปาง ชาวบ้านอพยพ ๒๐ ครัวเรือน", 9)
    english = _item(siamrath, 3, "Stock market closes higher", 10)

    summary = enrich_pending()
    assert (summary.enriched, summary.errors) == (2, 1)
    first.refresh_from_db(), flood.refresh_from_db(), english.refresh_from_db()
    assert first.section == "politics" and first.story
    assert flood.place == "ลำปาง" and flood.story != first.story
    assert english.section == "none" and "enrich_error" in english.raw

    second = _item(siamrath, 4, VISHNU_2, 12)  # the same story, told later by another outlet
    enrich_pending()
    second.refresh_from_db()
    assert second.story == first.story
    assert enrich_pending().enriched == 0  # nothing left pending


def test_enriched_items_are_searchable_with_their_section() -> None:
    source = Source.objects.create(name="มติชน ออนไลน์", kind="web")
    _item(source, 10, "พมจ. เข้าช่วยเหลือเด็กหนีออกจากบ้าน จังหวัดเพชรบุรี", 8)
    enrich_pending()
    page = search(SearchQuery(q="ช่วยเหลือ", section="ministry"))
    assert page.total == 1


def test_the_outlets_desk_decides_and_the_signal_is_stored() -> None:
    """Feed desk, page section and address decide before the text; the ministry stays named."""
    from msoc.apps.news.models import Feed

    source = Source.objects.create(name="ประชาชาติธุรกิจ ออนไลน์", kind="web")
    world = Feed.objects.create(source=source, url="https://example.test/world/feed", desk="world")
    general = Feed.objects.create(source=source, url="https://example.test/feed")
    # Text alone would say politics (a party, the cabinet); the world desk says foreign.
    abroad = _item(source, 20, "พรรครัฐบาลผสมแตก ครม.ลาออกทั้งคณะ หลังแพ้โหวตในสภา", 8)
    abroad.feed = world
    abroad.save()
    sport = _item(source, 21, "ตำรวจคุมเข้มสนามก่อนนัดชิง แฟนบอลแน่นสนาม", 9)
    sport.feed, sport.raw = general, {"page_section": "กีฬา", "page_section_from": "meta"}
    sport.save()
    address = _item(source, 22, "คนร้ายบุกชิงทรัพย์ร้านทองกลางตลาด", 10)
    address.feed, address.raw = general, {"page_section": "crime", "page_section_from": "url"}
    address.save()
    ministry = _item(source, 23, "พมจ.ลงพื้นที่ช่วยเหลือเด็กถูกทิ้งในห้องเช่า ส่งบ้านพักเด็กและครอบครัว", 11)
    ministry.feed, ministry.raw = general, {"page_section": "สังคม", "page_section_from": "jsonld"}
    ministry.save()
    text_only = _item(source, 24, "ยิงดับกลางงานบวช ตำรวจเร่งล่าตัวคนร้าย", 12)
    enrich_pending()
    got = {i.pk: (i.section, i.section_signal) for i in Item.objects.all()}
    assert got[abroad.pk] == ("foreign", "desk")
    assert got[sport.pk] == ("none", "page")
    assert got[address.pk] == ("social", "address")
    assert got[ministry.pk] == ("ministry", "rules")
    assert got[text_only.pk] == ("social", "rules")


def test_a_staff_move_becomes_the_signal() -> None:
    from msoc.apps.review.actions import do_review

    source = Source.objects.create(name="มติชน ออนไลน์", kind="web")
    item = _item(source, 30, "ยิงดับกลางงานบวช ตำรวจเร่งล่าตัวคนร้าย", 8)
    enrich_pending()
    do_review(item.pk, "move", actor=None, changes={"section": "politics"})
    item.refresh_from_db()
    assert (item.section, item.section_signal) == ("politics", "staff")

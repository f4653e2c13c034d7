"""Hazards from the situation sources: the recorded TMD forecast and Air4Thai files of the demo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from msoc.apps.hazards.models import Hazard
from msoc.apps.hazards.sources import from_tmd, hazards_from_readings
from msoc.apps.situation.actions import do_record_reading
from msoc.apps.situation.models import Reading
from msoc.apps.situation.services import load_source
from tests.conftest import ROOT

DEMO = ROOT / "msoc" / "data" / "demo"
DAY = date(2023, 5, 3)
KORAT, SONGKHLA, CHIANG_MAI = 19, 70, 38


@pytest.mark.django_db
def test_recorded_forecast_and_pm25_raise_hazards_once() -> None:
    load_source("tmd", str(DEMO / "tmd-daily-forecast-2566-05-03.xml"), day=DAY)
    load_source("air4thai", str(DEMO / "air4thai-pm25-2566-05-03.json"), day=DAY)
    made = hazards_from_readings(DAY)
    storm = [h for h in made if h.source == "tmd"]
    assert [h.kind for h in storm] == ["storm"] and storm[0].level == "watch"
    # "ประเทศไทยตอนบน" and "ภาคใต้" are warned of thunderstorms and heavy rain.
    assert {KORAT, SONGKHLA} <= set(storm[0].provinces)
    pm25 = [h for h in made if h.source == "air4thai"]
    assert pm25 and all(h.kind == "pm25" and len(h.provinces) == 1 for h in pm25)
    assert all(h.starts_on == h.ends_on == DAY for h in made)
    assert hazards_from_readings(DAY) == []
    assert Hazard.objects.count() == len(made)


@pytest.mark.django_db
def test_a_flood_warning_for_named_provinces() -> None:
    text = "ขอให้ประชาชนในจังหวัดเชียงใหม่และนครราชสีมาระวังอันตรายจากน้ำป่าไหลหลากและน้ำท่วมฉับพลัน"
    calm = "อากาศร้อนในตอนกลางวัน จังหวัดสงขลามีฝนเล็กน้อย"
    reading = do_record_reading("tmd", DAY, {"title": "t", "paragraphs": [text, calm]})
    (flood,) = from_tmd(Reading.objects.get(pk=reading.pk))
    assert flood.kind == "flood" and sorted(flood.provinces) == [KORAT, CHIANG_MAI]


@pytest.mark.django_db
def test_a_flood_story_naming_districts_raises_one_watch() -> None:
    from django.utils import timezone

    from msoc.apps.hazards.news import hazards_from_news
    from msoc.apps.news.models import Source
    from tests.web.conftest import add_item

    source = Source.objects.create(name="ข่าวทดสอบ")
    now = timezone.now()
    when = now - timedelta(hours=3)
    add_item(source, 1, "น้ำมูลล้นตลิ่ง ท่วมบ้านเรือน อ.พิมาย จ.นครราชสีมา", when=when,
             place="นครราชสีมา", topics=["flood"], story="s1")  # fmt: skip
    add_item(source, 2, "น้ำท่วมขยายวงถึงอำเภอโนนสูง ชาวบ้านอพยพ", when=when,
             place="นครราชสีมา", topics=["flood"], story="s1")  # fmt: skip
    add_item(source, 3, "ไฟไหม้โกดังย่านบางนา", when=when, place="กรุงเทพมหานคร",
             topics=["fire"], story="s2")  # fmt: skip
    add_item(source, 4, "ไฟไหม้โกดัง เพลิงสงบแล้ว", when=when, place="กรุงเทพมหานคร",
             topics=["fire"], story="s2")  # fmt: skip
    add_item(source, 5, "น้ำท่วม อ.เมือง", when=when, place=None, topics=["flood"], story="s3")
    add_item(source, 6, "น้ำท่วม อ.เมือง ยังไม่ลด", when=when, place=None, topics=["flood"],
             story="s3")  # fmt: skip
    made = hazards_from_news(now)
    assert [(h.kind, h.source, h.source_ref, h.districts) for h in made] == [
        ("flood", "news", "s1", [3010, 3015])
    ]
    assert hazards_from_news(now) == []

"""Hazards from the situation sources: the recorded TMD forecast and Air4Thai files of the demo."""

from __future__ import annotations

from datetime import date

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

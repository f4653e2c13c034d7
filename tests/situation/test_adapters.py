"""Situation adapters against recorded files, served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from msoc.apps.reports.models import Report
from msoc.apps.situation import compose
from msoc.apps.situation.actions import SituationError, do_apply_to_draft, do_record_reading
from msoc.apps.situation.adapters import SourceFormatError, air4thai, ddc, rid, tmd
from msoc.apps.situation.models import Reading
from msoc.apps.situation.services import load_source
from tests.conftest import ROOT

DEMO = ROOT / "msoc" / "data" / "demo"
DAY = date(2023, 5, 3)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(DEMO)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def read(name: str) -> bytes:
    return (DEMO / name).read_bytes()


def test_ddc_week_and_computed_averages() -> None:
    payload = ddc.parse(read("ddc-covid-weekly-2566.json"), pneumonia=157, ventilated=79)
    week = compose.covid_week(payload)
    assert (week.week, week.year_be, week.start, week.end) == (
        16,
        2566,
        date(2023, 4, 23),
        date(2023, 4, 29),
    )
    assert (week.new_cases, week.new_cases_per_day, week.cumulative_cases) == (1811, 258, 8382)
    assert (week.new_deaths, week.new_deaths_per_day, week.cumulative_deaths) == (10, 1, 288)
    assert week.since == date(2023, 1, 1)
    assert (
        ddc.parse(read("ddc-covid-weekly-2566.json"), week=15, pneumonia=1, ventilated=1)[
            "new_cases"
        ]
        == 435
    )


def test_ddc_bad_input_names_what_is_missing() -> None:
    with pytest.raises(SourceFormatError, match="--pneumonia"):
        ddc.parse(read("ddc-covid-weekly-2566.json"))
    with pytest.raises(SourceFormatError, match="weeknum"):
        ddc.parse(b'[{"txn_date": "2023-04-29", "new_case": 3}]')
    with pytest.raises(SourceFormatError, match="JSON"):
        ddc.parse(b"<html>busy</html>")


def test_tmd_forecast_paragraphs_in_thai_digits() -> None:
    payload = tmd.parse(read("tmd-daily-forecast-2566-05-03.xml"))
    first, second = payload["paragraphs"]
    assert first.startswith("พยากรณ์อากาศ ๒๔ ชั่วโมงข้างหน้า ความกดอากาศต่ำ")
    assert "คลื่นสูง ๑ - ๒ เมตร" in second and second.endswith("(๓ พ.ค. ๖๖) อีก ๑ วัน")
    with pytest.raises(SourceFormatError, match="GeneralClimateThai"):
        tmd.parse(b"<WeatherForecastDaily><header/></WeatherForecastDaily>")


def test_rid_lists_counts_are_lengths_and_thresholds_are_configurable() -> None:
    payload = rid.parse(read("rid-large-reservoirs-2566-05-02.html"))
    assert len(payload["reservoirs"]) == 35 and payload["as_of"] == "2023-05-02"
    low, high, usable = compose.reservoir_lists(payload, compose.Thresholds())
    assert low.names == ["แควน้อยบำรุงแดน", "ป่าสักชลสิทธิ์", "ขุนด่านปราการชล", "คลองสียัด",
                         "นฤบดินทรจินดา", "ปราณบุรี"]  # fmt: skip
    assert high.names == ["บางลาง"]
    assert len(usable.names) == 12 and usable.names[0] == "สิริกิติ์"
    assert all(r.count == len(r.names) for r in (low, high, usable))
    assert "ร้อยละ ๓๐" in low.label
    stricter = compose.Thresholds(low=Decimal(20), high=Decimal(70), usable_low=Decimal(10))
    low2, high2, usable2 = compose.reservoir_lists(payload, stricter)
    assert low2.names == ["ป่าสักชลสิทธิ์", "คลองสียัด"] and high2.names == ["รัชชประภา", "บางลาง"]
    assert usable2.names == ["อุบลรัตน์"] and "ร้อยละ ๑๐" in usable2.label
    assert compose.reservoir_title(payload) == "สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ ๐๒ พ.ค. ๖๖)"


def test_rid_bad_table() -> None:
    with pytest.raises(SourceFormatError, match="ไม่พบตารางอ่างเก็บน้ำ"):
        rid.parse(b"<table><tr><td>x</td></tr></table>")
    bad = "อ่างเก็บน้ำ,ความจุ,ปริมาณน้ำในอ่าง,ปริมาณน้ำในอ่าง %,ใช้การได้,ใช้การได้ %\nภูมิพล,abc,1,2,3,4\n"
    with pytest.raises(SourceFormatError, match="ภูมิพล"):
        rid.parse(bad.encode())


def test_air4thai_provinces_over_the_standard() -> None:
    payload = air4thai.parse(read("air4thai-pm25-2566-05-03.json"))
    assert len(payload["stations"]) == 10  # the offline station (-1) is skipped
    provinces = compose.pm25_provinces(payload, compose.Thresholds())
    assert provinces == ["เชียงราย", "เชียงใหม่", "แม่ฮ่องสอน", "น่าน", "ลำปาง"]
    assert "กทม." in {s["province"] for s in payload["stations"]}
    sentence = compose.pm25_sentence(provinces, compose.Thresholds())
    assert "๓๗.๕" in sentence and "จำนวน ๕ จังหวัด" in sentence
    assert compose.pm25_provinces(payload, compose.Thresholds(pm25=Decimal(50))) == [
        "เชียงราย",
        "แม่ฮ่องสอน",
    ]
    with pytest.raises(SourceFormatError, match="stations"):
        air4thai.parse(b"{}")


@pytest.mark.django_db
def test_fetch_over_http_and_apply_to_the_draft(server: str) -> None:
    load_source(
        "ddc",
        f"{server}/ddc-covid-weekly-2566.json",
        day=DAY,
        week=16,
        pneumonia=157,
        ventilated=79,
    )
    load_source("tmd", f"{server}/tmd-daily-forecast-2566-05-03.xml", day=DAY)
    load_source("rid", f"{server}/rid-large-reservoirs-2566-05-02.html", day=DAY)
    load_source("air4thai", f"{server}/air4thai-pm25-2566-05-03.json", day=DAY)
    do_record_reading("manual", DAY, {"disaster": {"source_line": "(ที่มา : ปภ.พท.)"}})
    draft = do_apply_to_draft(DAY)
    assert draft.status == Report.Status.DRAFT
    assert draft.situation["covid_week"]["new_cases_per_day"] == 258
    assert [r["count"] for r in draft.disaster["reservoirs"]] == [6, 1, 12]
    assert draft.disaster["forecast"][0].startswith("พยากรณ์อากาศ")
    assert draft.disaster["source_line"] == "(ที่มา : ปภ.พท.)"
    assert "แม่ฮ่องสอน" in draft.situation["asean_extra"][-1]
    with pytest.raises(SituationError, match="404|Not Found"):
        load_source("rid", f"{server}/missing.html", day=DAY)


@pytest.mark.django_db
def test_manual_entry_is_checked_and_same_data_is_kept_once(tmp_path: Path) -> None:
    with pytest.raises(SituationError, match="forecastt"):
        do_record_reading("manual", DAY, {"disaster": {"forecastt": []}})
    with pytest.raises(SituationError, match="ไม่รู้จักแหล่งข้อมูล"):
        do_record_reading("weather", DAY, {})
    first = do_record_reading("manual", DAY, {"situation": {"general": ["ก"]}}, origin="x")
    again = do_record_reading("manual", DAY, {"situation": {"general": ["ก"]}}, origin="x")
    assert first.pk == again.pk and Reading.objects.count() == 1
    with pytest.raises(SituationError, match="ไม่มีข้อมูลสถานการณ์"):
        do_apply_to_draft(date(2023, 5, 4))


RECORDED = Path(__file__).resolve().parent / "recorded"  # real response formats, see README.md


def test_air4thai_reads_the_live_services_format() -> None:
    payload = air4thai.parse((RECORDED / "air4thai-getNewAQI_JSON.json").read_bytes())
    # "-1" (no PM2.5 sensor), PM25 null (a mobile station) and no PM25 key at all are skipped.
    assert [(s["id"], s["province"], s["pm25"]) for s in payload["stations"]] == [
        ("02t", "กทม.", "39.6"),
        ("35t", "เชียงใหม่", "22.1"),
    ]
    assert payload["stations"][0]["name"] == "มหาวิทยาลัยราชภัฏบ้านสมเด็จเจ้าพระยา"
    assert payload["as_of"] == "2024-01-18 09:00"
    assert compose.pm25_provinces(payload, compose.Thresholds()) == ["กทม."]


def test_tmd_reads_the_json_envelope_of_the_live_service() -> None:
    payload = tmd.parse((RECORDED / "tmd-WeatherForecastDaily.json").read_bytes())
    assert payload["issued"] == "2024-01-18 05:00:00"
    first, second = payload["paragraphs"]
    assert first.startswith("พยากรณ์อากาศ ๒๔ ชั่วโมงข้างหน้า บริเวณความกดอากาศสูง")
    assert "ลดลง ๒-๔ องศาเซลเซียส" in first and "คลื่นสูง ๒-๓ เมตร" in second

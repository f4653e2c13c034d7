"""Department of Disease Control: weekly COVID-19 figures of Thailand (๑.๒).

Reads the JSON of the DDC open API (`https://covid19.ddc.moph.go.th/api/Cases/today-cases-all`
and the `timeline-cases-all` list), which since 2023 carries one record per epidemiological
week: `year`, `weeknum`, `new_case`, `total_case`, `new_death`, `total_death`, `update_date` …
The week's seven days end on the Saturday of `update_date` (DDC weeks run Sunday to Saturday)
unless the record states `start`/`end`. Pneumonia and ventilated patients are published in the
weekly situation report, not the API: they come from the record when present, else from the
caller (manual entry).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from msoc.apps.situation.adapters.base import SourceFormatError, json_of, whole
from msoc.thai import buddhist_year, christian_year

REQUIRED = ("year", "weeknum", "new_case", "total_case", "new_death", "total_death")
EXTRA_KEYS = {
    "pneumonia": ("pneumonia", "new_pneumonia"),
    "ventilated": ("ventilated", "ventilator"),
}


def _week_end(record: dict[str, Any]) -> date:
    raw = str(record.get("end") or record.get("update_date") or "").strip()
    if not raw:
        raise SourceFormatError("ddc: ไม่มี update_date หรือ end บอกช่วงของสัปดาห์")
    try:
        day = datetime.fromisoformat(raw.replace("/", "-")).date()
    except ValueError as exc:
        raise SourceFormatError(f"ddc: อ่านวันที่ {raw!r} ไม่ได้") from exc
    if record.get("end"):
        return day
    return day - timedelta(days=(day.weekday() + 2) % 7)  # back to Saturday (weekday 5)


def pick_week(records: Any, week: int | None = None) -> dict[str, Any]:
    """The record of the asked week, else the latest one."""
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list) or not records:
        raise SourceFormatError("ddc: ต้องเป็นรายการข้อมูลรายสัปดาห์ (JSON list) ที่ไม่ว่าง")
    if any(not isinstance(r, dict) or "weeknum" not in r for r in records):
        raise SourceFormatError("ddc: ข้อมูลไม่ใช่รายสัปดาห์ (ไม่มี weeknum) — ใช้ API รายสัปดาห์")
    if week is not None:
        found = [r for r in records if int(r["weeknum"]) == week]
        if not found:
            raise SourceFormatError(f"ddc: ไม่มีข้อมูลสัปดาห์ที่ {week}")
        return found[-1]
    return max(records, key=lambda r: (int(r.get("year", 0)), int(r["weeknum"])))


def parse(
    data: bytes,
    *,
    week: int | None = None,
    pneumonia: int | None = None,
    ventilated: int | None = None,
) -> dict[str, Any]:
    """The week's figures as the payload of a `ddc` reading (averages are computed later)."""
    record = pick_week(json_of(data, "ddc"), week)
    missing = [k for k in REQUIRED if record.get(k) in (None, "")]
    if missing:
        raise SourceFormatError(f"ddc: ข้อมูลสัปดาห์ไม่มีช่อง {', '.join(missing)}")
    end = _week_end(record)
    start = date.fromisoformat(record["start"]) if record.get("start") else end - timedelta(days=6)
    year = whole(record["year"], "ddc year")
    payload: dict[str, Any] = {
        "week": whole(record["weeknum"], "ddc weeknum"),
        "year_be": buddhist_year(year),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "new_cases": whole(record["new_case"], "ddc new_case"),
        "cumulative_cases": whole(record["total_case"], "ddc total_case"),
        "new_deaths": whole(record["new_death"], "ddc new_death"),
        "cumulative_deaths": whole(record["total_death"], "ddc total_death"),
        "since": date(christian_year(year), 1, 1).isoformat(),
        "updated": str(record.get("update_date", "")),
    }
    given = {"pneumonia": pneumonia, "ventilated": ventilated}
    for name, keys in EXTRA_KEYS.items():
        value = given[name]
        if value is None:
            value = next((record[k] for k in keys if record.get(k) not in (None, "")), None)
        if value is None:
            raise SourceFormatError(
                f"ddc: ไม่มีจำนวน {name} ในข้อมูล API — ระบุเอง (--{name} N) จากรายงานรายสัปดาห์"
            )
        payload[name] = whole(value, f"ddc {name}")
    return payload

"""Pollution Control Department (Air4Thai): PM2.5 readings by station (๑.๒ watch topic).

Reads the JSON of `http://air4thai.pcd.go.th/services/getNewAQI_JSON.php`: `stations[]` with
`stationID`, `nameTH`, `areaTH` ("ต.เวียง อ.เมือง, จ.เชียงราย"; Bangkok as "…, กรุงเทพฯ") and
`AQILast.{date, time, PM25.value}` (the 24-hour average, µg/m³). Stations without a PM2.5
value ("-1" or blank) are skipped.
"""

from __future__ import annotations

from typing import Any

from msoc.apps.situation.adapters.base import SourceFormatError, json_of, number
from msoc.thai import normalize_text

BANGKOK_NAMES = {"กรุงเทพฯ", "กรุงเทพ", "กรุงเทพมหานคร", "กทม.", "กทม"}


def province_of(area: str) -> str:
    """The province of a station's areaTH, as the report writes it (Bangkok as กทม.)."""
    last = normalize_text(area).split(",")[-1].strip()
    for prefix in ("จังหวัด", "จ."):
        if last.startswith(prefix):
            last = last[len(prefix) :].strip()
    return "กทม." if last in BANGKOK_NAMES else last


def parse(data: bytes) -> dict[str, Any]:
    """PM2.5 of every reporting station as the payload of an `air4thai` reading."""
    doc = json_of(data, "air4thai")
    stations = doc.get("stations") if isinstance(doc, dict) else None
    if not isinstance(stations, list):
        raise SourceFormatError("air4thai: ไม่มีรายการ stations — ไม่ใช่รูปแบบ getNewAQI_JSON")
    out, latest = [], ""
    for index, station in enumerate(stations, start=1):
        where = f"air4thai สถานี {station.get('stationID', index)}"
        last = station.get("AQILast") or {}
        pm = (last.get("PM25") or {}).get("value")
        value = number(pm, f"{where} PM25") if pm not in (None, "", "-1", "-") else None
        if value is None or value < 0:
            continue
        if not station.get("areaTH"):
            raise SourceFormatError(f"{where}: ไม่มี areaTH บอกจังหวัด")
        stamp = f"{last.get('date', '')} {last.get('time', '')}".strip()
        latest = max(latest, stamp)
        out.append(
            {
                "id": str(station.get("stationID", index)),
                "name": normalize_text(str(station.get("nameTH", ""))),
                "province": province_of(str(station["areaTH"])),
                "pm25": str(value),
                "at": stamp,
            }
        )
    return {"as_of": latest, "stations": out}

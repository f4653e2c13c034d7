"""Readings → the report's ๑.๑, ๑.๒ and ๑.๔ parts, every derived figure computed.

Pure functions over payloads (no database): per-day averages of the DDC week, the three RID
lists with configurable thresholds (counts are the lengths of the lists), PM2.5 provinces over
the standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from msoc.report.model import CovidWeek, ReservoirList
from msoc.thai import MONTHS_ABBR, be_year, format_number, to_thai_digits


@dataclass(frozen=True)
class Thresholds:
    """The ๑.๔ reservoir conditions (percent of capacity) and the PM2.5 standard (µg/m³)."""

    low: Decimal = Decimal(30)  # storage ≤ low
    high: Decimal = Decimal(80)  # storage > high
    usable_low: Decimal = Decimal(30)  # usable < usable_low
    pm25: Decimal = Decimal("37.5")  # 24-hour average over this is over the standard

    @classmethod
    def from_settings(cls) -> Thresholds:
        """The thresholds configured by MSOC_* settings."""
        from django.conf import settings

        return cls(
            low=Decimal(str(settings.MSOC_RESERVOIR_LOW_PCT)),
            high=Decimal(str(settings.MSOC_RESERVOIR_HIGH_PCT)),
            usable_low=Decimal(str(settings.MSOC_RESERVOIR_USABLE_LOW_PCT)),
            pm25=Decimal(str(settings.MSOC_PM25_STANDARD)),
        )


def _pct(value: Decimal) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value, None)


def covid_week(p: dict[str, Any]) -> CovidWeek:
    """The DDC week with its per-day averages computed (truncated, as DDC and the sample print:
    1,811 new cases in 7 days → 258 a day)."""
    start, end = date.fromisoformat(p["start"]), date.fromisoformat(p["end"])
    days = (end - start).days + 1
    return CovidWeek(
        week=p["week"],
        year_be=p["year_be"],
        start=start,
        end=end,
        new_cases=p["new_cases"],
        new_cases_per_day=p["new_cases"] // days,
        cumulative_cases=p["cumulative_cases"],
        new_deaths=p["new_deaths"],
        new_deaths_per_day=p["new_deaths"] // days,
        cumulative_deaths=p["cumulative_deaths"],
        pneumonia=p["pneumonia"],
        ventilated=p["ventilated"],
        since=date.fromisoformat(p["since"]) if p.get("since") else None,
    )


def _share(r: dict[str, Any], amount: str, pct: str) -> Decimal | None:
    if r.get(pct) is not None:
        return Decimal(r[pct])
    if r.get(amount) is not None and r.get("capacity"):
        return Decimal(r[amount]) * 100 / Decimal(r["capacity"])
    return None


def reservoir_lists(p: dict[str, Any], t: Thresholds) -> list[ReservoirList]:
    """The three ๑.๔ lists, in the table's order; each count is the number of names."""
    low, high, usable = [], [], []
    for r in p["reservoirs"]:
        storage = _share(r, "storage", "storage_pct")
        use = _share(r, "usable", "usable_pct")
        if storage is not None and storage <= t.low:
            low.append(r["name"])
        if storage is not None and storage > t.high:
            high.append(r["name"])
        if use is not None and use < t.usable_low:
            usable.append(r["name"])
    labels = (
        f"อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำน้อยกว่าหรือเท่ากับ ร้อยละ {_pct(t.low)} ของความจุอ่างฯ",
        f"อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำเก็บกักอยู่ในเกณฑ์มากกว่าร้อยละ {_pct(t.high)} ขึ้นไป",
        f"อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำที่ใช้การได้อยู่ในเกณฑ์น้อยกว่าร้อยละ {_pct(t.usable_low)} ของความจุอ่างฯ",
    )
    return [
        ReservoirList(label=label, count=len(names), names=names)
        for label, names in zip(labels, (low, high, usable), strict=True)
    ]


def reservoir_title(p: dict[str, Any]) -> str:
    """'สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ ๐๒ พ.ค. ๖๖)'."""
    if not p.get("as_of"):
        return "สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน)"
    d = date.fromisoformat(p["as_of"])
    when = to_thai_digits(f"{d.day:02d} {MONTHS_ABBR[d.month - 1]} {be_year(d) % 100:02d}")
    return f"สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ {when})"


def pm25_provinces(p: dict[str, Any], t: Thresholds) -> list[str]:
    """Provinces with at least one station over the PM2.5 standard, in first-seen order."""
    seen: dict[str, None] = {}
    for s in p["stations"]:
        if Decimal(s["pm25"]) > t.pm25:
            seen.setdefault(s["province"], None)
    return list(seen)


def pm25_sentence(provinces: list[str], t: Thresholds) -> str:
    """The ๑.๒ sentence that lists the provinces over the standard."""
    standard = format_number(t.pm25, None)
    if not provinces:
        return f"ค่าฝุ่นละออง PM 2.5 ไม่เกินมาตรฐาน ({standard} มคก./ลบ.ม.) ทุกจังหวัดที่ตรวจวัด"
    from msoc.report.render.wording import thai_list

    return (
        f"ค่าฝุ่นละออง PM 2.5 เกินมาตรฐาน ({standard} มคก./ลบ.ม.) "
        f"จำนวน {format_number(len(provinces))} จังหวัด ({thai_list(provinces)})"
    )

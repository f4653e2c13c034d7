"""Hazards raised by the situation sources: Air4Thai stations over the PM2.5 standard and TMD
forecast paragraphs that warn a province, one hazard per province and day (never twice)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from msoc.apps.accounts.audit import Actor
from msoc.apps.hazards.actions import HazardFields, do_add_hazard
from msoc.apps.hazards.models import Hazard
from msoc.apps.situation.actions import latest_readings
from msoc.apps.situation.compose import Thresholds, pm25_provinces
from msoc.apps.situation.models import Reading
from msoc.register.areas import AddressError, default_areas
from msoc.thai import format_number

# A TMD paragraph warns when it tells people to beware; its hazard is flood-like or a storm.
WARNING = re.compile(r"ระวัง|เตือน|อันตราย")
FLOOD_WORDS = re.compile(r"น้ำท่วม|น้ำป่า|น้ำไหลหลาก|ไหลหลาก|ล้นตลิ่ง")
STORM_WORDS = re.compile(r"ฝนตกหนัก|พายุ|คลื่นลมแรง|ลมกระโชกแรง")


def _province_code(name: str) -> int | None:
    try:
        code, _ = default_areas().resolve_province(name)
    except AddressError:
        return None
    return code


def from_air4thai(reading: Reading, thresholds: Thresholds | None = None) -> list[HazardFields]:
    """A PM2.5 hazard for each province with a station over the standard on the reading's day."""
    t = thresholds or Thresholds.from_settings()
    out = []
    for province in pm25_provinces(reading.payload, t):
        code = _province_code(province)
        if code is None:
            continue
        worst = max(
            Decimal(s["pm25"]) for s in reading.payload["stations"] if s["province"] == province
        )
        out.append(
            HazardFields(
                title=f"ฝุ่น PM2.5 เกินมาตรฐาน จ.{default_areas().province_name(code)}",
                kind=Hazard.Kind.PM25,
                level=Hazard.Level.WARNING,
                source=Hazard.Source.AIR4THAI,
                source_ref=f"{reading.day.isoformat()}|{code}",
                provinces=[code],
                starts_on=reading.day,
                ends_on=reading.day,
                note=f"สูงสุด {format_number(worst, None)} มคก./ลบ.ม. ({reading.origin})",
            )
        )
    return out


# Regions the forecast warns, as msoc's province regions (population.tsv); longest names first
# so that ภาคตะวันออกเฉียงเหนือ is not read as ภาคตะวันออก. The east is part of "central" there.
REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ประเทศไทยตอนบน", ("north", "northeast", "central", "bangkok")),
    ("ภาคตะวันออกเฉียงเหนือ", ("northeast",)),
    ("ภาคอีสาน", ("northeast",)),
    ("ภาคเหนือ", ("north",)),
    ("ภาคกลาง", ("central", "bangkok")),
    ("ภาคตะวันออก", ("central",)),
    ("ภาคใต้", ("south", "deep_south")),
)


def _warned_provinces(paragraph: str) -> set[int]:
    """Provinces a paragraph names, and those of the regions it names."""
    from msoc.gazetteer import default_gazetteer
    from msoc.register.areas import province_regions

    codes: set[int] = set()
    for mention in default_gazetteer().find(paragraph):
        place = mention.entry.place
        if place is not None and place.kind == "province":
            code = _province_code(place.name)
            if code is not None:
                codes.add(code)
    rest = paragraph
    for name, regions in REGIONS:
        if name in rest:
            rest = rest.replace(name, " ")
            codes |= {p for p, r in province_regions().items() if r in regions}
    return codes


def from_tmd(reading: Reading) -> list[HazardFields]:
    """One watch per kind (flood, storm) over the provinces and regions the warnings name."""
    areas: dict[str, set[int]] = {}
    notes: dict[str, list[str]] = {}
    for paragraph in reading.payload.get("paragraphs", []):
        if not WARNING.search(paragraph):
            continue
        kind = (
            Hazard.Kind.FLOOD
            if FLOOD_WORDS.search(paragraph)
            else Hazard.Kind.STORM
            if STORM_WORDS.search(paragraph)
            else None
        )
        codes = _warned_provinces(paragraph) if kind else set()
        if kind and codes:
            areas.setdefault(kind, set()).update(codes)
            notes.setdefault(kind, []).append(paragraph)
    return [
        HazardFields(
            title=f"กรมอุตุนิยมวิทยาเตือน{Hazard.Kind(kind).label}",
            kind=kind,
            level=Hazard.Level.WATCH,
            source=Hazard.Source.TMD,
            source_ref=f"{reading.day.isoformat()}|{kind}",
            provinces=sorted(codes),
            starts_on=reading.day,
            ends_on=reading.day,
            note=" ".join(notes[kind])[:2000],
        )
        for kind, codes in areas.items()
    ]


def hazards_from_readings(day: date, *, actor: Actor = None) -> list[Hazard]:
    """Raise the hazards of a day's latest Air4Thai and TMD readings; the new ones are returned."""
    readings = latest_readings(day)
    fields: list[HazardFields] = []
    if "air4thai" in readings:
        fields += from_air4thai(readings["air4thai"])
    if "tmd" in readings:
        fields += from_tmd(readings["tmd"])
    created = []
    for f in fields:
        hazard, new = do_add_hazard(f, actor=actor)
        if new:
            created.append(hazard)
    return created

"""Every write of the situation domain: one transaction each, with its audit event."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.reports.actions import do_get_or_create_draft
from msoc.apps.reports.models import Report
from msoc.apps.situation import compose
from msoc.apps.situation.models import Reading
from msoc.report.model import Disaster, Situation

MANUAL_PARTS = {
    "situation": {f.name for f in dataclasses.fields(Situation)} - {"covid_week"},
    "disaster": {f.name for f in dataclasses.fields(Disaster)} - {"reservoirs"},
}


class SituationError(ValueError):
    """A situation write that cannot be carried out, with the reason in Thai."""


@transaction.atomic
def do_record_reading(
    source: str, day: date, payload: dict[str, Any], *, origin: str = "", actor: Actor = None
) -> Reading:
    """Store what a source said for a report date (the latest reading of a source wins)."""
    if source not in Reading.Source.values:
        raise SituationError(f"ไม่รู้จักแหล่งข้อมูล {source!r} (ใช้: {', '.join(Reading.Source.values)})")
    if source == "manual":
        check_manual(payload)
    latest = Reading.objects.filter(source=source, day=day).order_by("-id").first()
    if latest is not None and latest.payload == payload and latest.origin == origin:
        return latest  # the same data again: nothing new to keep
    reading = Reading.objects.create(source=source, day=day, payload=payload, origin=origin)
    record(actor, "situation.reading", "situation.Reading", reading.pk,
           after={"source": source, "day": day.isoformat(), "origin": origin})  # fmt: skip
    return reading


def check_manual(payload: dict[str, Any]) -> None:
    """A manual reading holds parts of ๑.๑-๑.๒ ("situation") and ๑.๔ ("disaster") by field."""
    unknown = set(payload) - set(MANUAL_PARTS)
    if unknown:
        raise SituationError(f"ข้อมูลบันทึกเองมีส่วนที่ไม่รู้จัก {sorted(unknown)} (ใช้ situation, disaster)")
    for part, fields in MANUAL_PARTS.items():
        extra = set(payload.get(part) or {}) - fields
        if extra:
            raise SituationError(
                f"{part}: ไม่รู้จักช่อง {sorted(extra)} (ใช้: {', '.join(sorted(fields))})"
            )


def latest_readings(day: date) -> dict[str, Reading]:
    """The latest reading of each source for a report date."""
    latest: dict[str, Reading] = {}
    for reading in Reading.objects.filter(day=day).order_by("id"):
        latest[reading.source] = reading
    return latest


def computed_parts(
    day: date, thresholds: compose.Thresholds | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ๑.๑-๑.๒ and ๑.๔ fields that the day's readings give (only those)."""
    t = thresholds or compose.Thresholds.from_settings()
    readings = latest_readings(day)
    situation: dict[str, Any] = {}
    disaster: dict[str, Any] = {}
    manual = readings.get("manual")
    if manual is not None:
        situation.update(manual.payload.get("situation") or {})
        disaster.update(manual.payload.get("disaster") or {})
    if "ddc" in readings:
        week = compose.covid_week(readings["ddc"].payload)
        situation["covid_week"] = _plain(dataclasses.asdict(week))
    if "tmd" in readings:
        disaster["forecast_title"] = readings["tmd"].payload.get("title", "ประกาศกรมอุตุนิยมวิทยา")
        disaster["forecast"] = list(readings["tmd"].payload["paragraphs"])
    if "rid" in readings:
        payload = readings["rid"].payload
        disaster["reservoir_title"] = compose.reservoir_title(payload)
        disaster["reservoirs"] = [
            dataclasses.asdict(r) for r in compose.reservoir_lists(payload, t)
        ]
    if "air4thai" in readings:
        provinces = compose.pm25_provinces(readings["air4thai"].payload, t)
        extra = [x for x in situation.get("asean_extra", []) if "PM 2.5" not in x]
        situation["asean_extra"] = [*extra, compose.pm25_sentence(provinces, t)]
    return situation, disaster


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


@transaction.atomic
def do_apply_to_draft(
    day: date, *, actor: Actor = None, thresholds: compose.Thresholds | None = None
) -> Report:
    """Write the computed ๑.๑, ๑.๒ and ๑.๔ into the draft report of a date (created if missing)."""
    situation, disaster = computed_parts(day, thresholds)
    if not situation and not disaster:
        raise SituationError(f"ไม่มีข้อมูลสถานการณ์ของวันที่ {day.isoformat()}")
    draft = do_get_or_create_draft(day, actor=actor)
    draft = Report.objects.select_for_update().get(pk=draft.pk)
    before = {"situation": draft.situation, "disaster": draft.disaster}
    draft.situation = {**(draft.situation or {}), **situation}
    draft.disaster = {**(draft.disaster or {}), **disaster}
    draft.save(update_fields=["situation", "disaster", "updated_at"])
    record(actor, "situation.apply", "reports.Report", draft.pk, before=before,
           after={"situation": draft.situation, "disaster": draft.disaster})  # fmt: skip
    return draft

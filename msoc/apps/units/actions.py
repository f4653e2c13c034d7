"""Every write of unit activities: one transaction each, with its audit event."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.units.models import Activity, Unit


class UnitError(ValueError):
    """An activity that cannot be stored, with the reason in Thai."""


def unit_by_code(code: str) -> Unit:
    """The unit of a short name, with or without its final dot (สป. or สป)."""
    unit = Unit.objects.filter(code__in=[code, f"{code}.", code.rstrip(".")]).first()
    if unit is None:
        known = ", ".join(Unit.objects.values_list("code", flat=True))
        raise UnitError(f"ไม่พบหน่วยงาน {code!r} (มี: {known})")
    return unit


@transaction.atomic
def do_add_activity(
    unit_code: str,
    day: date,
    text: str,
    *,
    people: str = "",
    place: str = "",
    origin: str = "manual",
    actor: Actor = None,
) -> Activity:
    """Add an activity at the end of a unit's list of a date; the report numbers it by position."""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if not paragraphs:
        raise UnitError("ข้อความกิจกรรมว่าง")
    unit = unit_by_code(unit_code)
    last = Activity.objects.filter(unit=unit, date=day).aggregate(m=Max("position"))["m"] or 0
    activity = Activity.objects.create(
        unit=unit, date=day, position=last + 1, paragraphs=paragraphs,
        people=people.strip(), place=place.strip(), origin=origin,
    )  # fmt: skip
    record(actor, "activity.add", "units.Activity", activity.pk,
           after={"unit": unit.code, "date": day.isoformat(), "position": activity.position,
                  "text": activity.text, "people": people, "place": place})  # fmt: skip
    return activity


@transaction.atomic
def do_remove_activity(activity_id: int, *, actor: Actor = None) -> None:
    """Remove an activity and close the gap so the numbering stays (๑), (๒), …"""
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    unit, day, before = activity.unit, activity.date, activity.text
    activity.delete()
    for position, act in enumerate(
        Activity.objects.filter(unit=unit, date=day).order_by("position", "id"), start=1
    ):
        if act.position != position:
            act.position = position
            act.save(update_fields=["position", "updated_at"])
    record(actor, "activity.remove", "units.Activity", activity_id, before=before)


def activity_texts(unit: Unit, day: date) -> list[str]:
    """The activities of a unit on a date, one text each (paragraphs separated by newlines)."""
    return [a.text for a in Activity.objects.filter(unit=unit, date=day).order_by("position", "id")]


@transaction.atomic
def do_save_activities(unit: Unit, day: date, texts: list[str], *, actor: Actor) -> list[Activity]:
    """Replace a unit's activities of a date with the given texts (blank ones dropped)."""
    before = activity_texts(unit, day)
    Activity.objects.filter(unit=unit, date=day).delete()
    stored = []
    for position, text in enumerate((t for t in texts if t.strip()), start=1):
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        stored.append(
            Activity.objects.create(unit=unit, date=day, position=position, paragraphs=paragraphs)
        )
    record(
        actor,
        "activities.save",
        "units.Activity",
        f"{unit.code}:{day.isoformat()}",
        before=before,
        after=[a.text for a in stored],
    )
    return stored

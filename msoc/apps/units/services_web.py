"""Writes of unit activities entered on the web: one transaction and one audit event each."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.units.models import Activity, Unit


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

"""When a situation duty counts as sent: the first reading of its source for a report date.

Registered with `units.submissions.add_sent_source` (situation sits above units).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from django.db.models import Min

from msoc.apps.situation.models import Reading
from msoc.apps.units.models import Duty


def first_readings(
    duties: list[Duty], start: date, end: date
) -> Iterator[tuple[Duty, date, datetime]]:
    """(duty, day, first reading's time) for every reading day of a duty's source in the range."""
    readings = Reading.objects.filter(day__range=(start, end))
    for reading in readings.values("source", "day").annotate(first=Min("created_at")):
        for duty in duties:
            if duty.source in ("", reading["source"]):
                yield duty, reading["day"], reading["first"]

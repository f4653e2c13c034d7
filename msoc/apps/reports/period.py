"""The news period of a report date: from 06:00 of the day before to 06:00 of the date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from msoc.thai import BANGKOK

CUTOFF = time(6, 0)


def report_period(day: date) -> tuple[datetime, datetime]:
    """The news period of a report date: from 06:00 of the day before to 06:00 of the date."""
    end = datetime.combine(day, CUTOFF, tzinfo=BANGKOK)
    return end - timedelta(days=1), end


def report_day_at(moment: datetime) -> date:
    """The report date whose period holds a moment: after the 06:00 cut-off, tomorrow's."""
    local = moment.astimezone(BANGKOK)
    return local.date() + timedelta(days=1) if local.time() >= CUTOFF else local.date()

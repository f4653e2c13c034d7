"""The center's daily rhythm: who has sent what (submissions) and the morning timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from msoc.apps.units import submissions
from msoc.thai import format_thai_date_long
from msoc.web.permissions import READERS, require
from msoc.web.views.reports import parse_day


def submissions_context(day: date) -> dict[str, Any]:
    """The board of a day for the page and the home-page block."""
    rows = submissions.board(day, timezone.now())
    return {
        "sub_day": day,
        "sub_day_text": format_thai_date_long(day),
        "sub_rows": rows,
        "sub_summary": [
            (state, submissions.STATE_LABELS[state], count)
            for state, count in submissions.summary(rows).items()
            if count
        ],
        "sub_missing": [(row.unit, item) for row in rows for item in row.missing],
        "sub_working": submissions.working_day(day),
        "sub_window": submissions.WINDOW_DAYS,
    }


@require_GET
@require(READERS)
def submissions_page(request: HttpRequest, day: str = "") -> HttpResponse:
    """Submitted / late / missing per unit for a day, with the last 30 days' rates."""
    the_day = parse_day(day) if day else timezone.localdate()
    return render(request, "web/submissions.html", submissions_context(the_day))


def home_context(today: date) -> dict[str, Any]:
    """The home page's blocks: the units' status of the day and the morning timeline."""
    from msoc.apps.reports.timeline import timeline

    return {**submissions_context(today), "timeline": timeline(today, timezone.now())}

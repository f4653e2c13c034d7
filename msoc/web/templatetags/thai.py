"""Template filters that print times and dates the way the report does."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from msoc.thai import format_dtg, format_thai_date_short

register = template.Library()


@register.filter
def dtg(value: datetime | None) -> str:
    """A moment as a date-time group: ๐๒๑๔๐๕ พ.ค.๖๖."""
    return format_dtg(value) if value else "-"


@register.filter
def thai_date(value: date | None) -> str:
    """A date as ๓ พ.ค. ๖๖."""
    if value is None:
        return "-"
    return format_thai_date_short(value.date() if isinstance(value, datetime) else value)


@register.filter
def thai_time(value: datetime | None) -> str:
    """The Bangkok clock time of a moment as ๐๖.๐๐."""
    from msoc.thai import BANGKOK, to_thai_digits

    return to_thai_digits(value.astimezone(BANGKOK).strftime("%H.%M")) if value else "-"


@register.filter
def thai_digits(value: object) -> str:
    """Any value with Thai digits: ๔๗๕๑."""
    from msoc.thai import to_thai_digits

    return to_thai_digits(str(value)) if value is not None else "-"


@register.filter
def section_name(code: str | None) -> str:
    """A report section's Thai title from its code (social → ข่าวสังคมทั่วไป); unknown as is."""
    from msoc.apps.reports.models import SECTION_CHOICES

    return dict(SECTION_CHOICES).get(code or "", code or "")

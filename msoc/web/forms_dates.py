"""The one date field of every form: typed in พ.ศ. as staff write it, shown back in Thai.

Staff type `๓ พ.ค. ๖๖`, `3 พฤษภาคม 2566`, `3/5/2566`, `3/5/66`, `3-5-2566` or ISO `2023-05-03`
(a year from 2400 is Buddhist era, from 1900 Christian era, two digits the Buddhist era's last
two); the browser's `<input type=date>` is not used because it asks for mm/dd/yyyy in Christian
era. The widget shows the value as `๓ พ.ค. ๒๕๖๖` and, beside it, the full date it was read as.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString

from msoc.thai import (
    MONTHS,
    WEEKDAYS,
    ThaiFormatError,
    _full_year,
    be_year,
    format_thai_date_short,
    normalize_text,
    parse_thai_date,
    to_arabic_digits,
    to_thai_digits,
)
from msoc.web.validation import DAY_RANGE_MESSAGE, check_day

HINT = "เช่น ๓ พ.ค. ๖๖ หรือ 3/5/2566"
INVALID = f"วันที่ไม่ถูกต้อง โปรดพิมพ์วัน เดือน ปี พ.ศ. ({HINT})"
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_staff_date(text: str, reference: date | None = None) -> date:
    """A date from what staff type (see the module); ValueError with a Thai message otherwise."""
    cleaned = to_arabic_digits(normalize_text(text or "")).strip()
    if not cleaned:
        raise ValueError(INVALID)
    try:
        if m := _ISO.match(cleaned):
            year, month, day = (int(g) for g in m.groups())
            return date(_typed_year(m.group(1), reference), month, day)
        if m := _NUMERIC.match(cleaned):
            day, month, year = (int(g) for g in m.groups())
            return date(_typed_year(m.group(3), reference), month, day)
        return parse_thai_date(cleaned, reference).value
    except ThaiFormatError as exc:
        raise ValueError(f"วันที่ไม่ถูกต้อง: {exc} ({HINT})") from exc
    except ValueError as exc:
        if str(exc) == DAY_RANGE_MESSAGE:
            raise
        raise ValueError(f"วันที่ไม่ถูกต้อง: ไม่มีวัน {text!r} ในปฏิทิน") from exc


def _typed_year(text: str, reference: date | None) -> int:
    # A year typed in full below 1900 is neither era's: refuse it, never read it as two digits.
    if len(text) > 2 and int(text) < 1900:
        raise ValueError(DAY_RANGE_MESSAGE)
    return _full_year(int(text), reference)


def display_date(value: date) -> str:
    """How a date sits in a date box: ๓ พ.ค. ๒๕๖๖ (the field reads it back unchanged)."""
    return format_thai_date_short(value, long_year=True)


def shown_date(value: date) -> str:
    """The date a box was read as, in full: วันพุธที่ ๓ พฤษภาคม พ.ศ. ๒๕๖๖."""
    weekday = WEEKDAYS[value.weekday()]
    return to_thai_digits(
        f"วัน{weekday}ที่ {value.day} {MONTHS[value.month - 1]} พ.ศ. {be_year(value)}"
    )


class ThaiDateInput(forms.TextInput):
    """A text box for a Thai date, with the date it was read as shown beside it."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": HINT, "inputmode": "text", "autocomplete": "off", "size": "16"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return display_date(value)
        return super().format_value(value)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        box = super().render(name, value, attrs, renderer)
        shown = ""
        try:
            day = value if isinstance(value, date) else parse_staff_date(str(value or ""))
            shown = shown_date(day)
        except ValueError:
            pass
        if not shown:
            return box
        return format_html('{}<span class="date-shown">= {}</span>', box, shown)


class ThaiDateField(forms.DateField):
    """A date typed in พ.ศ. (or ISO); errors in Thai."""

    widget = ThaiDateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", HINT)
        super().__init__(**kwargs)
        self.error_messages.setdefault("invalid", INVALID)

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            day = parse_staff_date(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        check_day(day)  # 1900–2199: beyond it dates break the database and the Thai calendar
        return day


class DayForm(forms.Form):
    """One day chosen in a filter (?day=), today when left empty."""

    day = ThaiDateField(label="วันที่", required=False)


def day_filter(query: Any, default: date) -> tuple[date, DayForm]:
    """The ?day= of a filter and its bound form; a day that cannot be read keeps `default`."""
    form = DayForm({"day": query.get("day") or display_date(default)})
    day = form.cleaned_data["day"] if form.is_valid() and form.cleaned_data["day"] else default
    return day, form


class DateRangeForm(forms.Form):
    """A range of days in a filter (?since=&until=), at most `MAX_DAYS` long."""

    MAX_DAYS = 366

    since = ThaiDateField(label="ตั้งแต่", required=False)
    until = ThaiDateField(label="ถึง", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError("วันที่เริ่มอยู่หลังวันที่สิ้นสุด")
        if since and until and (until - since).days >= self.MAX_DAYS:
            raise ValidationError(f"ช่วงวันที่ยาวเกิน {self.MAX_DAYS} วัน")
        return data


def range_filter(query: Any, until: date, days: int) -> tuple[date, date, DateRangeForm]:
    """The ?since=&until= of a filter (default: the `days` days up to `until`) and its form."""
    default = (until - timedelta(days=days - 1), until)
    form = DateRangeForm(
        {
            "since": query.get("since") or display_date(default[0]),
            "until": query.get("until") or display_date(default[1]),
        }
    )
    if not form.is_valid():
        return default[0], default[1], form
    return form.cleaned_data["since"], form.cleaned_data["until"], form

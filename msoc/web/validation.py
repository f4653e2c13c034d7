"""Bounds every input shares (days, whole numbers, column lengths), with their Thai messages.

Forms, page parameters and the API check the same bounds here, so nothing out of range reaches
date arithmetic (year 1 minus a day overflows) or a database column (PostgreSQL refuses a text
longer than its column, and a number larger than its integer type).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import BadRequest, ImproperlyConfigured, ValidationError
from django.db import models

from msoc.thai import format_thai_date_long, to_thai_digits

# Far wider than any report or survey, yet far from the ends of Python's date range.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2199, 12, 31)
MAX_INT = 2_147_483_647  # the largest PostgreSQL integer
DAY_RANGE_MESSAGE = (
    f"วันที่ต้องอยู่ระหว่าง{format_thai_date_long(MIN_DAY)} ถึง{format_thai_date_long(MAX_DAY)}"
)
DAY_FORMAT_MESSAGE = "วันที่ไม่ถูกต้อง (ปี ค.ศ.-เดือน-วัน เช่น 2023-05-03)"


def day_in_range(day: date) -> bool:
    """Whether a day lies within the range the system accepts."""
    return MIN_DAY <= day <= MAX_DAY


def check_day(value: date) -> None:
    """Form validator: refuse a day (or the day of a moment) outside the accepted range."""
    day = value.date() if isinstance(value, datetime) else value
    if not day_in_range(day):
        raise ValidationError(DAY_RANGE_MESSAGE, code="day_range")


def parse_day_text(text: str) -> date | None:
    """A YYYY-MM-DD day within range, or None for anything else."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day_in_range(day) else None


def day_param(request: Any, name: str, default: date) -> date:
    """A day from the query string (default when absent); 400 with a Thai reason when wrong."""
    text = request.GET.get(name, "")
    if not text:
        return default
    day = parse_day_text(text)
    if day is None:
        raise BadRequest(f"{DAY_FORMAT_MESSAGE}: {DAY_RANGE_MESSAGE}")
    return day


def column_length(model: type[models.Model], field: str) -> int:
    """The max_length of a model's text column, so a form never allows more than it stores."""
    length = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    if length is None:
        raise ImproperlyConfigured(f"{model.__name__}.{field} has no max_length")
    return int(length)


def too_long_message(limit: int) -> str:
    """The Thai message for text longer than a column."""
    return f"ยาวเกิน {to_thai_digits(f'{limit:,}')} ตัวอักษร"


def plain_text(text: str, limit: int) -> str:
    """Free text posted outside a form: 400 with a Thai reason when too long or holding NUL."""
    if "\x00" in text:
        raise BadRequest("ข้อความมีอักขระ NUL ซึ่งไม่อนุญาต")
    if len(text) > limit:
        raise BadRequest(f"ข้อความ{too_long_message(limit)}")
    return text

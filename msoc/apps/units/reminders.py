"""Reminders: a mail to a unit's contributors a set time before its deadline when nothing has come.

One letter per unit and day (its topic `reminder:<unit>:<date>` keeps it to one delivery per
address), listing every part still missing; the delivery job sends it and retries it. Queuing
the letters is a flow of the alerts app (`alerts/actions/reminders.py`), above units.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User

from msoc.apps.units.models import Unit
from msoc.apps.units.submissions import DutyDay, duty_days
from msoc.thai import BANGKOK, format_thai_date_long, to_thai_digits


def topic_of(unit: Unit, day: object) -> str:
    """The delivery topic of a unit's reminder of a day."""
    return f"reminder:{unit.code}:{day}"


def contributors(unit: Unit) -> list[tuple[str, str]]:
    """(e-mail, name) of the unit's active contributors that have an address."""
    users = User.objects.filter(
        is_active=True, membership__role="unit", membership__unit=unit
    ).exclude(email="")
    return [(u.email, u.get_full_name() or u.username) for u in users.order_by("id")]


def reminder_letter(unit: Unit, missing: list[DutyDay]) -> tuple[str, str]:
    """Subject and body: what is still missing and by when, with the page to send it on."""
    day = missing[0].day
    subject = f"[ศปก.พม.] เตือนส่งข้อมูลรายงานประจำ{format_thai_date_long(day)} ({unit.code})"
    lines = [
        f"เรียน ผู้รายงานของ{unit.name}",
        "",
        f"ศปก.พม. ยังไม่ได้รับข้อมูลต่อไปนี้สำหรับรายงานประจำ{format_thai_date_long(day)}",
    ]
    for item in missing:
        due = to_thai_digits(item.due.strftime("%H.%M"))
        lines.append(f"- {item.what} กำหนดส่งภายในเวลา {due} น.")
    lines += [
        "",
        f"บันทึกกิจกรรม: {settings.MSOC_SITE_URL}/entry/units/{unit.code}/{day.isoformat()}/",
        "",
        "ศูนย์ปฏิบัติการกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ (ศปก.พม.)",
    ]
    return subject, "\n".join(lines) + "\n"


def due_reminders(now: datetime) -> dict[Unit, list[DutyDay]]:
    """Units whose first missing duty has reached its reminder time today, with all they miss."""
    day = now.astimezone(BANGKOK).date()
    missing: dict[Unit, list[DutyDay]] = defaultdict(list)
    for item in duty_days(day, now):
        if item.sent_at is None:
            missing[item.duty.unit].append(item)
    return {
        unit: items
        for unit, items in missing.items()
        if any(now >= i.due - timedelta(minutes=i.duty.remind_before) for i in items)
    }

"""Writes of the hotline figures entered on the web: one transaction and one audit event each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.hotline.models import DayTotals

FIELDS = (
    "total",
    "male",
    "female",
    "channels",
    "services",
    "referrals",
    "mobile_unit",
    "kinds",
    "kinds_total",
    "fiscal_year_to_date",
    "previous_fiscal_year",
)


def snapshot(totals: DayTotals | None) -> dict[str, Any] | None:
    """The figures of a day as plain JSON values (for the audit log and the API)."""
    if totals is None:
        return None
    return {"date": totals.date.isoformat(), **{name: getattr(totals, name) for name in FIELDS}}


@transaction.atomic
def do_save_day_totals(day: date, figures: dict[str, Any], *, actor: Actor) -> DayTotals:
    """Store the hotline figures of a day (every breakdown), replacing what was there."""
    unknown = set(figures) - set(FIELDS)
    if unknown:
        raise ValueError(f"ไม่รู้จักช่องข้อมูล {sorted(unknown)}")
    if figures.get("total") is None or figures["total"] < 0:
        raise ValueError("ยอดรวมต้องเป็นจำนวนตั้งแต่ ๐ ขึ้นไป")
    existing = DayTotals.objects.select_for_update().filter(date=day).first()
    before = snapshot(existing)
    totals, _ = DayTotals.objects.update_or_create(
        date=day, defaults={**figures, "origin": "manual"}
    )
    record(
        actor, "hotline.save", "hotline.DayTotals", totals.pk, before=before, after=snapshot(totals)
    )
    return totals

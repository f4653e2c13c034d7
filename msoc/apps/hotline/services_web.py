"""Writes of the hotline figures entered on the web: one transaction and one audit event each."""

from __future__ import annotations

from datetime import date
from typing import Any

from msoc.apps.accounts.audit import Actor
from msoc.apps.hotline.actions import do_save_manual_totals
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


COMPUTED = ("fiscal_year_to_date", "previous_fiscal_year")  # derived from the days, never typed


def do_save_day_totals(day: date, figures: dict[str, Any], *, actor: Actor) -> DayTotals:
    """Store the figures of a day typed in (page or API): checked to add up, fiscal year computed."""
    unknown = set(figures) - set(FIELDS)
    if unknown:
        raise ValueError(f"ไม่รู้จักช่องข้อมูล {sorted(unknown)}")
    typed = {name: value for name, value in figures.items() if name not in COMPUTED}
    return do_save_manual_totals(day, typed, actor=actor)

"""Reading hazards: which are active on a day, their impact lists (scoped), their ๑.๔ figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q, QuerySet

from msoc.apps.accounts.audit import Actor
from msoc.apps.hazards.models import Hazard
from msoc.apps.register.services import Scope
from msoc.hazards.impact import Area, Impact, impact_list
from msoc.register.areas import default_areas
from msoc.report.model import HazardImpact
from msoc.thai import BANGKOK

if TYPE_CHECKING:
    from msoc.apps.alerts.models import Alert
    from msoc.apps.hazards.actions import HazardFields


def area_of(hazard: Hazard) -> Area:
    """The area codes of a hazard for the impact list."""
    return Area(
        tuple(hazard.provinces or ()),
        tuple(hazard.districts or ()),
        tuple(hazard.subdistricts or ()),
    )


def active_on(day: date) -> QuerySet[Hazard]:
    """Hazards whose period covers a day and that were not closed before it."""
    end_of_day = datetime.combine(day + timedelta(days=1), time.min, tzinfo=BANGKOK)
    return (
        Hazard.objects.filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end_of_day - timedelta(days=1)))
        .filter(created_at__lt=end_of_day)
        .order_by("starts_on", "id")
    )


def visible(scope: Scope) -> QuerySet[Hazard]:
    """Hazards a user's scope touches: all for a national scope, else those over its provinces."""
    from msoc.apps.hazards.actions import provinces_of

    hazards = Hazard.objects.all().order_by("closed_at", "-starts_on", "-id")
    if scope.every:
        return hazards
    ids = [h.pk for h in hazards if set(provinces_of(h)) & scope.provinces]
    return hazards.filter(pk__in=ids)


def impact_of(hazard: Hazard, scope: Scope | None = None, until: datetime | None = None) -> Impact:
    """The hazard's ranked households (only the scope's provinces), counted by status and area."""
    provinces = None if scope is None or scope.every else sorted(scope.provinces)
    stamp = None
    if until is not None:
        # Django stores times in UTC; the text compares the same way on SQLite and PostgreSQL.
        stamp = until.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    with connection.cursor() as cursor:
        return impact_list(
            cursor, area_of(hazard), hazard_id=hazard.pk, provinces=provinces, until=stamp
        )


def area_text(hazard: Hazard) -> str:
    """'อ.เมืองนครราชสีมา อ.ปักธงชัย จ.นครราชสีมา' — the area as the report writes places."""
    areas = default_areas()
    parts: list[str] = []
    for code in hazard.subdistricts or []:
        parts.append(f"ต.{areas.subdistrict_name(code)}")
    for code in hazard.districts or []:
        name = areas.district_name(code)
        parts.append(name if name.startswith("เขต") else f"อ.{name}")
    from msoc.apps.hazards.actions import provinces_of

    for code in provinces_of(hazard):
        parts.append(f"จ.{areas.province_name(code)}")
    return " ".join(parts)


def any_active_on(day: date) -> bool:
    """Whether any hazard is active on a day (a day with one has a report to show)."""
    return active_on(day).exists()


def report_lines(day: date) -> list[HazardImpact]:
    """The ๑.๔ figures of every hazard active on a day, as of the end of that day (national)."""
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=BANGKOK)
    out = []
    for hazard in active_on(day):
        impact = impact_of(hazard, None, until=end)
        s = impact.by_status
        out.append(
            HazardImpact(
                title=f"{hazard.get_kind_display()} ระดับ{hazard.get_level_display()}: {hazard.title}",
                area=area_text(hazard),
                households=impact.households,
                vulnerable=impact.vulnerable,
                reached=impact.reached,
                contacted=s["contacted"],
                visited=s["visited"],
                helped=s["helped"],
                unreachable=s["unreachable"],
                pending=s["pending"],
            )
        )
    return out


def raise_hazard(fields: HazardFields, *, actor: Actor = None) -> tuple[Hazard, list[Alert]]:
    """Store a hazard (form, command, adapter) and check the hazard alert rules at once."""
    from msoc.apps.alerts.actions import check_alerts
    from msoc.apps.alerts.models import AlertRule
    from msoc.apps.hazards.actions import do_add_hazard

    hazard, new = do_add_hazard(fields, actor=actor)
    alerts = check_alerts(kinds=(AlertRule.Kind.HAZARD_VULNERABLE,)) if new else []
    return hazard, alerts

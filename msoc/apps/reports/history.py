"""The past of a report's figures, read from the database for the checks against history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from msoc.report import model as m
from msoc.report.lint.history import Figure, HistoryRule

HOTLINE_PARTS: dict[str, dict[str, str]] = {
    "channels": m.HOTLINE_CHANNELS,
    "services": m.HOTLINE_SERVICES,
    "referrals": m.HOTLINE_REFERRALS,
    "kinds": m.HOTLINE_KINDS,
}
HOTLINE_SINGLE = {"total": "รวม", "male": "ชาย", "female": "หญิง", "mobile_unit": "หน่วยเคลื่อนที่เร็ว"}


def rule_from_settings() -> HistoryRule:
    """The rule and window of this installation (MSOC_HISTORY_*)."""
    return HistoryRule(
        method=settings.MSOC_HISTORY_METHOD,
        days=settings.MSOC_HISTORY_DAYS,
        threshold=settings.MSOC_HISTORY_THRESHOLD,
        min_points=settings.MSOC_HISTORY_MIN_POINTS,
    )


def hotline_figures(hotline: m.Hotline, day: date, days: int) -> list[Figure]:
    """The total and every breakdown of ๑.๕, each with its values of the past days (by weekday)."""
    from msoc.apps.hotline.models import DayTotals

    rows = list(DayTotals.objects.filter(date__gte=day - timedelta(days=days), date__lt=day))
    out = []
    for name, label in HOTLINE_SINGLE.items():
        value = getattr(hotline, name)
        past = [(r.date, getattr(r, name)) for r in rows]
        out.append(_figure(f"hotline.{name}", f"สายด่วน{label}", value, past))
    for part, labels in HOTLINE_PARTS.items():
        current = getattr(hotline, part) or {}
        for key, label in labels.items():
            past = [(r.date, (getattr(r, part) or {}).get(key)) for r in rows]
            out.append(_figure(f"hotline.{part}.{key}", label, current.get(key), past))
    return [f for f in out if f is not None]


def _figure(key: str, label: str, value: Any, past: list[tuple[date, Any]]) -> Figure | None:
    if value is None:
        return None
    values = tuple((d, float(v)) for d, v in past if isinstance(v, int | float))
    return Figure(key, "๑.๕", label, float(value), values, by_weekday=True)


def reservoir_figures(disaster: m.Disaster, day: date, days: int) -> list[Figure]:
    """The counts of ๑.๔'s reservoir lists, against the same lists of past reports."""
    from msoc.apps.reports.models import Report

    if not disaster.reservoirs:
        return []
    past: dict[str, list[tuple[date, float]]] = {}
    rows = (
        Report.objects.filter(date__gte=day - timedelta(days=days), date__lt=day)
        .filter(status__in=[Report.Status.ISSUED, Report.Status.IMPORTED])
        .values_list("date", "content__disaster__reservoirs")
    )
    for when, lists in rows:
        for item in lists or []:
            if isinstance(item, dict) and isinstance(item.get("count"), int):
                past.setdefault(str(item.get("label", "")), []).append((when, float(item["count"])))
    return [
        Figure(
            f"reservoirs.{r.label}",
            "๑.๔",
            f"จำนวน{r.label}",
            float(r.count),
            tuple(past.get(r.label, [])),
        )  # fmt: skip
        for r in disaster.reservoirs
    ]


def figures_for(daily: m.DailyReport, rule: HistoryRule | None = None) -> list[Figure]:
    """Every figure of a report that has a history, with that history."""
    rule = rule or rule_from_settings()
    out = []
    if daily.hotline is not None:
        out += hotline_figures(daily.hotline, daily.date, rule.days)
    out += reservoir_figures(daily.disaster, daily.date, rule.days)
    return out

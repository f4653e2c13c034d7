"""What the alert rule `hazard_vulnerable` finds: new hazards over vulnerable households."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from msoc.apps.alerts.models import Alert, AlertRule
from msoc.apps.alerts.rules import Finding
from msoc.apps.hazards.services import active_on, area_text, impact_of
from msoc.apps.register.services import Scope
from msoc.register.areas import AddressError, default_areas
from msoc.thai import BANGKOK, format_number


def _scope(province: str) -> Scope:
    if not province:
        return Scope(True, frozenset(), True)
    try:
        code, _ = default_areas().resolve_province(province)
    except AddressError:
        return Scope(False, frozenset(), True)
    return Scope(False, frozenset({code}), True)


def vulnerable_findings(
    now: datetime, *, province: str, min_households: int, days: int
) -> list[tuple[str, str, str]]:
    """(key, title, detail) of each active hazard entered within `days` whose area holds at
    least `min_households` vulnerable households of the province (every province if blank)."""
    scope = _scope(province)
    since = now - timedelta(days=days)
    out = []
    for hazard in active_on(now.astimezone(BANGKOK).date()).filter(created_at__gte=since):
        impact = impact_of(hazard, scope)
        vulnerable = [r for r in impact.rows if r.vulnerable]
        if len(vulnerable) < max(min_households, 1):
            continue
        reasons = Counter(reason for r in vulnerable for reason in r.reasons)
        lines = [
            f"- {reason} {format_number(count)} ครัวเรือน" for reason, count in reasons.most_common()
        ]
        title = (
            f"{hazard.get_kind_display()} ({hazard.get_level_display()}) {area_text(hazard)}: "
            f"ครัวเรือนเปราะบาง {format_number(len(vulnerable))} ครัวเรือน"
        )
        detail = "\n".join(
            [
                f"{hazard.title} — ครัวเรือนกลุ่มเป้าหมายในพื้นที่ {format_number(impact.households)} "
                f"ครัวเรือน เปราะบาง {format_number(len(vulnerable))} ครัวเรือน",
                *lines,
                f"รายชื่อครัวเรือนที่ต้องเยี่ยม: /hazards/{hazard.pk}/",
            ]
        )
        out.append((f"hazard|{hazard.pk}|{province}", title, detail))
    return out


def hazard_vulnerable(rule: AlertRule, now: datetime) -> list[Finding]:
    """New hazards (not yet raised by this rule) with vulnerable households in the rule's province."""
    p = rule.params
    seen = set(Alert.objects.filter(rule=rule).values_list("key", flat=True))
    return [
        Finding(key, title, detail, ())
        for key, title, detail in vulnerable_findings(
            now, province=p["province"], min_households=p["min_households"], days=p["days"]
        )
        if key not in seen
    ]

"""Template context shared by every page: the user's role and the navigation it allows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from msoc.apps.accounts.models import ROLE_LABELS
from msoc.apps.register.services import HOUSEHOLD_ROLES
from msoc.web.permissions import ADMINS, EDITORS, ENTRY, READERS, role_of

# (url, label, roles that see it)
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("/", "หน้าแรก", READERS),
    ("/reports/", "คลังรายงาน", READERS),
    ("/review/", "คัดกรองข่าว", EDITORS),
    ("/entry/", "บันทึกข้อมูล", ENTRY),
    ("/search/", "ค้นหา", READERS),
    ("/trends/", "แนวโน้ม", READERS),
    ("/sources/", "แหล่งข่าว", EDITORS),
    ("/alerts/", "การแจ้งเตือน", READERS),
    ("/households/", "ทะเบียนครัวเรือน", HOUSEHOLD_ROLES),
    ("/hazards/", "พื้นที่ภัย", HOUSEHOLD_ROLES),
    ("/households/poverty/", "ดัชนีความยากจน", READERS),
    ("/audit/", "บันทึกการเปลี่ยนแปลง", ADMINS),
    ("/tokens/", "โทเคน API", ADMINS),
    ("/admin/", "ผู้ดูแลระบบ", ADMINS),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The role of the signed-in user and the menu entries that role may open."""
    # A request refused before AuthenticationMiddleware ran (an unknown Host) has no user yet.
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    items = [(url, label) for url, label, roles in NAVIGATION if role in roles]
    return {
        "msoc_role": role,
        "msoc_role_label": ROLE_LABELS.get(role or "", ""),
        "msoc_nav": items,
        "msoc_can_edit": role in EDITORS,
        "msoc_alerts_open": _open_alerts() if role in READERS else 0,
    }


def _open_alerts() -> int:
    """Alerts nobody has acknowledged yet: the badge beside the alerts menu entry."""
    try:
        from msoc.apps.alerts.models import Alert
    except ImportError:  # pragma: no cover - alerts app not installed
        return 0
    return Alert.objects.filter(acknowledged_at__isnull=True).count()

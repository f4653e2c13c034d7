"""Roles as Django groups with permissions (accounts are created in actions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from msoc.apps.accounts.models import ROLES, Membership

# Role groups that pages, the API and the services check against (one place for all).
READERS: tuple[str, ...] = ROLES  # every role reads reports, search and the dashboard
EDITORS: tuple[str, ...] = ("admin", "editor")
ADMINS: tuple[str, ...] = ("admin",)
ENTRY: tuple[str, ...] = (*EDITORS, "unit")  # who enters data (a unit its own activities)

# Which model permissions each role's group holds ("app.codename").
ROLE_PERMISSIONS: dict[str, list[str]] = {
    "admin": ["*"],
    "editor": [
        "reports.view_report",
        "reports.change_report",
        "reports.add_report",
        "reports.view_newsrow",
        "reports.change_newsrow",
        "reports.add_newsrow",
        "reports.delete_newsrow",
        "reports.view_standingblock",
        "reports.add_standingblock",
        "hotline.view_daytotals",
        "hotline.change_daytotals",
        "hotline.add_daytotals",
        "units.view_activity",
        "units.change_activity",
        "units.add_activity",
        "units.delete_activity",
        "units.view_unit",
    ],
    "unit": [
        "units.view_activity",
        "units.change_activity",
        "units.add_activity",
        "units.delete_activity",
        "units.view_unit",
        "reports.view_report",
    ],
    "province": [
        "reports.view_report",
        "units.view_unit",
    ],
    "viewer": [
        "reports.view_report",
        "reports.view_newsrow",
        "hotline.view_daytotals",
        "units.view_activity",
        "units.view_unit",
    ],
}


class RoleError(ValueError):
    """An unknown role, unit or province."""


ALL_PROVINCES = "all"


def province_ids() -> dict[str, int]:
    """Thai province name → kongvut id, from the package gazetteer table."""
    from msoc.gazetteer import _read_tsv

    return {name: int(pid) for pid, name, _en in _read_tsv("provinces.tsv")}


def parse_provinces(text: str) -> tuple[list[int], bool]:
    """'นครราชสีมา,โคราช,36' → ([19, 36], False); 'all' → ([], True)."""
    if text.strip().lower() in {ALL_PROVINCES, "*", "ทุกจังหวัด"}:
        return [], True
    ids = province_ids()
    known = set(ids.values())
    codes: list[int] = []
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        if part.isdigit() and int(part) in known:
            codes.append(int(part))
            continue
        from msoc.gazetteer import default_gazetteer

        place = default_gazetteer().resolve(part)
        if place is None or place.kind != "province" or place.name not in ids:
            raise RoleError(f"ไม่พบจังหวัด {part!r}")
        codes.append(ids[place.name])
    return sorted(set(codes)), False


def parse_role(text: str) -> tuple[str, Any]:
    """'editor' → ('editor', None); 'unit:ดย.' → ('unit', <Unit ดย.>); 'province:…' → ('province', None)."""
    role, _, code = text.partition(":")
    if role not in ROLES:
        raise RoleError(
            f"ไม่รู้จักบทบาท {text!r} (admin, editor, viewer, unit:<รหัสหน่วยงาน>, province:<จังหวัด>)"
        )
    if role == "province":
        if not code.strip():
            raise RoleError("บทบาท province ต้องระบุจังหวัด เช่น province:นครราชสีมา")
        parse_provinces(code)
        return role, None
    if role != "unit":
        return role, None
    # The unit model through Membership's lazy relation ("units.Unit"): accounts sit below the
    # domain apps, which all record audit events here, so no module of units is imported.
    units = Membership._meta.get_field("unit").related_model._default_manager
    unit = units.filter(code__in=[code, f"{code}."]).first()
    if unit is None:
        raise RoleError(f"ไม่พบหน่วยงาน {code!r}")
    return role, unit


def ensure_groups() -> None:
    """Create each role's group with its permissions (idempotent)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if perms == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        wanted: list[Permission] = []
        for perm in perms:
            app, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app, codename=codename))
        group.permissions.set(wanted)


def role_of(user: object) -> str | None:
    """The msoc role of a user, or None (anonymous or no membership)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "membership", None)
    if membership is None:
        return "admin" if getattr(user, "is_superuser", False) else None
    return membership.role

"""Who may do what in the web app: role checks for views, and unit ownership of activities."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from msoc.apps.accounts.roles import ADMINS as ADMINS  # the role groups, kept importable here
from msoc.apps.accounts.roles import EDITORS as EDITORS
from msoc.apps.accounts.roles import ENTRY as ENTRY
from msoc.apps.accounts.roles import READERS as READERS
from msoc.apps.accounts.roles import role_of as _role_of
from msoc.apps.units.models import Unit

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

View = Callable[..., HttpResponseBase]


def role_of(user: Any) -> str | None:
    """The msoc role of a user (None for anonymous or accounts without a role)."""
    return _role_of(user)


def allowed(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user holds one of the roles."""
    return role_of(user) in roles


def require(read: tuple[str, ...], write: tuple[str, ...] | None = None) -> Callable[[View], View]:
    """Anonymous users go to /login; others need a `read` role, and a `write` role to POST."""
    write_roles = write if write is not None else read

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            roles = read if request.method in SAFE_METHODS else write_roles
            if not allowed(request.user, roles):
                raise PermissionDenied("บทบาทของท่านไม่มีสิทธิ์ในหน้านี้")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def units_editable_by(user: Any) -> list[Unit]:
    """Units whose activities the user may edit: all for editors, their own unit for contributors."""
    role = role_of(user)
    if role in EDITORS:
        return list(Unit.objects.filter(active=True))
    if role == "unit":
        membership = getattr(user, "membership", None)
        return [membership.unit] if membership and membership.unit else []
    return []


def check_unit(user: Any, unit: Unit) -> None:
    """Raise 403 unless the user may edit this unit's activities."""
    if unit.pk not in {u.pk for u in units_editable_by(user)}:
        raise PermissionDenied("ท่านแก้ไขได้เฉพาะข้อมูลของหน่วยงานของท่าน")

"""Writes of the accounts app: API tokens issued and revoked, each with its audit event."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.accounts.models import ApiToken, Membership
from msoc.apps.accounts.roles import ensure_groups, parse_provinces, parse_role


class TokenError(ValueError):
    """A token that cannot be issued (unknown scope, inactive user, no name)."""


@transaction.atomic
def do_issue_token(user: User, *, name: str, scope: str, actor: Actor) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its raw value, which is never stored."""
    if scope not in ApiToken.Scope.values:
        raise TokenError(f"ไม่รู้จักสิทธิ์ {scope!r} (read หรือ write)")
    name = " ".join(name.split())
    if not name:
        raise TokenError("ต้องระบุชื่อระบบที่ใช้โทเคน")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise TokenError("ชื่อระบบยาวเกิน 100 ตัวอักษร")
    if not user.is_active:
        raise TokenError(f"บัญชี {user.username} ถูกระงับ")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        name=name, user=user, scope=scope, token_hash=ApiToken.hash(raw)
    )
    record(
        actor,
        "token.issue",
        "accounts.ApiToken",
        token.pk,
        after={"name": name, "user": user.username, "scope": scope},
    )
    return token, raw


@transaction.atomic
def do_revoke_token(token: ApiToken, *, actor: Actor) -> ApiToken:
    """Revoke a token for good (idempotent)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(
            actor,
            "token.revoke",
            "accounts.ApiToken",
            token.pk,
            before={"revoked": False},
            after={"revoked": True, "name": token.name, "user": token.user.username},
        )
    return token


@transaction.atomic
def do_add_user(
    username: str,
    password: str,
    role_text: str,
    *,
    provinces: str = "",
    actor: Actor = None,
) -> User:
    """Create or update an account with a role and the provinces whose register it may see."""
    role, unit = parse_role(role_text)
    if role == "province":
        provinces = role_text.partition(":")[2]
    codes, every = parse_provinces(provinces) if provinces.strip() else ([], False)
    ensure_groups()
    user, created = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = user.is_superuser = role == "admin"
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    Membership.objects.update_or_create(
        user=user,
        defaults={"role": role, "unit": unit, "provinces": codes, "all_provinces": every},
    )
    record(
        actor,
        "user.add" if created else "user.update",
        "auth.User",
        user.pk,
        after={
            "username": username,
            "role": role,
            "unit": unit.code if unit else None,
            "provinces": codes,
            "all_provinces": every,
        },
    )
    return user

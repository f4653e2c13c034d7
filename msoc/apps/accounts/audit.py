"""The audit log: every action in an app's actions.py records one event through here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from msoc.apps.accounts.models import AuditEvent

Actor = AbstractBaseUser | AnonymousUser | None


def record(
    actor: Actor,
    action: str,
    target: str,
    target_id: Any = "",
    *,
    before: Any = None,
    after: Any = None,
    **detail: Any,
) -> AuditEvent:
    """Store one audit event; call it inside the action's transaction."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else "system",
        action=action,
        target=target,
        target_id=str(target_id),
        before=before,
        after=after,
        detail=detail,
    )

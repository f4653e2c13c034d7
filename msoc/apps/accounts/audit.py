"""The audit log: every action in an app's actions.py records one event through here.

Events form a hash chain (each event's hash covers its content and the previous hash), so an
edit or deletion made behind msoc's back is found by `msoc audit verify`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.models import AuditChainHead, AuditEvent

Actor = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> User | None:
    """The account behind an actor, for model fields; None for the system and anonymous visitors."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the event's content and the previous event's hash."""
    payload = {
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "actor": event.actor_name,
        "action": event.action,
        "target": event.target,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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
    """Append one audit event to the chain; call it inside the action's transaction."""
    user = acting_user(actor)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(id=1)
        head = AuditChainHead.objects.select_for_update().get(id=1)
        event = AuditEvent(
            created_at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user is not None else "system",
            action=action,
            target=target,
            target_id=str(target_id),
            before=_jsonable(before),
            after=_jsonable(after),
            detail=_jsonable(detail),
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass
class ChainReport:
    """The outcome of verifying the audit chain."""

    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        """True when no event was altered, removed or inserted."""
        return not self.problems


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report events whose content or link does not match."""
    problems: list[str] = []
    previous = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != previous:
            problems.append(f"เหตุการณ์ #{event.pk}: ลำดับขาด (มีการลบหรือแทรกก่อนหน้า)")
        if event_hash(event) != event.hash:
            problems.append(f"เหตุการณ์ #{event.pk}: เนื้อหาถูกแก้ไขภายหลัง")
        previous = event.hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        problems.append("เหตุการณ์ล่าสุดหายไป (หัวสายไม่ตรงกับเหตุการณ์สุดท้าย)")
    return ChainReport(checked, problems)

"""The audit log: every action in an app's actions.py records one event through here.

Events form a hash chain (each event's hash covers its content and the previous hash), so an
edit or deletion made behind msoc's back is found by `msoc audit verify`. The hash is an HMAC
under a key kept outside the database (MSOC_AUDIT_KEY or KEY_DIR/audit.key): someone who can edit
rows cannot compute the hashes of an edited chain again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from msoc import keys
from msoc.apps.accounts.models import AuditChainHead, AuditEvent

Actor = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> User | None:
    """The account behind an actor, for model fields; None for the system and anonymous visitors."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(obj: Any, fields: tuple[str, ...] | list[str], **extra: Any) -> dict[str, Any]:
    """Named attributes of a record (plus computed extras) as plain JSON, for an event's before/after."""
    return _jsonable({**{name: getattr(obj, name) for name in fields}, **extra})


def plain(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A mapping (a `.values()` row) as plain JSON, for an event's before/after."""
    return None if values is None else _jsonable(dict(values))


def audit_key() -> bytes:
    """MSOC_AUDIT_KEY, or the installation's own key file (made on first use)."""
    if settings.MSOC_AUDIT_KEY:
        return bytes(settings.MSOC_AUDIT_KEY)
    path = Path(settings.KEY_DIR) / keys.AUDIT_FILE
    return keys.cache.get(path, lambda: keys.read_or_create(path))


def event_payload(event: Any) -> bytes:
    """The canonical bytes of an event's content and the previous event's hash."""
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
    return text.encode()


def event_hash(event: Any, key: bytes | None = None) -> str:
    """HMAC-SHA-256 under the audit key over the event's content and the previous hash."""
    return hmac.new(key or audit_key(), event_payload(event), hashlib.sha256).hexdigest()


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
    checked = altered = 0
    key = audit_key()
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != previous:
            problems.append(f"เหตุการณ์ #{event.pk}: ลำดับขาด (มีการลบหรือแทรกก่อนหน้า)")
        if not hmac.compare_digest(event_hash(event, key), event.hash):
            problems.append(f"เหตุการณ์ #{event.pk}: เนื้อหาถูกแก้ไขภายหลัง")
            altered += 1
        previous = event.hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        problems.append("เหตุการณ์ล่าสุดหายไป (หัวสายไม่ตรงกับเหตุการณ์สุดท้าย)")
    if checked > 1 and altered == checked:
        problems.append(
            "ทุกเหตุการณ์ไม่ตรงกัน: กุญแจของบันทึก (MSOC_AUDIT_KEY หรือ keys/audit.key)"
            " อาจไม่ใช่กุญแจที่ใช้บันทึก เช่น กู้คืนฐานข้อมูลโดยไม่กู้คืนกุญแจ"
        )
    return ChainReport(checked, problems)


def rekey_legacy_chain(event_model: Any = AuditEvent, head_model: Any = AuditChainHead) -> str:
    """Move a chain of plain SHA-256 hashes (msoc before the audit key) to keyed hashes.

    Only a chain that verifies under the old hashing is moved: an event altered before the move
    keeps its old hash, so `msoc audit verify` goes on reporting it. Returns what was done.
    """
    events = list(event_model.objects.order_by("id"))
    if not events:
        return "empty"
    previous = ""
    for event in events:
        plain = hashlib.sha256(event_payload(event)).hexdigest()
        if event.prev_hash != previous or plain != event.hash:
            return "broken"  # left as it is: verify reports it
        previous = event.hash
    head = head_model.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        return "broken"
    key, previous = audit_key(), ""
    for event in events:
        event.prev_hash = previous
        event.hash = previous = event_hash(event, key)
    event_model.objects.bulk_update(events, ["prev_hash", "hash"], batch_size=1000)
    head_model.objects.update_or_create(id=1, defaults={"last_hash": previous})
    return "rekeyed"

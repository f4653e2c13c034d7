"""The audit log is append-only and hash-chained: silent edits and deletions are found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from msoc.apps.accounts.audit import record, verify_chain
from msoc.apps.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [
        record(None, "test.action", "test.Thing", n, before={"n": n}, after={"n": n + 1})
        for n in range(3)
    ]


def test_a_clean_chain_verifies() -> None:
    events = _three_events()
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert verify_chain().ok
    call_command("audit", "verify")


def test_an_edit_behind_msocs_back_is_found() -> None:
    events = _three_events()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_auditevent SET actor_name = %s WHERE id = %s",
            ["mallory", events[1].pk],
        )
    report = verify_chain()
    assert not report.ok and any(f"#{events[1].pk}" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("audit", "verify")


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_deleted_event_is_found(which: int) -> None:
    events = _three_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [events[which].pk])
    assert not verify_chain().ok


def test_events_cannot_be_changed_or_deleted_through_the_model() -> None:
    event = _three_events()[0]
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def _plain_sha256_chain() -> None:
    """Hash every stored event again with plain SHA-256, as someone with database access could."""
    import hashlib

    from msoc.apps.accounts.audit import event_payload
    from msoc.apps.accounts.models import AuditChainHead

    previous = ""
    for event in AuditEvent.objects.order_by("id"):
        event.prev_hash = previous
        previous = hashlib.sha256(event_payload(event)).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            actor_name=event.actor_name, prev_hash=event.prev_hash, hash=previous
        )
    AuditChainHead.objects.filter(id=1).update(last_hash=previous)


def test_an_edit_rehashed_with_plain_sha256_is_found() -> None:
    """The chain is keyed: recomputing it without the key outside the database does not pass."""
    events = _three_events()
    AuditEvent.objects.filter(pk=events[1].pk).update(actor_name="mallory")
    _plain_sha256_chain()
    report = verify_chain()
    assert not report.ok and any(f"#{events[1].pk}" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_chain_from_before_the_key_is_moved_to_keyed_hashes_only_when_intact() -> None:
    from msoc.apps.accounts.audit import rekey_legacy_chain

    events = _three_events()
    _plain_sha256_chain()  # what msoc wrote before the audit key
    assert not verify_chain().ok
    assert rekey_legacy_chain() == "rekeyed"
    assert verify_chain().ok
    record(None, "test.after", "test.Thing", 9)
    assert verify_chain().ok

    _plain_sha256_chain()
    AuditEvent.objects.filter(pk=events[0].pk).update(actor_name="mallory")  # altered before
    assert rekey_legacy_chain() == "broken"
    report = verify_chain()
    assert not report.ok and any(f"#{events[0].pk}" in p for p in report.problems)


def test_the_audit_key_lives_outside_the_database(settings: Any, tmp_path: Path) -> None:
    from msoc.apps.accounts.audit import audit_key

    settings.KEY_DIR = tmp_path / "keys"
    settings.MSOC_AUDIT_KEY = b""
    key = audit_key()
    path = tmp_path / "keys" / "audit.key"
    assert path.read_text().strip().encode() == key and len(key) >= 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert key != django_settings.SECRET_KEY.encode()

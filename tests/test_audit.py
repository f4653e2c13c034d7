"""The audit log is append-only and hash-chained: silent edits and deletions are found."""

from __future__ import annotations

import pytest
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

"""Queue the units' reminders: what units knows is missing, sent as the alerts app's letters."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from msoc.apps.alerts.actions import do_queue_letter
from msoc.apps.alerts.models import Delivery
from msoc.apps.units.reminders import contributors, due_reminders, reminder_letter, topic_of


def run_reminders(now: datetime | None = None) -> int:
    """Queue the reminders due now, each unit at most once a day; how many letters were queued."""
    now = now or timezone.now()
    queued = 0
    for unit, items in due_reminders(now).items():
        topic = topic_of(unit, items[0].day)
        targets = contributors(unit)
        if not targets or Delivery.objects.filter(topic=topic).exists():
            continue
        subject, body = reminder_letter(unit, items)
        queued += bool(do_queue_letter(topic, targets, subject=subject, body=body).created)
    return queued

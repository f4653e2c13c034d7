"""Every write of the alerts domain: one transaction each, with its audit event.

Sending itself happens outside any transaction (see deliveries.py): a delivery is first claimed
(queued → sending), then sent, then its result recorded, so a slow mail server never holds a
database lock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record, snapshot
from msoc.apps.alerts.models import (
    Alert,
    AlertRule,
    Delivery,
    DistributionList,
    Recipient,
    SavedSearch,
    SavedSearchHit,
)
from msoc.apps.alerts.rules import DIGEST_HOUR, RuleError, alerts_of_day, clean_params, evaluate
from msoc.apps.alerts.watch import FIELDS, is_due, new_entries, watch_letter
from msoc.apps.reports.models import Report
from msoc.apps.search.models import SearchEntry
from msoc.thai import BANGKOK

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=2)
BACKOFF_CAP = timedelta(hours=6)
SENDABLE = (Report.Status.ISSUED, Report.Status.IMPORTED, Report.Status.SUPERSEDED)


log = logging.getLogger(__name__)


class AlertsActionError(Exception):
    """An alerts or distribution action that cannot be carried out, with the reason in Thai."""


@dataclass(frozen=True)
class QueueOutcome:
    """What queueing did: new deliveries, re-queued ones, and addresses already served."""

    created: int
    requeued: int
    skipped: int


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failures: 2, 4, 8 … minutes, at most 6 h."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def normalise_address(address: str) -> str:
    """An address as deliveries key it (trimmed, lower case)."""
    return address.strip().lower()


def report_addressees() -> list[tuple[str, str]]:
    """(address, name) of every active recipient of every active list that receives reports."""
    return _addressees(Recipient.objects.filter(distribution_list__reports=True))


def _addressees(recipients: Any) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    rows = recipients.filter(active=True, distribution_list__active=True).order_by("id")
    for r in rows:
        seen.setdefault(normalise_address(r.email), " ".join(p for p in (r.position, r.name) if p))
    return list(seen.items())


def _queue(
    lookup: dict[str, Any],
    targets: Iterable[tuple[str, str]],
    *,
    resend: bool,
    hold_until: datetime | None = None,
) -> QueueOutcome:
    created = requeued = skipped = 0
    for address, name in targets:
        address = normalise_address(address)
        if not address:
            continue
        existing = Delivery.objects.select_for_update().filter(address=address, **lookup).first()
        if existing is None:
            Delivery.objects.create(
                address=address, name=name[:200], next_attempt_at=hold_until, **lookup
            )
            created += 1
        elif resend and existing.status != Delivery.Status.SENDING:
            existing.status, existing.next_attempt_at = Delivery.Status.QUEUED, None
            existing.attempts, existing.resends = 0, existing.resends + 1
            existing.save(
                update_fields=["status", "next_attempt_at", "attempts", "resends", "updated_at"]
            )
            requeued += 1
        else:
            skipped += 1
    return QueueOutcome(created, requeued, skipped)


@transaction.atomic
def do_queue_deliveries(
    report: Report,
    *,
    addresses: Sequence[str] | None = None,
    resend: bool = False,
    actor: Actor = None,
    hold_until: datetime | None = None,
) -> QueueOutcome:
    """Queue an issued report for its distribution lists (or the given addresses), once each.

    `resend` puts addresses already served back in the queue: the explicit `msoc report send
    --to` of a person, never an automatic path. New deliveries wait until `hold_until` (while
    the PDF is rendered) unless `do_release_report_mail` lets them go sooner.
    """
    if report.status not in SENDABLE:
        raise AlertsActionError(f"รายงาน #{report.pk} ยังไม่ได้ออก จึงส่งไม่ได้")
    targets = report_addressees() if addresses is None else [(a, "") for a in addresses]
    outcome = _queue({"report": report}, targets, resend=resend, hold_until=hold_until)
    if outcome.created or outcome.requeued:
        record(
            actor,
            "delivery.queue",
            "reports.Report",
            report.pk,
            after={
                "created": outcome.created,
                "requeued": outcome.requeued,
                "skipped": outcome.skipped,
            },
            addresses=[a for a, _ in targets][:100],
        )
    return outcome


@transaction.atomic
def do_release_report_mail(report: Report, *, actor: Actor = None) -> int:
    """Let a report's held e-mails go now (its PDF is archived); how many were held."""
    released = Delivery.objects.filter(
        report=report, status=Delivery.Status.QUEUED, next_attempt_at__gt=timezone.now()
    ).update(next_attempt_at=None)
    if released:
        record(actor, "delivery.release", "reports.Report", report.pk, after={"released": released})
    return released


def due_filter(now: datetime) -> Q:
    """Deliveries that may be tried now: queued, or failed with a retry time that has come."""
    return (
        Q(status=Delivery.Status.QUEUED)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    ) | Q(status=Delivery.Status.FAILED, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)


@transaction.atomic
def do_claim_delivery(pk: int, now: datetime) -> Delivery | None:
    """Mark a due delivery as being sent (None if another worker took it or it is not due).

    A claim that is never resolved (the process died mid-send) stays 'sending' and is not
    retried automatically: sending twice is worse than a delivery to re-send by hand.
    """
    claimed = Delivery.objects.filter(due_filter(now), pk=pk).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    return Delivery.objects.select_related("report", "alert").get(pk=pk) if claimed else None


@transaction.atomic
def do_record_sent(pk: int, *, message_id: str, note: str, now: datetime) -> Delivery:
    """Record a delivery that the mail server accepted."""
    delivery = Delivery.objects.select_for_update().get(pk=pk)
    delivery.status, delivery.sent_at, delivery.message_id = Delivery.Status.SENT, now, message_id
    delivery.note, delivery.last_error, delivery.next_attempt_at = note[:300], "", None
    delivery.save()
    if (
        delivery.alert_id
        and not Delivery.objects.filter(alert_id=delivery.alert_id)
        .exclude(status=Delivery.Status.SENT)
        .exists()
    ):
        Alert.objects.filter(pk=delivery.alert_id).update(delivered=True)
    record(None, "delivery.sent", "alerts.Delivery", pk, after=_snapshot(delivery))
    return delivery


@transaction.atomic
def do_record_failure(pk: int, *, reason: str, permanent: bool, now: datetime) -> Delivery:
    """Record a failed try: retried later with back-off, or given up (permanent or too many)."""
    delivery = Delivery.objects.select_for_update().get(pk=pk)
    delivery.last_error = reason
    if permanent:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.GAVE_UP, None
    else:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    record(None, "delivery.failed", "alerts.Delivery", pk, after=_snapshot(delivery))
    return delivery


def _snapshot(d: Delivery) -> dict[str, Any]:
    fields = ("address", "status", "attempts", "note", "message_id", "next_attempt_at")
    return snapshot(d, fields, error=d.last_error)


# --- alerts ---------------------------------------------------------------------------------


@transaction.atomic
def do_fire_alert(
    rule_id: int, *, key: str, title: str, detail: str, item_ids: Sequence[int], now: datetime
) -> Alert | None:
    """Store an alert unless the rule already fired for this key within its quiet period."""
    rule = AlertRule.objects.select_for_update().get(pk=rule_id)  # serialises concurrent checks
    quiet_since = now - timedelta(hours=rule.quiet_hours)
    if Alert.objects.filter(rule=rule, key=key, fired_at__gt=quiet_since).exists():
        return None
    alert = Alert.objects.create(
        rule=rule, key=key[:200], fired_at=now, title=title[:300], detail=detail
    )
    alert.items.set(list(item_ids)[:200])
    targets = _addressees(Recipient.objects.filter(distribution_list__in=rule.lists.all()))
    _queue({"alert": alert}, targets, resend=False)
    if not targets:
        alert.delivered = True  # nobody to tell by e-mail: the web app shows it
        alert.save(update_fields=["delivered"])
    record(
        None,
        "alert.fire",
        "alerts.Alert",
        alert.pk,
        after={"rule": rule.pk, "key": key, "title": title, "items": len(item_ids)},
    )
    return alert


@transaction.atomic
def do_acknowledge_alert(pk: int, *, actor: Actor) -> Alert:
    """Mark an alert as seen by a member of staff (it leaves the navigation badge)."""
    alert = Alert.objects.select_for_update().filter(pk=pk).first()
    if alert is None:
        raise AlertsActionError(f"ไม่พบการแจ้งเตือนหมายเลข {pk}")
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), acting_user(actor)
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(actor, "alert.acknowledge", "alerts.Alert", pk)
    return alert


@transaction.atomic
def do_queue_digest(day: date, *, actor: Actor = None) -> int:
    """Queue the digest of a day's alerts to the lists that take it; nothing if no alerts."""
    if not alerts_of_day(day):
        return 0
    targets = _addressees(Recipient.objects.filter(distribution_list__digest=True))
    outcome = _queue({"digest_date": day}, targets, resend=False)
    if outcome.created:
        record(
            actor,
            "digest.queue",
            "alerts.Delivery",
            day.isoformat(),
            after={"created": outcome.created},
        )
    return outcome.created


# --- distribution lists and rules (web app and admin) ---------------------------------------


@transaction.atomic
def do_save_list(
    fields: dict[str, Any], *, pk: int | None = None, actor: Actor
) -> DistributionList:
    """Create or change a distribution list."""
    dl = DistributionList.objects.select_for_update().get(pk=pk) if pk else DistributionList()
    before = _list_snapshot(dl) if pk else None
    for name in ("name", "description", "reports", "digest", "active"):
        if name in fields:
            setattr(dl, name, fields[name])
    if DistributionList.objects.filter(name=dl.name).exclude(pk=dl.pk).exists():
        raise AlertsActionError(f"มีรายชื่อผู้รับชื่อ “{dl.name}” อยู่แล้ว")
    dl.save()
    record(
        actor,
        "distribution.save",
        "alerts.DistributionList",
        dl.pk,
        before=before,
        after=_list_snapshot(dl),
    )
    return dl


def _list_snapshot(dl: DistributionList) -> dict[str, Any]:
    return snapshot(dl, ("name", "reports", "digest", "active"))


@transaction.atomic
def do_add_recipient(list_pk: int, fields: dict[str, Any], *, actor: Actor) -> Recipient:
    """Add an addressee to a list (the same address twice in one list is refused)."""
    dl = DistributionList.objects.filter(pk=list_pk).first()
    if dl is None:
        raise AlertsActionError(f"ไม่พบรายชื่อผู้รับหมายเลข {list_pk}")
    email = normalise_address(fields["email"])
    if dl.recipients.filter(email__iexact=email).exists():
        raise AlertsActionError(f"{email} อยู่ในรายชื่อ “{dl.name}” แล้ว")
    r = Recipient.objects.create(
        distribution_list=dl,
        email=email,
        name=fields.get("name", ""),
        position=fields.get("position", ""),
    )
    record(
        actor,
        "recipient.add",
        "alerts.Recipient",
        r.pk,
        after={"list": dl.name, "email": email, "name": r.name, "position": r.position},
    )
    return r


@transaction.atomic
def do_remove_recipient(pk: int, *, actor: Actor) -> None:
    """Take an addressee off its list."""
    r = Recipient.objects.select_related("distribution_list").filter(pk=pk).first()
    if r is None:
        raise AlertsActionError(f"ไม่พบผู้รับหมายเลข {pk}")
    before = {"list": r.distribution_list.name, "email": r.email, "name": r.name}
    r.delete()
    record(actor, "recipient.remove", "alerts.Recipient", pk, before=before)


@transaction.atomic
def do_save_rule(
    fields: dict[str, Any],
    *,
    lists: Sequence[DistributionList] = (),
    pk: int | None = None,
    actor: Actor,
) -> AlertRule:
    """Create or change an alert rule; its parameters are checked for its kind."""
    rule = AlertRule.objects.select_for_update().get(pk=pk) if pk else AlertRule()
    before = _rule_snapshot(rule) if pk else None
    for name in ("name", "kind", "quiet_hours", "active"):
        if name in fields:
            setattr(rule, name, fields[name])
    try:
        rule.params = clean_params(rule.kind, fields.get("params", rule.params) or {})
    except RuleError as exc:
        raise AlertsActionError(str(exc)) from exc
    if rule.created_by_id is None:
        rule.created_by = acting_user(actor)
    rule.save()
    rule.lists.set(lists)
    record(
        actor,
        "alert_rule.save",
        "alerts.AlertRule",
        rule.pk,
        before=before,
        after=_rule_snapshot(rule),
    )
    return rule


def _rule_snapshot(rule: AlertRule) -> dict[str, Any]:
    return snapshot(rule, ("name", "kind", "params", "quiet_hours", "active"))


@transaction.atomic
def do_set_rule_active(pk: int, active: bool, *, actor: Actor) -> AlertRule:
    """Switch a rule on or off."""
    rule = AlertRule.objects.select_for_update().filter(pk=pk).first()
    if rule is None:
        raise AlertsActionError(f"ไม่พบกฎการแจ้งเตือนหมายเลข {pk}")
    before = rule.active
    rule.active = active
    rule.save(update_fields=["active"])
    record(actor, "alert_rule.active", "alerts.AlertRule", pk, before=before, after=active)
    return rule


@transaction.atomic
def do_queue_letter(
    topic: str,
    targets: Iterable[tuple[str, str]],
    *,
    subject: str,
    body: str,
    actor: Actor = None,
) -> QueueOutcome:
    """Queue a composed letter (a reminder, a saved search's news) once per address and topic."""
    if not topic:
        raise AlertsActionError("จดหมายต้องมีชื่อเรื่องที่ส่ง (topic)")
    created = skipped = 0
    for address, name in targets:
        address = normalise_address(address)
        if not address:
            continue
        if Delivery.objects.filter(topic=topic, address=address).exists():
            skipped += 1
            continue
        Delivery.objects.create(
            topic=topic, address=address, name=name[:200], subject=subject[:300], body=body
        )
        created += 1
    if created:
        record(actor, "delivery.letter", "alerts.Delivery", topic,
               after={"created": created, "skipped": skipped, "subject": subject})  # fmt: skip
    return QueueOutcome(created, 0, skipped)


# --- firing: the rules checked, what they find fired -----------------------------------------


def check_alerts(now: datetime | None = None, kinds: tuple[str, ...] = ()) -> list[Alert]:
    """Evaluate every active rule (of `kinds`, if given) once and fire what is found; a broken
    rule is logged, skipped."""
    now = now or timezone.now()
    fired = []
    rules = AlertRule.objects.filter(active=True).order_by("id")
    for rule in rules.filter(kind__in=kinds) if kinds else rules:
        try:
            findings = evaluate(rule, now)
        except RuleError as exc:
            log.warning("alert rule %s (%s) skipped: %s", rule.pk, rule.name, exc)
            continue
        for f in findings:
            alert = do_fire_alert(
                rule.pk, key=f.key, title=f.title, detail=f.detail, item_ids=f.item_ids, now=now
            )
            if alert is not None:
                fired.append(alert)
    return fired


def run_alerts(now: datetime | None = None) -> int:
    """The scheduler's job: check the rules; after DIGEST_HOUR queue yesterday's digest."""
    now = now or timezone.now()
    fired = check_alerts(now)
    local = now.astimezone(BANGKOK)
    if local.hour >= DIGEST_HOUR:
        do_queue_digest(local.date() - timedelta(days=1))
    return len(fired)


# --- saved searches that watch ---------------------------------------------------------------


@transaction.atomic
def do_save_search(
    user: Any,
    name: str,
    query: dict[str, str],
    schedule: str,
    at_time: time | None,
    *,
    actor: Actor,
) -> SavedSearch:
    """Save a user's search; what the index already holds is not news to it."""
    if schedule not in SavedSearch.Schedule.values:
        raise AlertsActionError(f"รอบการส่ง {schedule!r} ไม่ถูกต้อง")
    if not name.strip():
        raise AlertsActionError("กรุณาตั้งชื่อการค้นหา")
    clean = {k: str(query.get(k) or "").strip() for k in FIELDS if query.get(k)}
    since = SearchEntry.objects.aggregate(m=Max("id"))["m"] or 0
    saved = SavedSearch.objects.create(
        user=user, name=name.strip()[:160], query=clean, schedule=schedule,
        at_time=at_time if schedule == SavedSearch.Schedule.DAILY else None, since_entry=since,
    )  # fmt: skip
    record(actor, "search.save", "alerts.SavedSearch", saved.pk,
           after={"name": saved.name, "query": clean, "schedule": schedule})  # fmt: skip
    return saved


@transaction.atomic
def do_delete_search(pk: int, *, user: Any, actor: Actor) -> None:
    """Delete one of the user's saved searches."""
    saved = SavedSearch.objects.filter(pk=pk, user=user).first()
    if saved is None:
        raise AlertsActionError("ไม่พบการค้นหาที่บันทึกไว้นี้")
    before = {"name": saved.name, "query": saved.query, "schedule": saved.schedule}
    saved.delete()
    record(actor, "search.delete", "alerts.SavedSearch", pk, before=before)


@transaction.atomic
def do_mail_matches(saved_pk: int, now: datetime) -> int:
    """Mail a saved search's new matches once (hits and the letter in one transaction)."""
    saved = SavedSearch.objects.select_for_update().select_related("user").get(pk=saved_pk)
    entries = new_entries(saved)
    saved.last_run_at = now
    saved.save(update_fields=["last_run_at"])  # bookkeeping of the schedule, like a feed's state
    if not entries or not saved.user.email:
        return 0
    topic = f"search:{saved.pk}:{max(e.id for e in entries)}"
    subject, body = watch_letter(saved, entries)
    who = saved.user.get_full_name() or saved.user.username
    do_queue_letter(topic, [(saved.user.email, who)], subject=subject, body=body)
    SavedSearchHit.objects.bulk_create(
        [
            SavedSearchHit(saved_search=saved, kind=e.kind, ref_id=e.ref_id, topic=topic)
            for e in entries
        ],
        ignore_conflicts=True,
    )
    return len(entries)


def run_saved_searches(now: datetime | None = None) -> int:
    """Run every active saved search that is due; how many items were queued in all."""
    now = now or timezone.now()
    total = 0
    for saved in SavedSearch.objects.filter(active=True).order_by("id"):
        if is_due(saved, now):
            total += do_mail_matches(saved.pk, now)
    return total

"""Saved searches that watch: a user's search mails its new matches on a schedule (Newshub's way).

"New" is an index entry made after the search was saved that the search has not mailed yet: the
hits table keeps every entry it sent, so no item goes out twice and a run with nothing new
sends nothing. The letter goes through the deliveries (log, retries) like every other mail.
Queries run through msoc.search's query functions only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from msoc import search as engine
from msoc.apps.accounts.audit import Actor, record
from msoc.apps.alerts.actions import AlertsActionError, do_queue_letter
from msoc.apps.alerts.models import SavedSearch, SavedSearchHit
from msoc.thai import BANGKOK, format_dtg, to_thai_digits
from msoc.web.models import SearchEntry

FIELDS = ("q", "section", "source", "place", "topic", "kind")
MAX_ITEMS = 50  # per letter; the rest go in the next one
DEFAULT_AT = time(7, 0)


def query_of(saved: SavedSearch) -> engine.SearchQuery:
    """The search a saved search runs."""
    stored = saved.query or {}
    text = {k: str(stored.get(k) or "") for k in FIELDS}
    return engine.SearchQuery(
        q=text["q"], section=text["section"], source=text["source"], place=text["place"],
        topic=text["topic"], kind=text["kind"],
    )  # fmt: skip


def describe(saved: SavedSearch) -> str:
    """The words and filters in one Thai line."""
    labels = {"q": "คำค้น", "section": "หมวด", "source": "ที่มา", "place": "สถานที่",
              "topic": "ประเด็น", "kind": "ชนิด"}  # fmt: skip
    parts = [f"{labels[k]}: {v}" for k, v in (saved.query or {}).items() if k in labels and v]
    return " · ".join(parts) or "ทุกรายการ"


def is_due(saved: SavedSearch, now: datetime) -> bool:
    """Whether a saved search should run now by its schedule."""
    last = saved.last_run_at
    if saved.schedule == SavedSearch.Schedule.AT_ONCE or last is None:
        return saved.schedule != SavedSearch.Schedule.DAILY or _after_today_slot(saved, now)
    if saved.schedule == SavedSearch.Schedule.HOURLY:
        return now - last >= timedelta(minutes=59)
    local = now.astimezone(BANGKOK)
    slot = datetime.combine(local.date(), saved.at_time or DEFAULT_AT, BANGKOK)
    if local < slot:
        slot -= timedelta(days=1)
    return last < slot


def _after_today_slot(saved: SavedSearch, now: datetime) -> bool:
    local = now.astimezone(BANGKOK)
    return local.time() >= (saved.at_time or DEFAULT_AT)


def new_entries(saved: SavedSearch, limit: int = MAX_ITEMS) -> list[SearchEntry]:
    """Matching entries made since the search was saved and not yet mailed, newest first."""
    sent = SavedSearchHit.objects.filter(
        saved_search=saved, kind=OuterRef("kind"), ref_id=OuterRef("ref_id")
    )
    matches = engine.filtered(query_of(saved)).filter(id__gt=saved.since_entry)
    return list(matches.exclude(Exists(sent))[:limit])


def _links(entries: list[SearchEntry]) -> dict[tuple[str, int], str]:
    from msoc.apps.news.models import Item

    ids = [e.ref_id for e in entries if e.kind == "item"]
    urls = dict(Item.objects.filter(pk__in=ids).values_list("pk", "url"))
    site = settings.MSOC_SITE_URL
    return {
        (e.kind, e.ref_id): urls.get(e.ref_id, "")
        if e.kind == "item"
        else f"{site}/reports/{e.day.isoformat()}/preview/"
        for e in entries
    }


def watch_letter(saved: SavedSearch, entries: list[SearchEntry]) -> tuple[str, str]:
    """Subject and body: one paragraph per new item (title, outlet, DTG, place, link)."""
    count = to_thai_digits(str(len(entries)))
    subject = f'[ศปก.พม.] การค้นหา "{saved.name}": รายการใหม่ {count} รายการ'
    links = _links(entries)
    lines = [f"การค้นหาที่บันทึกไว้: {saved.name} ({describe(saved)})", ""]
    for e in entries:
        when = format_dtg(e.published_at) if e.published_at else to_thai_digits(str(e.day))
        lines += [
            f"- {e.title}",
            f"  ที่มา: {e.source or '-'} · วัน เวลา: {when} · สถานที่: {e.place or '-'}",
            f"  {links[(e.kind, e.ref_id)]}",
        ]
    lines += ["", f"จัดการการค้นหาที่บันทึกไว้: {settings.MSOC_SITE_URL}/search/saved/"]
    return subject, "\n".join(lines) + "\n"


# --- writes: one transaction each, with the audit event --------------------------------------


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

"""Saved searches that watch: a user's search mails its new matches on a schedule (Newshub's way).

"New" is an index entry made after the search was saved that the search has not mailed yet: the
hits table keeps every entry it sent, so no item goes out twice and a run with nothing new
sends nothing. The letter goes through the deliveries (log, retries) like every other mail.
The writes (saving, deleting, mailing the matches) and the scheduled run are in actions.py.
Queries run through msoc.apps.search.engine's query functions only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef

from msoc.apps.alerts.models import SavedSearch, SavedSearchHit
from msoc.apps.search import engine
from msoc.apps.search.models import SearchEntry
from msoc.thai import BANGKOK, format_dtg, to_thai_digits

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

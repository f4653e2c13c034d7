"""Full-text search over collected items and the rows of issued reports, behind one module.

Thai text is segmented with newmm before indexing and querying. Each token is stored as an
ASCII term (hex of its UTF-8), so that both backends only match whole tokens exactly and
neither needs a Thai-aware tokenizer: SQLite uses an FTS5 table kept in step by triggers,
PostgreSQL a GIN index over `to_tsvector('simple', terms)` (both made by the web app's migration).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from msoc.apps.search.expand import expand, fts5, tsquery
from msoc.apps.search.models import SearchEntry
from msoc.nlp.segment import tokenize
from msoc.thai import BANGKOK, normalize_text, to_arabic_digits

_WORDY = re.compile(r"[^\W_]")  # a letter or a digit, as str.isalnum() counts them
# Quotes and brackets stick to Thai words in newmm's output (“ไชยาไนด์” → …, ด์”): spaces instead.
_QUOTES = re.compile(r"[\"'“”‘’«»()\[\]{}<>]")


@dataclass
class SearchQuery:
    """What to search for; empty fields do not filter."""

    q: str = ""
    section: str = ""
    source: str = ""
    place: str = ""
    topic: str = ""
    kind: str = ""  # "item" | "row" | ""
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        # NUL can be typed into a URL but no database text holds it (PostgreSQL refuses it).
        for name in ("q", "section", "source", "place", "topic", "kind"):
            setattr(self, name, (getattr(self, name) or "").replace("\x00", ""))


@dataclass
class SearchPage:
    """One page of results, newest first, and how many matched in all."""

    total: int
    entries: list[SearchEntry] = field(default_factory=list)


def words(text: str) -> list[str]:
    """The searchable tokens of a text: newmm words with letters or digits, lower-cased."""
    clean = normalize_text(text or "")
    clean = _QUOTES.sub(" ", to_arabic_digits(clean))
    return [t for t in tokenize(clean.lower()) if _WORDY.search(t)]


def term(token: str) -> str:
    """The ASCII index term of one token."""
    return "t" + token.encode("utf-8").hex()


def terms_of(*texts: str) -> str:
    """The index terms of texts, space-separated."""
    return " ".join(term(t) for text in texts for t in words(text))


def _match(q: str) -> tuple[str, list[Any]]:
    units = expand(q, words)  # spelling variants and other names of a place, tried as OR
    if connection.vendor == "postgresql":
        return (
            "to_tsvector('simple', web_searchentry.terms) @@ to_tsquery('simple', %s)",
            [tsquery(units, term)],
        )
    # The unary + keeps SQLite from driving the query by rowid lookups of every match (a common
    # word matches tens of thousands): it walks a (…, day, id) index newest first instead and
    # stops after one page.
    return (
        "+web_searchentry.id IN (SELECT rowid FROM web_searchentry_fts WHERE web_searchentry_fts MATCH %s)",
        [fts5(units, term)],
    )


def _count(query: SearchQuery, qs: QuerySet[SearchEntry]) -> int:
    """How many entries match; a words-only query on SQLite is counted by FTS5 alone."""
    only_words = not any(
        getattr(query, name)
        for name in ("section", "source", "place", "topic", "kind", "date_from", "date_to")
    )
    tokens = words(query.q) if only_words else []
    if connection.vendor != "sqlite" or not tokens:
        return qs.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM web_searchentry_fts WHERE web_searchentry_fts MATCH %s",
            [fts5(expand(query.q, words), term)],
        )
        return int(cursor.fetchone()[0])


def filtered(query: SearchQuery) -> QuerySet[SearchEntry]:
    """The entries matching a query, newest first (not yet sliced)."""
    qs = SearchEntry.objects.all()
    for name in ("section", "source", "place", "kind"):
        value = getattr(query, name)
        if value:
            qs = qs.filter(**{name: value})
    if query.topic:
        qs = qs.filter(topics__contains=f" {query.topic} ")
    if query.date_from:
        qs = qs.filter(day__gte=query.date_from)
    if query.date_to:
        qs = qs.filter(day__lte=query.date_to)
    tokens = words(query.q)
    if query.q.strip() and not tokens:
        return qs.none()
    if tokens:
        where, params = _match(query.q)
        # A boolean RawSQL filter, not .extra(): the FTS5 / tsquery condition as written above.
        # S611: the SQL is a fixed string; the query text only travels as a bound parameter.
        qs = qs.filter(RawSQL(where, params, output_field=BooleanField()))  # noqa: S611
    return qs.order_by("-day", "-id")


def search(query: SearchQuery, *, page: int = 1, per_page: int = 20) -> SearchPage:
    """One page of matching items and report rows."""
    qs = filtered(query)
    start = max(page - 1, 0) * per_page
    return SearchPage(total=_count(query, qs), entries=list(qs[start : start + per_page]))


def _item_entry(item: Any) -> SearchEntry:
    topics = item.topics or []
    return SearchEntry(
        kind="item",
        ref_id=item.pk,
        day=item.published_at.astimezone(BANGKOK).date(),
        published_at=item.published_at,
        section=item.section or "",
        source=item.source.name,
        place=(item.place or "")[:120],
        topics=f" {' '.join(topics)} " if topics else "",
        title=item.title,
        text=item.summary or item.description or "",
        terms=terms_of(item.title, item.summary or "", item.description or "", item.place or ""),
    )


def _row_entry(row: Any) -> SearchEntry:
    return SearchEntry(
        kind="row",
        ref_id=row.pk,
        report_id=row.report_id,
        day=row.report.date,
        published_at=row.published_at,
        section=row.section,
        source=row.source,
        place=row.place[:120],
        title=row.summary[:200],
        text=row.summary,
        terms=terms_of(row.summary, row.place, row.source),
    )


def _replace(entries: list[SearchEntry]) -> int:
    # One upsert, rows in key order: requests indexing the same new items at once neither
    # collide on the unique key nor deadlock (a DELETE before it could, on PostgreSQL).
    entries = sorted(entries, key=lambda e: (e.kind, e.ref_id))
    SearchEntry.objects.bulk_create(
        entries,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["kind", "ref_id"],
        update_fields=[
            "report_id",
            "day",
            "published_at",
            "section",
            "source",
            "place",
            "topics",
            "title",
            "text",
            "terms",
        ],
    )
    return len(entries)


def index_items(items: list[Any]) -> int:
    """(Re)index news items."""
    return _replace([_item_entry(i) for i in items])


def index_report(report: Any) -> int:
    """(Re)index the rows of a frozen report."""
    rows = list(report.rows.select_related("report"))
    # Only entries of rows the report no longer has are deleted; the rest are upserted.
    stale = SearchEntry.objects.filter(kind="row", report_id=report.pk)
    stale.exclude(ref_id__in=[r.pk for r in rows]).delete()
    return _replace([_row_entry(r) for r in rows])


# What each owner has that the index lacks: a function indexing up to `batch` of it, returning how
# many entries it wrote. News and reports register theirs when their apps are ready, so the index
# pulls from its owners without importing them (they sit above it).
Source = Callable[[int], int]
_SOURCES: dict[str, Source] = {}


def add_source(name: str, index_pending: Source) -> None:
    """Register an owner's indexer of what is new (called from its AppConfig.ready)."""
    _SOURCES[name] = index_pending


def last_ref(kind: str) -> int:
    """The highest ref_id indexed for a kind (0 when none)."""
    last = (
        SearchEntry.objects.filter(kind=kind)
        .order_by("-ref_id")
        .values_list("ref_id", flat=True)
        .first()
    )
    return last or 0


def sync(batch: int = 2000) -> int:
    """Index what is new since the last call, from every registered owner."""
    return sum(index_pending(batch) for index_pending in _SOURCES.values())


def rebuild() -> int:
    """Drop and rebuild the whole index (after enrichment changed many items)."""
    SearchEntry.objects.all().delete()
    total = 0
    while True:
        added = sync()
        total += added
        if not added:
            return total

"""Writes of a draft's news rows and key headlines (the builder page): one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from msoc.apps.accounts.audit import Actor, record, snapshot
from msoc.apps.reports.actions import ReportActionError, do_get_or_create_draft
from msoc.apps.reports.models import (
    SECTION_CHOICES,
    NewsRow,
    Report,
)

SECTIONS = [code for code, _ in SECTION_CHOICES]
ROW_FIELDS = ("section", "source", "place", "summary")
MAX_HEADLINES = 10


def row_snapshot(row: NewsRow) -> dict[str, Any]:
    """A row as the audit log stores it."""
    return snapshot(row, ROW_FIELDS[:1] + ("position",) + ROW_FIELDS[1:], item=row.item_id_ref)


def _draft_row(row_id: int) -> NewsRow:
    row = NewsRow.objects.select_for_update().select_related("report").filter(pk=row_id).first()
    if row is None:
        raise ReportActionError(f"ไม่พบแถวข่าวหมายเลข {row_id}")
    if row.report.is_frozen:
        raise ReportActionError("รายงานนี้ออกแล้ว แก้ไขไม่ได้ ต้องออกฉบับแก้ไขแทนที่")
    return row


def _next_position(report: Report, section: str) -> int:
    last = report.rows.filter(section=section).aggregate(m=Max("position"))["m"]
    return (last or 0) + 1


@transaction.atomic
def do_add_row(day: date, fields: dict[str, Any], *, actor: Actor) -> NewsRow:
    """Append a row to the draft of a date (created if missing)."""
    if fields.get("section") not in SECTIONS:
        raise ReportActionError(f"หมวดข่าว {fields.get('section')!r} ไม่มีในรายงาน")
    draft = do_get_or_create_draft(day, actor=actor)
    row = NewsRow.objects.create(
        report=draft,
        section=fields["section"],
        position=_next_position(draft, fields["section"]),
        published_at=fields["published_at"],
        source=fields["source"],
        place=fields.get("place", ""),
        summary=fields["summary"],
        story=fields.get("story") or "",
        item_id_ref=fields.get("item_id"),
    )
    record(actor, "row.add", "reports.NewsRow", row.pk, after=row_snapshot(row))
    return row


@transaction.atomic
def do_add_items(day: date, items: list[Any], *, actor: Actor) -> int:
    """Add accepted news items to the draft of a date, skipping items already in it."""
    draft = do_get_or_create_draft(day, actor=actor)
    present = set(draft.rows.exclude(item_id_ref=None).values_list("item_id_ref", flat=True))
    added = 0
    for item in items:
        if item.pk in present or (item.section or "") not in SECTIONS:
            continue
        row = NewsRow.objects.create(
            report=draft,
            section=item.section,
            position=_next_position(draft, item.section),
            published_at=item.published_at,
            source=item.source.name,
            place=item.place_printed or item.place or "",
            summary=item.summary or item.title,
            story=item.story or "",
            item_id_ref=item.pk,
        )
        present.add(item.pk)
        added += 1
        record(actor, "row.add", "reports.NewsRow", row.pk, after=row_snapshot(row))
    return added


@transaction.atomic
def do_update_row(row_id: int, changes: dict[str, Any], *, actor: Actor) -> NewsRow:
    """Change the section, source, place or summary of a draft row."""
    row = _draft_row(row_id)
    before = row_snapshot(row)
    unknown = set(changes) - set(ROW_FIELDS)
    if unknown:
        raise ReportActionError(f"แก้ไขช่อง {sorted(unknown)} ไม่ได้")
    if "section" in changes and changes["section"] not in SECTIONS:
        raise ReportActionError(f"หมวดข่าว {changes['section']!r} ไม่มีในรายงาน")
    if changes.get("section", row.section) != row.section:
        row.position = _next_position(row.report, changes["section"])
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    record(actor, "row.update", "reports.NewsRow", row.pk, before=before, after=row_snapshot(row))
    return row


@transaction.atomic
def do_move_row(row_id: int, direction: str, *, actor: Actor) -> NewsRow:
    """Swap a draft row with its neighbour above ('up') or below ('down') in its section."""
    row = _draft_row(row_id)
    siblings = list(row.report.rows.filter(section=row.section).order_by("position", "id"))
    index = next(i for i, r in enumerate(siblings) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ReportActionError(f"ทิศทาง {direction!r} ไม่ถูกต้อง (up หรือ down)")
    if not 0 <= other < len(siblings):
        return row
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    record(actor, "row.move", "reports.NewsRow", row.pk, direction=direction)
    return row


@transaction.atomic
def do_delete_row(row_id: int, *, actor: Actor) -> None:
    """Remove a row from a draft."""
    row = _draft_row(row_id)
    before = row_snapshot(row)
    row.delete()
    record(actor, "row.delete", "reports.NewsRow", row_id, before=before)


@transaction.atomic
def do_set_key_headlines(day: date, headlines: list[str], *, actor: Actor) -> Report:
    """Replace the ๕.๑ key headlines of the draft of a date."""
    cleaned = [h.strip() for h in headlines if h.strip()]
    if len(cleaned) > MAX_HEADLINES:
        raise ReportActionError(f"ประเด็นสำคัญมีได้ไม่เกิน {MAX_HEADLINES} ข้อ")
    draft = do_get_or_create_draft(day, actor=actor)
    before = list(draft.key_headlines)
    draft.key_headlines = cleaned
    draft.save(update_fields=["key_headlines", "updated_at"])
    record(actor, "report.headlines", "reports.Report", draft.pk, before=before, after=cleaned)
    return draft


@transaction.atomic
def do_accept_headlines(
    day: date, lines: Sequence[str], *, suggested: Sequence[str] = (), actor: Actor
) -> Report:
    """Set the draft's ๕.๑ from the suggestion as accepted (or changed) by the editor."""
    draft = do_set_key_headlines(day, list(lines), actor=actor)
    kept = [line for line in lines if line in set(suggested)]
    record(
        actor,
        "headlines.accept",
        "reports.Report",
        draft.pk,
        after=list(lines),
        suggested=list(suggested),
        kept=len(kept),
    )
    return draft

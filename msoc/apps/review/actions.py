"""Every review decision: one transaction, one Review row (training data) and one audit event."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record, snapshot
from msoc.apps.news.models import Item
from msoc.apps.reports.models import SECTION_CHOICES
from msoc.apps.review.models import ItemState, Review

if TYPE_CHECKING:  # training needs scikit-learn: imported only when a model is trained
    from msoc.apps.review.training import TrainOutcome

SECTIONS = [code for code, _ in SECTION_CHOICES]
EDITABLE = ("section", "place", "place_printed", "summary")


class ReviewError(ValueError):
    """A review decision that cannot be applied, with the reason in Thai."""


REVIEWABLE: tuple[str, ...] = (
    "title",
    "section",
    "section_confidence",
    "section_signal",
    "topics",
    "place",
)
REVIEWABLE += ("place_printed", "story", "summary")


def item_snapshot(item: Item) -> dict[str, Any]:
    """The reviewable fields of an item as plain JSON."""
    return snapshot(item, REVIEWABLE)


def _store(item: Item, decision: str, before: dict[str, Any], actor: Actor) -> Review:
    after = item_snapshot(item)
    review = Review.objects.create(
        item=item, user=acting_user(actor), decision=decision, before=before, after=after
    )
    if decision in ("accept", "reject"):
        status = "accepted" if decision == "accept" else "rejected"
        ItemState.objects.update_or_create(item=item, defaults={"status": status})
    record(actor, f"review.{decision}", "news.Item", item.pk, before=before, after=after)
    return review


def _locked(item_id: int) -> Item:
    item = Item.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise ReviewError(f"ไม่พบข่าวหมายเลข {item_id}")
    return item


def _index(item: Item) -> None:
    """Keep the search entry of an edited item in step, in the same transaction."""
    from msoc.apps.search.engine import index_items

    index_items([item])


@transaction.atomic
def do_review(
    item_id: int, decision: str, *, actor: Actor, changes: dict[str, Any] | None = None
) -> Review:
    """Apply one decision (accept, reject, move, edit) to an item and store it."""
    item = _locked(item_id)
    before = item_snapshot(item)
    changes = dict(changes or {})
    if decision not in ("accept", "reject", "move", "edit"):
        raise ReviewError(f"ไม่รู้จักการตัดสิน {decision!r}")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ReviewError(f"แก้ไขช่อง {sorted(unknown)} ไม่ได้")
    if "section" in changes and changes["section"] not in SECTIONS:
        raise ReviewError(f"ไม่มีหมวด {changes['section']!r} ในรายงาน")
    if decision == "move" and "section" not in changes:
        raise ReviewError("การย้ายหมวดต้องระบุหมวดใหม่")
    if decision == "accept" and (changes.get("section") or item.section) not in SECTIONS:
        raise ReviewError("ข่าวนี้ยังไม่มีหมวด โปรดเลือกหมวดก่อนรับเข้ารายงาน")
    if "section" in changes and changes["section"] != item.section:
        changes["section_signal"] = "staff"  # the staff, not a signal, decided it now
    for name, value in changes.items():
        setattr(item, name, value)
    if changes:
        item.save(update_fields=list(changes))
        _index(item)
    return _store(item, decision, before, actor)


@transaction.atomic
def do_review_many(item_ids: list[int], decision: str, *, actor: Actor) -> int:
    """Accept or reject several items at once; all or none."""
    if decision not in ("accept", "reject"):
        raise ReviewError("ทำพร้อมกันหลายข่าวได้เฉพาะ รับ หรือ ไม่เกี่ยวข้อง")
    for item_id in item_ids:
        do_review(item_id, decision, actor=actor)
    return len(item_ids)


@transaction.atomic
def do_merge(item_ids: list[int], *, actor: Actor) -> str:
    """Put items into one story (the story of the first item, or a new one)."""
    if len(item_ids) < 2:
        raise ReviewError("การรวมเรื่องต้องเลือกข่าวอย่างน้อย ๒ ข่าว")
    items = [_locked(i) for i in item_ids]
    story = items[0].story or f"s-{uuid.uuid4().hex[:12]}"
    for item in items:
        before = item_snapshot(item)
        item.story = story
        item.save(update_fields=["story"])
        _store(item, "merge", before, actor)
    return story


@transaction.atomic
def do_split(item_id: int, *, actor: Actor) -> str:
    """Take an item out of its story into a story of its own."""
    item = _locked(item_id)
    before = item_snapshot(item)
    item.story = f"s-{uuid.uuid4().hex[:12]}"
    item.save(update_fields=["story"])
    _store(item, "split", before, actor)
    return item.story


def do_retrain_sections(model_path: Path | None = None, actor: Actor = None) -> TrainOutcome:
    """Retrain the section model with the staff's decisions (`msoc train`, the nightly job)."""
    from msoc.apps.news.enrich_stage import model_path as default_model_path
    from msoc.apps.review.training import retrain_sections

    outcome = retrain_sections(model_path or default_model_path())
    with transaction.atomic():
        record(actor, "review.train", "news.Item", "", **outcome.detail())
    return outcome


NIGHTLY_AT = time(2, 0)  # Bangkok time: after the day's reviews, long before the morning report


@transaction.atomic
def do_queue_nightly_training(now: datetime | None = None) -> bool:
    """Queue tonight's retraining once (from NIGHTLY_AT on); True when it was queued now."""
    from msoc.apps.accounts.models import AuditEvent
    from msoc.apps.review.nightly import retrain_job

    local = timezone.localtime(now or timezone.now())
    start = local.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    if local < start:
        return False
    if AuditEvent.objects.filter(action="review.train_queued", created_at__gte=start).exists():
        return False
    record(None, "review.train_queued", "news.Item", "", night=local.date().isoformat())
    retrain_job.enqueue()
    return True

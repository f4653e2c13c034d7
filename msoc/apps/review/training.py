"""What the staff's review decisions teach: training rows for `msoc train`, and the model's
precision per section over the last weeks (the suggestion against the staff's final word).

An item's suggestion is the section it had before its first decision; its final section is the
latest accept (the section it then had), move (the new section) or reject (`none`).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from msoc.apps.review.models import Review
from msoc.nlp.classify import SECTIONS, Example, RetrainResult

TRAINING_DECISIONS = ("accept", "move", "reject")
HOLDOUT_MIN = 20  # held-out reviewed items needed before they, not the news set, judge a model
LEAD_CHARS = 160  # as enrichment gives the model: the headline and a short lead


@dataclass(frozen=True)
class Outcome:
    """One reviewed item: the text, the suggested section and the staff's final section."""

    item_id: int
    text: str
    suggested: str
    final: str
    decided_at: datetime


def _final_section(review: Review) -> str | None:
    if review.decision == "reject":
        return "none"
    section = (review.after or {}).get("section")
    return section if section in SECTIONS else None


def outcomes(since: datetime | None = None) -> list[Outcome]:
    """Every item with an accept / move / reject (decided since `since`), oldest first."""
    reviews = Review.objects.filter(decision__in=TRAINING_DECISIONS).select_related("item")
    first: dict[int, Review] = {}
    last: dict[int, Review] = {}
    for review in reviews.order_by("created_at", "id").iterator():
        first.setdefault(review.item_id, review)
        last[review.item_id] = review
    out = []
    for item_id, review in last.items():
        final = _final_section(review)
        if final is None or (since is not None and review.created_at < since):
            continue
        item = review.item
        suggested = (first[item_id].before or {}).get("section") or "none"
        text = f"{item.title} {(item.description or '')[:LEAD_CHARS]}".strip()
        out.append(Outcome(item_id, text, suggested, final, review.created_at))
    return sorted(out, key=lambda o: (o.decided_at, o.item_id))


def review_examples() -> list[tuple[str, Example]]:
    """(item id, Example) for every reviewed item, labelled with the staff's final section."""
    return [(str(o.item_id), Example(o.text, o.final)) for o in outcomes()]


@dataclass(frozen=True)
class SectionPrecision:
    """How often the suggestion of one section was kept by the staff."""

    section: str
    suggested: int
    kept: int

    @property
    def precision(self) -> float | None:
        """kept / suggested, or None when nothing was suggested."""
        return self.kept / self.suggested if self.suggested else None


@dataclass(frozen=True)
class WeekPrecision:
    """One week of review decisions: how many items, and the precision of each section."""

    begin: datetime
    end: datetime
    items: int
    sections: dict[str, SectionPrecision]


def precision_by_week(weeks: int = 8, now: datetime | None = None) -> list[WeekPrecision]:
    """Per week (newest first): the model's precision per section on the items decided then."""
    now = now or timezone.now()
    decided = outcomes(since=now - timedelta(weeks=weeks))
    rows = []
    for week in range(weeks):
        begin, end = now - timedelta(weeks=week + 1), now - timedelta(weeks=week)
        in_week = [o for o in decided if begin <= o.decided_at < end]
        rows.append(WeekPrecision(begin, end, len(in_week), _precision(in_week)))
    return rows


def _precision(decided: list[Outcome]) -> dict[str, SectionPrecision]:
    return {
        s: SectionPrecision(
            s,
            sum(1 for o in decided if o.suggested == s),
            sum(1 for o in decided if o.suggested == s and o.final == s),
        )
        for s in SECTIONS
    }


def precision_over(weeks: list[WeekPrecision]) -> dict[str, SectionPrecision]:
    """The weeks' figures summed per section."""
    return {
        s: SectionPrecision(
            s, sum(w.sections[s].suggested for w in weeks), sum(w.sections[s].kept for w in weeks)
        )
        for s in SECTIONS
    }


def split_reviews() -> tuple[list[Example], list[Example], int, str]:
    """(training rows, held-out rows, reviewed items, what judges) from the review decisions.

    Four in five reviewed items train, one in five (by a hash of the item id) is held out; while
    fewer than `HOLDOUT_MIN` are held out, the dev half of the hand-labelled news set judges
    (the test half stays unseen by any choice the system makes).
    """
    from msoc.nlp.classify import news_eval_rows
    from msoc.nlp.heldout import news_half

    reviewed = review_examples()
    held = [e for key, e in reviewed if zlib.crc32(key.encode()) % 5 == 0]
    training = [e for key, e in reviewed if zlib.crc32(key.encode()) % 5 != 0]
    if len(held) >= HOLDOUT_MIN:
        return training, held, len(reviewed), "ข่าวที่คัดกรองแล้วซึ่งไม่ได้ใช้ฝึก"
    news = [
        Example(r["text"], r["section"]) for r in news_eval_rows() if news_half(r["id"]) == "dev"
    ]
    return training + held, news, len(reviewed), "ชุดข่าวที่ติดป้ายด้วยมือ (ครึ่ง dev)"


@dataclass(frozen=True)
class TrainOutcome:
    """One retraining: its scores, how many reviewed items it learnt from, where the model is."""

    result: RetrainResult
    reviewed: int
    judged_by: str
    model_path: Path

    def detail(self) -> dict[str, Any]:
        """The figures the audit event keeps."""
        r = self.result
        return {
            "trained_on": r.trained_on,
            "reviewed": self.reviewed,
            "evaluated_on": r.evaluated_on,
            "judged_by": self.judged_by,
            "new_score": r.new_score,
            "old_score": r.old_score,
            "kept_new": r.kept_new,
        }


def retrain_sections(model_path: Path) -> TrainOutcome:
    """Train on the shipped data and the staff's decisions; keep the model only if not worse."""
    from msoc.nlp.classify import default_examples, retrain

    training, evaluation, reviewed, judged_by = split_reviews()
    result = retrain(default_examples() + training, evaluation, model_path)
    return TrainOutcome(result, reviewed, judged_by, model_path)

"""Review decisions on collected items: what an editor decided, with the item before and after.

Every decision is kept (never updated) so that the history trains enrichment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

DECISIONS = [
    ("accept", "รับเข้ารายงาน"),
    ("reject", "ไม่เกี่ยวข้อง"),
    ("move", "ย้ายหมวด"),
    ("edit", "แก้ไข"),
    ("merge", "รวมเรื่อง"),
    ("split", "แยกเรื่อง"),
]


class Review(models.Model):
    """One decision of one user on one item."""

    item = models.ForeignKey(
        "news.Item", on_delete=models.CASCADE, related_name="reviews", verbose_name="ข่าว"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ผู้คัดกรอง",
    )
    decision = models.CharField("การตัดสิน", max_length=16, choices=DECISIONS)
    before = models.JSONField("ก่อน", default=dict, blank=True)
    after = models.JSONField("หลัง", default=dict, blank=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "การคัดกรองข่าว"
        verbose_name_plural = "การคัดกรองข่าว"
        indexes = [models.Index(fields=["item", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.decision} {self.created_at:%Y-%m-%d %H:%M}"


class ItemState(models.Model):
    """The standing outcome of review for an item (the latest accept or reject), for fast queues."""

    item = models.OneToOneField(
        "news.Item", on_delete=models.CASCADE, primary_key=True, related_name="review_state"
    )
    status = models.CharField(
        "สถานะ",
        max_length=16,
        db_index=True,
        choices=[("accepted", "รับแล้ว"), ("rejected", "ไม่เกี่ยวข้อง")],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "สถานะการคัดกรอง"
        verbose_name_plural = "สถานะการคัดกรอง"

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_status_display()}"

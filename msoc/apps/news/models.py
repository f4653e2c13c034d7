"""News data: outlets (Source), their feeds (Feed, with fetch state), stored items, fetch logs."""

from __future__ import annotations

from django.db import models

from msoc.nlp.desks import SIGNALS


class Source(models.Model):
    """A news outlet, named exactly as the report prints it in the ที่มา column."""

    KIND_WEB = "web"
    KIND_TV = "tv"
    KIND_CHOICES = [(KIND_WEB, "เว็บไซต์ข่าว"), (KIND_TV, "สถานีโทรทัศน์")]

    name = models.CharField("ชื่อตามรายงาน", max_length=120, unique=True)
    kind = models.CharField("ประเภท", max_length=8, choices=KIND_CHOICES, default=KIND_WEB)
    site_url = models.URLField("เว็บไซต์", max_length=500, blank=True)
    enabled = models.BooleanField("ติดตาม", default=True)
    confirmed = models.BooleanField("ยืนยันที่อยู่ฟีดแล้ว", default=False)
    notes = models.TextField("หมายเหตุ", blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขเมื่อ", auto_now=True)

    class Meta:
        verbose_name = "แหล่งข่าว"
        verbose_name_plural = "แหล่งข่าว"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """One RSS/Atom feed or news sitemap of a source, with its own polling state."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="feeds", verbose_name="แหล่งข่าว"
    )
    url = models.URLField("ที่อยู่ฟีด", max_length=1000, unique=True)
    enabled = models.BooleanField("ติดตาม", default=True)
    desk = models.CharField(
        "โต๊ะข่าวของฟีด",
        max_length=60,
        blank=True,
        help_text="หมวดที่สำนักข่าวใช้กับฟีดนี้ เช่น politics, world, crime (ว่าง = ทุกหมวด)",
    )
    confirmed = models.BooleanField("ยืนยันที่อยู่จากการใช้งานสาธารณะ", default=False)
    poll_interval = models.PositiveIntegerField("รอบการดึง (วินาที)", default=900)
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    last_status = models.IntegerField("สถานะ HTTP ล่าสุด", null=True, blank=True)
    last_checked_at = models.DateTimeField("ตรวจล่าสุด", null=True, blank=True)
    last_success_at = models.DateTimeField("สำเร็จล่าสุด", null=True, blank=True)
    last_new_item_at = models.DateTimeField("พบข่าวใหม่ล่าสุด", null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField("ล้มเหลวติดกัน", default=0)
    next_due_at = models.DateTimeField("ถึงรอบถัดไป", null=True, blank=True, db_index=True)
    last_error = models.TextField("ข้อผิดพลาดล่าสุด", blank=True)

    class Meta:
        verbose_name = "ฟีด"
        verbose_name_plural = "ฟีด"
        ordering = ["source__name", "url"]

    def __str__(self) -> str:
        return f"{self.source.name}: {self.url}"


class Item(models.Model):
    """One stored news item; enrichment fields are filled later by msoc.nlp."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="items", verbose_name="แหล่งข่าว"
    )
    feed = models.ForeignKey(
        Feed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="ฟีด",
    )
    url = models.URLField("ลิงก์จากฟีด", max_length=1000, db_index=True)
    canonical_url = models.URLField("ลิงก์หลัก", max_length=1000, unique=True)
    content_hash = models.CharField("แฮชเนื้อหา", max_length=64, db_index=True)
    title = models.TextField("หัวข้อ")
    description = models.TextField("คำอธิบาย", blank=True)
    body = models.TextField("เนื้อหา", blank=True)
    published_at = models.DateTimeField("เผยแพร่เมื่อ", db_index=True)
    fetched_at = models.DateTimeField("ดึงเมื่อ", db_index=True)
    language = models.CharField("ภาษา", max_length=12, blank=True)
    raw = models.JSONField("ข้อมูลดิบ", default=dict, blank=True)
    # Enrichment, written by the NLP stage (msoc/nlp) after ingestion. NULL (DJ001) means "not
    # enriched yet" (the stage's queue), never to be confused with an empty result.
    section = models.CharField("หมวด", max_length=20, null=True, blank=True)  # noqa: DJ001
    section_confidence = models.FloatField("ความมั่นใจของหมวด", null=True, blank=True)
    topics = models.JSONField("หัวข้อย่อย", null=True, blank=True)
    place = models.CharField("สถานที่", max_length=120, null=True, blank=True)  # noqa: DJ001
    place_kind = models.CharField("ชนิดสถานที่", max_length=20, null=True, blank=True)  # noqa: DJ001
    place_printed = models.CharField("สถานที่ตามรายงาน", max_length=120, null=True, blank=True)  # noqa: DJ001
    story = models.CharField("เรื่อง", max_length=64, null=True, blank=True, db_index=True)  # noqa: DJ001
    summary = models.TextField("สรุปข่าว", null=True, blank=True)  # noqa: DJ001
    # What decided the section: the feed's desk, the page's own section, its address, the rules,
    # the model, or the staff (a move in the review queue).
    section_signal = models.CharField(  # noqa: DJ001
        "ที่มาของหมวด", max_length=16, null=True, blank=True, choices=list(SIGNALS.items())
    )

    class Meta:
        verbose_name = "ข่าว"
        verbose_name_plural = "ข่าว"
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["source", "content_hash"])]

    def __str__(self) -> str:
        return self.title


class FetchLog(models.Model):
    """One HTTP fetch (feed, article page or robots.txt) and what came of it."""

    KIND_CHOICES = [("feed", "ฟีด"), ("article", "หน้าข่าว"), ("entry", "รายการในฟีด")]

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="logs", verbose_name="ฟีด")
    kind = models.CharField("ชนิด", max_length=10, choices=KIND_CHOICES, default="feed")
    url = models.CharField("ลิงก์", max_length=1000, blank=True, db_index=True)
    status = models.IntegerField("สถานะ HTTP", null=True, blank=True)
    bytes = models.PositiveIntegerField("ขนาด (ไบต์)", default=0)
    elapsed = models.FloatField("เวลา (วินาที)", default=0.0)
    error = models.TextField("เหตุผล", blank=True)
    permanent = models.BooleanField("ข้ามถาวร", default=False)
    items_new = models.PositiveIntegerField("ข่าวใหม่", default=0)
    items_seen = models.PositiveIntegerField("ข่าวที่มีแล้ว", default=0)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "บันทึกการดึง"
        verbose_name_plural = "บันทึกการดึง"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.url} {self.status or ''} {self.error[:40]}"

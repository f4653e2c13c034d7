"""Getting the word out: distribution lists, e-mail deliveries, alert rules and fired alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class DistributionList(models.Model):
    """A named group of addressees: who receives each issued report, the alert digest, alerts."""

    name = models.CharField("ชื่อรายชื่อ", max_length=120, unique=True)
    description = models.CharField("คำอธิบาย", max_length=300, blank=True)
    reports = models.BooleanField("รับรายงานประจำวันที่ออกแล้ว", default=True)
    digest = models.BooleanField("รับสรุปการแจ้งเตือนประจำวัน", default=False)
    active = models.BooleanField("ใช้งาน", default=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "รายชื่อผู้รับ"
        verbose_name_plural = "รายชื่อผู้รับ"

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """One addressee of a list: the person, the position abbreviation the report uses, e-mail."""

    distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name="รายชื่อผู้รับ",
    )
    name = models.CharField("ชื่อ", max_length=120, blank=True)
    position = models.CharField("ตำแหน่ง (อักษรย่อ)", max_length=60, blank=True)
    email = models.EmailField("อีเมล", max_length=254)
    active = models.BooleanField("ใช้งาน", default=True)

    class Meta:
        ordering = ["distribution_list", "position", "name", "email"]
        verbose_name = "ผู้รับ"
        verbose_name_plural = "ผู้รับ"
        constraints = [
            models.UniqueConstraint(fields=["distribution_list", "email"], name="recipient_once")
        ]

    def __str__(self) -> str:
        who = " ".join(p for p in (self.position, self.name) if p)
        return f"{who} <{self.email}>" if who else self.email


class AlertRule(models.Model):
    """A condition the staff watch for, whom to tell, and how long to keep quiet after firing."""

    class Kind(models.TextChoices):
        TOPIC_IN_PROVINCE = "topic_in_province", "ประเด็นเฝ้าระวังในจังหวัด"
        TOPIC_SPIKE = "topic_spike", "ประเด็นเพิ่มขึ้นผิดปกติ"
        STORY_BREADTH = "story_breadth", "ข่าวที่สื่อหลายแห่งรายงานพร้อมกัน"
        SOURCE_SILENT = "source_silent", "แหล่งข่าวเงียบหรือดึงไม่สำเร็จ"
        HAZARD_VULNERABLE = "hazard_vulnerable", "พื้นที่ภัยที่มีครัวเรือนเปราะบาง"

    name = models.CharField("ชื่อกฎ", max_length=160)
    kind = models.CharField("ชนิด", max_length=32, choices=Kind.choices)
    params = models.JSONField("ค่ากำหนด", default=dict, blank=True)
    lists = models.ManyToManyField(
        DistributionList, blank=True, related_name="rules", verbose_name="ส่งถึง"
    )
    quiet_hours = models.PositiveIntegerField("ช่วงเงียบหลังแจ้ง (ชั่วโมง)", default=12)
    active = models.BooleanField("ใช้งาน", default=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "กฎการแจ้งเตือน"
        verbose_name_plural = "กฎการแจ้งเตือน"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Alert(models.Model):
    """One firing of a rule for one key (a topic, a province, a story, a source)."""

    rule = models.ForeignKey(
        AlertRule, on_delete=models.CASCADE, related_name="alerts", verbose_name="กฎ"
    )
    key = models.CharField("กุญแจ", max_length=200)
    fired_at = models.DateTimeField("แจ้งเมื่อ", db_index=True)
    title = models.CharField("หัวข้อ", max_length=300)
    detail = models.TextField("รายละเอียด", blank=True)
    items = models.ManyToManyField("news.Item", blank=True, related_name="+", verbose_name="ข่าว")
    delivered = models.BooleanField("ส่งอีเมลครบแล้ว", default=False)
    acknowledged_at = models.DateTimeField("รับทราบเมื่อ", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-fired_at", "-id"]
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        indexes = [models.Index(fields=["rule", "key", "-fired_at"])]

    def __str__(self) -> str:
        return f"{self.fired_at:%Y-%m-%d %H:%M} {self.title}"


class Delivery(models.Model):
    """One e-mail to one address: of an issued report, an alert, or the digest of a day.

    The unique constraints make sending idempotent: a report (or alert, or digest day) reaches
    an address through exactly one row, whatever re-queues it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "รอส่ง"
        SENDING = "sending", "กำลังส่ง"
        SENT = "sent", "ส่งแล้ว"
        FAILED = "failed", "ส่งไม่สำเร็จ"
        GAVE_UP = "gave_up", "เลิกพยายาม"

    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="รายงาน",
    )
    alert = models.ForeignKey(
        Alert,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="การแจ้งเตือน",
    )
    digest_date = models.DateField("สรุปของวันที่", null=True, blank=True)
    # A letter composed when queued (a reminder, a saved search's new items): `topic` names it,
    # e.g. "reminder:ดย.:2026-12-05", and keeps it to one delivery per address.
    topic = models.CharField("เรื่องที่ส่ง", max_length=200, blank=True, default="")
    subject = models.CharField("หัวเรื่อง", max_length=300, blank=True, default="")
    body = models.TextField("ข้อความ", blank=True, default="")
    address = models.CharField("อีเมลผู้รับ", max_length=254)
    name = models.CharField("ชื่อผู้รับ", max_length=200, blank=True)
    status = models.CharField(
        "สถานะ", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField("จำนวนครั้งที่พยายาม", default=0)
    last_error = models.TextField("ข้อผิดพลาดล่าสุด", blank=True)
    note = models.CharField("หมายเหตุ", max_length=300, blank=True)
    next_attempt_at = models.DateTimeField("พยายามครั้งถัดไป", null=True, blank=True, db_index=True)
    message_id = models.CharField("Message-ID", max_length=300, blank=True)
    sent_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)
    resends = models.PositiveIntegerField("ส่งซ้ำตามคำสั่ง", default=0)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขเมื่อ", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "การส่งอีเมล"
        verbose_name_plural = "การส่งอีเมล"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "address"],
                name="report_delivered_once",
                condition=Q(report__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["alert", "address"],
                name="alert_delivered_once",
                condition=Q(alert__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["digest_date", "address"],
                name="digest_delivered_once",
                condition=Q(digest_date__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["topic", "address"], name="letter_delivered_once", condition=~Q(topic="")
            ),
            models.CheckConstraint(
                condition=(
                    Q(report__isnull=False, alert__isnull=True, digest_date__isnull=True, topic="")
                    | Q(
                        report__isnull=True, alert__isnull=False, digest_date__isnull=True, topic=""
                    )
                    | Q(
                        report__isnull=True, alert__isnull=True, digest_date__isnull=False, topic=""
                    )
                    | (
                        Q(report__isnull=True, alert__isnull=True, digest_date__isnull=True)
                        & ~Q(topic="")
                    )
                ),
                name="delivery_of_one_thing_or_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} → {self.address} ({self.get_status_display()})"

    @property
    def subject_label(self) -> str:
        """What this delivery carries, in Thai."""
        if self.report_id:
            return f"รายงาน #{self.report_id}"
        if self.alert_id:
            return f"แจ้งเตือน #{self.alert_id}"
        if self.topic:
            return self.subject or self.topic
        return f"สรุปการแจ้งเตือน {self.digest_date}"


class SavedSearch(models.Model):
    """A user's search (words and filters) that mails its new matches on a schedule."""

    class Schedule(models.TextChoices):
        AT_ONCE = "at_once", "ทันทีที่มีข่าวใหม่"
        HOURLY = "hourly", "ทุกชั่วโมง"
        DAILY = "daily", "วันละครั้งตามเวลา"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name="ผู้ใช้",
    )
    name = models.CharField("ชื่อการค้นหา", max_length=160)
    query = models.JSONField("คำค้นและตัวกรอง", default=dict, blank=True)  # SearchQuery's text fields
    schedule = models.CharField(
        "ส่งเมื่อ", max_length=10, choices=Schedule.choices, default=Schedule.DAILY
    )
    at_time = models.TimeField("เวลาส่ง (รายวัน)", null=True, blank=True)
    # Entries indexed before the search was saved are not news to its owner.
    since_entry = models.BigIntegerField("เริ่มนับจากรายการที่", default=0)
    active = models.BooleanField("ใช้งาน", default=True)
    last_run_at = models.DateTimeField("ตรวจล่าสุด", null=True, blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        ordering = ["user", "name", "id"]
        verbose_name = "การค้นหาที่บันทึกไว้"
        verbose_name_plural = "การค้นหาที่บันทึกไว้"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_schedule_display()})"


class SavedSearchHit(models.Model):
    """An entry a saved search has mailed: each goes out once."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(max_length=8)  # SearchEntry.kind: item | row
    ref_id = models.BigIntegerField()
    topic = models.CharField("ส่งในเรื่อง", max_length=200)  # the Delivery.topic that carried it
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "รายการที่ส่งแล้วของการค้นหา"
        verbose_name_plural = "รายการที่ส่งแล้วของการค้นหา"
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "kind", "ref_id"], name="hit_once")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id}: {self.kind}#{self.ref_id}"

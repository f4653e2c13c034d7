"""Reports: the report of each date (draft, issued, superseded), its news rows, standing content
and the document-number sequence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

SECTION_CHOICES = [
    ("social", "ข่าวสังคมทั่วไป"),
    ("politics", "ข่าวการเมือง - ความมั่นคง"),
    ("ministry", "ข่าวเกี่ยวกับ พม."),
    ("foreign", "ข่าวต่างประเทศ"),
]


class Report(models.Model):
    """The daily report of one date; once issued its content is frozen and never edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        ISSUED = "issued", "ออกแล้ว"
        SUPERSEDED = "superseded", "ถูกแทนที่"
        IMPORTED = "imported", "นำเข้าจากฉบับเดิม"

    date = models.DateField("วันที่รายงาน", db_index=True)
    status = models.CharField("สถานะ", max_length=16, choices=Status.choices, default=Status.DRAFT)
    urgency = models.CharField("ชั้นความเร็ว", max_length=16, blank=True, default="ด่วนที่สุด")
    subject = models.CharField("เรื่อง", max_length=300, blank=True)
    addressees = models.JSONField("เรียน", default=list, blank=True)
    agency_code = models.CharField("รหัสหน่วยงาน", max_length=32, default="พม ๐๒๐๔")
    document_number = models.PositiveIntegerField("เลขที่หนังสือ", null=True, blank=True)
    situation = models.JSONField("สถานการณ์ ๑.๑-๑.๒", default=dict, blank=True)
    disaster = models.JSONField("ภัยธรรมชาติ ๑.๔", default=dict, blank=True)
    key_headlines = models.JSONField("ประเด็นสำคัญ ๕.๑", default=list, blank=True)
    content = models.JSONField("เนื้อหาที่ออกแล้ว", null=True, blank=True)  # frozen DailyReport JSON
    docx_path = models.CharField(max_length=500, blank=True)
    pdf_path = models.CharField(max_length=500, blank=True)
    # SHA-256 of the archived files, recorded when the report is issued (msoc report verify).
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    issued_at = models.DateTimeField("ออกเมื่อ", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_path = models.CharField(max_length=500, blank=True)
    import_hash = models.CharField(max_length=64, blank=True, db_index=True)
    import_issues = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "รายงานประจำวัน"
        verbose_name_plural = "รายงานประจำวัน"
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "document_number"],
                name="document_number_once",
                condition=models.Q(document_number__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["date"], name="one_draft_per_date", condition=models.Q(status="draft")
            ),
            models.UniqueConstraint(
                fields=["date"],
                name="one_current_report_per_date",
                condition=models.Q(status__in=["issued", "imported"]),
            ),
        ]

    def __str__(self) -> str:
        return f"รายงาน {self.date} ({self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        """Issued, superseded and imported reports are never edited in place."""
        return self.status != self.Status.DRAFT


class NewsRow(models.Model):
    """A row of a ๑.๓ table of one report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="rows")
    section = models.CharField("หมวด", max_length=16, choices=SECTION_CHOICES)
    position = models.PositiveIntegerField("ลำดับ", default=0)
    published_at = models.DateTimeField("วัน เวลา")
    source = models.CharField("ที่มา", max_length=120)
    place = models.CharField("สถานที่", max_length=120, blank=True)
    summary = models.TextField("สรุปข่าว")
    story = models.CharField(max_length=64, blank=True)
    item_id_ref = models.BigIntegerField(null=True, blank=True)  # news.Item behind the row, if any
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section", "position", "id"]
        verbose_name = "ข่าวในรายงาน"
        verbose_name_plural = "ข่าวในรายงาน"

    def __str__(self) -> str:
        return f"{self.section} {self.published_at:%d%H%M} {self.summary[:40]}"


class StandingBlock(models.Model):
    """A version of standing content (sections ๓, ๔, ๕.๒); the latest valid on a date is used."""

    key = models.CharField("ส่วน", max_length=32)
    version = models.PositiveIntegerField("ฉบับที่")
    title = models.CharField("หัวข้อ", max_length=300)
    lines = models.JSONField("เนื้อหา", default=list)
    valid_from = models.DateField("ใช้ตั้งแต่")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = "เนื้อหาประจำ"
        verbose_name_plural = "เนื้อหาประจำ"
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="standing_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version} ({self.valid_from})"


class DocumentNumberSequence(models.Model):
    """The circular running number of an agency code; allocated under a row lock, never reused."""

    agency_code = models.CharField(max_length=32, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "ลำดับเลขที่หนังสือ"
        verbose_name_plural = "ลำดับเลขที่หนังสือ"

    def __str__(self) -> str:
        return f"{self.agency_code} /ว {self.last_number}"


# Budgets of ๕.๒ live in their own module; importing them here registers the models.
from msoc.apps.reports.models_budget import BudgetPlan, BudgetProgramme  # noqa: E402, F401

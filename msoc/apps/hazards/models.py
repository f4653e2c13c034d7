"""Hazard areas (declared, warned or measured) and the staff's contacts with households in them.

A hazard is its own app rather than part of `situation`: it joins three domains (situation
readings, news stories and the register's households) and carries personal follow-up records,
which `situation`'s public readings never do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from msoc.hazards.impact import STATUS_LABELS


class Hazard(models.Model):
    """An area under a hazard for a period: its codes (or a drawn outline), kind, level, source."""

    class Kind(models.TextChoices):
        FLOOD = "flood", "อุทกภัย (น้ำท่วม)"
        STORM = "storm", "วาตภัย (พายุ ฝนตกหนัก)"
        LANDSLIDE = "landslide", "ดินโคลนถล่ม"
        FIRE = "fire", "อัคคีภัย/ไฟป่า"
        DROUGHT = "drought", "ภัยแล้ง"
        PM25 = "pm25", "ฝุ่นละออง PM2.5"
        EPIDEMIC = "epidemic", "โรคระบาด"
        OTHER = "other", "ภัยอื่น ๆ"

    class Level(models.TextChoices):
        WATCH = "watch", "เฝ้าระวัง"
        WARNING = "warning", "เตือนภัย"
        DISASTER = "disaster", "ประกาศเขตพื้นที่ประสบภัยพิบัติ"

    class Source(models.TextChoices):
        MANUAL = "manual", "เจ้าหน้าที่บันทึก (ประกาศ ปภ./จังหวัด)"
        TMD = "tmd", "กรมอุตุนิยมวิทยา"
        AIR4THAI = "air4thai", "กรมควบคุมมลพิษ (Air4Thai)"
        DDC = "ddc", "กรมควบคุมโรค"
        NEWS = "news", "ข่าว"

    title = models.CharField("ชื่อเหตุการณ์", max_length=200)
    kind = models.CharField("ประเภทภัย", max_length=16, choices=Kind.choices)
    level = models.CharField("ระดับ", max_length=16, choices=Level.choices, default=Level.WARNING)
    source = models.CharField("ที่มา", max_length=16, choices=Source.choices, default=Source.MANUAL)
    # What the source calls it (a reading's day and province, a story id, a document number):
    # a source never raises the same hazard twice.
    source_ref = models.CharField("อ้างอิงที่มา", max_length=200, blank=True, db_index=True)
    provinces = models.JSONField("จังหวัด (รหัส)", default=list, blank=True)
    districts = models.JSONField("อำเภอ (รหัส)", default=list, blank=True)
    subdistricts = models.JSONField("ตำบล (รหัส)", default=list, blank=True)
    polygon = models.JSONField("ขอบเขตที่วาด [[ลองจิจูด, ละติจูด], …]", null=True, blank=True)
    starts_on = models.DateField("ตั้งแต่วันที่")
    ends_on = models.DateField("ถึงวันที่", null=True, blank=True)
    note = models.TextField("หมายเหตุ", blank=True)
    created_at = models.DateTimeField("บันทึกเมื่อ")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("ปิดเมื่อ", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "พื้นที่ภัย"
        verbose_name_plural = "พื้นที่ภัย"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Contact(models.Model):
    """One follow-up of a household in a hazard area; the latest record is its status."""

    class Status(models.TextChoices):
        CONTACTED = "contacted", STATUS_LABELS["contacted"]
        VISITED = "visited", STATUS_LABELS["visited"]
        HELPED = "helped", STATUS_LABELS["helped"]
        UNREACHABLE = "unreachable", STATUS_LABELS["unreachable"]

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="contacts")
    household = models.ForeignKey(
        "register.Household", on_delete=models.CASCADE, related_name="hazard_contacts"
    )
    status = models.CharField("ผลการติดตาม", max_length=16, choices=Status.choices)
    note = models.TextField("บันทึก", blank=True)
    assistance = models.ForeignKey(
        "register.Assistance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.ForeignKey(
        "register.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("บันทึกเมื่อ")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = "การติดตามครัวเรือนในพื้นที่ภัย"
        verbose_name_plural = "การติดตามครัวเรือนในพื้นที่ภัย"
        indexes = [models.Index(fields=["hazard", "household"])]
        default_permissions = ()  # personal follow-up: access by role and province

    def __str__(self) -> str:
        return f"{self.hazard_id}/{self.household_id}: {self.get_status_display()}"

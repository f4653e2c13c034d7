"""Units of the ministry (fixed report order) and their daily activities (section ๒)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Unit(models.Model):
    """A ministry unit that reports activities: สป., พส., สค., ดย., พก., ผส., พอช., กคช."""

    code = models.CharField("อักษรย่อ", max_length=16, unique=True)
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=200, blank=True, default="")
    order = models.PositiveSmallIntegerField("ลำดับในรายงาน", default=100)
    active = models.BooleanField("ใช้งาน", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def short_name(self) -> str:
        """The abbreviation the report prints after the full name (สป., พส. …)."""
        return self.code

    @property
    def full_name(self) -> str:
        """The unit's full Thai name."""
        return self.name


class Activity(models.Model):
    """One numbered activity of a unit on a date; paragraphs print as one item."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name="หน่วยงาน"
    )
    date = models.DateField("วันที่รายงาน", db_index=True)
    position = models.PositiveIntegerField("ลำดับ", default=0)
    paragraphs = models.JSONField("ข้อความ", default=list)
    people = models.CharField("ผู้ร่วมกิจกรรม", max_length=500, blank=True, default="")
    place = models.CharField("สถานที่", max_length=300, blank=True, default="")
    origin = models.CharField("ที่มา", max_length=32, default="manual")  # manual | import:<report id>
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "unit__order", "position", "id"]
        verbose_name = "กิจกรรมของหน่วยงาน"
        verbose_name_plural = "กิจกรรมของหน่วยงาน"

    def __str__(self) -> str:
        return f"{self.unit.code} {self.date} ({self.position})"

    @property
    def text(self) -> str:
        """All paragraphs as one text, paragraph per line."""
        return "\n".join(self.paragraphs)


class Duty(models.Model):
    """What a unit must send for each working day's report, and by when (set by admins)."""

    class Part(models.TextChoices):
        ACTIVITIES = "activities", "กิจกรรม (ส่วนที่ ๒)"
        HOTLINE = "hotline", "สถิติสายด่วน ๑๓๐๐ (๑.๕)"
        SITUATION = "situation", "ข้อมูลสถานการณ์ (๑.๑-๑.๔)"

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="duties", verbose_name="หน่วยงาน"
    )
    part = models.CharField("ข้อมูลที่ต้องส่ง", max_length=16, choices=Part.choices)
    # For situation inputs: the Reading source (tmd, rid, ddc, air4thai, manual).
    source = models.CharField("แหล่งข้อมูลสถานการณ์", max_length=16, blank=True, default="")
    deadline = models.TimeField("ส่งภายในเวลา")
    remind_before = models.PositiveSmallIntegerField("เตือนก่อนกำหนด (นาที)", default=60)
    active = models.BooleanField("ใช้งาน", default=True)

    class Meta:
        ordering = ["unit__order", "part", "source"]
        verbose_name = "กำหนดส่งข้อมูล"
        verbose_name_plural = "กำหนดส่งข้อมูล"
        constraints = [
            models.UniqueConstraint(fields=["unit", "part", "source"], name="one_duty_per_part")
        ]

    def __str__(self) -> str:
        what = self.get_part_display() + (f" {self.source}" if self.source else "")
        return f"{self.unit.code} {what} ก่อน {self.deadline:%H:%M}"


class Holiday(models.Model):
    """A day off: nothing is expected from the units (weekends are off without a row)."""

    date = models.DateField("วันที่", unique=True)
    name = models.CharField("ชื่อวันหยุด", max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = "วันหยุด"
        verbose_name_plural = "วันหยุด"

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

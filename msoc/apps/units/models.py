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

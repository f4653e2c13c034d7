"""The 1300 hotline: the day's figures as the report prints them (section ๑.๕)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class DayTotals(models.Model):
    """The hotline's figures for one day, every breakdown of ๑.๕ (None where the report says '-')."""

    date = models.DateField("วันที่", unique=True)
    total = models.PositiveIntegerField("รวม")
    male = models.PositiveIntegerField("ชาย", null=True, blank=True)
    female = models.PositiveIntegerField("หญิง", null=True, blank=True)
    channels = models.JSONField("ช่องทาง", default=dict, blank=True)
    services = models.JSONField("บริการ/ส่งต่อ", default=dict, blank=True)
    referrals = models.JSONField("ส่งต่อไปยัง", default=dict, blank=True)
    mobile_unit = models.PositiveIntegerField("หน่วยเคลื่อนที่เร็ว", null=True, blank=True)
    kinds = models.JSONField("ประเภท", default=dict, blank=True)
    kinds_total = models.PositiveIntegerField("รวมตามประเภท", null=True, blank=True)
    fiscal_year_to_date = models.JSONField("สถิติปีงบประมาณ", null=True, blank=True)
    previous_fiscal_year = models.JSONField("ปีงบประมาณก่อน", null=True, blank=True)
    origin = models.CharField("ที่มา", max_length=32, default="manual")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = "สถิติสายด่วน ๑๓๐๐ รายวัน"
        verbose_name_plural = "สถิติสายด่วน ๑๓๐๐ รายวัน"

    def __str__(self) -> str:
        return f"1300 {self.date}: {self.total}"

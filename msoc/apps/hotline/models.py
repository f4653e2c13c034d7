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


class Case(models.Model):
    """One hotline case as the hotline centre exports it; statistics only, no personal data."""

    class Sex(models.TextChoices):
        MALE = "male", "ชาย"
        FEMALE = "female", "หญิง"
        UNKNOWN = "unknown", "ไม่ระบุ"

    case_id = models.CharField("เลขที่เรื่อง", max_length=64, unique=True)
    received_at = models.DateTimeField("วันเวลารับเรื่อง", db_index=True)
    day = models.DateField("วันที่", db_index=True)  # received_at's Bangkok date, kept for grouping
    sex = models.CharField("เพศ", max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    channel = models.CharField("ช่องทาง", max_length=16)  # a key of HOTLINE_CHANNELS
    kind = models.CharField("ประเภท", max_length=16)  # a key of HOTLINE_KINDS
    handling = models.CharField("การดำเนินการ", max_length=16)  # "ministry" | "referred"
    referral = models.CharField("ส่งต่อไปยัง", max_length=16, blank=True)  # HOTLINE_REFERRALS key
    mobile_unit = models.BooleanField("หน่วยเคลื่อนที่เร็ว", default=False)
    province = models.CharField("จังหวัด", max_length=64, blank=True)
    batch = models.CharField("ชุดนำเข้า", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "case_id"]
        verbose_name = "เรื่องสายด่วน ๑๓๐๐"
        verbose_name_plural = "เรื่องสายด่วน ๑๓๐๐"

    def __str__(self) -> str:
        return f"1300 {self.case_id}"


class CasePerson(models.Model):
    """The caller's personal data, kept apart from the statistics; read only through services."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="person")
    name = models.CharField("ชื่อ", max_length=200, blank=True)
    phone = models.CharField("โทรศัพท์", max_length=32, blank=True)
    national_id = models.CharField("เลขประจำตัวประชาชน", max_length=13, blank=True)

    class Meta:
        verbose_name = "ข้อมูลส่วนบุคคลของผู้ติดต่อ"
        verbose_name_plural = "ข้อมูลส่วนบุคคลของผู้ติดต่อ"
        default_permissions = ()  # no model permissions: access is decided by role in services

    def __str__(self) -> str:
        return f"ผู้ติดต่อเรื่อง {self.case_id}"

"""Situation readings: what each source said for a report date (sections ๑.๑, ๑.๒, ๑.๔)."""

from __future__ import annotations

from django.db import models


class Reading(models.Model):
    """One reading of a source for a report date, in the adapter's normalised form; kept as history."""

    class Source(models.TextChoices):
        DDC = "ddc", "กรมควบคุมโรค: โควิด 19 รายสัปดาห์"
        TMD = "tmd", "กรมอุตุนิยมวิทยา: พยากรณ์อากาศประจำวัน"
        RID = "rid", "กรมชลประทาน: อ่างเก็บน้ำขนาดใหญ่"
        AIR4THAI = "air4thai", "กรมควบคุมมลพิษ (Air4Thai): PM2.5"
        MANUAL = "manual", "บันทึกเอง"

    source = models.CharField("แหล่งข้อมูล", max_length=16, choices=Source.choices)
    day = models.DateField("วันที่รายงาน", db_index=True)
    payload = models.JSONField("ข้อมูล")
    origin = models.CharField("ที่มา", max_length=500, blank=True)  # path, URL or "manual"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = "ข้อมูลสถานการณ์"
        verbose_name_plural = "ข้อมูลสถานการณ์"
        indexes = [models.Index(fields=["source", "day"])]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"

"""Budgets of section ๕.๒: each unit's programme table of a fiscal year, as data.

A `BudgetPlan` is a unit's table for a fiscal year (its heading); its `BudgetProgramme`s are the
numbered programmes with their budget (million baht, four decimals), targets and details. The
plan's total is never stored: it is the sum of its programmes (msoc.apps.reports.budget).
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class BudgetPlan(models.Model):
    """A unit's ๕.๒ programme table of one fiscal year."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="budget_plans", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ (พ.ศ.)")
    title = models.CharField("หัวข้อ", max_length=500)  # printed before "งบประมาณรวมจำนวน …"
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "unit__order"]
        verbose_name = "แผนงบประมาณ"
        verbose_name_plural = "แผนงบประมาณ"
        constraints = [
            models.UniqueConstraint(fields=["unit", "fiscal_year"], name="budget_plan_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.fiscal_year}"


class BudgetProgramme(models.Model):
    """One numbered programme of a plan: plan line, project, budget, targets and details."""

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="programmes")
    position = models.PositiveIntegerField("ลำดับ")
    programme = models.CharField("แผนงาน", max_length=500)  # (๑) แผนงานยุทธศาสตร์…
    project = models.CharField("โครงการ/ผลผลิต", max_length=500, blank=True)
    amount = models.DecimalField("งบประมาณ (ล้านบาท)", max_digits=16, decimal_places=4)
    targets = models.JSONField("เป้าหมาย", default=list, blank=True)  # [{"value", "unit", "lead"}]
    details = models.JSONField("รายละเอียด", default=list, blank=True)  # bullet texts
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = "แผนงาน/โครงการในงบประมาณ"
        verbose_name_plural = "แผนงาน/โครงการในงบประมาณ"
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="budget_programme_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.position}) {self.programme}"

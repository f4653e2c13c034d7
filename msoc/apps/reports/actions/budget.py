"""Writes of section ๕.๒: a unit's programme table, and a new ๕.๒ version built from the plans."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.reports.actions import do_save_standing_block
from msoc.apps.reports.budget import (
    SECTION_TITLE,
    BudgetError,
    ProgrammeData,
    merge_plan,
    plan_total,
)
from msoc.apps.reports.build import standing_for
from msoc.apps.reports.models import (
    StandingBlock,
)
from msoc.apps.reports.models_budget import BudgetPlan, BudgetProgramme
from msoc.apps.units.models import Unit
from msoc.report import model as m
from msoc.thai import to_thai_digits


@transaction.atomic
def do_save_plan(
    unit_code: str, fiscal_year: int, title: str, programmes: list[ProgrammeData], *, actor: Actor
) -> BudgetPlan:
    """Store (replace) a unit's programme table of a fiscal year."""
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise BudgetError(f"ไม่พบหน่วยงาน {unit_code!r}")
    plan, _ = BudgetPlan.objects.update_or_create(
        unit=unit, fiscal_year=fiscal_year, defaults={"title": title}
    )
    before = [(p.programme, str(p.amount)) for p in plan.programmes.all()]
    plan.programmes.all().delete()
    BudgetProgramme.objects.bulk_create(
        BudgetProgramme(
            plan=plan,
            position=i,
            programme=p.programme,
            project=p.project,
            amount=p.amount,
            targets=p.targets,
            details=p.details,
        )  # fmt: skip
        for i, p in enumerate(programmes, start=1)
    )
    record(actor, "budget.save", "reports.BudgetPlan", plan.pk, before=before,
           after={"programmes": [(p.programme, str(p.amount)) for p in programmes],
                  "total": str(plan_total(programmes))})  # fmt: skip
    return plan


@transaction.atomic
def do_apply_budgets(day: date, fiscal_year: int, *, actor: Actor = None) -> StandingBlock:
    """Store a new ๕.๒ version, valid from day, whose budget lines come from the stored plans."""
    current = next((b for b in standing_for(day) if b.key == "section5_2"), None)
    lines = list(current.lines) if current else []
    plans = BudgetPlan.objects.filter(fiscal_year=fiscal_year).select_related("unit")
    if not plans:
        raise BudgetError(f"ไม่มีแผนงบประมาณของปี {to_thai_digits(str(fiscal_year))}")
    for plan in plans:
        lines = merge_plan(lines, plan)
    block = m.StandingBlock(
        key="section5_2", title=current.title if current else SECTION_TITLE, lines=lines
    )
    return do_save_standing_block(block, valid_from=day, actor=actor)

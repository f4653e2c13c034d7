"""`msoc budget load|apply|show` — ๕.๒ programme tables as data (msoc.apps.reports.budget)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from msoc.commands import ActionCommand, parse_day


class Command(ActionCommand):
    help = "Budgets of section ๕.๒: load programme tables, render them into the standing block."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.add_actions(parser)
        load = sub.add_parser("load", help="store the plans of a JSON budget file")
        load.add_argument("path")
        load.add_argument("--apply", metavar="DATE", help="also render into ๕.๒ valid from DATE")
        app = sub.add_parser("apply", help="render the plans of a fiscal year into ๕.๒")
        app.add_argument("date")
        app.add_argument("--fiscal-year", type=int, required=True, help="Buddhist era, e.g. 2566")
        show = sub.add_parser("show", help="print a unit's plan with its computed total")
        show.add_argument("unit")
        show.add_argument("fiscal_year", type=int)

    def errors(self) -> tuple[type[Exception], ...]:
        from msoc.apps.reports.budget import BudgetError

        return (BudgetError,)

    def handle_load(self, path: str, apply: str | None, **_: Any) -> None:
        from msoc.apps.reports.actions.budget import do_save_plan
        from msoc.apps.reports.budget import plan_total, read_budget_file

        years = set()
        for plan in read_budget_file(Path(path)):
            do_save_plan(
                plan["unit"], plan["fiscal_year"], plan["title"], plan["programmes"], actor=None
            )
            years.add(plan["fiscal_year"])
            self.stdout.write(
                f"{plan['unit']} ปี {plan['fiscal_year']}: {len(plan['programmes'])} แผนงาน "
                f"รวม {plan_total(plan['programmes']):,} ล้านบาท"
            )
        if apply:
            for year in sorted(years):
                self.handle_apply(date=apply, fiscal_year=year)

    def handle_apply(self, date: str, fiscal_year: int, **_: Any) -> None:
        from msoc.apps.reports.actions.budget import do_apply_budgets

        block = do_apply_budgets(parse_day(date), fiscal_year)
        self.stdout.write(f"๕.๒ ฉบับที่ {block.version} ใช้ตั้งแต่ {block.valid_from.isoformat()}")

    def handle_show(self, unit: str, fiscal_year: int, **_: Any) -> None:
        from msoc.apps.reports.budget import plan_lines
        from msoc.apps.reports.models_budget import BudgetPlan

        plan = BudgetPlan.objects.filter(unit__code=unit, fiscal_year=fiscal_year).first()
        if plan is None:
            raise CommandError(f"ไม่มีแผนงบประมาณของ {unit} ปี {fiscal_year}")
        for line in plan_lines(plan.title, list(plan.programmes.all()), "๕.๒.-"):
            self.stdout.write(f"[{line.kind}] {line.text}")

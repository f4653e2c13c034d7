"""`msoc demo-data` — load the demo data set that reproduces the sample day's figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo hotline cases, day totals, situation files and budgets (idempotent)."

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.apps.demo.sample_day import load_demo

        for step in load_demo().steps:
            self.stdout.write(step)

"""`msoc audit verify`: check that no audit event was altered, removed or inserted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.accounts.audit import verify_chain


class Command(BaseCommand):
    help = "Audit log: verify the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify")

    def handle(self, *args: Any, **opts: Any) -> None:
        report = verify_chain()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"บันทึกการเปลี่ยนแปลงไม่ครบถ้วน: พบปัญหา {len(report.problems)} จุด")
        self.stdout.write(f"บันทึกการเปลี่ยนแปลง {report.checked:,} รายการ ครบถ้วน ไม่มีการแก้ไข")

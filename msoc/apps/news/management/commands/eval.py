"""`msoc eval`: precision / recall / F1 of sections and topics, place accuracy, clustering quality.

Section and place figures are held out: by time (thaigov, train older / test newer) and by outlet
(the hand-labelled news set); they need only the package's data. ThaiNER places, thaigov pairs
and topics need ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "วัดคุณภาพการจัดหมวด หัวข้อ สถานที่ และการรวมเรื่องเดียวกัน"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared",
            default=None,
            help="โฟลเดอร์ชุดข้อมูล ThaiNER / thaigov (ค่าเริ่มต้น ../shared ข้างโปรเจกต์ ถ้ามี)",
        )
        parser.add_argument("--json", action="store_true", help="พิมพ์ผลเป็น JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from msoc.evaluate import evaluate_all, format_report

        shared = (
            Path(options["shared"])
            if options["shared"]
            else Path(settings.PROJECT_DIR).parent / "shared"
        )
        if not shared.exists():
            self.stderr.write(f"ไม่พบ {shared}: วัดเฉพาะรายงานตัวอย่าง")
        result = evaluate_all(shared if shared.exists() else None)
        from msoc.apps.news.desk_eval import evaluate_desks

        result.update(evaluate_desks())  # where the outlet states its desk
        corpus = Path(settings.PROJECT_DIR) / "tests" / "report" / "lint_corpus"
        if corpus.exists():
            from msoc.report.lint import evaluate_lint

            result["lint"] = evaluate_lint(str(corpus))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1, default=str))
            return
        self.stdout.write(format_report({k: v for k, v in result.items() if k != "lint"}))
        if "lint" in result:
            self.stdout.write(_lint_table(result["lint"]))


def _lint_table(lint: dict[str, Any]) -> str:
    """Precision and recall of the report checks per rule class."""
    lines = [
        f"\nการตรวจรายงาน (lint): {lint['reports']} รายงานสะอาด, {lint['variants']} ฉบับที่ใส่ข้อผิดพลาด"
    ]
    for name, c in lint["classes"].items():
        lines.append(f"  {name:<12} precision {c['precision']:.2f}  recall {c['recall']:.2f}")
    return "\n".join(lines)

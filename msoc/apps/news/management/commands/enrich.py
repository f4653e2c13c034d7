"""`msoc enrich --input IN.jsonl --output OUT.jsonl`: enrich news items without a database."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "เติมหมวด หัวข้อเฝ้าระวัง สถานที่ เรื่องเดียวกัน สรุป และ DTG ให้ข่าวในไฟล์ JSON lines"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input",
            required=True,
            help="ไฟล์ JSON lines (id, title, description, body, source, published_at); - คือ stdin",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ผลลัพธ์ JSON lines; - คือ stdout")
        parser.add_argument(
            "--model",
            default=None,
            help="โมเดลหมวด (ค่าเริ่มต้น VAR_DIR/models/sections.pkl ถ้ามี ไม่มีก็ฝึกจากข้อมูลในแพ็กเกจ)",
        )
        parser.add_argument("--topics", default=None, help="ตารางหัวข้อเฝ้าระวัง (TSV) ที่แก้ไขเอง")
        parser.add_argument("--workers", type=int, default=1, help="จำนวนโปรเซสสำหรับชุดใหญ่")

    def handle(self, *args: Any, **options: Any) -> None:
        from msoc.nlp.enrich import Enricher, enrich_lines

        model_path = Path(options["model"] or Path(settings.VAR_DIR) / "models" / "sections.pkl")
        if options["model"] and not model_path.exists():
            raise CommandError(f"ไม่พบไฟล์โมเดล: {model_path}")
        topics = Path(options["topics"]) if options["topics"] else None
        if topics and not topics.exists():
            raise CommandError(f"ไม่พบตารางหัวข้อ: {topics}")
        enricher = Enricher.load(model_path, topics)
        total = errors = 0
        with ExitStack() as stack:
            source = _open(stack, options["input"], "r", sys.stdin)
            target = _open(stack, options["output"], "w", sys.stdout)
            for item in enrich_lines(source, enricher, workers=options["workers"]):
                target.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
                total += 1
                errors += "error" in item
        self.stderr.write(f"enrich: {total} รายการ, ผิดพลาด {errors} รายการ")


def _open(stack: ExitStack, name: str, mode: str, standard: IO[str]) -> IO[str]:
    """A file (or stdin/stdout for '-') that the stack closes; a clear error if it cannot open."""
    if name == "-":
        return standard
    try:
        return stack.enter_context(open(name, mode, encoding="utf-8", errors="replace"))
    except OSError as exc:
        raise CommandError(f"เปิดไฟล์ไม่ได้: {name}: {exc.strerror}") from exc

"""`msoc demo-news`: the offline demo day's news, through the real pipeline from a local site."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "นำข่าวสาธิต (ข่าวรัฐบาลสาธารณสมบัติและข่าวสมมติ) เข้าผ่านขั้นตอนจริงจากเว็บข่าวบนเครื่องนี้"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=28, help="วันย้อนหลังที่กระจายข่าวเก่า")
        parser.add_argument("--port", type=int, default=8765, help="พอร์ตของเว็บข่าวสาธิตบน 127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        from msoc.apps.demo.news import run_demo

        outcome = run_demo(days=max(options["days"], 7), port=options["port"])
        self.stdout.write(
            f"ข่าวสาธิต {outcome.stories} ข่าวจาก {outcome.outlets} แหล่ง: {outcome.summary.line()}\n"
            f"ร่างรายงานฉบับที่กำลังจัดทำ: เพิ่มข่าวที่รับแล้ว {outcome.rows} แถว"
        )
        for error in outcome.summary.errors:
            self.stdout.write(f"  {error}")

"""`msoc situation fetch|load|manual|apply|show` — thin wrappers over the situation services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.commands import parse_day

SOURCES = ("ddc", "tmd", "rid", "air4thai")


class Command(BaseCommand):
    help = "Situation (๑.๑, ๑.๒, ๑.๔): read DDC, TMD, RID, Air4Thai data; write into the draft."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, what in (("fetch", "a URL"), ("load", "a file (or URL)")):
            cmd = sub.add_parser(name, help=f"read a source's published data from {what}")
            cmd.add_argument("source", choices=SOURCES)
            cmd.add_argument("location")
            cmd.add_argument("--date", help="report date (default: today)")
            cmd.add_argument("--week", type=int, help="ddc: the week to take (default: latest)")
            cmd.add_argument("--pneumonia", type=int, help="ddc: pneumonia patients of the week")
            cmd.add_argument("--ventilated", type=int, help="ddc: patients on ventilators")
            cmd.add_argument("--apply", action="store_true", help="also write into the draft")
        man = sub.add_parser("manual", help="enter parts without a feed from a JSON file")
        man.add_argument("path", help='{"situation": {...}, "disaster": {...}} ("-" for stdin)')
        man.add_argument("--date", required=True)
        app = sub.add_parser("apply", help="write the computed parts into the draft of a date")
        app.add_argument("date")
        show = sub.add_parser("show", help="print the computed parts of a date as JSON")
        show.add_argument("date")

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.apps.situation.actions import SituationError

        try:
            getattr(self, f"handle_{opts['action']}")(**opts)
        except SituationError as exc:
            raise CommandError(str(exc)) from exc

    def handle_fetch(self, **opts: Any) -> None:
        if not opts["location"].startswith(("http://", "https://")):
            raise CommandError("fetch ต้องใช้ URL (http:// หรือ https://); ไฟล์ใช้ load")
        self.handle_load(**opts)

    def handle_load(self, source: str, location: str, **opts: Any) -> None:
        from msoc.apps.situation.services import load_source

        day = parse_day(opts["date"]) if opts.get("date") else None
        extra = {}
        if source == "ddc":
            extra = {k: opts.get(k) for k in ("week", "pneumonia", "ventilated")}
        reading = load_source(source, location, day=day, **extra)
        self.stdout.write(f"{source}: บันทึกข้อมูลสำหรับวันที่ {reading.day.isoformat()} ({location})")
        if opts.get("apply"):
            self.handle_apply(date=reading.day.isoformat())

    def handle_manual(self, path: str, date: str, **_: Any) -> None:
        import sys

        from msoc.apps.situation.actions import do_record_reading

        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: JSON ไม่ถูกต้อง ({exc})") from exc
        reading = do_record_reading("manual", parse_day(date), payload, origin=path)
        self.stdout.write(f"manual: บันทึกข้อมูลสำหรับวันที่ {reading.day.isoformat()}")

    def handle_apply(self, date: str, **_: Any) -> None:
        from msoc.apps.situation.actions import do_apply_to_draft

        draft = do_apply_to_draft(parse_day(date))
        self.stdout.write(f"เขียน ๑.๑ ๑.๒ ๑.๔ ลงร่างรายงานวันที่ {draft.date.isoformat()} แล้ว")

    def handle_show(self, date: str, **_: Any) -> None:
        from msoc.apps.situation.actions import computed_parts

        situation, disaster = computed_parts(parse_day(date))
        self.stdout.write(
            json.dumps({"situation": situation, "disaster": disaster}, ensure_ascii=False, indent=2)
        )

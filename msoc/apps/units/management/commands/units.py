"""`msoc units list|add|load|status|remind` — the units, their activities (section ๒), submissions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from msoc.commands import ActionCommand, parse_day


class Command(ActionCommand):
    help = "Units (fixed report order) and their activities of a date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.add_actions(parser)
        sub.add_parser("list", help="the units in report order")
        add = sub.add_parser("add", help="add an activity of a unit on a date")
        add.add_argument("unit", help="short name, e.g. สป.")
        add.add_argument("date")
        add.add_argument("text")
        add.add_argument("--people", default="")
        add.add_argument("--place", default="")
        load = sub.add_parser("load", help="add activities from a JSON file")
        load.add_argument("path", help='[{"unit", "date", "text", "people"?, "place"?}, …]')
        status = sub.add_parser("status", help="who has sent what for a day, with 30-day rates")
        status.add_argument("date", nargs="?", help="the day (default: today)")
        remind = sub.add_parser("remind", help="queue the reminders due now (once per unit a day)")
        remind.add_argument("--now", help="as of this time (ISO), default now")

    def errors(self) -> tuple[type[Exception], ...]:
        from msoc.apps.units.actions import UnitError

        return (UnitError,)

    def handle_list(self, **_: Any) -> None:
        from msoc.apps.units.models import Unit

        for unit in Unit.objects.filter(active=True):
            self.stdout.write(f"{unit.order:>3} {unit.code:<6} {unit.name}")

    def handle_add(
        self, unit: str, date: str, text: str, people: str, place: str, **_: Any
    ) -> None:
        from msoc.apps.units.actions import do_add_activity

        act = do_add_activity(unit, parse_day(date), text, people=people, place=place)
        self.stdout.write(f"{act.unit.code} {act.date.isoformat()} ข้อ ({act.position})")

    def handle_load(self, path: str, **_: Any) -> None:
        from msoc.apps.units.actions import do_add_activity

        items = json.loads(Path(path).read_text(encoding="utf-8"))
        for item in items:
            do_add_activity(item["unit"], parse_day(item["date"]), item["text"],
                            people=item.get("people", ""), place=item.get("place", ""))  # fmt: skip
        self.stdout.write(f"เพิ่มกิจกรรม {len(items)} รายการ")

    def handle_status(self, date: str | None = None, **_: Any) -> None:
        from django.utils import timezone

        from msoc.apps.units.submissions import board

        day = parse_day(date) if date else timezone.localdate()
        for row in board(day, timezone.now()):
            states = ", ".join(f"{d.what}: {d.label}" for d in row.today) or "-"
            self.stdout.write(f"{row.unit.code:<6} {states} | ส่ง/ตรงเวลา 30 วัน {row.rates_text}")

    def handle_remind(self, now: str | None = None, **_: Any) -> None:
        from msoc.apps.alerts.actions.reminders import run_reminders
        from msoc.commands import parse_moment

        queued = run_reminders(parse_moment(now))
        self.stdout.write(f"เข้าคิวอีเมลเตือน {queued} หน่วยงาน")

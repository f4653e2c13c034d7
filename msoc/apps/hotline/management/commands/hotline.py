"""`msoc hotline import|totals|recompute|show` — thin wrappers over the hotline services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from msoc.commands import ActionCommand, parse_day
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES

BREAKDOWN_OPTIONS = {
    "channel": ("channels", HOTLINE_CHANNELS),
    "service": ("services", HOTLINE_SERVICES),
    "referral": ("referrals", HOTLINE_REFERRALS),
    "kind": ("kinds", HOTLINE_KINDS),
}


class Command(ActionCommand):
    help = "1300 hotline: import the centre's export, enter day totals, show section ๑.๕."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.add_actions(parser)
        imp = sub.add_parser("import", help="import a daily export (CSV or XLSX)")
        imp.add_argument("path")
        imp.add_argument(
            "--keep-good",
            action="store_true",
            help="store the good rows even if other rows have errors (default: all or nothing)",
        )
        tot = sub.add_parser("totals", help="enter a day known only by its totals")
        tot.add_argument("date")
        tot.add_argument("--total", type=int, required=True)
        tot.add_argument("--male", type=int)
        tot.add_argument("--female", type=int)
        tot.add_argument("--mobile-unit", type=int)
        for name, (_, labels) in BREAKDOWN_OPTIONS.items():
            tot.add_argument(
                f"--{name}",
                action="append",
                default=[],
                metavar="KEY=N",
                help=f"repeatable; keys: {', '.join(labels)}",
            )
        rec = sub.add_parser("recompute", help="recompute ๑.๕ of the days from FROM to TO")
        rec.add_argument("start")
        rec.add_argument("end", nargs="?")
        show = sub.add_parser("show", help="print the ๑.๕ figures of a date as JSON")
        show.add_argument("date")
        ret = sub.add_parser(
            "retention", help="erase callers' personal data past the retention period"
        )
        ret.add_argument("--apply", action="store_true", help="erase (default: only count)")
        exp = sub.add_parser(
            "person-export", help="everything held about one person (PDPA request)"
        )
        exp.add_argument("--as", dest="username", required=True, help="the admin or editor asking")
        exp.add_argument("--phone", default="")
        exp.add_argument("--national-id", default="")
        exp.add_argument("--name", default="")

    def handle_retention(self, apply: bool, **_: Any) -> None:
        from msoc.apps.hotline.actions import do_apply_retention, expired_people, retention_cutoff

        if not apply:
            count = expired_people().count()
            self.stdout.write(
                f"ข้อมูลส่วนบุคคลที่เกินระยะเก็บ (ก่อน {retention_cutoff():%Y-%m-%d}): {count:,} เรื่อง"
            )
            return
        self.stdout.write(f"ลบข้อมูลส่วนบุคคลที่เกินระยะเก็บแล้ว {do_apply_retention():,} เรื่อง")

    def handle_person_export(
        self, username: str, phone: str, national_id: str, name: str, **_: Any
    ) -> None:
        import json

        from django.contrib.auth.models import User

        from msoc.apps.hotline.privacy import export_person
        from msoc.apps.hotline.services import PersonAccessDenied

        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"ไม่พบผู้ใช้ {username}")
        try:
            data = export_person(actor=actor, phone=phone, national_id=national_id, name=name)
        except (PersonAccessDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))

    def handle_import(self, path: str, keep_good: bool, **_: Any) -> None:
        from msoc.apps.hotline.importer import ExportError
        from msoc.apps.hotline.services import import_export_file

        try:
            result = import_export_file(Path(path), keep_good=keep_good)
        except (ExportError, OSError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for error in result.errors:
            self.stderr.write(f"{path}: {error}")
        days = ", ".join(d.isoformat() for d in result.days) or "-"
        if not result.committed:
            raise CommandError(
                f"{path}: ไม่ได้นำเข้า มีข้อผิดพลาด {len(result.errors)} รายการ "
                f"(แก้ไฟล์แล้วนำเข้าใหม่ หรือใช้ --keep-good เพื่อเก็บเฉพาะแถวที่ถูกต้อง)"
            )
        self.stdout.write(
            f"{path}: นำเข้า {result.imported:,} เรื่อง, มีอยู่แล้ว {result.unchanged:,}, "
            f"ไม่รับ {result.rejected:,}; คำนวณ ๑.๕ ใหม่: {days}"
        )

    def handle_totals(self, date: str, total: int, **opts: Any) -> None:
        from msoc.apps.hotline.actions import HotlineError, do_save_manual_totals

        figures: dict[str, Any] = {"total": total, "kinds_total": total}
        for name in ("male", "female", "mobile_unit"):
            if opts.get(name) is not None:
                figures[name] = opts[name]
        for option, (field, labels) in BREAKDOWN_OPTIONS.items():
            figures[field] = _pairs(opts.get(option) or [], labels, option)
        try:
            row = do_save_manual_totals(parse_day(date), figures)
        except HotlineError as exc:
            raise CommandError(str(exc)) from exc
        fy = row.fiscal_year_to_date or {}
        self.stdout.write(
            f"บันทึกยอดวันที่ {row.date.isoformat()}: {row.total:,} กรณี "
            f"(ปีงบประมาณถึงวันนี้ {fy.get('days')} วัน รวม {fy.get('total', 0):,} กรณี)"
        )

    def handle_recompute(self, start: str, end: str | None, **_: Any) -> None:
        from msoc.apps.hotline.actions import do_recompute_days
        from msoc.apps.hotline.models import Case

        first, last = parse_day(start), parse_day(end or start)
        days = Case.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True)
        rows = do_recompute_days(days)
        self.stdout.write(f"คำนวณใหม่ {len(set(days))} วัน ปรับสถิติปีงบประมาณ {len(rows)} วัน")

    def handle_show(self, date: str, **_: Any) -> None:
        from msoc.apps.hotline.stats import hotline_for
        from msoc.report.model import DailyReport, Header

        day = parse_day(date)
        hotline = hotline_for(day)
        if hotline is None:
            raise CommandError(f"ไม่มีข้อมูลสายด่วนของวันที่ {day.isoformat()}")
        data = DailyReport(header=Header(date=day), hotline=hotline).to_dict()["hotline"]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


def _pairs(items: list[str], labels: dict[str, str], option: str) -> dict[str, int]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in labels:
            raise CommandError(
                f"--{option} {item!r}: ใช้ KEY=N โดย KEY เป็นหนึ่งใน {', '.join(labels)}"
            )
        try:
            out[key] = int(value)
        except ValueError as exc:
            raise CommandError(f"--{option} {item!r}: จำนวนไม่ถูกต้อง") from exc
    return out

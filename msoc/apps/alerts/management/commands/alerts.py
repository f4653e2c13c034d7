"""`msoc alerts check|digest|deliver|watch` — thin wrappers over the alerts services."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from msoc.commands import ActionCommand, parse_moment


class Command(ActionCommand):
    help = "Alerts: evaluate the rules once, queue and send the digest, send due e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.add_actions(parser)
        chk = sub.add_parser("check", help="evaluate every active rule once (idempotent)")
        chk.add_argument("--now", help="evaluate as of this time (ISO), default now")
        dig = sub.add_parser("digest", help="queue and send the digest of a day's alerts")
        dig.add_argument("date", nargs="?", help="the day (default: today)")
        sub.add_parser("deliver", help="send every due e-mail now")
        watch = sub.add_parser("watch", help="run the saved searches that are due, mail new items")
        watch.add_argument("--now", help="as of this time (ISO), default now")

    def handle_check(self, now: str | None = None, **_: Any) -> None:
        from msoc.apps.alerts.actions import check_alerts

        moment = parse_moment(now)
        fired = check_alerts(moment)
        for alert in fired:
            self.stdout.write(f"แจ้งเตือน #{alert.pk}: {alert.title}")
        self.stdout.write(f"ตรวจกฎแล้ว แจ้งเตือนใหม่ {len(fired)} รายการ")
        self._deliver()

    def handle_digest(self, date: str | None = None, **_: Any) -> None:
        from msoc.apps.alerts.actions import do_queue_digest
        from msoc.commands import parse_day

        day = parse_day(date) if date else timezone.localdate()
        queued = do_queue_digest(day)
        self.stdout.write(f"สรุปการแจ้งเตือนวันที่ {day.isoformat()}: เข้าคิวส่ง {queued} ราย")
        self._deliver()

    def handle_deliver(self, **_: Any) -> None:
        self._deliver()

    def handle_watch(self, now: str | None = None, **_: Any) -> None:
        from msoc.apps.alerts.actions import run_saved_searches

        count = run_saved_searches(parse_moment(now))
        self.stdout.write(f"การค้นหาที่บันทึกไว้: รายการใหม่เข้าคิวส่ง {count} รายการ")
        self._deliver()

    def _deliver(self) -> None:
        from msoc.apps.alerts.deliveries import run_deliveries

        result = run_deliveries(limit=500)
        if result.disabled:
            self.stdout.write("ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์อีเมล (MSOC_SMTP_HOST) อีเมลยังอยู่ในคิว")
            return
        for pk, reason in result.failed:
            self.stderr.write(f"การส่ง #{pk} ไม่สำเร็จ: {reason}")
        self.stdout.write(f"ส่งอีเมลแล้ว {len(result.sent)} ฉบับ ไม่สำเร็จ {len(result.failed)} ฉบับ")

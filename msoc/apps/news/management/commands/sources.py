"""`msoc sources list|add|status|load-defaults`: the outlet registry and its health."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from msoc.apps.news import actions
from msoc.apps.news.health import source_health
from msoc.apps.news.models import Source


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "รายการแหล่งข่าว: list, add, status, load-defaults"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list sources and their feeds")
        add = sub.add_parser("add", help="add or update a source")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", choices=["web", "tv"], default="web")
        add.add_argument("--feed", action="append", default=[], help="feed URL (repeatable)")
        add.add_argument("--site", default="")
        add.add_argument(
            "--desk",
            default=None,
            help="the outlet's desk these feeds carry (politics, world, crime …); '' for all desks",
        )
        add.add_argument(
            "--confirmed",
            action="store_true",
            help="the feed addresses are confirmed by public use",
        )
        add.add_argument("--interval", type=int, help="poll interval in seconds for its feeds")
        sub.add_parser("status", help="health table")
        sub.add_parser("load-defaults", help="load the shipped registry (idempotent)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
        elif action == "add":
            self._add(options)
        elif action == "status":
            self._status()
        else:
            created, updated = actions.do_load_default_sources()
            self.stdout.write(f"โหลดแหล่งข่าวเริ่มต้น: เพิ่ม {created} ปรับปรุง {updated}")

    def _list(self) -> None:
        for source in Source.objects.prefetch_related("feeds"):
            flags = ("" if source.enabled else " [ปิด]") + (
                "" if source.confirmed else " [ยังไม่ยืนยันฟีด]"
            )
            self.stdout.write(f"{source.name}\t{source.kind}\t{source.site_url}{flags}")
            for feed in source.feeds.all():
                desk = f" โต๊ะข่าว {feed.desk}" if feed.desk else " ทุกหมวด"
                flags = ("" if feed.enabled else " [ปิด]") + (
                    "" if feed.confirmed else " [ยังไม่ยืนยัน]"
                )
                self.stdout.write(f"    {feed.url}{desk}{flags}")

    def _add(self, options: dict[str, Any]) -> None:
        try:
            meta = (
                {
                    u: {"desk": options["desk"], "confirmed": options["confirmed"]}
                    for u in options["feed"]
                }
                if options["desk"] is not None or options["confirmed"]
                else None
            )
            source, created = actions.do_save_source(
                options["name"],
                options["kind"],
                options["feed"],
                options["site"],
                feed_meta=meta,
                poll_interval=options.get("interval"),
            )
        except actions.SourceError as exc:
            raise CommandError(str(exc)) from exc
        verb = "เพิ่ม" if created else "ปรับปรุง"
        self.stdout.write(f"{verb}แหล่งข่าว {source.name} ({source.feeds.count()} ฟีด)")

    def _status(self) -> None:
        header = ("แหล่งข่าว", "สถานะ", "สำเร็จล่าสุด", "ข่าวใหม่ล่าสุด", "ล้มเหลว", "HTTP", "ข่าว/วัน")
        rows = [header]
        for h in source_health():
            rows.append(
                (
                    h.name + ("" if h.confirmed else " *"),
                    ("⚠ " if h.flagged else "") + h.status_label,
                    _when(h.last_success_at),
                    _when(h.last_new_item_at),
                    str(h.consecutive_failures),
                    str(h.last_status or "-"),
                    f"{h.items_per_day:.1f}",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        self.stdout.write("* ที่อยู่ฟีดยังไม่ได้ยืนยัน")
        for h in source_health():
            if h.flagged and h.last_error:
                self.stdout.write(f"{h.name}: {h.last_error}")

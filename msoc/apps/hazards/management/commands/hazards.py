"""`msoc hazards add|list|close|show|from-readings|from-news|demo` — thin wrappers over the hazard services."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.hazards.models import Hazard
from msoc.commands import parse_day


class Command(BaseCommand):
    help = "Hazard areas over the register: add, list, close, show, from-readings, demo."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="a declared or warned hazard area")
        add.add_argument("title")
        add.add_argument("--kind", required=True, choices=Hazard.Kind.values)
        add.add_argument("--level", default="warning", choices=Hazard.Level.values)
        add.add_argument("--provinces", default="", help="names or codes, comma-separated")
        add.add_argument("--districts", default="", help="district codes, comma-separated")
        add.add_argument("--subdistricts", default="", help="sub-district codes, comma-separated")
        add.add_argument("--polygon", type=Path, help="a JSON file [[lon, lat], ...] (outline)")
        add.add_argument("--from", dest="starts_on", help="first day (default: today)")
        add.add_argument("--to", dest="ends_on", help="last day (default: open)")
        add.add_argument("--note", default="")
        lst = sub.add_parser("list", help="hazards with their households and follow-up counts")
        lst.add_argument("--all", action="store_true", help="also closed and past ones")
        close = sub.add_parser("close", help="end a hazard")
        close.add_argument("id", type=int)
        show = sub.add_parser("show", help="a hazard's ranked households (codes and reasons)")
        show.add_argument("id", type=int)
        show.add_argument("--limit", type=int, default=20)
        rd = sub.add_parser("from-readings", help="hazards from a day's Air4Thai and TMD readings")
        rd.add_argument("--date", help="report date (default: today)")
        news = sub.add_parser("from-news", help="hazards from story clusters naming a district")
        news.add_argument("--hours", type=int, default=48)
        news.add_argument("--min-items", type=int, default=2)
        sub.add_parser("demo", help="the demo's flood warning over two districts of นครราชสีมา")

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.apps.hazards.actions import HazardError

        try:
            getattr(self, f"handle_{opts['action'].replace('-', '_')}")(**opts)
        except HazardError as exc:
            raise CommandError(str(exc)) from exc

    def handle_add(self, **o: Any) -> None:
        from msoc.apps.hazards.actions import HazardFields, parse_codes
        from msoc.apps.hazards.services import raise_hazard

        polygon = json.loads(o["polygon"].read_text(encoding="utf-8")) if o["polygon"] else None
        fields = HazardFields(
            title=o["title"],
            kind=o["kind"],
            level=o["level"],
            provinces=_provinces(o["provinces"]),
            districts=parse_codes(o["districts"]),
            subdistricts=parse_codes(o["subdistricts"]),
            polygon=polygon,
            starts_on=parse_day(o["starts_on"]) if o["starts_on"] else _today(),
            ends_on=parse_day(o["ends_on"]) if o["ends_on"] else None,
            note=o["note"],
        )
        hazard, alerts = raise_hazard(fields)
        self.stdout.write(f"บันทึกพื้นที่ภัยหมายเลข {hazard.pk}: {hazard}")
        for alert in alerts:
            self.stdout.write(f"แจ้งเตือน: {alert.title}")

    def handle_list(self, **o: Any) -> None:
        from msoc.apps.hazards.services import active_on, area_text, impact_of

        hazards = Hazard.objects.order_by("-starts_on", "-id") if o["all"] else active_on(_today())
        for h in hazards:
            impact = impact_of(h)
            s = impact.by_status
            state = "ปิดแล้ว" if h.closed_at else "ใช้งาน"
            self.stdout.write(
                f"{h.pk}\t{state}\t{h.get_kind_display()}\t{h.title}\t{area_text(h)}\t"
                f"ครัวเรือน {impact.households} เปราะบาง {impact.vulnerable} "
                f"ติดต่อได้ {impact.reached} ช่วยเหลือ {s['helped']} ติดต่อไม่ได้ {s['unreachable']}"
            )

    def handle_close(self, id: int, **_: Any) -> None:
        from msoc.apps.hazards.actions import do_close_hazard

        hazard = do_close_hazard(id)
        self.stdout.write(f"ปิดพื้นที่ภัยหมายเลข {hazard.pk} แล้ว")

    def handle_show(self, id: int, limit: int, **_: Any) -> None:
        from msoc.apps.hazards.services import impact_of

        hazard = Hazard.objects.filter(pk=id).first()
        if hazard is None:
            raise CommandError(f"ไม่พบพื้นที่ภัยหมายเลข {id}")
        for rank, r in enumerate(impact_of(hazard).rows[:limit], start=1):
            self.stdout.write(
                f"{rank}\t{r.code}\t{r.need}\t{r.status_label}\t{'; '.join(r.reasons)}"
            )

    def handle_from_readings(self, **o: Any) -> None:
        from msoc.apps.hazards.sources import hazards_from_readings

        day = parse_day(o["date"]) if o.get("date") else _today()
        for hazard in hazards_from_readings(day):
            self.stdout.write(f"บันทึกพื้นที่ภัยหมายเลข {hazard.pk}: {hazard}")

    def handle_from_news(self, hours: int, min_items: int, **_: Any) -> None:
        from django.utils import timezone

        from msoc.apps.hazards.news import hazards_from_news

        for hazard in hazards_from_news(timezone.now(), hours=hours, min_items=min_items):
            self.stdout.write(f"บันทึกพื้นที่ภัยหมายเลข {hazard.pk}: {hazard}")

    def handle_demo(self, **_: Any) -> None:
        from msoc.apps.hazards.demo import load_demo

        for line in load_demo(_today()):
            self.stdout.write(line)


def _today() -> date:
    from msoc.apps.situation.services import today

    return today()


def _provinces(text: str) -> list[int]:
    from msoc.apps.accounts.roles import RoleError, parse_provinces

    if not text.strip():
        return []
    try:
        codes, _every = parse_provinces(text)
    except RoleError as exc:
        raise CommandError(str(exc)) from exc
    return codes

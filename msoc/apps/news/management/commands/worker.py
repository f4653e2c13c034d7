"""`msoc worker`: the news pipeline as feeds come due, and the background jobs (several may share one database)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Min

from msoc.apps.news.feeds import FetchConfig
from msoc.apps.news.models import Feed
from msoc.apps.news.pipeline import run_pipeline
from msoc.jobs import reclaim_stale, run_jobs

RECLAIM_EVERY = 60.0  # seconds between looks for jobs whose worker died


def seconds_until_next_due(cap: float) -> float:
    """Seconds until the earliest enabled feed is due, at most `cap`."""
    from django.utils import timezone

    nxt = Feed.objects.filter(enabled=True, source__enabled=True).aggregate(m=Min("next_due_at"))[
        "m"
    ]
    if nxt is None:
        return cap
    return max(0.0, min(cap, (nxt - timezone.now()).total_seconds()))


class Command(BaseCommand):
    help = "ดึงข่าวต่อเนื่องตามรอบของแต่ละฟีด"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=20, help="feeds claimed at a time")
        parser.add_argument("--delay", type=float, help="seconds between requests to one host")
        parser.add_argument("--idle", type=float, default=30.0, help="longest sleep in seconds")
        parser.add_argument(
            "--enrich-batch", type=int, default=500, help="items per enrichment transaction"
        )
        parser.add_argument(
            "--iterations", type=int, default=0, help="stop after N loops (0: never)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = {"now": False}

        def _stop(*_: Any) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        config = FetchConfig.from_settings(delay=options["delay"])
        loops, reclaimed_at = 0, float("-inf")
        while not stop["now"]:
            if time.monotonic() - reclaimed_at >= RECLAIM_EVERY:  # at start, then periodically
                reclaimed_at = time.monotonic()
                if lost := reclaim_stale():
                    self.stdout.write(f"นำงานที่ค้างจากผู้ทำงานที่หยุดไปกลับเข้าคิว {lost} งาน")
            run_jobs()
            summary = run_pipeline(
                limit=options["batch"], config=config, enrich_batch=options["enrich_batch"]
            )
            if summary.feeds or summary.enriched or summary.enrich_errors:
                self.stdout.write(summary.line())
            loops += 1
            if options["iterations"] and loops >= options["iterations"]:
                break
            if not summary.feeds:
                deadline = time.monotonic() + max(1.0, seconds_until_next_due(options["idle"]))
                while not stop["now"] and time.monotonic() < deadline:
                    time.sleep(0.5)

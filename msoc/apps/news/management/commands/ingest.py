"""`msoc ingest --once`: one pass of the news pipeline over every enabled source."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.news.feeds import FetchConfig
from msoc.apps.news.pipeline import enabled_feeds, run_pipeline


class Command(BaseCommand):
    help = "ดึงข่าวจากแหล่งข่าวที่เปิดติดตามทั้งหมดหนึ่งรอบ"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass (the only mode)")
        parser.add_argument("--delay", type=float, help="seconds between requests to one host")
        parser.add_argument("--timeout", type=float, help="read timeout in seconds")
        parser.add_argument("--retries", type=int, help="retries on timeouts, 5xx and 429")
        parser.add_argument("--workers", type=int, help="fetching threads")
        parser.add_argument("--backoff", type=float, help="first retry wait in seconds")
        parser.add_argument(
            "--no-enrich", action="store_true", help="store items without enriching them"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["once"]:
            raise CommandError(
                "use `msoc ingest --once` for one pass, or `msoc worker` to keep polling"
            )
        config = FetchConfig.from_settings(
            delay=options["delay"],
            timeout=options["timeout"],
            retries=options["retries"],
            workers=options["workers"],
            backoff=options["backoff"],
        )
        feeds = enabled_feeds()
        bar = None
        if sys.stdout.isatty() and feeds:
            from tqdm import tqdm

            bar = tqdm(total=len(feeds), unit="ฟีด", desc="ingest")
        summary = run_pipeline(
            feeds,
            config=config,
            on_feed_done=bar.update if bar else None,
            enrich=not options["no_enrich"],
        )
        if bar:
            bar.close()
        self.stdout.write(summary.line())
        for error in summary.errors:
            self.stdout.write(f"  {error}")

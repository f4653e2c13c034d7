"""`msoc items export [--since DATE] [--format jsonl|csv]`: stored items for other tools."""

from __future__ import annotations

import csv
import json
from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from msoc.apps.news.feeds import BANGKOK
from msoc.apps.news.models import Item

FIELDS = ["source", "url", "title", "body", "published_at"]


def _since(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--since: not an ISO date or date-time: {text!r}") from exc
    if len(text) <= 10:
        moment = datetime.combine(moment.date(), time.min)
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


class Command(BaseCommand):
    help = "ส่งออกข่าวที่เก็บไว้"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write items to stdout")
        export.add_argument("--since", help="published at or after (YYYY-MM-DD[THH:MM], Bangkok)")
        export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    def handle(self, *args: Any, **options: Any) -> None:
        items = Item.objects.select_related("source").order_by("published_at", "id")
        if options.get("since"):
            items = items.filter(published_at__gte=_since(options["since"]))
        writer = csv.DictWriter(self.stdout, FIELDS) if options["format"] == "csv" else None
        if writer:
            writer.writeheader()
        for item in items.iterator(chunk_size=500):
            row = {
                "source": item.source.name,
                "url": item.canonical_url,
                "title": item.title,
                "body": item.body,
                "published_at": timezone.localtime(item.published_at, BANGKOK).isoformat(),
            }
            if writer:
                writer.writerow(row)
            else:
                self.stdout.write(json.dumps(row, ensure_ascii=False))

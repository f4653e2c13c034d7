"""`msoc db upgrade` applies the migrations to the database of MSOC_DATABASE_URL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Database: upgrade (apply migrations)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("upgrade", help="apply pending migrations")

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.cli import ensure_database

        ensure_database()
        self.stdout.write("ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว")

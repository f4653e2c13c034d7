"""`msoc db upgrade | backup PATH | restore PATH` for the database of MSOC_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Database: upgrade (apply migrations), backup PATH, restore PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("upgrade", help="apply pending migrations")
        back = sub.add_parser("backup", help="online backup with a manifest of row counts")
        back.add_argument("path")
        rest = sub.add_parser("restore", help="replace the database with a backup and verify it")
        rest.add_argument("path")

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.backup import BackupError, backup, restore
        from msoc.cli import ensure_database

        try:
            if opts["action"] == "upgrade":
                ensure_database()
                from msoc.search import sync

                # Databases from before write-time indexing: index what no write indexed.
                while sync():
                    pass
                self.stdout.write("ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว")
            elif opts["action"] == "backup":
                manifest = backup(Path(opts["path"]))
                rows = sum(manifest.counts.values())
                self.stdout.write(
                    f"สำรองแล้ว: {opts['path']} ({len(manifest.counts)} ตาราง, {rows:,} แถว)"
                )
            else:
                manifest = restore(Path(opts["path"]))
                rows = sum(manifest.counts.values())
                self.stdout.write(f"กู้คืนและตรวจแล้วครบ: {len(manifest.counts)} ตาราง, {rows:,} แถว")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

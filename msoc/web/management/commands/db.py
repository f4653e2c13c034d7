"""`msoc db upgrade | backup PATH | restore PATH` for the database of MSOC_DATABASE_URL.

Backups are encrypted under a passphrase (--passphrase-file, or MSOC_BACKUP_PASSPHRASE_FILE) and
hold the installation's keys with the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Database: upgrade (apply migrations), backup PATH, restore PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("upgrade", help="apply pending migrations")
        back = sub.add_parser("backup", help="encrypted online backup of the database and keys")
        back.add_argument("path")
        rest = sub.add_parser("restore", help="replace the database and keys with a backup")
        rest.add_argument("path")
        for p in (back, rest):
            p.add_argument(
                "--passphrase-file",
                type=Path,
                help="file holding the backup passphrase (default MSOC_BACKUP_PASSPHRASE_FILE)",
            )

    def handle(self, *args: Any, **opts: Any) -> None:
        from msoc.backup import BackupError, backup, restore
        from msoc.cli import ensure_database

        try:
            if opts["action"] == "upgrade":
                ensure_database()
                from msoc.apps.search.engine import sync

                # Databases from before write-time indexing: index what no write indexed.
                while sync():
                    pass
                self.stdout.write("ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว")
            elif opts["action"] == "backup":
                manifest = backup(Path(opts["path"]), self._passphrase(opts, required=True) or "")
                rows = sum(manifest.counts.values())
                self.stdout.write(
                    f"สำรองแล้ว (เข้ารหัส พร้อมกุญแจของระบบ): {opts['path']}"
                    f" ({len(manifest.counts)} ตาราง, {rows:,} แถว)"
                )
                self.stderr.write("เก็บรหัสผ่านของไฟล์สำรองแยกจากไฟล์สำรอง: ถ้ารหัสผ่านหาย กู้คืนไม่ได้")
            else:
                done = restore(Path(opts["path"]), self._passphrase(opts, required=False))
                for note in done.notes:
                    self.stderr.write(note)
                rows = sum(done.manifest.counts.values())
                self.stdout.write(
                    f"กู้คืนและตรวจแล้วครบ: {len(done.manifest.counts)} ตาราง, {rows:,} แถว"
                )
        except (BackupError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _passphrase(self, opts: dict[str, Any], *, required: bool) -> str | None:
        path = opts["passphrase_file"] or (
            Path(settings.MSOC_BACKUP_PASSPHRASE_FILE)
            if settings.MSOC_BACKUP_PASSPHRASE_FILE
            else None
        )
        if path is None:
            if required:
                raise CommandError(
                    "ไฟล์สำรองมีข้อมูลส่วนบุคคล ต้องเข้ารหัส: ระบุ --passphrase-file"
                    " หรือตั้งค่า MSOC_BACKUP_PASSPHRASE_FILE"
                )
            return None
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"อ่านไฟล์รหัสผ่าน {path} ไม่ได้: {exc}") from exc

"""Backup and restore of the whole database, with a manifest to prove a restore is complete.

SQLite: the online backup API (safe while the app runs). PostgreSQL: pg_dump / pg_restore in the
custom format, the row counts taken in the very snapshot pg_dump reads.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dj_database_url import DBConfig
from django.conf import settings
from django.db import connection


class BackupError(Exception):
    """A backup or restore that failed, with the reason."""


@dataclass
class Manifest:
    """What a backup holds: the engine and the row count of every table."""

    engine: str
    counts: dict[str, int]

    def write(self, path: Path) -> None:
        """Store the manifest beside the backup file."""
        path.write_text(json.dumps({"engine": self.engine, "counts": self.counts}, indent=1))

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read the manifest of a backup file."""
        try:
            data = json.loads(path.read_text())
            return cls(engine=data["engine"], counts={k: int(v) for k, v in data["counts"].items()})
        except (OSError, ValueError, KeyError) as exc:
            raise BackupError(f"อ่านไฟล์กำกับการสำรอง {path} ไม่ได้: {exc}") from exc


def manifest_path(path: Path) -> Path:
    """The manifest's file name for a backup file."""
    return path.with_name(path.name + ".manifest.json")


def _db() -> DBConfig:
    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return str(_db()["ENGINE"]).endswith("sqlite3")


def table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    """Row counts of the given tables through a DB-API cursor."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from the DB's own catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def backup(path: Path) -> Manifest:
    """Write a complete, consistent backup of the database to `path` (and its manifest)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = _backup_sqlite(path) if _is_sqlite() else _backup_postgres(path)
    manifest.write(manifest_path(path))
    return manifest


def _backup_sqlite(path: Path) -> Manifest:
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(str(_db()["NAME"]), timeout=30)
    try:
        target = sqlite3.connect(str(tmp))
        with target:
            source.backup(target, pages=1024)
        tables = _sqlite_tables(target)
        counts = table_counts(target.cursor(), tables)
        target.close()
    finally:
        source.close()
    os.replace(tmp, path)  # the backup appears whole or not at all
    return Manifest("sqlite", counts)


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    # Full-text indexes and their shadow tables are derived data, rebuilt with their table.
    return [
        name
        for name, _ in rows
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    ]


def _pg_conninfo() -> str:
    from psycopg.conninfo import make_conninfo

    db = _db()
    return make_conninfo(
        host=db.get("HOST") or "localhost",
        port=str(db.get("PORT") or 5432),
        user=db.get("USER") or "",
        password=db.get("PASSWORD") or "",
        dbname=db["NAME"],
    )


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r[0] for r in cursor.fetchall()]


def _backup_postgres(path: Path) -> Manifest:
    if shutil.which("pg_dump") is None:
        raise BackupError("ไม่พบโปรแกรม pg_dump (ติดตั้ง postgresql-client)")
    import psycopg

    db = _db()
    with psycopg.connect(
        host=db.get("HOST") or "localhost",
        port=db.get("PORT") or 5432,
        user=db.get("USER"),
        password=db.get("PASSWORD"),
        dbname=db["NAME"],
    ) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        with conn.cursor() as cur:
            counts = table_counts(cur, _pg_tables(cur))
        done = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "-f",
                str(path),
                f"--dbname={_pg_conninfo()}",
            ],
            capture_output=True,
            text=True,
        )
        conn.rollback()
    if done.returncode != 0:
        raise BackupError(f"pg_dump ล้มเหลว: {done.stderr.strip()}")
    return Manifest("postgresql", counts)


def restore(path: Path) -> Manifest:
    """Replace the database with a backup, then check it against the backup's manifest."""
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {path}")
    manifest = Manifest.read(manifest_path(path))
    connection.close()
    if _is_sqlite():
        _restore_sqlite(path)
    else:
        _restore_postgres(path)
    verify(manifest)
    return manifest


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"ไฟล์สำรอง {path} เสียหาย (integrity_check)")
        target = sqlite3.connect(str(_db()["NAME"]), timeout=30)
        with target:
            source.backup(target)
        target.close()
    finally:
        source.close()


def _restore_postgres(path: Path) -> None:
    done = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_conninfo()}",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore ล้มเหลว: {done.stderr.strip()}")


def verify(manifest: Manifest) -> None:
    """Raise BackupError unless every table of the manifest has exactly its row count."""
    connection.close()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        missing = sorted(set(manifest.counts) - set(tables))
        if missing:
            raise BackupError(f"ตารางหายหลังกู้คืน: {', '.join(missing)}")
        actual = table_counts(cursor, list(manifest.counts))
    wrong = {t: (n, actual[t]) for t, n in manifest.counts.items() if actual[t] != n}
    if wrong:
        detail = ", ".join(f"{t}: {a} แถว (ควรเป็น {n})" for t, (n, a) in wrong.items())
        raise BackupError(f"ข้อมูลที่กู้คืนไม่ครบ: {detail}")

"""Backup and restore of the whole database, with a manifest to prove a restore is complete.

SQLite: the online backup API (safe while the app runs). PostgreSQL: pg_dump / pg_restore in the
custom format, the row counts taken in the very snapshot pg_dump reads.

A backup is one encrypted file (msoc.encryption's stream format, under a passphrase) holding a
tar of the database dump, its manifest and the installation's keys (msoc.keys): the national-ID
hashes and the audit chain are useless without theirs, so they travel together. The plain dump
only ever exists in a private folder under MSOC_VAR_DIR, beside the live database.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from dj_database_url import DBConfig
from django.conf import settings
from django.db import connection
from django.utils import timezone

from msoc import keys
from msoc.encryption import (
    CHUNK,
    STREAM_MAGIC,
    DecryptError,
    DecryptingReader,
    EncryptingWriter,
    check_passphrase,
)

MANIFEST = "manifest.json"
DATABASE = "database"
KEY_NAMES = {f"keys/{name}": name for name in keys.KEY_FILES}
# Where each key can be set instead of its file (a variable wins over the file).
KEY_VARIABLES = {
    keys.SECRET_FILE: "MSOC_SECRET_KEY",
    keys.REGISTER_ID_FILE: "MSOC_REGISTER_ID_KEY",
    keys.AUDIT_FILE: "MSOC_AUDIT_KEY",
}


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
        # S608: the names come from the database's own catalogue, never from input.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


@dataclass
class Restored:
    """What a restore brought back, and what the operator must still do."""

    manifest: Manifest
    notes: list[str] = field(default_factory=list)


@contextmanager
def _workdir() -> Iterator[Path]:
    """A private folder (0700) beside the live database for plain dumps; always removed."""
    var = Path(settings.VAR_DIR)
    var.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".backup-", dir=var))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def current_keys() -> dict[str, bytes]:
    """The installation's keys as they are used now (variables or files; made if missing)."""
    from msoc.apps.accounts.audit import audit_key
    from msoc.apps.register.services import register_id_key

    return {
        keys.SECRET_FILE: str(settings.SECRET_KEY).encode(),
        keys.REGISTER_ID_FILE: register_id_key(),
        keys.AUDIT_FILE: audit_key(),
    }


def backup(path: Path, passphrase: str) -> Manifest:
    """Write an encrypted, complete and consistent backup of the database and its keys to `path`."""
    check_passphrase(passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _workdir() as work:
        dump = work / DATABASE
        manifest = _backup_sqlite(dump) if _is_sqlite() else _backup_postgres(dump)
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        with _private(partial) as out:
            writer = EncryptingWriter(out, passphrase)
            with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
                body = json.dumps({"engine": manifest.engine, "counts": manifest.counts}).encode()
                _add_bytes(tar, MANIFEST, body)
                tar.add(dump, arcname=DATABASE)
                for name, value in current_keys().items():
                    _add_bytes(tar, f"keys/{name}", value + b"\n")
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)  # the backup appears whole or not at all
    _record("db.backup", path, manifest)
    return manifest


def _record(action: str, path: Path, manifest: Manifest) -> None:
    """Who took or restored a copy of all personal data is itself on record."""
    from msoc.apps.accounts.audit import record

    rows = sum(manifest.counts.values())
    record(None, action, "database", "", path=str(path), tables=len(manifest.counts), rows=rows)


def _private(path: Path) -> BinaryIO:
    """A new file only its owner can read."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


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
        # S603/S607: a fixed argument list, no shell; pg_dump is found on PATH like psql.
        done = subprocess.run(  # noqa: S603
            [  # noqa: S607
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


def restore(path: Path, passphrase: str | None) -> Restored:
    """Replace the database (and keys) with a backup, then check it against its manifest."""
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {path}")
    with path.open("rb") as f:
        encrypted = f.read(len(STREAM_MAGIC)) == STREAM_MAGIC
    if not encrypted:
        return _restore_plain(path)
    if not passphrase:
        raise BackupError("ไฟล์สำรองนี้เข้ารหัส: ระบุรหัสผ่านด้วย --passphrase-file")
    with _workdir() as work:
        _unpack(path, passphrase, work)
        manifest = Manifest.read(work / MANIFEST)
        _replace_database(work / DATABASE)
        verify(manifest)
        notes = restore_keys(work / "keys")
    _record("db.restore", path, manifest)
    return Restored(manifest, notes)


def _restore_plain(path: Path) -> Restored:
    """A backup of msoc before backups were encrypted: the file and its manifest beside it."""
    if not manifest_path(path).is_file():
        raise BackupError(
            f"{path} ไม่ใช่ไฟล์สำรองที่เข้ารหัสของ msoc และไม่พบไฟล์กำกับ {manifest_path(path).name}"
            " ของไฟล์สำรองรุ่นเก่า"
        )
    manifest = Manifest.read(manifest_path(path))
    _replace_database(path)
    verify(manifest)
    return Restored(manifest, ["ไฟล์สำรองรุ่นเก่าไม่ได้เข้ารหัสและไม่มีกุญแจ: ลบทิ้งเมื่อสำรองใหม่แล้ว"])


def _replace_database(dump: Path) -> None:
    connection.close()
    if _is_sqlite():
        _restore_sqlite(dump)
    else:
        _restore_postgres(dump)


def _unpack(path: Path, passphrase: str, work: Path) -> None:
    """Decrypt and unpack the backup's known members into `work`; anything else is refused."""
    wanted = {MANIFEST, DATABASE, *KEY_NAMES}
    try:
        with path.open("rb") as f:
            reader = DecryptingReader(f, passphrase)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    if member.name not in wanted or not member.isfile():
                        raise BackupError(f"ไฟล์สำรองมีส่วนที่ไม่รู้จัก: {member.name!r}")
                    target = work / member.name
                    target.parent.mkdir(mode=0o700, exist_ok=True)
                    source = tar.extractfile(member)
                    if source is None:  # a regular file always has a body
                        raise BackupError(f"อ่านส่วน {member.name!r} ของไฟล์สำรองไม่ได้")
                    with _private(target) as out:
                        shutil.copyfileobj(source, out)
            while reader.read(CHUNK):  # authenticate the stream to its very end
                pass
    except DecryptError as exc:
        raise BackupError(str(exc)) from exc
    except tarfile.TarError as exc:
        raise BackupError(f"ไฟล์สำรองเสียหาย: {exc}") from exc
    missing = sorted({MANIFEST, DATABASE} - {p.name for p in work.iterdir()})
    if missing:
        raise BackupError(f"ไฟล์สำรองไม่ครบ: ไม่มี {', '.join(missing)}")


def restore_keys(folder: Path) -> list[str]:
    """Put the backup's keys in MSOC_KEY_DIR (a different key there is kept aside); notes."""
    notes: list[str] = []
    key_dir = Path(settings.KEY_DIR)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    for name, variable in KEY_VARIABLES.items():
        source = folder / name
        if not source.is_file():
            notes.append(f"ไฟล์สำรองไม่มีกุญแจ {name}")
            continue
        value = keys.read_key(source)
        target = key_dir / name
        if target.is_file() and keys.read_key(target) == value:
            pass
        else:
            if target.is_file():
                target.rename(target.with_name(f"{name}.replaced-{stamp}"))
                notes.append(f"กุญแจ {name} เดิมเก็บไว้เป็น {name}.replaced-{stamp}")
            keys.write_key(target, value)
        if os.environ.get(variable) and os.environ[variable] != value:
            notes.append(f"{variable} ไม่ตรงกับกุญแจในไฟล์สำรอง: ตั้งค่าให้เท่ากับ {target} หรือเลิกตั้งค่า")
    keys.cache.clear()
    notes.append("เริ่มบริการ msoc ใหม่ (serve, worker) เพื่อใช้ฐานข้อมูลและกุญแจที่กู้คืน")
    return notes


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
    # S603/S607: a fixed argument list, no shell; pg_restore is found on PATH like pg_dump.
    done = subprocess.run(  # noqa: S603
        [  # noqa: S607
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

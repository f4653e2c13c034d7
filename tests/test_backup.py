"""`msoc db backup` / `restore`: encrypted, complete, with the keys; a restore is exact."""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from msoc import keys
from msoc.apps.accounts.audit import verify_chain
from msoc.apps.reports.models import NewsRow, Report
from msoc.apps.reports.services import import_report_file
from msoc.backup import manifest_path
from msoc.encryption import DecryptingReader, EncryptingWriter

pytestmark = pytest.mark.django_db(transaction=True)
PASSPHRASE = "backup passphrase for tests"


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.fixture(autouse=True)
def _own_keys(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Keys of this test only (a restore writes key files)."""
    settings.KEY_DIR = tmp_path / "keys"
    settings.MSOC_REGISTER_ID_KEY = b""
    settings.MSOC_AUDIT_KEY = b""
    keys.cache.clear()
    yield
    keys.cache.clear()


def db(*args: str) -> None:
    call_command("db", *args)


def members(target: Path) -> dict[str, bytes]:
    """The plain members of an encrypted backup."""
    with (
        target.open("rb") as f,
        tarfile.open(
            fileobj=DecryptingReader(f, PASSPHRASE),  # type: ignore[arg-type]
            mode="r|",
        ) as tar,
    ):
        out = {}
        for m in tar:
            body = tar.extractfile(m)
            out[m.name] = body.read() if body else b""
        return out


def test_backup_is_encrypted_holds_the_keys_and_restores_exactly(
    sample_report_path: Path, tmp_path: Path, passfile: Path, settings: Any
) -> None:
    import_report_file(sample_report_path)
    from msoc.apps.accounts.audit import audit_key
    from msoc.apps.register.services import register_id_key

    id_key, a_key = register_id_key(), audit_key()
    target = tmp_path / "msoc.backup"
    db("backup", str(target), "--passphrase-file", str(passfile))
    blob = target.read_bytes()
    assert blob.startswith(b"MSOCBAK1") and b"SQLite format" not in blob
    assert "ศปก" not in blob.decode("utf-8", "ignore") and not manifest_path(target).exists()
    held = members(target)
    assert json.loads(held["manifest.json"])["counts"]["reports_newsrow"] == 46
    assert held["keys/register-id.key"].strip() == id_key
    assert held["keys/audit.key"].strip() == a_key
    assert not [p for p in Path(settings.VAR_DIR).iterdir() if p.name.startswith(".backup-")]

    # A new machine: the database emptied and the key files gone.
    NewsRow.objects.all().delete()
    Report.objects.all().delete()
    for name in keys.KEY_FILES:
        (Path(settings.KEY_DIR) / name).unlink(missing_ok=True)
    keys.cache.clear()
    db("restore", str(target), "--passphrase-file", str(passfile))
    assert NewsRow.objects.count() == 46 and Report.objects.count() == 1
    assert register_id_key() == id_key and audit_key() == a_key
    assert (Path(settings.KEY_DIR) / "audit.key").stat().st_mode & 0o777 == 0o600
    assert verify_chain().ok


def test_backup_without_a_passphrase_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.MSOC_BACKUP_PASSPHRASE_FILE = ""
    with pytest.raises(CommandError, match="ต้องเข้ารหัส"):
        db("backup", str(tmp_path / "x.backup"))
    short = tmp_path / "short"
    short.write_text("short")
    with pytest.raises(CommandError, match="อย่างน้อย"):
        db("backup", str(tmp_path / "x.backup"), "--passphrase-file", str(short))
    assert not (tmp_path / "x.backup").exists()


def test_wrong_passphrase_or_altered_backup_restores_nothing(
    sample_report_path: Path, tmp_path: Path, passfile: Path
) -> None:
    import_report_file(sample_report_path)
    target = tmp_path / "msoc.backup"
    db("backup", str(target), "--passphrase-file", str(passfile))
    NewsRow.objects.all().delete()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the right passphrase")
    with pytest.raises(CommandError, match="ถอดรหัสไม่ได้"):
        db("restore", str(target), "--passphrase-file", str(wrong))
    blob = bytearray(target.read_bytes())
    cut = tmp_path / "cut.backup"
    cut.write_bytes(bytes(blob[: len(blob) - 100]))
    with pytest.raises(CommandError, match="ถอดรหัสไม่ได้"):
        db("restore", str(cut), "--passphrase-file", str(passfile))
    blob[len(blob) // 2] ^= 1
    flipped = tmp_path / "flipped.backup"
    flipped.write_bytes(bytes(blob))
    with pytest.raises(CommandError, match="ถอดรหัสไม่ได้"):
        db("restore", str(flipped), "--passphrase-file", str(passfile))
    with pytest.raises(CommandError, match="--passphrase-file"):
        db("restore", str(target))
    assert NewsRow.objects.count() == 0


def test_restore_refuses_a_backup_whose_rows_do_not_match_its_manifest(
    sample_report_path: Path, tmp_path: Path, passfile: Path
) -> None:
    import_report_file(sample_report_path)
    target = tmp_path / "msoc.backup"
    db("backup", str(target), "--passphrase-file", str(passfile))
    held = members(target)
    manifest = json.loads(held["manifest.json"])
    manifest["counts"]["reports_newsrow"] = 47
    held["manifest.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "forged.backup"
    with forged.open("wb") as out:
        writer = EncryptingWriter(out, PASSPHRASE)
        with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
            for name, body in held.items():
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
        writer.close()
    with pytest.raises(CommandError, match="reports_newsrow"):
        db("restore", str(forged), "--passphrase-file", str(passfile))


def test_a_restore_keeps_a_different_key_aside(
    tmp_path: Path, passfile: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "msoc.backup"
    db("backup", str(target), "--passphrase-file", str(passfile))
    audit = Path(settings.KEY_DIR) / "audit.key"
    backed_up = audit.read_text()
    audit.write_text("another key\n")
    db("restore", str(target), "--passphrase-file", str(passfile))
    assert audit.read_text() == backed_up
    aside = [p for p in audit.parent.iterdir() if p.name.startswith("audit.key.replaced-")]
    assert len(aside) == 1 and aside[0].read_text() == "another key\n"
    assert "เดิมเก็บไว้เป็น" in capsys.readouterr().err


def test_a_backup_of_the_older_plain_format_still_restores(
    sample_report_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from django.conf import settings

    from msoc.backup import Manifest, _backup_sqlite

    if not str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
        pytest.skip("the plain format test writes an SQLite file")
    import_report_file(sample_report_path)
    old = tmp_path / "old.backup"
    manifest = _backup_sqlite(old)
    manifest.write(manifest_path(old))
    assert isinstance(manifest, Manifest) and sqlite3.connect(old).execute("SELECT 1").fetchone()
    NewsRow.objects.all().delete()
    db("restore", str(old))
    assert NewsRow.objects.count() == 46
    assert "ไม่ได้เข้ารหัส" in capsys.readouterr().err


def test_restore_of_a_missing_or_broken_backup_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ไม่พบไฟล์สำรอง"):
        db("restore", str(tmp_path / "nothing.backup"))
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="กำกับ"):
        db("restore", str(broken))


def test_the_stream_round_trips_across_chunks() -> None:
    from msoc.encryption import CHUNK

    for size in (0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 7):
        data = os.urandom(size)
        out = io.BytesIO()
        writer = EncryptingWriter(out, PASSPHRASE)
        writer.write(data[: size // 2])
        writer.write(data[size // 2 :])
        writer.close()
        reader = DecryptingReader(io.BytesIO(out.getvalue()), PASSPHRASE)
        assert reader.read() == data and reader.finished, size

"""Keys kept outside the database: set by MSOC_* variables, or generated once under MSOC_KEY_DIR.

Three keys, independent of each other: Django's SECRET_KEY (sessions, signed cookies), the key of
the national-ID hashes (MSOC_REGISTER_ID_KEY) and the key of the audit chain (MSOC_AUDIT_KEY).
A key that is not set is generated on first use into its own file, readable by its owner only
(0600), so a fresh installation never runs on a key anyone could read in the source. Pure Python:
settings.py imports it before Django is set up.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

SECRET_FILE = "secret.key"  # noqa: S105 - a file name, not a secret
REGISTER_ID_FILE = "register-id.key"
AUDIT_FILE = "audit.key"
KEY_FILES = (SECRET_FILE, REGISTER_ID_FILE, AUDIT_FILE)

# The fallback secret of msoc before keys were generated. Only used to keep national-ID hashes
# stored by such an installation searchable (see msoc.apps.register.services.register_id_key).
# S105: public on purpose; it never signs anything, it only finds old hashes again.
LEGACY_SECRET_KEY = "msoc-insecure-development-key-set-MSOC_SECRET_KEY-in-production"  # noqa: S105


class KeyFileError(RuntimeError):
    """A key file that cannot be read or written."""


def new_key() -> str:
    """A fresh random key (256 bits and more, URL-safe text)."""
    return secrets.token_urlsafe(48)


def read_key(path: Path) -> str:
    """The key stored in a file; a file others can read is narrowed to its owner first."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("กุญแจ %s เปิดให้ผู้อื่นอ่านได้: ปรับสิทธิ์เป็น 0600", path)
            os.chmod(path, 0o600)
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise KeyFileError(f"อ่านไฟล์กุญแจ {path} ไม่ได้: {exc}") from exc
    if not text:
        raise KeyFileError(f"ไฟล์กุญแจ {path} ว่างเปล่า")
    return text


def read_or_create(path: Path, make: Callable[[], str] = new_key) -> str:
    """The key in `path`; when there is none, a new one written whole, mode 0600, exactly once.

    Several processes starting at once (server workers, tests) all end with the same key: the
    file appears by a hard link, which fails for every process but the first.
    """
    try:
        return read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(make() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process wrote it first: use theirs
        finally:
            tmp.unlink()
    except OSError as exc:
        raise KeyFileError(
            f"สร้างไฟล์กุญแจ {path} ไม่ได้ ({exc}): ตั้งค่าตัวแปรของกุญแจ หรือให้สิทธิ์เขียน {path.parent}"
        ) from exc
    return read_key(path)


def write_key(path: Path, value: str) -> None:
    """Store a given key (a restore's) at a path that holds none, owner-only."""
    if read_or_create(path, lambda: value) != value:
        raise KeyFileError(f"มีไฟล์กุญแจ {path} อื่นอยู่แล้ว")


class KeyCache:
    """Keys read once per process and path (the file never changes while msoc runs)."""

    def __init__(self) -> None:
        self._keys: dict[Path, bytes] = {}

    def get(self, path: Path, load: Callable[[], str]) -> bytes:
        """The cached key of `path`, loading it with `load` the first time."""
        if path not in self._keys:
            self._keys[path] = load().encode()
        return self._keys[path]

    def clear(self) -> None:
        """Forget every key (after a restore wrote new key files)."""
        self._keys.clear()


cache = KeyCache()

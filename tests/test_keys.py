"""Keys on a fresh installation (issue 17, finding 2): random, owner-only, independent, kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from msoc import keys
from tests.conftest import ROOT

SHOW_KEYS = """
import json, django
django.setup()
from django.conf import settings
from msoc.apps.accounts.audit import audit_key
print(json.dumps({"secret": settings.SECRET_KEY, "audit": audit_key().decode()}))
"""


def fresh_install(var: Path, **env: str) -> dict[str, str]:
    """The keys a new process sees with MSOC_VAR_DIR=var and no key variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MSOC_")}
    clean.update(
        MSOC_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="msoc.settings", PYTHONPATH=str(ROOT), **env
    )
    done = subprocess.run(
        [sys.executable, "-c", SHOW_KEYS], env=clean, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_a_fresh_install_generates_its_own_secret_key_once(tmp_path: Path) -> None:
    first = fresh_install(tmp_path / "var")
    assert first["secret"] != keys.LEGACY_SECRET_KEY and "insecure" not in first["secret"]
    assert len(first["secret"]) >= 50
    folder = tmp_path / "var" / "keys"
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in ("secret.key", "audit.key"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    again = fresh_install(tmp_path / "var")
    assert again == first  # kept, not generated again
    other = fresh_install(tmp_path / "other-var")
    assert other["secret"] != first["secret"] and other["audit"] != first["audit"]
    assert first["audit"] != first["secret"]


def test_the_secret_key_variable_wins_and_no_file_is_written(tmp_path: Path) -> None:
    shown = fresh_install(tmp_path / "var", MSOC_SECRET_KEY="x" * 60)
    assert shown["secret"] == "x" * 60
    assert not (tmp_path / "var" / "keys" / "secret.key").exists()


def test_key_files_readable_by_others_are_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    path.write_text("some-key\n")
    path.chmod(0o644)
    assert keys.read_or_create(path) == "some-key"
    assert path.stat().st_mode & 0o777 == 0o600


def test_concurrent_first_use_ends_with_one_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "keys" / "x.key"
    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: keys.read_or_create(path), range(32)))
    assert len(found) == 1 and not [p for p in path.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.django_db
def test_the_id_hash_key_is_its_own_file_not_derived_from_the_secret_key(
    settings: Any, tmp_path: Path
) -> None:
    from msoc.apps.register.services import id_hash, register_id_key
    from msoc.register.identity import hash_id

    settings.KEY_DIR = tmp_path / "keys"
    settings.MSOC_REGISTER_ID_KEY = b""
    key = register_id_key()
    path = tmp_path / "keys" / "register-id.key"
    assert path.read_text().strip().encode() == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"register-id:" not in key and settings.SECRET_KEY.encode() not in key
    number = "1101700207030"
    assert id_hash(number) == hash_id(number, key)
    for secret in (settings.SECRET_KEY, keys.LEGACY_SECRET_KEY):  # not recomputable from either
        assert id_hash(number) != hash_id(number, f"register-id:{secret}".encode())


@pytest.mark.django_db
def test_hashes_stored_before_key_files_stay_searchable(settings: Any, tmp_path: Path) -> None:
    """An installation upgraded with hashes made under the old derived key keeps that key."""
    from msoc.apps.register.models import Household, Member
    from msoc.apps.register.services import id_hash
    from msoc.register.identity import hash_id

    settings.KEY_DIR = tmp_path / "keys"
    settings.MSOC_REGISTER_ID_KEY = b""
    number = "1101700207030"
    legacy = hash_id(number, f"register-id:{keys.LEGACY_SECRET_KEY}".encode())
    household = Household.objects.create(
        code="L1", year=2568, province_code=19, district_code=1901, subdistrict_code=190101
    )
    Member.objects.create(
        household=household, person_no=1, sex=1, age=40, given_name="ก", national_id_hash=legacy
    )
    old = os.environ.pop("MSOC_SECRET_KEY", None)
    try:
        assert id_hash(number) == legacy
    finally:
        if old is not None:
            os.environ["MSOC_SECRET_KEY"] = old


@pytest.mark.django_db
def test_a_cookie_signed_with_the_old_public_key_is_refused(settings: Any) -> None:
    """The finding: a `messages` cookie signed with the key from the source was accepted."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest
    from django.test import Client, override_settings

    with override_settings(SECRET_KEY=keys.LEGACY_SECRET_KEY):
        forged = CookieStorage(HttpRequest())._encode([Message(constants.ERROR, "ปลอมข้อความ")])
    assert settings.SECRET_KEY != keys.LEGACY_SECRET_KEY
    client = Client()
    client.cookies["messages"] = forged
    assert "ปลอมข้อความ" not in client.get("/login").content.decode()
    with override_settings(SECRET_KEY=keys.LEGACY_SECRET_KEY):  # the same cookie under the old key
        old = Client()
        old.cookies["messages"] = forged
        assert "ปลอมข้อความ" in old.get("/login").content.decode()

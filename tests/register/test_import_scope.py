"""A province office writes only its own households (issue 17, finding 1).

The stored household decides, not only the address in the file: an office may not take over
another province's household by importing its house code with an address of its own province.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.register.actions.imports import do_import_survey
from msoc.apps.register.models import Household

EXAMPLE = Path(__file__).resolve().parents[2] / "msoc/data/register/example-survey.csv"
PASSWORD = "msoc-test-password-1"
KORAT = 19


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def stored(db: None) -> Household:
    """The example survey imported by the centre: house code 1 is a Bangkok household."""
    assert not do_import_survey(EXAMPLE).refused
    bangkok = Household.objects.get(code="1")
    assert bangkok.province_code != KORAT
    return bangkok


@pytest.fixture
def korat(db: None) -> User:
    return do_add_user("korat-office", PASSWORD, "province:นครราชสีมา")


def takeover_file(tmp_path: Path) -> Path:
    """House code 1 (stored in Bangkok) and a new code 901, both written with a Korat address."""
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    korat_row = next(line for line in lines[1:] if line.split(",")[0] == "2")
    rest = korat_row.split(",")[1:]
    path = tmp_path / "takeover.csv"
    rows = [lines[0], ",".join(["1", *rest]), ",".join(["901", *rest])]
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def assert_untouched(bangkok: Household) -> None:
    again = Household.objects.get(pk=bangkok.pk)
    assert again.province_code == bangkok.province_code
    assert again.district_code == bangkok.district_code
    names = sorted(again.members.filter(active=True).values_list("given_name", flat=True))
    assert names == ["สุพงษ์"], names
    assert Household.objects.get(code="901").province_code == KORAT  # the rest went in


def test_web_import_refuses_another_provinces_stored_household(
    stored: Household, korat: User, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(korat)
    from msoc.jobs import run_jobs

    with takeover_file(tmp_path).open("rb") as f:
        queued = client.post("/households/import/", {"file": f})
    assert queued.status_code == 302  # parsed by a background job, not in the request
    run_jobs()
    response = client.get(queued["Location"])
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "บ้านรหัส 1 เป็นครัวเรือนที่บันทึกไว้ในจังหวัดอื่นแล้ว" in page
    assert "ไม่นำเข้า 1 ครัวเรือนที่อยู่นอกจังหวัดที่ท่านรับผิดชอบ" in page
    assert_untouched(stored)
    assert client.get(f"/households/{stored.pk}/").status_code == 403


def test_command_import_as_a_province_user_refuses_it_too(
    stored: Household, korat: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("households", "import", str(takeover_file(tmp_path)), "--user", "korat-office")
    out = capsys.readouterr()
    assert "บ้านรหัส 1 เป็นครัวเรือนที่บันทึกไว้ในจังหวัดอื่นแล้ว" in out.err
    assert_untouched(stored)


def test_the_store_action_itself_refuses_a_province_user(
    stored: Household, korat: User, tmp_path: Path
) -> None:
    """The action checks again, so no other path (or a race) can write outside the scope."""
    from msoc.apps.register.actions import RegisterActionError
    from msoc.apps.register.actions.imports import store_parse
    from msoc.register.survey import parse_survey

    path = takeover_file(tmp_path)
    parse = parse_survey(path.read_bytes(), path.name)
    with pytest.raises(RegisterActionError, match="จังหวัดที่รับผิดชอบ"):
        store_parse(parse, source=path.name, actor=korat)
    assert Household.objects.get(pk=stored.pk).province_code == stored.province_code


def test_a_province_user_cannot_decide_another_provinces_duplicates(
    stored: Household, korat: User
) -> None:
    from msoc.apps.register.actions import RegisterActionError
    from msoc.apps.register.actions.merging import do_dismiss_duplicate
    from msoc.apps.register.models import DuplicateCandidate

    candidate = DuplicateCandidate.objects.create(
        kind=DuplicateCandidate.Kind.HOUSEHOLD,
        left_id=stored.pk,
        right_id=stored.pk + 1,
        province_code=stored.province_code,
        score=0.9,
        reasons=[],
    )
    with pytest.raises(RegisterActionError):
        do_dismiss_duplicate(candidate, actor=korat)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN

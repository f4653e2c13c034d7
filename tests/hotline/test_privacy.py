"""PDPA: personal data erased after the retention period; everything about one person exported."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.actions import do_apply_retention
from msoc.apps.hotline.models import Case, CasePerson
from msoc.apps.hotline.privacy import export_person
from msoc.apps.hotline.services import PersonAccessDenied, import_export_file, read_person
from tests.hotline.test_import import DEMO


@pytest.fixture
def imported(db: None) -> CasePerson:
    assert import_export_file(DEMO).committed
    return CasePerson.objects.select_related("case").exclude(phone="").first()


def test_retention_erases_old_personal_data_and_keeps_the_statistics(imported: CasePerson) -> None:
    received = imported.case.received_at
    cases, people = Case.objects.count(), CasePerson.objects.count()
    assert do_apply_retention(now=received + timedelta(days=10), days=30) == 0
    erased = do_apply_retention(now=received + timedelta(days=800), days=730)
    assert erased == people and CasePerson.objects.count() == 0
    assert Case.objects.count() == cases  # the figures of ๑.๕ stay
    event = AuditEvent.objects.get(action="hotline.person.erase")
    assert event.detail["count"] == people


def test_export_of_one_person_holds_their_cases_and_who_read_them(imported: CasePerson) -> None:
    editor = do_add_user("ed", "a-long-password-1", "editor")
    read_person(imported.case.case_id, actor=editor)
    data = export_person(actor=editor, phone=imported.phone)
    assert imported.case.case_id in [c["case_id"] for c in data["cases"]]
    assert all(c["phone"] == imported.phone for c in data["cases"])
    assert any(a["by"] == "ed" and a["action"] == "hotline.person.read" for a in data["accesses"])
    assert AuditEvent.objects.filter(action="hotline.person.export", actor=editor).exists()


def test_export_is_refused_to_other_roles_and_needs_a_key(imported: CasePerson) -> None:
    viewer = do_add_user("vi", "a-long-password-1", "viewer")
    with pytest.raises(PersonAccessDenied):
        export_person(actor=viewer, phone=imported.phone)
    admin = do_add_user("ad", "a-long-password-1", "admin")
    with pytest.raises(ValueError):
        export_person(actor=admin)
    with pytest.raises(CommandError):
        call_command("hotline", "person-export", "--as", "vi", "--phone", imported.phone)

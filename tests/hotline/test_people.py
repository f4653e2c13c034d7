"""Callers' personal data: apart from the statistics, admin and editor only, every read logged."""

from __future__ import annotations

from datetime import date

import pytest

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.models import CasePerson
from msoc.apps.hotline.services import PersonAccessDenied, import_export_file, read_person
from msoc.apps.reports.build import build_daily_report
from tests.hotline.test_import import DEMO


@pytest.fixture
def imported(db: None) -> CasePerson:
    assert import_export_file(DEMO).committed
    return CasePerson.objects.select_related("case").exclude(phone="").first()


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_admin_and_editor_read_and_each_read_is_logged(imported: CasePerson, role: str) -> None:
    user = do_add_user(f"u-{role}", "a-long-password-1", role)
    for _ in range(2):
        person = read_person(imported.case.case_id, actor=user)
        assert person is not None and person.phone == imported.phone
    events = AuditEvent.objects.filter(action="hotline.person.read", actor=user)
    assert events.count() == 2 and events.first().target_id == imported.case.case_id


@pytest.mark.parametrize("role", ["viewer", "unit:ดย."])
def test_other_roles_are_refused_and_the_attempt_is_logged(imported: CasePerson, role: str) -> None:
    user = do_add_user("someone", "a-long-password-1", role)
    with pytest.raises(PersonAccessDenied):
        read_person(imported.case.case_id, actor=user)
    with pytest.raises(PersonAccessDenied):
        read_person(imported.case.case_id, actor=None)
    assert AuditEvent.objects.filter(action="hotline.person.denied").count() == 2
    assert not AuditEvent.objects.filter(action="hotline.person.read").exists()


def test_personal_data_never_reaches_the_report(imported: CasePerson) -> None:
    text = build_daily_report(date(2023, 5, 3)).to_json()
    assert imported.phone not in text and imported.name not in text

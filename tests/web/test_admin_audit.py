"""Changes made in the Django admin land in the hash-chained audit log (issue 17, finding 11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client

from msoc.apps.accounts.audit import verify_chain
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.units.models import Unit
from msoc.web.admin_site import AuditedModelAdmin


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.mark.django_db
def test_admin_add_change_and_delete_are_audited(clients: dict[str, Client]) -> None:
    staff = clients["admin"]
    form = {"code": "ทด.", "name": "หน่วยทดลอง", "name_en": "", "order": "120", "active": "on"}
    assert staff.post("/admin/units/unit/add/", form).status_code == 302
    unit = Unit.objects.get(code="ทด.")
    added = events("admin.add")
    assert [(e.target, e.target_id, e.actor_name) for e in added] == [
        ("units.Unit", str(unit.pk), "admin-user")
    ]
    assert added[0].after["name"] == "หน่วยทดลอง"

    changed = {**form, "name": "หน่วยทดลองใหม่"}
    assert staff.post(f"/admin/units/unit/{unit.pk}/change/", changed).status_code == 302
    (change,) = events("admin.change")
    assert change.before["name"] == "หน่วยทดลอง" and change.after["name"] == "หน่วยทดลองใหม่"
    assert "ชื่อหน่วยงาน" in str(change.detail["message"])

    other = Unit.objects.create(code="ทด2.", name="อีกหน่วย", order=121)
    bulk = {"action": "delete_selected", "_selected_action": [unit.pk, other.pk], "post": "yes"}
    assert staff.post("/admin/units/unit/", bulk).status_code == 302
    assert not Unit.objects.filter(pk__in=[unit.pk, other.pk]).exists()
    deleted = events("admin.delete")
    assert sorted(e.target_id for e in deleted) == sorted([str(unit.pk), str(other.pk)])
    assert {e.before["code"] for e in deleted} == {"ทด.", "ทด2."}
    assert verify_chain().ok


@pytest.mark.django_db
def test_admin_changes_to_accounts_are_audited_without_secrets(
    clients: dict[str, Client], users: dict[str, Any]
) -> None:
    viewer = users["viewer"]
    page = clients["admin"].post(
        f"/admin/auth/user/{viewer.pk}/password/",
        {"password1": "another-long-pass-2568", "password2": "another-long-pass-2568"},
    )
    assert page.status_code == 302
    (event,) = events("admin.change")
    assert event.target == "auth.User" and event.target_id == str(viewer.pk)
    assert "password" not in event.after and "argon2" not in str(event.after)
    viewer.refresh_from_db()
    assert viewer.password[:10] not in str(event.after)


def test_every_model_admin_is_audited() -> None:
    assert admin.site._registry  # msoc's, Django's and third-party apps' admins alike
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedModelAdmin), model

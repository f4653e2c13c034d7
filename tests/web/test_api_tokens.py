"""API tokens can be issued and revoked, and read-only tokens never write (issue 17, finding 10)."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from msoc.apps.accounts.models import ApiToken, AuditEvent
from msoc.apps.hotline.models import DayTotals

DAY = "2024-01-02"
GOOD = {"total": 7, "channels": {"hotline": 7}}
BAD = {"total": "not a number", "channels": {"bogus": -1}}


def issue(username: str, scope: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("tokens", "add", username, "--scope", scope, stdout=out, stderr=err)
    lines = out.getvalue().split()
    assert len(lines) == 1 and lines[0].startswith("msoc_"), out.getvalue()
    assert "แสดงครั้งเดียว" in err.getvalue()
    return lines[0]


def put(client: Client, body: dict[str, Any]) -> Any:
    return client.put(f"/api/hotline/{DAY}", data=body, content_type="application/json")


@pytest.mark.django_db
def test_command_issues_a_token_shown_once_and_stores_only_its_hash(users: dict[str, Any]) -> None:
    raw = issue("editor-user", "write")
    token = ApiToken.objects.get()
    assert token.scope == "write" and token.token_hash == ApiToken.hash(raw)
    assert raw not in str(list(ApiToken.objects.values())) + str(list(AuditEvent.objects.values()))
    assert AuditEvent.objects.filter(action="token.issue", target_id=str(token.pk)).exists()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/reports").status_code == 200
    assert put(client, GOOD).status_code == 200
    with pytest.raises(CommandError, match="ไม่พบบัญชีผู้ใช้"):
        call_command("tokens", "add", "nobody", "--scope", "read")
    call_command("tokens", "revoke", str(token.pk))
    assert client.get("/api/reports").status_code == 401
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


@pytest.mark.django_db
def test_a_read_only_token_is_refused_writes_before_the_body_is_read(
    users: dict[str, Any],
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue('editor-user', 'read')}")
    assert client.get("/api/reports").status_code == 200
    for body in (BAD, GOOD):
        refused = put(client, body)
        assert refused.status_code == 403, refused.content
        assert "อ่านอย่างเดียว" in refused.json()["detail"]
    assert not DayTotals.objects.exists()


@pytest.mark.django_db
def test_a_role_that_may_not_write_gets_403_not_422(users: dict[str, Any]) -> None:
    token = Client(HTTP_AUTHORIZATION=f"Bearer {issue('viewer-user', 'write')}")
    session = Client()
    session.force_login(users["viewer"])
    for client in (token, session):
        refused = put(client, BAD)
        assert refused.status_code == 403, refused.content
    assert not DayTotals.objects.exists()


@pytest.mark.django_db
def test_admins_issue_and_revoke_tokens_on_a_page(
    users: dict[str, Any], clients: dict[str, Client]
) -> None:
    admin = clients["admin"]
    assert admin.get("/tokens/").status_code == 200
    assert clients["editor"].get("/tokens/").status_code == 403
    editor_pk = users["editor"].pk
    page = admin.post("/tokens/", {"user": editor_pk, "name": "ระบบ ศปก.จังหวัด", "scope": "read"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    raw = re.search(r'<pre class="token">(msoc_[\w-]+)</pre>', html)
    assert raw is not None and "แสดงครั้งเดียว" in html
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw.group(1)}")
    assert client.get("/api/reports").status_code == 200 and put(client, GOOD).status_code == 403
    token = ApiToken.objects.get()
    assert raw.group(1) not in admin.get("/tokens/").content.decode()  # never shown again
    event = AuditEvent.objects.get(action="token.issue")
    assert event.actor_name == "admin-user" and event.after["scope"] == "read"
    bad = admin.post("/tokens/", {"user": editor_pk, "name": "", "scope": "admin"})
    assert bad.status_code == 400 and "ต้องระบุชื่อระบบ" in bad.content.decode()
    assert clients["editor"].post(f"/tokens/{token.pk}/revoke/").status_code == 403
    assert admin.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    assert client.get("/api/reports").status_code == 401
    assert AuditEvent.objects.get(action="token.revoke").actor_name == "admin-user"

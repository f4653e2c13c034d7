"""Login, throttling, CSRF, cookies, security headers, error pages, escaping."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from msoc.apps.hotline.models import DayTotals
from tests.web.conftest import OTHER_DAY, PASSWORD, add_item, at

OD = OTHER_DAY.isoformat()


@pytest.mark.django_db
def test_login_logout_and_redirects(users: dict[str, Any]) -> None:
    client = Client()
    assert client.get("/review/")["Location"].startswith("/login?next=/review/")
    page = client.get("/login")
    assert 'name="username"' in page.content.decode() and 'name="password"' in page.content.decode()
    response = client.post(
        "/login", {"username": "editor-user", "password": PASSWORD, "next": "/review/"}
    )
    assert response.status_code == 302 and response["Location"] == "/review/"
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/logout").status_code == 405  # a link cannot sign out
    client.post("/logout")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_login_refuses_foreign_next_and_explains_in_thai(users: dict[str, Any]) -> None:
    client = Client()
    response = client.post(
        "/login", {"username": "editor-user", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    bad = Client().post("/login", {"username": "editor-user", "password": "wrong"})
    assert bad.status_code == 400 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in bad.content.decode()


@pytest.mark.django_db
def test_login_locks_after_repeated_failures(users: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/login", {"username": "viewer-user", "password": "wrong-password"})
    locked = client.post("/login", {"username": "viewer-user", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2() -> None:
    from msoc import settings as msoc_settings

    assert msoc_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_csrf_is_enforced_on_forms(users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    refused = client.post(f"/entry/hotline/{OD}/", {"total": "10"})
    assert refused.status_code == 403 and "แบบฟอร์มหมดอายุ" in refused.content.decode()
    assert not DayTotals.objects.exists()
    client.get(f"/entry/hotline/{OD}/")
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert (
        client.post(
            f"/entry/hotline/{OD}/", {"total": "10", "csrfmiddlewaretoken": token}
        ).status_code
        == 302
    )
    assert DayTotals.objects.get(date=OTHER_DAY).total == 10
    for url in ("/review/bulk/", f"/reports/{OD}/issue/", f"/reports/{OD}/draft/"):
        assert client.post(url, {}).status_code == 403, url


@pytest.mark.django_db
def test_security_headers_and_no_inline_script(clients: dict[str, Any]) -> None:
    response = clients["editor"].get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    import re

    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html and "<style" not in html and " onclick=" not in html


@pytest.mark.django_db
def test_error_pages_are_thai_without_traces(clients: dict[str, Any]) -> None:
    missing = clients["viewer"].get("/no/such/page/")
    assert missing.status_code == 404 and "ไม่พบหน้า" in missing.content.decode()
    assert clients["viewer"].get("/reports/not-a-date/preview/").status_code == 404
    forbidden = clients["viewer"].get("/review/")
    assert forbidden.status_code == 403 and "ไม่มีสิทธิ์" in forbidden.content.decode()
    assert "Traceback" not in missing.content.decode() + forbidden.content.decode()
    assert not django_settings.DEBUG


@pytest.mark.django_db
def test_user_text_is_escaped_in_pages(clients: dict[str, Any], news: Any) -> None:
    from datetime import timedelta

    from tests.web.conftest import DAY

    evil = add_item(
        news.source,
        99,
        '<script>alert("x")</script>',
        when=at(DAY, 1) - timedelta(hours=1),
        summary="<img src=x onerror=alert(1)>",
    )
    page = clients["editor"].get(f"/review/?day={DAY.isoformat()}").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert evil.pk

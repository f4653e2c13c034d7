"""Requests that used to answer 500 or English: days out of range, an unknown Host, the API's
422 texts, huge numbers in query strings; and pages of personal data kept out of caches."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.web.conftest import make_token
from tests.web.test_register_pages import make_household

THAI = re.compile(r"[\u0e01-\u0e5b]")
ENGLISH_SENTENCE = re.compile(r"\b(Input|Ensure|should|Field required|Cannot|Not Found)\b")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/reports/0001-01-01/",
        "/reports/9999-12-31/",
        "/reports/0001-01-01/preview/",
        "/reports/9999-12-31/preview/",
        "/entry/hotline/0001-01-01/",
        "/entry/units/ดย./9999-12-31/",
    ],
)
def test_days_out_of_range_in_paths_are_404(clients: dict[str, Any], url: str) -> None:
    clients["editor"].raise_request_exception = False
    response = clients["editor"].get(url)
    assert response.status_code == 404, url
    assert "ไม่พบ" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2023-02-30", "yesterday"])
def test_review_day_parameter_out_of_range_is_a_thai_400(clients: dict[str, Any], day: str) -> None:
    clients["editor"].raise_request_exception = False
    response = clients["editor"].get(f"/review/?day={day}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "วันที่ต้องอยู่ระหว่าง" in page and "Traceback" not in page


@pytest.mark.django_db
def test_day_fields_of_forms_refuse_days_out_of_range(clients: dict[str, Any]) -> None:
    from msoc.apps.reports.models import StandingBlock

    editor = clients["editor"]
    search = editor.get("/search/?q=x&date_from=0001-01-01")
    assert search.status_code == 400 and "วันที่ต้องอยู่ระหว่าง" in search.content.decode()
    standing = editor.post(
        "/entry/standing/section3/",
        {"title": "ข้อสั่งการ", "body": "ข้อความ", "valid_from": "9999-12-31"},
    )
    assert standing.status_code == 400 and "วันที่ต้องอยู่ระหว่าง" in standing.content.decode()
    assert not StandingBlock.objects.exists()


@pytest.mark.django_db
def test_huge_numbers_in_query_strings_are_ignored(clients: dict[str, Any]) -> None:
    clients["admin"].raise_request_exception = False
    for url in (
        "/households/poverty/?year=99999999999999999999999",
        "/households/?province=99999999999999999999999",
        "/search/?q=x&page=99999999999999999999999",
    ):
        assert clients["admin"].get(url).status_code in (200, 400), url


@pytest.mark.django_db
def test_unknown_host_is_a_400_with_the_security_headers(users: Any) -> None:
    client = Client(HTTP_HOST="evil.example")
    client.raise_request_exception = False
    response = client.get("/login")
    assert response.status_code == 400
    assert "Host" in response.content.decode() and "ไม่อยู่ในรายชื่อ" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def _api(users: dict[str, Any]) -> Client:
    client = Client(HTTP_AUTHORIZATION="Bearer " + make_token(users["editor"]))
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/reports/0001-01-01", "/api/reports/9999-12-31", "/api/hotline/0001-01-01"],
)
def test_api_days_out_of_range_are_refused_in_thai(users: dict[str, Any], url: str) -> None:
    response = _api(users).get(url)
    assert response.status_code == 422 and "วันที่ต้องอยู่ระหว่าง" in response.json()["detail"]


@pytest.mark.django_db
def test_api_422_and_400_texts_are_thai(users: dict[str, Any]) -> None:
    api = _api(users)
    answers = [
        api.put("/api/hotline/2023-05-03", b"{bad", content_type="application/json"),
        api.put("/api/hotline/2023-05-03", {"total": -1}, content_type="application/json"),
        api.put("/api/hotline/2023-05-03", {"male": 1.5}, content_type="application/json"),
        api.put("/api/hotline/2023-05-03", {"total": 10**15}, content_type="application/json"),
        api.get("/api/items?q=" + "ก" * 201),
        api.get("/api/items?place=a%00b"),
        api.get("/api/items?date_from=2023-13-01"),
        api.get("/api/reports?page=0"),
        api.get("/api/reports/2023-02-30"),
    ]
    for response in answers:
        assert response.status_code in (400, 422), response.content
        detail = response.json()["detail"]
        texts = [detail] if isinstance(detail, str) else [d["msg"] for d in detail]
        for text in texts:
            assert THAI.search(text) and not ENGLISH_SENTENCE.search(text), text
    total = answers[3].json()["detail"][0]
    assert total["loc"] == ["body", "payload", "total"] and total["msg"].startswith("total: ")
    assert Client().get("/api/reports").json()["detail"].startswith("ต้องเข้าสู่ระบบ")


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_cached(clients: dict[str, Any]) -> None:
    household = make_household(
        "100000001", 10, 1001, 100101, people=[("นาย", "สมชาย", "ใจดี", 1, 40)], id_seed=7
    )
    admin = clients["admin"]
    for url in (
        "/households/",
        f"/households/{household.pk}/",
        "/households/duplicates/",
        "/households/screening/",
        "/admin/",
        "/admin/hotline/case/",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    assert "no-store" not in clients["viewer"].get("/report.css").get("Cache-Control", "")

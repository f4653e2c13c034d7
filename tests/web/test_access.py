"""Every route × every role: allowed or denied, as the role rules say (issue 5, issue 9 item 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from msoc.apps.reports.models import Report
from tests.web.conftest import DAY, OTHER_DAY, at, make_token

READ = {"viewer", "unit", "editor", "admin"}
EDIT = {"editor", "admin"}
ADMIN = {"admin"}
ALL_ROLES = ("anonymous", "viewer", "unit", "editor", "admin", "token")
D, OD = DAY.isoformat(), OTHER_DAY.isoformat()


@dataclass
class Route:
    method: str
    url: str
    allowed: set[str]
    data: dict[str, Any] | None = None
    api: bool = False


def routes(ids: dict[str, int]) -> list[Route]:
    """The table: every page and endpoint with the roles allowed on it."""
    row, row2, item = ids["row"], ids["row2"], ids["item"]
    hotline = {"total": "10", "male": "4", "female": "6"}
    return [
        Route("GET", "/", READ),
        Route("GET", "/reports/", READ),
        Route("GET", f"/reports/{D}/preview/", READ),
        Route("GET", f"/reports/{ids['report']}/download/pdf/", READ),
        Route("GET", "/search/?q=น้ำท่วม", READ),
        Route("GET", "/trends/", READ),
        Route("GET", "/trends/export/topics.csv", READ),
        Route("GET", "/trends/export/provinces.xlsx", READ),
        Route("GET", f"/reports/{OD}/", EDIT),
        Route("POST", f"/reports/{OD}/draft/", EDIT),
        Route("POST", f"/reports/{OD}/headlines/", EDIT, {"headlines": "ประเด็นหนึ่ง"}),
        Route(
            "POST",
            f"/reports/{OD}/rows/",
            EDIT,
            {
                "section": "social",
                "source": "มติชน",
                "place": "กทม.",
                "summary": "สรุป",
                "published_at": "2023-05-03T05:00",
            },
        ),
        Route(
            "POST",
            f"/reports/rows/{row}/edit/",
            EDIT,
            {
                f"r{row}-section": "social",
                f"r{row}-source": "ข่าวสด",
                f"r{row}-place": "ภูเก็ต",
                f"r{row}-summary": "แก้แล้ว",
            },
        ),
        Route("POST", f"/reports/rows/{row}/move/down/", EDIT),
        Route("POST", f"/reports/rows/{row2}/delete/", EDIT),
        Route("POST", f"/reports/{OD}/pull/", EDIT),
        Route("GET", "/review/", EDIT),
        Route("GET", "/review/quality/", EDIT),
        Route("POST", f"/review/{item}/accept/", EDIT),
        Route("POST", f"/review/{item}/move/", EDIT, {"section": "foreign"}),
        Route("POST", "/review/bulk/", EDIT, {"ids": [str(item)], "action": "reject"}),
        Route("GET", "/entry/", {"unit", "editor", "admin"}),
        Route("GET", f"/entry/hotline/{OD}/", EDIT),
        Route("POST", f"/entry/hotline/{OD}/", EDIT, hotline),
        Route("GET", f"/entry/units/ดย./{OD}/", {"unit", "editor", "admin"}),
        Route("POST", f"/entry/units/ดย./{OD}/", {"unit", "editor", "admin"}, {"text": "กิจกรรม"}),
        Route("GET", f"/entry/units/พส./{OD}/", EDIT),
        Route("POST", f"/entry/units/พส./{OD}/", EDIT, {"text": "กิจกรรมของหน่วยอื่น"}),
        Route("GET", "/entry/standing/section3/", EDIT),
        Route(
            "POST",
            "/entry/standing/section3/",
            EDIT,
            {"title": "๓. ข้อสั่งการ", "body": "# หัวข้อ\nย่อหน้า", "valid_from": D},
        ),
        Route("GET", "/reports/import/", EDIT),
        Route("GET", "/audit/", ADMIN),
        Route("GET", "/tokens/", ADMIN),
        Route("POST", "/tokens/", ADMIN, {"name": "x", "scope": "read"}),
        Route("POST", f"/tokens/{ids['token']}/revoke/", ADMIN),
        Route("GET", "/sources/", EDIT),
        Route("GET", "/admin/", ADMIN),
        Route("POST", f"/reports/{OD}/issue/", EDIT),
        Route("POST", f"/reports/{D}/correct/", EDIT),
        Route("GET", "/api/reports", READ | {"token"}, api=True),
        Route("GET", f"/api/reports/{D}", READ | {"token"}, api=True),
        Route("GET", "/api/items?q=น้ำท่วม", READ | {"token"}, api=True),
        Route("GET", f"/api/hotline/{D}", {"viewer", "editor", "admin", "token"}, api=True),
        Route("PUT", f"/api/hotline/{OD}", {"editor", "admin"}, {"total": 5}, api=True),
        *alert_routes(ids),
        *register_routes(ids),
        *rhythm_routes(),
    ]


def rhythm_routes() -> list[Route]:
    """Submissions and saved searches (issue 22)."""
    return [
        Route("GET", "/submissions/", READ),
        Route("GET", f"/submissions/{D}/", READ),
        Route("GET", "/search/saved/?q=น้ำท่วม", READ),
        Route(
            "POST",
            "/search/saved/",
            READ - {"viewer"},
            {"name": "ตามข่าว", "q": "น้ำท่วม", "schedule": "hourly"},
        ),
        Route("POST", "/search/saved/999999/delete/", READ - {"viewer"}),
    ]


def alert_routes(ids: dict[str, int]) -> list[Route]:
    """Alerts, rules, distribution lists, deliveries and the ๕.๑ suggestion (issue 8)."""
    alert, rule, dlist, recipient = ids["alert"], ids["rule"], ids["list"], ids["recipient"]
    return [
        Route("GET", "/alerts/", READ),
        Route("GET", f"/alerts/{alert}/", READ),
        Route("POST", f"/alerts/{alert}/ack/", EDIT),
        Route("GET", "/alerts/rules/", EDIT),
        Route(
            "POST",
            "/alerts/rules/",
            EDIT,
            {"name": "กฎใหม่", "kind": "story_breadth", "quiet_hours": "6", "outlets": "3"},
        ),
        Route("POST", f"/alerts/rules/{rule}/toggle/", EDIT),
        Route("GET", "/distribution/", EDIT),
        Route("POST", "/distribution/", EDIT, {"name": "รายชื่อใหม่", "reports": "on"}),
        Route(
            "POST",
            f"/distribution/{dlist}/recipients/",
            EDIT,
            {"position": "ผอ.", "email": "new@example.go.th"},
        ),
        Route("POST", f"/distribution/recipients/{recipient}/delete/", EDIT),
        Route("GET", "/deliveries/", EDIT),
        Route("POST", f"/reports/{OD}/suggestions/accept/", EDIT, {"line": ["ประเด็นหนึ่ง"]}),
    ]


def register_routes(ids: dict[str, int]) -> list[Route]:
    """The target-group register (issue 10): households need assigned provinces, which only the
    admin has here (this table's editor has none); area figures are open to every reader."""
    h, consent, referral, pair = ids["household"], ids["consent"], ids["referral"], ids["pair"]
    return [
        Route("GET", "/households/", EDIT),
        Route("GET", "/hazards/", EDIT),  # hazard pages: the register's roles (tests/hazards)
        Route("GET", f"/households/{h}/", ADMIN),
        Route("POST", f"/households/{h}/assistance/", ADMIN, {"help-kind": "cash"}),
        Route("POST", f"/households/{h}/consents/", ADMIN, {"consent-method": "signed"}),
        Route("POST", f"/households/consents/{consent}/withdraw/", ADMIN),
        Route("POST", f"/households/{h}/referrals/", ADMIN, {"referral-reason": "ส่งต่อ"}),
        Route("POST", f"/households/referrals/{referral}/move/", ADMIN, {"status": "accepted"}),
        Route("POST", f"/households/{h}/cases/", ADMIN, {"case-case_id": "ไม่มี"}),
        Route("GET", "/households/import/", EDIT),
        Route("POST", "/households/import/", EDIT),
        Route("GET", "/households/poverty/", READ),
        Route("GET", "/households/poverty/?format=csv", READ),
        Route("GET", "/households/screening/", EDIT),
        Route("GET", "/households/screening/?province=19", ADMIN),
        Route("GET", "/households/duplicates/?province=19", ADMIN),
        Route("POST", f"/households/duplicates/{pair}/dismiss/", ADMIN),
        Route("POST", f"/households/duplicates/{pair}/merge/", ADMIN, {"keep": "0"}),
    ]


def register_ids() -> dict[str, int]:
    """A household of นครราชสีมา with a consent, a referral and a likely duplicate pair."""
    from msoc.apps.register import actions
    from msoc.apps.register.models import DuplicateCandidate
    from msoc.apps.units.models import Unit
    from tests.web.test_register_pages import make_household

    household = make_household(
        "ACC-0001", 19, 3001, 300101, id_seed=900, people=[("นาย", "ทดสอบ", "สิทธิ์", 1, 50)]
    )
    consent = actions.do_record_consent(
        household, purpose="ส่งต่อ", given_by="นายทดสอบ", method="signed", actor=None
    )
    units = list(Unit.objects.order_by("order")[:2])
    referral = actions.do_create_referral(
        household, from_unit=units[0], to_unit=units[1], reason="ทดสอบ", consent=consent, actor=None
    )
    pair = DuplicateCandidate.objects.create(
        kind="household", left_id=household.pk, right_id=household.pk + 1, province_code=19, score=1
    )
    return {
        "household": household.pk,
        "consent": consent.pk,
        "referral": referral.pk,
        "pair": pair.pk,
    }


def alert_ids() -> dict[str, int]:
    """An alert rule that fired once, and a distribution list with one addressee."""
    from django.utils import timezone

    from msoc.apps.alerts.models import Alert, AlertRule, DistributionList, Recipient

    rule = AlertRule.objects.create(name="กฎ", kind="story_breadth", params={})
    alert = Alert.objects.create(rule=rule, key="k", fired_at=timezone.now(), title="แจ้งเตือน")
    dlist = DistributionList.objects.create(name="ผู้บริหาร")
    recipient = Recipient.objects.create(distribution_list=dlist, email="a@example.go.th")
    return {"alert": alert.pk, "rule": rule.pk, "list": dlist.pk, "recipient": recipient.pk}


def denied(route: Route, status: int, location: str) -> bool:
    """Whether a response refuses the caller (403, 401, or a redirect to a login page)."""
    if status in (401, 403):
        return True
    return status == 302 and (location.startswith("/login") or location.startswith("/admin/login"))


@pytest.fixture
def world(users: dict[str, Any], news: Any, sample: Report, settings: Any) -> dict[str, Any]:
    """A frozen report with a PDF in the archive, a draft with two rows, items to review."""
    from msoc.apps.reports.actions import rows

    archive = settings.ARCHIVE_DIR
    archive.mkdir(parents=True, exist_ok=True)
    pdf = archive / "sample.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    Report.objects.filter(pk=sample.pk).update(pdf_path=str(pdf))
    fields = {
        "section": "social",
        "source": "ไทยรัฐ",
        "place": "กทม.",
        "summary": "ข่าวหนึ่ง",
        "published_at": at(OTHER_DAY, 5),
    }
    first = rows.do_add_row(OTHER_DAY, fields, actor=None)
    second = rows.do_add_row(OTHER_DAY, {**fields, "summary": "ข่าวสอง"}, actor=None)
    viewer_token = make_token(users["viewer"], scope="read")
    from msoc.apps.accounts.models import ApiToken

    return {
        "ids": {
            "report": sample.pk,
            "row": first.pk,
            "row2": second.pk,
            "item": news.items[0].pk,
            **alert_ids(),
            **register_ids(),
            "token": ApiToken.objects.get().pk,
        },
        "viewer_token": viewer_token,
    }


def _client(role: str, clients: dict[str, Client], world: dict[str, Any]) -> Client:
    if role == "token":
        return Client(HTTP_AUTHORIZATION=f"Bearer {world['viewer_token']}")
    return clients[role]


def _call(client: Client, route: Route) -> Any:
    if route.method == "GET":
        return client.get(route.url)
    if route.method == "PUT":
        return client.put(route.url, data=route.data or {}, content_type="application/json")
    return client.post(route.url, data=route.data or {})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_route_allows_or_denies_by_role(
    role: str, clients: dict[str, Client], world: dict[str, Any]
) -> None:
    client = _client(role, clients, world)
    wrong = []
    for route in routes(world["ids"]):
        response = _call(client, route)
        assert response.status_code < 500, (
            f"{route.method} {route.url} as {role}: {response.status_code}"
        )
        refused = denied(route, response.status_code, response.get("Location", ""))
        if refused == (role in route.allowed):
            wrong.append(
                f"{route.method} {route.url}: {response.status_code} "
                f"({'refused' if refused else 'allowed'}, expected the opposite)"
            )
        if role == "anonymous" and route.api:
            assert response.status_code == 401, route.url
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_table_covers_every_route(world: dict[str, Any]) -> None:
    """A new route must be added to the table: every named page route appears in it."""
    from django.urls import get_resolver

    table = " ".join(r.url for r in routes(world["ids"]))
    prefixes = {"login", "logout", "report.css", "api/", "admin/"}
    missing = []
    for pattern in get_resolver().url_patterns:
        text = str(pattern.pattern).split("<")[0]
        if not text or text in prefixes:
            continue
        if f"/{text}" not in table:
            missing.append(text)
    assert not missing, missing


@pytest.mark.django_db
def test_unit_contributor_cannot_save_another_units_activities(clients: dict[str, Client]) -> None:
    from msoc.apps.units.models import Activity

    response = clients["unit"].post(f"/entry/units/พส./{OD}/", {"text": "แอบแก้"})
    assert response.status_code == 403
    assert "เฉพาะข้อมูลของหน่วยงานของท่าน" in response.content.decode()
    assert not Activity.objects.filter(unit__code="พส.", date=OTHER_DAY).exists()
    assert clients["unit"].post(f"/entry/units/ดย./{OD}/", {"text": "ของเราเอง"}).status_code == 302
    assert Activity.objects.get(unit__code="ดย.", date=OTHER_DAY).paragraphs == ["ของเราเอง"]


@pytest.mark.django_db
def test_viewer_gets_403_on_every_post(clients: dict[str, Client], world: dict[str, Any]) -> None:
    for route in routes(world["ids"]):
        if route.method == "POST":
            assert clients["viewer"].post(route.url, route.data or {}).status_code == 403, route.url


@pytest.mark.django_db
def test_the_sources_page_flags_a_failing_source(clients: dict[str, Client]) -> None:
    from msoc.apps.news.actions import do_save_source
    from msoc.apps.news.models import Feed

    source, _ = do_save_source("ทดสอบ ออนไลน์", "web", ["https://feed.example.test/rss"])
    Feed.objects.filter(source=source).update(
        consecutive_failures=5, last_error="HTTP 500", last_checked_at=timezone.now()
    )
    page = clients["editor"].get("/sources/").content.decode()
    assert "ทดสอบ ออนไลน์" in page and "ดึงไม่สำเร็จ" in page and "HTTP 500" in page
    assert "<td>๕</td>" in page  # consecutive failures in Thai digits, as the rest of the page

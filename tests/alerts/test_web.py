"""Alert pages, the navigation badge, distribution lists and rules in the web app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from msoc.apps.alerts.models import Alert, AlertRule, Delivery, DistributionList, Recipient
from tests.alerts.conftest import make_list
from tests.helpers import override_form


@pytest.mark.django_db
def test_alert_shows_at_once_with_a_badge_until_acknowledged(
    alert: Alert, clients: dict[str, Client]
) -> None:
    viewer, editor = clients["viewer"], clients["editor"]
    home = viewer.get("/").content.decode()
    assert 'class="badge alerts-open"' in home and ">1</span>" in home
    page = viewer.get("/alerts/").content.decode()
    assert alert.title in page and "รับทราบ</button>" not in page  # viewers only read
    detail = viewer.get(f"/alerts/{alert.pk}/").content.decode()
    assert "น้ำท่วมหนักเชียงใหม่" in detail and 'href="https://n.test/1"' in detail
    assert viewer.post(f"/alerts/{alert.pk}/ack/").status_code == 403
    assert (
        editor.post(f"/alerts/{alert.pk}/ack/", {"back": "//evil.test/"})["Location"] == "/alerts/"
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert 'class="badge alerts-open"' not in viewer.get("/").content.decode()


@pytest.mark.django_db
def test_editor_manages_lists_and_recipients(clients: dict[str, Client]) -> None:
    editor = clients["editor"]
    editor.post("/distribution/", {"name": "ผู้บริหารกระทรวง", "reports": "on"})
    dl = DistributionList.objects.get(name="ผู้บริหารกระทรวง")
    assert dl.reports and not dl.digest
    ok = editor.post(
        f"/distribution/{dl.pk}/recipients/",
        {"position": "รมว.พม.", "name": "รัฐมนตรี", "email": "Minister@Example.go.th"},
    )
    assert ok.status_code == 302
    bad = editor.post(f"/distribution/{dl.pk}/recipients/", {"email": "ไม่ใช่อีเมล"}, follow=True)
    assert "อีเมลไม่ถูกต้อง" in bad.content.decode()
    twice = editor.post(
        f"/distribution/{dl.pk}/recipients/", {"email": "minister@example.go.th"}, follow=True
    )
    assert "อยู่ในรายชื่อ" in twice.content.decode()
    r = Recipient.objects.get()
    assert (r.email, r.position) == ("minister@example.go.th", "รมว.พม.")
    assert "minister@example.go.th" in editor.get("/distribution/").content.decode()
    editor.post(f"/distribution/recipients/{r.pk}/delete/")
    assert not Recipient.objects.exists()


@pytest.mark.django_db
def test_editor_adds_rules_with_checked_parameters(clients: dict[str, Client]) -> None:
    editor = clients["editor"]
    dl = make_list("เวร", [("ผอ.", "duty@example.go.th")])
    editor.post(
        "/alerts/rules/",
        {
            "name": "แก๊งคอลเซ็นเตอร์พุ่ง",
            "kind": "topic_spike",
            "quiet_hours": "12",
            "topic": "scam",
            "min_count": "4",
            "outlets": "9",
            "lists": [str(dl.pk)],
        },
    )
    rule = AlertRule.objects.get()
    assert rule.params == {
        "topic": "scam",
        "hours": 24,
        "baseline_days": 14,
        "sd": 3.0,
        "min_count": 4,
    }  # 'outlets' belongs to another kind: ignored
    assert list(rule.lists.all()) == [dl]
    bad = editor.post(
        "/alerts/rules/",
        {"name": "ไม่มีประเด็น", "kind": "topic_in_province", "quiet_hours": "12"},
        follow=True,
    )
    assert "โปรดระบุประเด็น" in bad.content.decode() and AlertRule.objects.count() == 1
    editor.post(f"/alerts/rules/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert not rule.active


@pytest.mark.django_db
def test_issuing_from_the_builder_queues_the_report(
    clients: dict[str, Client], settings: Any, tmp_path: Path
) -> None:
    from datetime import date

    from msoc.apps.reports.actions import rows
    from tests.alerts.conftest import at

    settings.EMAIL_HOST = ""  # no mail server: deliveries wait in the queue
    make_list("ผู้บริหาร", [("ปพม.", "ps@example.go.th"), ("อธิบดี", "dg@example.go.th")])
    day = date(2023, 5, 4)
    rows.do_add_row(
        day,
        {
            "section": "social",
            "source": "ไทยรัฐ",
            "place": "กทม.",
            "summary": "ข่าว",
            "published_at": at(2023, 5, 4, 5),
        },
        actor=None,
    )
    response = clients["editor"].post(
        f"/reports/{day.isoformat()}/issue/", override_form(day), follow=True
    )
    assert "เข้าคิวส่งอีเมล 2 ราย" in response.content.decode()
    assert sorted(Delivery.objects.values_list("address", "status")) == [
        ("dg@example.go.th", "queued"),
        ("ps@example.go.th", "queued"),
    ]
    page = clients["editor"].get("/deliveries/").content.decode()
    assert "ps@example.go.th" in page and "MSOC_SMTP_HOST" in page  # no server configured here


@pytest.mark.django_db
def test_admin_pages_and_scheduler_jobs(alert: Alert, clients: dict[str, Client]) -> None:
    from msoc.web.scheduler import periodic_jobs

    make_list("ผู้บริหาร", [("ปพม.", "ps@example.go.th")])
    for model in ("distributionlist", "recipient", "alertrule", "alert", "delivery"):
        assert clients["admin"].get(f"/admin/alerts/{model}/").status_code == 200, model
    names = [name for name, _ in periodic_jobs()]
    assert names.index("alerts") < names.index("deliveries")

"""Data entry forms: Thai validation messages, nothing stored half-way, uploads refused with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports.models import Report, StandingBlock
from tests.web.conftest import OTHER_DAY

OD = OTHER_DAY.isoformat()


@pytest.mark.django_db
def test_hotline_figures_accept_thai_digits_and_every_breakdown(clients: dict[str, Client]) -> None:
    response = clients["editor"].post(
        f"/entry/hotline/{OD}/",
        {
            "total": "๑,๒๓๔",
            "male": "600",
            "female": "๖๓๔",
            "channels__hotline": "1200",
            "channels__online": "๓๔",
            "channels__walk_in": "-",
            "kinds__new_problem": "1234",
            "mobile_unit": "3",
        },
    )
    assert response.status_code == 302
    stored = DayTotals.objects.get(date=OTHER_DAY)
    assert (stored.total, stored.female, stored.mobile_unit) == (1234, 634, 3)
    assert stored.channels["hotline"] == 1200 and stored.channels["walk_in"] is None
    assert stored.kinds["new_problem"] == 1234
    assert stored.fiscal_year_to_date["total"] == 1234  # computed, not typed
    assert AuditEvent.objects.filter(action="hotline.totals").count() == 1
    page = clients["editor"].get(f"/entry/hotline/{OD}/").content.decode()
    assert 'value="1234"' in page


@pytest.mark.django_db
def test_hotline_breakdowns_that_do_not_add_up_are_refused(clients: dict[str, Client]) -> None:
    response = clients["editor"].post(
        f"/entry/hotline/{OD}/",
        {
            "total": "462",
            "male": "117",
            "female": "345",
            "channels__hotline": "383",
            "channels__online": "68",
            "channels__walk_in": "7",
            "channels__msoc_news": "4",
            "channels__inspection": "8",
        },
    )
    assert response.status_code == 400
    assert "470" in response.content.decode()  # the sample's own defect: 470 ≠ 462
    assert not DayTotals.objects.filter(date=OTHER_DAY).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "figures, message",
    [
        ({"total": "-5"}, "ติดลบไม่ได้"),
        ({"total": "สิบ"}, "ไม่ใช่จำนวนเต็ม"),
        ({"total": "10", "channels__hotline": "1.5"}, "ไม่ใช่จำนวนเต็ม"),
        ({"male": "3"}, "โปรดกรอกช่องนี้"),
        ({"total": "10", "male": "8", "female": "8"}, "ชายรวมหญิงมากกว่ายอดรวม"),
    ],
)
def test_hotline_bad_input_is_explained_and_nothing_stored(
    clients: dict[str, Client], figures: dict[str, str], message: str
) -> None:
    response = clients["editor"].post(f"/entry/hotline/{OD}/", figures)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        not DayTotals.objects.exists()
        and not AuditEvent.objects.filter(action="hotline.save").exists()
    )


@pytest.mark.django_db
def test_oversized_or_wrong_upload_is_refused_with_a_reason(clients: dict[str, Client]) -> None:
    big = SimpleUploadedFile("report.txt", b"x" * (5 * 1024 * 1024 + 1), content_type="text/plain")
    response = clients["editor"].post("/reports/import/", {"file": big})
    assert response.status_code == 400 and "ไฟล์ใหญ่เกินไป" in response.content.decode()
    exe = SimpleUploadedFile("report.exe", b"MZ", content_type="application/octet-stream")
    response = clients["editor"].post("/reports/import/", {"file": exe})
    assert (
        response.status_code == 400
        and "ไม่ใช่ชนิดที่รับ รับเฉพาะไฟล์ .txt .docx" in response.content.decode()
    )
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_import_of_the_sample_through_the_page(
    clients: dict[str, Client], sample_report_path: Any
) -> None:
    upload = SimpleUploadedFile(
        "sample.txt", sample_report_path.read_bytes(), content_type="text/plain"
    )
    response = clients["editor"].post("/reports/import/", {"file": upload})
    assert response.status_code == 302 and response["Location"] == "/reports/2023-05-03/"
    assert Report.objects.get(date="2023-05-03").rows.count() > 10


@pytest.mark.django_db
def test_standing_content_versions_record_who(
    clients: dict[str, Client], users: dict[str, Any]
) -> None:
    url = "/entry/standing/section4/"
    clients["editor"].post(
        url, {"title": "๔. ข้อมูล", "body": "# หัวข้อ\n- ข้อย่อย\nย่อหน้า", "valid_from": OD}
    )
    clients["admin"].post(url, {"title": "๔. ข้อมูล", "body": "ย่อหน้าใหม่", "valid_from": OD})
    versions = list(StandingBlock.objects.filter(key="section4").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].lines[0] == {"kind": "heading", "text": "หัวข้อ", "level": 1}
    assert [v.created_by for v in versions] == [users["editor"], users["admin"]]
    page = clients["editor"].get(url).content.decode()
    assert "editor-user" in page and "admin-user" in page
    bad = clients["editor"].post(url, {"title": "", "body": "", "valid_from": "วันนี้"})
    assert bad.status_code == 400 and "วันที่ไม่ถูกต้อง" in bad.content.decode()
    assert StandingBlock.objects.filter(key="section4").count() == 2

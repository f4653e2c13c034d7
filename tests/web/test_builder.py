"""The report builder and issuing: rows, order, headlines, issue with a fresh number, correction."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.reports.actions import (
    ReportActionError,
    do_get_or_create_draft,
    do_issue_report,
    rows,
)
from msoc.apps.reports.models import NewsRow, Report
from msoc.jobs import run_jobs
from tests.helpers import override_form
from tests.web.conftest import DAY, OTHER_DAY, at

OD = OTHER_DAY.isoformat()


def _fields(summary: str) -> dict[str, Any]:
    return {
        "section": "social",
        "source": "ไทยรัฐ",
        "place": "กทม.",
        "summary": summary,
        "published_at": at(OTHER_DAY, 5),
    }


@pytest.mark.django_db
def test_accepted_items_become_rows_and_rows_reorder(clients: dict[str, Client], news: Any) -> None:
    editor = clients["editor"]
    for item in news.items[:3]:
        assert editor.post(f"/review/{item.pk}/accept/").status_code == 302
    editor.post(f"/review/{news.items[3].pk}/reject/")
    assert editor.post(f"/reports/{DAY.isoformat()}/pull/").status_code == 302
    draft = Report.objects.get(date=DAY, status="draft")
    assert sorted(draft.rows.values_list("item_id_ref", flat=True)) == sorted(
        i.pk for i in news.items[:3]
    )
    editor.post(f"/reports/{DAY.isoformat()}/pull/")  # twice adds nothing
    assert draft.rows.count() == 3
    social = list(draft.rows.filter(section="social").order_by("position"))
    response = editor.post(f"/reports/rows/{social[1].pk}/move/up/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "report-changed"
    assert list(draft.rows.filter(section="social").order_by("position")) == [social[1], social[0]]
    assert AuditEvent.objects.filter(action="row.move").count() == 1


@pytest.mark.django_db
def test_edit_row_and_headlines_show_in_preview(clients: dict[str, Client]) -> None:
    row = rows.do_add_row(OTHER_DAY, _fields("เดิม"), actor=None)
    editor = clients["editor"]
    editor.post(
        f"/reports/rows/{row.pk}/edit/",
        {
            f"r{row.pk}-section": "foreign",
            f"r{row.pk}-source": "BBC",
            f"r{row.pk}-place": "อังกฤษ",
            f"r{row.pk}-summary": "<b>สรุปใหม่</b>",
        },
    )
    editor.post(f"/reports/{OD}/headlines/", {"headlines": "ประเด็นแรก\n\nประเด็นที่สอง"})
    row.refresh_from_db()
    assert (row.section, row.source, row.summary) == ("foreign", "BBC", "<b>สรุปใหม่</b>")
    assert Report.objects.get(date=OTHER_DAY, status="draft").key_headlines == [
        "ประเด็นแรก",
        "ประเด็นที่สอง",
    ]
    page = editor.get(f"/reports/{OD}/").content.decode()
    assert "&lt;b&gt;สรุปใหม่&lt;/b&gt;" in page and "<b>สรุปใหม่</b>" not in page
    assert "ประเด็นที่สอง" in page


@pytest.mark.django_db
def test_bad_row_is_refused_in_thai_and_nothing_stored(clients: dict[str, Client]) -> None:
    response = clients["editor"].post(
        f"/reports/{OD}/rows/", {"section": "sports", "source": "", "summary": ""}, follow=True
    )
    text = response.content.decode()
    assert "ไม่มีหมวดนี้ในรายงาน" in text and "โปรดกรอกช่องนี้" in text
    assert not NewsRow.objects.exists()


@pytest.mark.django_db
def test_issue_from_the_page_freezes_and_archives(
    clients: dict[str, Client], sample: Report
) -> None:
    editor = clients["editor"]
    rows.do_add_row(OTHER_DAY, _fields("ข่าวของวันออก"), actor=None)
    response = editor.post(f"/reports/{OD}/issue/", override_form(OTHER_DAY), follow=True)
    assert "ออกรายงานแล้ว" in response.content.decode()
    issued = Report.objects.get(date=OTHER_DAY, status="issued")
    assert issued.document_number == sample.document_number + 1
    assert editor.get(f"/reports/{issued.pk}/download/pdf/").status_code == 404  # not yet
    assert run_jobs() == 1  # the DOCX/PDF job (no recipients: no mail job)
    pdf = editor.get(f"/reports/{issued.pk}/download/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    row = issued.rows.first()
    refused = editor.post(
        f"/reports/rows/{row.pk}/edit/",
        {f"r{row.pk}-section": "social", f"r{row.pk}-source": "x", f"r{row.pk}-summary": "แก้"},
        follow=True,
    )
    assert "แก้ไขไม่ได้" in refused.content.decode()
    editor.post(f"/reports/{OD}/correct/")
    editor.post(f"/reports/{OD}/issue/", override_form(OTHER_DAY))
    issued.refresh_from_db()
    assert issued.status == "superseded"
    assert (
        Report.objects.get(date=OTHER_DAY, status="issued").document_number
        == issued.document_number + 1
    )


@pytest.mark.django_db
def test_download_refuses_paths_outside_the_archive(
    clients: dict[str, Client], sample: Report
) -> None:
    Report.objects.filter(pk=sample.pk).update(pdf_path="/etc/passwd")
    assert clients["viewer"].get(f"/reports/{sample.pk}/download/pdf/").status_code == 404
    assert clients["viewer"].get(f"/reports/{sample.pk}/download/..%2F..%2Fetc/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_never_share_a_number() -> None:
    days = [date(2024, 1, d) for d in range(1, 7)]
    for day in days:
        do_get_or_create_draft(day)
    numbers: list[int] = []
    errors: list[str] = []
    barrier = threading.Barrier(len(days) * 2)

    def issue(day: date) -> None:
        try:
            barrier.wait()
            numbers.append(do_issue_report(day, render=False, check=False).document_number)
        except ReportActionError as exc:  # the second click on the same day finds no draft
            errors.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in days for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == len(days) and len(errors) == len(days)
    assert sorted(numbers) == list(range(min(numbers), min(numbers) + len(days)))


@pytest.mark.django_db
def test_the_page_refuses_to_issue_with_errors_until_each_has_a_reason(
    clients: dict[str, Client], sample: Report
) -> None:
    editor = clients["editor"]
    rows.do_add_row(OTHER_DAY, _fields("ข่าวของวันออก"), actor=None)
    page = editor.get(f"/reports/{OD}/").content.decode()
    assert "override_reason_1" in page  # the sample's standing content carries real errors
    refused = editor.post(f"/reports/{OD}/issue/", follow=True).content.decode()
    assert "ออกรายงานไม่ได้" in refused
    assert not Report.objects.filter(date=OTHER_DAY, status="issued").exists()
    editor.post(f"/reports/{OD}/issue/", override_form(OTHER_DAY))
    assert Report.objects.filter(date=OTHER_DAY, status="issued").exists()

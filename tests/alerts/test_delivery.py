"""Sending issued reports by e-mail to a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.alerts.actions import MAX_ATTEMPTS, backoff, do_queue_deliveries
from msoc.apps.alerts.deliveries import report_subject, run_deliveries
from msoc.apps.alerts.models import Delivery
from msoc.apps.reports.models import Report
from tests.alerts.conftest import SITE, Inbox, configure, free_port, make_list

DAY = date(2023, 5, 3)


@pytest.fixture
def issued(db: Any, sample_report_path: Path, settings: Any, tmp_path: Path) -> Report:
    """The sample day imported, corrected and issued again (so it has an archived PDF)."""
    from msoc.apps.reports.actions import do_start_correction
    from msoc.apps.reports.services import import_report_file
    from tests.helpers import issue_overriding

    settings.ARCHIVE_DIR = tmp_path / "archive"
    import_report_file(sample_report_path)
    do_start_correction(DAY)
    return issue_overriding(DAY, render=True)


def _fake_report(tmp_path: Path, pdf: bytes) -> Report:
    """An issued report whose archived PDF is `pdf` (no rendering: fast)."""
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return Report.objects.create(
        date=date(2023, 6, 1),
        status=Report.Status.ISSUED,
        document_number=77,
        pdf_path=str(path),
        content={},
    )


@pytest.mark.django_db
def test_issuing_the_sample_day_delivers_the_pdf(issued: Report, inbox: Inbox) -> None:
    make_list("ผู้บริหาร", [("รมว.พม.", "minister@example.go.th"), ("ปพม.", "ps@example.go.th")])
    assert do_queue_deliveries(issued).created == 2
    result = run_deliveries()
    assert len(result.sent) == 2 and not result.failed
    assert sorted(r for m in inbox.messages for r in m.rcpt_tos) == [
        "minister@example.go.th",
        "ps@example.go.th",
    ]
    received = inbox.to("minister@example.go.th")[0]
    # Thai subject, RFC 2047-encoded on the wire (folded onto continuation lines when long)
    assert re.search(rb"\r\nSubject:\s+=\?utf-8\?", received.raw)
    assert received.raw.split(b"\r\n\r\n", 1)[0].isascii()  # every header encoded
    msg = received.message
    subject = str(make_header(decode_header(msg["Subject"]))).strip()
    assert subject == report_subject(issued)
    assert "ฉบับแก้ไข" in subject and "รายงานสถานการณ์" in subject
    pdfs = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    assert pdfs[0].get_filename() == f"msoc-2023-05-03-{issued.document_number}.pdf"
    assert pdfs[0].get_content() == Path(issued.pdf_path).read_bytes()
    assert pdfs[0].get_content().startswith(b"%PDF")
    body = msg.get_body(("plain",)).get_content()
    assert f"{SITE}/reports/2023-05-03/preview/" in body
    delivery = Delivery.objects.get(report=issued, address="minister@example.go.th")
    assert delivery.status == "sent" and delivery.attempts == 1
    assert delivery.message_id == msg["Message-ID"]
    # Never twice: another run, another queueing of the same report send nothing.
    assert run_deliveries().sent == []
    assert do_queue_deliveries(issued).skipped == 2
    assert run_deliveries().sent == [] and len(inbox.messages) == 2
    assert AuditEvent.objects.filter(action="delivery.sent").count() == 2


@pytest.mark.django_db
def test_refused_and_invalid_addresses_fail_with_reasons_and_others_go_on(
    inbox: Inbox, tmp_path: Path
) -> None:
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    inbox.refuse.add("gone@example.go.th")
    make_list(
        "หน่วยงาน",
        [
            ("ก", "a@example.go.th"),
            ("ข", "gone@example.go.th"),
            ("ค", "not an address"),
            ("ง", "d@example.go.th"),
        ],
    )
    do_queue_deliveries(report)
    result = run_deliveries()
    assert len(result.sent) == 2 and len(result.failed) == 2
    refused = Delivery.objects.get(address="gone@example.go.th")
    assert refused.status == "failed" and "550" in refused.last_error
    assert refused.next_attempt_at is None  # a 5xx refusal is not retried
    invalid = Delivery.objects.get(address="not an address")
    assert invalid.status == "failed" and "ไม่ถูกต้อง" in invalid.last_error
    assert sorted(r for m in inbox.messages for r in m.rcpt_tos) == [
        "a@example.go.th",
        "d@example.go.th",
    ]


@pytest.mark.django_db
def test_server_down_is_retried_later_with_backoff(
    settings: Any, tmp_path: Path, smtp_server: Any
) -> None:
    inbox, controller = smtp_server
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    make_list("ผู้บริหาร", [("ก", "a@example.go.th"), ("ข", "b@example.go.th")])
    do_queue_deliveries(report)
    settings.EMAIL_PORT = free_port()  # nothing listens there: connection refused
    now = timezone.now()
    result = run_deliveries(now)
    assert len(result.failed) == 2
    d = Delivery.objects.get(address="a@example.go.th")
    assert d.status == "failed" and "ปฏิเสธการเชื่อมต่อ" in d.last_error
    assert d.attempts == 1 and d.next_attempt_at == now + backoff(1)
    assert run_deliveries(now + timedelta(seconds=30)).failed == []  # not due yet
    settings.EMAIL_PORT = controller.port  # the server is back
    result = run_deliveries(now + backoff(1))
    assert len(result.sent) == 2 and len(inbox.messages) == 2
    assert Delivery.objects.get(address="a@example.go.th").attempts == 2


@pytest.mark.django_db
def test_gives_up_after_the_last_attempt(settings: Any, tmp_path: Path) -> None:
    configure(settings, free_port(), tmp_path)
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    do_queue_deliveries(report, addresses=["a@example.go.th"])
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert len(run_deliveries(now).failed) == 1, attempt
        now += backoff(attempt)
    d = Delivery.objects.get()
    assert d.status == "gave_up" and d.attempts == MAX_ATTEMPTS and d.next_attempt_at is None
    assert run_deliveries(now + timedelta(days=1)).failed == []
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [120, 240, 480]
    assert backoff(20) == timedelta(hours=6)


@pytest.mark.django_db
def test_a_silent_server_times_out_and_is_retried(
    settings: Any, tmp_path: Path, silent_server: int
) -> None:
    configure(settings, silent_server, tmp_path)
    settings.EMAIL_TIMEOUT = 0.3
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    do_queue_deliveries(report, addresses=["a@example.go.th", "b@example.go.th"])
    result = run_deliveries()
    assert len(result.failed) == 2
    for d in Delivery.objects.all():
        assert d.status == "failed" and "ไม่ตอบ" in d.last_error and d.next_attempt_at


@pytest.mark.django_db
def test_too_large_pdf_goes_as_a_link(settings: Any, tmp_path: Path, inbox: Inbox) -> None:
    report = _fake_report(tmp_path, b"%PDF-1.4 " + b"x" * 5000)
    settings.MSOC_MAIL_MAX_ATTACHMENT_BYTES = 1000
    do_queue_deliveries(report, addresses=["a@example.go.th"])
    assert len(run_deliveries().sent) == 1
    msg = inbox.messages[0].message
    assert not list(msg.iter_attachments())
    assert "ไม่ได้แนบ PDF" in msg.get_body(("plain",)).get_content()
    assert "ไม่ได้แนบ PDF" in Delivery.objects.get().note


@pytest.mark.django_db
def test_server_size_refusal_sends_the_link_alone(tmp_path: Path, inbox: Inbox) -> None:
    # The test server takes at most 400 kB; this PDF is within our own limit but over that.
    report = _fake_report(tmp_path, b"%PDF-1.4 " + b"y" * 500_000)
    do_queue_deliveries(report, addresses=["a@example.go.th"])
    result = run_deliveries()
    assert len(result.sent) == 1, result.failed
    assert len(inbox.messages) == 1 and not list(inbox.messages[0].message.iter_attachments())
    assert "เซิร์ฟเวอร์อีเมลไม่รับ" in Delivery.objects.get().note


@pytest.mark.django_db
def test_report_send_command_resends_only_on_request(
    tmp_path: Path, inbox: Inbox, capsys: Any
) -> None:
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    make_list("ผู้บริหาร", [("ก", "a@example.go.th")])
    call_command("report", "send", "2023-06-01")
    call_command("report", "send", "2023-06-01")  # the list again: already sent, nothing new
    assert len(inbox.messages) == 1
    call_command("report", "send", "2023-06-01", "--to", "A@example.go.th", "x@example.go.th")
    assert sorted(r for m in inbox.messages for r in m.rcpt_tos) == [
        "a@example.go.th",
        "a@example.go.th",
        "x@example.go.th",
    ]
    assert Delivery.objects.get(report=report, address="a@example.go.th").resends == 1
    with pytest.raises(CommandError, match="ยังไม่มีรายงานที่ออกแล้ว"):
        call_command("report", "send", "2023-06-02")


@pytest.mark.django_db
def test_without_smtp_host_mail_stays_queued(settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_HOST = ""
    report = _fake_report(tmp_path, b"%PDF-1.4 tiny")
    do_queue_deliveries(report, addresses=["a@example.go.th"])
    assert run_deliveries().disabled
    assert Delivery.objects.get().status == "queued"


@pytest.mark.django_db
def test_a_draft_cannot_be_sent() -> None:
    from msoc.apps.alerts.actions import AlertsActionError

    draft = Report.objects.create(date=date(2023, 6, 2))
    with pytest.raises(AlertsActionError, match="ยังไม่ได้ออก"):
        do_queue_deliveries(draft, addresses=["a@example.go.th"])

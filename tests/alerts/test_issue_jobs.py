"""Issuing and queuing its mail is one action; DOCX/PDF and the mail follow as background jobs."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from msoc import jobs
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.alerts.actions import issuing
from msoc.apps.alerts.deliveries import run_deliveries
from msoc.apps.alerts.models import Delivery
from msoc.apps.reports import actions
from msoc.apps.reports.models import Report
from tests.alerts.conftest import Inbox, make_list
from tests.helpers import override_all

DAY = date(2023, 5, 3)


@pytest.fixture
def correction(db: Any, sample_report_path: Path, settings: Any, tmp_path: Path) -> date:
    """The sample day imported and a correction draft opened (ready to issue)."""
    from msoc.apps.reports.services import import_report_file

    settings.ARCHIVE_DIR = tmp_path / "archive"
    import_report_file(sample_report_path)
    actions.do_start_correction(DAY)
    make_list("ผู้บริหาร", [("รมว.พม.", "minister@example.go.th"), ("ปพม.", "ps@example.go.th")])
    return DAY


@pytest.mark.django_db
def test_issue_queues_held_mail_then_the_jobs_archive_and_send(
    correction: date, inbox: Inbox
) -> None:
    done = issuing.do_issue_and_queue(correction, overrides=override_all(correction))
    report = done.report
    assert report.status == "issued" and not report.pdf_path and done.queued == 2
    held = Delivery.objects.filter(report=report)
    assert all(d.next_attempt_at > timezone.now() for d in held)
    assert run_deliveries().sent == []  # the mail waits for the PDF
    assert [j.task_path for j in DBTaskResult.objects.all()] == [
        "msoc.apps.alerts.actions.issuing.render_report"
    ]
    assert jobs.run_jobs() == 2  # render, then the mail job it enqueues
    report.refresh_from_db()
    assert Path(report.pdf_path).read_bytes().startswith(b"%PDF")
    assert Path(report.docx_path).is_file()
    assert sorted(r for m in inbox.messages for r in m.rcpt_tos) == [
        "minister@example.go.th",
        "ps@example.go.th",
    ]
    attached = inbox.to("ps@example.go.th")[0].message
    pdfs = [p.get_content() for p in attached.iter_attachments()]
    assert pdfs == [Path(report.pdf_path).read_bytes()]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    actions_seen = list(AuditEvent.objects.values_list("action", flat=True))
    for action in ("report.issue", "delivery.queue", "report.archive", "delivery.release"):
        assert action in actions_seen
    assert actions.do_archive_report(report.pk) == {}  # a rerun of the job changes nothing


@pytest.mark.django_db
def test_a_failure_while_queuing_leaves_the_report_unissued(
    correction: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("queue down")

    monkeypatch.setattr(issuing, "render_report", SimpleNamespace(enqueue=broken))
    with pytest.raises(RuntimeError):
        issuing.do_issue_and_queue(correction, overrides=override_all(correction))
    assert not Report.objects.filter(date=correction, status="issued").exists()
    assert not Delivery.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issue").exists()


@pytest.mark.django_db
def test_the_command_issues_through_the_same_action_and_archives(correction: date) -> None:
    out = StringIO()
    args = [f"--override={k}={v}" for k, v in override_all(correction).items()]
    call_command("report", "issue", correction.isoformat(), *args, stdout=out)
    report = Report.objects.get(date=correction, status="issued")
    assert report.pdf_path and report.pdf_path in out.getvalue()
    assert Delivery.objects.filter(report=report).count() == 2
    assert (
        DBTaskResult.objects.get(task_path="msoc.apps.alerts.actions.issuing.render_report").status
        == "SUCCESSFUL"
    )

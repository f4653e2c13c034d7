"""Issuing and sending a report: one transaction, then the render job, then the mail job.

The flow of the builder page and `msoc report issue`. It spans two apps: reports issues and
archives (it knows nothing of mail), alerts queues and sends to the distribution lists, so the
flow lives here, above reports. Rendering and sending run as background jobs (msoc.jobs runs
them, retried with back-off), so a slow renderer or mail server never holds the request or the
database; the e-mails are held until the PDF is archived (at most MAIL_HOLD).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor
from msoc.apps.alerts.actions import do_queue_deliveries, do_release_report_mail
from msoc.apps.alerts.deliveries import run_deliveries
from msoc.apps.reports.actions import do_archive_report, do_issue_report
from msoc.apps.reports.models import Report
from msoc.jobs import retried

# Report e-mails wait for the archived PDF at most this long; after it they go out anyway (the
# PDF then rendered from the frozen content), so a failing render job never stops the mail.
MAIL_HOLD = timedelta(minutes=10)


@dataclass(frozen=True)
class IssueOutcome:
    """What issuing did: the issued report, e-mails queued, and the id of its DOCX/PDF job."""

    report: Report
    queued: int
    render_job: str


@transaction.atomic
def do_issue_and_queue(
    day: date, *, actor: Actor = None, overrides: Mapping[str, str] | None = None
) -> IssueOutcome:
    """Issue the draft of a date, queue its e-mails and its DOCX/PDF job: one transaction."""
    report = do_issue_report(day, actor=actor, overrides=overrides, render=False)
    queued = do_queue_deliveries(report, actor=actor, hold_until=timezone.now() + MAIL_HOLD)
    job = render_report.enqueue(report.pk)
    return IssueOutcome(report, queued.created, str(job.id))


@retried
def render_report(report_id: int) -> dict[str, str]:
    """Render an issued report's DOCX and PDF into the archive, then let its e-mails go."""
    hashes = do_archive_report(report_id)
    if do_release_report_mail(Report.objects.get(pk=report_id)):
        send_report_mail.enqueue(report_id)
    return hashes


@retried
def send_report_mail(report_id: int) -> dict[str, int]:
    """Send an issued report's due e-mails (each delivery keeps its own retries and log)."""
    result = run_deliveries(report=Report.objects.get(pk=report_id), limit=1000)
    return {"sent": len(result.sent), "failed": len(result.failed), "disabled": result.disabled}

"""The reports app's background jobs: an issued report's DOCX/PDF rendered into the archive, and its
e-mails sent once the files are there (msoc.jobs runs them, retried with back-off)."""

from __future__ import annotations

from msoc.jobs import retried


@retried
def render_report(report_id: int) -> dict[str, str]:
    """Render an issued report's DOCX and PDF into the archive, then let its e-mails go."""
    from msoc.apps.alerts.actions import do_release_report_mail
    from msoc.apps.reports.actions import do_archive_report
    from msoc.apps.reports.models import Report

    hashes = do_archive_report(report_id)
    if do_release_report_mail(Report.objects.get(pk=report_id)):
        send_report_mail.enqueue(report_id)
    return hashes


@retried
def send_report_mail(report_id: int) -> dict[str, int]:
    """Send an issued report's due e-mails (each delivery keeps its own retries and log)."""
    from msoc.apps.alerts.deliveries import run_deliveries
    from msoc.apps.reports.models import Report

    result = run_deliveries(report=Report.objects.get(pk=report_id), limit=1000)
    return {"sent": len(result.sent), "failed": len(result.failed), "disabled": result.disabled}

"""The delivery job: send every due e-mail (reports, alerts, digests, letters) and record results.

Choice for a report too large to attach: a PDF over MSOC_MAIL_MAX_ATTACHMENT_BYTES — or one
the mail server refuses as too large (552) — is not attached; the message still goes out with
the link to the web copy and says so, and the delivery's note records it. The reader gets the
report either way, and nobody has to act on a failure that retrying cannot fix.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from msoc.apps.alerts.actions import (
    do_claim_delivery,
    do_record_failure,
    do_record_sent,
    due_filter,
)
from msoc.apps.alerts.mail import (
    Attachment,
    MailConfig,
    Mailer,
    SendError,
    check_address,
    compose,
    new_message_id,
)
from msoc.apps.alerts.models import Alert, Delivery
from msoc.apps.alerts.rules import alerts_of_day, digest_title
from msoc.apps.reports.models import Report
from msoc.thai import format_thai_date_long, to_thai_digits

log = logging.getLogger(__name__)


@dataclass
class Letter:
    """A message to send before it is addressed: subject, body, attachments, a note."""

    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    note: str = ""


@dataclass
class RunResult:
    """What one run of the job did."""

    sent: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    disabled: bool = False


class PdfCache:
    """The PDF of each report, read (or rendered from its content) once per run."""

    def __init__(self) -> None:
        self._pdfs: dict[int, bytes | None] = {}

    def get(self, report: Report) -> bytes | None:
        """The archived PDF, else one rendered from the frozen content, else None."""
        if report.pk not in self._pdfs:
            self._pdfs[report.pk] = _read_pdf(report)
        return self._pdfs[report.pk]


def _read_pdf(report: Report) -> bytes | None:
    if report.pdf_path and Path(report.pdf_path).is_file():
        return Path(report.pdf_path).read_bytes()
    if not report.content:
        return None
    from msoc.report.model import DailyReport
    from msoc.report.render import render

    return render(DailyReport.from_dict(report.content), "pdf")


def report_subject(report: Report) -> str:
    """'รายงานสถานการณ์… (ที่ พม ๐๒๐๔ /ว ๔๗๕๑)', marked when it corrects an earlier issue."""
    subject = report.subject or (
        f"รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ {format_thai_date_long(report.date)}"
    )
    if report.document_number:
        subject += f" (ที่ {report.agency_code} /ว {to_thai_digits(str(report.document_number))})"
    return ("ฉบับแก้ไข: " if report.supersedes_id else "") + subject


def report_letter(
    report: Report, config: MailConfig, pdfs: PdfCache, *, attach: bool = True
) -> Letter:
    """The e-mail of an issued report: the PDF attached (if it fits) and the web links."""
    web = f"{config.site_url}/reports/{report.date.isoformat()}/preview/"
    lines = [
        "เรียน ผู้รับรายงาน ศปก.พม.",
        "",
        f"ส่ง{report_subject(report)} มาเพื่อโปรดทราบ",
        "",
        f"อ่านฉบับบนเว็บ: {web}",
    ]
    if report.pdf_path:
        lines.append(f"ดาวน์โหลด PDF: {config.site_url}/reports/{report.pk}/download/pdf/")
    if report.supersedes_id:
        lines += ["", "ฉบับนี้แทนที่ฉบับที่ส่งก่อนหน้า"]
    pdf = pdfs.get(report) if attach else None
    note, attachments = "", tuple[Attachment, ...]()
    if pdf is not None and len(pdf) > config.max_attachment_bytes:
        note = (
            f"ไม่ได้แนบ PDF ({len(pdf):,} ไบต์) เพราะเกินขนาดที่กำหนด "
            f"{config.max_attachment_bytes:,} ไบต์ ส่งลิงก์แทน"
        )
    elif pdf is not None:
        name = f"msoc-{report.date.isoformat()}-{report.document_number or 'report'}.pdf"
        attachments = (Attachment(name, pdf),)
    elif not attach:
        note = "เซิร์ฟเวอร์อีเมลไม่รับไฟล์ขนาดนี้ จึงส่งลิงก์โดยไม่แนบ PDF"
    if note:
        lines += ["", f"หมายเหตุ: {note}"]
    lines += ["", "ศูนย์ปฏิบัติการกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ (ศปก.พม.)"]
    return Letter(report_subject(report), "\n".join(lines) + "\n", attachments, note)


def _item_lines(alert: Alert, limit: int = 20) -> list[str]:
    lines = []
    for item in alert.items.select_related("source").order_by("-published_at")[:limit]:
        when = timezone.localtime(item.published_at).strftime("%d/%m %H:%M")
        lines.append(f"- {when} {item.source.name}: {item.title}\n  {item.url}")
    return lines


def alert_letter(alert: Alert, config: MailConfig) -> Letter:
    """The e-mail of one alert, with the items that raised it."""
    lines = [
        alert.title,
        "",
        alert.detail,
        "",
        *_item_lines(alert),
        "",
        f"ดูในระบบ: {config.site_url}/alerts/{alert.pk}/",
        f"กฎ: {alert.rule.name}",
    ]
    return Letter(f"[แจ้งเตือน ศปก.พม.] {alert.title}", "\n".join(lines) + "\n")


def digest_letter(day: date, config: MailConfig) -> Letter:
    """The e-mail of a day's alerts, one paragraph each."""
    alerts = alerts_of_day(day)
    lines = [f"{digest_title(day)}: {to_thai_digits(str(len(alerts)))} รายการ", ""]
    for a in alerts:
        when = timezone.localtime(a.fired_at).strftime("%H:%M")
        lines += [f"{when} {a.title}", f"  {a.detail}", f"  {config.site_url}/alerts/{a.pk}/", ""]
    return Letter(digest_title(day), "\n".join(lines))


def letter_for(
    delivery: Delivery, config: MailConfig, pdfs: PdfCache, *, attach: bool = True
) -> Letter:
    """The letter a delivery carries."""
    if delivery.report is not None:
        return report_letter(delivery.report, config, pdfs, attach=attach)
    if delivery.alert is not None:
        return alert_letter(delivery.alert, config)
    if delivery.topic:  # composed when queued
        return Letter(delivery.subject, delivery.body)
    if delivery.digest_date is None:  # the check constraint: one of the three
        raise ValueError(f"การส่ง #{delivery.pk} ไม่มีรายงาน การแจ้งเตือน หรือวันสรุป")
    return digest_letter(delivery.digest_date, config)


def due_ids(now: datetime, *, limit: int, report: Report | None = None) -> list[int]:
    """The deliveries to try now, oldest first."""
    query = Delivery.objects.filter(due_filter(now))
    if report is not None:
        query = query.filter(Q(report=report))
    return list(query.order_by("created_at", "id").values_list("id", flat=True)[:limit])


def run_deliveries(
    now: datetime | None = None,
    *,
    limit: int = 50,
    report: Report | None = None,
    config: MailConfig | None = None,
) -> RunResult:
    """Send the due deliveries (of one report, or all), one SMTP session for the batch."""
    config = config or MailConfig.from_settings()
    result = RunResult()
    if not config.enabled:
        result.disabled = True
        return result
    now = now or timezone.now()
    pdfs = PdfCache()
    with Mailer(config) as mailer:
        for pk in due_ids(now, limit=limit, report=report):
            delivery = do_claim_delivery(pk, now)
            if delivery is None:
                continue
            try:
                message_id, note = _send(delivery, mailer, config, pdfs)
            except SendError as exc:
                do_record_failure(pk, reason=exc.reason, permanent=exc.permanent, now=now)
                result.failed.append((pk, exc.reason))
            except Exception as exc:  # noqa: BLE001 - one bad letter must not stop the others
                log.exception("delivery %s could not be prepared", pk)
                do_record_failure(pk, reason=f"เตรียมข้อความไม่สำเร็จ: {exc}", permanent=True, now=now)
                result.failed.append((pk, str(exc)))
            else:
                do_record_sent(pk, message_id=message_id, note=note, now=now)
                result.sent.append(pk)
    return result


def _send(
    delivery: Delivery, mailer: Mailer, config: MailConfig, pdfs: PdfCache
) -> tuple[str, str]:
    check_address(delivery.address)  # a bad address fails before any work
    letter = letter_for(delivery, config, pdfs)
    message_id = new_message_id(config)
    try:
        mailer.send(_message(delivery, letter, config, message_id), delivery.address)
    except SendError as exc:
        if not (exc.too_large and letter.attachments):
            raise
        letter = letter_for(delivery, config, pdfs, attach=False)  # the link alone
        message_id = new_message_id(config)
        mailer.send(_message(delivery, letter, config, message_id), delivery.address)
    return message_id, letter.note


def _message(
    delivery: Delivery, letter: Letter, config: MailConfig, message_id: str
) -> EmailMessage:
    return compose(
        config,
        to=delivery.address,
        to_name=delivery.name,
        subject=letter.subject,
        body=letter.body,
        message_id=message_id,
        attachments=letter.attachments,
    )

"""The morning timeline: the steps of the report being prepared, each with its time and who did it.

Read from what is already recorded — the report's state, the audit log, the hotline's history,
the deliveries — so nothing extra is written to keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.reports.models import Report
from msoc.thai import to_thai_digits

SYSTEM = "ระบบ"


@dataclass(frozen=True)
class Step:
    """One line of the checklist: done, waiting or late, with when and by whom."""

    key: str
    label: str
    state: str  # done | waiting | late
    at: datetime | None = None
    who: str = ""
    note: str = ""

    @property
    def done(self) -> bool:
        """Whether the step has happened."""
        return self.state == "done"


def _actor(action: str, target_id: object) -> tuple[str, datetime | None]:
    event = (
        AuditEvent.objects.filter(action=action, target="reports.Report", target_id=str(target_id))
        .order_by("created_at", "id")
        .first()
    )
    return (event.actor_name or SYSTEM, event.created_at) if event else ("", None)


def _working_report(day: date) -> Report | None:
    """The draft of the day if one is open, else its newest issued (or imported) report."""
    reports = Report.objects.filter(date=day)
    return (
        reports.filter(status=Report.Status.DRAFT).first()
        or reports.exclude(status=Report.Status.SUPERSEDED).order_by("-id").first()
    )


def cutoff_step(day: date, now: datetime) -> Step:
    """The news period closes (06:00 of the report's day)."""
    from msoc.apps.reports.period import report_period

    end = report_period(day)[1]
    return Step("cutoff", "ปิดรับข่าว", "done" if now >= end else "waiting", end, SYSTEM)


def units_step(day: date, now: datetime) -> Step:
    """Every unit's activities are in (their deadlines set by admins)."""
    from msoc.apps.units.models import Duty
    from msoc.apps.units.submissions import State, duty_days

    items = [d for d in duty_days(day, now) if d.duty.part == Duty.Part.ACTIVITIES]
    if not items:
        return Step("units", "หน่วยงานส่งกิจกรรม", "done", None, "", "ไม่มีกำหนดส่งวันนี้")
    sent = [d for d in items if d.sent_at is not None]
    note = f"ส่งแล้ว {to_thai_digits(str(len(sent)))}/{to_thai_digits(str(len(items)))} หน่วยงาน"
    last_due = max(d.due for d in items)
    if len(sent) == len(items):
        last = max(sent, key=lambda d: d.sent_at or last_due)
        return Step("units", "หน่วยงานส่งกิจกรรม", "done", last.sent_at, last.duty.unit.code, note)
    late = any(d.state == State.LATE for d in items)
    return Step("units", "หน่วยงานส่งกิจกรรม", "late" if late else "waiting", last_due, "", note)


def hotline_step(day: date) -> Step:
    """The hotline's figures of the day are stored."""
    from msoc.apps.hotline.models import DayTotals

    first = (
        DayTotals.history.filter(date=day)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date")
        .first()
    )
    if first is None:
        return Step("hotline", "สถิติสายด่วน ๑๓๐๐", "waiting")
    who = first.history_user.username if first.history_user else SYSTEM
    return Step("hotline", "สถิติสายด่วน ๑๓๐๐", "done", first.history_date, who)


def report_steps(day: date, report: Report | None) -> list[Step]:
    """Draft built, checks clean, issued, sent."""
    if report is None:
        return [
            Step("draft", "สร้างร่างรายงาน", "waiting"),
            Step("checks", "ตรวจรายงานผ่าน", "waiting"),
            Step("issued", "ออกเลขและออกรายงาน", "waiting"),
            Step("sent", "ส่งอีเมลถึงผู้รับ", "waiting"),
        ]
    first_draft = Report.objects.filter(date=day).order_by("id").first() or report
    who, at = _actor("report.draft", first_draft.pk)
    steps = [Step("draft", "สร้างร่างรายงาน", "done", at or first_draft.created_at, who)]
    steps.append(_checks_step(day, report))
    if report.status == Report.Status.DRAFT:
        steps += [
            Step("issued", "ออกเลขและออกรายงาน", "waiting"),
            Step("sent", "ส่งอีเมลถึงผู้รับ", "waiting"),
        ]
        return steps
    who, at = _actor("report.issue", report.pk)
    number = to_thai_digits(str(report.document_number or ""))
    steps.append(
        Step("issued", "ออกเลขและออกรายงาน", "done", report.issued_at or at, who, f"ว {number}")
    )
    steps.append(_sent_step(report))
    return steps


def _checks_step(day: date, report: Report) -> Step:
    if report.status != Report.Status.DRAFT:  # issuing runs the checks (or records overrides)
        who, at = _actor("report.issue", report.pk)
        return Step("checks", "ตรวจรายงานผ่าน", "done", report.issued_at or at, who)
    from msoc.apps.reports.build import build_daily_report
    from msoc.apps.reports.checks import check_report

    findings = check_report(build_daily_report(day, report))
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    note = f"ผิดพลาด {to_thai_digits(str(errors))} · เตือน {to_thai_digits(str(warnings))}"
    return Step("checks", "ตรวจรายงานผ่าน", "waiting" if errors else "done", None, "", note)


def _sent_step(report: Report) -> Step:
    deliveries = report.deliveries.all()  # type: ignore[attr-defined]
    total = deliveries.count()
    sent = deliveries.filter(status="sent")
    if not total:
        return Step("sent", "ส่งอีเมลถึงผู้รับ", "waiting", note="ยังไม่มีรายการส่ง")
    last = sent.aggregate(m=Max("sent_at"))["m"]
    note = f"ส่งแล้ว {to_thai_digits(str(sent.count()))}/{to_thai_digits(str(total))}"
    queued = AuditEvent.objects.filter(
        action="delivery.queue", target="reports.Report", target_id=str(report.pk)
    ).first()
    who = (queued.actor_name or SYSTEM) if queued else SYSTEM
    state = "done" if sent.count() == total else "waiting"
    return Step("sent", "ส่งอีเมลถึงผู้รับ", state, last, who, note)


def timeline(day: date, now: datetime) -> list[Step]:
    """The checklist of a day's report, in the order of the morning."""
    report = _working_report(day)
    return [
        cutoff_step(day, now),
        units_step(day, now),
        hotline_step(day),
        *report_steps(day, report),
    ]

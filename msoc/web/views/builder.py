"""The report builder: draft rows from accepted items, reorder, edit, key headlines, issue, correct."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from msoc.apps.alerts.actions.issuing import do_issue_and_queue
from msoc.apps.reports.actions import (
    ReportActionError,
    do_get_or_create_draft,
    do_start_correction,
    rows,
)
from msoc.apps.reports.build import build_daily_report, current_report
from msoc.apps.reports.checks import check_report, finding_key
from msoc.apps.reports.models import SECTION_CHOICES, NewsRow, Report
from msoc.apps.reports.period import report_period
from msoc.report.model import DailyReport
from msoc.thai import format_dtg, format_thai_date_long
from msoc.web.forms import HeadlinesForm, NewRowForm, RowForm
from msoc.web.permissions import EDITORS, require
from msoc.web.request import HtmxHttpRequest
from msoc.web.validation import plain_text
from msoc.web.views.reports import parse_day, preview_html


def findings_of(daily: Any) -> list[dict[str, Any]]:
    """The report's check findings for the page, each error with the key an override names."""
    return [
        {"finding": f, "key": finding_key(f), "error": f.severity == "error", "text": f.line()}
        for f in check_report(daily)
    ]


def overrides_from(request: HttpRequest) -> dict[str, str]:
    """The editor's reasons for issuing despite errors: fields override_key_N / override_reason_N."""
    overrides = {}
    for name in request.POST:
        if name.startswith("override_key_"):
            key = plain_text(request.POST.get(name, ""), 200)
            reason = request.POST.get("override_reason_" + name.removeprefix("override_key_"), "")
            if reason.strip():
                overrides[key] = plain_text(reason.strip(), 500)
    return overrides


def _sections(report: Report | None) -> list[dict[str, Any]]:
    stored = list(report.rows.order_by("section", "position", "id")) if report else []
    return [
        {
            "code": code,
            "title": title,
            "rows": [
                {
                    "row": r,
                    "dtg": format_dtg(r.published_at),
                    "form": RowForm(
                        initial={
                            "section": r.section,
                            "source": r.source,
                            "place": r.place,
                            "summary": r.summary,
                        },
                        prefix=f"r{r.pk}",
                    ),
                }
                for r in stored
                if r.section == code
            ],
        }
        for code, title in SECTION_CHOICES
    ]


def _context(day: date) -> dict[str, Any]:
    report = current_report(day)
    draft = Report.objects.filter(date=day, status=Report.Status.DRAFT).first()
    working = draft or report
    content = working.content if working is not None and working.is_frozen else None
    shown = DailyReport.from_dict(content) if content else build_daily_report(day, working)
    return {
        "day": day,
        "day_iso": day.isoformat(),
        "day_text": format_thai_date_long(day),
        "report": working,
        "draft": draft,
        "sections": _sections(working),
        # A draft next to an issued report can only be issued as its correction.
        "can_correct": bool(
            report and report.is_frozen and (draft is None or draft.supersedes_id is None)
        ),
        "can_issue": bool(
            draft and (report is None or not report.is_frozen or draft.supersedes_id)
        ),
        "headlines": HeadlinesForm(
            initial={"headlines": "\n".join(working.key_headlines if working else [])}
        ),
        "new_row": NewRowForm(),
        "preview": preview_html(shown),
        "findings": findings_of(shown),
        "issued": Report.objects.filter(date=day)
        .exclude(status=Report.Status.DRAFT)
        .order_by("-id"),
    }


@require(EDITORS)
def builder(request: HttpRequest, day: str) -> HttpResponse:
    """The builder page of a date (with the ๕.๑ suggestion while a draft is open)."""
    the_day = parse_day(day)
    context = _context(the_day)
    if context["draft"] is not None:
        context["suggestions"] = _suggestions(the_day)
    from msoc.apps.units.submissions import missing_parts

    context["missing_parts"] = missing_parts(the_day, timezone.now())
    return render(request, "web/builder.html", context)


def _suggestions(day: date) -> list[Any]:
    """The ranked ๕.๑ suggestion; a failure is logged and leaves the builder usable."""
    from msoc.apps.reports.headlines import suggest_headlines

    try:
        return suggest_headlines(day)
    except Exception:  # noqa: BLE001 - a suggestion must never take the builder down
        logging.getLogger(__name__).exception("key-headline suggestion failed for %s", day)
        return []


def _done(request: HtmxHttpRequest, day: date, message: str = "") -> HttpResponse:
    """After a change: the refreshed rows for htmx (and a preview refresh), else back to the page."""
    if request.htmx:
        response = render(request, "partials/builder_rows.html", _context(day))
        response["HX-Trigger"] = "report-changed"
        return response
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(f"/reports/{day.isoformat()}/")


def _failed(request: HtmxHttpRequest, day: date, error: Exception) -> HttpResponse:
    if request.htmx:
        return render(request, "partials/error.html", {"error": str(error)}, status=409)
    messages.error(request, str(error))
    return HttpResponseRedirect(f"/reports/{day.isoformat()}/")


@require_POST
@require(EDITORS)
def create_draft(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Create (or open) the draft of a date."""
    the_day = parse_day(day)
    do_get_or_create_draft(the_day, actor=request.user)
    return _done(request, the_day, "สร้างร่างรายงานแล้ว")


@require_POST
@require(EDITORS)
def pull_items(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Add the accepted items of the report's period to the draft."""
    from msoc.apps.news.models import Item

    the_day = parse_day(day)
    start, end = report_period(the_day)
    accepted = (
        Item.objects.filter(
            review_state__status="accepted", published_at__gte=start, published_at__lt=end
        )
        .select_related("source")
        .order_by("published_at")[:500]
    )
    added = rows.do_add_items(the_day, list(accepted), actor=request.user)
    return _done(request, the_day, f"เพิ่มข่าวที่รับแล้ว {added} ข่าว")


@require_POST
@require(EDITORS)
def add_row(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Add a row typed in by hand."""
    the_day = parse_day(day)
    form = NewRowForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''} {_messages(e)}".strip()
            for f, e in form.errors.items()
        )
        return _failed(request, the_day, ValueError(errors))
    try:
        rows.do_add_row(the_day, form.cleaned_data, actor=request.user)
    except ReportActionError as exc:
        return _failed(request, the_day, exc)
    return _done(request, the_day, "เพิ่มแถวแล้ว")


def _messages(errors: Iterable[object]) -> str:
    """A field's form errors as one line (they may be lazy translation strings)."""
    return " ".join(str(e) for e in errors)


def _row_day(pk: int) -> date:
    return get_object_or_404(NewsRow.objects.select_related("report"), pk=pk).report.date


@require_POST
@require(EDITORS)
def edit_row(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the section, source, place and summary of a draft row."""
    day = _row_day(pk)
    form = RowForm(request.POST, prefix=f"r{pk}")
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label} {_messages(e)}"
            for f, e in form.errors.items()
            if f in form.fields
        )
        return _failed(request, day, ValueError(errors or "ข้อมูลไม่ถูกต้อง"))
    try:
        rows.do_update_row(pk, form.cleaned_data, actor=request.user)
    except ReportActionError as exc:
        return _failed(request, day, exc)
    return _done(request, day, "บันทึกแถวแล้ว")


@require_POST
@require(EDITORS)
def move_row(request: HtmxHttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move a draft row up or down within its section."""
    day = _row_day(pk)
    try:
        rows.do_move_row(pk, direction, actor=request.user)
    except ReportActionError as exc:
        return _failed(request, day, exc)
    return _done(request, day)


@require_POST
@require(EDITORS)
def delete_row(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Remove a row from a draft."""
    day = _row_day(pk)
    try:
        rows.do_delete_row(pk, actor=request.user)
    except ReportActionError as exc:
        return _failed(request, day, exc)
    return _done(request, day, "ลบแถวแล้ว")


@require_POST
@require(EDITORS)
def save_headlines(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Save the ๕.๑ key headlines of the draft."""
    the_day = parse_day(day)
    form = HeadlinesForm(request.POST)
    if not form.is_valid():
        return _failed(request, the_day, ValueError("ประเด็นสำคัญยาวเกินไป"))
    try:
        rows.do_set_key_headlines(the_day, form.lines(), actor=request.user)
    except ReportActionError as exc:
        return _failed(request, the_day, exc)
    return _done(request, the_day, "บันทึกประเด็นสำคัญแล้ว")


@require_POST
@require(EDITORS)
def issue(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Issue the draft: the next document number, frozen content, DOCX and PDF in the archive."""
    the_day = parse_day(day)
    try:
        done = do_issue_and_queue(the_day, actor=request.user, overrides=overrides_from(request))
    except ReportActionError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(f"/reports/{the_day.isoformat()}/")
    report = done.report
    messages.success(
        request,
        f"ออกรายงานแล้ว ที่ {report.agency_code} /ว {report.document_number} "
        "กำลังสร้างไฟล์ DOCX และ PDF เบื้องหลัง"
        + (f" และเข้าคิวส่งอีเมล {done.queued} ราย (ส่งเมื่อ PDF พร้อม)" if done.queued else ""),
    )
    return HttpResponseRedirect(f"/reports/{the_day.isoformat()}/")


@require_POST
@require(EDITORS)
def correct(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """Open a correction draft that will supersede the issued report of a date."""
    the_day = parse_day(day)
    try:
        do_start_correction(the_day, actor=request.user)
    except ReportActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "เปิดร่างฉบับแก้ไขแล้ว เมื่อออกจะแทนที่ฉบับเดิม")
    return HttpResponseRedirect(f"/reports/{the_day.isoformat()}/")

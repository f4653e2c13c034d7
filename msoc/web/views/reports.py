"""Home, the archive of reports, the live preview and downloads of issued files."""

from __future__ import annotations

import re
import zlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from msoc.apps.reports.build import ReportNotFound, report_for_date
from msoc.apps.reports.models import Report
from msoc.report.model import DailyReport
from msoc.thai import format_thai_date_long
from msoc.web.permissions import READERS, require
from msoc.web.request import HtmxHttpRequest
from msoc.web.validation import parse_day_text

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def parse_day(text: str) -> date:
    """A date from a URL (YYYY-MM-DD) within the accepted range; anything else is a 404."""
    day = parse_day_text(text)
    if day is None:
        raise Http404("วันที่ไม่ถูกต้อง")
    return day


_STYLE_BLOCK = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)


def preview_html(daily: DailyReport) -> str:
    """The report as an HTML fragment for the page (the renderer escapes every text).

    The renderer's own <style> block is dropped: the strict CSP forbids inline styles, and the
    same rules are served as a file at /report.css.
    """
    from msoc.report.render.html import render_html

    return _STYLE_BLOCK.sub("", render_html(daily, standalone=False))


@lru_cache(maxsize=256)
def _frozen_preview(pk: int, updated_at: datetime) -> bytes:
    content = Report.objects.values_list("content", flat=True).get(pk=pk)
    if content is None:  # callers pass only reports with content; the field itself is nullable
        raise ReportNotFound(f"รายงานหมายเลข {pk} ไม่มีเนื้อหาที่ออกแล้ว")
    return zlib.compress(preview_html(DailyReport.from_dict(content)).encode(), 1)


def day_preview_html(day: date) -> str:
    """The preview of a date's report; frozen ones are rendered once and kept (compressed).

    A frozen report never changes, so (id, updated_at) names its preview for good; drafts are
    rendered on every call. Raises ReportNotFound like report_for_date.
    """
    frozen = (
        Report.objects.filter(date=day, status__in=[Report.Status.ISSUED, Report.Status.IMPORTED])
        .filter(content__isnull=False)
        .order_by("-date", "-id")
        .values_list("pk", "updated_at")
        .first()
    )
    if frozen is not None:
        return zlib.decompress(_frozen_preview(*frozen)).decode()
    return preview_html(report_for_date(day))


def _latest_day() -> date:
    latest = Report.objects.order_by("-date").values_list("date", flat=True).first()
    return latest or timezone.localdate()


@require_GET
@require(READERS)
def home(request: HttpRequest) -> HttpResponse:
    """Today's report (or the latest one) with its live preview and the recent archive."""
    today = timezone.localdate()
    day = today if Report.objects.filter(date=today).exists() else _latest_day()
    try:
        preview = day_preview_html(day)
    except ReportNotFound:
        preview = ""
    recent = Report.objects.order_by("-date", "-id")[:10]
    from msoc.web.views.rhythm import home_context  # the daily rhythm's blocks

    return render(
        request,
        "web/home.html",
        {
            **home_context(today),
            "day": day,
            "today": today,
            "day_text": format_thai_date_long(day),
            "preview": preview,
            "reports": recent,
        },
    )


@require_GET
@require(READERS)
def archive(request: HttpRequest) -> HttpResponse:
    """Every report, newest first, 30 a page."""
    reports = Report.objects.order_by("-date", "-id").only(
        "date", "status", "document_number", "agency_code", "docx_path", "pdf_path", "issued_at"
    )
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "web/archive.html", {"page": page})


@require_GET
@require(READERS)
def preview(request: HtmxHttpRequest, day: str) -> HttpResponse:
    """The report of a date as the page shows it (a fragment for htmx, else a full page)."""
    the_day = parse_day(day)
    try:
        html = day_preview_html(the_day)
    except ReportNotFound as exc:
        raise Http404(str(exc)) from exc
    if request.htmx:
        return render(request, "partials/preview.html", {"preview": html})
    return render(
        request,
        "web/preview.html",
        {
            "preview": html,
            "day": the_day,
            "day_text": format_thai_date_long(the_day),
        },
    )


@require_GET
@require(READERS)
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """An archived DOCX or PDF of an issued report; only files inside the archive are served."""
    if fmt not in FILE_TYPES:
        raise Http404("ชนิดไฟล์ไม่ถูกต้อง")
    report = get_object_or_404(Report, pk=pk)
    stored = getattr(report, f"{fmt}_path")
    if not stored:
        raise Http404("รายงานนี้ไม่มีไฟล์")
    path = Path(stored).resolve()
    archive_dir = Path(settings.ARCHIVE_DIR).resolve()
    if not path.is_relative_to(archive_dir) or not path.is_file():
        raise Http404("ไม่พบไฟล์ในคลัง")
    name = f"msoc-{report.date.isoformat()}-{report.document_number or 'draft'}.{fmt}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=FILE_TYPES[fmt]
    )


@require_GET
def report_css(request: HttpRequest) -> HttpResponse:
    """The report body's CSS (from the renderer), served as a file so the page needs no inline style."""
    from msoc.report.render.html import report_css as css

    response = HttpResponse(css(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response

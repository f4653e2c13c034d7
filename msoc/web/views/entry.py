"""Data entry: hotline figures, unit activities (own unit only for contributors), standing content."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.actions import do_save_day_totals
from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports.actions import ReportActionError, do_save_standing_block
from msoc.apps.reports.build import STANDING_ORDER
from msoc.apps.reports.models import StandingBlock
from msoc.apps.units.actions import activity_texts, do_save_activities
from msoc.apps.units.models import Unit
from msoc.report import model as m
from msoc.report.importer import ReportImportError
from msoc.thai import format_thai_date_long
from msoc.web.forms import ActivitiesForm, HotlineForm, ImportForm, StandingForm
from msoc.web.hotline_chart import cases_chart
from msoc.web.permissions import EDITORS, ENTRY, check_unit, require, units_editable_by
from msoc.web.views.reports import parse_day

IMPORT_FORMATS = "รับไฟล์ .docx หรือ .txt ที่เป็นข้อความรายงานแบบ UTF-8, UTF-16 หรือ TIS-620"
STANDING_TITLES = {
    "section3": "๓. ข้อสั่งการ",
    "section4": "๔. ข้อมูลประจำ",
    "section5_2": "๕.๒ ประเด็นติดตาม",
}


@require(ENTRY)
def index(request: HttpRequest) -> HttpResponse:
    """What this user may enter today."""
    today = timezone.localdate()
    return render(
        request,
        "web/entry.html",
        {
            "today": today,
            "units": units_editable_by(request.user),
            "standing_keys": [(k, STANDING_TITLES.get(k, k)) for k in STANDING_ORDER],
        },
    )


@require(EDITORS)
def hotline(request: HttpRequest, day: str) -> HttpResponse:
    """The hotline figures of a day: every breakdown, Thai or Arabic digits, '-' for none."""
    the_day = parse_day(day)
    stored = DayTotals.objects.filter(date=the_day).first()
    if request.method == "POST":
        form = HotlineForm(request.POST)
        if form.is_valid():
            try:
                do_save_day_totals(the_day, form.figures(), actor=request.user)
            except ValueError as exc:  # breakdowns that do not add up, a day with cases, …
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"บันทึกสถิติสายด่วน ๑๓๐๐ ของ{format_thai_date_long(the_day)}แล้ว"
                )
                return HttpResponseRedirect(request.path)
        status = 400
    else:
        form, status = HotlineForm(initial=HotlineForm.initial_from(stored)), 200
    chart = cases_chart(the_day)
    return render(
        request,
        "web/hotline.html",
        {
            "form": form,
            "day": the_day,
            "day_text": format_thai_date_long(the_day),
            "stored": stored,
            "chart": chart,
            "chart_svg": mark_safe(chart.svg),  # noqa: S308 - built from escaped text and numbers only
        },
        status=status,
    )


@require(ENTRY)
def activities(request: HttpRequest, code: str, day: str) -> HttpResponse:
    """A unit's activities of a date; contributors of another unit get 403."""
    unit = get_object_or_404(Unit, code=code)
    check_unit(request.user, unit)
    the_day = parse_day(day)
    if request.method == "POST":
        form = ActivitiesForm(request.POST)
        if form.is_valid():
            do_save_activities(unit, the_day, form.activities(), actor=request.user)
            messages.success(request, f"บันทึกกิจกรรมของ {unit.code} แล้ว")
            return HttpResponseRedirect(request.path)
        status = 400
    else:
        form = ActivitiesForm(initial={"text": "\n\n".join(activity_texts(unit, the_day))})
        status = 200
    return render(
        request,
        "web/activities.html",
        {
            "form": form,
            "unit": unit,
            "day": the_day,
            "day_text": format_thai_date_long(the_day),
        },
        status=status,
    )


def _lines(body: str) -> list[m.Line]:
    lines = []
    for raw in body.replace("\r\n", "\n").split("\n"):
        text = raw.strip()
        if not text:
            continue
        if text.startswith("#"):
            lines.append(
                m.Line(
                    kind="heading",
                    text=text.lstrip("#").strip(),
                    level=len(text) - len(text.lstrip("#")),
                )
            )
        elif text.startswith("- "):
            lines.append(m.Line(kind="bullet", text=text[2:].strip()))
        else:
            lines.append(m.Line(kind="paragraph", text=text))
    return lines


def _body(lines: list[dict[str, Any]]) -> str:
    out = []
    for line in lines:
        prefix = {"heading": "#" * max(int(line.get("level") or 1), 1) + " ", "bullet": "- "}.get(
            line["kind"], ""
        )
        out.append(prefix + line["text"])
    return "\n".join(out)


@require(EDITORS)
def standing(request: HttpRequest, key: str) -> HttpResponse:
    """Edit a standing block (a new version each save) and see who changed it before."""
    if key not in STANDING_ORDER:
        raise Http404("ไม่มีส่วนนี้")
    latest = StandingBlock.objects.filter(key=key).order_by("-version").first()
    if request.method == "POST":
        form = StandingForm(request.POST)
        if form.is_valid():
            block = m.StandingBlock(
                key=key, title=form.cleaned_data["title"], lines=_lines(form.cleaned_data["body"])
            )
            stored = do_save_standing_block(
                block, valid_from=form.cleaned_data["valid_from"], actor=request.user
            )
            messages.success(request, f"บันทึกฉบับที่ {stored.version} แล้ว")
            return HttpResponseRedirect(request.path)
        status = 400
    else:
        form = StandingForm(
            initial={
                "title": latest.title if latest else STANDING_TITLES[key],
                "body": _body(latest.lines) if latest else "",
                "valid_from": timezone.localdate(),
            }
        )
        status = 200
    versions = (
        StandingBlock.objects.filter(key=key).select_related("created_by").order_by("-version")[:20]
    )
    events = AuditEvent.objects.filter(
        target="reports.StandingBlock", target_id__in=[str(v.pk) for v in versions]
    )[:20]
    return render(
        request,
        "web/standing.html",
        {
            "form": form,
            "key": key,
            "title": STANDING_TITLES[key],
            "versions": versions,
            "events": events,
        },
        status=status,
    )


@require(EDITORS)
def import_report(request: HttpRequest) -> HttpResponse:
    """Upload a past report (text or DOCX) and import it; too large or wrong type is refused."""
    from msoc.apps.reports.services import import_report_file

    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"upload{suffix}"
                path.write_bytes(upload.read())
                try:
                    outcome, _issues = import_report_file(path, actor=request.user)
                except ReportImportError as exc:  # the file is no report: say why, by its name
                    where = f" บรรทัด {exc.line}" if exc.line else ""
                    messages.error(
                        request, f"นำเข้าไม่ได้: {upload.name}{where}: {exc.reason}; {IMPORT_FORMATS}"
                    )
                    return render(request, "web/import.html", {"form": form}, status=400)
                except (ReportActionError, ValueError) as exc:
                    messages.error(request, f"นำเข้าไม่ได้: {exc}")
                    return render(request, "web/import.html", {"form": form}, status=400)
            messages.success(
                request, f"{outcome.message}: รายงานวันที่ {outcome.report.date.isoformat()}"
            )
            return HttpResponseRedirect(f"/reports/{outcome.report.date.isoformat()}/")
        return render(request, "web/import.html", {"form": form}, status=400)
    return render(request, "web/import.html", {"form": ImportForm()})

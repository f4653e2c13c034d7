"""The review queue: the period's items grouped by suggested section and story, one-click decisions."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.context import make_context
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.http import require_POST

from msoc.apps.reports.models import SECTION_CHOICES
from msoc.apps.reports.period import report_day_at, report_period
from msoc.apps.review.actions import ReviewError, do_merge, do_review, do_review_many, do_split
from msoc.web.forms import ReviewEditForm, form_errors_text
from msoc.web.forms_dates import day_filter
from msoc.web.permissions import EDITORS, require
from msoc.web.request import HtmxHttpRequest
from msoc.web.validation import DAY_RANGE_MESSAGE

SECTION_TITLES = dict(SECTION_CHOICES)
STATUSES = {"pending": "รอคัดกรอง", "accepted": "รับแล้ว", "rejected": "ไม่เกี่ยวข้อง", "all": "ทั้งหมด"}
PER_PAGE = 100
MAX_BULK = 500


def _items(day: date, status: str) -> Any:
    from msoc.apps.news.models import Item

    start, end = report_period(day)
    qs = Item.objects.filter(published_at__gte=start, published_at__lt=end)
    if status == "pending":
        qs = qs.filter(review_state__isnull=True)
    elif status in ("accepted", "rejected"):
        qs = qs.filter(review_state__status=status)
    return (
        qs.select_related("source", "review_state")
        .defer("body", "raw")
        .order_by("section", "story", "-published_at", "id")
    )


def _groups(items: list[Any]) -> list[dict[str, Any]]:
    out = []
    for section, in_section in groupby(items, key=lambda i: i.section or ""):
        stories = [list(g) for _, g in groupby(in_section, key=lambda i: i.story or f"-{i.pk}")]
        out.append(
            {
                "code": section,
                "title": SECTION_TITLES.get(section, "ยังไม่จัดหมวด"),
                "stories": stories,
            }
        )
    order = [code for code, _ in SECTION_CHOICES]
    return sorted(out, key=lambda g: order.index(g["code"]) if g["code"] in order else len(order))


@require(EDITORS)
def queue(request: HttpRequest) -> HttpResponse:
    """The review queue of a report date (default: the report being prepared now), paginated."""
    current = report_day_at(timezone.now())
    day, day_form = day_filter(request.GET, current)
    if request.GET.get("day") and not day_form.is_valid():
        raise BadRequest(f"{form_errors_text(day_form)} ({DAY_RANGE_MESSAGE})")
    status = request.GET.get("status", "pending")
    if status not in STATUSES:
        raise Http404("สถานะไม่ถูกต้อง")
    page = Paginator(_items(day, status), PER_PAGE).get_page(request.GET.get("page"))
    return render_plain_numbers(
        request,
        "web/review.html",
        {
            "day": day,
            "current": day == current,
            "period": report_period(day),
            "day_form": day_form,
            "status": status,
            "statuses": STATUSES,
            "page": page,
            "groups": _groups(list(page.object_list)),
            "sections": SECTION_CHOICES,
        },
    )


def render_plain_numbers(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """`render` with numbers printed by str() instead of through the locale.

    The same text here (no thousands separators are used), but a queue page prints each item's id
    some 25 times and the locale lookups were a third of its rendering time.
    """
    template = get_template(name)
    body = template.template.render(make_context(context, request, use_l10n=False))  # type: ignore[attr-defined]
    return HttpResponse(body)


def _card(request: HttpRequest, item_id: int) -> HttpResponse:
    from msoc.apps.news.models import Item

    item = (
        Item.objects.select_related("source", "review_state").defer("body", "raw").get(pk=item_id)
    )
    return render(request, "partials/review_item.html", {"item": item, "sections": SECTION_CHOICES})


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("back", "/review/")
    return HttpResponseRedirect(target if target.startswith("/review/") else "/review/")


@require_POST
@require(EDITORS)
def decide(request: HtmxHttpRequest, pk: int, decision: str) -> HttpResponse:
    """One decision on one item: accept, reject, move (section=), edit (place=, summary=), split."""
    form = ReviewEditForm(request.POST)
    try:
        if not form.is_valid():  # too long, NUL, an unknown section: nothing is changed
            raise ReviewError(form_errors_text(form))
        changes = form.changes(request.POST)
        if changes.get("place"):
            changes["place_printed"] = changes["place"]
        if decision == "split":
            do_split(pk, actor=request.user)
        else:
            do_review(pk, decision, actor=request.user, changes=changes)
    except ReviewError as exc:
        if request.htmx:
            status = 400 if form.errors else 409
            return render(request, "partials/error.html", {"error": str(exc)}, status=status)
        messages.error(request, str(exc))
        return _back(request)
    return _card(request, pk) if request.htmx else _back(request)


@require_POST
@require(EDITORS)
def bulk(request: HttpRequest) -> HttpResponse:
    """Accept, reject or merge the checked items, all in one transaction."""
    try:
        ids = [int(i) for i in request.POST.getlist("ids")][:MAX_BULK]
    except ValueError:
        ids = []
    action = request.POST.get("action", "")
    try:
        if not ids:
            raise ReviewError("ยังไม่ได้เลือกข่าว")
        if action == "merge":
            do_merge(ids, actor=request.user)
        else:
            do_review_many(ids, action, actor=request.user)
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"ดำเนินการกับ {len(ids)} ข่าวแล้ว")
    return _back(request)


QUALITY_WEEKS = 8
QUALITY_SECTIONS = [*SECTION_CHOICES, ("none", "ไม่เกี่ยวข้อง")]


def _cell(kept: int, suggested: int) -> dict[str, Any]:
    """One table cell: kept of suggested, and the precision in whole percent (None when empty)."""
    pct = round(100 * kept / suggested) if suggested else None
    return {"kept": kept, "suggested": suggested, "pct": pct}


@require(EDITORS)
def quality(request: HttpRequest) -> HttpResponse:
    """How often the suggested section was kept by the staff, per section and week (read-only)."""
    from msoc.apps.accounts.models import AuditEvent
    from msoc.apps.review.training import precision_by_week, precision_over

    codes = [code for code, _ in QUALITY_SECTIONS]
    weeks = precision_by_week(QUALITY_WEEKS)
    rows = [
        {
            "begin": timezone.localtime(week.begin).date(),
            "end": timezone.localtime(week.end).date(),
            "items": week.items,
            "cells": [_cell(week.sections[c].kept, week.sections[c].suggested) for c in codes],
        }
        for week in weeks
    ]
    totals = precision_over(weeks)
    trainings = AuditEvent.objects.filter(action="review.train").order_by("-created_at")[:5]
    return render(
        request,
        "web/review_quality.html",
        {
            "rows": rows,
            "sections": QUALITY_SECTIONS,
            "totals": [_cell(totals[c].kept, totals[c].suggested) for c in codes],
            "trainings": trainings,
            "n_weeks": QUALITY_WEEKS,
        },
    )

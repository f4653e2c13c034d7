"""Hazard pages: the hazards over the user's provinces, and per hazard the households to visit.

Roles that may open households (admin, editor, province office) see these pages; a province
office sees only hazards over its provinces and, in each, only its provinces' households (the
register's scope rule, `msoc.apps.register.services.scope_of`). Writes go through the hazard
actions; refusals are shown as Thai messages, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from msoc.apps.hazards.actions import HazardError, do_close_hazard, do_record_contact
from msoc.apps.hazards.models import Hazard
from msoc.apps.hazards.services import area_text, impact_of, raise_hazard, visible
from msoc.apps.register.models import Assistance, Household, Referral
from msoc.apps.register.services import Scope, log_list_view
from msoc.hazards.impact import STATUSES, Impact, Row
from msoc.web.forms_hazards import ContactForm, HazardForm
from msoc.web.hazard_map import hazard_map
from msoc.web.permissions import EDITORS, allowed, require
from msoc.web.views.register_common import HOUSEHOLD_ROLES, areas, scoped_provinces, user_scope

PER_PAGE = 100


def _summary(hazard: Hazard, impact: Impact) -> dict[str, Any]:
    return {
        "hazard": hazard,
        "area": area_text(hazard),
        "households": impact.households,
        "vulnerable": impact.vulnerable,
        "reached": impact.reached,
        "by_status": impact.by_status,
        "active": hazard.closed_at is None
        and (hazard.ends_on is None or hazard.ends_on >= timezone.localdate()),
    }


@require(HOUSEHOLD_ROLES)
def hazard_list(request: HttpRequest) -> HttpResponse:
    """The hazards over the user's provinces with their counts, and a form for a declared one."""
    scope = user_scope(request)
    form = HazardForm(request.POST or None, provinces=scoped_provinces(scope))
    if request.method == "POST" and form.is_valid():
        try:
            hazard, alerts = raise_hazard(form.fields_for_action(), actor=request.user)
        except HazardError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"บันทึกพื้นที่ภัย “{hazard.title}” แล้ว")
            for alert in alerts:
                messages.info(request, f"แจ้งเตือน: {alert.title}")
            return HttpResponseRedirect(f"/hazards/{hazard.pk}/")
    rows = [_summary(h, impact_of(h, scope)) for h in visible(scope)]
    return render(
        request,
        "hazards/list.html",
        {"rows": rows, "form": form, "statuses": STATUSES},
        status=400 if form.is_bound and form.errors else 200,
    )


def _visible_hazard(scope: Scope, pk: int) -> Hazard:
    hazard = get_object_or_404(Hazard, pk=pk)
    if not visible(scope).filter(pk=pk).exists():
        raise PermissionDenied("พื้นที่ภัยนี้ไม่อยู่ในจังหวัดที่ท่านรับผิดชอบ")
    return hazard


def _choices(
    ids: list[int],
) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[tuple[int, str]]]]:
    """The help and referral records of the listed households, for the follow-up forms."""
    helps: dict[int, list[tuple[int, str]]] = {}
    for a in Assistance.objects.filter(household_id__in=ids).order_by("-given_on"):
        helps.setdefault(a.household_id, []).append(
            (a.pk, f"{a.get_kind_display()} {a.given_on.isoformat()} ({a.get_result_display()})")
        )
    refs: dict[int, list[tuple[int, str]]] = {}
    for r in Referral.objects.filter(household_id__in=ids).select_related("to_unit"):
        refs.setdefault(r.household_id, []).append(
            (r.pk, f"ส่งต่อ {r.to_unit.code} ({r.get_status_display()})")
        )
    return helps, refs


def _list_rows(rows: list[Row], start: int) -> list[dict[str, Any]]:
    place = areas()
    helps, refs = _choices([r.household_id for r in rows])
    return [
        {
            "rank": start + i,
            "row": r,
            "address": place.address(r.subdistrict_code, r.district_code, r.province_code),
            "form": ContactForm(
                assistance=helps.get(r.household_id, []), referrals=refs.get(r.household_id, [])
            ),
        }
        for i, r in enumerate(rows)
    ]


def _subdistricts(impact: Impact, fills: dict[int, str]) -> list[dict[str, Any]]:
    place = areas()
    out = [
        {"code": code, "name": place.subdistrict_name(code), "fill": fills.get(code), **counts}
        for code, counts in impact.by_subdistrict.items()
    ]
    return sorted(out, key=lambda r: (-r["vulnerable"], -r["households"], r["name"]))


@require(HOUSEHOLD_ROLES)
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One hazard: counts by status and sub-district, and its households ranked by need."""
    scope = user_scope(request)
    hazard = _visible_hazard(scope, pk)
    impact = impact_of(hazard, scope)
    page = Paginator(impact.rows, PER_PAGE).get_page(request.GET.get("page"))
    start = (page.number - 1) * PER_PAGE + 1
    for province in sorted({r.province_code for r in page.object_list}):
        log_list_view(request.user, "hazard", province)
    drawn = hazard_map(hazard, impact, scope)
    return render(
        request,
        "hazards/detail.html",
        {
            **_summary(hazard, impact),
            "statuses": STATUSES,
            "page": page,
            "rows": _list_rows(list(page.object_list), start),
            "subdistricts": _subdistricts(impact, drawn.fills),
            "map_svg": mark_safe(drawn.svg),  # noqa: S308 - built from escaped names and numbers only
            "params": "",
            "can_close": allowed(request.user, EDITORS),
        },
    )


@require_POST
@require(HOUSEHOLD_ROLES)
def record_contact(request: HttpRequest, pk: int, household: int) -> HttpResponse:
    """Record a follow-up of one household of a hazard's list."""
    scope = user_scope(request)
    hazard = _visible_hazard(scope, pk)
    target = Household.objects.filter(pk=household).first()
    if target is None:
        raise Http404("ไม่พบครัวเรือน")
    helps, refs = _choices([target.pk])
    form = ContactForm(
        request.POST, assistance=helps.get(target.pk, []), referrals=refs.get(target.pk, [])
    )
    back = f"/hazards/{hazard.pk}/?page={_page_param(request)}#hh-{target.pk}"
    if not form.is_valid():
        errors = "; ".join(str(m) for e in form.errors.values() for m in e)
        messages.error(request, f"ไม่ได้บันทึก: {errors}")
        return HttpResponseRedirect(back)
    try:
        do_record_contact(hazard, target, **form.cleaned_data, actor=request.user)
    except HazardError as exc:
        messages.error(request, f"ไม่ได้บันทึก: {exc}")
    else:
        messages.success(
            request,
            f"บันทึกผลการติดตามครัวเรือน {target.code} แล้ว ({dict(STATUSES)[form.cleaned_data['status']]})",
        )
    return HttpResponseRedirect(back)


def _page_param(request: HttpRequest) -> int:
    try:
        return max(1, int(request.POST.get("page", "1")))
    except ValueError:
        return 1


@require_POST
@require(EDITORS)
def close_hazard(request: HttpRequest, pk: int) -> HttpResponse:
    """End a hazard (it leaves the active list and the report after today)."""
    try:
        do_close_hazard(pk, actor=request.user)
    except HazardError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "ปิดพื้นที่ภัยแล้ว")
    return HttpResponseRedirect(f"/hazards/{pk}/")

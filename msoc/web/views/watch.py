"""Saved searches that watch: each user's own list, saved from the search page, mailed on schedule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from msoc.apps.alerts.actions import AlertsActionError, do_delete_search, do_save_search
from msoc.apps.alerts.models import SavedSearch
from msoc.apps.alerts.watch import FIELDS, describe
from msoc.web.forms import REQUIRED, SearchForm
from msoc.web.permissions import READERS, require

# Viewers only read (msoc's rule: a viewer's POST is refused); every other role may save.
SAVERS = tuple(r for r in READERS if r != "viewer")


class SavedSearchForm(SearchForm):
    """The search's words and filters, a name, and when to mail."""

    name = forms.CharField(label="ชื่อการค้นหา", max_length=160, error_messages=REQUIRED)
    schedule = forms.ChoiceField(
        label="ส่งอีเมล", choices=SavedSearch.Schedule.choices, initial="daily"
    )
    at_time = forms.TimeField(
        label="เวลาส่ง (รายวัน)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "เวลาไม่ถูกต้อง (ชั่วโมง:นาที)"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("schedule") == SavedSearch.Schedule.DAILY and not data.get("at_time"):
            raise ValidationError("การส่งรายวันต้องระบุเวลาส่ง")
        if not any(data.get(k) for k in FIELDS):
            raise ValidationError("ระบุคำค้นหรือตัวกรองอย่างน้อยหนึ่งอย่าง")
        return data


def _page(request: HttpRequest, form: SavedSearchForm, status: int = 200) -> HttpResponse:
    mine = SavedSearch.objects.filter(user_id=request.user.pk or 0).order_by("name", "id")
    rows = [(s, describe(s), s.hits.count()) for s in mine]  # type: ignore[attr-defined]
    has_email = bool(getattr(request.user, "email", ""))
    context = {"form": form, "rows": rows, "has_email": has_email}
    return render(request, "web/saved_searches.html", context, status=status)


@require(READERS, SAVERS)
def saved_searches(request: HttpRequest) -> HttpResponse:
    """The user's saved searches, and the form to save one (filled from the search page)."""
    if request.method != "POST":
        initial = {k: request.GET.get(k, "") for k in FIELDS}
        initial.update(schedule="daily", at_time="07:00", name=request.GET.get("q", ""))
        return _page(request, SavedSearchForm(initial=initial))
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        do_save_search(
            request.user, data["name"], {k: data.get(k) or "" for k in FIELDS},
            data["schedule"], data.get("at_time"), actor=request.user,
        )  # fmt: skip
    except AlertsActionError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    messages.success(request, "บันทึกการค้นหาแล้ว จะส่งอีเมลเมื่อมีรายการใหม่")
    return HttpResponseRedirect("/search/saved/")


@require_POST
@require(SAVERS)
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's saved searches."""
    try:
        do_delete_search(pk, user=request.user, actor=request.user)
    except AlertsActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "ลบการค้นหาแล้ว")
    return HttpResponseRedirect("/search/saved/")

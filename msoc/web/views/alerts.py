"""Alerts, alert rules, distribution lists, deliveries, and the ๕.๑ suggestion's accept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from msoc.apps.alerts import actions
from msoc.apps.alerts.models import Alert, AlertRule, Delivery, DistributionList, Recipient
from msoc.apps.alerts.rules import PARAMS, topic_names
from msoc.apps.reports.actions import ReportActionError
from msoc.apps.reports.actions.rows import do_accept_headlines
from msoc.web.forms import REQUIRED
from msoc.web.permissions import EDITORS, READERS, allowed, require
from msoc.web.validation import MAX_INT, column_length, plain_text
from msoc.web.views.reports import parse_day

PER_PAGE = 50


class ListForm(forms.Form):
    """A distribution list."""

    name = forms.CharField(
        label="ชื่อรายชื่อ",
        max_length=column_length(DistributionList, "name"),
        error_messages=REQUIRED,
    )
    description = forms.CharField(
        label="คำอธิบาย", max_length=column_length(DistributionList, "description"), required=False
    )
    reports = forms.BooleanField(label="รับรายงานประจำวัน", required=False, initial=True)
    digest = forms.BooleanField(label="รับสรุปการแจ้งเตือนประจำวัน", required=False)


class RecipientForm(forms.Form):
    """One addressee."""

    position = forms.CharField(
        label="ตำแหน่ง (อักษรย่อ)", max_length=column_length(Recipient, "position"), required=False
    )
    name = forms.CharField(label="ชื่อ", max_length=column_length(Recipient, "name"), required=False)
    email = forms.EmailField(
        label="อีเมล",
        max_length=column_length(Recipient, "email"),
        error_messages={**REQUIRED, "invalid": "อีเมลไม่ถูกต้อง"},
    )


def _topic_choices() -> list[tuple[str, str]]:
    return [("", "—"), *sorted(topic_names().items(), key=lambda kv: kv[1])]


class RuleForm(forms.Form):
    """An alert rule; the parameter fields that its kind does not use are ignored."""

    name = forms.CharField(
        label="ชื่อกฎ", max_length=column_length(AlertRule, "name"), error_messages=REQUIRED
    )
    kind = forms.ChoiceField(
        label="ชนิด",
        choices=AlertRule.Kind.choices,
        error_messages={**REQUIRED, "invalid_choice": "ไม่มีชนิดกฎนี้"},
    )
    quiet_hours = forms.IntegerField(
        label="ช่วงเงียบหลังแจ้ง (ชั่วโมง)", min_value=0, max_value=24 * 30, initial=12
    )
    lists = forms.ModelMultipleChoiceField(
        label="ส่งอีเมลถึง",
        required=False,
        queryset=DistributionList.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    topic = forms.ChoiceField(label="ประเด็น", required=False, choices=_topic_choices)
    province = forms.CharField(label="จังหวัด", max_length=120, required=False)
    # Bounded so that a rule's window never overflows date arithmetic when it runs.
    hours = forms.IntegerField(
        label="ช่วงเวลา (ชั่วโมง)", required=False, min_value=1, max_value=24 * 366
    )
    min_count = forms.IntegerField(
        label="จำนวนข่าวขั้นต่ำ", required=False, min_value=1, max_value=100_000
    )
    baseline_days = forms.IntegerField(
        label="ฐานย้อนหลัง (วัน)", required=False, min_value=2, max_value=3660
    )
    sd = forms.FloatField(label="เกินค่าเฉลี่ยกี่เท่าของ SD", required=False, min_value=0, max_value=1000)
    outlets = forms.IntegerField(label="จำนวนสื่อขั้นต่ำ", required=False, min_value=2, max_value=10_000)
    sources = forms.CharField(label="แหล่งข่าว (คั่นด้วย ,)", max_length=1000, required=False)
    min_households = forms.IntegerField(
        label="จำนวนครัวเรือนเปราะบางขั้นต่ำ", required=False, min_value=1, max_value=MAX_INT
    )
    days = forms.IntegerField(
        label="พื้นที่ภัยที่บันทึกภายใน (วัน)", required=False, min_value=1, max_value=366
    )

    def params(self) -> dict[str, Any]:
        """The parameters of the chosen kind that were filled in."""
        data = self.cleaned_data
        return {
            name: data[name] for name in PARAMS[data["kind"]] if data.get(name) not in (None, "")
        }


def _errors(form: forms.Form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''} {' '.join(str(m) for m in e)}".strip()
        for f, e in form.errors.items()
    )


@require(READERS)
def alerts_page(request: HttpRequest) -> HttpResponse:
    """Every alert, newest first; those not yet acknowledged are marked."""
    alerts = Alert.objects.select_related("rule").order_by("-fired_at", "-id")
    if request.GET.get("open"):
        alerts = alerts.filter(acknowledged_at__isnull=True)
    page = Paginator(alerts, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/alerts.html",
        {
            "page": page,
            "open_only": bool(request.GET.get("open")),
            "can_edit": allowed(request.user, EDITORS),
        },
    )


@require(READERS)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One alert with the items that raised it."""
    alert = get_object_or_404(Alert.objects.select_related("rule"), pk=pk)
    items = alert.items.select_related("source").order_by("-published_at")
    return render(
        request,
        "web/alert.html",
        {
            "alert": alert,
            "items": items,
            "deliveries": alert.deliveries.order_by("address"),
            "can_edit": allowed(request.user, EDITORS),
        },
    )


@require_POST
@require(READERS, EDITORS)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an alert as seen."""
    try:
        actions.do_acknowledge_alert(pk, actor=request.user)
    except actions.AlertsActionError as exc:
        messages.error(request, str(exc))
    back = request.POST.get("back", "")
    return HttpResponseRedirect(back if back.startswith("/alerts/") else "/alerts/")


@require(EDITORS)
def rules(request: HttpRequest) -> HttpResponse:
    """The alert rules, and a form to add one."""
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_save_rule(
                    {
                        "name": data["name"],
                        "kind": data["kind"],
                        "quiet_hours": data["quiet_hours"],
                        "params": form.params(),
                    },
                    lists=list(data["lists"]),
                    actor=request.user,
                )
            except actions.AlertsActionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"เพิ่มกฎ “{data['name']}” แล้ว")
                return HttpResponseRedirect("/alerts/rules/")
        else:
            messages.error(request, _errors(form))
    listing = AlertRule.objects.prefetch_related("lists").order_by("name", "id")
    return render(request, "web/alert_rules.html", {"rules": listing, "form": form})


@require_POST
@require(EDITORS)
def toggle_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a rule on or off."""
    rule = get_object_or_404(AlertRule, pk=pk)
    actions.do_set_rule_active(pk, not rule.active, actor=request.user)
    return HttpResponseRedirect("/alerts/rules/")


@require(EDITORS)
def distribution(request: HttpRequest) -> HttpResponse:
    """The distribution lists with their addressees; forms to add lists and addressees."""
    form = ListForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_save_list(form.cleaned_data, actor=request.user)
            except actions.AlertsActionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"เพิ่มรายชื่อ “{form.cleaned_data['name']}” แล้ว")
                return HttpResponseRedirect("/distribution/")
        else:
            messages.error(request, _errors(form))
    lists = DistributionList.objects.prefetch_related("recipients").order_by("name")
    return render(
        request,
        "web/distribution.html",
        {"lists": lists, "form": form, "recipient_form": RecipientForm()},
    )


@require_POST
@require(EDITORS)
def add_recipient(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an addressee to a list."""
    form = RecipientForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            actions.do_add_recipient(pk, form.cleaned_data, actor=request.user)
        except actions.AlertsActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"เพิ่ม {form.cleaned_data['email']} แล้ว")
    return HttpResponseRedirect("/distribution/")


@require_POST
@require(EDITORS)
def remove_recipient(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an addressee off a list."""
    try:
        actions.do_remove_recipient(pk, actor=request.user)
    except actions.AlertsActionError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect("/distribution/")


@require(EDITORS)
def deliveries(request: HttpRequest) -> HttpResponse:
    """Every e-mail and what became of it, newest first."""
    from msoc.apps.alerts.mail import MailConfig

    rows = Delivery.objects.select_related("report", "alert").order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/deliveries.html",
        {
            "page": page,
            "status": status,
            "statuses": Delivery.Status.choices,
            "mail_enabled": MailConfig.from_settings().enabled,
        },
    )


@require_POST
@require(EDITORS)
def accept_headlines(request: HttpRequest, day: str) -> HttpResponse:
    """Set the draft's ๕.๑ to the suggested lines the editor kept (in the order shown)."""
    the_day = parse_day(day)
    lines = [plain_text(line, 1000) for line in request.POST.getlist("line") if line.strip()]
    suggested = [plain_text(line, 1000) for line in request.POST.getlist("suggested")]
    try:
        do_accept_headlines(the_day, lines, suggested=suggested, actor=request.user)
    except ReportActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"ตั้งประเด็นสำคัญ ๕.๑ จากข้อเสนอแล้ว {len(lines)} ข้อ")
    return HttpResponseRedirect(f"/reports/{the_day.isoformat()}/")

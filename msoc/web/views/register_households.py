"""Household pages of the register: search, the profile with its history, and the forms on it.

Every page here needs a role that may open households (admin, editor, province office) and a
household inside the user's provinces; the profile is read through `view_household`, which logs
each view. Writes go through the register's actions; their refusals are shown, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from msoc.apps.hotline.models import Case
from msoc.apps.register import actions
from msoc.apps.register.actions import REFERRAL_MOVES, RegisterActionError
from msoc.apps.register.models import (
    HOUSEHOLD_FLAGS,
    Consent,
    Household,
    HouseholdIndex,
    Member,
    Referral,
    ScreeningScore,
)
from msoc.apps.register.services import (
    check_household,
    household_members,
    search_households,
    view_household,
)
from msoc.register.identity import masked
from msoc.web.forms_register import (
    AssistanceForm,
    CaseLinkForm,
    ConsentForm,
    HouseholdSearchForm,
    MoveReferralForm,
    ReferralForm,
    SurveyUploadForm,
)
from msoc.web.permissions import require
from msoc.web.views.register_common import (
    ADVISORY,
    HOUSEHOLD_ROLES,
    areas,
    deprived_rows,
    factor_rows,
    household_address,
    poverty_config,
    scoped_provinces,
    user_scope,
)

PER_PAGE = 50
HISTORY_LIMIT = 60
HIDDEN_FIELDS = {"national_id_hash", "updated_at", "created_at"}  # never shown, even as changes
HISTORY_TYPES = {"+": "สร้าง", "~": "แก้ไข", "-": "ลบ"}


@require_GET
@require(HOUSEHOLD_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    """Households in the user's provinces matching words, an ID number or an area."""
    scope = user_scope(request)
    provinces = scoped_provinces(scope)
    data = request.GET
    place = areas()
    province = _int(data.get("province"))
    district = _int(data.get("district"))
    districts = place.districts_of(province) if province and scope.allows(province) else []
    subdistricts = place.subdistricts_of(district) if district in {c for c, _ in districts} else []
    form = HouseholdSearchForm(
        data or None, provinces=provinces, districts=districts, subdistricts=subdistricts
    )
    page, rows, searched = None, [], False
    if form.is_bound and form.is_valid():
        searched = True
        clean = form.cleaned_data
        qs = search_households(
            request.user,
            text=clean["q"] or "",
            province=clean["province"],
            district=clean["district"],
            subdistrict=clean["subdistrict"],
            poor_only=clean["poor"],
            order=clean["order"] or "code",
        )
        page = Paginator(qs, PER_PAGE).get_page(data.get("page"))
        rows = _rows(list(page.object_list))
    params = data.copy()
    params.pop("page", None)
    return render(
        request,
        "register/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "searched": searched,
            "params": params.urlencode(),
            "scope_names": ", ".join(n for _, n in provinces) if not scope.every else "",
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _rows(households: list[Household]) -> list[dict[str, Any]]:
    """A result row per household: address, members, latest index and screening risk."""
    ids = [h.pk for h in households]
    counts: dict[int, int] = {}
    for hid in Member.objects.filter(household_id__in=ids, active=True).values_list(
        "household_id", flat=True
    ):
        counts[hid] = counts.get(hid, 0) + 1
    latest: dict[int, HouseholdIndex] = {}
    for row in HouseholdIndex.objects.filter(household_id__in=ids).order_by("year"):
        latest[row.household_id] = row
    risks = dict(
        ScreeningScore.objects.filter(household_id__in=ids).values_list("household_id", "score")
    )
    rows = []
    for h in households:
        index, risk = latest.get(h.pk), risks.get(h.pk)
        rows.append(
            {
                "household": h,
                "address": household_address(h),
                "members": counts.get(h.pk, 0),
                "index": index,
                "score_pct": index.score * 100 if index else None,
                "risk": risk,
                "risk_pct": risk * 100 if risk is not None else None,
            }
        )
    return rows


@require_GET
@require(HOUSEHOLD_ROLES)
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A household's profile; the view is logged."""
    return _profile(request, pk)


def _profile(
    request: HttpRequest, pk: int, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    try:
        household = view_household(pk, actor=request.user)
    except Household.DoesNotExist as exc:
        raise Http404("ไม่พบครัวเรือนนี้") from exc
    bound = bound or {}
    forms_ = {
        "help_form": bound.get("help") or AssistanceForm(household=household),
        "consent_form": bound.get("consent") or ConsentForm(household=household),
        "referral_form": bound.get("referral") or ReferralForm(household=household),
        "case_form": bound.get("case") or CaseLinkForm(household=household),
    }
    return render(
        request, "register/profile.html", {**_profile_context(household), **forms_}, status=status
    )


def _profile_context(household: Household) -> dict[str, Any]:
    """Everything the profile shows besides its forms."""
    members = list(household_members(household))
    index = household.indices.order_by("-year").first()
    screening = ScreeningScore.objects.filter(household=household).select_related("model").first()
    referrals = list(
        household.referrals.select_related("from_unit", "to_unit", "consent", "member")
        .prefetch_related("events__actor")
        .order_by("-created_at")
    )
    for referral in referrals:
        referral.moves = [  # type: ignore[attr-defined]
            (status, Referral.Status(status).label)
            for status in REFERRAL_MOVES.get(referral.status, ())
        ]
    return {
        "household": household,
        "address": household_address(household),
        "members": [{"m": m, "id": masked(m.national_id_last)} for m in members],
        "flags": _household_flags(household),
        "index": index,
        "deprived": deprived_rows(index.deprived) if index else [],
        "score_pct": index.score * 100 if index else None,
        "k": poverty_config().k,
        "k_pct": float(poverty_config().k) * 100,
        "screening": screening,
        "risk_pct": screening.score * 100 if screening else None,
        "factors": factor_rows(screening.factors) if screening else [],
        "advisory": ADVISORY,
        "assistance": household.assistance.select_related("unit", "member", "recorded_by"),
        "consents": household.consents.select_related("member", "recorded_by"),
        "referrals": referrals,
        "cases": household.case_links.select_related("case", "member", "linked_by"),
        "history": _history(household, members),
        "merged_into": household.merged_into,
    }


def _household_flags(household: Household) -> list[tuple[str, bool | None]]:
    """The household's own จปฐ. indicators with their labels."""
    return [(_label(Household, name), getattr(household, name)) for name in HOUSEHOLD_FLAGS]


def _history(household: Household, members: list[Member]) -> list[dict[str, Any]]:
    """Changes to the household and its members: who, when, which fields from what to what."""
    records = list(household.history.all()[:HISTORY_LIMIT])  # type: ignore[attr-defined]
    member_history = Member.history.filter(household_id=household.pk)  # type: ignore[attr-defined]
    records += list(member_history[:HISTORY_LIMIT])
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    names = {m.pk: m.full_name for m in members}
    out = []
    for rec in records[:HISTORY_LIMIT]:
        is_member = rec.instance_type is Member
        changes: list[tuple[str, str, str]] = []
        previous = rec.prev_record if rec.history_type == "~" else None
        if previous is not None:
            delta = rec.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                old, new = change.old, change.new
                if change.field == "national_id_last":
                    old, new = masked(old or ""), masked(new or "")
                changes.append((_label(rec.instance_type, change.field), _show(old), _show(new)))
        out.append(
            {
                "at": rec.history_date,
                "who": rec.history_user.get_username() if rec.history_user else "ระบบ",
                "what": HISTORY_TYPES.get(rec.history_type, rec.history_type),
                "record": names.get(rec.id, f"สมาชิก {rec.person_no}") if is_member else "ครัวเรือน",
                "changes": changes,
            }
        )
    return out


def _label(model: Any, name: str) -> str:
    """A field's Thai verbose name (the name itself for relations without one)."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if value is True:
        return "ใช่"
    if value is False:
        return "ไม่ใช่"
    return str(value)


def _household_for_write(request: HttpRequest, pk: int) -> Household:
    """The household a form writes to, after the province check (no view is logged here)."""
    household = get_object_or_404(Household, pk=pk)
    check_household(request.user, household)
    return household


def _done(household: Household, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"/households/{household.pk}/#{anchor}")


def _refused(
    request: HttpRequest, household: Household, error: Exception, bound: dict[str, forms.Form]
) -> HttpResponse:
    """The profile again with the refusal as a message and the entered form kept."""
    messages.error(request, f"บันทึกไม่ได้: {error}")
    return _profile(request, household.pk, bound, status=400)


def _invalid(
    request: HttpRequest, household: Household, key: str, form: forms.Form
) -> HttpResponse:
    messages.error(request, "ยังบันทึกไม่ได้ โปรดแก้ไขข้อมูลในแบบฟอร์มที่ทำเครื่องหมายไว้")
    return _profile(request, household.pk, {key: form}, status=400)


def _submit(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    key: str,
    action: Callable[..., Any],
    done: tuple[str, str],
) -> HttpResponse:
    """A profile form posted: validate it, hand its fields to the action, report the outcome.

    Each form's fields are named as its action's keyword arguments.
    """
    household = _household_for_write(request, pk)
    form = form_class(request.POST, household=household)  # type: ignore[call-arg]
    if not form.is_valid():
        return _invalid(request, household, key, form)
    try:
        action(household, **form.cleaned_data, actor=request.user)
    except (RegisterActionError, ValueError) as exc:
        return _refused(request, household, exc, {key: form})
    message, anchor = done
    messages.success(request, message)
    return _done(household, anchor)


@require_POST
@require(HOUSEHOLD_ROLES)
def record_assistance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record help the household received."""
    done = ("บันทึกความช่วยเหลือแล้ว", "assistance")
    return _submit(request, pk, AssistanceForm, "help", actions.do_record_assistance, done)


@require_POST
@require(HOUSEHOLD_ROLES)
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the household's consent to share its data."""
    done = ("บันทึกความยินยอมแล้ว", "consents")
    return _submit(request, pk, ConsentForm, "consent", actions.do_record_consent, done)


@require_POST
@require(HOUSEHOLD_ROLES)
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a consent."""
    consent = get_object_or_404(Consent.objects.select_related("household"), pk=pk)
    household = consent.household
    check_household(request.user, household)
    try:
        actions.do_withdraw_consent(consent, actor=request.user)
    except (RegisterActionError, ValueError) as exc:
        return _refused(request, household, exc, {})
    messages.success(request, "บันทึกการถอนความยินยอมแล้ว")
    return _done(household, "consents")


@require_POST
@require(HOUSEHOLD_ROLES)
def create_referral(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the household to another unit (refused without a consent on record)."""
    done = ("ส่งต่อแล้ว", "referrals")
    return _submit(request, pk, ReferralForm, "referral", actions.do_create_referral, done)


@require_POST
@require(HOUSEHOLD_ROLES)
def move_referral(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a referral to its next status."""
    referral = get_object_or_404(Referral.objects.select_related("household"), pk=pk)
    household = referral.household
    check_household(request.user, household)
    form = MoveReferralForm(request.POST)
    if not form.is_valid():
        return _refused(request, household, ValueError("สถานะใหม่ไม่ถูกต้อง"), {})
    try:
        moved = actions.do_move_referral(
            referral,
            form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except (RegisterActionError, ValueError) as exc:
        return _refused(request, household, exc, {})
    messages.success(request, f"เปลี่ยนสถานะการส่งต่อเป็น '{moved.get_status_display()}' แล้ว")
    return _done(household, f"referral-{referral.pk}")


@require_POST
@require(HOUSEHOLD_ROLES)
def link_case(request: HttpRequest, pk: int) -> HttpResponse:
    """Tie a 1300 hotline case to the household."""
    household = _household_for_write(request, pk)
    form = CaseLinkForm(request.POST, household=household)
    if not form.is_valid():
        return _invalid(request, household, "case", form)
    case = Case.objects.filter(case_id=form.cleaned_data["case_id"].strip()).first()
    if case is None:
        form.add_error("case_id", "ไม่พบเรื่องสายด่วนเลขที่นี้")
        return _invalid(request, household, "case", form)
    try:
        actions.do_link_case(
            household, case, member=form.cleaned_data["member"], actor=request.user
        )
    except (RegisterActionError, ValueError) as exc:
        return _refused(request, household, exc, {"case": form})
    messages.success(request, f"เชื่อมเรื่องสายด่วนเลขที่ {case.case_id} กับครัวเรือนแล้ว")
    return _done(household, "cases")


@require(HOUSEHOLD_ROLES)
def import_survey(request: HttpRequest) -> HttpResponse:
    """Upload a จปฐ.-style survey file; a background job parses and stores it.

    A province office imports only its own provinces. The page then follows the job (`?job=`).
    """
    from msoc import jobs
    from msoc.apps.register.jobs import import_survey as survey_job

    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        scope = user_scope(request)
        kept = jobs.keep_upload(upload.read(), Path(upload.name).suffix)
        result = survey_job.enqueue(
            str(kept),
            Path(upload.name).name,
            bool(form.cleaned_data["keep_good"]),
            None if scope.every else sorted(scope.provinces),
            request.user.pk,
        )
        messages.info(request, f"รับไฟล์ {Path(upload.name).name} แล้ว กำลังนำเข้าเบื้องหลัง")
        return HttpResponseRedirect(f"/households/import/?job={result.id}")
    job = _survey_job(request)
    outcome = job.return_value if job is not None and job.status == "SUCCESSFUL" else None
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "job": job, "outcome": outcome}
    return render(request, "register/import.html", context, status=status)


def _survey_job(request: HttpRequest) -> Any:
    """The survey job named by ?job=, if it is this user's."""
    from django_tasks_db.models import DBTaskResult

    from msoc.apps.register.jobs import TASK_PATH

    job_id = request.GET.get("job", "")
    try:
        found = DBTaskResult.objects.filter(pk=job_id, task_path=TASK_PATH).first()
    except (ValueError, ValidationError):
        return None
    if found is None or found.args_kwargs["args"][4] != request.user.pk:
        return None
    return found

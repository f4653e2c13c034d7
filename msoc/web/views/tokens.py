"""API tokens for admins: issue (the raw token is shown once, on this response only) and revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from msoc.apps.accounts.actions import TokenError, do_issue_token, do_revoke_token
from msoc.apps.accounts.models import ApiToken
from msoc.web.permissions import ADMINS, require


class TokenForm(forms.Form):
    """Who the token acts as, for which system, and whether it may write."""

    user = forms.ModelChoiceField(
        label="บัญชีผู้ใช้",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        error_messages={"required": "ต้องเลือกบัญชีผู้ใช้", "invalid_choice": "ไม่พบบัญชีนี้"},
    )
    name = forms.CharField(
        label="ชื่อระบบที่ใช้โทเคน",
        max_length=100,
        error_messages={"required": "ต้องระบุชื่อระบบ", "max_length": "ยาวเกิน 100 ตัวอักษร"},
    )
    scope = forms.ChoiceField(
        label="สิทธิ์",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        error_messages={"required": "ต้องเลือกสิทธิ์", "invalid_choice": "สิทธิ์ไม่ถูกต้อง"},
    )


@require(ADMINS)
def tokens(request: HttpRequest) -> HttpResponse:
    """The tokens, newest first, and the form to issue one."""
    form = TokenForm(request.POST or None)
    raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, raw = do_issue_token(
                    form.cleaned_data["user"],
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    actor=request.user,
                )
            except TokenError as exc:
                form.add_error(None, str(exc))
            else:
                form = TokenForm()
                messages.success(request, f"ออกโทเคน #{token.pk} ({token.name}) แล้ว")
        if raw is None:
            status = 400
    listing = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    response = render(
        request,
        "web/tokens.html",
        {"form": form, "tokens": listing, "raw": raw},
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the raw token must not stay in any cache
    return response


@require_POST
@require(ADMINS)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a token for good."""
    token = do_revoke_token(get_object_or_404(ApiToken, pk=pk), actor=request.user)
    messages.success(request, f"ยกเลิกโทเคน #{token.pk} ({token.name}) แล้ว")
    return HttpResponseRedirect("/tokens/")

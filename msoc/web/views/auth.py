"""Login (throttled by django-axes), logout, and the Thai error pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import BadRequest, DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


class LoginForm(AuthenticationForm):
    """Django's login form with Thai messages."""

    error_messages = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน",
    }
    username = forms.CharField(max_length=150, error_messages={"required": "โปรดใส่ชื่อผู้ใช้"})
    password = forms.CharField(strip=False, error_messages={"required": "โปรดใส่รหัสผ่าน"})


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe else "/"


def login_view(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST signs in (axes counts failures and locks after too many)."""
    if request.method == "POST":
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            login(request, form.get_user())
            return HttpResponseRedirect(_next_url(request))
    else:
        form = LoginForm(request)
    status = 400 if form.is_bound else 200
    return render(request, "login.html", {"form": form, "next": _next_url(request)}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link cannot sign anyone out)."""
    logout(request)
    return HttpResponseRedirect("/login")


def _error(request: HttpRequest, template: str, status: int, reason: str = "") -> HttpResponse:
    return render(request, template, {"reason": reason}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """400 in Thai; an unknown Host is named as the reason (Django raises DisallowedHost)."""
    if isinstance(exception, DisallowedHost):
        return _error(request, "400.html", 400, "ชื่อเครื่อง (Host) ของคำขอไม่อยู่ในรายชื่อที่ระบบรับ")
    if type(exception) is BadRequest and str(exception):  # raised by msoc with a Thai reason
        return _error(request, "400.html", 400, str(exception))
    return _error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """403 in Thai, with the Thai reason the view gave."""
    reason = str(exception) if exception and str(exception) else "บทบาทของท่านไม่มีสิทธิ์ทำรายการนี้"
    return _error(request, "403.html", 403, reason)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """404 in Thai, never the technical reason."""
    return _error(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF failures as a Thai 403."""
    return _error(
        request, "403.html", 403, "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"
    )

"""The audit log for admins: every domain action with the record before and after."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msoc.apps.accounts.models import AuditEvent
from msoc.web.permissions import ADMINS, require


@require_GET
@require(ADMINS)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Audit events, newest first, filterable by action and actor, 50 a page."""
    events = AuditEvent.objects.all()
    if request.GET.get("action"):
        events = events.filter(action__startswith=request.GET["action"])
    if request.GET.get("actor"):
        events = events.filter(actor_name=request.GET["actor"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/audit.html",
        {
            "page": page,
            "action": request.GET.get("action", ""),
            "actor": request.GET.get("actor", ""),
        },
    )

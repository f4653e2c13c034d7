"""News sources and their feed health: which outlets are silent or failing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msoc.apps.news.health import source_health
from msoc.web.permissions import EDITORS, require


@require_GET
@require(EDITORS)
def sources(request: HttpRequest) -> HttpResponse:
    """Every source with its health, flagged ones first."""
    rows = source_health()
    return render(
        request, "web/sources.html", {"rows": rows, "flagged": sum(1 for r in rows if r.flagged)}
    )

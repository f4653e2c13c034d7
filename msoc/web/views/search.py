"""Search over items and report rows (msoc/apps/search/engine.py), with filters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msoc.apps.search import engine
from msoc.web.forms import SearchForm
from msoc.web.permissions import READERS, require

PER_PAGE = 20


@require_GET
@require(READERS)
def search(request: HttpRequest) -> HttpResponse:
    """The search page; results appear once a word or a filter is given."""
    form = SearchForm(request.GET or None)
    result, page = None, 1
    if form.is_bound and form.is_valid():
        try:
            page = min(max(int(request.GET.get("page", "1")[:6]), 1), 10_000)
        except ValueError:
            page = 1
        data = form.cleaned_data
        texts = {k: data.get(k) or "" for k in ("q", "section", "source", "place", "topic", "kind")}
        query = engine.SearchQuery(
            **texts, date_from=data.get("date_from") or None, date_to=data.get("date_to") or None
        )
        result = engine.search(query, page=page, per_page=PER_PAGE)
    status = 400 if form.is_bound and not form.is_valid() else 200
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "web/search.html",
        {
            "form": form,
            "result": result,
            "page": page,
            "per_page": PER_PAGE,
            "has_next": bool(result and result.total > page * PER_PAGE),
            "params": params.urlencode(),
        },
        status=status,
    )

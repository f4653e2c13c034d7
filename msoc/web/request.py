"""The request type of msoc's views: Django's request plus what django-htmx's middleware adds."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through HtmxMiddleware (every request msoc serves does)."""

    htmx: HtmxDetails

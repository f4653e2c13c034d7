"""Security headers on every response: a strict Content-Security-Policy without inline code."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
# Swagger UI (vendored in django-ninja, served locally) sets inline styles on its widgets.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# Pages that show households, members or hotline callers (the admin lists them too): no browser
# or proxy may keep a copy, so a shared computer's back button or disk cache shows nothing.
PERSONAL_DATA_PATHS = ("/households/", "/admin/")


class SecurityHeadersMiddleware:
    """Adds the CSP and permissions headers that Django does not set itself.

    Referrer-Policy and nosniff come from SecurityMiddleware (SECURE_REFERRER_POLICY,
    SECURE_CONTENT_TYPE_NOSNIFF), X-Frame-Options from XFrameOptionsMiddleware (X_FRAME_OPTIONS).

    It is the outermost middleware, so the 400 that Django answers to an unknown Host (raised
    inside CommonMiddleware) carries the headers too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = DOCS_CSP if request.path.startswith("/api/docs") else CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.path.startswith(PERSONAL_DATA_PATHS):
            add_never_cache_headers(response)  # Cache-Control: …, no-store, private
        return response

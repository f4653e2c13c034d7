"""The JSON API (django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs).

Authentication: `Authorization: Bearer msoc_…` (accounts.ApiToken, hash stored) or the web
session. Endpoints call the same service functions as the pages and apply the same role limits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from msoc import search as engine
from msoc.apps.accounts.models import ApiToken
from msoc.apps.hotline.models import DayTotals
from msoc.apps.hotline.services_web import do_save_day_totals, snapshot
from msoc.apps.reports.build import ReportNotFound, report_for_date
from msoc.apps.reports.models import Report
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES
from msoc.web.permissions import EDITORS, READERS, role_of

PER_PAGE = 50
BREAKDOWNS = {
    "channels": HOTLINE_CHANNELS,
    "services": HOTLINE_SERVICES,
    "referrals": HOTLINE_REFERRALS,
    "kinds": HOTLINE_KINDS,
}
# The largest count a PostgreSQL integer column holds: larger ones are refused (422) up front
# instead of failing in the database (500).
MAX_COUNT = 2_147_483_647
NonNegative = Field(None, ge=0, le=MAX_COUNT)
Count = Annotated[int, Field(le=MAX_COUNT)]


class TokenAuth(HttpBearer):
    """Bearer tokens of other agencies' systems (only the hash is stored)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="msoc API",
    version="1",
    description="รายงานประจำวัน ศปก.พม. ข่าว และสถิติสายด่วน ๑๓๐๐",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "ไม่มีสิทธิ์"}, status=403)


def _need(request: HttpRequest, roles: tuple[str, ...]) -> None:
    if role_of(request.user) not in roles:
        raise PermissionDenied("บทบาทของท่านไม่มีสิทธิ์ใช้บริการนี้")


class ReportOut(Schema):
    id: int
    date: date
    status: str
    agency_code: str
    document_number: int | None
    issued_at: datetime | None
    has_pdf: bool
    has_docx: bool


class ReportPage(Schema):
    total: int
    page: int
    reports: list[ReportOut]


class ItemOut(Schema):
    kind: str
    id: int
    date: date
    published_at: datetime | None
    section: str
    source: str
    place: str
    title: str
    text: str


class ItemPage(Schema):
    total: int
    page: int
    items: list[ItemOut]


class ItemFilters(Schema):
    q: str = ""
    section: str = ""
    source: str = ""
    place: str = ""
    topic: str = ""
    kind: str = "item"
    date_from: date | None = None
    date_to: date | None = None
    page: int = Field(1, ge=1, le=10_000)


class HotlineIn(Schema):
    total: int = Field(..., ge=0, le=MAX_COUNT)
    male: int | None = NonNegative
    female: int | None = NonNegative
    channels: dict[str, Count | None] = {}
    services: dict[str, Count | None] = {}
    referrals: dict[str, Count | None] = {}
    mobile_unit: int | None = NonNegative
    kinds: dict[str, Count | None] = {}
    kinds_total: int | None = NonNegative


@api.get("/reports", response=ReportPage, tags=["reports"])
def list_reports(request: HttpRequest, page: int = Query(1, ge=1, le=10_000)) -> dict[str, Any]:
    """Reports, newest first, 50 a page."""
    _need(request, READERS)
    qs = Report.objects.order_by("-date", "-id")
    start = (page - 1) * PER_PAGE
    rows = [
        {
            "id": r.pk,
            "date": r.date,
            "status": r.status,
            "agency_code": r.agency_code,
            "document_number": r.document_number,
            "issued_at": r.issued_at,
            "has_pdf": bool(r.pdf_path),
            "has_docx": bool(r.docx_path),
        }
        for r in qs[start : start + PER_PAGE]
    ]
    return {"total": qs.count(), "page": page, "reports": rows}


@api.get("/reports/{day}", tags=["reports"], response={200: dict[str, Any], 404: dict[str, str]})
def get_report(request: HttpRequest, day: date) -> Any:
    """The report of a date in the DailyReport JSON data contract (issued content when issued)."""
    _need(request, READERS)
    try:
        return Status(200, report_for_date(day).to_dict())
    except ReportNotFound as exc:
        return Status(404, {"detail": str(exc)})


@api.get("/items", response=ItemPage, tags=["items"])
def list_items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    """Collected items (and report rows with kind=row), searched and filtered, newest first."""
    _need(request, READERS)
    if filters.kind not in ("item", "row", ""):
        raise HttpError(422, "kind ต้องเป็น item, row หรือว่าง")
    data = filters.dict()
    page = data.pop("page")
    result = engine.search(engine.SearchQuery(**data), page=page, per_page=PER_PAGE)
    items = [
        {
            "kind": e.kind,
            "id": e.ref_id,
            "date": e.day,
            "published_at": e.published_at,
            "section": e.section,
            "source": e.source,
            "place": e.place,
            "title": e.title,
            "text": e.text,
        }
        for e in result.entries
    ]
    return {"total": result.total, "page": page, "items": items}


@api.get("/hotline/{day}", tags=["hotline"], response={200: dict[str, Any], 404: dict[str, str]})
def get_hotline(request: HttpRequest, day: date) -> Any:
    """The hotline figures of a day."""
    _need(request, (*EDITORS, "viewer"))
    found = snapshot(DayTotals.objects.filter(date=day).first())
    if found is None:
        return Status(404, {"detail": f"ไม่มีสถิติสายด่วนของวันที่ {day.isoformat()}"})
    return Status(200, found)


@api.put("/hotline/{day}", tags=["hotline"], response={200: dict[str, Any]})
def put_hotline(request: HttpRequest, day: date, payload: HotlineIn) -> Any:
    """Store the hotline figures of a day (editors and admins)."""
    _need(request, EDITORS)
    data = payload.dict()
    for group in ("channels", "services", "referrals", "kinds"):
        unknown = sorted(set(data[group]) - set(BREAKDOWNS[group]))
        if unknown:
            raise HttpError(422, f"{group}: ไม่รู้จักรายการ {unknown}")
        bad = [k for k, v in data[group].items() if v is not None and v < 0]
        if bad:
            raise HttpError(422, f"{group}: {bad} ติดลบไม่ได้")
    try:
        stored = do_save_day_totals(day, data, actor=request.user)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(200, snapshot(stored))

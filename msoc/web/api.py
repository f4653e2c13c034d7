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
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator

from msoc.api_messages import install_thai_errors
from msoc.apps.accounts.models import ApiToken
from msoc.apps.hotline.actions import do_save_day_totals, totals_snapshot
from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports.build import ReportNotFound, report_for_date
from msoc.apps.reports.models import Report
from msoc.apps.search import engine
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES
from msoc.web.permissions import EDITORS, READERS, SAFE_METHODS, role_of
from msoc.web.validation import DAY_RANGE_MESSAGE, MAX_DAY, MAX_INT, MIN_DAY

PER_PAGE = 50
BREAKDOWNS = {
    "channels": HOTLINE_CHANNELS,
    "services": HOTLINE_SERVICES,
    "referrals": HOTLINE_REFERRALS,
    "kinds": HOTLINE_KINDS,
}
# The largest count a PostgreSQL integer column holds: larger ones are refused (422) up front
# instead of failing in the database (500).
MAX_COUNT = MAX_INT
NonNegative = Field(None, ge=0, le=MAX_COUNT)
Count = Annotated[int, Field(le=MAX_COUNT)]


def _check_role(user: Any, roles: tuple[str, ...] | None) -> None:
    if roles is not None and role_of(user) not in roles:
        raise PermissionDenied("บทบาทของท่านไม่มีสิทธิ์ใช้บริการนี้")


def _no_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL; Django's form fields refuse it the same way.
    if "\x00" in text:
        raise ValueError("มีอักขระ NUL ซึ่งไม่อนุญาต")
    return text


# Filter texts: bounded like the search form's fields (source and place are 120-character columns).
NoNul = AfterValidator(_no_nul)
Words = Annotated[str, Field(max_length=200), NoNul]
Name = Annotated[str, Field(max_length=120), NoNul]
Short = Annotated[str, Field(max_length=60), NoNul]
Day = Annotated[date, Field(ge=MIN_DAY, le=MAX_DAY)]


class TokenAuth(HttpBearer):
    """Bearer tokens of other agencies' systems (only the hash is stored).

    Scope and role are checked here, before ninja reads the body: a read-only token or a role
    that may not write gets 403 whatever it sends.
    """

    def __init__(self, roles: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.roles = roles

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        if request.method not in SAFE_METHODS and found.scope != ApiToken.Scope.WRITE:
            raise PermissionDenied("โทเคนนี้มีสิทธิ์อ่านอย่างเดียว เขียนข้อมูลไม่ได้")
        _check_role(found.user, self.roles)
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class RoleSessionAuth(SessionAuth):
    """The web session (with its CSRF check), and the role checked before the body is read."""

    def __init__(self, roles: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.roles = roles

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            _check_role(user, self.roles)
        return user


def auth_for(roles: tuple[str, ...] | None = None) -> list[Any]:
    """A token or the session; with `roles`, only those roles get past authentication."""
    return [TokenAuth(roles), RoleSessionAuth(roles)]


api = NinjaAPI(
    title="msoc API",
    version="1",
    description="รายงานประจำวัน ศปก.พม. ข่าว และสถิติสายด่วน ๑๓๐๐",
    auth=auth_for(),
    urls_namespace="api",
)


install_thai_errors(api)


def _check_day(day: date) -> None:
    # Path days come as plain dates: the range is checked here, like the pages' parse_day.
    if not MIN_DAY <= day <= MAX_DAY:
        raise HttpError(422, DAY_RANGE_MESSAGE)


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
    q: Words = ""
    section: Short = ""
    source: Name = ""
    place: Name = ""
    topic: Short = ""
    kind: Short = "item"
    date_from: Day | None = None
    date_to: Day | None = None
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
    _check_day(day)
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
    _check_day(day)
    found = totals_snapshot(DayTotals.objects.filter(date=day).first())
    if found is None:
        return Status(404, {"detail": f"ไม่มีสถิติสายด่วนของวันที่ {day.isoformat()}"})
    return Status(200, found)


@api.put("/hotline/{day}", tags=["hotline"], response={200: dict[str, Any]}, auth=auth_for(EDITORS))
def put_hotline(request: HttpRequest, day: date, payload: HotlineIn) -> Any:
    """Store the hotline figures of a day (editors and admins)."""
    _need(request, EDITORS)
    _check_day(day)
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
    return Status(200, totals_snapshot(stored))

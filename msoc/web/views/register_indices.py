"""Area pages of the register: the poverty map and tables, the screening list, duplicates.

The poverty page is open to every reader role, limited to its provinces (others stay blank);
the screening and duplicate lists show households, so they need a role that may open them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from msoc.apps.register import services
from msoc.apps.register.actions import RegisterActionError, merging
from msoc.apps.register.models import (
    AreaIndex,
    DuplicateCandidate,
    Household,
    HouseholdIndex,
    Member,
    ScreeningModelRecord,
    ScreeningScore,
)
from msoc.register.identity import masked
from msoc.web.forms_register import MergeForm
from msoc.web.maps import DrawnMap, province_codes, value_map
from msoc.web.permissions import allowed, require
from msoc.web.tables import export
from msoc.web.views.register_common import (
    ADVISORY,
    HOUSEHOLD_ROLES,
    INDEX_ROLES,
    areas,
    chosen_province,
    factor_rows,
    household_address,
    int_param,
    poverty_config,
    require_province,
    scoped_provinces,
    user_scope,
)

NATIONAL = ("nation", "national")
LEVEL_LABELS = {
    "nation": "ทั้งประเทศ",
    "national": "ทั้งประเทศ",
    "province": "จังหวัด",
    "district": "อำเภอ",
    "subdistrict": "ตำบล",
}
SHADINGS = {"mpi": "ดัชนีความยากจนหลายมิติ (MPI)", "tpmap": "ครัวเรือนเป้าหมาย TPMAP"}
MAP_HINTS = {
    "province": "คลิกจังหวัดบนแผนที่หรือในตารางเพื่อดูรายอำเภอ",
    "district": "คลิกอำเภอเพื่อดูรายตำบล",
    "subdistrict": "คลิกตำบลเพื่อดูรายชื่อครัวเรือนเป้าหมาย (เฉพาะผู้มีสิทธิ์ดูทะเบียน)",
}
PER_PAGE = 50
# The screening model's evaluation, as the list shows it: metric keys tried in order, Thai label.
METRICS = [
    (("auc", "roc_auc"), "AUC (พื้นที่ใต้โค้ง ROC)", "ยิ่งใกล้ ๑ ยิ่งแยกครัวเรือนเสี่ยงได้ดี"),
    (("brier", "brier_score"), "Brier score", "ยิ่งต่ำยิ่งดี"),
    (("ece", "expected_calibration_error"), "ECE (ความคลาดเคลื่อนการปรับเทียบ)", "ยิ่งต่ำยิ่งดี"),
    (
        ("precision_at_10", "precision_top10", "precision_at_10pct", "precision@10%"),
        "ความแม่นยำใน ๑๐% แรก",
        "สัดส่วนที่ขาดแคลนจริงในกลุ่มเสี่ยงสูงสุด ๑๐%",
    ),
]


# ── poverty map and tables ────────────────────────────────────────────────────────────────


def _year(request: HttpRequest) -> int:
    """The ?year= asked for, else the latest year with indices (0 when there are none)."""
    year = int_param(request, "year")
    if year is None:
        year = AreaIndex.objects.order_by("-year").values_list("year", flat=True).first()
    return year or 0


def _poverty(request: HttpRequest) -> dict[str, Any]:
    """The rows, selected area and map values of the poverty page, limited to the user's scope."""
    scope = user_scope(request)
    place = areas()
    year = _year(request)
    base = AreaIndex.objects.filter(year=year)
    province, district = int_param(request, "province"), int_param(request, "district")
    trail: list[tuple[str, str]] = [("ทั้งประเทศ" if scope.every else "จังหวัดที่รับผิดชอบ", "?")]
    if district is not None:
        owner = place.province_of_district(district)
        require_province(scope, owner)  # refuses an unknown district (owner None) too
        if owner is None:
            raise PermissionDenied("ไม่พบอำเภอนี้")
        head = list(base.filter(level="district", code=district))
        children = list(
            base.filter(
                level="subdistrict", code__in=[c for c, _ in place.subdistricts_of(district)]
            ).order_by("-mpi")
        )
        trail += [
            (place.provinces.get(owner, str(owner)), f"?province={owner}"),
            (place.districts[district][0], ""),
        ]
        level, frame = "subdistrict", [c for c, _ in place.subdistricts_of(district)]
    elif province is not None:
        require_province(scope, province)
        head = list(base.filter(level="province", code=province))
        children = list(
            base.filter(
                level="district", code__in=[c for c, _ in place.districts_of(province)]
            ).order_by("-mpi")
        )
        trail.append((place.provinces.get(province, str(province)), ""))
        level, frame = "district", [c for c, _ in place.districts_of(province)]
    else:
        head = list(base.filter(level__in=NATIONAL)) if scope.every else []
        children = list(scope.filter(base.filter(level="province"), "code").order_by("-mpi"))
        level, frame = "province", province_codes()
    selected = head[0] if head else (children[0] if len(children) == 1 else None)
    return {
        "year": year,
        "years": list(
            AreaIndex.objects.order_by("-year").values_list("year", flat=True).distinct()
        ),
        "rows": [_area_row(a, allowed(request.user, HOUSEHOLD_ROLES)) for a in [*head, *children]],
        "selected": _breakdown(selected) if selected else None,
        "trail": trail,
        "children": children,
        "map_level": level,
        "frame": frame,
    }


def _area_name(area: AreaIndex) -> str:
    """The name stored with the area's indices (resolved from the gazetteer when computed)."""
    return area.name or LEVEL_LABELS.get(area.level, area.level)


def _area_link(area: AreaIndex, households: bool) -> str:
    """Where an area's row and map shape lead: one level down, or a sub-district's households."""
    if area.level == "province":
        return f"?province={area.code}"
    if area.level == "district":
        return f"?district={area.code}"
    if area.level == "subdistrict" and households:
        place = areas()
        district = place.subdistricts.get(area.code, ("", 0, ""))[1]
        province = place.province_of_district(district) or ""
        return (
            f"/households/?province={province}&district={district}&subdistrict={area.code}"
            "&poor=on&order=deprivation"
        )
    return ""


def _area_row(area: AreaIndex, households: bool = False) -> dict[str, Any]:
    link = _area_link(area, households)
    return {
        "area": area,
        "level": LEVEL_LABELS.get(area.level, area.level),
        "name": _area_name(area),
        "link": link,
        "headcount": area.headcount * 100,
        "intensity": area.intensity * 100,
    }


def _breakdown(area: AreaIndex) -> dict[str, Any]:
    """The selected area's indicators (censored, uncensored, contribution) and dimensions."""
    config = poverty_config()
    dims = {d.key: d.label_th for d in config.dimensions}
    labels = {i.key: i.label_th for i in config.indicators}
    detail = area.detail or {}
    indicators = []
    for row in detail.get("indicators", []):
        code = str(row.get("code", ""))
        indicators.append(
            {
                "label": row.get("label") or labels.get(code, code),
                "dimension": dims.get(str(row.get("dimension", "")), row.get("dimension", "-")),
                "censored": float(row.get("censored", 0)) * 100,
                "uncensored": float(row.get("uncensored", 0)) * 100,
                "contribution": float(row.get("contribution", 0)),
            }
        )
    dimensions = []
    for row in detail.get("dimensions", []):
        people = int(row.get("tpmap_people", 0))
        code = str(row.get("code", ""))
        dimensions.append(
            {
                "label": row.get("label") or dims.get(code, code),
                "people": people,
                "rate": people / area.people * 100 if area.people else 0.0,
            }
        )
    return {
        "area": area,
        "name": _area_name(area),
        "indicators": indicators,
        "dimensions": dimensions,
    }


def _map(data: dict[str, Any], shading: str) -> DrawnMap:
    """The choropleth of the areas one level below the one shown (blank: no indices or scope)."""
    values = {
        area.code: area.mpi if shading == "mpi" else float(area.tpmap_households)
        for area in data["children"]
    }
    links = {r["area"].code: r["link"] for r in data["rows"] if r["link"]}
    if data["map_level"] != "subdistrict":
        links = {code: f"{link}&shade={shading}" for code, link in links.items()}
    fmt = (lambda v: f"{v:.3f}") if shading == "mpi" else (lambda v: f"{v:,.0f}")
    return value_map(
        data["map_level"],
        data["frame"],
        values,
        fmt=fmt,
        title=SHADINGS[shading],
        links=links,
        no_data="ไม่มีข้อมูล / นอกพื้นที่ที่รับผิดชอบ",
    )


@require_GET
@require(INDEX_ROLES)
def poverty(request: HttpRequest) -> HttpResponse:
    """Province map and tables of MPI and TPMAP target households, with drill-down and CSV."""
    data = _poverty(request)
    if request.GET.get("format") == "csv":
        return _csv(data)
    shading = request.GET.get("shade", "mpi")
    shading = shading if shading in SHADINGS else "mpi"
    params = request.GET.copy()
    params.pop("shade", None)
    params.pop("format", None)
    drawn = _map(data, shading)
    for row in data["rows"]:
        row["fill"] = drawn.fills.get(row["area"].code) if row["area"] in data["children"] else None
    return render(
        request,
        "register/poverty.html",
        {
            **data,
            "shading": shading,
            "shadings": SHADINGS.items(),
            "map_svg": mark_safe(drawn.svg),  # noqa: S308 - built from escaped text only
            "map_missing": len(drawn.missing),
            "map_hint": MAP_HINTS[data["map_level"]],
            "params": params.urlencode(),
            "k": poverty_config().k,
        },
    )


def _csv(data: dict[str, Any]) -> HttpResponse:
    header = [
        "ระดับ",
        "รหัส",
        "พื้นที่",
        "ปี",
        "จำนวนคน",
        "จำนวนครัวเรือน",
        "H",
        "A",
        "MPI",
        "คนยากจนหลายมิติ",
        "ครัวเรือนเป้าหมาย TPMAP",
        "คนจนเป้าหมาย TPMAP",
    ]
    rows = [
        [
            r["level"],
            r["area"].code,
            r["name"],
            r["area"].year,
            r["area"].people,
            r["area"].households,
            round(r["area"].headcount, 6),
            round(r["area"].intensity, 6),
            round(r["area"].mpi, 6),
            r["area"].poor_people,
            r["area"].tpmap_households,
            r["area"].tpmap_people,
        ]
        for r in data["rows"]
    ]
    return export(f"msoc-poverty-{data['year'] or 'none'}", header, rows, "csv")


# ── the screening list ───────────────────────────────────────────────────────────────────


def _metrics(record: ScreeningModelRecord | None) -> list[dict[str, Any]]:
    if record is None:
        return []
    out = []
    for keys, label, hint in METRICS:
        for key in keys:
            value = (record.metrics or {}).get(key)
            if isinstance(value, int | float):
                out.append({"label": label, "value": float(value), "hint": hint})
                break
    return out


@require_GET
@require(HOUSEHOLD_ROLES)
def screening(request: HttpRequest) -> HttpResponse:
    """The households of one province ranked by their advisory risk score, with the reasons."""
    scope = user_scope(request)
    province = chosen_province(request, scope)
    context: dict[str, Any] = {
        "province": province,
        "provinces": scoped_provinces(scope),
        "advisory": ADVISORY,
    }
    if province is not None:
        scores = ScreeningScore.objects.filter(
            province_code=province,
            household__province_code=province,
            household__merged_into__isnull=True,
        ).order_by("rank", "household__code")
        page = Paginator(scores.select_related("household"), PER_PAGE).get_page(
            request.GET.get("page")
        )
        start = page.start_index()
        entries = list(page.object_list)
        latest = _latest_indices([s.household_id for s in entries])
        # The model of the page's scores: asking for the distinct models of every score of
        # the province took half a second at 400,000 households.
        record = ScreeningModelRecord.objects.filter(pk__in={s.model_id for s in entries}).first()
        context.update(
            {
                "province_name": areas().provinces.get(province, str(province)),
                "page": page,
                "params": f"province={province}",
                "rows": [
                    {
                        "rank": start + n,
                        "score": s,
                        "risk_pct": s.score * 100,
                        "household": s.household,
                        "address": household_address(s.household),
                        "index": latest.get(s.household_id),
                        "factors": factor_rows(s.factors, 3),
                    }
                    for n, s in enumerate(entries)
                ],
                "model": record,
                "metrics": _metrics(record),
            }
        )
        services.log_list_view(request.user, "screening", province)
    return render(request, "register/screening.html", context)


def _latest_indices(ids: list[int]) -> dict[int, HouseholdIndex]:
    latest: dict[int, HouseholdIndex] = {}
    for index in HouseholdIndex.objects.filter(household_id__in=ids).order_by("year"):
        latest[index.household_id] = index
    return latest


# ── likely duplicates ────────────────────────────────────────────────────────────────────


def _person_side(member: Member | None) -> dict[str, Any]:
    if member is None:
        return {"missing": True}
    household = member.household
    return {
        "id": member.pk,
        "title": member.full_name,
        "birth": member.birth_date,
        "age": member.age,
        "national_id": masked(member.national_id_last),
        "household": household,
        "address": household_address(household),
        "merged": member.merged_into_id is not None,
    }


def _household_side(household: Household | None) -> dict[str, Any]:
    if household is None:
        return {"missing": True}
    people = [
        f"{m.full_name} ({masked(m.national_id_last)})"
        for m in household.members.filter(active=True).order_by("person_no")
    ]
    return {
        "id": household.pk,
        "title": f"ครัวเรือน {household.code}",
        "birth": None,
        "age": None,
        "household": household,
        "address": household_address(household),
        "people": people,
        "merged": household.merged_into_id is not None,
    }


def _pairs(candidates: QuerySet[DuplicateCandidate]) -> list[dict[str, Any]]:
    rows = list(candidates)
    person_ids = {i for c in rows if c.kind == "person" for i in (c.left_id, c.right_id)}
    household_ids = {i for c in rows if c.kind == "household" for i in (c.left_id, c.right_id)}
    people = Member.objects.select_related("household").in_bulk(person_ids)
    households = Household.objects.in_bulk(household_ids)
    out = []
    for c in rows:
        if c.kind == "person":
            left, right = _person_side(people.get(c.left_id)), _person_side(people.get(c.right_id))
        else:
            left = _household_side(households.get(c.left_id))
            right = _household_side(households.get(c.right_id))
        reasons = [r if isinstance(r, str) else str(r.get("label", r)) for r in c.reasons or []]
        out.append({"c": c, "left": left, "right": right, "reasons": reasons})
    return out


@require_GET
@require(HOUSEHOLD_ROLES)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Open duplicate candidates of one province, both records side by side."""
    scope = user_scope(request)
    province = chosen_province(request, scope)
    context: dict[str, Any] = {"province": province, "provinces": scoped_provinces(scope)}
    if province is not None:
        open_ = DuplicateCandidate.objects.filter(
            province_code=province, status=DuplicateCandidate.Status.OPEN
        ).order_by("-score", "id")
        page = Paginator(open_, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            {
                "province_name": areas().provinces.get(province, str(province)),
                "page": page,
                "params": f"province={province}",
                "pairs": _pairs(page.object_list),  # type: ignore[arg-type]
            }
        )
        services.log_list_view(request.user, "duplicates", province)
    return render(request, "register/duplicates.html", context)


def _candidate(request: HttpRequest, pk: int) -> DuplicateCandidate:
    candidate = get_object_or_404(DuplicateCandidate, pk=pk)
    require_province(user_scope(request), candidate.province_code)
    return candidate


def _back(candidate: DuplicateCandidate) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"/households/duplicates/?province={candidate.province_code}")


@require_POST
@require(HOUSEHOLD_ROLES)
def merge_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate pair into the record a person chose to keep."""
    candidate = _candidate(request, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "ต้องเลือกรายการที่จะเก็บไว้")
        return _back(candidate)
    try:
        merging.do_merge_duplicate(candidate, keep=form.cleaned_data["keep"], actor=request.user)
    except (RegisterActionError, ValueError) as exc:
        messages.error(request, f"รวมรายการไม่ได้: {exc}")
    except (Member.DoesNotExist, Household.DoesNotExist):
        messages.error(request, "รวมรายการไม่ได้: ไม่พบรายการใดรายการหนึ่งแล้ว")
    else:
        messages.success(request, "รวมรายการแล้ว ข้อมูลที่บันทึกไว้ย้ายไปยังรายการที่เก็บ")
    return _back(candidate)


@require_POST
@require(HOUSEHOLD_ROLES)
def dismiss_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a pair as two different records."""
    candidate = _candidate(request, pk)
    try:
        merging.do_dismiss_duplicate(candidate, actor=request.user)
    except (RegisterActionError, ValueError) as exc:
        messages.error(request, f"บันทึกไม่ได้: {exc}")
    else:
        messages.success(request, "บันทึกว่าไม่ใช่รายการซ้ำแล้ว")
    return _back(candidate)

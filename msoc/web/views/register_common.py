"""Shared pieces of the register pages: area names from the gazetteer, scope checks, labels."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from msoc.apps.register.services import HOUSEHOLD_ROLES, INDEX_ROLES, Scope, scope_of
from msoc.register.areas import Areas, default_areas
from msoc.register.indicator_config import PovertyConfig, load_config
from msoc.web.validation import MAX_INT

__all__ = ["HOUSEHOLD_ROLES", "INDEX_ROLES"]

ADVISORY = (
    "คะแนนความเสี่ยงเป็นข้อมูลประกอบการพิจารณาเท่านั้น เจ้าหน้าที่ต้องตรวจสอบและตัดสินใจเอง "
    "ระบบไม่ได้ตัดสินให้หรือไม่ให้ความช่วยเหลือโดยอัตโนมัติ"
)


def areas() -> Areas:
    """The administrative areas (kongvut codes), loaded once per process."""
    return default_areas()


def household_address(household: Any) -> str:
    """บ้านเลขที่ … หมู่ … ต. … อ. … จ. … of a household."""
    head = []
    if household.house_no:
        head.append(f"บ้านเลขที่ {household.house_no}")
    if household.village_no:
        head.append(f"หมู่ {household.village_no}")
    place = areas().address(
        household.subdistrict_code, household.district_code, household.province_code
    )
    return " ".join([*head, place])


@cache
def poverty_config() -> PovertyConfig:
    """The indicator configuration (labels, dimensions), read once."""
    return load_config()


def indicator_labels() -> dict[str, tuple[str, str]]:
    """Indicator key → (Thai label, Thai dimension label)."""
    config = poverty_config()
    dims = {d.key: d.label_th for d in config.dimensions}
    return {
        i.key: (i.deprived_th or i.label_th, dims.get(i.dimension, i.dimension))
        for i in config.indicators
    }


def deprived_rows(deprived: Any) -> list[tuple[str, str]]:
    """(label, dimension) of each deprived indicator; keys or bit positions are both read."""
    config = poverty_config()
    labels = indicator_labels()
    rows = []
    for entry in deprived or []:
        key = entry
        if isinstance(entry, int) and 0 <= entry < len(config.indicators):
            key = config.indicators[entry].key
        elif isinstance(entry, dict):
            key = entry.get("key") or entry.get("code") or ""
        rows.append(labels.get(str(key), (str(key), "-")))
    return rows


def user_scope(request: HttpRequest) -> Scope:
    """The register scope of the signed-in user."""
    return scope_of(request.user)


def scoped_provinces(scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the provinces a scope covers, by name."""
    names = areas().provinces
    codes = names.keys() if scope.every else scope.provinces
    return sorted(((c, names.get(c, str(c))) for c in codes), key=lambda r: r[1])


def require_province(scope: Scope, code: int | None) -> None:
    """Raise 403 unless the scope covers the province."""
    if code is None or not scope.allows(code):
        raise PermissionDenied("ท่านดูได้เฉพาะข้อมูลของจังหวัดที่รับผิดชอบ")


def int_param(request: HttpRequest, name: str) -> int | None:
    """A positive integer query parameter, or None when missing, not a number or too large."""
    text = request.GET.get(name, "")
    try:
        value = int(text) if len(text) <= 12 else 0
    except ValueError:
        return None
    return value if 0 < value <= MAX_INT else None


def chosen_province(request: HttpRequest, scope: Scope) -> int | None:
    """The ?province= of a page (403 outside scope); a one-province user gets theirs."""
    code = int_param(request, "province")
    if code is None and not scope.every and len(scope.provinces) == 1:
        code = next(iter(scope.provinces))
    if code is not None:
        require_province(scope, code)
    return code


def factor_rows(factors: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """A screening score's factors as (label, effect, direction) for display."""
    rows = []
    for factor in (factors or [])[:limit]:
        if not isinstance(factor, dict):
            rows.append({"label": str(factor), "effect": "", "up": True})
            continue
        effect = factor.get("effect", "")
        up = True
        if isinstance(effect, int | float):
            up = effect >= 0
            effect = f"{effect:+.3f}"
        rows.append({"label": str(factor.get("label", "-")), "effect": effect, "up": up})
    return rows

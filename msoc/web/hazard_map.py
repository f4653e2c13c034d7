"""The hazard page's map: the hazard's outline over the sub-district map of its provinces, each
sub-district inside shaded by the register's households counted there.

Built on `msoc.web.maps` (real boundaries joined by code). The map frames the provinces the
hazard touches (only the viewer's own provinces for a province office), so the outline shows
where the hazard lies within them; sub-districts outside it are left white. Over more than
`MAX_PROVINCES` provinces sub-districts get too small to read, and districts are drawn instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from msoc.apps.hazards.actions import provinces_of
from msoc.apps.hazards.models import Hazard
from msoc.apps.register.services import Scope
from msoc.hazards.impact import Impact
from msoc.register.areas import default_areas
from msoc.thai import to_thai_digits
from msoc.web.maps import DrawnMap, Level, area_map, count_bands, outline_paths, ring_path

MAX_PROVINCES = 3


def _fmt(value: float) -> str:
    return to_thai_digits(f"{value:,.0f}")


def _outlines(hazard: Hazard, provinces: set[int]) -> list[str]:
    """The edge of the hazard: its drawn polygon, else the boundaries of its own area codes."""
    if hazard.polygon:
        return [ring_path(hazard.polygon)]
    areas = default_areas()
    return [
        *outline_paths("province", [p for p in hazard.provinces or [] if p in provinces]),
        *outline_paths(
            "district",
            [d for d in hazard.districts or [] if areas.province_of_district(d) in provinces],
        ),
        *outline_paths(
            "subdistrict",
            [s for s in hazard.subdistricts or [] if areas.province_of_subdistrict(s) in provinces],
        ),
    ]


def _inside(hazard: Hazard, level: Level, code: int) -> bool:
    """Whether an area of the map lies in the hazard's codes (a drawn polygon: never by code)."""
    areas = default_areas()
    district = areas.subdistricts[code][1] if level == "subdistrict" else code
    if district in (hazard.districts or []):
        return True
    if level == "subdistrict" and code in (hazard.subdistricts or []):
        return True
    return areas.province_of_district(district) in (hazard.provinces or [])


def _codes(level: Level, provinces: Iterable[int]) -> list[int]:
    areas = default_areas()
    districts = [d for p in provinces for d, _ in areas.districts_of(p)]
    if level == "district":
        return districts
    return [s for d in districts for s, _ in areas.subdistricts_of(d)]


def hazard_map(hazard: Hazard, impact: Impact, scope: Scope) -> DrawnMap:
    """The outline over the map of the hazard's provinces, households counted per area."""
    touched = set(provinces_of(hazard)) | {r.province_code for r in impact.rows}
    provinces = touched if scope.every else touched & set(scope.provinces)
    level: Level = "subdistrict" if len(provinces) <= MAX_PROVINCES else "district"
    key = (lambda r: r.subdistrict_code) if level == "subdistrict" else (lambda r: r.district_code)
    households = Counter(key(r) for r in impact.rows)
    vulnerable = Counter(key(r) for r in impact.rows if r.need)
    codes = _codes(level, sorted(provinces))
    inside = [c for c in codes if households[c] or _inside(hazard, level, c)]
    bands, classes = count_bands({c: float(households[c]) for c in inside}, _fmt, zero="๐")
    tips = {c: f"{_fmt(households[c])} ครัวเรือน (เปราะบาง {_fmt(vulnerable[c])})" for c in inside}
    unit = "ตำบล" if level == "subdistrict" else "อำเภอ"
    return area_map(
        level,
        codes,
        classes,
        bands,
        title=f"ครัวเรือนในทะเบียนในพื้นที่ภัย ราย{unit}",
        tips=tips,
        # Each shaded sub-district leads to its row of the table beside the map.
        links={c: f"#area-{c}" for c in inside if households[c] and level == "subdistrict"},
        no_data="นอกพื้นที่ภัย",
        outlines=_outlines(hazard, provinces),
        outline_label="ขอบเขตพื้นที่ภัย",
    )

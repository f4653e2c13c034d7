"""An area's computed index as stored and shown: its province, its Thai name, its figures."""

from __future__ import annotations

from typing import Any

from msoc.register import poverty
from msoc.register.areas import default_areas


def area_province(level: str, code: int) -> int | None:
    """The province an area lies in (None for the whole register)."""
    areas = default_areas()
    if level == "province":
        return code
    if level == "district":
        return areas.province_of_district(code)
    if level == "subdistrict":
        return areas.province_of_subdistrict(code)
    return None


def area_name(level: str, code: int) -> str:
    """The Thai name of an area (the whole register when its level is none of the three)."""
    areas = default_areas()
    if level == "province":
        return areas.province_name(code)
    if level == "district":
        return areas.district_name(code)
    if level == "subdistrict":
        return areas.subdistrict_name(code)
    return "ทั่วประเทศ (ทะเบียน)"


def area_detail(area: poverty.AreaIndex, config: poverty.PovertyConfig) -> dict[str, Any]:
    """Per indicator and per dimension figures of an area, as the pages and exports show them."""
    return {
        "indicators": [
            {
                "code": ind.key,
                "label": ind.label_th,
                "dimension": ind.dimension,
                "censored": float(area.censored_headcount[i]),
                "uncensored": float(area.uncensored_headcount[i]),
                "contribution": float(area.contribution[i]),
                "censored_people": area.censored_people[i],
            }
            for i, ind in enumerate(config.indicators)
        ],
        "dimensions": [
            {
                "code": dim.key,
                "label": dim.label_th,
                "tpmap_people": area.tpmap_dimension_people[j],
                "tpmap_rate": float(area.tpmap_dimension_rate[j]),
            }
            for j, dim in enumerate(config.dimensions)
        ],
        "counts": area.counts(),
        "exact": {"H": str(area.headcount), "A": str(area.intensity), "MPI": str(area.mpi)},
    }

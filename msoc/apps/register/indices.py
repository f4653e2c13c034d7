"""The register's indices and screening scores: read the stored register as columns, compute, store.

The computation itself is msoc.register (framework-free, DuckDB or Spark); this module moves data
between it and the database; the writes are in actions/indices.py and actions/screening.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from msoc.apps.register.models import (
    HOUSEHOLD_FLAGS,
    MEMBER_FLAGS,
    Household,
    Member,
)
from msoc.register import poverty
from msoc.register.areas import default_areas
from msoc.register.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, Register

_FLAG = {True: 1, False: 0, None: -1}


def _column(rows: Sequence[Sequence[Any]], i: int, dtype: np.dtype, flag: bool) -> np.ndarray:
    values = [_FLAG[r[i]] if flag else int(r[i]) for r in rows]
    return np.asarray(values, dtype=dtype)


def stored_register(*, year: int | None = None, provinces: Sequence[int] | None = None) -> Register:
    """The stored register (current members of unmerged households) as columns; hh_id = pk."""
    households = Household.objects.filter(merged_into__isnull=True)
    if year is not None:
        households = households.filter(year=year)
    if provinces:
        households = households.filter(province_code__in=list(provinces))
    h_names = ["pk" if c == "hh_id" else c for c in HOUSEHOLD_COLUMNS]
    h_rows = list(households.order_by("pk").values_list(*h_names))
    m_names = ["household_id" if c == "hh_id" else c for c in MEMBER_COLUMNS]
    m_rows = list(
        Member.objects.filter(active=True, household__in=households)
        .order_by("household_id", "person_no")
        .values_list(*m_names)
    )
    h = {
        name: _column(h_rows, i, dtype, name in HOUSEHOLD_FLAGS)
        for i, (name, dtype) in enumerate(HOUSEHOLD_COLUMNS.items())
    }
    m = {
        name: _column(m_rows, i, dtype, name in MEMBER_FLAGS)
        for i, (name, dtype) in enumerate(MEMBER_COLUMNS.items())
    }
    return Register(h, m).validate()


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


def _area_name(level: str, code: int) -> str:
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


def indexed_provinces(codes: Sequence[str]) -> set[tuple[int, int]]:
    """(year, province) of the stored households with these codes: read before an import
    overwrites them, since a household that moves province or year leaves a stale index there."""
    rows = Household.objects.filter(code__in=list(codes)).values_list("year", "province_code")
    return {(int(y), int(p)) for y, p in rows.distinct()}

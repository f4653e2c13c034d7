"""The stored register read as columns for the index and screening computation.

The computation itself is msoc.register (framework-free, DuckDB or Spark); this module reads the
database into its `Register` columns; the writes are in actions/indices.py and
actions/screening.py, an area's stored figures are shaped by area_figures.py.
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


def indexed_provinces(codes: Sequence[str]) -> set[tuple[int, int]]:
    """(year, province) of the stored households with these codes: read before an import
    overwrites them, since a household that moves province or year leaves a stale index there."""
    rows = Household.objects.filter(code__in=list(codes)).values_list("year", "province_code")
    return {(int(y), int(p)) for y, p in rows.distinct()}

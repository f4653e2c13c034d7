"""Incremental indices: each province is computed on its own; regions and the nation are sums.

Every count `area_sql` returns is a sum over households (people, poor people, points of the
poor, deprived people per indicator …) and a household lies in exactly one province, so a
region's or the nation's counts are the sums of its provinces' counts. H, A, MPI and the TPMAP
rates are then derived from the summed integers by the same `poverty.area_index`, so they are
exactly what a full re-index gives. When one province re-uploads its survey, only that
province is computed again and the sums are redone over the 77 stored province rows.

    index = IncrementalIndex(load_config())
    for code, part in split_by_province(register).items():
        index.update(code, part)
    index.update(40, new_khon_kaen_register)     # only Khon Kaen is computed again
    index.national, index.regions(), index.result()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from msoc.register.areas import province_regions
from msoc.register.engines import Source, compute
from msoc.register.poverty import (
    HOUSEHOLD_DTYPES,
    HOUSEHOLD_RESULT,
    AreaIndex,
    IndexResult,
    PovertyConfig,
    area_columns,
    area_index,
    areas_from_rows,
)
from msoc.register.synthetic_geography import REGIONS
from msoc.register.tables import Register, take

__all__ = [
    "REGION_CODES",
    "IncrementalIndex",
    "ProvincePart",
    "compute_province",
    "split_by_province",
    "sum_areas",
]

# Region level: code = position in this tuple + 1 (1 = Bangkok … 6 = the deep South).
REGION_CODES = {name: i + 1 for i, name in enumerate(REGIONS)}


@dataclass(frozen=True)
class ProvincePart:
    """One province's households (sorted by hh_id) and its province, district, sub-district rows."""

    province: int
    households: dict[str, np.ndarray]
    areas: list[AreaIndex]

    @property
    def province_area(self) -> AreaIndex:
        """The province's own row."""
        return next(a for a in self.areas if a.level == "province")


def split_by_province(register: Register) -> dict[int, Register]:
    """The register cut into one register per province code."""
    codes = register.households["province_code"]
    return {int(code): take(register, codes == code) for code in np.unique(codes)}


def compute_province(
    province: int, source: Source, config: PovertyConfig, *, engine: str = "duckdb"
) -> ProvincePart:
    """Compute one province's households and areas (every household must lie in it)."""
    result = compute(source, config, engine=engine)
    found = {a.code for a in result.areas if a.level == "province"}
    if found - {province}:
        raise ValueError(f"ทะเบียนที่ส่งมาคำนวณรายจังหวัดมีครัวเรือนของจังหวัดอื่น {sorted(found - {province})}")
    areas = [a for a in result.areas if a.level != "national"]
    return ProvincePart(province, result.households, areas)


def sum_areas(
    level: str, code: int, areas: Iterable[AreaIndex], config: PovertyConfig
) -> AreaIndex:
    """An area whose counts are the sums of `areas`' counts (exact: integers), indices derived."""
    totals = dict.fromkeys(area_columns(config), 0)
    for area in areas:
        for name, value in area.counts().items():
            totals[name] += value
    return area_index(level, code, totals, config)


class IncrementalIndex:
    """Indices kept per province; updating one province redoes only it and the sums."""

    def __init__(self, config: PovertyConfig, *, engine: str = "duckdb") -> None:
        self.config, self.engine = config, engine
        self.parts: dict[int, ProvincePart] = {}

    def update(self, province: int, source: Register | Source) -> ProvincePart | None:
        """Re-index one province from its new register; an empty register removes it."""
        if isinstance(source, Register) and source.n_households == 0:
            self.parts.pop(province, None)
            return None
        part = compute_province(province, source, self.config, engine=self.engine)
        if not part.areas:  # a Parquet folder with no households
            self.parts.pop(province, None)
            return None
        self.parts[province] = part
        return part

    def province_areas(self) -> list[AreaIndex]:
        """The province rows, by code."""
        return [self.parts[code].province_area for code in sorted(self.parts)]

    @property
    def national(self) -> AreaIndex:
        """The whole country: the sum of the provinces."""
        return sum_areas("national", 0, self.province_areas(), self.config)

    def regions(self) -> list[AreaIndex]:
        """One row per region (level "region", code from REGION_CODES) with any province."""
        of = province_regions()
        grouped: dict[int, list[AreaIndex]] = {}
        for area in self.province_areas():
            grouped.setdefault(REGION_CODES[of[area.code]], []).append(area)
        return [sum_areas("region", code, grouped[code], self.config) for code in sorted(grouped)]

    def result(self) -> IndexResult:
        """Every household and area, as one full `engines.compute` would return them."""
        rows = [self.national, *(a for part in self.parts.values() for a in part.areas)]
        areas = areas_from_rows(_rows(rows, self.config), self.config)
        return IndexResult(self.config, _households(self.parts.values()), areas, self.engine)


def _rows(areas: Iterable[AreaIndex], config: PovertyConfig) -> list[tuple[object, ...]]:
    names = area_columns(config)
    return [(a.level, a.code, *(a.counts()[n] for n in names)) for a in areas]


def _households(parts: Iterable[ProvincePart]) -> dict[str, np.ndarray]:
    tables: list[Mapping[str, np.ndarray]] = [p.households for p in parts]
    if not tables:
        return {c: np.empty(0, HOUSEHOLD_DTYPES[c]) for c in HOUSEHOLD_RESULT}
    joined = {c: np.concatenate([t[c] for t in tables]) for c in HOUSEHOLD_RESULT}
    order = np.argsort(joined["hh_id"], kind="stable")
    return {c: values[order] for c, values in joined.items()}

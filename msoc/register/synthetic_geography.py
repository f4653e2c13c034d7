"""Geography of the synthetic register: the province population table, regions, and per-province
risk, income and urban shares (see synthetic.py for the model as a whole)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from msoc.register.areas import default_areas

POPULATION_TSV = Path(__file__).resolve().parent.parent / "data" / "register" / "population.tsv"

REGIONS = ("bangkok", "central", "north", "northeast", "south", "deep_south")
# Latent deprivation risk by region (NESDC poverty maps: North-East, North and the deep South
# poorest, Bangkok and the Central region least poor) ...
REGION_RISK = np.array([-1.0, -0.35, 0.35, 0.45, 0.0, 0.75])
# ... and log-income shifts by region.
REGION_INCOME = np.array([0.35, 0.05, -0.12, -0.15, 0.0, -0.15])
# Provinces known for unusually high or low poverty, so indices differ within a region too.
PROVINCE_RISK = {
    46: 0.6,  # แม่ฮ่องสอน
    50: 0.4,  # ตาก
    43: 0.25,  # น่าน
    74: 0.3,  # ปัตตานี
    76: 0.3,  # นราธิวาส
    34: 0.3,  # กาฬสินธุ์
    27: 0.25,  # หนองบัวลำภู
    20: 0.2,  # บุรีรัมย์
    22: 0.2,  # ศรีสะเกษ
    26: 0.15,  # อำนาจเจริญ
    2: -0.25,  # สมุทรปราการ
    3: -0.35,  # นนทบุรี
    4: -0.25,  # ปทุมธานี
    11: -0.4,  # ชลบุรี
    12: -0.4,  # ระยอง
    59: -0.2,  # สมุทรสาคร
    66: -0.6,  # ภูเก็ต
    28: -0.15,  # ขอนแก่น
    38: -0.15,  # เชียงใหม่
}
# Share of households in municipal (urban) areas.
REGION_URBAN = np.array([1.0, 0.4, 0.32, 0.27, 0.35, 0.3])
PROVINCE_URBAN = {2: 0.85, 3: 0.85, 4: 0.75, 66: 0.8, 11: 0.65, 12: 0.5, 59: 0.6, 38: 0.45}


@dataclass(frozen=True)
class ProvinceTable:
    """Province ids, names, region index and registered population (package table)."""

    ids: np.ndarray
    names: tuple[str, ...]
    region: np.ndarray
    population: np.ndarray


@lru_cache(maxsize=1)
def province_table() -> ProvinceTable:
    """The package population table (approximate DOPA figures, weights only)."""
    ids, names, region, population = [], [], [], []
    with POPULATION_TSV.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            pid, name, reg, pop = line.rstrip("\n").split("\t")
            ids.append(int(pid))
            names.append(name)
            region.append(REGIONS.index(reg))
            population.append(int(pop))
    return ProvinceTable(
        np.array(ids, dtype=np.int16),
        tuple(names),
        np.array(region, dtype=np.int8),
        np.array(population, dtype=np.int64),
    )


@dataclass(frozen=True)
class Geography:
    """Per-province lookup arrays indexed by province id (0..77) and sub-district arrays."""

    region: np.ndarray  # province id -> region index
    risk: np.ndarray  # province id -> latent risk offset
    urban: np.ndarray  # province id -> urban share
    sub_codes: np.ndarray  # sub-district codes grouped by province
    sub_district: np.ndarray
    sub_capital: np.ndarray  # bool: in the province's capital (เมือง) district or Bangkok
    start: np.ndarray  # province id -> first index in sub_codes
    count: np.ndarray  # province id -> number of sub-districts


@lru_cache(maxsize=1)
def geography() -> Geography:
    table = province_table()
    size = int(table.ids.max()) + 1
    region = np.zeros(size, np.int8)
    region[table.ids] = table.region
    risk = np.zeros(size)
    risk[table.ids] = REGION_RISK[table.region]
    for pid, extra in PROVINCE_RISK.items():
        risk[pid] += extra
    urban = np.zeros(size)
    urban[table.ids] = REGION_URBAN[table.region]
    for pid, share in PROVINCE_URBAN.items():
        urban[pid] = share
    areas = default_areas()
    codes, district, province = areas.subdistrict_arrays()
    order = np.argsort(province, kind="stable")
    codes, district, province = codes[order], district[order], province[order]
    capital = np.array(
        [
            areas.district_name(int(d)).startswith("เมือง") or int(p) == 1
            for d, p in zip(district, province, strict=True)
        ]
    )
    count = np.bincount(province, minlength=size)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    return Geography(region, risk, urban, codes, district, capital, start, count)

"""Synthetic registers that look like Thailand's: for demos, tests and benchmarks, never real people.

Everything is vectorised numpy. Households are drawn by province (registered population
weights in msoc/data/register/population.tsv), then a sub-district within the province; a
household type (single elderly, couple, nuclear, three-generation, skipped-generation …)
fixes how many elderly, working-age and child members it has. Deprivation follows a latent
household risk built from observable features (region and province, rurality, elderly head,
disability, low education, dependants) plus hidden noise, so the จปฐ. flags are correlated the
way the real survey's are. A shared hardship factor (a smooth step of that risk) makes the
deepest-poor households fail several needs at once, so Alkire-Foster poverty at k = 1/3 is a
few per cent of people (most in the North-East and the deep South, almost none in Bangkok)
while TPMAP's "any deprivation" target poor stay far more numerous. `next_wave` moves the same
households one year on with persistence (a permanent share of the hidden risk, sticky flags),
so "deprived next year" is learnable from wave-1 features but not trivially.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from msoc.register.areas import default_areas
from msoc.register.identity import ID_WEIGHTS
from msoc.register.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, MEMBER_FLAGS, Register

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

# Household types: (name, share by region in REGIONS order). Skipped-generation households
# (grandparents raising grandchildren while parents work away) are commonest in the North-East.
HOUSEHOLD_TYPES = (
    ("single_elder", (0.09, 0.08, 0.11, 0.09, 0.08, 0.06)),
    ("elder_couple", (0.04, 0.06, 0.08, 0.07, 0.06, 0.05)),
    ("single_adult", (0.22, 0.14, 0.12, 0.10, 0.13, 0.10)),
    ("adult_couple", (0.18, 0.16, 0.14, 0.12, 0.14, 0.12)),
    ("nuclear", (0.21, 0.21, 0.18, 0.18, 0.23, 0.30)),
    ("single_parent", (0.06, 0.06, 0.06, 0.06, 0.06, 0.06)),
    ("three_generation", (0.08, 0.13, 0.13, 0.15, 0.13, 0.14)),
    ("skipped_generation", (0.02, 0.04, 0.06, 0.09, 0.04, 0.04)),
    ("adults_with_elder", (0.04, 0.06, 0.06, 0.07, 0.06, 0.06)),
    ("adults_group", (0.06, 0.07, 0.07, 0.08, 0.08, 0.08)),
)
_T = {name: i for i, (name, _p) in enumerate(HOUSEHOLD_TYPES)}

CHILD, ADULT, ELDER = 0, 1, 2
INCOME_LINE = 38_000  # จปฐ. income per person per year (baht)

# Occupation codes (tables.MEMBER_COLUMNS["occupation"]).
NONE, FARMER, LABOURER, TRADE, EMPLOYEE, CIVIL, STUDENT, OTHER = range(8)
_WORK = np.array([FARMER, LABOURER, TRADE, EMPLOYEE, CIVIL, OTHER])
# Median yearly income by occupation code (baht); index 0 is an elder supported by family.
_MEDIAN_INCOME = np.array([48_000, 100_000, 130_000, 210_000, 230_000, 380_000, 0, 120_000])

# Household flag -> (intercept, slope on the household's latent risk, loading on hardship) of
# P(not met), on the logit scale.
HOUSEHOLD_FLAG_MODEL = {
    "food_safe": (-5.1, 0.9, 3.2),
    "medicine_ok": (-5.4, 0.9, 3.0),
    "housing_secure": (-5.0, 1.0, 3.6),
    "drinking_water": (-5.2, 1.0, 3.0),
    "water_use": (-5.3, 1.0, 3.0),
    "tidy_home": (-4.8, 0.9, 3.4),
}
# Shared household hardship. In the real survey the poor fail several needs together: no
# earner of working age, elderly without income or care, insecure housing, children out of
# school and illiteracy cluster in the same households. A smooth step of the latent risk,
# hardship = sigmoid(HARDSHIP_SLOPE * (z - HARDSHIP_AT)), is near 1 for the few households
# deep in hardship (a few per cent, most in the North-East and the deep South, almost none in
# Bangkok) and near 0 elsewhere; every deprivation's logit rises by its loading times it, so
# those households are Alkire-Foster poor (several dimensions at once) while the thinly
# spread single deprivations still make up most of TPMAP's "target poor".
HARDSHIP_AT = 1.7
HARDSHIP_SLOPE = 4.0
HARDSHIP_DAMP = 0.5
# Logit loadings of "no occupation or income" for the elderly and for those of working age.
HARDSHIP_NO_INCOME = (3.0, 4.0)
HARDSHIP_INCOME = 0.6  # log-income cut for those who do earn
# Wave-to-wave persistence: P(not met next year | not met now) = STAY + (1 - STAY) * p and
# P(not met next year | met now) = ENTRY * p, where p is the cross-sectional probability;
# ENTRY = 1 - STAY keeps the rates roughly stable from wave to wave.
STAY = 0.55
ENTRY = 0.45
# The latent risk is structural (observable) plus a hidden part ~ N(0, HIDDEN_SD): a permanent
# share PERSISTENT of its variance (the same in every wave, see _permanent_noise) and a fresh
# one each wave. So households in hardship mostly stay there, some climb out and others fall
# in, at about the same rate, and last year's deprivations (where the hidden part showed) are
# what predicts next year's beyond the observable features.
HIDDEN_SD = 0.7
PERSISTENT = 0.65


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
class _Geo:
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
def _geo() -> _Geo:
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
    return _Geo(region, risk, urban, codes, district, capital, start, count)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _permanent_noise(hh_id: np.ndarray, subdistrict: np.ndarray) -> np.ndarray:
    """A standard normal per household that stays the same from wave to wave: a hash
    (splitmix64) of its id and sub-district, so that other registers' households differ."""
    with np.errstate(over="ignore"):
        x = hh_id.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + subdistrict.astype(np.uint64)
        uniforms = []
        for _ in range(2):
            x = x + np.uint64(0x9E3779B97F4A7C15)
            y = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            y = (y ^ (y >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            y = y ^ (y >> np.uint64(31))
            uniforms.append(((y >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53)
    return np.sqrt(-2.0 * np.log(uniforms[0])) * np.cos(2.0 * np.pi * uniforms[1])


def _hidden(rng: np.random.Generator, hh_id: np.ndarray, subdistrict: np.ndarray) -> np.ndarray:
    """The hidden part of the latent risk: permanent share plus this wave's fresh noise."""
    fresh = rng.normal(0.0, 1.0, len(hh_id))
    permanent = _permanent_noise(hh_id, subdistrict)
    return HIDDEN_SD * (np.sqrt(PERSISTENT) * permanent + np.sqrt(1 - PERSISTENT) * fresh)


def _hardship(z: np.ndarray, structural: np.ndarray) -> np.ndarray:
    """Household hardship in [0, 1] from the latent risk (see HARDSHIP_AT), with its
    structural share damped: the deepest poverty varies less between provinces and household
    types than the thin, single deprivations do (not only elderly living alone)."""
    return _sigmoid(HARDSHIP_SLOPE * (z - HARDSHIP_DAMP * structural - HARDSHIP_AT))


def _draw(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Bernoulli draws as bool."""
    return rng.random(len(p)) < p


# --- generation ---------------------------------------------------------------------------


def generate(
    n_households: int,
    *,
    seed: int,
    provinces: Sequence[int] | None = None,
    year: int = 2568,
    start_id: int = 1,
) -> Register:
    """A synthetic register of n_households (about 2.6 people each) for the survey year (BE)."""
    rng = np.random.default_rng(seed)
    geo = _geo()
    table = province_table()
    n = int(n_households)
    ids, weights = table.ids, table.population.astype(float)
    if provinces is not None:
        wanted = np.isin(ids, np.asarray(list(provinces), dtype=np.int16))
        unknown = set(int(p) for p in provinces) - set(ids.tolist())
        if unknown:
            raise ValueError(f"unknown province codes {sorted(unknown)}")
        ids, weights = ids[wanted], weights[wanted]
    province = rng.choice(ids, size=n, p=weights / weights.sum()).astype(np.int16)
    sidx = geo.start[province] + (rng.random(n) * geo.count[province]).astype(np.int64)
    region = geo.region[province]
    p_urban = np.clip(geo.urban[province] * np.where(geo.sub_capital[sidx], 1.6, 0.75), 0, 1)
    urban = _draw(rng, p_urban)

    # Household type and composition.
    shares = np.array([p for _name, p in HOUSEHOLD_TYPES]).T  # regions x types
    cum = np.cumsum(shares / shares.sum(axis=1, keepdims=True), axis=1)
    htype = (rng.random(n)[:, None] > cum[region]).sum(axis=1).astype(np.int8)
    htype = np.minimum(htype, len(HOUSEHOLD_TYPES) - 1)
    n_e, n_a, n_c, head_elder = _composition(rng, htype)
    members = _members(rng, htype, n_e, n_a, n_c, head_elder)
    size = n_e + n_a + n_c
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    hh_of = np.repeat(np.arange(n), size)

    age, role = members["age"], members["role"]
    sex = members["sex"]
    m_region = region[hh_of]
    m_urban = urban[hh_of]

    disabled = _draw(rng, np.choose(role, [0.008, 0.018, 0.07]) * (1 + 0.15 * (m_region == 3)))
    chronic = _draw(rng, 0.02 + 0.55 * _sigmoid((age - 60.0) / 8.0))
    education = _education(rng, age, m_urban, geo.risk[province][hh_of])

    # Latent household risk: observable part plus hidden noise (the hidden part shows up only
    # through the flags, which is what makes next year's deprivation partly predictable).
    structural = _structural_risk(
        geo.risk[province], urban, age, disabled, education, size, first, hh_of
    )
    hh_id = np.arange(start_id, start_id + n, dtype=np.int64)
    z = structural + _hidden(rng, hh_id, geo.sub_codes[sidx])
    hard = _hardship(z, structural)
    zm, hm = z[hh_of], hard[hh_of]

    single = (size == 1)[hh_of]
    flags = _member_flags(rng, age, zm, hm, disabled, chronic, education, single, None)
    education = _school_education(age, education, flags)
    occupation, has_income = _occupations(
        rng, age, education, m_urban, m_region, zm, hm, disabled, flags, None
    )
    income = _income(rng, occupation, has_income, m_urban, m_region, education, zm, hm)
    flags["has_income"] = has_income

    hh_income = np.add.reduceat(income.astype(np.int64), first)
    per_person = hh_income / size
    z_full = z + 0.6 * (per_person < INCOME_LINE)
    households: dict[str, np.ndarray] = {
        "hh_id": hh_id,
        "year": np.full(n, year, np.int16),
        "province_code": province,
        "district_code": geo.sub_district[sidx].astype(np.int32),
        "subdistrict_code": geo.sub_codes[sidx].astype(np.int32),
        "urban": urban.astype(np.int8),
    }
    for name, (a, b, c) in HOUSEHOLD_FLAG_MODEL.items():
        households[name] = (~_draw(rng, _sigmoid(a + b * z_full + c * hard))).astype(np.int8)
    households["welfare_card"] = _draw(
        rng, _sigmoid(-1.9 + 1.4 * (per_person < 100_000) + 0.6 * z_full - 0.8 * (region == 0))
    ).astype(np.int8)
    households["debt"] = _debt(rng, urban, hh_income)
    households["land_owned"] = _draw(
        rng, np.where(urban, 0.45, 0.78) - 0.25 * (region == 0)
    ).astype(np.int8)

    member_cols: dict[str, np.ndarray] = {
        "hh_id": households["hh_id"][hh_of],
        "person_no": (np.arange(len(age)) - first[hh_of] + 1).astype(np.int16),
        "sex": sex.astype(np.int8),
        "age": age.astype(np.int16),
        "birth_weight_ok": flags["birth_weight_ok"],
        "exercises": flags["exercises"],
        "preschool": flags["preschool"],
        "in_school": flags["in_school"],
        "continued_m4": flags["continued_m4"],
        "literate": flags["literate"],
        "has_income": flags["has_income"],
        "income_year": income.astype(np.int32),
        "disabled": disabled.astype(np.int8),
        "chronic_ill": chronic.astype(np.int8),
        "cared_for": flags["cared_for"],
        "education": education.astype(np.int8),
        "occupation": occupation.astype(np.int8),
    }
    return _typed(households, member_cols)


def _typed(households: dict[str, np.ndarray], members: dict[str, np.ndarray]) -> Register:
    """A register with every column cast to the contract's dtype, in the contract's order."""
    return Register(
        {
            name: np.ascontiguousarray(households[name], dtype=dt)
            for name, dt in HOUSEHOLD_COLUMNS.items()
        },
        {
            name: np.ascontiguousarray(members[name], dtype=dt)
            for name, dt in MEMBER_COLUMNS.items()
        },
    )


def _composition(
    rng: np.random.Generator, htype: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Numbers of elderly, working-age and child members, and whether an elder heads it."""
    n = len(htype)
    u = rng.random((4, n))
    n_e = np.zeros(n, np.int64)
    n_a = np.zeros(n, np.int64)
    n_c = np.zeros(n, np.int64)

    def where(name: str) -> np.ndarray:
        return htype == _T[name]

    n_e[where("single_elder")] = 1
    n_e[where("elder_couple")] = 2
    n_a[where("single_adult")] = 1
    n_a[where("adult_couple")] = 2
    t = where("nuclear")
    n_a[t] = 2
    n_c[t] = 1 + (u[0][t] > 0.6) + (u[0][t] > 0.95)
    t = where("single_parent")
    n_a[t] = 1
    n_c[t] = 1 + (u[0][t] > 0.65)
    t = where("three_generation")
    n_e[t] = 1 + (u[0][t] > 0.55)
    n_a[t] = 1 + (u[1][t] > 0.3)
    n_c[t] = (u[2][t] > 0.4).astype(int) + (u[2][t] > 0.85)
    t = where("skipped_generation")
    n_e[t] = 1 + (u[0][t] > 0.5)
    n_c[t] = 1 + (u[1][t] > 0.8)
    t = where("adults_with_elder")
    n_e[t] = 1
    n_a[t] = 1 + (u[0][t] > 0.4)
    t = where("adults_group")
    n_a[t] = 3 + (u[0][t] > 0.7)
    n_c[t] = u[1][t] > 0.8
    head_elder = (
        where("single_elder")
        | where("elder_couple")
        | where("skipped_generation")
        | (where("three_generation") & (u[3] < 0.75))
        | (where("adults_with_elder") & (u[3] < 0.6))
    )
    return n_e, n_a, n_c, head_elder


def _members(
    rng: np.random.Generator,
    htype: np.ndarray,
    n_e: np.ndarray,
    n_a: np.ndarray,
    n_c: np.ndarray,
    head_elder: np.ndarray,
) -> dict[str, np.ndarray]:
    """Role, age and sex of every member, members of a household contiguous, head first."""
    n = len(htype)
    size = n_e + n_a + n_c
    total = int(size.sum())
    hh_of = np.repeat(np.arange(n), size)
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    pos = np.arange(total) - first[hh_of]
    ne, na = n_e[hh_of], n_a[hh_of]
    elder_first = head_elder[hh_of]
    role = np.where(
        elder_first,
        np.where(pos < ne, ELDER, np.where(pos < ne + na, ADULT, CHILD)),
        np.where(pos < na, ADULT, np.where(pos < na + ne, ELDER, CHILD)),
    ).astype(np.int8)
    # The parents' age anchors children's ages (a child is at least 17 years younger).
    anchor = rng.integers(22, 56, n)
    skipped = htype == _T["skipped_generation"]
    anchor = np.where(skipped, rng.integers(30, 50, n), anchor)
    m_anchor = anchor[hh_of]
    u = rng.random(total)
    elder_age = 60 + np.minimum(rng.exponential(11.0, total), 45).astype(np.int64)
    child_age = (u**0.7 * np.minimum(20, m_anchor - 17)).astype(np.int64)
    with_children = (n_c > 0)[hh_of]
    couple_adult = with_children & (pos - np.where(elder_first, ne, 0) < 2)
    adult_age = np.where(
        couple_adult,
        np.clip(m_anchor + rng.integers(-4, 5, total), 18, 59),
        18 + (rng.random(total) ** 0.9 * 42).astype(np.int64),
    )
    age = np.choose(role, [child_age, adult_age, elder_age])
    female = rng.random(total) < np.where(role == ELDER, 0.56, 0.5)
    # Heads are more often men; the second person of a couple is of the other sex.
    head = pos == 0
    female = np.where(head, rng.random(total) < np.where(role == ELDER, 0.5, 0.38), female)
    couple = np.isin(htype, [_T["elder_couple"], _T["adult_couple"], _T["nuclear"]])[hh_of] & (
        pos == 1
    )
    female_head = np.zeros(total, bool)
    female_head[first] = female[first]
    head_female = female_head[first][hh_of]
    female = np.where(couple, ~head_female, female)
    sex = np.where(female, 2, 1).astype(np.int8)
    return {"role": role, "age": age.astype(np.int64), "sex": sex}


def _education(
    rng: np.random.Generator, age: np.ndarray, urban: np.ndarray, area_risk: np.ndarray
) -> np.ndarray:
    """Highest level: by age for children, a latent score (cohort, urban, area) for adults."""
    by_age = np.select([age < 6, age < 12, age < 15, age < 18], [0, 1, 2, 2], 0)
    latent = rng.normal(0.0, 1.0, len(age)) + (45.0 - age) / 25.0 + 0.5 * urban - 0.45 * area_risk
    adult = np.digitize(latent, [-2.2, -0.1, 0.5, 1.1, 1.45])
    return np.where(age < 18, by_age, adult).astype(np.int8)


def _structural_risk(
    area_risk: np.ndarray,
    urban: np.ndarray,
    age: np.ndarray,
    disabled: np.ndarray,
    education: np.ndarray,
    size: np.ndarray,
    first: np.ndarray,
    hh_of: np.ndarray,
) -> np.ndarray:
    """The observable part of a household's deprivation risk (what a screening model can see)."""
    head_age = age[first]
    any_disabled = np.maximum.reduceat(disabled.astype(np.int8), first) > 0
    dependants = np.add.reduceat(((age < 15) | (age >= 60)).astype(np.int64), first)
    head_low_edu = education[first] <= 1
    return (
        area_risk
        + 0.55 * (1 - urban.astype(float))
        + 0.45 * (head_age >= 60)
        + 0.25 * (head_age >= 75)
        + 0.6 * any_disabled
        + 0.35 * head_low_edu
        + 0.5 * dependants / size
        + 0.3 * (size == 1) * (head_age >= 60)
        - 0.9
    )


def _school_education(
    age: np.ndarray, education: np.ndarray, flags: dict[str, np.ndarray]
) -> np.ndarray:
    """Children's education follows their age; 16-17s who went on to ม.4 reach upper secondary."""
    by_age = np.select([age < 6, age < 12, age < 18], [0, 1, 2], 0)
    by_age = np.where((age >= 16) & (flags["continued_m4"] == 1), 3, by_age)
    return np.where(age < 18, by_age, education).astype(np.int8)


def _occupations(
    rng: np.random.Generator,
    age: np.ndarray,
    education: np.ndarray,
    urban: np.ndarray,
    region: np.ndarray,
    z: np.ndarray,
    hard: np.ndarray,
    disabled: np.ndarray,
    flags: dict[str, np.ndarray],
    previous: dict[str, np.ndarray] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Occupation and has_income (-1 under 15 and for students), persistent given `previous`."""
    total = len(age)
    elder = age >= 60
    p_none = np.where(
        elder,
        _sigmoid(
            -3.5 + 0.5 * z + HARDSHIP_NO_INCOME[0] * hard + 0.04 * (age - 70) + 1.0 * disabled
        ),
        _sigmoid(-4.3 + 0.6 * z + HARDSHIP_NO_INCOME[1] * hard + 1.8 * disabled),
    )
    fresh = _occupation(rng, education, urban, region)
    u = rng.random((3, total))
    if previous is None:
        none = u[0] < p_none
        occupation = fresh
        # Many elders with income no longer work: family support, pensions.
        retired = elder & (u[1] < np.clip(0.3 + 0.025 * (age - 60), 0, 0.95))
        studying = (age >= 18) & (age <= 24) & (u[2] < 0.12 * education.clip(1, 5))
    else:
        prev_has, prev_occ = previous["has_income"], previous["occupation"]
        none = u[0] < _persist(p_none, prev_has)
        keeps_job = np.isin(prev_occ, _WORK) & (u[1] < 0.95)
        occupation = np.where(keeps_job, prev_occ, fresh)
        newly_retired = u[2] < np.where(age == 60, 0.3, 0.06)
        retired = elder & (((prev_occ == NONE) & (prev_has == 1)) | newly_retired)
        studying = (age >= 18) & (age <= 24) & (prev_occ == STUDENT) & (u[2] < 0.75)
    occupation = np.where(retired | none, NONE, occupation)
    occupation = np.where(studying, STUDENT, occupation)
    # School attendance (the flags) decides what children do.
    occupation = np.where(age < 15, np.where(flags["in_school"] == 1, STUDENT, NONE), occupation)
    occupation = np.where((age >= 15) & (flags["continued_m4"] == 1), STUDENT, occupation)
    has_income = np.where(age >= 15, np.where(none, 0, 1), -1)
    has_income = np.where(occupation == STUDENT, -1, has_income)
    return occupation.astype(np.int8), has_income.astype(np.int8)


def _income(
    rng: np.random.Generator,
    occupation: np.ndarray,
    has_income: np.ndarray,
    urban: np.ndarray,
    region: np.ndarray,
    education: np.ndarray,
    z: np.ndarray,
    hard: np.ndarray,
    previous: np.ndarray | None = None,
) -> np.ndarray:
    """Yearly income: log-normal by occupation, region, urbanity and education; a shock on
    last year's income for those who kept their job."""
    total = len(occupation)
    log_income = (
        np.log(_MEDIAN_INCOME[occupation].clip(1))
        + 0.25 * urban
        + REGION_INCOME[region]
        + 0.12 * (education - 2)
        - 0.15 * z
        - HARDSHIP_INCOME * hard
        + rng.normal(0.0, 0.5, total)
    )
    income = np.exp(log_income)
    if previous is not None:
        shocked = previous * np.exp(rng.normal(0.02, 0.15, total) - 0.05 * z)
        income = np.where(previous > 0, shocked, income)
    income = np.where(has_income == 1, income.clip(3_000, 20_000_000), 0)
    return income.astype(np.int64)


def _occupation(
    rng: np.random.Generator, education: np.ndarray, urban: np.ndarray, region: np.ndarray
) -> np.ndarray:
    """A working occupation by education, urbanity and region (Gumbel-max over log-weights)."""
    # Columns: farmer, labourer, trade, employee, civil servant, other.
    base = np.array([0.9, 0.6, 0.3, 0.4, -1.6, -0.6])
    per_edu = np.array([-0.35, -0.15, 0.05, 0.35, 0.55, 0.0])
    per_urban = np.array([-2.0, 0.0, 0.5, 0.9, 0.4, 0.3])
    bangkok = np.array([-3.0, 0.0, 0.3, 0.6, 0.2, 0.2])
    rural_region = np.array([0.5, 0.0, -0.2, -0.3, 0.0, 0.0])
    best = np.full(len(education), -np.inf)
    choice = np.zeros(len(education), np.int64)
    poorer = np.isin(region, [2, 3, 5])
    edu = education.astype(float)
    for k in range(len(base)):
        score = (
            base[k]
            + per_edu[k] * (edu - 2)
            + per_urban[k] * urban
            + bangkok[k] * (region == 0)
            + rural_region[k] * poorer
            + rng.gumbel(size=len(education))
        )
        better = score > best
        best = np.where(better, score, best)
        choice = np.where(better, k, choice)
    return _WORK[choice]


def _member_flag_probabilities(
    age: np.ndarray,
    z: np.ndarray,
    hard: np.ndarray,
    disabled: np.ndarray,
    chronic: np.ndarray,
    education: np.ndarray,
    single: np.ndarray,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each member flag: (applicable mask, probability of not met); `hard` is the
    household's hardship (see HARDSHIP_AT), the same for every member."""
    return {
        "birth_weight_ok": (age == 0, _sigmoid(-2.6 + 0.4 * z + 1.5 * hard)),
        "exercises": (
            age >= 6,
            _sigmoid(
                -4.4
                + 0.5 * z
                + 1.5 * hard
                + 0.7 * chronic
                + 1.2 * disabled
                + 0.02 * (age - 40).clip(0)
            ),
        ),
        "preschool": (
            (age >= 3) & (age <= 5),
            _sigmoid(-3.5 + 0.6 * z + 2.5 * hard + 1.5 * disabled),
        ),
        "in_school": (
            (age >= 6) & (age <= 14),
            _sigmoid(-4.5 + 0.7 * z + 3.0 * hard + 2.0 * disabled),
        ),
        "continued_m4": (
            (age >= 15) & (age <= 17),
            _sigmoid(-3.2 + 0.7 * z + 2.5 * hard + 1.5 * disabled),
        ),
        "literate": (
            (age >= 15) & (age <= 59),
            _sigmoid(-5.0 + 0.6 * z + 3.6 * hard + 2.0 * (education == 0) + 1.2 * disabled),
        ),
        "cared_for": (
            (age >= 60) | (disabled == 1),
            _sigmoid(-4.6 + 0.6 * z + 3.2 * hard + 0.8 * single + 0.3 * chronic),
        ),
    }


def _member_flags(
    rng: np.random.Generator,
    age: np.ndarray,
    z: np.ndarray,
    hard: np.ndarray,
    disabled: np.ndarray,
    chronic: np.ndarray,
    education: np.ndarray,
    single: np.ndarray,
    previous: dict[str, np.ndarray] | None,
) -> dict[str, np.ndarray]:
    """The member flags (-1 where not applicable), persistent when `previous` values are given."""
    flags: dict[str, np.ndarray] = {}
    models = _member_flag_probabilities(
        age, z, hard, disabled.astype(float), chronic.astype(float), education, single.astype(float)
    )
    for name, (applicable, p) in models.items():
        if previous is not None:
            p = _persist(p, previous[name])
        met = ~_draw(rng, p)
        flags[name] = np.where(applicable, met, -1).astype(np.int8)
    return flags


def _persist(p: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Next year's probability of 'not met' given this year's value (-1: freshly applicable)."""
    return np.where(previous == 0, STAY + (1 - STAY) * p, np.where(previous == 1, ENTRY * p, p))


def _debt(rng: np.random.Generator, urban: np.ndarray, hh_income: np.ndarray) -> np.ndarray:
    """Household debt: about half the households owe, typically a year or two of income."""
    n = len(urban)
    owes = rng.random(n) < np.where(urban, 0.5, 0.6)
    amount = np.exp(np.log(np.maximum(hh_income, 30_000)) + 0.3 + rng.normal(0.0, 0.9, n)).clip(
        1_000, 50_000_000
    )
    return np.where(owes, np.round(amount, -2), 0).astype(np.int32)


# --- the next survey wave -----------------------------------------------------------------


def _grouped(register: Register) -> tuple[Register, np.ndarray, np.ndarray]:
    """The register sorted by hh_id (members by person_no), member -> household row, and the
    first member row of each household (every household must have a member)."""
    h, m = register.households, register.members
    h_order = np.argsort(h["hh_id"], kind="stable")
    m_order = np.lexsort((m["person_no"], m["hh_id"]))
    if not (h_order == np.arange(len(h_order))).all():
        h = {k: v[h_order] for k, v in h.items()}
    if not (m_order == np.arange(len(m_order))).all():
        m = {k: v[m_order] for k, v in m.items()}
    hh_of = np.searchsorted(h["hh_id"], m["hh_id"])
    counts = np.bincount(hh_of, minlength=len(h["hh_id"]))
    if (counts == 0).any():
        raise ValueError("every household needs at least one member")
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return Register(h, m), hh_of, first


def next_wave(register: Register, *, seed: int) -> Register:
    """The same households surveyed a year later: everyone a year older, a few deaths (never
    the last member) and births, income shocks and flags that persist or change with risk."""
    rng = np.random.default_rng(seed)
    geo = _geo()
    register, hh_of, first = _grouped(register)
    h, m = register.households, register.members
    n = len(h["hh_id"])

    # Deaths (Gompertz-like, about 8 per 1,000 a year) and births (about 0.7 per 100 people).
    age = m["age"].astype(np.int64) + 1
    dies = rng.random(len(age)) < np.clip(0.0004 * np.exp(0.088 * (age - 30)), 0.0002, 0.4)
    alive_count = np.add.reduceat((~dies).astype(np.int64), first)
    dies[first[alive_count == 0]] = False  # a household keeps at least its head
    mothers = (~dies) & (m["sex"] == 2) & (age >= 19) & (age <= 45)
    mothers &= rng.random(len(age)) < 0.045
    baby_hh = np.unique(hh_of[mothers])
    keep = ~dies
    n_babies = len(baby_hh)

    def stack(old: np.ndarray, baby: np.ndarray | int) -> np.ndarray:
        new = np.broadcast_to(np.asarray(baby, dtype=old.dtype), (n_babies,))
        return np.concatenate([old[keep], new])

    new_hh = np.concatenate([hh_of[keep], baby_hh])
    order = np.lexsort(
        (np.concatenate([m["person_no"][keep], np.full(n_babies, 32_000, np.int16)]), new_hh)
    )
    new_hh = new_hh[order]
    cols = {
        name: stack(m[name], -1 if name in MEMBER_FLAGS else 0)[order]
        for name in m
        if name not in ("age", "sex", "person_no", "hh_id")
    }
    age = np.concatenate([age[keep], np.zeros(n_babies, np.int64)])[order]
    sex = np.concatenate([m["sex"][keep], rng.integers(1, 3, n_babies).astype(np.int8)])[order]
    size = np.bincount(new_hh, minlength=n)
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    person_no = np.arange(len(age)) - first[new_hh] + 1

    province = h["province_code"]
    urban = h["urban"]
    region = geo.region[province]
    m_urban, m_region = urban[new_hh], region[new_hh]
    total = len(age)
    disabled = (cols["disabled"] == 1) | (rng.random(total) < 0.001 + 0.004 * (age >= 60))
    chronic = (cols["chronic_ill"] == 1) | (
        rng.random(total) < 0.004 + 0.04 * _sigmoid((age - 60.0) / 8.0)
    )
    previous = {name: cols[name] for name in MEMBER_FLAGS}
    education = _school_education(age, cols["education"], previous)

    # Risk next year: what is observable now, plus the hidden part: its permanent share (the
    # same as last year's, which showed in last year's deprivations) and fresh noise.
    structural = _structural_risk(
        geo.risk[province], urban, age, disabled, education, size, first, new_hh
    )
    z = structural + _hidden(rng, h["hh_id"], h["subdistrict_code"])
    hard = _hardship(z, structural)
    zm, hm = z[new_hh], hard[new_hh]
    single = (size == 1)[new_hh]
    flags = _member_flags(rng, age, zm, hm, disabled, chronic, education, single, previous)
    education = _school_education(age, education, flags)
    occupation, has_income = _occupations(
        rng,
        age,
        education,
        m_urban,
        m_region,
        zm,
        hm,
        disabled,
        flags,
        {"has_income": previous["has_income"], "occupation": cols["occupation"]},
    )
    same_job = (occupation == cols["occupation"]) & (previous["has_income"] == 1)
    income = _income(
        rng,
        occupation,
        has_income,
        m_urban,
        m_region,
        education,
        zm,
        hm,
        np.where(same_job, cols["income_year"], 0).astype(float),
    )
    flags["has_income"] = has_income

    hh_income = np.add.reduceat(income, first)
    per_person = hh_income / size
    z_full = z + 0.6 * (per_person < INCOME_LINE)
    households = dict(h)
    households["year"] = (h["year"] + 1).astype(np.int16)
    for name, (a, b, c) in HOUSEHOLD_FLAG_MODEL.items():
        p = _persist(_sigmoid(a + b * z_full + c * hard), h[name])
        households[name] = (~_draw(rng, p)).astype(np.int8)
    p_card = _sigmoid(-1.9 + 1.4 * (per_person < 100_000) + 0.6 * z_full - 0.8 * (region == 0))
    households["welfare_card"] = _draw(
        rng, np.where(h["welfare_card"] == 1, 0.93, 0.25 * p_card)
    ).astype(np.int8)
    debt = h["debt"] * np.exp(rng.normal(0.0, 0.25, n))
    debt = np.where(rng.random(n) < 0.08, 0, debt)
    new_debt = (h["debt"] == 0) & (rng.random(n) < 0.1)
    debt = np.where(new_debt, _debt(rng, np.ones(n, bool), hh_income), debt)
    households["debt"] = np.round(debt.clip(0, 2_000_000_000), -2).astype(np.int32)

    members = {
        "hh_id": h["hh_id"][new_hh],
        "person_no": person_no,
        "sex": sex,
        "age": age,
        **flags,
        "income_year": income,
        "disabled": disabled.astype(np.int8),
        "chronic_ill": chronic.astype(np.int8),
        "education": education,
        "occupation": occupation,
    }
    return _typed(households, members)


# --- personal fields (demo only) ----------------------------------------------------------

# Name parts combined at random: the results are plausible Thai names, not lists of people.
_MALE_FIRST = (
    "สม",
    "ประ",
    "วิ",
    "สุ",
    "ธน",
    "กิตติ",
    "ชาญ",
    "อภิ",
    "ณัฐ",
    "พงศ์",
    "วีร",
    "ธีร",
    "อนุ",
    "บุญ",
    "ทวี",
    "เกียรติ",
    "ศุภ",
    "จักร",
    "ภาณุ",
    "อำนาจ",
)
_MALE_SECOND = (
    "ชาย",
    "ศักดิ์",
    "พงษ์",
    "วุฒิ",
    "ชัย",
    "พล",
    "เดช",
    "กร",
    "ภัทร",
    "นันท์",
    "ยุทธ",
    "วัฒน์",
    "ศิลป์",
    "ธร",
    "เชษฐ์",
    "สิทธิ์",
)
_FEMALE_FIRST = (
    "สม",
    "สุ",
    "วรร",
    "กนก",
    "พร",
    "นิ",
    "อร",
    "จันทร์",
    "ศิริ",
    "รัตน",
    "ปิย",
    "มณี",
    "ดวง",
    "อัญ",
    "กาญ",
    "ณัฐ",
    "ชุติ",
    "พิม",
    "เพ็ญ",
    "บุษ",
)
_FEMALE_SECOND = (
    "ใจ",
    "ดา",
    "พร",
    "รัตน์",
    "ณี",
    "วรรณ",
    "ทิพย์",
    "จิตร",
    "ศรี",
    "ลักษณ์",
    "นภา",
    "พรรณ",
    "มาศ",
    "ชนก",
    "กานต์",
    "ฤดี",
)
_FAMILY_FIRST = (
    "ศรี",
    "แก้ว",
    "บุญ",
    "ทอง",
    "สุข",
    "มณี",
    "จันทร์",
    "วงศ์",
    "พรหม",
    "อินทร์",
    "คำ",
    "เพชร",
    "ใจ",
    "รักษ์",
    "สาย",
    "ชัย",
    "นาค",
    "เงิน",
    "ดวง",
    "แสง",
)
_FAMILY_SECOND = (
    "สุข",
    "มา",
    "ดี",
    "ประเสริฐ",
    "วงศ์",
    "ทอง",
    "ศรี",
    "เจริญ",
    "พันธ์",
    "สวัสดิ์",
    "งาม",
    "ชัย",
    "รัตน์",
    "แสง",
    "สมบูรณ์",
    "ปัญญา",
    "บุตร",
    "อ่อน",
)
_FAMILY_THIRD = ("", "", "", "กุล", "วงศ์", "สกุล", "พงษ์", "ธรรม", "ศักดิ์", "ไพบูลย์")


def _compose(rng: np.random.Generator, n: int, *parts: tuple[str, ...]) -> np.ndarray:
    """n strings, each one random element of every part list joined (drawn from all combos)."""
    combos = [""]
    for part in parts:
        combos = [a + b for a in combos for b in part]
    return np.array(combos)[rng.integers(0, len(combos), n)]


def people(register: Register, *, seed: int) -> dict[str, np.ndarray]:
    """Synthetic personal fields for every member row, in member order (Django demo only)."""
    rng = np.random.default_rng(seed)
    m, h = register.members, register.households
    total = register.n_people
    hh_row = np.searchsorted(h["hh_id"], m["hh_id"], sorter=np.argsort(h["hh_id"]))
    hh_row = np.argsort(h["hh_id"])[hh_row]
    age, sex = m["age"].astype(np.int64), m["sex"]
    male = sex == 1
    married = rng.random(total) < np.where(age >= 25, 0.75, 0.1)
    married |= (m["person_no"] <= 2) & (age >= 20)
    title = np.where(
        age < 15,
        np.where(male, "เด็กชาย", "เด็กหญิง"),
        np.where(male, "นาย", np.where(married, "นาง", "นางสาว")),
    )
    given = np.where(
        male,
        _compose(rng, total, _MALE_FIRST, _MALE_SECOND),
        _compose(rng, total, _FEMALE_FIRST, _FEMALE_SECOND),
    )
    family_of_hh = _compose(rng, len(h["hh_id"]), _FAMILY_FIRST, _FAMILY_SECOND, _FAMILY_THIRD)
    own_family = _compose(rng, total, _FAMILY_FIRST, _FAMILY_SECOND, _FAMILY_THIRD)
    # Members share the household's family name; a spouse or lodger sometimes keeps their own.
    keeps_own = (m["person_no"] > 1) & (rng.random(total) < np.where(age >= 20, 0.25, 0.03))
    family = np.where(keeps_own, own_family, family_of_hh[hh_row])

    # Completed years at the survey date (1 January of the survey year, see survey.py).
    year_ce = h["year"].astype(np.int64)[hh_row] - 543
    born_by = (year_ce - age - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    birth = born_by - rng.integers(0, 365, total).astype("timedelta64[D]")
    birth_date = np.datetime_as_string(birth, unit="D")

    digits = rng.integers(0, 10, (total, 12))
    digits[:, 0] = 0  # never a real citizen's number: real ones start with 1-8
    check = (11 - (digits * np.array(ID_WEIGHTS)).sum(axis=1) % 11) % 10
    ascii_digits = (np.column_stack([digits, check]) + ord("0")).astype(np.uint8)
    national_id = ascii_digits.view("S13").ravel().astype("U13")

    n_hh = len(h["hh_id"])
    numbers = np.array(
        [str(i) for i in range(1, 400)] + [f"{i}/{j}" for i in range(1, 400) for j in range(1, 30)]
    )
    main = rng.integers(0, 399, n_hh)
    sub = np.where(rng.random(n_hh) < 0.25, 399 + main * 29 + rng.integers(0, 29, n_hh), main)
    house = numbers[sub]
    village = rng.integers(1, 16, n_hh)
    village = np.where(h["urban"] == 1, np.where(rng.random(n_hh) < 0.5, 0, village), village)
    return {
        "title": title,
        "given_name": given,
        "family_name": family,
        "birth_date": birth_date,
        "national_id": national_id,
        "house_no": house[hh_row],
        "village_no": village[hh_row].astype(np.int16),
    }

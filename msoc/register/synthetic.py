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
from typing import Any

import numpy as np

from msoc.register.synthetic_geography import geography, province_table
from msoc.register.synthetic_livelihood import (
    INCOME_LINE,
    education_levels,
    household_debt,
    incomes,
    occupations,
    school_education,
)
from msoc.register.synthetic_people import people as people
from msoc.register.synthetic_risk import (
    HOUSEHOLD_FLAG_MODEL,
    draw,
    hardship,
    hidden_risk,
    member_flags,
    persist,
    sigmoid,
    structural_risk,
)
from msoc.register.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, MEMBER_FLAGS, Register

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
    geo = geography()
    n = int(n_households)
    province = _draw_provinces(rng, n, provinces)
    sidx = geo.start[province] + (rng.random(n) * geo.count[province]).astype(np.int64)
    region = geo.region[province]
    p_urban = np.clip(geo.urban[province] * np.where(geo.sub_capital[sidx], 1.6, 0.75), 0, 1)
    urban = draw(rng, p_urban)
    htype = _household_types(rng, region)
    n_e, n_a, n_c, head_elder = _composition(rng, htype)
    members = _members(rng, htype, n_e, n_a, n_c, head_elder)
    size = n_e + n_a + n_c
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    hh_of = np.repeat(np.arange(n), size)
    hh_id = np.arange(start_id, start_id + n, dtype=np.int64)
    people = _first_wave_people(rng, province, sidx, urban, members, size, first, hh_of, hh_id)
    households = _first_wave_households(
        rng, hh_id, year, province, sidx, urban, people, size, first
    )
    return _typed(households, _member_table(hh_id[hh_of], first[hh_of], members, people))


def _draw_provinces(
    rng: np.random.Generator, n: int, provinces: Sequence[int] | None
) -> np.ndarray:
    """Each household's province, drawn by registered population (among `provinces`)."""
    table = province_table()
    ids, weights = table.ids, table.population.astype(float)
    if provinces is not None:
        wanted = np.isin(ids, np.asarray(list(provinces), dtype=np.int16))
        unknown = set(int(p) for p in provinces) - set(ids.tolist())
        if unknown:
            raise ValueError(f"unknown province codes {sorted(unknown)}")
        ids, weights = ids[wanted], weights[wanted]
    return rng.choice(ids, size=n, p=weights / weights.sum()).astype(np.int16)


def _household_types(rng: np.random.Generator, region: np.ndarray) -> np.ndarray:
    """Each household's type, drawn by its region's shares."""
    shares = np.array([p for _name, p in HOUSEHOLD_TYPES]).T  # regions x types
    cum = np.cumsum(shares / shares.sum(axis=1, keepdims=True), axis=1)
    htype = (rng.random(len(region))[:, None] > cum[region]).sum(axis=1).astype(np.int8)
    return np.minimum(htype, len(HOUSEHOLD_TYPES) - 1)


def _first_wave_people(
    rng: np.random.Generator,
    province: np.ndarray,
    sidx: np.ndarray,
    urban: np.ndarray,
    members: dict[str, np.ndarray],
    size: np.ndarray,
    first: np.ndarray,
    hh_of: np.ndarray,
    hh_id: np.ndarray,
) -> dict[str, np.ndarray]:
    """Health, education, the household risk, the flags, jobs and incomes of every member."""
    geo = geography()
    region = geo.region[province]
    age, role = members["age"], members["role"]
    m_region = region[hh_of]
    m_urban = urban[hh_of]
    disabled = draw(rng, np.choose(role, [0.008, 0.018, 0.07]) * (1 + 0.15 * (m_region == 3)))
    chronic = draw(rng, 0.02 + 0.55 * sigmoid((age - 60.0) / 8.0))
    education = education_levels(rng, age, m_urban, geo.risk[province][hh_of])

    # Latent household risk: observable part plus hidden noise (the hidden part shows up only
    # through the flags, which is what makes next year's deprivation partly predictable).
    structural = structural_risk(
        geo.risk[province], urban, age, disabled, education, size, first, hh_of
    )
    z = structural + hidden_risk(rng, hh_id, geo.sub_codes[sidx])
    hard = hardship(z, structural)
    zm, hm = z[hh_of], hard[hh_of]

    single = (size == 1)[hh_of]
    flags = member_flags(rng, age, zm, hm, disabled, chronic, education, single, None)
    education = school_education(age, education, flags)
    occupation, has_income = occupations(
        rng, age, education, m_urban, m_region, zm, hm, disabled, flags, None
    )
    income = incomes(rng, occupation, has_income, m_urban, m_region, education, zm, hm)
    flags["has_income"] = has_income
    return {
        **flags,
        "disabled": disabled,
        "chronic_ill": chronic,
        "education": education,
        "occupation": occupation,
        "income_year": income,
        "z": z,
        "hard": hard,
    }


def _first_wave_households(
    rng: np.random.Generator,
    hh_id: np.ndarray,
    year: int,
    province: np.ndarray,
    sidx: np.ndarray,
    urban: np.ndarray,
    people: dict[str, np.ndarray],
    size: np.ndarray,
    first: np.ndarray,
) -> dict[str, np.ndarray]:
    """The household table: area, household flags from the risk and income, card, debt, land."""
    geo = geography()
    n = len(hh_id)
    region = geo.region[province]
    z, hard = people["z"], people["hard"]
    hh_income = np.add.reduceat(people["income_year"].astype(np.int64), first)
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
        households[name] = (~draw(rng, sigmoid(a + b * z_full + c * hard))).astype(np.int8)
    households["welfare_card"] = draw(
        rng, sigmoid(-1.9 + 1.4 * (per_person < 100_000) + 0.6 * z_full - 0.8 * (region == 0))
    ).astype(np.int8)
    households["debt"] = household_debt(rng, urban, hh_income)
    households["land_owned"] = draw(rng, np.where(urban, 0.45, 0.78) - 0.25 * (region == 0)).astype(
        np.int8
    )
    return households


def _member_table(
    member_hh_id: np.ndarray,
    member_first: np.ndarray,
    members: dict[str, np.ndarray],
    people: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """The member table in the contract's column order."""
    age = members["age"]
    return {
        "hh_id": member_hh_id,
        "person_no": (np.arange(len(age)) - member_first + 1).astype(np.int16),
        "sex": members["sex"].astype(np.int8),
        "age": age.astype(np.int16),
        **{name: people[name] for name in MEMBER_FLAGS[:7]},
        "income_year": people["income_year"].astype(np.int32),
        "disabled": people["disabled"].astype(np.int8),
        "chronic_ill": people["chronic_ill"].astype(np.int8),
        "cared_for": people["cared_for"],
        "education": people["education"].astype(np.int8),
        "occupation": people["occupation"].astype(np.int8),
    }


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
    register, hh_of, first = _grouped(register)
    h = register.households
    people = _survivors_and_births(rng, register, hh_of, first)
    new_hh, age = people["new_hh"], people["age"]
    size = np.bincount(new_hh, minlength=len(h["hh_id"]))
    first = np.concatenate([[0], np.cumsum(size)[:-1]])
    person_no = np.arange(len(age)) - first[new_hh] + 1
    wave = _next_wave_people(rng, h, people, size, first)
    households = _next_wave_households(rng, h, wave, size, first)
    members = {
        "hh_id": h["hh_id"][new_hh],
        "person_no": person_no,
        "sex": people["sex"],
        "age": age,
        **wave["flags"],
        "income_year": wave["income_year"],
        "disabled": wave["disabled"].astype(np.int8),
        "chronic_ill": wave["chronic_ill"].astype(np.int8),
        "education": wave["education"],
        "occupation": wave["occupation"],
    }
    return _typed(households, members)


def _survivors_and_births(
    rng: np.random.Generator, register: Register, hh_of: np.ndarray, first: np.ndarray
) -> dict[str, np.ndarray]:
    """Last year's members a year older, less deaths, plus babies; grouped by household.

    Deaths are Gompertz-like (about 8 per 1,000 a year), births about 0.7 per 100 people.
    """
    m = register.members
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
    cols = {
        name: stack(m[name], -1 if name in MEMBER_FLAGS else 0)[order]
        for name in m
        if name not in ("age", "sex", "person_no", "hh_id")
    }
    cols["new_hh"] = new_hh[order]
    cols["age"] = np.concatenate([age[keep], np.zeros(n_babies, np.int64)])[order]
    sex = np.concatenate([m["sex"][keep], rng.integers(1, 3, n_babies).astype(np.int8)])
    cols["sex"] = sex[order]
    return cols


def _next_wave_people(
    rng: np.random.Generator,
    h: dict[str, np.ndarray],
    cols: dict[str, np.ndarray],
    size: np.ndarray,
    first: np.ndarray,
) -> dict[str, Any]:
    """Health, education, risk, flags, jobs and incomes a year on, persisting from last year."""
    geo = geography()
    new_hh, age = cols["new_hh"], cols["age"]
    province = h["province_code"]
    urban = h["urban"]
    region = geo.region[province]
    disabled, chronic = _next_wave_health(rng, cols, age)
    previous = {name: cols[name] for name in MEMBER_FLAGS}
    education = school_education(age, cols["education"], previous)

    # Risk next year: what is observable now, plus the hidden part: its permanent share (the
    # same as last year's, which showed in last year's deprivations) and fresh noise.
    structural = structural_risk(
        geo.risk[province], urban, age, disabled, education, size, first, new_hh
    )
    z = structural + hidden_risk(rng, h["hh_id"], h["subdistrict_code"])
    hard = hardship(z, structural)
    zm, hm = z[new_hh], hard[new_hh]
    single = (size == 1)[new_hh]
    flags = member_flags(rng, age, zm, hm, disabled, chronic, education, single, previous)
    education = school_education(age, education, flags)
    occupation, income = _next_wave_work(
        rng, cols, flags, age, education, (urban[new_hh], region[new_hh]), (zm, hm), disabled
    )
    return {
        "flags": flags,
        "disabled": disabled,
        "chronic_ill": chronic,
        "education": education,
        "occupation": occupation,
        "income_year": income,
        "z": z,
        "hard": hard,
    }


def _next_wave_health(
    rng: np.random.Generator, cols: dict[str, np.ndarray], age: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Disability and chronic illness a year on: kept once there, new ones more likely with age."""
    total = len(age)
    disabled = (cols["disabled"] == 1) | (rng.random(total) < 0.001 + 0.004 * (age >= 60))
    chronic = (cols["chronic_ill"] == 1) | (
        rng.random(total) < 0.004 + 0.04 * sigmoid((age - 60.0) / 8.0)
    )
    return disabled, chronic


def _next_wave_work(
    rng: np.random.Generator,
    cols: dict[str, np.ndarray],
    flags: dict[str, np.ndarray],
    age: np.ndarray,
    education: np.ndarray,
    where: tuple[np.ndarray, np.ndarray],
    risk: tuple[np.ndarray, np.ndarray],
    disabled: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Jobs and incomes a year on (sets flags["has_income"]); a kept job starts from its income."""
    m_urban, m_region = where
    zm, hm = risk
    had_income = cols["has_income"]
    occupation, has_income = occupations(
        rng,
        age,
        education,
        m_urban,
        m_region,
        zm,
        hm,
        disabled,
        flags,
        {"has_income": had_income, "occupation": cols["occupation"]},
    )
    same_job = (occupation == cols["occupation"]) & (had_income == 1)
    income = incomes(
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
    return occupation, income


def _next_wave_households(
    rng: np.random.Generator,
    h: dict[str, np.ndarray],
    wave: dict[str, Any],
    size: np.ndarray,
    first: np.ndarray,
) -> dict[str, np.ndarray]:
    """The household table a year on: flags that persist or change, card, debt shocks."""
    n = len(h["hh_id"])
    region = geography().region[h["province_code"]]
    hard = wave["hard"]
    hh_income = np.add.reduceat(wave["income_year"], first)
    per_person = hh_income / size
    z_full = wave["z"] + 0.6 * (per_person < INCOME_LINE)
    households = dict(h)
    households["year"] = (h["year"] + 1).astype(np.int16)
    for name, (a, b, c) in HOUSEHOLD_FLAG_MODEL.items():
        p = persist(sigmoid(a + b * z_full + c * hard), h[name])
        households[name] = (~draw(rng, p)).astype(np.int8)
    p_card = sigmoid(-1.9 + 1.4 * (per_person < 100_000) + 0.6 * z_full - 0.8 * (region == 0))
    households["welfare_card"] = draw(
        rng, np.where(h["welfare_card"] == 1, 0.93, 0.25 * p_card)
    ).astype(np.int8)
    debt = h["debt"] * np.exp(rng.normal(0.0, 0.25, n))
    debt = np.where(rng.random(n) < 0.08, 0, debt)
    new_debt = (h["debt"] == 0) & (rng.random(n) < 0.1)
    debt = np.where(new_debt, household_debt(rng, np.ones(n, bool), hh_income), debt)
    households["debt"] = np.round(debt.clip(0, 2_000_000_000), -2).astype(np.int32)
    return households

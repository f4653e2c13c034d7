"""Small registers with hand-computed poverty results, shared by the poverty and engine tests."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from msoc.register import tables
from msoc.register.indicator_config import PovertyConfig, parse_config
from msoc.register.tables import Register

# Alkire & Foster (2011), "Counting and multidimensional poverty measurement", J. Public
# Economics 95: 476–487, section 2: four persons, four dimensions, cut-offs z, equal weights.
AF_Y = [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]]
AF_Z = (13, 12, 3, 1)
AF_COLUMNS = ("y1", "y2", "y3", "y4")


def af_config(k: str = "1/2") -> PovertyConfig:
    """The example as a config: one dimension per achievement, deprived if y_j < z_j."""
    data: dict[str, Any] = {
        "name": "alkire-foster-2011",
        "label_th": "ตัวอย่างของ Alkire และ Foster (2011)",
        "k": k,
        "dimensions": [
            {"key": f"dim{j + 1}", "label_th": f"มิติที่ {j + 1}", "weight": "1/4"} for j in range(4)
        ],
        "indicators": [
            {
                "key": col,
                "dimension": f"dim{j + 1}",
                "label_th": f"ตัวชี้วัดที่ {j + 1}",
                "weight": "1/4",
                "scope": "household",
                "column": col,
                "below": AF_Z[j],
            }
            for j, col in enumerate(AF_COLUMNS)
        ],
    }
    return parse_config(data, source="af-example", household_columns=AF_COLUMNS)


def af_register() -> Register:
    """Four one-person households (the paper's persons) in one sub-district."""
    y = np.asarray(AF_Y, dtype=np.float64)
    households = {
        "hh_id": np.arange(1, 5, dtype=np.int64),
        "province_code": np.full(4, 40, np.int16),
        "district_code": np.full(4, 4001, np.int32),
        "subdistrict_code": np.full(4, 400101, np.int32),
        **{col: y[:, j].copy() for j, col in enumerate(AF_COLUMNS)},
    }
    members = {
        "hh_id": np.arange(1, 5, dtype=np.int64),
        "age": np.full(4, 30, np.int16),
    }
    return Register(households, members)


# Expected figures from the paper (deprivation counts c = (0, 2, 4, 1)).
AF_COUNTS = (0, 2, 4, 1)
AF_EXPECTED = {
    "1/2": {"H": Fraction(1, 2), "A": Fraction(3, 4), "M0": Fraction(3, 8)},
    "1/4": {"H": Fraction(3, 4), "A": Fraction(7, 12), "M0": Fraction(7, 16)},
}
# Censored headcount ratios at k = 2 of 4: persons 2 and 3 are poor.
AF_CENSORED_K2 = (Fraction(1, 4), Fraction(1, 2), Fraction(1, 4), Fraction(1, 2))


def _blank(n_households: int, sizes: list[int]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:  # fmt: skip
    """Households meeting every need (flags 1) and members aged 30 with income; tweak after."""
    hh = {name: np.zeros(n_households, dtype) for name, dtype in tables.HOUSEHOLD_COLUMNS.items()}
    hh["hh_id"] = np.arange(1, n_households + 1, dtype=np.int64)
    hh["year"][:] = 2568
    hh["province_code"][:] = 40
    hh["district_code"][:] = 4001
    hh["subdistrict_code"][:] = 400101
    for name in tables.HOUSEHOLD_FLAGS:
        hh[name][:] = 1
    n_members = sum(sizes)
    mem = {name: np.zeros(n_members, dtype) for name, dtype in tables.MEMBER_COLUMNS.items()}
    mem["hh_id"] = np.repeat(hh["hh_id"], sizes)
    mem["person_no"] = np.concatenate([np.arange(1, s + 1) for s in sizes]).astype(np.int16)
    mem["age"][:] = 30
    mem["sex"][:] = 1
    for name in tables.MEMBER_FLAGS:
        mem[name][:] = -1
    mem["exercises"][:] = 1
    mem["literate"][:] = 1
    mem["has_income"][:] = 1
    mem["income_year"][:] = 60_000
    return hh, mem


def tpmap_register() -> Register:
    """Seven households, each built to test one part of the rules (see the comments)."""
    sizes = [2, 2, 3, 2, 1, 2, 1]
    hh, mem = _blank(7, sizes)
    hh["province_code"][4:] = 41
    hh["district_code"][4:] = 4101
    hh["subdistrict_code"][4:] = 410101
    rows = {h: np.flatnonzero(mem["hh_id"] == h) for h in range(1, 8)}
    # 1: meets every need → not poor at all.
    # 2: one baby under 2,500 g → TPMAP target poor (any indicator), 3 of 60 points → not AF poor.
    mem["age"][rows[2][1]] = 0
    mem["birth_weight_ok"][rows[2][1]] = 0
    for name in ("exercises", "literate", "has_income"):
        mem[name][rows[2][1]] = -1
    # 3: not applicable everywhere (NULL flags) and a 16-year-old out of school: in_school is
    # about ages 6–14, so the flag 0 at 16 must not count. Not deprived.
    mem["age"][rows[3][2]] = 16
    mem["in_school"][rows[3][2]] = 0
    for name in tables.HOUSEHOLD_FLAGS:
        hh[name][2] = -1
    # 4: exactly 38,000 baht per person is enough (not below); household 5 has one baht less.
    mem["income_year"][rows[4]] = [50_000, 26_000]
    mem["income_year"][rows[5]] = 37_999
    # 6: deprived in food, housing, water, elderly income and care, disabled care:
    # 3+3+3 + 4 (elderly income) + 6 (elderly care) + 6 (disabled care) = 25 points ≥ 20 → AF poor.
    hh["food_safe"][5] = 0
    hh["housing_secure"][5] = 0
    hh["water_use"][5] = 0
    elder = rows[6][1]
    mem["age"][elder] = 72
    mem["has_income"][elder] = 0
    mem["income_year"][elder] = 0
    mem["cared_for"][elder] = 0
    mem["disabled"][elder] = 1
    mem["literate"][elder] = -1
    mem["income_year"][rows[6][0]] = 90_000
    # 7: a disabled adult who is cared for → not deprived in disabled_care.
    mem["disabled"][rows[7][0]] = 1
    mem["cared_for"][rows[7][0]] = 1
    return Register(hh, mem)


# hh_id → the indicators it is deprived in (only household 6 reaches k = 1/3: 25 of 60 points)
TPMAP_EXPECTED: dict[int, set[str]] = {
    1: set(),
    2: {"newborn_weight"},
    3: set(),
    4: set(),
    5: {"income_per_person"},
    6: {
        "food_safe",
        "housing_secure",
        "water_use",
        "elderly_income",
        "elderly_care",
        "disabled_care",
    },  # fmt: skip
    7: set(),
}


def handmade_register(n_households: int = 3000, seed: int = 7) -> Register:
    """A random register with every column, for engine comparisons (four provinces)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 7, n_households).tolist()
    sizes[::97] = [0] * len(sizes[::97])  # a few households with no members listed
    hh, mem = _blank(n_households, sizes)
    province = rng.choice(np.array([10, 40, 50, 96], np.int16), n_households)
    hh["province_code"] = province
    hh["district_code"] = province.astype(np.int32) * 100 + rng.integers(1, 5, n_households).astype(np.int32)  # fmt: skip
    hh["subdistrict_code"] = hh["district_code"] * 100 + rng.integers(1, 4, n_households).astype(np.int32)  # fmt: skip
    for name in tables.HOUSEHOLD_FLAGS:
        hh[name] = rng.choice(np.array([-1, 0, 1, 1, 1, 1, 1, 1], np.int8), n_households)
    n = len(mem["hh_id"])
    age = rng.integers(0, 95, n).astype(np.int16)
    mem["age"] = age

    def flag(mask: np.ndarray, p_fail: float) -> np.ndarray:
        out = np.where(rng.random(n) < p_fail, 0, 1).astype(np.int8)
        return np.where(mask, out, -1).astype(np.int8)

    mem["birth_weight_ok"] = flag(age == 0, 0.1)
    mem["exercises"] = flag(age >= 6, 0.15)
    mem["preschool"] = flag((age >= 3) & (age <= 5), 0.1)
    mem["in_school"] = flag((age >= 6) & (age <= 14), 0.05)
    mem["continued_m4"] = flag((age >= 15) & (age <= 17), 0.2)
    mem["literate"] = flag((age >= 15) & (age <= 59), 0.05)
    mem["has_income"] = flag(age >= 15, 0.2)
    mem["disabled"] = (rng.random(n) < 0.05).astype(np.int8)
    mem["cared_for"] = flag((age >= 60) | (mem["disabled"] == 1), 0.1)
    mem["income_year"] = np.where(mem["has_income"] == 1, rng.integers(10_000, 150_000, n), 0).astype(np.int32)  # fmt: skip
    return Register(hh, mem)


def synthetic_or_handmade(n_households: int = 3000, seed: int = 7) -> Register:
    """The synthetic generator's register when it is available, else `handmade_register`."""
    try:
        from msoc.register.synthetic import generate
    except ImportError:
        return handmade_register(n_households, seed)
    return generate(n_households, seed=seed, provinces=[1, 28, 38, 76])

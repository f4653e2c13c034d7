"""Livelihoods in the synthetic register: members' education, occupation and income, and
household debt (see synthetic.py for the model as a whole)."""

from __future__ import annotations

import numpy as np

from msoc.register.synthetic_geography import REGION_INCOME
from msoc.register.synthetic_risk import HARDSHIP_INCOME, HARDSHIP_NO_INCOME, persist, sigmoid

INCOME_LINE = 38_000  # จปฐ. income per person per year (baht)

# Occupation codes (tables.MEMBER_COLUMNS["occupation"]).
NONE, FARMER, LABOURER, TRADE, EMPLOYEE, CIVIL, STUDENT, OTHER = range(8)
_WORK = np.array([FARMER, LABOURER, TRADE, EMPLOYEE, CIVIL, OTHER])
# Median yearly income by occupation code (baht); index 0 is an elder supported by family.
_MEDIAN_INCOME = np.array([48_000, 100_000, 130_000, 210_000, 230_000, 380_000, 0, 120_000])


def education_levels(
    rng: np.random.Generator, age: np.ndarray, urban: np.ndarray, area_risk: np.ndarray
) -> np.ndarray:
    """Highest level: by age for children, a latent score (cohort, urban, area) for adults."""
    by_age = np.select([age < 6, age < 12, age < 15, age < 18], [0, 1, 2, 2], 0)
    latent = rng.normal(0.0, 1.0, len(age)) + (45.0 - age) / 25.0 + 0.5 * urban - 0.45 * area_risk
    adult = np.digitize(latent, [-2.2, -0.1, 0.5, 1.1, 1.45])
    return np.where(age < 18, by_age, adult).astype(np.int8)


def school_education(
    age: np.ndarray, education: np.ndarray, flags: dict[str, np.ndarray]
) -> np.ndarray:
    """Children's education follows their age; 16-17s who went on to ม.4 reach upper secondary."""
    by_age = np.select([age < 6, age < 12, age < 18], [0, 1, 2], 0)
    by_age = np.where((age >= 16) & (flags["continued_m4"] == 1), 3, by_age)
    return np.where(age < 18, by_age, education).astype(np.int8)


def occupations(
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
        sigmoid(-3.5 + 0.5 * z + HARDSHIP_NO_INCOME[0] * hard + 0.04 * (age - 70) + 1.0 * disabled),
        sigmoid(-4.3 + 0.6 * z + HARDSHIP_NO_INCOME[1] * hard + 1.8 * disabled),
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
        none = u[0] < persist(p_none, prev_has)
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


def incomes(
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


def household_debt(
    rng: np.random.Generator, urban: np.ndarray, hh_income: np.ndarray
) -> np.ndarray:
    """Household debt: about half the households owe, typically a year or two of income."""
    n = len(urban)
    owes = rng.random(n) < np.where(urban, 0.5, 0.6)
    amount = np.exp(np.log(np.maximum(hh_income, 30_000)) + 0.3 + rng.normal(0.0, 0.9, n)).clip(
        1_000, 50_000_000
    )
    return np.where(owes, np.round(amount, -2), 0).astype(np.int32)

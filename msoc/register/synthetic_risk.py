"""The synthetic register's deprivation model: latent household risk (structural plus hidden),
the shared hardship factor, the จปฐ. flag probabilities and their wave-to-wave persistence
(see synthetic.py for the model as a whole)."""

from __future__ import annotations

import numpy as np

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


def sigmoid(x: np.ndarray) -> np.ndarray:
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


def hidden_risk(rng: np.random.Generator, hh_id: np.ndarray, subdistrict: np.ndarray) -> np.ndarray:
    """The hidden part of the latent risk: permanent share plus this wave's fresh noise."""
    fresh = rng.normal(0.0, 1.0, len(hh_id))
    permanent = _permanent_noise(hh_id, subdistrict)
    return HIDDEN_SD * (np.sqrt(PERSISTENT) * permanent + np.sqrt(1 - PERSISTENT) * fresh)


def hardship(z: np.ndarray, structural: np.ndarray) -> np.ndarray:
    """Household hardship in [0, 1] from the latent risk (see HARDSHIP_AT), with its
    structural share damped: the deepest poverty varies less between provinces and household
    types than the thin, single deprivations do (not only elderly living alone)."""
    return sigmoid(HARDSHIP_SLOPE * (z - HARDSHIP_DAMP * structural - HARDSHIP_AT))


def draw(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Bernoulli draws as bool."""
    return rng.random(len(p)) < p


def structural_risk(
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
        "birth_weight_ok": (age == 0, sigmoid(-2.6 + 0.4 * z + 1.5 * hard)),
        "exercises": (
            age >= 6,
            sigmoid(
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
            sigmoid(-3.5 + 0.6 * z + 2.5 * hard + 1.5 * disabled),
        ),
        "in_school": (
            (age >= 6) & (age <= 14),
            sigmoid(-4.5 + 0.7 * z + 3.0 * hard + 2.0 * disabled),
        ),
        "continued_m4": (
            (age >= 15) & (age <= 17),
            sigmoid(-3.2 + 0.7 * z + 2.5 * hard + 1.5 * disabled),
        ),
        "literate": (
            (age >= 15) & (age <= 59),
            sigmoid(-5.0 + 0.6 * z + 3.6 * hard + 2.0 * (education == 0) + 1.2 * disabled),
        ),
        "cared_for": (
            (age >= 60) | (disabled == 1),
            sigmoid(-4.6 + 0.6 * z + 3.2 * hard + 0.8 * single + 0.3 * chronic),
        ),
    }


def member_flags(
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
            p = persist(p, previous[name])
        met = ~draw(rng, p)
        flags[name] = np.where(applicable, met, -1).astype(np.int8)
    return flags


def persist(p: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Next year's probability of 'not met' given this year's value (-1: freshly applicable)."""
    return np.where(previous == 0, STAY + (1 - STAY) * p, np.where(previous == 1, ENTRY * p, p))

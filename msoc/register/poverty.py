"""Multidimensional poverty: TPMAP's "target poor" rule and the Alkire-Foster method, exactly.

Indicators, dimensions, weights and the poverty cut-off k are configuration
(`msoc/data/register/indicators.toml`), read into a `PovertyConfig` by
`msoc.register.indicator_config` (re-exported
here: `load_config`, `parse_config`, `PovertyConfig`, `ConfigError`). Each weight is an exact
fraction; they are multiplied by their common denominator D into integer *points*, so a
household's deprivation score is an integer and "poor" is `points >= ceil(k·D)` — no float ever decides who is poor.

The computation is split so every engine gives identical results:
1. `household_sql` — one SQL text (DuckDB and Spark SQL alike) that turns the register tables
   into one row per household: deprivation per indicator, points, bitmask, AF and TPMAP flags.
2. `area_sql` — one SQL text that sums those rows into INTEGER counts per area.
3. `area_index` — one Python function that turns the integers into H, A, MPI = H × A, censored
   headcount ratios and contributions with `fractions.Fraction`.
`reference_compute` does the same in plain Python over a small register, as a cross-check.

Headcounts are over people (members of poor households), the Alkire-Foster convention where the
unit of identification is the household; household-level figures are given too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from msoc.register import tables
from msoc.register.indicator_config import (
    ConfigError,
    PovertyConfig,
    _literal,
    load_config,
    parse_config,
)

__all__ = [
    "FLAG_COLUMNS",
    "HOUSEHOLD_DTYPES",
    "HOUSEHOLD_RESULT",
    "LEVELS",
    "LEVEL_COLUMNS",
    "LEVEL_LABELS_TH",
    "AreaIndex",
    "ConfigError",
    "IndexResult",
    "PovertyConfig",
    "RegisterLike",
    "area_columns",
    "area_index",
    "area_sql",
    "areas_from_rows",
    "check_levels",
    "household_arrays",
    "household_sql",
    "load_config",
    "parse_config",
    "reference_compute",
]

LEVELS = ("province", "district", "subdistrict")
LEVEL_COLUMNS = {"province": "province_code", "district": "district_code", "subdistrict": "subdistrict_code"}  # fmt: skip
LEVEL_LABELS_TH = {"national": "ทั้งประเทศ", "province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}  # fmt: skip
_LEVEL_ORDER = {"national": 0, "province": 1, "district": 2, "subdistrict": 3}

# Nullable 0/1 flags: -1 in numpy, NULL in Parquet/SQL; NULL is "not applicable", never deprived.
FLAG_COLUMNS = tables.FLAG_COLUMNS


# ── SQL (one text for DuckDB and Spark SQL) ─────────────────────────────────────────────────


def household_sql(config: PovertyConfig, households: str = "households", members: str = "members") -> str:  # fmt: skip
    """One row per household: codes, n_members, points, deprived (bitmask), af_poor, tpmap_poor.

    Reads tables `households` and `members`. The rows stay narrow on purpose: each indicator is a
    bit of `deprived`, not a column of its own, and members fold into one BIT_OR per household, so
    36 M people fit in about a tenth of the memory that one column per indicator took.
    """
    member_parts = ["CAST(COUNT(*) AS BIGINT) AS n_members"]
    member_bits: list[str] = []
    hh_bits: list[str] = []
    for i, ind in enumerate(config.indicators):
        rule, bit = ind.rule, f"CAST({1 << i} AS BIGINT)"
        if rule.scope == "household":
            test = " AND ".join(c.sql("h.") for c in (*rule.where, rule.failure()))
            hh_bits.append(f"CASE WHEN {test} THEN {bit} ELSE 0 END")
        elif rule.scope == "member":
            test = " AND ".join(c.sql() for c in (*rule.where, rule.failure()))
            member_bits.append(f"CASE WHEN {test} THEN {bit} ELSE 0 END")
        else:  # per_person: integer comparison, total < amount × members
            member_parts.append(f"SUM(CAST({rule.column} AS BIGINT)) AS s_{i}")
            assert rule.below is not None
            hh_bits.append(
                f"CASE WHEN COALESCE(m.s_{i}, 0) < {_literal(rule.below)} * "
                f"COALESCE(m.n_members, 0) THEN {bit} ELSE 0 END"
            )
    if member_bits:  # distinct powers of two: their sum is their OR
        member_parts.append(f"BIT_OR({' + '.join(member_bits)}) AS bits")
        hh_bits.append("COALESCE(m.bits, CAST(0 AS BIGINT))")
    deprived = " + ".join(hh_bits) or "CAST(0 AS BIGINT)"
    points = " + ".join(
        f"CASE WHEN {_has(1 << i)} THEN {p} ELSE 0 END" for i, p in enumerate(config.points)
    )
    return f"""WITH m AS (
  SELECT hh_id, {", ".join(member_parts)}
  FROM {members} GROUP BY hh_id
), d AS (
  SELECT h.hh_id AS hh_id, h.province_code AS province_code, h.district_code AS district_code,
    h.subdistrict_code AS subdistrict_code, CAST(COALESCE(m.n_members, 0) AS INT) AS n_members,
    CAST({deprived} AS BIGINT) AS deprived
  FROM {households} h LEFT JOIN m ON h.hh_id = m.hh_id
), s AS (
  SELECT hh_id, province_code, district_code, subdistrict_code, n_members, deprived,
    CAST({points or "0"} AS INT) AS points
  FROM d
)
SELECT hh_id, province_code, district_code, subdistrict_code, n_members, points, deprived,
  CAST(CASE WHEN points >= {config.cutoff} THEN 1 ELSE 0 END AS TINYINT) AS af_poor,
  CAST(CASE WHEN deprived <> 0 THEN 1 ELSE 0 END AS TINYINT) AS tpmap_poor
FROM s"""


def _has(mask: int) -> str:
    """SQL: the household's deprivation bitmask shares a bit with `mask` (DuckDB and Spark)."""
    return f"(deprived & CAST({mask} AS BIGINT)) <> 0"


def _flag(mask: int) -> str:
    return f"CASE WHEN {_has(mask)} THEN 1 ELSE 0 END"


def area_columns(config: PovertyConfig) -> list[str]:
    """Names of the integer columns `area_sql` returns after `level` and `code`."""
    n, m = len(config.indicators), len(config.dimensions)
    return [
        *_SCALAR_COUNTS,
        *(f"c_{i}" for i in range(n)),
        *(f"ch_{i}" for i in range(n)),
        *(f"u_{i}" for i in range(n)),
        *(f"uh_{i}" for i in range(n)),
        *(f"t_{j}" for j in range(m)),
        *(f"th_{j}" for j in range(m)),
    ]


_SCALAR_COUNTS = (
    "people", "households", "af_poor_people", "af_poor_households", "tpmap_poor_people",
    "tpmap_poor_households", "poor_points", "poor_points_households",
)  # fmt: skip


def area_sql(
    config: PovertyConfig, levels: Sequence[str] = LEVELS, source: str = "household_index"
) -> str:
    """Integer counts per area (national plus each level) over the `household_sql` rows.

    Every count depends on a household only through its sub-district, deprivation bitmask and
    size, so one scan first counts households and people per (sub-district, bitmask) pattern —
    far fewer rows than households — and the per-indicator sums run over those patterns. Coarser
    levels are sums of their sub-districts (integer sums, so exact), not scans of their own.
    """
    levels = check_levels(levels)
    n = len(config.indicators)
    exprs = {
        "people": "ppl",
        "households": "hh",
        "af_poor_people": "af_poor * ppl",
        "af_poor_households": "af_poor * hh",
        "tpmap_poor_people": "tpmap_poor * ppl",
        "tpmap_poor_households": "tpmap_poor * hh",
        "poor_points_households": "af_poor * points * hh",
        "poor_points": "af_poor * points * ppl",
    }
    for i in range(n):
        d = _flag(1 << i)
        exprs[f"c_{i}"] = f"af_poor * {d} * ppl"
        exprs[f"ch_{i}"] = f"af_poor * {d} * hh"
        exprs[f"u_{i}"] = f"{d} * ppl"
        exprs[f"uh_{i}"] = f"{d} * hh"
    for j in range(len(config.dimensions)):
        t = _flag(sum(1 << i for i in range(n) if config.dimension_of[i] == j))
        exprs[f"t_{j}"] = f"{t} * ppl"
        exprs[f"th_{j}"] = f"{t} * hh"
    columns = area_columns(config)
    codes = ", ".join(LEVEL_COLUMNS[level] for level in LEVELS)
    keys = f"{codes}, deprived, points, af_poor, tpmap_poor"
    per_sub = ",\n    ".join(
        f"CAST(SUM(CAST({exprs[c]} AS BIGINT)) AS BIGINT) AS {c}" for c in columns
    )
    rolled = ",\n  ".join(f"CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}" for c in columns)
    parts = [f"SELECT 'national' AS level, CAST(0 AS BIGINT) AS code,\n  {rolled}\nFROM sub"]
    for level in levels:
        col = LEVEL_COLUMNS[level]
        parts.append(
            f"SELECT '{level}' AS level, CAST({col} AS BIGINT) AS code,\n  {rolled}\n"
            f"FROM sub GROUP BY {col}"
        )
    union = "\nUNION ALL\n".join(parts)
    return f"""WITH pattern AS (
  SELECT {keys}, CAST(COUNT(*) AS BIGINT) AS hh, CAST(SUM(n_members) AS BIGINT) AS ppl
  FROM {source} GROUP BY {keys}
), sub AS (
  SELECT {codes},
    {per_sub}
  FROM pattern GROUP BY {codes}
)
{union}"""


def check_levels(levels: Sequence[str]) -> tuple[str, ...]:
    """Validate area levels; national is always included."""
    if isinstance(levels, str):
        levels = (levels,)
    bad = [lv for lv in levels if lv not in LEVEL_COLUMNS]
    if bad:
        raise ValueError(f"unknown level(s) {bad}; choose from {', '.join(LEVELS)}")
    return tuple(lv for lv in LEVELS if lv in levels)


# ── from integers to indices (shared by every engine) ───────────────────────────────────────


def _ratio(num: int, den: int) -> Fraction:
    return Fraction(num, den) if den else Fraction(0)


@dataclass(frozen=True)
class AreaIndex:
    """One area's integer counts and the exact indices derived from them.

    People counts weigh each household by its members; `*_households` count households.
    `censored_*` count the deprived among the AF-poor; `deprived_*` count all the deprived.
    """

    level: str
    code: int
    people: int
    households: int
    af_poor_people: int
    af_poor_households: int
    tpmap_poor_people: int
    tpmap_poor_households: int
    poor_points: int
    poor_points_households: int
    censored_people: tuple[int, ...]
    censored_households: tuple[int, ...]
    deprived_people: tuple[int, ...]
    deprived_households: tuple[int, ...]
    tpmap_dimension_people: tuple[int, ...]
    tpmap_dimension_households: tuple[int, ...]
    denominator: int
    # derived, exact
    headcount: Fraction = field(default=Fraction(0))  # H
    intensity: Fraction = field(default=Fraction(0))  # A
    mpi: Fraction = field(default=Fraction(0))  # M0 = H × A
    headcount_households: Fraction = field(default=Fraction(0))
    intensity_households: Fraction = field(default=Fraction(0))
    mpi_households: Fraction = field(default=Fraction(0))
    censored_headcount: tuple[Fraction, ...] = ()
    uncensored_headcount: tuple[Fraction, ...] = ()
    contribution: tuple[Fraction, ...] = ()  # percent of MPI from each indicator; sums to 100
    tpmap_rate: Fraction = field(default=Fraction(0))
    tpmap_rate_households: Fraction = field(default=Fraction(0))
    tpmap_dimension_rate: tuple[Fraction, ...] = ()

    def counts(self) -> dict[str, int]:
        """The integer counts an engine returned, named as in `area_columns`."""
        out = {name: getattr(self, name) for name in _SCALAR_COUNTS}
        for prefix, values in (
            ("c", self.censored_people), ("ch", self.censored_households),
            ("u", self.deprived_people), ("uh", self.deprived_households),
            ("t", self.tpmap_dimension_people), ("th", self.tpmap_dimension_households),
        ):  # fmt: skip
            out.update((f"{prefix}_{i}", v) for i, v in enumerate(values))
        return out

    def as_dict(self, config: PovertyConfig | None = None) -> dict[str, Any]:
        """Counts and indices as JSON-ready numbers (fractions as floats), keyed by indicator."""
        keys = config.indicator_keys() if config else tuple(map(str, range(len(self.contribution))))  # fmt: skip
        dims = (
            tuple(d.key for d in config.dimensions)
            if config
            else tuple(map(str, range(len(self.tpmap_dimension_people))))
        )
        out: dict[str, Any] = {"level": self.level, "code": self.code}
        for name in _SCALAR_COUNTS:
            out[name] = getattr(self, name)
        for name in ("headcount", "intensity", "mpi", "headcount_households", "intensity_households", "mpi_households", "tpmap_rate", "tpmap_rate_households"):  # fmt: skip
            out[name] = float(getattr(self, name))
        out["indicators"] = {
            key: {
                "censored_people": self.censored_people[i],
                "deprived_people": self.deprived_people[i],
                "censored_headcount": float(self.censored_headcount[i]),
                "uncensored_headcount": float(self.uncensored_headcount[i]),
                "contribution_pct": float(self.contribution[i]),
            }
            for i, key in enumerate(keys)
        }
        out["tpmap_dimensions"] = {
            key: {
                "people": self.tpmap_dimension_people[j],
                "rate": float(self.tpmap_dimension_rate[j]),
            }  # fmt: skip
            for j, key in enumerate(dims)
        }
        return out


def area_index(level: str, code: int, counts: Mapping[str, int], config: PovertyConfig) -> AreaIndex:  # fmt: skip
    """The one function that turns an area's integer counts into exact indices."""
    n, m, big_d = len(config.indicators), len(config.dimensions), config.denominator
    c = {name: int(value) for name, value in counts.items()}
    people, hh = c["people"], c["households"]
    poor, poor_hh = c["af_poor_people"], c["af_poor_households"]
    censored = tuple(c[f"c_{i}"] for i in range(n))
    uncensored = tuple(c[f"u_{i}"] for i in range(n))
    tpmap_dims = tuple(c[f"t_{j}"] for j in range(m))
    headcount = _ratio(poor, people)
    intensity = _ratio(c["poor_points"], poor * big_d)
    headcount_hh = _ratio(poor_hh, hh)
    intensity_hh = _ratio(c["poor_points_households"], poor_hh * big_d)
    # Contribution of indicator i = w_i · CH_i / M0 = points_i · censored_i / Σ points over poor.
    contribution = tuple(
        _ratio(100 * config.points[i] * censored[i], c["poor_points"]) for i in range(n)
    )
    return AreaIndex(
        level=level,
        code=int(code),
        people=people,
        households=hh,
        af_poor_people=poor,
        af_poor_households=poor_hh,
        tpmap_poor_people=c["tpmap_poor_people"],
        tpmap_poor_households=c["tpmap_poor_households"],
        poor_points=c["poor_points"],
        poor_points_households=c["poor_points_households"],
        censored_people=censored,
        censored_households=tuple(c[f"ch_{i}"] for i in range(n)),
        deprived_people=uncensored,
        deprived_households=tuple(c[f"uh_{i}"] for i in range(n)),
        tpmap_dimension_people=tpmap_dims,
        tpmap_dimension_households=tuple(c[f"th_{j}"] for j in range(m)),
        denominator=big_d,
        headcount=headcount,
        intensity=intensity,
        mpi=headcount * intensity,
        headcount_households=headcount_hh,
        intensity_households=intensity_hh,
        mpi_households=headcount_hh * intensity_hh,
        censored_headcount=tuple(_ratio(x, people) for x in censored),
        uncensored_headcount=tuple(_ratio(x, people) for x in uncensored),
        contribution=contribution,
        tpmap_rate=_ratio(c["tpmap_poor_people"], people),
        tpmap_rate_households=_ratio(c["tpmap_poor_households"], hh),
        tpmap_dimension_rate=tuple(_ratio(x, people) for x in tpmap_dims),
    )


def areas_from_rows(rows: Iterable[Sequence[Any]], config: PovertyConfig) -> list[AreaIndex]:
    """`area_sql` result rows (level, code, counts…) → AreaIndex list in a stable order."""
    names = area_columns(config)
    areas = [
        area_index(str(row[0]), int(row[1]), dict(zip(names, row[2:], strict=True)), config)
        for row in rows
    ]
    areas.sort(key=lambda a: (_LEVEL_ORDER[a.level], a.code))
    return areas


@dataclass(frozen=True)
class IndexResult:
    """Per-household results (numpy columns sorted by hh_id) and per-area indices."""

    config: PovertyConfig
    households: dict[str, np.ndarray]
    areas: list[AreaIndex]
    engine: str = ""

    def area(self, level: str, code: int = 0) -> AreaIndex:
        """The AreaIndex of one area (`level="national"` for the whole country)."""
        for a in self.areas:
            if a.level == level and a.code == code:
                return a
        raise KeyError((level, code))

    @property
    def national(self) -> AreaIndex:
        """The whole-country figures."""
        return self.area("national", 0)

    def same_as(self, other: IndexResult) -> bool:
        """True when households and every area are identical (engines must agree exactly)."""
        return self.areas == other.areas and all(
            np.array_equal(self.households[c], other.households[c]) for c in HOUSEHOLD_RESULT
        )


HOUSEHOLD_RESULT = ("hh_id", "points", "deprived", "af_poor", "tpmap_poor")
HOUSEHOLD_DTYPES = {"hh_id": np.int64, "points": np.int32, "deprived": np.int64, "af_poor": np.int8, "tpmap_poor": np.int8}  # fmt: skip


def household_arrays(columns: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Household result columns with fixed dtypes, so engines compare equal array by array."""
    return {c: np.asarray(columns[c]).astype(HOUSEHOLD_DTYPES[c], copy=False) for c in HOUSEHOLD_RESULT}  # fmt: skip


# ── pure-Python reference ───────────────────────────────────────────────────────────────────


class RegisterLike(Protocol):
    """Anything with `households` and `members` column dicts (e.g. synthetic.Register)."""

    @property
    def households(self) -> Mapping[str, np.ndarray]: ...

    @property
    def members(self) -> Mapping[str, np.ndarray]: ...


def _cell(table: Mapping[str, np.ndarray], column: str, row: int) -> Any:
    value = table[column][row].item()
    return None if column in FLAG_COLUMNS and value == -1 else value


def reference_compute(
    register: RegisterLike, config: PovertyConfig, levels: Sequence[str] = LEVELS
) -> IndexResult:
    """Row-by-row Python implementation, independent of SQL; for small registers and tests."""
    levels = check_levels(levels)
    hh_t, mem_t = register.households, register.members
    n, m = len(config.indicators), len(config.dimensions)
    rows_of: dict[int, list[int]] = {}
    for r, hh_id in enumerate(mem_t["hh_id"].tolist()):
        rows_of.setdefault(hh_id, []).append(r)
    out: dict[str, list[int]] = {c: [] for c in HOUSEHOLD_RESULT}
    totals: dict[tuple[str, int], dict[str, int]] = {}
    names = area_columns(config)
    for h, hh_id in enumerate(hh_t["hh_id"].tolist()):
        rows = rows_of.get(hh_id, [])
        d = [0] * n
        for i, ind in enumerate(config.indicators):
            rule, fail = ind.rule, ind.rule.failure()
            if rule.scope == "household":
                ok = all(c.holds(_cell(hh_t, c.column, h)) for c in (*rule.where, fail))
                d[i] = int(ok)
            elif rule.scope == "member":
                d[i] = int(
                    any(
                        all(c.holds(_cell(mem_t, c.column, r)) for c in (*rule.where, fail))
                        for r in rows
                    )
                )
            else:
                total = sum(int(mem_t[rule.column][r]) for r in rows)
                assert rule.below is not None
                d[i] = int(total < rule.below * len(rows))
        points = sum(p * x for p, x in zip(config.points, d, strict=True))
        af = int(points >= config.cutoff)
        tp = int(any(d))
        t = [int(any(d[i] for i in range(n) if config.dimension_of[i] == j)) for j in range(m)]
        for name, value in zip(HOUSEHOLD_RESULT, (hh_id, points, sum(x << i for i, x in enumerate(d)), af, tp), strict=True):  # fmt: skip
            out[name].append(value)
        size = len(rows)
        add = {
            "people": size, "households": 1, "af_poor_people": af * size,
            "af_poor_households": af, "tpmap_poor_people": tp * size, "tpmap_poor_households": tp,
            "poor_points": af * points * size, "poor_points_households": af * points,
        }  # fmt: skip
        for i in range(n):
            add[f"c_{i}"], add[f"ch_{i}"] = af * d[i] * size, af * d[i]
            add[f"u_{i}"], add[f"uh_{i}"] = d[i] * size, d[i]
        for j in range(m):
            add[f"t_{j}"], add[f"th_{j}"] = t[j] * size, t[j]
        keys = [("national", 0)] + [(lv, int(hh_t[LEVEL_COLUMNS[lv]][h])) for lv in levels]
        for key in keys:
            acc = totals.setdefault(key, dict.fromkeys(names, 0))
            for name, value in add.items():
                acc[name] += value
    totals.setdefault(("national", 0), dict.fromkeys(names, 0))
    order = np.argsort(np.asarray(out["hh_id"], dtype=np.int64), kind="stable")
    households = {c: np.asarray(v, dtype=HOUSEHOLD_DTYPES[c])[order] for c, v in out.items()}
    rows_out = [(lv, code, *(acc[c] for c in names)) for (lv, code), acc in totals.items()]
    return IndexResult(config, households, areas_from_rows(rows_out, config), engine="reference")

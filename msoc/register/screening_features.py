"""Inputs and labels of the risk screening (:mod:`msoc.register.screening`).

Label. A household is positive when it is poor in the *next* survey wave, whether it falls
into poverty or stays in it. Two rules are offered (``label=``), both computed by
:func:`msoc.register.engines.compute` with DuckDB on the next wave:

* ``"tpmap_poor"`` (the default): TPMAP "target poor", deprived in at least one of the 17
  จปฐ. indicators — the list the ministry's offices actually work from.
* ``"af_poor"``: Alkire–Foster poor, weighted deprivation score ≥ k. With the configured
  k = 1/3 this is very rare (about 0.1 % of synthetic households, and under 1 % in Thailand's
  published MPI), too few to fit or to evaluate a model on a province's data — which is why it
  is not the default; pass ``config.with_k("1/10")`` for a "vulnerable" label at about 10 %.

Features come from the current wave only (the household table, members aggregated per
household, and the current deprivation of each indicator): nothing from next year leaks in.
They are plain numbers built with numpy; see :data:`FEATURES` for the list and Thai labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from msoc.register.areas import province_regions
from msoc.register.indicator_config import PovertyConfig
from msoc.register.tables import Register, take

# What the model predicts: the household is poor in the next wave by this rule (see above).
LABELS = ("af_poor", "tpmap_poor")
DEFAULT_LABEL = "tpmap_poor"


@dataclass(frozen=True, slots=True)
class Feature:
    """One model input with its Thai wording when high (above average) and when low."""

    key: str
    high_th: str
    low_th: str


# Household and member features; the indicator features (one per indicator of the
# configuration, ``dep_<key>``) are added after these.
FEATURES: tuple[Feature, ...] = (
    Feature("size", "ครัวเรือนมีสมาชิกมาก", "ครัวเรือนมีสมาชิกน้อย"),
    Feature("share_elderly", "มีผู้สูงอายุในสัดส่วนสูง", "มีผู้สูงอายุในสัดส่วนต่ำ"),
    Feature("share_children", "มีเด็กในสัดส่วนสูง", "มีเด็กในสัดส่วนต่ำ"),
    Feature("elderly_alone", "มีผู้สูงอายุอยู่ลำพัง", "ไม่ใช่ผู้สูงอายุอยู่ลำพัง"),
    Feature("disabled", "มีผู้พิการ", "ไม่มีผู้พิการ"),
    Feature("chronic_ill", "มีผู้ป่วยเรื้อรัง", "ไม่มีผู้ป่วยเรื้อรัง"),
    Feature("head_elderly", "หัวหน้าครัวเรือนเป็นผู้สูงอายุ", "หัวหน้าครัวเรือนอยู่ในวัยทำงาน"),
    Feature("head_education", "หัวหน้าครัวเรือนมีการศึกษาสูง", "หัวหน้าครัวเรือนมีการศึกษาต่ำ"),
    Feature("log_income_pp", "รายได้ต่อคนสูง", "รายได้ต่อคนต่ำ"),
    Feature("share_earners", "สมาชิกมีรายได้หลายคน", "สมาชิกมีรายได้น้อยคน"),
    Feature("dep_score", "ปีนี้ขาดแคลนหลายด้าน", "ปีนี้ขาดแคลนน้อยด้าน"),
    Feature("n_deprived", "ปีนี้ไม่ผ่านเกณฑ์หลายตัวชี้วัด", "ปีนี้ไม่ผ่านเกณฑ์น้อยตัวชี้วัด"),
    Feature("tpmap_poor_now", "ปีนี้เป็นครัวเรือนเป้าหมาย (TPMAP)", "ปีนี้ไม่ใช่ครัวเรือนเป้าหมาย"),
    Feature("af_poor_now", "ปีนี้เป็นครัวเรือนยากจนหลายมิติ", "ปีนี้ไม่ยากจนหลายมิติ"),
    Feature("welfare_card", "ถือบัตรสวัสดิการแห่งรัฐ", "ไม่มีบัตรสวัสดิการแห่งรัฐ"),
    Feature("log_debt", "มีหนี้สินสูง", "มีหนี้สินต่ำ"),
    Feature("land_owned", "มีที่ดินของตนเอง", "ไม่มีที่ดินของตนเอง"),
    Feature("urban", "อยู่ในเขตเทศบาล", "อยู่นอกเขตเทศบาล"),
    Feature("region_north", "อยู่ภาคเหนือ", "ไม่ได้อยู่ภาคเหนือ"),
    Feature("region_northeast", "อยู่ภาคตะวันออกเฉียงเหนือ", "ไม่ได้อยู่ภาคตะวันออกเฉียงเหนือ"),
    Feature("region_south", "อยู่ภาคใต้", "ไม่ได้อยู่ภาคใต้"),
    Feature("deep_south", "อยู่จังหวัดชายแดนภาคใต้", "ไม่ได้อยู่จังหวัดชายแดนภาคใต้"),
    Feature("region_bangkok", "อยู่กรุงเทพมหานคร", "ไม่ได้อยู่กรุงเทพมหานคร"),
)


class ScreeningError(ValueError):
    """Training or scoring cannot proceed (no labels, mismatched configuration, bad JSON)."""


@dataclass(frozen=True, slots=True)
class _Index:
    """Per-household index results aligned with the register's household rows."""

    deprived: np.ndarray  # (n, n_indicators) int8
    score: np.ndarray  # weighted deprivation score 0–1
    af_poor: np.ndarray  # int8
    tpmap_poor: np.ndarray  # int8


def _indicators(config: PovertyConfig) -> list[tuple[str, str, float]]:
    """(key, Thai label, weight) of each indicator in configuration order."""
    out = []
    for ind in config.indicators:
        out.append((str(ind.key), str(getattr(ind, "label_th", ind.key)), float(ind.weight)))
    return out


def _compute_index(register: Register, config: PovertyConfig) -> _Index:
    """Current deprivations of every household with the DuckDB engine, in register order."""
    from msoc.register import engines

    result = engines.compute(register, config, engine="duckdb", levels=())
    hh = result.households
    order = np.argsort(hh["hh_id"], kind="stable")
    pos = np.searchsorted(hh["hh_id"][order], register.households["hh_id"])
    pos = order[np.minimum(pos, len(order) - 1)] if len(order) else pos
    if len(order) and not np.array_equal(hh["hh_id"][pos], register.households["hh_id"]):
        raise ScreeningError("ผลการคำนวณดัชนีไม่ครบทุกครัวเรือน")
    bits = np.asarray(hh["deprived"], dtype=np.int64)[pos]
    inds = _indicators(config)
    deprived = (
        np.stack([((bits >> i) & 1).astype(np.int8) for i in range(len(inds))], axis=1)
        if inds
        else np.zeros((len(pos), 0), np.int8)
    )
    weights = np.array([w for _, _, w in inds], dtype=np.float64)
    return _Index(
        deprived=deprived,
        score=deprived.astype(np.float64) @ weights,
        af_poor=np.asarray(hh["af_poor"], dtype=np.int8)[pos],
        tpmap_poor=np.asarray(hh["tpmap_poor"], dtype=np.int8)[pos],
    )


# --- features ------------------------------------------------------------------------------


def _member_rows(register: Register) -> np.ndarray:
    """For each member, the row of its household in the households table."""
    hh_ids = register.households["hh_id"]
    order = np.argsort(hh_ids, kind="stable")
    pos = np.searchsorted(hh_ids[order], register.members["hh_id"])
    return order[np.minimum(pos, max(len(order) - 1, 0))]


def _base_columns(register: Register) -> dict[str, np.ndarray]:
    """Household and member feature columns (FEATURES except those from the index)."""
    h, m = register.households, register.members
    n = register.n_households
    rows = _member_rows(register)
    age = m["age"].astype(np.int64)

    def per_household(values: np.ndarray) -> np.ndarray:
        return np.bincount(rows, weights=values.astype(np.float64), minlength=n)

    size = per_household(np.ones(len(rows)))
    safe = np.maximum(size, 1.0)
    elderly = per_household(age >= 60)
    children = per_household(age < 15)
    adults = per_household(age >= 15)
    earners = per_household((age >= 15) & (m["income_year"] > 0))
    income = per_household(m["income_year"])
    head = m["person_no"] == 1
    head_age = np.zeros(n)
    head_age[rows[head]] = age[head]
    head_edu = np.zeros(n)
    head_edu[rows[head]] = m["education"][head]
    region = _regions_of(h["province_code"])
    columns = {
        "size": size,
        "share_elderly": elderly / safe,
        "share_children": children / safe,
        "elderly_alone": ((elderly == size) & (size > 0)).astype(np.float64),
        "disabled": (per_household(m["disabled"] == 1) > 0).astype(np.float64),
        "chronic_ill": (per_household(m["chronic_ill"] == 1) > 0).astype(np.float64),
        "head_elderly": (head_age >= 60).astype(np.float64),
        "head_education": head_edu,
        "log_income_pp": np.log1p(income / safe),
        "share_earners": earners / np.maximum(adults, 1.0),
        "welfare_card": (h["welfare_card"] == 1).astype(np.float64),
        "log_debt": np.log1p(np.maximum(h["debt"].astype(np.float64), 0.0)),
        "land_owned": (h["land_owned"] == 1).astype(np.float64),
        "urban": (h["urban"] == 1).astype(np.float64),
        "region_north": (region == "north").astype(np.float64),
        "region_northeast": (region == "northeast").astype(np.float64),
        "region_south": np.isin(region, ["south", "deep_south"]).astype(np.float64),
        "deep_south": (region == "deep_south").astype(np.float64),
        "region_bangkok": (region == "bangkok").astype(np.float64),
    }
    return columns


def _regions_of(province: np.ndarray) -> np.ndarray:
    """Region name per household; one lookup table, not a Python loop over millions of rows."""
    regions = province_regions()
    names = np.array(["central", *sorted(set(regions.values()))])
    table = np.zeros(max(regions, default=0) + 1, np.int64)  # 0: "central", unknown codes
    for code, name in regions.items():
        table[code] = int(np.flatnonzero(names == name)[0])
    codes = province.astype(np.int64)
    known = (codes >= 0) & (codes < len(table))
    return names[np.where(known, table[np.where(known, codes, 0)], 0)]


def _feature_list(config: PovertyConfig) -> list[Feature]:
    """All features for a configuration: the base ones, then one per indicator."""
    out = list(FEATURES)
    for indicator in config.indicators:
        out.append(Feature(f"dep_{indicator.key}", indicator.deprived_th, indicator.met_th))
    return out


def _matrix(register: Register, config: PovertyConfig, index: _Index | None = None) -> np.ndarray:
    columns = _base_columns(register)
    index = index if index is not None else _compute_index(register, config)
    columns["dep_score"] = index.score
    columns["af_poor_now"] = index.af_poor.astype(np.float64)
    columns["tpmap_poor_now"] = index.tpmap_poor.astype(np.float64)
    # Capped: beyond four failed indicators another one says little more about next year.
    columns["n_deprived"] = np.minimum(index.deprived.sum(axis=1), 4).astype(np.float64)
    for i, (key, _, _) in enumerate(_indicators(config)):
        columns[f"dep_{key}"] = index.deprived[:, i].astype(np.float64)
    features = _feature_list(config)
    if register.n_households == 0:
        return np.zeros((0, len(features)))
    return np.column_stack([columns[f.key] for f in features])


def feature_matrix(register: Register, config: PovertyConfig) -> tuple[np.ndarray, list[str]]:
    """The feature matrix (households × features, register order) and the feature keys."""
    return _matrix(register, config), [f.key for f in _feature_list(config)]


def labels(
    wave1: Register, wave2: Register, config: PovertyConfig, label: str = DEFAULT_LABEL
) -> np.ndarray:
    """1 where a wave-1 household is poor (`label`) in wave 2, 0 if not, -1 if gone from wave 2."""
    if label not in LABELS:
        raise ScreeningError(f"unknown label {label!r}; choose from {', '.join(LABELS)}")
    nxt = _compute_index(_present(wave2, wave1), config)
    poor = nxt.af_poor if label == "af_poor" else nxt.tpmap_poor
    present_ids = _present(wave2, wave1).households["hh_id"]
    out = np.full(wave1.n_households, -1, dtype=np.int8)
    order = np.argsort(present_ids, kind="stable")
    pos = np.searchsorted(present_ids[order], wave1.households["hh_id"])
    pos = np.minimum(pos, max(len(order) - 1, 0))
    if len(order):
        found = present_ids[order][pos] == wave1.households["hh_id"]
        out[found] = poor[order[pos[found]]]
    return out


def _present(wave2: Register, wave1: Register) -> Register:
    """Wave 2 restricted to households that were in wave 1 (new households carry no label)."""
    keep = np.isin(wave2.households["hh_id"], wave1.households["hh_id"])
    return wave2 if keep.all() else take(wave2, keep)

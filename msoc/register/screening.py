"""Risk screening: which households are likely to be in multidimensional poverty next year.

The output is **advisory**. It orders households so that a province office can look first at
those most likely to need help and read why; it decides nothing, triggers nothing and is never
a reason to refuse help. A person reviews each household.

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

Model. scikit-learn logistic regression on standardised features, calibrated on a separate set
of districts with ``CalibratedClassifierCV`` over the frozen regression: isotonic by default
(the linear model's log-odds are slightly S-shaped against the truth, which Platt's sigmoid,
``method="sigmoid"``, cannot bend away: ECE ≈ 0.02 against ≈ 0.01). The risk shown is kept
within 1–99 %: a screening score never claims certainty. The regression is linear in the
log-odds, so a household's explanation is exact: each feature's contribution is its
coefficient × its standardised deviation from the training mean, and the factors that raise the
risk most are shown first. Gradient boosting (``evaluate(compare_boosting=True)``) ranks about
as well on the synthetic data and cannot be explained this simply, so it is only a comparison.

Evaluation (:func:`evaluate`) holds out whole districts (``GroupShuffleSplit``), so neither
neighbours nor the same village are on both sides of the split, and reports AUC, Brier score,
expected calibration error over 10 equal-width bins, the reliability table, and the precision in
the top 10 % of each province's list (what a province office reviewing the top of its list
finds). It also reports the AUC among households not poor now (who *fall into* poverty, the
harder part) and a baseline that ranks by the current deprivation score alone, so that the model
is judged against the obvious rule.

Models are saved as JSON (coefficients, scaler, calibration map), never pickled.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from msoc.register.areas import province_regions
from msoc.register.poverty import PovertyConfig
from msoc.register.tables import Register, take

__all__ = [
    "FEATURES",
    "Evaluation",
    "Factor",
    "ScreeningModel",
    "ScreeningError",
    "evaluate",
    "explain_rows",
    "expected_calibration_error",
    "feature_matrix",
    "labels",
    "precision_at",
    "reliability_table",
    "train",
]

FORMAT = "msoc-screening/1"
# What the model predicts: the household is poor in the next wave by this rule (see above).
LABELS = ("af_poor", "tpmap_poor")
DEFAULT_LABEL = "tpmap_poor"
# A screening score never says "certainly" or "never": the calibrated risk is kept within these.
RISK_FLOOR, RISK_CEILING = 0.01, 0.99
MIN_CLASS = 30  # fewest households of the rarer class in the fitting or the calibration set
ADVISORY_TH = "คะแนนความเสี่ยงเป็นข้อมูลประกอบการพิจารณาเท่านั้น ไม่ใช่การตัดสินสิทธิ์หรือการช่วยเหลือ"


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
class Factor:
    """One reason in a household's explanation; contribution > 0 raises the risk (log-odds)."""

    key: str
    label_th: str
    contribution: float
    value: float

    @property
    def raises_risk(self) -> bool:
        """True when this factor pushes the household up the list."""
        return self.contribution > 0

    @property
    def direction_th(self) -> str:
        """'เพิ่มความเสี่ยง' or 'ลดความเสี่ยง'."""
        return "เพิ่มความเสี่ยง" if self.raises_risk else "ลดความเสี่ยง"


# --- current deprivation (from the index engine) ------------------------------------------


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
    province = h["province_code"].astype(np.int64)
    regions = province_regions()
    region = np.array([regions.get(int(p), "central") for p in province]) if n else np.array([])
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


# --- metrics -------------------------------------------------------------------------------


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE over equal-width bins: Σ (n_b / n) · |mean predicted − observed rate| in each bin."""
    return sum(
        row["n"] / max(1, len(y)) * abs(row["mean_predicted"] - row["observed"])
        for row in reliability_table(y, p, bins)
        if row["n"]
    )


def reliability_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Per equal-width bin: range, count, mean predicted risk and observed rate."""
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    which = np.minimum((p * bins).astype(np.int64), bins - 1)
    table = []
    for b in range(bins):
        inside = which == b
        n = int(inside.sum())
        table.append(
            {
                "low": b / bins,
                "high": (b + 1) / bins,
                "n": n,
                "mean_predicted": float(p[inside].mean()) if n else math.nan,
                "observed": float(y[inside].mean()) if n else math.nan,
            }
        )
    return table


def precision_at(y: np.ndarray, p: np.ndarray, share: float = 0.1) -> float:
    """Share of positives among the top `share` of households by risk."""
    n = max(1, math.ceil(share * len(y)))
    top = np.argsort(-np.asarray(p), kind="stable")[:n]
    return float(np.asarray(y)[top].mean()) if len(y) else math.nan


def _precision_by_province(
    y: np.ndarray, p: np.ndarray, province: np.ndarray, share: float = 0.1
) -> float:
    """Each province's top `share` pooled: what province offices reviewing their lists find."""
    hits = total = 0
    for code in np.unique(province):
        inside = province == code
        n = max(1, math.ceil(share * int(inside.sum())))
        top = np.argsort(-p[inside], kind="stable")[:n]
        hits += int(y[inside][top].sum())
        total += n
    return hits / max(1, total)


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else math.nan


# --- model ---------------------------------------------------------------------------------


@dataclass
class ScreeningModel:
    """Calibrated logistic regression over standardised features; advisory scores only."""

    feature_keys: list[str]
    high_th: list[str]
    low_th: list[str]
    indicator_keys: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: dict[str, Any]
    label: str = DEFAULT_LABEL
    meta: dict[str, Any] = field(default_factory=dict)

    # -- scoring --

    def _check(self, config: PovertyConfig) -> None:
        keys = [key for key, _, _ in _indicators(config)]
        if keys != self.indicator_keys:
            raise ScreeningError("ตัวชี้วัดในการตั้งค่าไม่ตรงกับที่ใช้ฝึกแบบจำลอง")

    def _logits(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def _calibrate(self, logits: np.ndarray) -> np.ndarray:
        cal = self.calibration
        if cal["method"] == "sigmoid":
            # sklearn's Platt map: p = 1 / (1 + exp(a·f + b)).
            return 1.0 / (1.0 + np.exp(cal["a"] * logits + cal["b"]))
        if cal["method"] == "isotonic":
            return np.interp(logits, np.asarray(cal["x"]), np.asarray(cal["y"]))
        return 1.0 / (1.0 + np.exp(-logits))

    def score_matrix(self, x: np.ndarray) -> np.ndarray:
        """Calibrated risk (0.01–0.99) for a feature matrix built by :func:`feature_matrix`."""
        return np.clip(self._calibrate(self._logits(x)), RISK_FLOOR, RISK_CEILING)

    def order(self, x: np.ndarray) -> np.ndarray:
        """Row order of a feature matrix, highest risk first.

        Sorted by the regression's log-odds: the calibration map is monotone, so this is the
        order of the calibrated risk, with the ties of an isotonic map's flat steps broken by
        the finer linear score instead of by row number.
        """
        return np.argsort(-self._logits(x), kind="stable")

    def score(self, register: Register, config: PovertyConfig | None = None) -> np.ndarray:
        """Calibrated risk 0–1 per household in register order (advisory, not a decision)."""
        config = _config(config)
        self._check(config)
        return self.score_matrix(_matrix(register, config))

    def factors(self, x_row: np.ndarray, top: int = 3, min_effect: float = 0.05) -> list[Factor]:
        """Top factors of one feature row: those raising the risk first, largest first.

        Factors that move the log-odds by less than `min_effect` are left out: a list of
        near-zero "reasons" would read as if they mattered.
        """
        z = (x_row - self.mean) / self.scale
        contribution = self.coef * z
        out = [
            Factor(
                key=key,
                label_th=self.high_th[i] if z[i] > 0 else self.low_th[i],
                contribution=float(contribution[i]),
                value=float(x_row[i]),
            )
            for i, key in enumerate(self.feature_keys)
            if abs(contribution[i]) >= min_effect
        ]
        raising = sorted((f for f in out if f.contribution > 0), key=lambda f: -f.contribution)
        lowering = sorted((f for f in out if f.contribution < 0), key=lambda f: f.contribution)
        return (raising + lowering)[:top]

    def explain(
        self, register: Register, index: int, top: int = 3, config: PovertyConfig | None = None
    ) -> list[Factor]:
        """Main factors of the household at row `index`, Thai labels, risk-raising first."""
        config = _config(config)
        self._check(config)
        one = take(register, register.households["hh_id"][index : index + 1])
        return self.factors(_matrix(one, config)[0], top)

    def rank(
        self,
        register: Register,
        province_code: int,
        *,
        top: int = 3,
        limit: int | None = None,
        config: PovertyConfig | None = None,
    ) -> list[tuple[int, float, list[Factor]]]:
        """(hh_id, risk, factors) for one province's households, highest risk first; advisory."""
        config = _config(config)
        self._check(config)
        mine = take(register, register.households["province_code"] == province_code)
        x = _matrix(mine, config)
        risk = self.score_matrix(x)
        order = self.order(x)
        if limit is not None:
            order = order[:limit]
        ids = mine.households["hh_id"]
        return [(int(ids[i]), float(risk[i]), self.factors(x[i], top)) for i in order]

    # -- JSON --

    def to_json(self) -> str:
        """The model as JSON text: coefficients, scaler, calibration map (no pickle)."""
        return json.dumps(
            {
                "format": FORMAT,
                "label": self.label,
                "advisory_th": ADVISORY_TH,
                "features": [
                    {
                        "key": k,
                        "high_th": hi,
                        "low_th": lo,
                        "mean": float(mu),
                        "scale": float(sd),
                        "coef": float(c),
                    }
                    for k, hi, lo, mu, sd, c in zip(
                        self.feature_keys,
                        self.high_th,
                        self.low_th,
                        self.mean,
                        self.scale,
                        self.coef,
                        strict=True,
                    )
                ],
                "indicator_keys": self.indicator_keys,
                "intercept": self.intercept,
                "calibration": self.calibration,
                "meta": self.meta,
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> ScreeningModel:
        """A model saved by :meth:`to_json`."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ScreeningError(f"ไม่ใช่แบบจำลองคัดกรองที่รู้จัก ({data.get('format')!r})")
            feats = data["features"]
            return cls(
                feature_keys=[f["key"] for f in feats],
                high_th=[f["high_th"] for f in feats],
                low_th=[f["low_th"] for f in feats],
                indicator_keys=list(data["indicator_keys"]),
                mean=np.array([f["mean"] for f in feats], dtype=np.float64),
                scale=np.array([f["scale"] for f in feats], dtype=np.float64),
                coef=np.array([f["coef"] for f in feats], dtype=np.float64),
                intercept=float(data["intercept"]),
                calibration=dict(data["calibration"]),
                label=str(data["label"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ScreeningError):
                raise
            raise ScreeningError(f"ไฟล์แบบจำลองไม่ถูกต้อง: {exc}") from exc


def _config(config: PovertyConfig | None) -> PovertyConfig:
    if config is not None:
        return config
    from msoc.register.poverty import load_config

    return load_config()


def _fit(
    x: np.ndarray,
    y: np.ndarray,
    x_cal: np.ndarray,
    y_cal: np.ndarray,
    config: PovertyConfig,
    *,
    method: str,
    c: float,
    label: str,
) -> ScreeningModel:
    """Logistic regression on (x, y), then its calibration map on the separate (x_cal, y_cal)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator
    from sklearn.linear_model import LogisticRegression

    # Too few poor (or non-poor) households to learn from or to calibrate on: say so rather
    # than return a model whose scores would be noise (e.g. AF-poor at k = 1/3 in one province).
    for part, name in ((y, "ฝึก"), (y_cal, "ปรับเทียบ")):
        smaller = int(min(part.sum(), len(part) - part.sum()))
        if smaller < MIN_CLASS:
            raise ScreeningError(
                f"ข้อมูลชุด{name}มีครัวเรือนยากจนหรือไม่ยากจนในปีถัดไปเพียง {smaller} ครัวเรือน"
                f" (ต้องมีอย่างน้อย {MIN_CLASS}) — ใช้ข้อมูลมากขึ้น หรือเกณฑ์ tpmap_poor / ค่า k ที่ต่ำลง"
            )
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-12] = 1.0  # a constant feature: keep it, it just contributes nothing
    regression = LogisticRegression(C=c, max_iter=2000)
    regression.fit((x - mean) / scale, y)
    calibrated = CalibratedClassifierCV(FrozenEstimator(regression), method=method)
    calibrated.fit((x_cal - mean) / scale, y_cal)
    calibrator = calibrated.calibrated_classifiers_[0].calibrators[0]
    if method == "sigmoid":
        calibration: dict[str, Any] = {
            "method": "sigmoid",
            "a": float(calibrator.a_),
            "b": float(calibrator.b_),
        }
    elif method == "isotonic":
        calibration = {
            "method": "isotonic",
            "x": [float(v) for v in calibrator.X_thresholds_],
            "y": [float(v) for v in calibrator.y_thresholds_],
        }
    else:
        raise ScreeningError(f"unknown calibration method {method!r}")
    features = _feature_list(config)
    return ScreeningModel(
        feature_keys=[f.key for f in features],
        high_th=[f.high_th for f in features],
        low_th=[f.low_th for f in features],
        indicator_keys=[key for key, _, _ in _indicators(config)],
        mean=mean,
        scale=scale,
        coef=regression.coef_[0].astype(np.float64),
        intercept=float(regression.intercept_[0]),
        calibration=calibration,
        label=label,
        meta={
            "k": str(config.k),
            "n_train": int(len(y)),
            "n_calibration": int(len(y_cal)),
            "positive_rate": float(y.mean()),
            "C": c,
        },
    )


def _group_split(groups: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=share, random_state=seed)
    first, second = next(splitter.split(np.zeros(len(groups)), groups=groups))
    return first, second


@dataclass(frozen=True)
class _Data:
    x: np.ndarray
    y: np.ndarray
    district: np.ndarray
    province: np.ndarray
    poor_now: np.ndarray
    dep_score: np.ndarray


def _data(wave1: Register, wave2: Register, config: PovertyConfig, label: str) -> _Data:
    index = _compute_index(wave1, config)
    x = _matrix(wave1, config, index)
    y = labels(wave1, wave2, config, label)
    keep = y >= 0
    poor_now = index.af_poor if label == "af_poor" else index.tpmap_poor
    return _Data(
        x=x[keep],
        y=y[keep].astype(np.int64),
        district=wave1.households["district_code"][keep],
        province=wave1.households["province_code"][keep],
        poor_now=poor_now[keep],
        dep_score=index.score[keep],
    )


def _train_on(
    data: _Data,
    rows: np.ndarray,
    config: PovertyConfig,
    *,
    seed: int,
    method: str,
    c: float,
    calibration_share: float,
    label: str,
) -> ScreeningModel:
    fit_part, cal_part = _group_split(data.district[rows], calibration_share, seed + 1)
    fit_rows, cal_rows = rows[fit_part], rows[cal_part]
    return _fit(
        data.x[fit_rows],
        data.y[fit_rows],
        data.x[cal_rows],
        data.y[cal_rows],
        config,
        method=method,
        c=c,
        label=label,
    )


def train(
    wave1: Register,
    wave2: Register,
    config: PovertyConfig | None = None,
    *,
    seed: int = 0,
    method: str = "isotonic",
    c: float = 1.0,
    calibration_share: float = 0.25,
    label: str = DEFAULT_LABEL,
) -> ScreeningModel:
    """Fit wave-1 features → poor in wave 2 (`label`); calibrate on other districts; advisory."""
    config = _config(config)
    data = _data(wave1, wave2, config, label)
    return _train_on(
        data,
        np.arange(len(data.y)),
        config,
        seed=seed,
        method=method,
        c=c,
        calibration_share=calibration_share,
        label=label,
    )


@dataclass(frozen=True)
class Evaluation:
    """Held-out (by district) quality of a screening model; numbers for people to read."""

    n_train: int
    n_test: int
    test_districts: int
    positive_rate: float
    auc: float
    brier: float
    ece: float
    precision_top10: float
    precision_top10_province: float
    auc_not_poor_now: float
    baseline_auc: float
    reliability: list[dict[str, float]]
    boosting_auc: float | None = None
    boosting_brier: float | None = None
    model: ScreeningModel | None = field(default=None, repr=False)

    def summary_th(self) -> str:
        """A short Thai summary of the evaluation."""
        return (
            f"ทดสอบกับ {self.n_test:,} ครัวเรือนใน {self.test_districts} อำเภอที่ไม่ได้ใช้ฝึก: "
            f"AUC {self.auc:.3f}, Brier {self.brier:.3f}, ECE {self.ece:.3f}, "
            f"ความแม่นยำใน 10% แรกของแต่ละจังหวัด {self.precision_top10_province:.1%} "
            f"(อัตราพื้นฐาน {self.positive_rate:.1%})"
        )


def evaluate(
    wave1: Register,
    wave2: Register,
    config: PovertyConfig | None = None,
    *,
    test_share: float = 0.3,
    seed: int = 0,
    method: str = "isotonic",
    c: float = 1.0,
    calibration_share: float = 0.25,
    compare_boosting: bool = False,
    label: str = DEFAULT_LABEL,
) -> Evaluation:
    """Train on some districts, measure on the others (no area on both sides)."""
    config = _config(config)
    data = _data(wave1, wave2, config, label)
    train_rows, test_rows = _group_split(data.district, test_share, seed)
    model = _train_on(
        data,
        train_rows,
        config,
        seed=seed,
        method=method,
        c=c,
        calibration_share=calibration_share,
        label=label,
    )
    y = data.y[test_rows]
    x_test = data.x[test_rows]
    p = model.score_matrix(x_test)
    # Ranking metrics use the list's order (log-odds, see ScreeningModel.order); calibration
    # metrics use the calibrated risk that people read.
    order_score = model._logits(x_test)
    not_poor = data.poor_now[test_rows] == 0
    boosting_auc = boosting_brier = None
    if compare_boosting:
        from sklearn.ensemble import HistGradientBoostingClassifier

        booster = HistGradientBoostingClassifier(random_state=seed, max_iter=200)
        booster.fit(data.x[train_rows], data.y[train_rows])
        q = booster.predict_proba(data.x[test_rows])[:, 1]
        boosting_auc = _auc(y, q)
        boosting_brier = float(np.mean((q - y) ** 2))
    return Evaluation(
        n_train=int(len(train_rows)),
        n_test=int(len(test_rows)),
        test_districts=int(len(np.unique(data.district[test_rows]))),
        positive_rate=float(y.mean()),
        auc=_auc(y, order_score),
        brier=float(np.mean((p - y) ** 2)),
        ece=float(expected_calibration_error(y, p)),
        precision_top10=precision_at(y, order_score, 0.1),
        precision_top10_province=_precision_by_province(y, order_score, data.province[test_rows]),
        auc_not_poor_now=_auc(y[not_poor], order_score[not_poor]),
        baseline_auc=_auc(y, data.dep_score[test_rows]),
        reliability=reliability_table(y, p),
        boosting_auc=boosting_auc,
        boosting_brier=boosting_brier,
        model=model,
    )


def explain_rows(
    model: ScreeningModel, x: np.ndarray, rows: Sequence[int], top: int = 3
) -> list[list[Factor]]:
    """Factors for several rows of a feature matrix (for lists and reports)."""
    return [model.factors(x[i], top) for i in rows]

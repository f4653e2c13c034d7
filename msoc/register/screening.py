"""Risk screening: which households are likely to be in multidimensional poverty next year.

The output is **advisory**. It orders households so that a province office can look first at
those most likely to need help and read why; it decides nothing, triggers nothing and is never
a reason to refuse help. A person reviews each household.

Label and features: see :mod:`msoc.register.screening_features`. A household is positive when
it is poor in the *next* survey wave (``label=``: ``"tpmap_poor"``, the default, or
``"af_poor"``); the features come from the current wave only.

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
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from msoc.register.indicator_config import PovertyConfig
from msoc.register.screening_features import (
    DEFAULT_LABEL,
    FEATURES,
    ScreeningError,
    _compute_index,
    _feature_list,
    _indicators,
    _matrix,
    feature_matrix,
    labels,
)
from msoc.register.screening_metrics import (
    expected_calibration_error,
    precision_at,
    reliability_table,
)
from msoc.register.tables import Register, take

__all__ = [
    "FEATURES",
    "Factor",
    "ScreeningModel",
    "ScreeningError",
    "expected_calibration_error",
    "feature_matrix",
    "labels",
    "precision_at",
    "reliability_table",
    "train",
]

FORMAT = "msoc-screening/1"
# A screening score never says "certainly" or "never": the calibrated risk is kept within these.
RISK_FLOOR, RISK_CEILING = 0.01, 0.99
MIN_CLASS = 30  # fewest households of the rarer class in the fitting or the calibration set
ADVISORY_TH = "คะแนนความเสี่ยงเป็นข้อมูลประกอบการพิจารณาเท่านั้น ไม่ใช่การตัดสินสิทธิ์หรือการช่วยเหลือ"


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

    def top_factors(
        self, x: np.ndarray, top: int = 3, min_effect: float = 0.05
    ) -> tuple[np.ndarray, np.ndarray]:
        """`factors` for every row at once: feature indices (-1: none) and contributions.

        Same order as `factors`: risk-raising first, largest first, then risk-lowering, most
        lowering first; ties by feature order (stable sorts both). In blocks of rows, so that
        millions of households need no more memory than a block's sort.
        """
        block = 1 << 18
        parts = [
            self._top_block(x[i : i + block], top, min_effect) for i in range(0, len(x), block)
        ]
        if not parts:
            return np.zeros((0, top), np.int64), np.zeros((0, top))
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def _top_block(
        self, x: np.ndarray, top: int, min_effect: float
    ) -> tuple[np.ndarray, np.ndarray]:
        contribution = self.coef * ((x - self.mean) / self.scale)
        group = np.where(contribution > 0, 0, 1).astype(np.int8)
        group[np.abs(contribution) < min_effect] = 2
        key = np.where(group == 0, -contribution, contribution)
        order = np.lexsort((key, group), axis=-1)[:, :top]
        chosen = np.take_along_axis(contribution, order, axis=1)
        left_out = np.take_along_axis(group, order, axis=1) == 2
        return np.where(left_out, -1, order), np.where(left_out, 0.0, chosen)

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
    from msoc.register.indicator_config import load_config

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

    _check_classes(y, y_cal)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-12] = 1.0  # a constant feature: keep it, it just contributes nothing
    regression = LogisticRegression(C=c, max_iter=2000)
    regression.fit((x - mean) / scale, y)
    calibrated = CalibratedClassifierCV(FrozenEstimator(regression), method=method)
    calibrated.fit((x_cal - mean) / scale, y_cal)
    calibration = _calibration_map(calibrated.calibrated_classifiers_[0].calibrators[0], method)
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


def _check_classes(y: np.ndarray, y_cal: np.ndarray) -> None:
    """Too few poor (or non-poor) households to learn from or to calibrate on: say so rather
    than return a model whose scores would be noise (e.g. AF-poor at k = 1/3 in one province)."""
    for part, name in ((y, "ฝึก"), (y_cal, "ปรับเทียบ")):
        smaller = int(min(part.sum(), len(part) - part.sum()))
        if smaller < MIN_CLASS:
            raise ScreeningError(
                f"ข้อมูลชุด{name}มีครัวเรือนยากจนหรือไม่ยากจนในปีถัดไปเพียง {smaller} ครัวเรือน"
                f" (ต้องมีอย่างน้อย {MIN_CLASS}) — ใช้ข้อมูลมากขึ้น หรือเกณฑ์ tpmap_poor / ค่า k ที่ต่ำลง"
            )


def _calibration_map(calibrator: Any, method: str) -> dict[str, Any]:
    """The fitted calibrator as plain numbers (sigmoid a, b or the isotonic steps)."""
    if method == "sigmoid":
        return {"method": "sigmoid", "a": float(calibrator.a_), "b": float(calibrator.b_)}
    if method == "isotonic":
        return {
            "method": "isotonic",
            "x": [float(v) for v in calibrator.X_thresholds_],
            "y": [float(v) for v in calibrator.y_thresholds_],
        }
    raise ScreeningError(f"unknown calibration method {method!r}")


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

"""Held-out evaluation of the screening model: train on some districts, measure on the others.

The model and its training are msoc.register.screening; the metrics msoc.register.screening_metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from msoc.register.indicator_config import PovertyConfig
from msoc.register.screening import (
    DEFAULT_LABEL,
    ScreeningModel,
    _config,
    _Data,
    _data,
    _group_split,
    _train_on,
)
from msoc.register.screening_metrics import (
    _auc,
    _precision_by_province,
    expected_calibration_error,
    precision_at,
    reliability_table,
)
from msoc.register.tables import Register


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
    return _evaluate_on(
        _data(wave1, wave2, config, label),
        config,
        test_share=test_share,
        seed=seed,
        method=method,
        c=c,
        calibration_share=calibration_share,
        compare_boosting=compare_boosting,
        label=label,
    )


def train_and_evaluate(
    wave1: Register,
    wave2: Register,
    config: PovertyConfig | None = None,
    *,
    seed: int = 0,
    label: str = DEFAULT_LABEL,
) -> tuple[ScreeningModel, Evaluation]:
    """The model on the whole panel and its held-out evaluation, from one pass over the data."""
    config = _config(config)
    data = _data(wave1, wave2, config, label)
    evaluation = _evaluate_on(
        data,
        config,
        test_share=0.3,
        seed=seed,
        method="isotonic",
        c=1.0,
        calibration_share=0.25,
        compare_boosting=False,
        label=label,
    )
    model = _train_on(
        data,
        np.arange(len(data.y)),
        config,
        seed=seed,
        method="isotonic",
        c=1.0,
        calibration_share=0.25,
        label=label,
    )
    return model, evaluation


def _evaluate_on(
    data: _Data,
    config: PovertyConfig,
    *,
    test_share: float,
    seed: int,
    method: str,
    c: float,
    calibration_share: float,
    compare_boosting: bool,
    label: str,
) -> Evaluation:
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

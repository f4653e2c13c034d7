"""Quality measures of a risk score: calibration (ECE, reliability table), ranking (AUC, precision
in the top share, pooled over provinces). Used by :func:`msoc.register.screening_evaluation.evaluate`."""

from __future__ import annotations

import math

import numpy as np


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

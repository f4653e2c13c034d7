"""The screening model's record as stored and shown: its label, factors and metrics in plain JSON."""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

from msoc.register import screening, screening_evaluation


def model_label(model: Any) -> str:
    """What the model predicts, in Thai."""
    label = getattr(model, "label", screening.DEFAULT_LABEL)
    if label == "af_poor":
        return "ความเสี่ยงที่จะยากจนหลายมิติ (Alkire-Foster) ในปีถัดไป"
    return "ความเสี่ยงที่จะเป็นคนจนเป้าหมาย (TPMAP) ในปีถัดไป"


def factor_record(factor: screening.Factor) -> dict[str, Any]:
    return {
        "key": factor.key,
        "label": factor.label_th,
        "effect": round(factor.contribution, 3),
        "direction": factor.direction_th,
    }


def metrics_record(evaluation: screening_evaluation.Evaluation, trained_on: str) -> dict[str, Any]:
    data = {
        f.name: _finite(getattr(evaluation, f.name))
        for f in fields(evaluation)
        if f.name != "model"
    }
    data["trained_on"] = trained_on
    data["summary"] = evaluation.summary_th()
    return data


def _finite(value: Any) -> Any:
    """NaN and infinities (e.g. an AUC with one class) are stored as None: JSON has no NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value

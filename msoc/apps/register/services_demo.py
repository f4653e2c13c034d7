"""Synthetic registers for demos, tests and benchmarks, and training the screening model.

Nothing here is real personal data: names, birth dates and ID numbers come from
msoc.register.synthetic, whose ID numbers all start with 0 so none can be a citizen's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from msoc.apps.accounts.audit import Actor
from msoc.apps.register.actions import do_store_register
from msoc.apps.register.indices import do_store_screening, stored_register
from msoc.apps.register.models import ScreeningModelRecord
from msoc.register import poverty, screening, synthetic
from msoc.register.tables import Register, take


def synthetic_codes(register: Register) -> list[str]:
    """House codes of a synthetic register: S<year>-<sub-district>-<id>."""
    h = register.households
    return [
        f"S{int(y)}-{int(s)}-{int(i):07d}"
        for y, s, i in zip(h["year"], h["subdistrict_code"], h["hh_id"], strict=True)
    ]


def household_addresses(register: Register, people: dict[str, np.ndarray]) -> dict[str, list[str]]:
    """House and village numbers per household, taken from its first member's row."""
    first = np.unique(register.members["hh_id"], return_index=True)
    row_of = dict(zip(first[0].tolist(), first[1].tolist(), strict=True))
    rows = [row_of[int(hh)] for hh in register.households["hh_id"]]
    return {
        "house_no": [str(people["house_no"][r]) for r in rows],
        "village_no": [str(people["village_no"][r]) for r in rows],
    }


def do_generate_register(
    provinces: Sequence[int],
    households: int,
    *,
    seed: int = 2568,
    year: int = 2568,
    actor: Actor = None,
) -> dict[str, int]:
    """Generate a synthetic register for some provinces and store it (origin 'synthetic')."""
    start = _next_id()
    register = synthetic.generate(
        households, seed=seed, provinces=list(provinces), year=year, start_id=start
    )
    people = synthetic.people(register, seed=seed)
    return do_store_register(
        register,
        {k: list(v) for k, v in people.items()},
        codes=synthetic_codes(register),
        addresses=household_addresses(register, people),
        origin="synthetic",
        source=f"synthetic seed={seed}",
        actor=actor,
    )


def _next_id() -> int:
    """Synthetic ids continue after the stored ones so codes stay unique across runs."""
    from msoc.apps.register.models import Household

    last = Household.objects.filter(origin="synthetic").order_by("-pk").first()
    if last is None:
        return 1
    try:
        return int(last.code.rsplit("-", 1)[1]) + 1
    except (IndexError, ValueError):
        return last.pk + 1_000_000


def train_panel(
    provinces: Sequence[int], *, households: int = 20000, seed: int = 7
) -> tuple[Register, Register]:
    """A synthetic two-wave panel of the provinces, for training when no real panel exists."""
    wave1 = synthetic.generate(households, seed=seed, provinces=list(provinces))
    return wave1, synthetic.next_wave(wave1, seed=seed + 1)


def do_screen_register(
    *,
    wave1: Register,
    wave2: Register,
    trained_on: str,
    year: int | None = None,
    actor: Actor = None,
) -> ScreeningModelRecord:
    """Evaluate on held-out districts, train on the whole panel, score the stored register."""
    config = poverty.load_config()
    evaluation = screening.evaluate(wave1, wave2, config)
    model = screening.train(wave1, wave2, config)
    stored, _ = stored_register(year=year)
    if stored.n_households == 0:
        raise ValueError("ไม่มีครัวเรือนในทะเบียนให้คัดกรอง")
    scores = model.score(stored, config)
    x, _names = screening.feature_matrix(stored, config)
    factors = [[_factor(f) for f in model.factors(x[i], 3)] for i in range(len(scores))]
    metrics = _metrics(evaluation, trained_on)
    return do_store_screening(
        model.to_json(),
        metrics,
        label=model_label(model),
        scores=scores,
        hh_ids=stored.households["hh_id"],
        factors=factors,
        actor=actor,
    )


def model_label(model: Any) -> str:
    """What the model predicts, in Thai."""
    label = getattr(model, "label", screening.DEFAULT_LABEL)
    if label == "af_poor":
        return "ความเสี่ยงที่จะยากจนหลายมิติ (Alkire-Foster) ในปีถัดไป"
    return "ความเสี่ยงที่จะเป็นคนจนเป้าหมาย (TPMAP) ในปีถัดไป"


def _factor(factor: screening.Factor) -> dict[str, Any]:
    return {
        "key": factor.key,
        "label": factor.label_th,
        "effect": round(factor.contribution, 3),
        "direction": factor.direction_th,
    }


def _metrics(evaluation: screening.Evaluation, trained_on: str) -> dict[str, Any]:
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


def province_sample(register: Register, province: int) -> Register:
    """The households of one province."""
    return take(register, register.households["province_code"] == province)

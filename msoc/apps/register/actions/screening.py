"""Writes of screening: a model trained and evaluated, every household scored, with its audit event."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.models import Household, ScreeningModelRecord, ScreeningScore
from msoc.apps.register.screening import factor_record, metrics_record, model_label
from msoc.apps.register.stored_columns import stored_register
from msoc.progress import Step, quiet
from msoc.register import poverty, screening, screening_evaluation
from msoc.register.tables import Register


def do_screen_register(
    *,
    wave1: Register,
    wave2: Register,
    trained_on: str,
    year: int | None = None,
    actor: Actor = None,
    step: Step = quiet,
) -> ScreeningModelRecord:
    """Evaluate on held-out districts, train on the whole panel, score the stored register."""
    config = poverty.load_config()
    step("ฝึกและประเมินแบบจำลอง")
    model, evaluation = screening_evaluation.train_and_evaluate(wave1, wave2, config)
    step("อ่านทะเบียนและคำนวณคะแนน")
    stored = stored_register(year=year)
    if stored.n_households == 0:
        raise ValueError("ไม่มีครัวเรือนในทะเบียนให้คัดกรอง")
    x, _names = screening.feature_matrix(stored, config)
    scores = model.score_matrix(x)
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[model.order(x)] = np.arange(1, len(scores) + 1)
    step("หาปัจจัยของแต่ละครัวเรือน")
    factors = [[factor_record(f) for f in model.factors(x[i], 3)] for i in range(len(scores))]
    metrics = metrics_record(evaluation, trained_on)
    step("บันทึกคะแนน")
    return do_store_screening(
        model.to_json(),
        metrics,
        label=model_label(model),
        scores=scores,
        ranks=ranks,
        hh_ids=stored.households["hh_id"],
        factors=factors,
        actor=actor,
    )


@transaction.atomic
def do_store_screening(
    model_json: str,
    metrics: dict[str, Any],
    *,
    label: str,
    scores: np.ndarray,
    ranks: np.ndarray,
    hh_ids: np.ndarray,
    factors: Sequence[list[dict[str, Any]]],
    actor: Actor = None,
) -> ScreeningModelRecord:
    """Store a trained screening model, its held-out evaluation and every household's score."""
    now = timezone.now()
    model = ScreeningModelRecord.objects.create(
        trained_at=now, label=label, metrics=metrics, parameters=json.loads(model_json)
    )
    ScreeningScore.objects.filter(household_id__in=[int(x) for x in hh_ids]).delete()
    ScreeningScore.objects.bulk_create(
        [
            ScreeningScore(
                household_id=int(hh),
                model=model,
                score=float(score),
                rank=int(rank),
                factors=list(factor),
                computed_at=now,
            )
            for hh, score, rank, factor in zip(hh_ids, scores, ranks, factors, strict=True)
        ],
        batch_size=2000,
    )
    fill_score_provinces(ScreeningScore.objects.filter(model=model))
    record(
        actor,
        "register.screening.store",
        "register.ScreeningModelRecord",
        model.pk,
        households=len(hh_ids),
        metrics={k: v for k, v in metrics.items() if isinstance(v, int | float)},
    )
    return model


def fill_score_provinces(scores: Any) -> None:
    """Copy each scored household's province onto its score (the screening list's index)."""
    province = Household.objects.filter(pk=OuterRef("household_id")).values("province_code")
    scores.update(province_code=Subquery(province[:1]))

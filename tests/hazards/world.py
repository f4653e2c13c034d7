"""A register for the hazard tests: synthetic households of นครราชสีมา and ชัยภูมิ, indices,
advisory scores, and the expected ranking computed independently of the SQL, in Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import timezone

KORAT, CHAIYAPHUM = 19, 25


@dataclass
class World:
    """Two districts of นครราชสีมา with the most households, and one district of ชัยภูมิ."""

    districts: list[int]
    other_district: int  # a third district of นครราชสีมา, outside the hazard
    chaiyaphum_district: int


def make_world() -> World:
    """Store the register, compute its indices and give every household an advisory score."""
    from msoc.apps.register.actions.indices import do_compute_indices
    from msoc.apps.register.actions.synthetic import do_generate_register
    from msoc.apps.register.models import Household, ScreeningModelRecord, ScreeningScore

    do_generate_register([KORAT], 400, seed=21)
    do_generate_register([CHAIYAPHUM], 120, seed=22)
    do_compute_indices(year=2568)
    model = ScreeningModelRecord.objects.create(
        trained_at=timezone.now(), label="ทดสอบ", metrics={}, parameters={}
    )
    households = list(Household.objects.order_by("pk"))
    rng = np.random.default_rng(5)
    scores = rng.random(len(households))
    order = np.argsort(-scores)
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(1, len(order) + 1)
    ScreeningScore.objects.bulk_create(
        ScreeningScore(
            household=h,
            model=model,
            score=float(s),
            rank=int(r),
            factors=[],
            computed_at=timezone.now(),
        )
        for h, s, r in zip(households, scores, rank, strict=True)
    )
    counts = Counter(
        Household.objects.filter(province_code=KORAT).values_list("district_code", flat=True)
    )
    ranked = [d for d, _ in counts.most_common()]
    chaiyaphum = Counter(
        Household.objects.filter(province_code=CHAIYAPHUM).values_list("district_code", flat=True)
    ).most_common(1)[0][0]
    return World(districts=ranked[:2], other_district=ranked[2], chaiyaphum_district=chaiyaphum)


def expected_ranking(households: Any) -> list[tuple[str, int, tuple[str, ...]]]:
    """(code, need, reasons) of households in visit order, computed from the ORM in Python."""
    from msoc.apps.register.models import HouseholdIndex, Member, ScreeningScore
    from msoc.hazards.impact import ELDERLY_AGE, NEEDS, RISK_THRESHOLD, UNDER_FIVE

    out = []
    for h in households:
        members = list(Member.objects.filter(household=h, active=True))
        index = HouseholdIndex.objects.filter(household=h).order_by("-year").first()
        score = ScreeningScore.objects.filter(household=h).values_list("score", flat=True).first()
        flags = {
            "bedridden": any(m.disabled and m.chronic_ill for m in members),
            "elderly_alone": bool(members) and min(m.age for m in members) >= ELDERLY_AGE,
            "disabled": any(m.disabled for m in members),
            "under_five": any(m.age < UNDER_FIVE for m in members),
            "tpmap": bool(index and index.tpmap_poor),
            "risk": score is not None and score >= RISK_THRESHOLD,
        }
        need = sum(weight for key, weight, _ in NEEDS if flags[key])
        reasons = tuple(label for key, _, label in NEEDS if flags[key])
        out.append((-need, -(score or 0.0), h.code, need, reasons))
    out.sort()
    return [(code, need, reasons) for _, _, code, need, reasons in out]

"""The register's indices and screening scores: read the stored register as columns, compute, store.

The computation itself is msoc.register (framework-free, DuckDB or Spark); this module moves data
between it and the database. Writes follow the actions.py rule: one transaction, one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.models import (
    HOUSEHOLD_FLAGS,
    MEMBER_FLAGS,
    AreaIndex,
    Household,
    HouseholdIndex,
    Member,
    ScreeningModelRecord,
    ScreeningScore,
)
from msoc.progress import Step, quiet
from msoc.register import poverty
from msoc.register.areas import default_areas
from msoc.register.engines import compute
from msoc.register.incremental import IncrementalIndex, sum_areas
from msoc.register.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, Register

_FLAG = {True: 1, False: 0, None: -1}


def _column(rows: Sequence[Sequence[Any]], i: int, dtype: np.dtype, flag: bool) -> np.ndarray:
    values = [_FLAG[r[i]] if flag else int(r[i]) for r in rows]
    return np.asarray(values, dtype=dtype)


def stored_register(*, year: int | None = None, provinces: Sequence[int] | None = None) -> Register:
    """The stored register (current members of unmerged households) as columns; hh_id = pk."""
    households = Household.objects.filter(merged_into__isnull=True)
    if year is not None:
        households = households.filter(year=year)
    if provinces:
        households = households.filter(province_code__in=list(provinces))
    h_names = ["pk" if c == "hh_id" else c for c in HOUSEHOLD_COLUMNS]
    h_rows = list(households.order_by("pk").values_list(*h_names))
    m_names = ["household_id" if c == "hh_id" else c for c in MEMBER_COLUMNS]
    m_rows = list(
        Member.objects.filter(active=True, household__in=households)
        .order_by("household_id", "person_no")
        .values_list(*m_names)
    )
    h = {
        name: _column(h_rows, i, dtype, name in HOUSEHOLD_FLAGS)
        for i, (name, dtype) in enumerate(HOUSEHOLD_COLUMNS.items())
    }
    m = {
        name: _column(m_rows, i, dtype, name in MEMBER_FLAGS)
        for i, (name, dtype) in enumerate(MEMBER_COLUMNS.items())
    }
    return Register(h, m).validate()


def area_province(level: str, code: int) -> int | None:
    """The province an area lies in (None for the whole register)."""
    areas = default_areas()
    if level == "province":
        return code
    if level == "district":
        return areas.province_of_district(code)
    if level == "subdistrict":
        return areas.province_of_subdistrict(code)
    return None


def _area_name(level: str, code: int) -> str:
    areas = default_areas()
    if level == "province":
        return areas.province_name(code)
    if level == "district":
        return areas.district_name(code)
    if level == "subdistrict":
        return areas.subdistrict_name(code)
    return "ทั่วประเทศ (ทะเบียน)"


def area_detail(area: poverty.AreaIndex, config: poverty.PovertyConfig) -> dict[str, Any]:
    """Per indicator and per dimension figures of an area, as the pages and exports show them."""
    return {
        "indicators": [
            {
                "code": ind.key,
                "label": ind.label_th,
                "dimension": ind.dimension,
                "censored": float(area.censored_headcount[i]),
                "uncensored": float(area.uncensored_headcount[i]),
                "contribution": float(area.contribution[i]),
                "censored_people": area.censored_people[i],
            }
            for i, ind in enumerate(config.indicators)
        ],
        "dimensions": [
            {
                "code": dim.key,
                "label": dim.label_th,
                "tpmap_people": area.tpmap_dimension_people[j],
                "tpmap_rate": float(area.tpmap_dimension_rate[j]),
            }
            for j, dim in enumerate(config.dimensions)
        ],
        "counts": area.counts(),
        "exact": {"H": str(area.headcount), "A": str(area.intensity), "MPI": str(area.mpi)},
    }


@transaction.atomic
def do_compute_indices(
    *,
    year: int,
    engine: str = "duckdb",
    config: poverty.PovertyConfig | None = None,
    actor: Actor = None,
    step: Step = quiet,
) -> poverty.IndexResult:
    """Compute the indices of one survey year's register and store households and areas."""
    config = config or poverty.load_config()
    step("อ่านทะเบียน")
    register = stored_register(year=year)
    if register.n_households == 0:
        raise ValueError(f"ไม่มีครัวเรือนของปีสำรวจ {year} ในทะเบียน")
    step(f"คำนวณดัชนี ({engine})")
    result = compute(register, config, engine=engine)
    now = timezone.now()
    step("บันทึกดัชนีครัวเรือน")
    HouseholdIndex.objects.filter(year=year).delete()
    _store_households(result.households, config, year, now)
    step("บันทึกดัชนีพื้นที่")
    AreaIndex.objects.filter(year=year).delete()
    _store_areas(result.areas, config, year, now)
    national = result.national
    record(
        actor,
        "register.indices.compute",
        "register.AreaIndex",
        "",
        year=year,
        engine=engine,
        households=national.households,
        people=national.people,
        mpi=str(national.mpi),
    )
    return result


def indexed_provinces(codes: Sequence[str]) -> set[tuple[int, int]]:
    """(year, province) of the stored households with these codes: read before an import
    overwrites them, since a household that moves province or year leaves a stale index there."""
    rows = Household.objects.filter(code__in=list(codes)).values_list("year", "province_code")
    return {(int(y), int(p)) for y, p in rows.distinct()}


@transaction.atomic
def do_update_indices(
    touched: Iterable[tuple[int, int]],
    *,
    engine: str = "duckdb",
    config: poverty.PovertyConfig | None = None,
    actor: Actor = None,
) -> list[poverty.AreaIndex]:
    """Re-index only the touched (year, province) pairs of years already indexed, then re-sum
    the national row from the stored province rows (msoc.register.incremental); its rows."""
    config = config or poverty.load_config()
    by_year: dict[int, set[int]] = {}
    for year, province in touched:
        by_year.setdefault(int(year), set()).add(int(province))
    nationals = []
    for year, provinces in sorted(by_year.items()):
        if not AreaIndex.objects.filter(year=year, level="national").exists():
            continue  # never indexed: the full `do_compute_indices` does it when asked
        nationals.append(_update_year(year, provinces, engine, config))
        record(
            actor, "register.indices.update", "register.AreaIndex", "", year=year,
            engine=engine, provinces=sorted(provinces), mpi=str(nationals[-1].mpi),
        )  # fmt: skip
    return nationals


def _update_year(
    year: int, provinces: set[int], engine: str, config: poverty.PovertyConfig
) -> poverty.AreaIndex:
    now = timezone.now()
    index = IncrementalIndex(config, engine=engine)
    # Rows of households this import moved to another survey year.
    HouseholdIndex.objects.filter(year=year).exclude(household__year=year).delete()
    for province in sorted(provinces):
        HouseholdIndex.objects.filter(year=year, household__province_code=province).delete()
        AreaIndex.objects.filter(year=year, province_code=province).delete()
        part = index.update(province, stored_register(year=year, provinces=[province]))
        if part is not None:
            _store_households(part.households, config, year, now)
            _store_areas(part.areas, config, year, now)
    names = set(poverty.area_columns(config))
    stored = list(AreaIndex.objects.filter(year=year, level="province"))
    if any(set(row.detail.get("counts", {})) != names for row in stored):
        # Stored under another indicator set: sums would mix them, so index the year afresh.
        return do_compute_indices(year=year, engine=engine, config=config).national
    national = sum_areas(
        "national", 0,
        (poverty.area_index("province", r.code, r.detail["counts"], config) for r in stored),
        config,
    )  # fmt: skip
    AreaIndex.objects.filter(year=year, level="national").delete()
    _store_areas([national], config, year, now)
    return national


def _store_households(
    h: dict[str, np.ndarray], config: poverty.PovertyConfig, year: int, now: Any
) -> None:
    keys = config.indicator_keys()
    denominator = config.denominator
    rows = [
        HouseholdIndex(
            household_id=int(h["hh_id"][i]),
            year=year,
            points=int(h["points"][i]),
            score=float(Fraction(int(h["points"][i]), denominator)),
            deprived=[k for bit, k in enumerate(keys) if int(h["deprived"][i]) >> bit & 1],
            af_poor=bool(h["af_poor"][i]),
            tpmap_poor=bool(h["tpmap_poor"][i]),
            computed_at=now,
        )
        for i in range(len(h["hh_id"]))
    ]
    HouseholdIndex.objects.bulk_create(rows, batch_size=2000)


def _store_areas(
    areas: Sequence[poverty.AreaIndex], config: poverty.PovertyConfig, year: int, now: Any
) -> None:
    AreaIndex.objects.bulk_create(
        [
            AreaIndex(
                level=a.level,
                code=a.code,
                name=_area_name(a.level, a.code),
                province_code=area_province(a.level, a.code),
                year=year,
                people=a.people,
                households=a.households,
                poor_people=a.af_poor_people,
                poor_households=a.af_poor_households,
                tpmap_people=a.tpmap_poor_people,
                tpmap_households=a.tpmap_poor_households,
                headcount=float(a.headcount),
                intensity=float(a.intensity),
                mpi=float(a.mpi),
                detail=area_detail(a, config),
                computed_at=now,
            )
            for a in areas
        ],
        batch_size=1000,
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
    import json

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

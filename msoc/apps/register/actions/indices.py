"""Writes of the register's indices: a survey year computed and stored, or only the provinces an
import touched re-indexed (msoc.register.incremental), each with its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.area_figures import area_detail, area_name, area_province
from msoc.apps.register.models import AreaIndex, HouseholdIndex
from msoc.apps.register.stored_columns import stored_register
from msoc.progress import Step, quiet
from msoc.register import poverty
from msoc.register.engines import compute
from msoc.register.incremental import IncrementalIndex, sum_areas


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
                name=area_name(a.level, a.code),
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

"""Writes of the register's indices: one survey year computed and stored, with its audit event."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.indices import _area_name, area_detail, area_province, stored_register
from msoc.apps.register.models import AreaIndex, HouseholdIndex
from msoc.progress import Step, quiet
from msoc.register import poverty
from msoc.register.engines import compute


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
    _store_households(result, config, year, now)
    step("บันทึกดัชนีพื้นที่")
    _store_areas(result, config, year, now)
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


def _store_households(
    result: poverty.IndexResult, config: poverty.PovertyConfig, year: int, now: Any
) -> None:
    h = result.households
    keys = config.indicator_keys()
    denominator = config.denominator
    HouseholdIndex.objects.filter(year=year).delete()
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
    result: poverty.IndexResult, config: poverty.PovertyConfig, year: int, now: Any
) -> None:
    AreaIndex.objects.filter(year=year).delete()
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
            for a in result.areas
        ],
        batch_size=1000,
    )

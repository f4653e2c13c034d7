"""An upload re-indexes only its provinces; the stored figures then equal a full re-index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.register.actions.imports import do_import_survey
from msoc.apps.register.actions.indices import do_compute_indices
from msoc.apps.register.actions.synthetic import do_generate_register
from msoc.apps.register.models import AreaIndex, HouseholdIndex

KORAT, CHAIYAPHUM = 19, 25
EXAMPLE = Path(__file__).resolve().parents[2] / "msoc/data/register/example-survey.csv"


def _snapshot() -> tuple[list[Any], list[Any]]:
    areas = AreaIndex.objects.order_by("year", "level", "code").values_list(
        "year", "level", "code", "name", "province_code", "people", "households",
        "poor_people", "tpmap_people", "headcount", "intensity", "mpi", "detail",
    )  # fmt: skip
    households = HouseholdIndex.objects.order_by("household_id").values_list(
        "household_id", "year", "points", "score", "deprived", "af_poor", "tpmap_poor"
    )
    return list(areas), list(households)


def _rows_of(province: int) -> dict[int, Any]:
    rows = AreaIndex.objects.filter(province_code=province).values_list("pk", "computed_at")
    return dict(rows)


def _changed_example(tmp_path: Path) -> Path:
    """The example file with every Korat household's income and needs failed."""
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    province, income = header.index("จังหวัด"), header.index("รายได้ต่อปี")
    food = header.index("อาหารปลอดภัย")
    rows = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[province] == "นครราชสีมา":
            cells[income], cells[food] = "0", "0"
        rows.append(",".join(cells))
    path = tmp_path / "changed.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def test_upload_reindexes_its_provinces_only_and_equals_a_full_reindex(
    db: None, tmp_path: Path
) -> None:
    do_generate_register([KORAT], 300, seed=1)
    do_generate_register([CHAIYAPHUM], 200, seed=2)
    do_compute_indices(year=2568)
    national_before = AreaIndex.objects.get(level="national").people
    for path in (EXAMPLE, _changed_example(tmp_path)):
        chaiyaphum = _rows_of(CHAIYAPHUM)
        korat = _rows_of(KORAT)
        assert not do_import_survey(path).refused
        incremental = _snapshot()
        # Chaiyaphum's rows were not touched (same keys, same time); Korat's were replaced.
        assert _rows_of(CHAIYAPHUM) == chaiyaphum
        assert not set(_rows_of(KORAT)) & set(korat)
        do_compute_indices(year=2568)
        assert _snapshot() == incremental
    assert AreaIndex.objects.get(level="national").people > national_before
    assert AuditEvent.objects.filter(action="register.indices.update").count() == 2
    korat_poor = HouseholdIndex.objects.filter(household__province_code=KORAT, tpmap_poor=True)
    assert korat_poor.filter(household__origin="survey").exists()


def test_upload_before_any_index_leaves_indexing_to_the_full_run(db: None) -> None:
    assert not do_import_survey(EXAMPLE).refused
    assert not AreaIndex.objects.exists() and not HouseholdIndex.objects.exists()
    assert not AuditEvent.objects.filter(action="register.indices.update").exists()

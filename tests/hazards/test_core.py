"""The framework-free parts: point-in-polygon, and the impact SQL on DuckDB equal to SQLite's."""

from __future__ import annotations

import numpy as np
import pytest

from msoc.hazards.impact import Area, area_condition, impact_list
from msoc.hazards.polygon import inside


def test_points_in_a_concave_polygon() -> None:
    # An L shape: the notch (1.5, 1.5) is outside though inside the bounding box.
    ring = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]
    lon = np.array([0.5, 1.5, 0.5, 1.5, 3.0, -0.1, 1.99])
    lat = np.array([0.5, 0.5, 1.5, 1.5, 0.5, 0.5, 0.99])
    assert inside(lon, lat, ring).tolist() == [True, True, True, False, False, False, True]


def test_polygon_agrees_with_a_circle_on_random_points() -> None:
    rng = np.random.default_rng(1)
    angles = np.linspace(0, 2 * np.pi, 721)[:-1]
    ring = np.c_[100 + np.cos(angles), 15 + np.sin(angles)].tolist()
    lon, lat = 100 + rng.uniform(-1.5, 1.5, 50_000), 15 + rng.uniform(-1.5, 1.5, 50_000)
    r = np.hypot(lon - 100, lat - 15)
    got = inside(lon, lat, ring)
    clear = np.abs(r - 1) > 1e-3  # points on the edge may fall either way
    assert (got[clear] == (r[clear] < 1)).all()


def test_bad_polygons_are_refused() -> None:
    with pytest.raises(ValueError, match="อย่างน้อย"):
        inside(np.zeros(1), np.zeros(1), [[0, 0], [1, 1]])


def test_empty_area_selects_nothing() -> None:
    assert area_condition(Area()) == "1 = 0"
    assert area_condition(Area(districts=(3001, 3002))) == "(h.district_code IN (3001, 3002))"


@pytest.mark.django_db
def test_the_same_sql_gives_the_same_list_on_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    from django.db import connection

    from msoc.apps.hazards.actions import HazardFields, do_add_hazard, do_record_contact
    from msoc.apps.hazards.services import area_of, impact_of
    from msoc.apps.register.models import Household
    from tests.hazards.world import make_world

    world = make_world()
    hazard, _ = do_add_hazard(
        HazardFields(title="t", kind="flood", starts_on=__import__("datetime").date.today(),
                     districts=world.districts)
    )  # fmt: skip
    first = Household.objects.get(pk=impact_of(hazard).rows[0].household_id)
    do_record_contact(hazard, first, "visited")
    con = duckdb.connect()
    tables = {
        "register_household": "id, code, province_code, district_code, subdistrict_code, merged_into_id",
        "register_member": "household_id, age, disabled, chronic_ill, active",
        "register_householdindex": "household_id, year, tpmap_poor",
        "register_screeningscore": "household_id, score",
        "hazards_contact": "id, hazard_id, household_id, status, recorded_at",
    }
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            cursor.execute(f"SELECT {columns} FROM {table}")
            rows = cursor.fetchall()
            names = [c.strip() for c in columns.split(",")]
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM (VALUES {_values(rows)}) t({', '.join(names)})"
                        if rows else f"CREATE TABLE {table} ({', '.join(n + ' VARCHAR' for n in names)})")  # fmt: skip
    for table, column in (("register_member", "disabled"), ("register_member", "chronic_ill"),
                          ("register_member", "active"), ("register_householdindex", "tpmap_poor")):  # fmt: skip
        con.execute(f"ALTER TABLE {table} ALTER {column} TYPE BOOLEAN USING {column} = 1")
    got = impact_list(con.cursor(), area_of(hazard), hazard_id=hazard.pk)
    want = impact_of(hazard)
    assert got.rows == want.rows and got.by_status == want.by_status
    assert got.by_status["visited"] == 1


def _values(rows: list[tuple]) -> str:
    def cell(v: object) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, int | float):
            return repr(v)
        return "'" + str(v).replace("'", "''") + "'"

    return ", ".join("(" + ", ".join(cell(v) for v in row) + ")" for row in rows)

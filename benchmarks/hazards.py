"""Benchmark: who needs a visit — the impact list of one district-level hazard over a national
register on DuckDB, and point-in-polygon for a drawn area over geocoded households.

.venv/bin/python -m benchmarks.hazards                 # 4,000,000 households
.venv/bin/python -m benchmarks.hazards --households 400000
.venv/bin/python -m benchmarks hazards [--quick]

The synthetic generator makes the register (msoc.register.synthetic); it is loaded into DuckDB
tables named and typed as Django stores them, so the impact list runs the very SQL the web app
runs (msoc.hazards.impact). TPMAP flags and advisory scores are drawn at random here (their
values do not change the work). Households get synthetic coordinates scattered around their
province's centre, and a 64-vertex irregular polygon is drawn over part of นครราชสีมา. Pinned to
2 cores where the machine has more. Timings are the median of 5 runs (3 for the province) after
one warm-up. The list is timed on two layouts of the same register: households numbered in area
order (as a survey imported district by district numbers them) and in the generator's order (ids
scattered over the country, the worst case: every query reads every row group).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

HOUSEHOLDS = 4_000_000
KORAT = 19


def _pin_two_cores() -> None:
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])


def _median(fn: Callable[[], Any], runs: int = 5) -> tuple[float, Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _area_ordered(h: dict[str, np.ndarray], m: dict[str, np.ndarray]) -> tuple[dict, dict]:
    """The register renumbered in area order (province, district, sub-district), members by
    household: the layout of a register imported district by district, where DuckDB's min/max
    of each row group lets a district's query skip the rest of the country."""
    order = np.lexsort((h["hh_id"], h["subdistrict_code"], h["district_code"], h["province_code"]))
    new_id = np.empty(len(order), dtype=np.int64)
    new_id[order] = np.arange(1, len(order) + 1)
    old_sorted = np.argsort(h["hh_id"])
    member_new = new_id[old_sorted[np.searchsorted(h["hh_id"], m["hh_id"], sorter=old_sorted)]]
    m_order = np.argsort(member_new, kind="stable")
    hh = {k: v[order] for k, v in h.items()}
    hh["hh_id"] = new_id[order]
    mm = {k: v[m_order] for k, v in m.items()}
    mm["hh_id"] = member_new[m_order]
    return hh, mm


def _drop(con: Any) -> None:
    for table in TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")


TABLES = (
    "register_household",
    "register_member",
    "register_householdindex",
    "register_screeningscore",
    "hazards_contact",
)


def _load(
    con: Any, h: dict[str, np.ndarray], m: dict[str, np.ndarray], seed: int
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    con.register(
        "h_np", {k: h[k] for k in ("hh_id", "province_code", "district_code", "subdistrict_code")}
    )
    con.execute(
        "CREATE TABLE register_household AS SELECT hh_id AS id, 'S' || hh_id::VARCHAR AS code, "
        "province_code, district_code, subdistrict_code, NULL::BIGINT AS merged_into_id FROM h_np"
    )
    con.register("m_np", {"household_id": m["hh_id"], "age": m["age"], "disabled": m["disabled"],
                          "chronic_ill": m["chronic_ill"]})  # fmt: skip
    con.execute(
        "CREATE TABLE register_member AS SELECT household_id, age, disabled = 1 AS disabled, "
        "chronic_ill = 1 AS chronic_ill, TRUE AS active FROM m_np"
    )
    con.register("i_np", {"household_id": h["hh_id"], "tpmap": rng.random(len(h["hh_id"])) < 0.3})
    con.execute(
        "CREATE TABLE register_householdindex AS SELECT household_id, 2568 AS year, "
        "tpmap AS tpmap_poor FROM i_np"
    )
    con.register("s_np", {"household_id": h["hh_id"], "score": rng.random(len(h["hh_id"]))})
    con.execute("CREATE TABLE register_screeningscore AS SELECT household_id, score FROM s_np")
    con.execute(
        "CREATE TABLE hazards_contact (id BIGINT, hazard_id BIGINT, household_id BIGINT, "
        "status VARCHAR, recorded_at TIMESTAMP)"
    )
    for name in ("h_np", "m_np", "i_np", "s_np"):
        con.unregister(name)
    return {k: h[k] for k in ("hh_id", "province_code", "subdistrict_code")}


def _contacts(con: Any, district: int, hazard_id: int) -> int:
    """Follow-ups of a tenth of the district's households, so the status join has work."""
    con.execute(
        f"INSERT INTO hazards_contact SELECT row_number() OVER (), {hazard_id}, id, "
        "CASE id % 4 WHEN 0 THEN 'contacted' WHEN 1 THEN 'visited' WHEN 2 THEN 'helped' "
        f"ELSE 'unreachable' END, now() FROM register_household WHERE district_code = {district} "
        "AND id % 10 = 0"
    )
    return int(con.execute("SELECT count(*) FROM hazards_contact").fetchone()[0])


def _coordinates(h: dict[str, np.ndarray], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic points: each province a cloud around a centre on Thailand's rough outline."""
    rng = np.random.default_rng(seed + 1)
    centres = {p: (97.5 + 8 * rng.random(), 6 + 14 * rng.random()) for p in range(1, 78)}
    centres[KORAT] = (102.1, 14.97)
    cx = np.array([centres[p][0] for p in range(1, 78)])
    cy = np.array([centres[p][1] for p in range(1, 78)])
    idx = h["province_code"].astype(np.int64) - 1
    lon = cx[idx] + rng.normal(0, 0.35, len(idx))
    lat = cy[idx] + rng.normal(0, 0.35, len(idx))
    return lon, lat


def _drawn_polygon(vertices: int = 64) -> list[list[float]]:
    """An irregular closed outline about 50 km across over part of นครราชสีมา."""
    rng = np.random.default_rng(7)
    angles = np.sort(rng.uniform(0, 2 * np.pi, vertices))
    radius = 0.25 * (1 + 0.4 * rng.uniform(-1, 1, vertices))
    ring = np.c_[102.2 + radius * np.cos(angles), 15.0 + radius * np.sin(angles)]
    return [*ring.tolist(), ring[0].tolist()]


def _impact(con: Any) -> dict[str, Any]:
    """The district and province lists of นครราชสีมา on the loaded tables."""
    from msoc.hazards.impact import Area, impact_list

    district = int(
        con.execute(
            f"SELECT district_code FROM register_household WHERE province_code = {KORAT} "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    )
    contacts = _contacts(con, district, hazard_id=1)
    district_s, impact = _median(
        lambda: impact_list(con.cursor(), Area(districts=(district,)), hazard_id=1)
    )
    province_s, province = _median(
        lambda: impact_list(con.cursor(), Area(provinces=(KORAT,)), hazard_id=1), runs=3
    )
    return {
        "district": district,
        "district_households": impact.households,
        "district_vulnerable": impact.vulnerable,
        "district_contacts": contacts,
        "impact_district_s": round(district_s, 3),
        "province_households": province.households,
        "impact_province_s": round(province_s, 3),
    }


def run(quick: bool = False, households: int | None = None) -> dict[str, Any]:
    """Figures of both benchmarks: the list on two table layouts, then point-in-polygon."""
    import duckdb

    from msoc.hazards.polygon import inside
    from msoc.register.synthetic import generate

    _pin_two_cores()
    n = households or (200_000 if quick else HOUSEHOLDS)
    started = time.perf_counter()
    reg = generate(n, seed=2568)
    figures: dict[str, Any] = {
        "households": n,
        "people": len(reg.members["hh_id"]),
        "generate_s": round(time.perf_counter() - started, 1),
    }
    con = duckdb.connect(config={"threads": 2})
    h, m = _area_ordered(reg.households, reg.members)
    _load(con, h, m, seed=2568)
    figures.update({f"area_ordered_{k}": v for k, v in _impact(con).items()})
    _drop(con)
    del h, m
    points = _load(con, reg.households, reg.members, seed=2568)
    figures.update({f"generator_order_{k}": v for k, v in _impact(con).items()})
    con.close()
    lon, lat = _coordinates(points, seed=2568)
    ring = _drawn_polygon()
    pip_s, mask = _median(lambda: inside(lon, lat, ring))
    ids_s, ids = _median(lambda: points["hh_id"][inside(lon, lat, ring)])
    figures.update(
        {
            "polygon_vertices": len(ring) - 1,
            "polygon_inside": int(mask.sum()),
            "point_in_polygon_s": round(pip_s, 3),
            "polygon_ids_s": round(ids_s, 3),
            "polygon_ids": len(ids),
        }
    )
    return figures


def main() -> None:
    """Command line: the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hazards")
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    args = parser.parse_args()
    print(json.dumps(run(households=args.households), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""The synthetic register: shapes, reproducibility, plausible distributions, next wave, people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from msoc.register import (
    engines,
    poverty,
    synthetic,
    synthetic_geography,
    synthetic_livelihood,
    synthetic_people,
    synthetic_risk,
)
from msoc.register.areas import default_areas
from msoc.register.identity import check_digit, is_valid_id
from msoc.register.tables import (
    FLAG_COLUMNS,
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    MEMBER_FLAGS,
    Register,
    RegisterError,
    concat,
    read_parquet,
    take,
    to_parquet,
)

NORTH_EAST = list(range(19, 38)) + [77]
DEEP_SOUTH = [74, 75, 76]


@pytest.fixture(scope="module")
def register() -> Register:
    return synthetic.generate(40_000, seed=7)


def starts(r: Register) -> np.ndarray:
    return np.searchsorted(r.members["hh_id"], r.households["hh_id"])


def deprivation_count(r: Register) -> np.ndarray:
    """Deprived indicators per household, counted by hand (flags = 0 and low income)."""
    h, m = r.households, r.members
    first = starts(r)
    count = np.zeros(r.n_households, np.int64)
    for name in synthetic_risk.HOUSEHOLD_FLAG_MODEL:
        count += h[name] == 0
    for name in MEMBER_FLAGS:
        count += np.maximum.reduceat((m[name] == 0).astype(np.int8), first) > 0
    size = np.diff(np.append(first, r.n_people))
    income = np.add.reduceat(m["income_year"].astype(np.int64), first)
    return count + (income < synthetic_livelihood.INCOME_LINE * size)


def test_columns_and_dtypes(register: Register) -> None:
    register.validate()
    assert list(register.households) == list(HOUSEHOLD_COLUMNS)
    assert list(register.members) == list(MEMBER_COLUMNS)
    for name, dtype in {**HOUSEHOLD_COLUMNS, **MEMBER_COLUMNS}.items():
        table = register.households if name in HOUSEHOLD_COLUMNS else register.members
        assert table[name].dtype == dtype, name
    assert register.n_households == 40_000
    assert 2.3 < register.n_people / register.n_households < 2.9
    assert (register.households["year"] == 2568).all()
    hh = register.households["hh_id"]
    assert hh[0] == 1 and (np.diff(hh) == 1).all()
    # Members grouped by household, numbered 1.. with the head first.
    assert (np.diff(register.members["hh_id"]) >= 0).all()
    first = starts(register)
    assert (register.members["person_no"][first] == 1).all()


def test_reproducible_with_seed() -> None:
    a = synthetic.generate(2_000, seed=3)
    b = synthetic.generate(2_000, seed=3)
    c = synthetic.generate(2_000, seed=4)
    for name in a.members:
        assert np.array_equal(a.members[name], b.members[name])
    assert not np.array_equal(a.households["subdistrict_code"], c.households["subdistrict_code"])
    shifted = synthetic.generate(10, seed=3, start_id=1_000, year=2567)
    assert shifted.households["hh_id"][0] == 1_000
    assert (shifted.households["year"] == 2567).all()


def test_age_structure_and_prevalences(register: Register) -> None:
    age = register.members["age"]
    assert 0.13 < (age < 15).mean() < 0.20
    assert 0.56 < ((age >= 15) & (age < 60)).mean() < 0.68
    assert 0.17 < (age >= 60).mean() < 0.26
    assert age.max() <= 105
    assert 0.02 < register.members["disabled"].mean() < 0.04
    chronic = register.members["chronic_ill"]
    assert chronic[age >= 60].mean() > 3 * chronic[age < 40].mean()
    size = np.diff(np.append(starts(register), register.n_people))
    heads = register.members["age"][starts(register)]
    single_elderly = ((size == 1) & (heads >= 60)).mean()
    assert 0.05 < single_elderly < 0.15
    assert 0.25 < register.households["urban"].mean() < 0.5
    income = register.members["income_year"]
    assert (income[register.members["has_income"] != 1] == 0).all()
    assert 60_000 < np.median(income[income > 0]) < 200_000


def test_flags_only_where_applicable(register: Register) -> None:
    m = register.members
    age = m["age"]
    ranges = {
        "birth_weight_ok": (0, 0),
        "preschool": (3, 5),
        "in_school": (6, 14),
        "continued_m4": (15, 17),
        "literate": (15, 59),
    }
    for name, (low, high) in ranges.items():
        inside = (age >= low) & (age <= high)
        assert (m[name][~inside] == -1).all(), name
        assert (m[name][inside] >= 0).all(), name
    assert (m["exercises"][age < 6] == -1).all()
    assert (m["has_income"][age < 15] == -1).all()
    cared = (age >= 60) | (m["disabled"] == 1)
    assert (m["cared_for"][~cared] == -1).all() and (m["cared_for"][cared] >= 0).all()
    for name in synthetic_risk.HOUSEHOLD_FLAG_MODEL:
        assert 0.002 < (register.households[name] == 0).mean() < 0.08, name


def test_areas_are_real_and_consistent(register: Register) -> None:
    areas = default_areas()
    h = register.households
    for p, d, s in list(
        zip(h["province_code"], h["district_code"], h["subdistrict_code"], strict=True)
    )[:2000]:
        assert areas.subdistricts[int(s)][1] == d
        assert areas.districts[int(d)][1] == p
    # Every province appears, Bangkok most often (population weights).
    counts = np.bincount(h["province_code"], minlength=78)
    assert (counts[1:] > 0).all() and counts.argmax() == 1
    only = synthetic.generate(500, seed=1, provinces=[46, 74])
    assert set(np.unique(only.households["province_code"]).tolist()) == {46, 74}
    with pytest.raises(ValueError):
        synthetic.generate(5, seed=1, provinces=[99])


def test_north_east_more_deprived_than_bangkok() -> None:
    bangkok = synthetic.generate(20_000, seed=5, provinces=[1])
    north_east = synthetic.generate(20_000, seed=5, provinces=NORTH_EAST)
    deep_south = synthetic.generate(20_000, seed=5, provinces=[74, 75, 76])
    any_bkk = (deprivation_count(bangkok) > 0).mean()
    any_ne = (deprivation_count(north_east) > 0).mean()
    any_south = (deprivation_count(deep_south) > 0).mean()
    assert any_ne > 2 * any_bkk
    assert any_south > 2 * any_bkk
    assert deprivation_count(north_east).mean() > 2 * deprivation_count(bangkok).mean()


def af_poor(r: Register) -> np.ndarray:
    """Alkire-Foster poor households (k = 1/3, indicators.toml), in hh_id order."""
    return (
        engines.compute(r, poverty.load_config(), levels=("province",)).households["af_poor"] == 1
    )


def test_deprivations_cluster_in_the_same_households() -> None:
    """A shared hardship makes the poor fail several needs together: Alkire-Foster poverty at
    k = 1/3 is a few per cent of people, not a handful, ordered by region, while TPMAP's
    target poor (deprived in any indicator) stay far more numerous."""
    config = poverty.load_config()
    national = engines.compute(synthetic.generate(60_000, seed=21), config).national
    assert 0.01 < national.headcount < 0.03
    assert 0.2 < national.tpmap_poor_people / national.people < 0.4
    assert national.intensity > config.k  # the poor are deprived in well over a third
    h = {}
    for name, provinces in (("bkk", [1]), ("ne", NORTH_EAST), ("south", DEEP_SOUTH)):
        r = synthetic.generate(20_000, seed=22, provinces=provinces)
        h[name] = engines.compute(r, config, levels=("province",)).national.headcount
    assert h["bkk"] < 0.005
    assert 0.02 < h["ne"] < 0.07 and 0.02 < h["south"] < 0.07
    assert h["ne"] > 5 * h["bkk"] and h["south"] > 5 * h["bkk"]


def test_risk_factors_raise_deprivation(register: Register) -> None:
    count = deprivation_count(register)
    first = starts(register)
    rural = register.households["urban"] == 0
    elderly_head = register.members["age"][first] >= 60
    disabled = np.maximum.reduceat(register.members["disabled"], first) == 1
    assert count[rural].mean() > 1.3 * count[~rural].mean()
    assert count[elderly_head].mean() > 1.3 * count[~elderly_head].mean()
    assert count[disabled].mean() > 1.3 * count[~disabled].mean()


def test_next_wave_persistence(register: Register) -> None:
    wave2 = synthetic.next_wave(register, seed=8)
    wave2.validate()
    assert np.array_equal(wave2.households["hh_id"], register.households["hh_id"])
    assert (wave2.households["year"] == 2569).all()
    assert abs(wave2.n_people - register.n_people) < 0.02 * register.n_people
    assert (wave2.members["age"] == 0).sum() > 0  # births
    d1, d2 = deprivation_count(register) > 0, deprivation_count(wave2) > 0
    assert abs(d2.mean() - d1.mean()) < 0.2 * d1.mean()  # rates roughly stable
    # Deprived households tend to stay deprived, but not all do and others fall in.
    assert d2[d1].mean() > 3 * d2[~d1].mean()
    assert 0.4 < d2[d1].mean() < 0.95
    assert d2[~d1].mean() > 0.02
    # Alkire-Foster poverty (many deprivations at once) persists more, with some mobility.
    a1, a2 = af_poor(register), af_poor(wave2)
    assert abs(a2.mean() - a1.mean()) < 0.25 * a1.mean()
    assert 0.4 < a2[a1].mean() < 0.9
    assert a2[a1].mean() > 20 * a2[~a1].mean() and a2[~a1].any()
    assert synthetic.next_wave(register, seed=8).members["age"].sum() == wave2.members["age"].sum()


def test_people_fields(register: Register) -> None:
    small = take(register, np.arange(1, 3_001))
    people = synthetic_people.people(small, seed=9)
    assert all(len(v) == small.n_people for v in people.values())
    ids = people["national_id"]
    assert all(i.startswith("0") and is_valid_id(i) for i in ids)
    assert len(set(ids.tolist())) == len(ids)
    age, sex = small.members["age"], small.members["sex"]
    title = people["title"]
    assert set(title[(age < 15) & (sex == 1)]) == {"เด็กชาย"}
    assert set(title[(age < 15) & (sex == 2)]) == {"เด็กหญิง"}
    assert set(title[(age >= 15) & (sex == 1)]) == {"นาย"}
    assert set(title[(age >= 15) & (sex == 2)]) == {"นาง", "นางสาว"}
    survey_day = date(2568 - 543, 1, 1)
    for born, a in zip(people["birth_date"][:3000], age[:3000], strict=True):
        b = date.fromisoformat(str(born))
        assert survey_day.year - b.year - ((b.month, b.day) > (1, 1)) == a
    assert all(n and " " not in n for n in people["given_name"][:100])
    first = starts(small)
    assert (people["family_name"][first] != "").all()
    row = np.searchsorted(small.households["hh_id"], small.members["hh_id"])
    assert (people["house_no"] == people["house_no"][first][row]).all()
    assert (people["village_no"] == people["village_no"][first][row]).all()
    # 0,1,2,…,9,0,1 weighted 13..2 sums to 302; 302 mod 11 = 5; check digit 11 - 5 = 6.
    assert check_digit("012345678901") == 6
    assert is_valid_id("0123456789016")
    assert not is_valid_id("0123456789017")
    assert not is_valid_id("012345678901")


def test_parquet_round_trip(tmp_path: Path, register: Register) -> None:
    folder = to_parquet(tmp_path / "reg", register)
    back = read_parquet(folder)
    for table, other in ((register.households, back.households), (register.members, back.members)):
        for name, values in table.items():
            assert np.array_equal(values, other[name]), name
            assert other[name].dtype == values.dtype
    con = duckdb.connect()
    nulls = con.execute(
        f"SELECT count(*) FROM read_parquet('{folder / 'members.parquet'}') WHERE preschool IS NULL"
    ).fetchone()
    assert nulls is not None and nulls[0] == int((register.members["preschool"] == -1).sum())
    minus = con.execute(
        f"SELECT count(*) FROM read_parquet('{folder / 'members.parquet'}') WHERE preschool = -1"
    ).fetchone()
    assert minus == (0,)
    assert {"preschool", "food_safe"} <= FLAG_COLUMNS


def test_take_concat_and_validation(register: Register) -> None:
    part = take(register, register.households["province_code"] == 1)
    assert part.n_households == (register.households["province_code"] == 1).sum()
    assert set(np.unique(part.members["hh_id"])) == set(part.households["hh_id"])
    by_id = take(register, [1, 2, 3])
    assert by_id.n_households == 3
    again = concat([by_id, synthetic.generate(4, seed=1, start_id=100)])
    assert again.n_households == 7
    again.validate()
    broken = Register(dict(register.households), dict(register.members))
    broken.members["age"] = broken.members["age"].astype(np.int64)
    with pytest.raises(RegisterError, match="members.age"):
        broken.validate()
    missing = {k: v for k, v in register.households.items() if k != "urban"}
    with pytest.raises(RegisterError, match="urban"):
        Register(missing, register.members).validate()
    dup = concat([by_id, by_id])
    with pytest.raises(RegisterError, match="duplicate"):
        dup.validate()


def test_population_table_matches_gazetteer() -> None:
    table = synthetic_geography.province_table()
    areas = default_areas()
    assert len(table.ids) == 77
    for pid, name in zip(table.ids, table.names, strict=True):
        assert areas.province_name(int(pid)) == name
    assert 60e6 < table.population.sum() < 70e6
    assert table.population[table.ids == 1][0] > 5e6

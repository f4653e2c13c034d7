"""DuckDB and Spark run the same SQL and must agree exactly, with each other and with Python."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from msoc.register import engines
from msoc.register.indicator_config import load_config, parse_config
from msoc.register.poverty import IndexResult, reference_compute
from msoc.register.tables import Register
from tests.register.poverty_cases import (
    AF_CENSORED_K2,
    AF_EXPECTED,
    TPMAP_EXPECTED,
    af_config,
    af_register,
    synthetic_or_handmade,
    tpmap_register,
)


@pytest.fixture(scope="module")
def register() -> Register:
    """A few thousand synthetic households in four provinces."""
    return synthetic_or_handmade(3000, seed=11)


@pytest.fixture(scope="module")
def duckdb_result(register: Register) -> IndexResult:
    return engines.compute(register, load_config())


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local SparkSession for this module, stopped afterwards to give its memory back."""
    if not engines.spark_available():
        pytest.skip("Spark needs a Java runtime (java not on PATH, JAVA_HOME unset)")
    session = engines.spark_session()
    yield session
    engines.stop_spark()


def _assert_same(a: IndexResult, b: IndexResult) -> None:
    for column in ("hh_id", "points", "deprived", "af_poor", "tpmap_poor"):
        assert a.households[column].dtype == b.households[column].dtype, column
        assert np.array_equal(a.households[column], b.households[column]), column
    assert [(x.level, x.code) for x in a.areas] == [(x.level, x.code) for x in b.areas]
    for x, y in zip(a.areas, b.areas, strict=True):
        assert x == y, (x.level, x.code)
    assert a.same_as(b)


def test_reference_equals_duckdb(register: Register, duckdb_result: IndexResult) -> None:
    _assert_same(reference_compute(register, load_config()), duckdb_result)
    national = duckdb_result.national
    assert national.people == register.n_people
    assert national.households == register.n_households
    assert {a.level for a in duckdb_result.areas} == {"national", "province", "district", "subdistrict"}  # fmt: skip
    provinces = [a for a in duckdb_result.areas if a.level == "province"]
    assert sum(a.people for a in provinces) == national.people
    assert sum(a.poor_points for a in provinces) == national.poor_points
    if national.poor_points:
        assert sum(national.contribution) == 100


def test_duckdb_reads_parquet_like_numpy(
    register: Register, duckdb_result: IndexResult, tmp_path: Path
) -> None:
    from msoc.register.tables import to_parquet

    to_parquet(tmp_path, register)
    _assert_same(engines.compute(tmp_path, load_config()), duckdb_result)


def test_levels_and_errors(register: Register) -> None:
    result = engines.compute(register, load_config(), levels=("province",))
    assert {a.level for a in result.areas} == {"national", "province"}
    with pytest.raises(ValueError, match="unknown engine"):
        engines.compute(register, load_config(), engine="sqlite")
    with pytest.raises(ValueError, match="unknown level"):
        engines.compute(register, load_config(), levels=("village",))
    with pytest.raises(FileNotFoundError):
        engines.compute(Path("/nonexistent-register"), load_config())


def test_tpmap_rule_on_duckdb() -> None:
    config = load_config()
    result = engines.compute(tpmap_register(), config)
    _assert_same(result, reference_compute(tpmap_register(), config))
    decoded = [{i.key for i in config.decode(d)} for d in result.households["deprived"].tolist()]
    assert decoded == [TPMAP_EXPECTED[h] for h in range(1, 8)]
    assert result.households["tpmap_poor"].tolist() == [0, 1, 0, 0, 1, 1, 0]


def test_minus_one_flags_are_null() -> None:
    """-1 ("not applicable") must not pass for a low value in a `below` rule."""
    register = tpmap_register()
    data = {
        "k": "1",
        "dimensions": [{"key": "health", "label_th": "สุขภาพ", "weight": "1"}],
        "indicators": [{"key": "food", "dimension": "health", "label_th": "อาหาร",
                        "weight": "1", "scope": "household", "column": "food_safe", "below": 1}],
    }  # fmt: skip
    result = engines.compute(register, parse_config(data))
    # Household 3 has food_safe = -1 (not asked): not deprived; household 6 has 0: deprived.
    assert result.households["tpmap_poor"].tolist() == [0, 0, 0, 0, 0, 1, 0]


def _check_af(result: IndexResult, k: str) -> None:
    national = result.national
    assert (national.headcount, national.intensity, national.mpi) == (
        AF_EXPECTED[k]["H"],
        AF_EXPECTED[k]["A"],
        AF_EXPECTED[k]["M0"],
    )
    assert sum(national.contribution) == 100
    if k == "1/2":
        assert national.censored_headcount == AF_CENSORED_K2


@pytest.mark.parametrize("k", ["1/2", "1/4"])
def test_alkire_foster_example_on_duckdb(k: str) -> None:
    _check_af(engines.compute(af_register(), af_config(k)), k)


def test_alkire_foster_example_on_spark(spark: Any) -> None:
    for k in ("1/2", "1/4"):
        result = engines.compute(af_register(), af_config(k), engine="spark")
        _check_af(result, k)
        assert result.engine == "spark"
        assert result.households["points"].tolist() == [0, 2, 4, 1]


def test_spark_equals_duckdb(spark: Any, register: Register, duckdb_result: IndexResult) -> None:
    """Identical households and every area, from the same register."""
    _assert_same(engines.compute(register, load_config(), engine="spark"), duckdb_result)


def test_spark_without_the_extra_says_how_to_install(
    register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing Spark on an installation without the `spark` extra names the fix, in Thai."""
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pyspark" else real_find_spec(name, *a),
    )
    engines.stop_spark()
    assert not engines.spark_available()
    with pytest.raises(engines.SparkUnavailable, match="make spark"):
        engines.compute(register, load_config(), engine="spark")

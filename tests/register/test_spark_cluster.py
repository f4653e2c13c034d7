"""The Spark engine on a standalone cluster (a master and two workers, separate processes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from msoc.register import engines
from msoc.register.indicator_config import load_config
from tests.register.poverty_cases import synthetic_or_handmade
from tests.register.spark_cluster import standalone_cluster

pytestmark = pytest.mark.slow


def test_cluster_gives_what_duckdb_gives(tmp_path: Path) -> None:
    if not engines.spark_available():
        pytest.skip("Spark needs the spark extra and a Java runtime")
    register = synthetic_or_handmade(2000, seed=23)
    expected = engines.compute(register, load_config())
    engines.stop_spark()  # a local session of an earlier test must not be reused
    with standalone_cluster(tmp_path) as master:
        engines.configure_spark(master, "1g")
        try:
            session = engines.spark_session()
            assert session.sparkContext.master == master
            result = engines.compute(register, load_config(), engine="spark")
            executors = session.sparkContext._jsc.sc().getExecutorMemoryStatus().size()
        finally:
            engines.stop_spark()
            engines.configure_spark(None)
    assert executors >= 3  # the driver and one executor on each worker
    for column, values in expected.households.items():
        assert np.array_equal(result.households[column], values), column
    assert result.same_as(expected)

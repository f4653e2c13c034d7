"""Run the poverty computation on DuckDB (embedded default) or Apache Spark (local or cluster).

Both engines execute the same SQL texts from `msoc.register.poverty` and return integers; the
indices are then derived in Python by one function, so the engines agree exactly.

    result = compute(register_or_parquet_folder, load_config(), engine="duckdb")
    result.national.mpi, result.households["af_poor"], result.area("province", 40)
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from msoc.register.indicator_config import PovertyConfig
from msoc.register.poverty import (
    FLAG_COLUMNS,
    HOUSEHOLD_RESULT,
    LEVELS,
    AreaIndex,
    IndexResult,
    RegisterLike,
    area_sql,
    areas_from_rows,
    check_levels,
    household_arrays,
    household_sql,
)

__all__ = [
    "ENGINES",
    "AreaIndex",
    "SparkUnavailable",
    "IndexResult",
    "compute",
    "spark_available",
    "spark_session",
    "stop_spark",
]

ENGINES = ("duckdb", "spark")


@dataclass
class DuckDBOptions:
    """How much memory DuckDB may hold before it spills its hash tables to a temporary folder.

    DuckDB's own default is 80 % of the machine's memory, too much beside a web server; spilling
    costs little here (36 M people compute within 1 GB of DuckDB memory).
    """

    memory_limit: str = "1GB"


# Set once by the caller that owns the configuration (the Django settings, a benchmark).
DUCKDB = DuckDBOptions()


def configure_duckdb(memory_limit: str) -> None:
    """Set the memory DuckDB may use for the register's indices (e.g. "1GB")."""
    DUCKDB.memory_limit = memory_limit


Source = RegisterLike | tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]] | str | Path


def compute(
    source: Source,
    config: PovertyConfig,
    *,
    engine: str = "duckdb",
    levels: Sequence[str] = LEVELS,
    threads: int | None = None,
) -> IndexResult:
    """Household and area indices of a register (or a Parquet folder) on the chosen engine."""
    levels = check_levels(levels)
    if engine == "duckdb":
        return _compute_duckdb(source, config, levels, threads)
    if engine == "spark":
        return _compute_spark(source, config, levels)
    raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")


def _tables(source: Source) -> tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]] | Path:
    if isinstance(source, str | Path):
        folder = Path(source)
        for name in ("households.parquet", "members.parquet"):
            if not (folder / name).exists():
                raise FileNotFoundError(f"{folder / name} not found (expected a register folder)")
        return folder
    if isinstance(source, tuple):
        return source
    return source.households, source.members


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _select_nulling_flags(columns: Sequence[str]) -> str:
    # numpy uses -1 for "not applicable"; SQL rules expect NULL (a `below` rule would see -1 < x).
    return ", ".join(f"NULLIF({c}, -1) AS {c}" if c in FLAG_COLUMNS else c for c in columns)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# ── DuckDB ──────────────────────────────────────────────────────────────────────────────────


def _compute_duckdb(
    source: Source, config: PovertyConfig, levels: tuple[str, ...], threads: int | None
) -> IndexResult:
    import duckdb

    tables = _tables(source)
    tmp = Path(tempfile.mkdtemp(prefix="msoc-duckdb-"))
    # DuckDB counts every core of the machine; follow the CPU affinity (benchmarks pin to 2).
    con = duckdb.connect(
        config={
            "threads": threads or _cores(),
            "preserve_insertion_order": False,  # lets big scans stream with less memory
            "memory_limit": DUCKDB.memory_limit,  # beyond it DuckDB spills to temp_directory
            "temp_directory": str(tmp),
        }
    )
    try:
        if isinstance(tables, Path):
            for name in ("households", "members"):
                path = tables / f"{name}.parquet"
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_quote(path)})")
        else:
            for name, columns in zip(("households", "members"), tables, strict=True):
                con.register(f"{name}_np", dict(columns))
                select = _select_nulling_flags(list(columns))
                con.execute(f"CREATE VIEW {name} AS SELECT {select} FROM {name}_np")
        con.execute(f"CREATE TEMP TABLE household_index AS {household_sql(config)}")
        rows = con.execute(area_sql(config, levels)).fetchall()
        # Sorting in numpy after an unordered fetch: at 14.4 M households DuckDB's ORDER BY took
        # 5.0 s of wall time against 2.8 s for the fetch and the argsort together.
        hh = con.execute(f"SELECT {', '.join(HOUSEHOLD_RESULT)} FROM household_index").fetchnumpy()
        order = np.argsort(np.asarray(hh["hh_id"]), kind="stable")
        hh = {column: values[order] for column, values in hh.items()}
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return IndexResult(config, household_arrays(hh), areas_from_rows(rows, config), "duckdb")


def _write_parquet(
    folder: Path, households: Mapping[str, np.ndarray], members: Mapping[str, np.ndarray]
) -> None:
    # Like tables.to_parquet, but for any columns: custom test tables carry other columns.
    import duckdb

    con = duckdb.connect()
    try:
        for name, columns in (("households", households), ("members", members)):
            con.register("src", dict(columns))
            target = _quote(folder / f"{name}.parquet")
            con.execute(
                f"COPY (SELECT {_select_nulling_flags(list(columns))} FROM src) TO {target} "
                "(FORMAT parquet)"
            )
            con.unregister("src")
    finally:
        con.close()


# ── Spark ───────────────────────────────────────────────────────────────────────────────────

_spark: Any = None
_spark_lock = threading.Lock()


@dataclass
class SparkOptions:
    """Where Spark runs: local mode on this machine's cores unless `master` names a cluster."""

    master: str | None = None
    driver_memory: str = "4g"
    # On a cluster the register's Parquet must lie where every worker reads it (NFS, a shared
    # mount): None means this machine's temporary folder, right for local mode.
    shared_dir: str | None = None


# Set once by the caller that owns the configuration (the Django settings, a benchmark).
SPARK = SparkOptions()


def configure_spark(
    master: str | None = None, driver_memory: str = "4g", shared_dir: str | None = None
) -> None:
    """Choose the Spark master, driver memory and shared folder before the first session."""
    SPARK.master, SPARK.driver_memory = master or None, driver_memory
    SPARK.shared_dir = shared_dir or None


class SparkUnavailable(RuntimeError):
    """The Spark engine was chosen but this installation lacks PySpark or a Java runtime."""


def _java_found() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (java_home and Path(java_home, "bin", "java").exists()))


def spark_missing() -> str | None:
    """Why the Spark engine cannot run here (in Thai, with the fix), or None when it can."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return (
            "ไม่ได้ติดตั้ง Spark (PySpark) ซึ่งเป็นส่วนเสริม: ติดตั้งด้วย `make spark` "
            "(หรือ pip install 'msoc[spark]') หรือใช้ MSOC_REGISTER_ENGINE=duckdb ซึ่งเป็นค่าเริ่มต้น"
        )
    if not _java_found():
        return "Spark ต้องใช้ Java 17: ติดตั้ง JRE 17 (`make spark` ติดตั้งให้) หรือตั้ง JAVA_HOME"
    return None


def spark_available() -> bool:
    """PySpark is installed (the `spark` extra) and a Java runtime is on PATH (or JAVA_HOME)."""
    return spark_missing() is None


def spark_session() -> Any:
    """One SparkSession per process (it takes seconds to start), stopped at exit.

    Local mode on this machine's cores unless `configure_spark` named a cluster; the driver is
    bound to 127.0.0.1 and the web UI is off, so nothing listens on the network.
    """
    global _spark
    with _spark_lock:
        if _spark is None:
            missing = spark_missing()
            if missing:
                raise SparkUnavailable(missing)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            from pyspark.sql import SparkSession

            cores = _cores()
            builder = (
                SparkSession.builder.appName("msoc-register")
                .master(SPARK.master or f"local[{cores}]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                # Few shuffle partitions: one machine, a few million rows.
                .config("spark.sql.shuffle.partitions", str(max(2, 2 * cores)))
                .config("spark.driver.memory", SPARK.driver_memory)
                .config("spark.sql.session.timeZone", "UTC")
            )
            _spark = builder.getOrCreate()
            _spark.sparkContext.setLogLevel("ERROR")
            atexit.register(stop_spark)
        return _spark


def stop_spark() -> None:
    """Stop the process's SparkSession, if one was started."""
    global _spark
    with _spark_lock:
        if _spark is not None:
            _spark.stop()
            _spark = None


def _compute_spark(source: Source, config: PovertyConfig, levels: tuple[str, ...]) -> IndexResult:
    import duckdb

    spark = spark_session()
    tables = _tables(source)
    tmp = Path(tempfile.mkdtemp(prefix="msoc-spark-", dir=SPARK.shared_dir))
    try:
        if isinstance(tables, Path):
            folder = tables
        else:
            folder = tmp / "register"
            folder.mkdir()
            _write_parquet(folder, *tables)
        for name in ("households", "members"):
            spark.read.parquet(str(folder / f"{name}.parquet")).createOrReplaceTempView(name)
        # Households go to Parquet (not collect()): millions of Row objects would not fit the
        # driver's Python; DuckDB reads them back into numpy.
        out = tmp / "household_index"
        spark.sql(household_sql(config)).write.mode("overwrite").parquet(str(out))
        spark.read.parquet(str(out)).createOrReplaceTempView("household_index")
        rows = [tuple(r) for r in spark.sql(area_sql(config, levels)).collect()]
        con = duckdb.connect()
        try:
            hh = con.execute(
                f"SELECT {', '.join(HOUSEHOLD_RESULT)} "
                f"FROM read_parquet({_quote(out / '*.parquet')}) ORDER BY hh_id"
            ).fetchnumpy()
        finally:
            con.close()
        for name in ("households", "members", "household_index"):
            spark.catalog.dropTempView(name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return IndexResult(config, household_arrays(hh), areas_from_rows(rows, config), "spark")

"""Benchmark: poverty indices (TPMAP + Alkire-Foster) for a synthetic register on DuckDB and Spark.

.venv/bin/python -m benchmarks.register                       # 10,000,000 people (≈ 4 M households)
.venv/bin/python -m benchmarks.register --people 1000000
.venv/bin/python -m benchmarks register [--quick]             # with the other benchmarks

Pinned to 2 cores where the machine has more. The synthetic generator writes a Parquet register
into a temporary folder; then DuckDB and PySpark (local mode) each compute every household and
every area (national, province, district, sub-district) in a subprocess of their own, so that
each engine's peak memory is its own. Memory: `rss_*` is getrusage's peak RSS of the engine's
process plus its largest waited-for child; `tree_*` is the peak of the summed RSS of the process
and all its descendants (the Spark JVM included), sampled every 0.1 s. Both engines must give
identical households and areas.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 10_000_000
PEOPLE_PER_HOUSEHOLD = 2.5  # what the generator averages, near enough; real counts are reported


def _pin_two_cores() -> str:
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
        return "2"
    return str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "all"


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)


def _tree_rss_kib(root: int) -> int:
    """Summed VmRSS of a process and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def _run_child(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run `python -m benchmarks.register --child …`; its JSON figures and the tree's peak MB."""
    out = Path(tempfile.mkstemp(prefix="msoc-bench-register-", suffix=".json")[1])
    cmd = [sys.executable, "-m", "benchmarks.register", *args, "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss_kib(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = proc.wait()
    done.set()
    sampler.join()
    if rc != 0:
        raise RuntimeError(f"{' '.join(args)} failed with exit status {rc}")
    figures = json.loads(out.read_text())
    out.unlink()
    return figures, round(peak / 1024, 1)


def _child_generate(folder: Path, people: int, seed: int) -> dict[str, Any]:
    from msoc.register import synthetic
    from msoc.register.tables import to_parquet

    started = time.perf_counter()
    register = synthetic.generate(round(people / PEOPLE_PER_HOUSEHOLD), seed=seed)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    to_parquet(folder, register)
    return {
        "households": register.n_households,
        "people": register.n_people,
        "generate_s": round(generate_s, 2),
        "write_parquet_s": round(time.perf_counter() - started, 2),
        "rss_mb": _peak_rss_mb(),
    }


def _child_compute(folder: Path, engine: str) -> dict[str, Any]:
    from msoc.register import engines
    from msoc.register.indicator_config import load_config
    from msoc.register.poverty import area_columns

    config = load_config()
    figures: dict[str, Any] = {}
    if engine == "spark":
        started = time.perf_counter()
        engines.spark_session()
        figures["start_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    result = engines.compute(folder, config, engine=engine)
    figures["compute_s"] = round(time.perf_counter() - started, 2)
    if engine == "spark":
        engines.stop_spark()
    digest = hashlib.sha256()
    for name, values in result.households.items():
        digest.update(name.encode() + values.tobytes())
    names = area_columns(config)
    n = result.national
    figures.update(
        {
            "rss_mb": _peak_rss_mb(),
            "households_sha256": digest.hexdigest(),
            "areas": [
                [a.level, a.code, *(a.counts()[c] for c in names)] for a in result.areas
            ],  # integers only: the indices are derived from them by one shared function
            "n_areas": len(result.areas),
            "H": str(n.headcount),
            "A": str(n.intensity),
            "MPI": f"{float(n.mpi):.6f}",
            "tpmap_rate": f"{float(n.tpmap_rate):.4f}",
        }
    )
    return figures


def run(quick: bool = False, people: int | None = None, seed: int = 2568) -> dict[str, Any]:
    """Generate, then compute on DuckDB and Spark; seconds, peak MB and whether they agree."""
    people = people or (500_000 if quick else PEOPLE)
    cores = _pin_two_cores()
    tmp = Path(tempfile.mkdtemp(prefix="msoc-bench-register-"))
    try:
        folder = tmp / "register"
        gen, gen_tree = _run_child(["--child", "generate", "--folder", str(folder), "--people", str(people), "--seed", str(seed)])  # fmt: skip
        parquet_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        duck, duck_tree = _run_child(["--child", "duckdb", "--folder", str(folder)])
        spark, spark_tree = _run_child(["--child", "spark", "--folder", str(folder)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    identical = duck["areas"] == spark["areas"] and duck["households_sha256"] == spark["households_sha256"]  # fmt: skip
    if not identical:
        raise AssertionError("DuckDB and Spark disagree")
    return {
        "people": gen["people"],
        "households": gen["households"],
        "cores": cores,
        "generate_s": gen["generate_s"],
        "write_parquet_s": gen["write_parquet_s"],
        "parquet_mb": round(parquet_mb, 1),
        "generate_peak_mb": max(gen["rss_mb"], gen_tree),
        "duckdb_compute_s": duck["compute_s"],
        "duckdb_rss_mb": duck["rss_mb"],
        "duckdb_tree_mb": duck_tree,
        "spark_start_s": spark["start_s"],
        "spark_compute_s": spark["compute_s"],
        "spark_rss_mb": spark["rss_mb"],
        "spark_tree_mb": spark_tree,
        "areas": duck["n_areas"],
        "identical_results": identical,
        "national_H": duck["H"],
        "national_A": duck["A"],
        "national_MPI": duck["MPI"],
        "national_tpmap_rate": duck["tpmap_rate"],
    }


def main() -> None:
    """Command line: the whole benchmark, or one child step (used internally)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.register")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--seed", type=int, default=2568)
    parser.add_argument("--quick", action="store_true", help="500,000 people")
    parser.add_argument("--child", choices=["generate", "duckdb", "spark"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        assert args.folder and args.out
        if args.child == "generate":
            figures = _child_generate(args.folder, args.people, args.seed)
        else:
            figures = _child_compute(args.folder, args.child)
        args.out.write_text(json.dumps(figures))
        return
    people = 500_000 if args.quick else args.people
    for key, value in run(people=people, seed=args.seed).items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()

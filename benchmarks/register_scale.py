"""Benchmark: the register at national scale — one province re-indexed, 4 M households screened.

.venv/bin/python -m benchmarks.register_scale incremental [--people 1000000]
.venv/bin/python -m benchmarks.register_scale screening [--households 4000000]
.venv/bin/python -m benchmarks register_scale [--quick]       # both, with the other benchmarks

Pinned to 2 cores where the machine has more; each part runs in a subprocess of its own so its
peak RSS (getrusage) is its own.

incremental: every province but one is indexed once (its area counts kept, as the database keeps
them); then the one province (a synthetic register of about `--people` people, all in
นครราชสีมา) "re-uploads": `update_s` is computing that province and re-summing its region and
the nation. The result must equal a full compute of the whole register exactly.

screening: a model is trained on a 20,000-household panel; then `--households` synthetic
households are scored: the feature matrix (with each household's current deprivations on
DuckDB), the calibrated risk, the rank order and the top three factors of every household.
`score_s` is all of it; generating the register is reported apart.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.register import _peak_rss_mb, _pin_two_cores

ROOT = Path(__file__).resolve().parent.parent
KORAT = 19  # the province code of นครราชสีมา in msoc/data/register/population.tsv


def _incremental(people: int, seed: int) -> dict[str, Any]:
    from msoc.register import engines, synthetic
    from msoc.register.incremental import IncrementalIndex, split_by_province
    from msoc.register.indicators import load_config
    from msoc.register.tables import concat

    config = load_config()
    started = time.perf_counter()
    province = synthetic.generate(round(people / 2.55), seed=seed, provinces=[KORAT])
    rest = synthetic.generate(200_000, seed=seed + 1, start_id=10**9)
    rest = concat([p for code, p in split_by_province(rest).items() if code != KORAT])
    generate_s = time.perf_counter() - started
    index = IncrementalIndex(config)
    for code, part in split_by_province(rest).items():
        index.update(code, part)
    index.update(KORAT, province)
    wave = synthetic.next_wave(province, seed=seed + 2)  # the province's new survey
    started = time.perf_counter()
    index.update(KORAT, wave)
    national, regions = index.national, index.regions()
    update_s = time.perf_counter() - started
    full = engines.compute(concat([rest, wave]), config)
    identical = index.result().same_as(full) and national == full.national
    assert identical and len(regions) == 6, "incremental result differs from a full compute"
    return {
        "province_people": wave.n_people,
        "province_households": wave.n_households,
        "other_provinces": len(index.parts) - 1,
        "generate_s": round(generate_s, 2),
        "update_s": round(update_s, 2),
        "identical_to_full": identical,
        "national_mpi": f"{float(national.mpi):.6f}",
        "rss_mb": _peak_rss_mb(),
    }


def _screening(households: int, seed: int) -> dict[str, Any]:
    from msoc.register import screening, synthetic
    from msoc.register.indicators import load_config

    config = load_config()
    wave1 = synthetic.generate(20_000, seed=seed)
    model = screening.train(wave1, synthetic.next_wave(wave1, seed=seed + 1), config)
    started = time.perf_counter()
    register = synthetic.generate(households, seed=seed + 2)
    generate_s = time.perf_counter() - started
    times: dict[str, float] = {}
    started = time.perf_counter()
    x, _keys = screening.feature_matrix(register, config)
    times["features_s"] = time.perf_counter() - started
    risk = model.score_matrix(x)
    order = model.order(x)
    times["risk_and_rank_s"] = time.perf_counter() - started - times["features_s"]
    mark = time.perf_counter()
    top, _contribution = model.top_factors(x, 3)
    times["factors_s"] = time.perf_counter() - mark
    score_s = time.perf_counter() - started
    return {
        "households": register.n_households,
        "people": register.n_people,
        "features": x.shape[1],
        "generate_s": round(generate_s, 2),
        **{k: round(v, 2) for k, v in times.items()},
        "score_s": round(score_s, 2),
        "mean_risk": round(float(risk.mean()), 4),
        "top_risk_hh": int(register.households["hh_id"][order[0]]),
        "with_a_factor": round(float((top[:, 0] >= 0).mean()), 4),
        "rss_mb": _peak_rss_mb(),
    }


def _child(part: str, size: int, seed: int) -> dict[str, Any]:
    out = Path(tempfile.mkstemp(prefix="msoc-bench-scale-", suffix=".json")[1])
    cmd = [sys.executable, "-m", "benchmarks.register_scale", part, "--size", str(size)]
    subprocess.run([*cmd, "--seed", str(seed), "--out", str(out)], cwd=ROOT, check=True)
    figures: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return figures


def run(quick: bool = False, seed: int = 2568) -> dict[str, Any]:
    """Both parts, each in its own process; figures prefixed by the part."""
    cores = _pin_two_cores()
    figures: dict[str, Any] = {"cores": cores}
    sizes = {"incremental": 100_000 if quick else 1_000_000, "screening": 100_000 if quick else 4_000_000}  # fmt: skip
    for part, size in sizes.items():
        for key, value in _child(part, size, seed).items():
            figures[f"{part}_{key}"] = value
    return figures


def main() -> None:
    """Command line: one part, printed (or written as JSON with --out)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.register_scale")
    parser.add_argument("part", choices=["incremental", "screening"])
    parser.add_argument("--size", "--people", "--households", type=int, dest="size")
    parser.add_argument("--seed", type=int, default=2568)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    cores = _pin_two_cores()
    if args.part == "incremental":
        figures = _incremental(args.size or 1_000_000, args.seed)
    else:
        figures = _screening(args.size or 4_000_000, args.seed)
    if args.out:
        args.out.write_text(json.dumps(figures))
        return
    for key, value in {"cores": cores, **figures}.items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()

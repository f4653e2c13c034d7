"""Benchmark: the register at national scale — one province re-indexed, 4 M households screened.

.venv/bin/python -m benchmarks.register_scale incremental [--people 1000000]
.venv/bin/python -m benchmarks.register_scale screening [--households 4000000]
.venv/bin/python -m benchmarks.register_scale duplicates [--people 1000000]
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

duplicates: one province of about `--people` synthetic people (นครราชสีมา), 1 % of them entered a
second time by "another survey team" with the slips surveyors make (a letter of a name, names in
swapped fields, day and month swapped, ID or sub-district left out); `match_s` is the duplicate
matching of persons and then households (msoc.register.matching, threshold 0.6 as the register's
action uses), and `recall` the share of the re-entered people found paired with their original.
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
    from msoc.register.indicator_config import load_config
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
    from msoc.register.indicator_config import load_config

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


_SLIPS = (("ศรี", "ศรีย์"), ("สุข", "สุก"), ("ณ", "น"), ("ศ", "ส"), ("ธ", "ท"), ("า", "ะ"))


def _person_records(people: int, seed: int) -> tuple[list[Any], int]:
    """One province's people as matching records, plus 1 % re-entered with slips."""
    import random
    from datetime import date

    import numpy as np

    from msoc.register import synthetic, synthetic_people
    from msoc.register.identity import hash_id
    from msoc.register.matching import PersonRecord

    register = synthetic.generate(round(people / 2.55), seed=seed, provinces=[KORAT])
    fields = synthetic_people.people(register, seed=seed)
    m, h = register.members, register.households
    order = np.argsort(h["hh_id"])
    subdistrict = h["subdistrict_code"][
        order[np.searchsorted(h["hh_id"], m["hh_id"], sorter=order)]
    ]
    key = b"benchmark key"
    records = [
        PersonRecord(
            key=i,
            household_key=int(m["hh_id"][i]),
            title=str(fields["title"][i]),
            given_name=str(fields["given_name"][i]),
            family_name=str(fields["family_name"][i]),
            birth_date=date.fromisoformat(str(fields["birth_date"][i])),
            national_id_hash=hash_id(str(fields["national_id"][i]), key) if i % 3 else None,
            subdistrict_code=int(subdistrict[i]),
            house_no=str(fields["house_no"][i]),
            village_no=str(fields["village_no"][i]),
            sex=int(m["sex"][i]),
        )
        for i in range(register.n_people)
    ]
    rng = random.Random(seed)
    first = len(records)
    for original in rng.sample(range(first), first // 100):
        r = records[original]
        given, family = r.given_name, r.family_name
        old, new = rng.choice(_SLIPS)
        given, family = (given, family.replace(old, new, 1)) if rng.random() < 0.5 else (given.replace(old, new, 1), family)  # fmt: skip
        if rng.random() < 0.1:
            given, family = family, given
        born = r.birth_date
        if born is not None and born.day <= 12 and rng.random() < 0.2:
            born = date(born.year, born.day, born.month)
        records.append(
            PersonRecord(
                key=(original,),  # the copy of person `original`
                household_key=-original - 1,
                given_name=given,
                family_name=family,
                birth_date=born,
                national_id_hash=r.national_id_hash if rng.random() < 0.5 else None,
                subdistrict_code=r.subdistrict_code if rng.random() < 0.7 else None,
                house_no=r.house_no,
                village_no=r.village_no,
                sex=r.sex if rng.random() < 0.9 else None,
            )
        )
    return records, first


def _duplicates(people: int, seed: int) -> dict[str, Any]:
    from msoc.register.household_matching import find_duplicate_households
    from msoc.register.matching import find_duplicates

    started = time.perf_counter()
    records, first = _person_records(people, seed)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    persons = find_duplicates(records, threshold=0.6)
    persons_s = time.perf_counter() - started
    households = find_duplicate_households(records, candidates=persons)
    match_s = time.perf_counter() - started
    copies = len(records) - first
    found = {
        (c.key_b, c.key_a) if isinstance(c.key_b, tuple) else (c.key_a, c.key_b)
        for c in persons
        if isinstance(c.key_a, tuple) != isinstance(c.key_b, tuple)
    }
    recall = sum(1 for a, b in found if (b,) == a) / max(1, copies)
    return {
        "people": first,
        "re_entered": copies,
        "generate_s": round(generate_s, 2),
        "persons_s": round(persons_s, 2),
        "match_s": round(match_s, 2),
        "person_pairs": len(persons),
        "household_pairs": len(households),
        "recall": round(recall, 4),
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
    parser.add_argument("part", choices=["incremental", "screening", "duplicates"])
    parser.add_argument("--size", "--people", "--households", type=int, dest="size")
    parser.add_argument("--seed", type=int, default=2568)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    cores = _pin_two_cores()
    if args.part == "incremental":
        figures = _incremental(args.size or 1_000_000, args.seed)
    elif args.part == "duplicates":
        figures = _duplicates(args.size or 1_000_000, args.seed)
    else:
        figures = _screening(args.size or 4_000_000, args.seed)
    if args.out:
        args.out.write_text(json.dumps(figures))
        return
    for key, value in {"cores": cores, **figures}.items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()

"""Benchmark: the stored register's pages with many households (PostgreSQL or SQLite).

MSOC_DATABASE_URL=postgresql://… .venv/bin/python -m benchmarks.register_db load --households 400000
MSOC_DATABASE_URL=postgresql://… .venv/bin/python -m benchmarks.register_db measure
.venv/bin/python -m benchmarks register_db [--quick]   # a small register in a fresh SQLite file

`load` stores synthetic households of every province through the register's own action
(do_generate_register, 20,000 at a time), then computes the indices and the screening scores.
`measure` requests the web pages through Django's test client as an administrator, each
several times, and reports the median and p95 in milliseconds: the household search by name,
by national ID, by house code and by area; the screening list and the poverty page of the
province with most households; then exports about 100,000 households (encrypted, with their
members) in a subprocess, reporting its time and peak RSS beside a 25,000-household export's,
so that flat memory shows as two similar peaks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
ROOT = Path(__file__).resolve().parent.parent
CHUNK = 20_000
FIRST_SEED = 100


def _setup() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def load(households: int, *, seed: int = FIRST_SEED) -> dict[str, Any]:
    """Store `households` synthetic households, then indices and screening scores."""
    from msoc.apps.register.actions.indices import do_compute_indices
    from msoc.apps.register.actions.screening import do_screen_register
    from msoc.apps.register.actions.synthetic import do_generate_register
    from msoc.apps.register.synthetic import train_panel
    from msoc.register.synthetic_geography import province_table

    provinces = province_table().ids.tolist()
    started = time.perf_counter()
    done = 0
    while done < households:
        size = min(CHUNK, households - done)
        do_generate_register(provinces, size, seed=seed + done // CHUNK)
        done += size
    figures: dict[str, Any] = {"store_s": round(time.perf_counter() - started, 1)}
    started = time.perf_counter()
    do_compute_indices(year=2568)
    figures["indices_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    wave1, wave2 = train_panel(provinces)
    do_screen_register(wave1=wave1, wave2=wave2, trained_on="synthetic panel", year=2568)
    figures["screening_s"] = round(time.perf_counter() - started, 1)
    return figures


def _timed(get: Callable[[], Any], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = get()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise AssertionError(f"HTTP {response.status_code}")
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def _first_ids(count: int, households: int) -> list[str]:
    """Raw national IDs of the first loaded chunk (regenerated: only their hashes are stored)."""
    from msoc.register import synthetic, synthetic_people
    from msoc.register.synthetic_geography import province_table

    register = synthetic.generate(
        min(CHUNK, households), seed=FIRST_SEED, provinces=province_table().ids.tolist(), start_id=1
    )
    ids = synthetic_people.people(register, seed=FIRST_SEED)["national_id"]
    return [str(x) for x in ids[:count]]


def measure(repeat: int = 20) -> dict[str, Any]:
    """Page timings (median and p95 ms) and the export's time and memory."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client

    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.register.models import Household, Member
    from msoc.apps.register.services import id_hash

    user = User.objects.filter(username="bench-admin").first()
    user = user or do_add_user("bench-admin", "bench-admin-password-1", "admin")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rng = random.Random(1)
    province, size = (
        Household.objects.values_list("province_code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    ) or (0, 0)
    n_members = Member.objects.count()
    names = [
        Member.objects.values_list("given_name", "family_name")[rng.randrange(n_members)]
        for _ in range(repeat)
    ]
    n_households = Household.objects.count()
    codes = [
        Household.objects.values_list("code", flat=True)[rng.randrange(n_households)]
        for _ in range(repeat)
    ]
    ids = _first_ids(repeat, n_households)
    if not Member.objects.filter(national_id_hash=id_hash(ids[0])).exists():
        raise AssertionError("the first stored chunk is not the benchmark's (seed, size)")
    district = Household.objects.filter(province_code=province).values_list(
        "district_code", flat=True
    )[0]
    queue = {"name": iter(names), "id": iter(ids), "code": iter(codes)}
    get = client.get
    pages = {
        "search_name": lambda: get("/households/", {"q": " ".join(next(queue["name"]))}),
        "search_id": lambda: get("/households/", {"q": next(queue["id"])}),
        "search_code": lambda: get("/households/", {"q": next(queue["code"])}),
        "search_area": lambda: get(
            "/households/", {"province": province, "district": district, "order": "deprivation"}
        ),
        "screening_province": lambda: get("/households/screening/", {"province": province}),
        "poverty_province": lambda: get("/households/poverty/", {"province": province}),
    }
    figures: dict[str, Any] = {
        "households": n_households,
        "members": n_members,
        "province": province,
        "province_households": size,
    }
    for name, page in pages.items():
        page()  # warm: templates, the area tables
        figures[name] = _timed(page, repeat - 1)
    figures["export"] = [_export_child(target) for target in (25_000, 100_000)]
    return figures


def _provinces_for(households: int) -> list[int]:
    from django.db.models import Count

    from msoc.apps.register.models import Household

    chosen, total = [], 0
    rows = Household.objects.values_list("province_code").annotate(n=Count("pk")).order_by("-n")
    for code, n in rows:
        if total >= households:
            break
        chosen.append(code)
        total += n
    return chosen


def _export(households: int) -> dict[str, Any]:
    from msoc.apps.register.exports import export_households_encrypted
    from msoc.apps.register.models import Household

    provinces = _provinces_for(households)
    count = Household.objects.filter(province_code__in=provinces).count()
    started = time.perf_counter()
    blob = export_households_encrypted(provinces=provinces, passphrase="benchmark passphrase")
    return {
        "households": count,
        "seconds": round(time.perf_counter() - started, 1),
        "mb": round(len(blob) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _export_child(households: int) -> dict[str, Any]:
    out = Path(tempfile.mkstemp(prefix="msoc-bench-export-", suffix=".json")[1])
    cmd = [sys.executable, "-m", "benchmarks.register_db", "export", "--households"]
    subprocess.run([*cmd, str(households), "--out", str(out)], cwd=ROOT, check=True)
    figures: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return figures


def run(quick: bool = False) -> dict[str, Any]:
    """A small register in a fresh SQLite database: load, then measure (figures of SQLite)."""
    folder = Path(tempfile.mkdtemp(prefix="msoc-bench-db-"))
    env = {**os.environ, "MSOC_DATABASE_URL": f"sqlite:///{folder / 'register.db'}"}
    out = folder / "figures.json"
    python = [sys.executable, "-m", "benchmarks.register_db"]
    subprocess.run([*python, "migrate"], cwd=ROOT, env=env, check=True)
    households = "2000" if quick else "40000"
    subprocess.run([*python, "load", "--households", households], cwd=ROOT, env=env, check=True)
    subprocess.run([*python, "measure", "--out", str(out)], cwd=ROOT, env=env, check=True)
    figures: dict[str, Any] = json.loads(out.read_text())
    return {"database": "sqlite", **figures}


def main() -> None:
    """Command line: load, measure, export (a child of measure) or migrate."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.register_db")
    parser.add_argument("step", choices=["load", "measure", "export", "migrate"])
    parser.add_argument("--households", type=int, default=400_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    _setup()
    if args.step == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return
    if args.step == "load":
        figures = load(args.households)
    elif args.step == "measure":
        figures = measure(args.repeat)
    else:
        figures = _export(args.households)
    from django.db import connection

    figures = {"database": connection.vendor, **figures}
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False))
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

"""Run every benchmark with one command: `python -m benchmarks [--quick] [names…]`.

Each module in this folder exposes `run(quick: bool) -> dict[str, float | int | str]`; the figures
are printed as one table and written to out/benchmarks.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")


def main() -> None:
    """Run the chosen (default: all) benchmarks and print their figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    here = Path(__file__).parent
    names = args.names or sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_")
    )
    results: dict[str, dict] = {}
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        figures = module.run(quick=args.quick)
        figures["wall_s"] = round(time.perf_counter() - started, 1)
        results[name] = figures
        print(f"\n## {name}")
        for key, value in figures.items():
            print(f"  {key:<40} {value}")
        sys.stdout.flush()
    out = Path("out")
    out.mkdir(exist_ok=True)
    (out / "benchmarks.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""Derive the packaged boundary paths from ../shared/data/boundaries (run by hand, not at run time).

python msoc/data/boundaries/derive.py /work/shared/data/boundaries

Each level becomes one gzipped JSON object, keyed by OCHA P-code (TH30, TH3001, TH300101):
`[thai name, [min x, min y, max x, max y], svg path]`. Coordinates are projected once here
(longitude scaled by cos 13.5°, latitude flipped so north is up) and quantised to integers,
so a page only joins ready-made path strings; paths are relative (`l dx dy`), which keeps the
files small. Provinces use a coarser grid than districts and sub-districts because they are only
drawn whole-country.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORIGIN_LON, ORIGIN_LAT = 97.0, 21.0
SCALE_X = math.cos(math.radians(13.5))
# Grid steps in degrees: 0.001° ≈ 110 m, finer than a pixel of a one-district map.
STEPS = {"provinces": 0.004, "districts": 0.0015, "subdistricts": 0.001}
UNITS = 1000  # one map unit = 0.001° of latitude


def _ring(ring: list[list[float]], step: float) -> list[tuple[int, int]]:
    """A ring on the integer grid, without repeated points (None when it collapses)."""
    k = step * UNITS
    out: list[tuple[int, int]] = []
    for lon, lat in ring:
        x = round(round((lon - ORIGIN_LON) * SCALE_X * UNITS / k) * k)
        y = round(round((ORIGIN_LAT - lat) * UNITS / k) * k)
        if not out or out[-1] != (x, y):
            out.append((x, y))
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out if len(out) >= 3 else []


def _path(geometry: dict[str, Any], step: float) -> tuple[str, list[int]]:
    """An SVG path (relative moves) and its bounding box."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    parts: list[str] = []
    xs: list[int] = []
    ys: list[int] = []
    for polygon in polygons:
        for ring in polygon:
            points = _ring(ring, step)
            if not points:
                continue
            x0, y0 = points[0]
            moves = [
                f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:], strict=False)
            ]
            parts.append(f"M{x0} {y0}l{' '.join(moves)}z")
            xs += [p[0] for p in points]
            ys += [p[1] for p in points]
    return "".join(parts), [min(xs), min(ys), max(xs), max(ys)] if xs else [0, 0, 0, 0]


def _level(files: list[Path], prefix: str, step: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for file in files:
        for feature in json.loads(file.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            d, box = _path(feature["geometry"], step)
            if d:
                out[props[f"{prefix}_PCODE"]] = [props[f"{prefix}_TH"], box, d]
    return dict(sorted(out.items()))


def main(source: Path) -> None:
    """Write provinces/districts/subdistricts.json.gz next to this script."""
    levels = {
        "provinces": _level([source / "province.json"], "ADM1", STEPS["provinces"]),
        "districts": _level(sorted((source / "amphoe").glob("*.json")), "ADM2", STEPS["districts"]),
        "subdistricts": _level(
            sorted((source / "tambon").glob("*.json")), "ADM3", STEPS["subdistricts"]
        ),
    }
    for name, shapes in levels.items():
        data = json.dumps(shapes, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (HERE / f"{name}.json.gz").write_bytes(gzip.compress(data, 9, mtime=0))
        print(name, len(shapes), "areas", len(data), "bytes raw")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Choropleth maps of Thai areas from real boundaries, drawn on the server as SVG.

The boundaries (OCHA / Royal Thai Survey Department, CC BY-IGO; see msoc/data/boundaries) are
stored as ready-made SVG paths keyed by P-code; msoc's area codes (kongvut: provinces 1..77,
districts 4 digits, sub-districts 6 digits) are joined to them by code, never by name. Drawing
is joining strings, so a one-province district map takes a few milliseconds and needs no
tile server, CDN or script; every shaded area is a link when given one (keyboard reachable) and
the caller shows the same numbers in a table, coloured by `DrawnMap.fills`.

The reusable entry point is `area_map(level, codes, classes, bands, ...)`: any area codes →
a band (colour + legend label) each. `numeric_bands` makes equal-interval bands for numbers.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from django.utils.html import escape

from msoc.register.areas import default_areas

Level = Literal["province", "district", "subdistrict"]
DATA = Path(__file__).resolve().parent.parent / "data" / "boundaries"
FILES: dict[str, str] = {
    "province": "provinces.json.gz",
    "district": "districts.json.gz",
    "subdistrict": "subdistricts.json.gz",
}
CREDIT = "ขอบเขตพื้นที่: OCHA / Royal Thai Survey Department (CC BY-IGO)"
# Light to dark blue (ColorBrewer Blues): the darkest band is the most of whatever is counted.
SHADES = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#ffffff"
PAD = 0.03  # margin around the drawn areas, as a share of the larger side
OUTLINE = "#d94801"
# The projection of the stored paths (msoc/data/boundaries/derive.py), for drawn outlines.
ORIGIN_LON, ORIGIN_LAT, UNITS = 97.0, 21.0, 1000
SCALE_X = math.cos(math.radians(13.5))


@dataclass(frozen=True)
class Band:
    """One class of the legend: a fill colour and what it stands for, in Thai."""

    colour: str
    label: str


@dataclass
class DrawnMap:
    """The SVG and legend of a map, and each area's fill so a table can show the same colour."""

    svg: str
    fills: dict[int, str] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)  # codes asked for that have no boundary


@lru_cache(maxsize=3)
def shapes(level: Level) -> dict[str, tuple[str, tuple[int, int, int, int], str]]:
    """P-code → (Thai name, bounding box, SVG path) of every area of a level (read once)."""
    raw = json.loads(gzip.decompress((DATA / FILES[level]).read_bytes()))
    return {
        code: (name, (box[0], box[1], box[2], box[3]), d) for code, (name, box, d) in raw.items()
    }


@lru_cache(maxsize=1)
def _province_pcodes() -> dict[int, str]:
    """kongvut province id → P-code, from the district codes (a district code starts with it)."""
    out: dict[int, str] = {}
    for code, (_name, province) in default_areas().districts.items():
        out.setdefault(province, f"TH{code // 100}")
    return out


def pcode(level: Level, code: int) -> str:
    """The OCHA P-code of an msoc area code ('' when the province is unknown)."""
    if level == "province":
        return _province_pcodes().get(int(code), "")
    return f"TH{int(code)}"


def outline_paths(level: Level, codes: Iterable[int]) -> list[str]:
    """The boundary paths of areas, to draw as an outline over a map of another level."""
    table = shapes(level)
    return [table[key][2] for code in codes if (key := pcode(level, code)) in table]


def ring_path(ring: Sequence[Sequence[float]]) -> str:
    """A drawn [[longitude, latitude], …] ring as a path in the boundaries' map units."""
    points = [
        f"{(lon - ORIGIN_LON) * SCALE_X * UNITS:.0f} {(ORIGIN_LAT - lat) * UNITS:.0f}"
        for lon, lat in ring
    ]
    return f"M{' L'.join(points)}Z" if len(points) >= 3 else ""


def province_codes() -> list[int]:
    """Every province code, in code order."""
    return sorted(default_areas().provinces)


def numeric_bands(
    values: Mapping[int, float], fmt: Callable[[float], str], *, zero: str = "0"
) -> tuple[list[Band], dict[int, int]]:
    """Equal-interval bands from 0 to the largest value and each code's band (0 is its own band)."""
    top = max(values.values(), default=0.0)
    steps = len(SHADES) - 1
    bands = [Band(SHADES[0], zero)]
    for i in range(1, steps + 1):
        bands.append(Band(SHADES[i], f"{fmt(top * (i - 1) / steps)} – {fmt(top * i / steps)}"))
    classes: dict[int, int] = {}
    for code, value in values.items():
        if value <= 0 or top <= 0:
            classes[code] = 0
        else:
            classes[code] = min(steps, 1 + int(value / top * steps * 0.999999))
    return bands, classes


def count_bands(
    values: Mapping[int, float], fmt: Callable[[float], str], *, zero: str = "0"
) -> tuple[list[Band], dict[int, int]]:
    """Bands of whole numbers (counts): 1 – 20, 21 – 40, …; one band per number when few.

    `numeric_bands` would split a top of 4 into 0.8-wide bands labelled 0 – 1, 1 – 2, 2 – 2.
    """
    top = math.ceil(max(values.values(), default=0.0))
    if top <= 0:
        return [Band(SHADES[0], zero)], dict.fromkeys(values, 0)
    steps = min(len(SHADES) - 1, top)
    highs = [math.ceil(top * i / steps) for i in range(1, steps + 1)]
    bands = [Band(SHADES[0], zero)]
    low = 1
    for i, high in enumerate(highs, start=1):
        label = fmt(high) if high == low else f"{fmt(low)} – {fmt(high)}"
        bands.append(Band(SHADES[i], label))
        low = high + 1
    classes = {
        code: 0 if value <= 0 else next(i for i, h in enumerate(highs, 1) if value <= h)
        for code, value in values.items()
    }
    return bands, classes


def _viewbox(boxes: list[tuple[int, int, int, int]]) -> str:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(x1 - x0, y1 - y0, 1) * PAD
    return f"{x0 - pad:.0f} {y0 - pad:.0f} {x1 - x0 + 2 * pad:.0f} {y1 - y0 + 2 * pad:.0f}"


def _legend(
    title: str, bands: Sequence[Band], no_data: str | None, outline: str | None = None
) -> str:
    rows = [
        f'<rect width="16" height="12" fill="{b.colour}"/></svg> {escape(b.label)}' for b in bands
    ]
    if no_data:
        rows.append(f'<rect width="16" height="12" fill="{NO_DATA}"/></svg> {escape(no_data)}')
    if outline:
        rows.append(
            f'<rect x="1.5" y="1.5" width="13" height="9" fill="none" stroke="{OUTLINE}" '
            f'stroke-width="2.5"/></svg> {escape(outline)}'
        )
    items = "".join(
        f'<li><svg class="swatch" viewBox="0 0 16 12" aria-hidden="true">{row}</li>' for row in rows
    )
    return f'<div class="legend"><b>{escape(title)}</b><ul>{items}</ul></div>'


def area_map(
    level: Level,
    codes: Iterable[int],
    classes: Mapping[int, int],
    bands: Sequence[Band],
    *,
    title: str,
    tips: Mapping[int, str] | None = None,
    links: Mapping[int, str] | None = None,
    no_data: str | None = "ไม่มีข้อมูล",
    outlines: Sequence[str] = (),
    outline_label: str = "",
) -> DrawnMap:
    """An SVG map of the given areas, each filled by its band (`classes[code]` → `bands[i]`).

    Areas without a class are drawn white with a dashed edge ("no data"); `tips` adds text after
    an area's name in its tooltip; `links` makes an area a link (drill-down). `outlines` are
    paths (`outline_paths`, `ring_path`) drawn on top, unfilled, e.g. a hazard's edge; they let
    clicks through to the areas. The map is framed on the areas drawn.
    """
    tips, links = tips or {}, links or {}
    table = shapes(level)
    paths: list[str] = []
    boxes: list[tuple[int, int, int, int]] = []
    drawn = DrawnMap(svg="")
    for code in codes:
        shape = table.get(pcode(level, code))
        band = classes.get(code)
        fill = bands[band].colour if band is not None else NO_DATA
        drawn.fills[code] = fill
        if shape is None:
            drawn.missing.append(code)
            continue
        name, box, d = shape
        boxes.append(box)
        tip = f"{name}: {tips.get(code) or (bands[band].label if band is not None else no_data)}"
        css = "area" if band is not None else "area blank"
        path = (
            f'<path d="{d}" fill="{fill}" class="{css}" data-code="{code}">'
            f"<title>{escape(tip)}</title></path>"
        )
        href = links.get(code)
        if href:
            path = f'<a href="{escape(href)}" aria-label="{escape(tip)}">{path}</a>'
        paths.append(path)
    if not boxes:
        drawn.svg = f'<p class="none">ไม่มีขอบเขตพื้นที่ให้วาด</p>{_legend(title, bands, no_data)}'
        return drawn
    edge = "".join(
        f'<path d="{escape(d)}" fill="none" stroke="{OUTLINE}" class="outline"/>'
        for d in outlines
        if d
    )
    if edge:
        edge = f'<g class="outline" aria-label="{escape(outline_label)}">{edge}</g>'
    legend = _legend(title, bands, no_data, outline_label if edge else None)
    drawn.svg = (
        f'<figure class="areamap level-{level}"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_viewbox(boxes)}" role="group" aria-label="{escape(title)}">'
        f"{''.join(paths)}{edge}</svg>{legend}"
        f"<figcaption>{escape(CREDIT)}</figcaption></figure>"
    )
    return drawn


def value_map(
    level: Level,
    codes: Iterable[int],
    values: Mapping[int, float],
    *,
    fmt: Callable[[float], str],
    title: str,
    links: Mapping[int, str] | None = None,
    no_data: str | None = "ไม่มีข้อมูล",
) -> DrawnMap:
    """A choropleth of numbers per area (equal-interval bands, legend with the ranges)."""
    bands, classes = numeric_bands(values, fmt)
    tips = {code: fmt(v) for code, v in values.items()}
    return area_map(
        level, codes, classes, bands, title=title, tips=tips, links=links, no_data=no_data
    )

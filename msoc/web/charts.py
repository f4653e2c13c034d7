"""Charts of the web pages, drawn on the server as SVG: no script, no CDN, readable by CSP.

Three kinds, all over days: lines of counts with spikes marked (topics over time), one bar row
per outlet (a silent day is a gap), and bars against a reference line (hotline cases per day
against the fiscal-year average). Labels are Thai with Thai digits; every chart carries a
<title>/<desc> and the page shows the same numbers in a table. Colours are the report charts'
colour-blind-safe palette.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape

from msoc.report.render.charts import PALETTE
from msoc.thai import MONTHS_ABBR, to_thai_digits

WIDTH = 900
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34
SPIKE = "#D55E00"
AXIS, GRIDLINE, MUTED = "#5b6b7e", "#e3e8ee", "#8a9bb0"


@dataclass
class Series:
    """One line or bar row: its label, a value per day, and the days marked as spikes."""

    label: str
    values: list[int]
    spikes: dict[int, str] = field(default_factory=dict)  # day index → why, in Thai


def day_label(day: date) -> str:
    """๓ พ.ค. — a day on an axis."""
    return to_thai_digits(f"{day.day} {MONTHS_ABBR[day.month - 1]}")


def nice_top(value: float) -> int:
    """A round axis top at or above `value` (1, 2, 5 × 10ⁿ)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)


def _num(value: float) -> str:
    return to_thai_digits(f"{value:,.0f}")


def _x_axis(days: Sequence[date], x: list[float], base: float) -> list[str]:
    """Day labels under the plot, thinned so they never overlap."""
    every = max(1, math.ceil(len(days) / 15))
    out = [f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{AXIS}"/>']
    last = len(days) - 1
    for i, day in enumerate(days):
        # Counted back from the last day, so the latest day always has its label.
        if (last - i) % every == 0:
            out.append(
                f'<text x="{x[i]:.1f}" y="{base + 16}" font-size="11" text-anchor="middle">'
                f"{escape(day_label(day))}</text>"
            )
    return out


def _divisions(top: int) -> int:
    """How many gridline steps divide a `nice_top` into whole numbers (50 → 5 steps of 10)."""
    return next(n for n in (5, 4, 2, 1) if top % n == 0)


def _y_axis(top: int, base: float, height: float) -> list[str]:
    out = []
    steps = _divisions(top)
    for k in range(steps + 1):
        value = top * k / steps
        y = base - height * k / steps
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRIDLINE}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{_num(value)}</text>"
        )
    return out


def _svg(title: str, desc: str, height: int, body: list[str], css: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart{css}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"<desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _slots(n: int) -> list[float]:
    """The x of each day's centre."""
    step = (WIDTH - LEFT - RIGHT) / max(n, 1)
    return [LEFT + step * (i + 0.5) for i in range(n)]


def line_chart(
    days: Sequence[date], series: Sequence[Series], *, title: str, height: int = 260
) -> str:
    """Counts per day as lines, one colour per series, spikes ringed and labelled ⚠."""
    base, plot = height - BOTTOM, height - BOTTOM - TOP
    top = nice_top(max((v for s in series for v in s.values), default=0))
    x = _slots(len(days))
    body = _y_axis(top, base, plot) + _x_axis(days, x, base)
    marks: list[str] = []
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        ys = [base - plot * v / top for v in s.values]
        points = " ".join(f"{x[i]:.1f},{ys[i]:.1f}" for i in range(len(ys)))
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
            f'class="series" data-label="{escape(s.label)}"><title>{escape(s.label)}</title></polyline>'
        )
        for i, why in s.spikes.items():
            tip = f"{s.label} {day_label(days[i])}: {why}"
            marks.append(
                f'<g class="spike" data-day="{days[i].isoformat()}" data-label="{escape(s.label)}">'
                f"<title>{escape(tip)}</title>"
                f'<circle cx="{x[i]:.1f}" cy="{ys[i]:.1f}" r="7" fill="none" stroke="{SPIKE}" '
                f'stroke-width="2.5"/><text x="{x[i]:.1f}" y="{max(ys[i] - 11, 11):.1f}" '
                f'font-size="12" text-anchor="middle" fill="{SPIKE}">⚠ {_num(s.values[i])}</text></g>'
            )
    desc = "; ".join(f"{s.label}: สูงสุด {_num(max(s.values, default=0))}" for s in series)
    return _svg(title, desc, height, body + marks)


def legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    """(colour, label) of each series, for the HTML legend under a line chart."""
    return [(PALETTE[n % len(PALETTE)], s.label) for n, s in enumerate(series)]


def outlet_rows(days: Sequence[date], series: Sequence[Series], *, title: str) -> str:
    """One row of bars per outlet, each bar a day's items; a day without items is left empty."""
    row_h, label_w = 26, 150
    height = TOP + row_h * len(series) + BOTTOM
    step = (WIDTH - label_w - RIGHT) / max(len(days), 1)
    body: list[str] = []
    for r, s in enumerate(series):
        top = max(s.values, default=0) or 1  # each outlet on its own scale: gaps matter, not volume
        y0 = TOP + r * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y0 + row_h - 9}" font-size="12" text-anchor="end">'
            f"{escape(s.label[:24])}</text>"
            f'<line x1="{label_w}" y1="{y0 + row_h - 3}" x2="{WIDTH - RIGHT}" y2="{y0 + row_h - 3}" '
            f'stroke="{GRIDLINE}"/>'
        )
        for i, v in enumerate(s.values):
            x = label_w + step * i
            if v <= 0:
                body.append(
                    f'<rect x="{x + 1:.1f}" y="{y0 + 2}" width="{max(step - 2, 1):.1f}" '
                    f'height="{row_h - 5}" fill="none" stroke="{MUTED}" stroke-dasharray="2 2" '
                    f'class="gap"><title>{escape(s.label)} {day_label(days[i])}: ไม่มีข่าว</title></rect>'
                )
                continue
            h = max(2.0, (row_h - 6) * v / top)
            body.append(
                f'<rect x="{x + 1:.1f}" y="{y0 + row_h - 3 - h:.1f}" width="{max(step - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[0]}" class="bar"><title>{escape(s.label)} '
                f"{day_label(days[i])}: {_num(v)} ข่าว</title></rect>"
            )
    base = TOP + row_h * len(series)
    centres = [label_w + step * (i + 0.5) for i in range(len(days))]
    body += _x_axis(days, centres, base)[1:]
    desc = f"{len(series)} แหล่งข่าว {len(days)} วัน แต่ละแถวเทียบกับวันที่มากที่สุดของแหล่งนั้น"
    return _svg(title, desc, height, body)


def bars_against(
    days: Sequence[date], values: Sequence[int | None], reference: float, *, title: str, note: str
) -> str:
    """Bars per day with a dashed reference line (e.g. the fiscal year's average per day)."""
    height = 240
    base, plot = height - BOTTOM, height - BOTTOM - TOP
    top = nice_top(max([*(v or 0 for v in values), reference]))
    x = _slots(len(days))
    step = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    body = _y_axis(top, base, plot) + _x_axis(days, x, base)
    for i, v in enumerate(values):
        if v is None:
            continue  # no figures that day: nothing drawn, unlike a real zero
        h = plot * v / top
        colour = SPIKE if v > reference * 1.5 and v >= 5 else PALETTE[0]
        body.append(
            f'<rect x="{x[i] - step * 0.35:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{colour}" class="bar" data-day="{days[i].isoformat()}">'
            f"<title>{day_label(days[i])}: {_num(v)} ราย</title></rect>"
        )
    y = base - plot * reference / top
    body.append(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{PALETTE[1]}" '
        f'stroke-width="2" stroke-dasharray="6 4" class="reference"/>'
        f'<text x="{WIDTH - RIGHT - 4}" y="{y - 5:.1f}" font-size="12" text-anchor="end" '
        'stroke="#fff" stroke-width="4" paint-order="stroke">'
        f"{escape(note)} {_num(reference)}</text>"
    )
    return _svg(title, f"{note} {_num(reference)} ต่อวัน", height, body)

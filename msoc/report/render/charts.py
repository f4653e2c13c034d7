"""Charts of the report's appendix: SVG (HTML, PDF) and PNG (DOCX) from a `Chart`.

A chart is first laid out as plain shapes (rectangles, lines, text) in points, then written
as SVG or painted with Pillow, so both outputs look the same. Layout only places what the
`Chart` holds: no figure is computed here beyond the axis scale. Text is measured with the
bundled TH Sarabun New through Pillow (raqm shapes Thai; without it, BASIC with a warning).
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from msoc.report.model import UNSPLIT_SERIES, Chart
from msoc.thai import format_number, thai_body_digits

log = logging.getLogger(__name__)

FONT_FAMILY = "TH Sarabun New"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "THSarabunNew-Regular.ttf"
WIDTH_PT = 453.5  # 16 cm: the text width of the A4 page between the official margins
PNG_DPI = 200
NO_DATA = "- ไม่มีข้อมูล -"

# Colour-blind-safe qualitative palette (Okabe-Ito, reordered for contrast between neighbours).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GREY = "#A6A6A6"
INK, RULE, GRID = "#000000", "#000000", "#D9D9D9"

LABEL_PT, TICK_PT, LEGEND_PT = 14.0, 14.0, 14.0
PLOT_HEIGHT_PT = 190.0
BAR_PITCH_PT, BAR_HEIGHT_PT = 17.0, 11.0
SWATCH_PT = 9.0


@dataclass(frozen=True)
class Rect:
    """A filled rectangle; (x, y) is its top-left corner."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Rule:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = RULE
    width: float = 0.75


@dataclass(frozen=True)
class Text:
    """A line of text; (x, y) is on its baseline, anchored at its start, middle or end."""

    x: float
    y: float
    text: str
    size: float = LABEL_PT
    anchor: str = "start"  # start, middle, end
    fill: str = INK


Shape = Rect | Rule | Text


@dataclass(frozen=True)
class Drawing:
    """A laid-out chart: its size in points and its shapes in painting order."""

    width: float
    height: float
    title: str
    shapes: tuple[Shape, ...]


# --- text measurement -----------------------------------------------------------------------

_MEASURE_PX = 100  # measure at a large size and scale: hinting makes small sizes uneven


@cache
def _layout_engine() -> Any:
    from PIL import ImageFont, features

    if features.check("raqm"):
        return ImageFont.Layout.RAQM
    log.warning("Pillow ไม่มี raqm: วาดแผนภูมิด้วย layout BASIC สระและวรรณยุกต์ไทยอาจวางผิดที่")
    return ImageFont.Layout.BASIC


@cache
def _font(size_px: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_FILE), size_px, layout_engine=_layout_engine())


def text_width(text: str, size_pt: float) -> float:
    """The advance width of a line of text in TH Sarabun New at a size, in points."""
    return float(_font(_MEASURE_PX).getlength(text)) * size_pt / _MEASURE_PX


def _fit(text: str, size_pt: float, max_width: float) -> str:
    """The text, cut with '…' at a character boundary if it is wider than max_width."""
    if text_width(text, size_pt) <= max_width:
        return text
    while text and text_width(text + "…", size_pt) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- layout ---------------------------------------------------------------------------------


def nice_scale(top_value: int, ticks: int = 5) -> tuple[int, int]:
    """(axis maximum, tick step) with steps of 1, 2 or 5 × 10ⁿ covering top_value."""
    if top_value <= 0:
        return 1, 1
    raw = top_value / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    return math.ceil(top_value / step) * step, step


def series_colours(chart: Chart) -> dict[str, str]:
    """The fill of each series: the palette in order, grey for totals without a breakdown."""
    colours, n = {}, 0
    for name in chart.series:
        if name == UNSPLIT_SERIES:
            colours[name] = GREY
        else:
            colours[name] = PALETTE[n % len(PALETTE)]
            n += 1
    return colours


def _has_data(chart: Chart) -> bool:
    return bool(chart.labels) and any(any(v) for v in chart.series.values())


def layout(chart: Chart, width: float = WIDTH_PT) -> Drawing:
    """The chart as shapes in points, `width` wide."""
    if not _has_data(chart):
        shapes: list[Shape] = [Text(width / 2, 40, NO_DATA, LABEL_PT, "middle")]
        return Drawing(width, 60, chart.title, tuple(shapes))
    if chart.kind == "stacked_columns":
        return _columns(chart, width)
    return _bars(chart, width)


def _legend(chart: Chart, top: float, width: float) -> tuple[list[Shape], float]:
    """Swatches and series names in rows from `top`; returns the shapes and the bottom."""
    colours = series_colours(chart)
    shapes: list[Shape] = []
    x, y, line = 0.0, top, LEGEND_PT * 1.1
    for name in chart.series:
        label = thai_body_digits(name)
        item = SWATCH_PT + 4 + text_width(label, LEGEND_PT) + 14
        if x > 0 and x + item > width:
            x, y = 0.0, y + line
        shapes.append(Rect(x, y + line - SWATCH_PT - 3, SWATCH_PT, SWATCH_PT, colours[name]))
        shapes.append(Text(x + SWATCH_PT + 4, y + line - 3, label, LEGEND_PT))
        x += item
    return shapes, y + line + 2


def _y_axis(
    top_value: int, left: float, top: float, height: float, right: float
) -> Iterator[Shape]:
    axis_max, step = nice_scale(top_value)
    for value in range(0, axis_max + 1, step):
        y = top + height - height * value / axis_max
        if value:
            yield Rule(left, y, right, y, GRID, 0.5)
        yield Text(left - 4, y + TICK_PT * 0.3, format_number(value), TICK_PT, "end")


def _columns(chart: Chart, width: float) -> Drawing:
    """Stacked columns, one per label, series stacked bottom-up in their order."""
    n = len(chart.labels)
    heights = [sum(values[i] for values in chart.series.values()) for i in range(n)]
    axis_max, _ = nice_scale(max(heights))
    left = text_width(format_number(axis_max), TICK_PT) + 8
    top, plot_h = LABEL_PT * 1.8, PLOT_HEIGHT_PT
    pitch = (width - left) / n
    shapes: list[Shape] = [Text(left, LABEL_PT, thai_body_digits(chart.unit), LABEL_PT)]
    shapes += list(_y_axis(max(heights), left, top, plot_h, width))
    colours = series_colours(chart)
    for i in range(n):
        base = top + plot_h
        for name, values in chart.series.items():
            h = plot_h * values[i] / axis_max
            if h > 0:
                shapes.append(
                    Rect(left + pitch * (i + 0.15), base - h, pitch * 0.7, h, colours[name])
                )
                base -= h
    shapes.append(Rule(left, top + plot_h, width, top + plot_h))
    shapes.append(Rule(left, top, left, top + plot_h))
    widest = max(text_width(thai_body_digits(label), LABEL_PT) for label in chart.labels)
    every = max(1, math.ceil((widest + 2) / pitch))
    baseline = top + plot_h + LABEL_PT + 1
    # Counted back from the last column, so the report's own day is always labelled.
    for i in range(n - 1, -1, -every):
        x = left + pitch * (i + 0.5)
        shapes.append(Text(x, baseline, thai_body_digits(chart.labels[i]), LABEL_PT, "middle"))
    legend, bottom = _legend(chart, baseline + 8, width)
    return Drawing(width, bottom, chart.title, tuple(shapes + legend))


def _bars(chart: Chart, width: float) -> Drawing:
    """Horizontal bars, one per label top-down; values at the bar ends when there is one series."""
    labels = [thai_body_digits(label) for label in chart.labels]
    label_w = min(max(text_width(t, LABEL_PT) for t in labels), width * 0.42)
    single = len(chart.series) == 1
    ends = [sum(values[i] for values in chart.series.values()) for i in range(len(labels))]
    axis_max, _ = nice_scale(max(ends))
    value_w = text_width(format_number(axis_max), LABEL_PT) + 8 if single else 0
    left = label_w + 8
    plot_w = width - left - value_w
    colours = series_colours(chart)
    shapes: list[Shape] = []
    for i, label in enumerate(labels):
        y = i * BAR_PITCH_PT
        shapes.append(
            Text(left - 6, y + BAR_PITCH_PT - 4.5, _fit(label, LABEL_PT, label_w), LABEL_PT, "end")
        )
        x = left
        for name, values in chart.series.items():
            w = plot_w * values[i] / axis_max
            if w > 0:
                shapes.append(
                    Rect(x, y + (BAR_PITCH_PT - BAR_HEIGHT_PT) / 2, w, BAR_HEIGHT_PT, colours[name])
                )
                x += w
        if single:
            value = next(iter(chart.series.values()))[i]
            shapes.append(Text(x + 4, y + BAR_PITCH_PT - 4.5, format_number(value), LABEL_PT))
    bottom = len(labels) * BAR_PITCH_PT
    shapes.append(Rule(left, 0, left, bottom))
    if single:
        unit = thai_body_digits(f"({chart.unit})") if chart.unit else ""
        if unit:
            shapes.append(Text(width, bottom + LABEL_PT + 2, unit, LABEL_PT, "end"))
        return Drawing(width, bottom + (LABEL_PT + 6 if unit else 4), chart.title, tuple(shapes))
    legend, end = _legend(chart, bottom + 4, width)
    return Drawing(width, end, chart.title, tuple(shapes + legend))


# --- output ---------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
            f'height="{_n(shape.h)}" fill="{shape.fill}"/>'
        )
    if isinstance(shape, Rule):
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
            f'stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"/>'
        )
    anchor = "" if shape.anchor == "start" else f' text-anchor="{shape.anchor}"'
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"{anchor} '
        f'fill="{shape.fill}">{escape(shape.text)}</text>'
    )


def _svg(d: Drawing, shapes: list[Shape]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(d.width)}pt" '
        f'height="{_n(d.height)}pt" viewBox="0 0 {_n(d.width)} {_n(d.height)}" '
        f'font-family="{FONT_FAMILY}" role="img" aria-label={quoteattr(d.title)}>'
        f"<title>{escape(d.title)}</title>{''.join(_svg_shape(s) for s in shapes)}</svg>"
    )


def chart_svg(chart: Chart, width: float = WIDTH_PT) -> str:
    """The chart as a standalone SVG element, `width` points wide, text in TH Sarabun New."""
    d = layout(chart, width)
    return _svg(d, list(d.shapes))


# The font's ascent (hhea, em): an HTML line of text has its baseline this far below its top.
ASCENT_EM = 0.844
_CENTRE_BOX_PT = 120.0


def _html_text(t: Text, width: float) -> str:
    top = f"top:{_n(t.y - ASCENT_EM * t.size)}pt"
    if t.anchor == "end":
        where = f"right:{_n(width - t.x)}pt;text-align:right"
    elif t.anchor == "middle":
        where = (
            f"left:{_n(t.x - _CENTRE_BOX_PT / 2)}pt;width:{_n(_CENTRE_BOX_PT)}pt;text-align:center"
        )
    else:
        where = f"left:{_n(t.x)}pt"
    style = f"{top};{where};font-size:{_n(t.size)}pt;color:{t.fill}"
    return f'<span style="{style}">{escape(t.text)}</span>'


def chart_html(chart: Chart, width: float = WIDTH_PT) -> str:
    """The chart for HTML and PDF: SVG shapes with the text as HTML laid over them.

    WeasyPrint lays SVG text out letter by letter, which breaks Thai vowels and tone marks;
    HTML text is shaped whole, in the report's font, and stays searchable in the PDF.
    """
    d = layout(chart, width)
    texts = [s for s in d.shapes if isinstance(s, Text)]
    svg = _svg(d, [s for s in d.shapes if not isinstance(s, Text)])
    spans = "".join(_html_text(t, d.width) for t in texts)
    return (
        f'<div class="msoc-chart" style="width:{_n(d.width)}pt;height:{_n(d.height)}pt">'
        f"{svg}{spans}</div>"
    )


_PIL_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def chart_png(chart: Chart, width: float = WIDTH_PT, dpi: int = PNG_DPI) -> bytes:
    """The chart as a PNG at `dpi`, the same drawing as the SVG (for DOCX)."""
    from PIL import Image, ImageDraw

    d = layout(chart, width)
    k = dpi / 72
    image = Image.new("RGB", (math.ceil(d.width * k) + 2, math.ceil(d.height * k) + 2), "white")
    draw = ImageDraw.Draw(image)
    for s in d.shapes:
        if isinstance(s, Rect):
            draw.rectangle((s.x * k, s.y * k, (s.x + s.w) * k, (s.y + s.h) * k), fill=s.fill)
        elif isinstance(s, Rule):
            draw.line(
                (s.x1 * k, s.y1 * k, s.x2 * k, s.y2 * k),
                fill=s.stroke,
                width=max(1, round(s.width * k)),
            )
        else:
            font = _font(round(s.size * k))
            draw.text(
                (s.x * k, s.y * k), s.text, fill=s.fill, font=font, anchor=_PIL_ANCHORS[s.anchor]
            )
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()

"""Checks against history: a figure far outside its own past is a warning naming the usual range.

DHIS2's outlier checks, kept robust: the usual range is median ± k × MAD (scaled to a standard
deviation, 1.4826) over the last N days — the same weekday only where the figure has a weekly
rhythm — or the min–max band of those days. Too short a history says nothing. A warning only:
an unusual day can be real, and the editor knows.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from msoc.report.lint.finding import Context, Finding, n

MAD_SCALE = 1.4826  # MAD × this estimates the standard deviation of normal data
# The least spread a band assumes, as a share of the median: day-to-day counts vary by about
# this much even when a few quiet weeks make the MAD tiny (the demo's 579 hotline days stay in).
MIN_RELATIVE_SPREAD = 0.10
METHODS = ("mad", "minmax")


@dataclass(frozen=True)
class HistoryRule:
    """How figures are compared with their past (the MSOC_HISTORY_* settings)."""

    method: str = "mad"  # mad | minmax
    days: int = 90
    threshold: float = 3.5  # k of median ± k × MAD
    min_points: int = 8  # fewer past values than this: no judgement

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"MSOC_HISTORY_METHOD={self.method!r} ไม่ถูกต้อง (ใช้ mad หรือ minmax)")


@dataclass(frozen=True)
class Figure:
    """One figure of the report with its own past values (date, value)."""

    key: str  # "hotline.total", "hotline.channels.online" …
    section: str  # where the report prints it: "๑.๕"
    label: str  # its name in Thai
    value: float
    past: tuple[tuple[date, float], ...]
    by_weekday: bool = False


@dataclass(frozen=True)
class Band:
    """The usual range of a figure and how many past values it rests on."""

    low: float
    high: float
    points: int


def window(figure: Figure, day: date, rule: HistoryRule) -> list[float]:
    """The past values the figure is judged against: the last `days`, same weekday if it matters."""
    start = day - timedelta(days=rule.days)
    return [
        v
        for d, v in figure.past
        if start <= d < day and (not figure.by_weekday or d.weekday() == day.weekday())
    ]


def band(values: Sequence[float], rule: HistoryRule) -> Band | None:
    """The usual range of past values, or None when there are too few to say."""
    if len(values) < rule.min_points:
        return None
    if rule.method == "minmax":
        return Band(min(values), max(values), len(values))
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    # A floor on the spread: a count that was always the same (MAD 0) must not make one more
    # case an outlier; a tenth of the median or one unit, whichever is larger.
    spread = max(MAD_SCALE * mad, MIN_RELATIVE_SPREAD * abs(median), 1.0)
    reach = rule.threshold * spread
    return Band(max(median - reach, 0.0), median + reach, len(values))


def outlier(figure: Figure, day: date, rule: HistoryRule) -> Band | None:
    """The band the figure falls outside of, or None when it is usual (or history is too short)."""
    usual = band(window(figure, day, rule), rule)
    if usual is None or usual.low <= figure.value <= usual.high:
        return None
    return usual


def _range_text(usual: Band) -> str:
    return f"{n(round(usual.low))} - {n(round(usual.high))}"


def check(ctx: Context) -> Iterator[Finding]:
    """A warning for every figure outside its usual range."""
    rule = ctx.history_rule or HistoryRule()
    for figure in ctx.history:
        usual = outlier(figure, ctx.report.date, rule)
        if usual is None:
            continue
        basis = "วันเดียวกันของสัปดาห์ " if figure.by_weekday else ""
        yield Finding(
            "history.outlier",
            "warning",
            figure.section,
            figure.label,
            f"{figure.label} {n(figure.value)} อยู่นอกช่วงปกติ {_range_text(usual)} "
            f"(จาก{basis}{n(usual.points)} วันใน {n(rule.days)} วันที่ผ่านมา)",
            "ตรวจตัวเลขกับต้นทางอีกครั้ง หากถูกต้องแล้วออกรายงานได้",
            "history",
        )

"""The hotline page's chart: cases per day over the last weeks against the fiscal-year average.

The average is the one section ๑.๕ of the report prints: the fiscal year's cases up to the day
over its calendar days (`msoc.apps.hotline.stats.fiscal_year_figures`), so the dashed line and the report
agree. A day without figures is left empty, unlike a day with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from msoc.apps.hotline.stats import fiscal_year_figures, totals_by_day
from msoc.thai import fiscal_year, fiscal_year_start, format_thai_date_short, to_thai_digits
from msoc.web import charts

DAYS = 30


@dataclass(frozen=True)
class CasesChart:
    """The SVG, the average it is drawn against, and the days as (Thai date, cases or None)."""

    svg: str
    average: int
    fiscal_year: int
    rows: list[tuple[str, int | None]]


def cases_chart(day: date, n: int = DAYS) -> CasesChart:
    """Cases of the `n` days up to `day` as bars, against the fiscal year's average per day."""
    totals = totals_by_day(min(day - timedelta(days=n - 1), fiscal_year_start(day)), day)
    average = int(fiscal_year_figures(day, totals)[0]["per_day"])
    days = [day - timedelta(days=i) for i in range(n - 1, -1, -1)]
    values = [totals.get(d) for d in days]
    year = fiscal_year(day)
    svg = charts.bars_against(
        days,
        values,
        float(average),
        title=to_thai_digits(f"จำนวนเรื่องสายด่วน ๑๓๐๐ รายวัน {n} วันล่าสุด เทียบค่าเฉลี่ยปีงบประมาณ {year}"),
        note="เฉลี่ยปีงบประมาณ",
    )
    rows = [(format_thai_date_short(d), v) for d, v in zip(days, values, strict=True)]
    return CasesChart(svg, average, year, rows)

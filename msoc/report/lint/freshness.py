"""Freshness: news rows outside the report's period, data older than the report can use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from msoc.report.lint.finding import NEWS_LABELS, Context, Finding, n, row_label
from msoc.report.model import SECTIONS
from msoc.thai import BANGKOK, ThaiFormatError, format_dtg, format_thai_date_short, parse_thai_date

STALE_DAYS = {"reservoir": 3, "covid": 14}


def period(ctx: Context) -> tuple[datetime, datetime]:
    """The report's news period, never wider than the day before (from midnight) and the day.

    An imported report's period is taken from its own rows, so the fixed window is what
    catches an old row there.
    """
    report = ctx.report
    day = report.date
    start = datetime.combine(day - timedelta(days=1), time(0, 0), BANGKOK)
    end = datetime.combine(day, time(23, 59), BANGKOK)
    if report.period_start is not None:
        start = max(start, report.period_start)
    if report.period_end is not None:
        end = min(end, report.period_end)
    return start, end


def rows(ctx: Context) -> Iterator[Finding]:
    """Every news row was published within the report's period."""
    start, end = period(ctx)
    for s in SECTIONS:
        for i, row in enumerate(ctx.report.news_in(s), 1):
            if start <= row.published_at <= end:
                continue
            when = "หลัง" if row.published_at > end else "ก่อน"
            yield Finding(
                "freshness.outside_period",
                "error",
                NEWS_LABELS[s],
                row_label(i),
                f"ข่าวเวลา {format_dtg(row.published_at)} อยู่{when}ช่วงของรายงาน "
                f"({format_dtg(start)} - {format_dtg(end)})",
                "ตรวจวันเวลาของข่าว หรือนำออกจากรายงานฉบับนี้",
                "freshness",
            )


def data_age(ctx: Context) -> Iterator[Finding]:
    """The reservoir data and the weekly epidemic figures are recent enough for the report's day."""
    report = ctx.report
    if m := re.search(r"วันที่\s*(.+?)\)?$", report.disaster.reservoir_title):
        try:
            when = parse_thai_date(m.group(1).strip(" )"), reference=report.date).value
        except ThaiFormatError:
            when = None
        if when is not None and (report.date - when).days > STALE_DAYS["reservoir"]:
            yield _stale("๑.๔", "สภาพน้ำในอ่างเก็บน้ำ", when, report.date)
    cw = report.situation.covid_week
    if cw is not None and (report.date - cw.end).days > STALE_DAYS["covid"]:
        yield _stale("๑.๒", "ตัวเลขโควิด 19 รายสัปดาห์", cw.end, report.date)


def _stale(section: str, what: str, when: object, day: object) -> Finding:
    age = (day - when).days  # type: ignore[operator]
    return Finding(
        "freshness.stale_data",
        "warning",
        section,
        what,
        f"ข้อมูลวันที่ {format_thai_date_short(when)} เก่ากว่าวันที่รายงาน {n(age)} วัน",  # type: ignore[arg-type]
        "ใช้ข้อมูลล่าสุด",
        "freshness",
    )


def check(ctx: Context) -> Iterator[Finding]:
    """All freshness rules over a report."""
    yield from rows(ctx)
    yield from data_age(ctx)

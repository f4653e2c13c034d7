"""Section ๑.๕ computed from cases: the day's breakdowns and the fiscal-year figures.

`breakdown` is a pure function over case tuples. `figures_for_days` reads the cases of some days
in one query; `fiscal_year_figures` sums `DayTotals` (so days known only by their totals count
too). A zero prints as '-' in the report, so zero counts are stored as None, as the sample does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from msoc.apps.hotline.models import Case, DayTotals
from msoc.report import model as m
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES
from msoc.thai import days_inclusive, fiscal_year, fiscal_year_bounds, fiscal_year_start

# (sex, channel, kind, handling, referral, mobile_unit): the fields a breakdown needs.
CaseTuple = tuple[str, str, str, str, str, bool]
CASE_FIELDS = ("sex", "channel", "kind", "handling", "referral", "mobile_unit")

# The figures of a day as stored in DayTotals and printed in section ๑.๕.
DAY_FIELDS = ("total", "male", "female", "channels", "services", "referrals", "mobile_unit",
              "kinds", "kinds_total", "fiscal_year_to_date", "previous_fiscal_year")  # fmt: skip


def hotline_for(day: date) -> m.Hotline | None:
    """The hotline figures of a date as the report prints them."""
    totals = DayTotals.objects.filter(date=day).first()
    if totals is None:
        return None
    return m.hotline_from_dict({name: getattr(totals, name) for name in DAY_FIELDS})


def per_day(total: int, days: int) -> int:
    """The average per day as the report prints it: rounded half up to a whole number."""
    if days <= 0:
        return 0
    return int((Decimal(total) / Decimal(days)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _dash(counter: Counter[str], keys: Iterable[str]) -> dict[str, int | None]:
    return {k: (counter[k] or None) for k in keys}


def breakdown(cases: Iterable[CaseTuple]) -> dict[str, Any]:
    """The day's ๑.๕ figures (DayTotals fields) from its cases; every breakdown sums to total."""
    sexes: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    services: Counter[str] = Counter()
    referrals: Counter[str] = Counter()
    total = mobile = 0
    for sex, channel, kind, handling, referral, mobile_unit in cases:
        total += 1
        sexes[sex] += 1
        channels[channel] += 1
        kinds[kind] += 1
        services[handling] += 1
        if handling == "referred":
            referrals[referral] += 1
        mobile += bool(mobile_unit)
    return {
        "total": total,
        "male": sexes["male"] or None,
        "female": sexes["female"] or None,
        "channels": _dash(channels, HOTLINE_CHANNELS),
        "services": _dash(services, HOTLINE_SERVICES),
        "referrals": _dash(referrals, HOTLINE_REFERRALS),
        "mobile_unit": mobile or None,
        "kinds": _dash(kinds, HOTLINE_KINDS),
        "kinds_total": total,
    }


def sums(figures: dict[str, Any]) -> dict[str, int]:
    """Each breakdown's sum (None counting 0), to check against the total."""

    def s(values: Iterable[int | None]) -> int:
        return sum(v or 0 for v in values)

    return {
        "sex": s([figures.get("male"), figures.get("female")]),
        "channels": s(figures["channels"].values()),
        "services": s(figures["services"].values()),
        "referrals": s(figures["referrals"].values()),
        "kinds": s(figures["kinds"].values()),
    }


def figures_for_days(start: date, end: date) -> dict[date, dict[str, Any]]:
    """The computed breakdown of every day from start to end that has cases (one query)."""
    grouped: dict[date, list[CaseTuple]] = defaultdict(list)
    rows = Case.objects.filter(day__gte=start, day__lte=end).values_list("day", *CASE_FIELDS)
    for day, *rest in rows.iterator(chunk_size=5000):
        grouped[day].append(tuple(rest))  # type: ignore[arg-type]
    return {day: breakdown(cases) for day, cases in grouped.items()}


def totals_by_day(start: date, end: date) -> dict[date, int]:
    """The stored day totals (computed or manual) from start to end."""
    rows = DayTotals.objects.filter(date__gte=start, date__lte=end).values_list("date", "total")
    return dict(rows)


def fiscal_year_figures(
    day: date, totals: dict[date, int]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Fiscal year to date (days, total, per day) and the previous year's total and average."""
    start = fiscal_year_start(day)
    days = days_inclusive(start, day)
    total = sum(n for d, n in totals.items() if start <= d <= day)
    current = {
        "start": start.isoformat(),
        "end": day.isoformat(),
        "days": days,
        "total": total,
        "per_day": per_day(total, days),
    }
    prev_fy = fiscal_year(day) - 1
    prev_start, prev_end = fiscal_year_bounds(prev_fy)
    prev_days = [n for d, n in totals.items() if prev_start <= d <= prev_end]
    if not prev_days:
        return current, None
    prev_total = sum(prev_days)
    previous = {
        "year_be": prev_fy,
        "total": prev_total,
        "per_day": per_day(prev_total, days_inclusive(prev_start, prev_end)),
    }
    return current, previous


@dataclass
class RunningTotals:
    """Day totals of two fiscal years, for the fiscal-year figures of many days in one pass."""

    totals: dict[date, int]

    def figures(self, days: Iterable[date]) -> Iterator[tuple[date, dict[str, Any], Any]]:
        """(day, fiscal year to date, previous fiscal year) for each day, in date order."""
        ordered = sorted(self.totals)
        prefix: dict[date, int] = {}
        running = 0
        for d in ordered:
            running += self.totals[d]
            prefix[d] = running

        def upto(d: date) -> int:
            # The running sum up to and including d over stored days (d itself may be missing).
            while d not in prefix and d >= ordered[0]:
                d -= timedelta(days=1)
            return prefix.get(d, 0)

        prev_cache: dict[int, Any] = {}
        for day in sorted(days):
            start = fiscal_year_start(day)
            total = upto(day) - upto(start - timedelta(days=1)) if ordered else 0
            n = days_inclusive(start, day)
            current = {"start": start.isoformat(), "end": day.isoformat(), "days": n,
                       "total": total, "per_day": per_day(total, n)}  # fmt: skip
            fy = fiscal_year(day) - 1
            if fy not in prev_cache:
                _, prev = fiscal_year_figures(fiscal_year_bounds(fy)[1] + timedelta(days=1),
                                              {d: t for d, t in self.totals.items()
                                               if fiscal_year(d) == fy})  # fmt: skip
                prev_cache[fy] = prev
            yield day, current, prev_cache[fy]


def fiscal_window(day: date) -> tuple[date, date]:
    """From the start of the previous fiscal year to the day: what the figures of a day read."""
    return fiscal_year_bounds(fiscal_year(day) - 1)[0], day

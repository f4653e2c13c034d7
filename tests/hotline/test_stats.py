"""Section ๑.๕ from cases and day totals: breakdowns add up, fiscal-year figures as printed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msoc.apps.hotline.actions import HotlineError, do_bulk_manual_totals, do_save_manual_totals
from msoc.apps.hotline.models import DayTotals
from msoc.apps.hotline.services import import_export_file
from msoc.apps.hotline.stats import breakdown, per_day, sums
from msoc.apps.reports.build import hotline_for
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS
from tests.hotline.test_import import DEMO

case = st.tuples(
    st.sampled_from(["male", "female", "unknown"]),
    st.sampled_from(list(HOTLINE_CHANNELS)),
    st.sampled_from(list(HOTLINE_KINDS)),
    st.sampled_from(["ministry", "referred"]),
    st.sampled_from(list(HOTLINE_REFERRALS)),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(case, max_size=80))
def test_every_breakdown_adds_up(cases: list) -> None:
    cases = [(s, c, k, h, r if h == "referred" else "", m) for s, c, k, h, r, m in cases]
    figures = breakdown(cases)
    total = len(cases)
    totals = sums(figures)
    assert figures["total"] == figures["kinds_total"] == total
    assert totals["channels"] == totals["services"] == totals["kinds"] == total
    assert totals["referrals"] == (figures["services"]["referred"] or 0)
    assert totals["sex"] == total - sum(1 for c in cases if c[0] == "unknown")
    assert (figures["mobile_unit"] or 0) == sum(1 for c in cases if c[5])


def test_per_day_rounds_half_up_as_the_report_prints() -> None:
    assert per_day(76616, 215) == 356  # 356.35
    assert per_day(140074, 365) == 384  # 383.76
    assert per_day(5, 2) == 3 and per_day(0, 0) == 0


@pytest.mark.django_db
def test_fiscal_year_figures_sum_days_known_only_by_totals() -> None:
    # FY2565: 365 days totalling 140,074; FY2566 up to 2 May: 214 days totalling 76,154.
    previous = {date(2021, 10, 1) + timedelta(days=i): 383 for i in range(365)}
    previous[date(2022, 9, 30)] += 140074 - 383 * 365
    current = {date(2022, 10, 1) + timedelta(days=i): 355 for i in range(214)}
    current[date(2023, 5, 2)] += 76154 - 355 * 214
    do_bulk_manual_totals({**previous, **current})
    assert import_export_file(DEMO).committed
    hotline = hotline_for(date(2023, 5, 3))
    assert hotline is not None
    fy, prev = hotline.fiscal_year_to_date, hotline.previous_fiscal_year
    assert (fy.start, fy.end, fy.days, fy.total, fy.per_day) == (
        date(2022, 10, 1), date(2023, 5, 3), 215, 76616, 356)  # fmt: skip
    assert (prev.year_be, prev.total, prev.per_day) == (2565, 140074, 384)
    # A later manual day's fiscal-year figures include the computed day.
    row = do_save_manual_totals(date(2023, 5, 4), {"total": 400, "kinds_total": 400})
    assert row.fiscal_year_to_date["total"] == 76616 + 400 and row.origin == "manual"


@pytest.mark.django_db
def test_manual_totals_are_checked() -> None:
    with pytest.raises(HotlineError, match="ผลรวมของ channels"):
        do_save_manual_totals(date(2023, 1, 5), {"total": 10, "channels": {"hotline": 4}})
    with pytest.raises(HotlineError, match="ไม่รู้จัก"):
        do_save_manual_totals(date(2023, 1, 5), {"total": 10, "kinds": {"spam": 10}})
    assert not DayTotals.objects.filter(date=date(2023, 1, 5)).exists()
    assert import_export_file(DEMO).committed
    with pytest.raises(HotlineError, match="มีรายการเรื่องแล้ว"):
        do_save_manual_totals(date(2023, 5, 3), {"total": 1})

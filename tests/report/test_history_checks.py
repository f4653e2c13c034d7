"""Checks against history: a hotline day far outside its past warns with the range; usual days do not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command

from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports.build import hotline_for, report_for_date
from msoc.apps.reports.checks import check_report
from msoc.apps.reports.history import hotline_figures
from msoc.report.lint import has_errors, lint
from msoc.report.lint.history import Figure, HistoryRule, band, outlier, window

DAY = date(2023, 5, 3)  # the demo's sample day (a Wednesday)


def _outliers(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.rule == "history.outlier"]


def test_robust_band_and_rules() -> None:
    rule = HistoryRule(min_points=5)
    values = [100, 104, 98, 101, 97, 103, 99, 2000]  # one wild past value barely moves the band
    usual = band(values, rule)
    assert usual is not None and 60 < usual.low < 100 < usual.high < 140  # mean ± 3 SD: 0 - 2,300
    assert band(values[:3], rule) is None  # too short a history says nothing
    minmax = band(values, HistoryRule(method="minmax", min_points=5))
    assert minmax is not None and (minmax.low, minmax.high) == (97, 2000)
    flat = band([0] * 10, rule)  # a count that is always 0: one case is not an outlier
    assert flat is not None and flat.high >= 3
    with pytest.raises(ValueError, match="MSOC_HISTORY_METHOD"):
        HistoryRule(method="zscore")


def test_weekday_history_only_where_it_matters() -> None:
    day = date(2026, 12, 7)  # a Monday
    past = tuple((day - timedelta(days=i), 500.0 if (day - timedelta(days=i)).weekday() == 0 else 100.0)
                 for i in range(1, 91))  # fmt: skip
    weekly = Figure("x", "๑.๕", "รวม", 480.0, past, by_weekday=True)
    flat = Figure("x", "๑.๕", "รวม", 480.0, past, by_weekday=False)
    assert outlier(weekly, day, HistoryRule()) is None  # Mondays are busy: 480 is usual
    assert outlier(flat, day, HistoryRule()) is not None


@pytest.mark.django_db
def test_hotline_day_far_outside_its_history_warns_with_the_range() -> None:
    call_command("demo-data")
    daily = report_for_date(DAY)
    assert daily.hotline is not None and daily.hotline.total == 462
    assert not _outliers(check_report(daily))  # the demo's own day is usual

    wild = replace(daily, hotline=replace(daily.hotline, total=daily.hotline.total * 5))
    found = _outliers(check_report(wild))
    assert [f.location for f in found] == ["สายด่วนรวม"]
    warning = found[0]
    assert warning.severity == "warning" and warning.section == "๑.๕"
    assert "๒,๓๑๐" in warning.found and "นอกช่วงปกติ" in warning.found
    low, high = warning.found.split("นอกช่วงปกติ ")[1].split(" (")[0].split(" - ")
    assert low and high  # the usual range, in Thai digits
    assert not has_errors(found)


@pytest.mark.django_db
def test_no_false_alarm_on_any_demo_day() -> None:
    """Every one of the demo's 579 hotline days, judged against its own past: no warning."""
    call_command("demo-data")
    rows = list(DayTotals.objects.order_by("date"))
    assert len(rows) >= 579
    judged = 0
    rule = HistoryRule()
    for row in rows:
        hotline = hotline_for(row.date)
        assert hotline is not None
        for figure in hotline_figures(hotline, row.date, rule.days):
            judged += band(window(figure, row.date, rule), rule) is not None
            assert outlier(figure, row.date, rule) is None, (row.date, figure.key, figure.value)
    assert judged > 500  # most days have enough history to be judged


def test_lint_without_history_is_unchanged(sample_report_path: Any) -> None:
    from msoc.report.importer import parse_report_text

    report = parse_report_text(sample_report_path.read_text(encoding="utf-8")).report
    assert not _outliers(lint(report))

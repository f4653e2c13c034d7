"""`msoc demo-data` reproduces the sample day's computed sections through msoc, idempotently."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from msoc.apps.hotline.models import Case
from msoc.apps.reports.build import build_daily_report
from msoc.apps.reports.models import Report
from msoc.apps.reports.services import import_report_file
from msoc.apps.situation.models import Reading

DAY = date(2023, 5, 3)


@pytest.mark.django_db
def test_demo_data_reproduces_the_sample(sample_report_path: Path) -> None:
    import_report_file(sample_report_path)
    call_command("demo-data")
    call_command("demo-data")  # a second run changes nothing
    assert Case.objects.count() == 462 and Reading.objects.count() == 4
    sample = build_daily_report(DAY, Report.objects.get(date=DAY, status="imported"))
    built = build_daily_report(DAY, Report.objects.get(date=DAY, status="draft"))
    h = built.hotline
    assert h is not None and (h.total, h.male, h.female, h.mobile_unit) == (462, 117, 345, 12)
    assert h.fiscal_year_to_date.days == 215 and h.fiscal_year_to_date.total == 76616
    assert h.fiscal_year_to_date.per_day == 356
    assert (h.previous_fiscal_year.total, h.previous_fiscal_year.per_day) == (140074, 384)
    assert built.situation.covid_week == sample.situation.covid_week
    assert built.situation.general == sample.situation.general
    assert built.disaster.forecast == sample.disaster.forecast
    assert [r.count for r in built.disaster.reservoirs] == [6, 1, 12]
    assert built.disaster.reservoir_title == sample.disaster.reservoir_title
    assert built.disaster.source_line == sample.disaster.source_line
    assert [u.code for u in built.units] == [u.code for u in sample.units]
    five_two = built.standing_block("section5_2")
    assert five_two is not None and "๑,๘๒๒.๑๑๔๕" in five_two.lines[0].text

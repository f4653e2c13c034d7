"""Reports in the database: import of the sample, building from tables, issuing and correcting."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import close_old_connections

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.models import DayTotals
from msoc.apps.reports import actions
from msoc.apps.reports.build import build_daily_report, report_for_date
from msoc.apps.reports.models import DocumentNumberSequence, NewsRow, Report, StandingBlock
from msoc.apps.reports.services import import_report_file
from msoc.apps.units.models import Activity
from msoc.report import model as m
from msoc.thai import BANGKOK
from tests.helpers import issue_overriding, override_all

SAMPLE_DATE = date(2023, 5, 3)
pytestmark = pytest.mark.django_db


def test_sample_imports_completely(sample_report_path: Path) -> None:
    outcome, _issues = import_report_file(sample_report_path)
    report = outcome.report
    assert report.status == Report.Status.IMPORTED and report.document_number == 4750
    counts = {s: NewsRow.objects.filter(report=report, section=s).count() for s in m.SECTIONS}
    assert counts == {"social": 14, "politics": 18, "ministry": 1, "foreign": 13}
    hotline = DayTotals.objects.get(date=SAMPLE_DATE)
    assert (hotline.total, hotline.male, hotline.female) == (462, 117, 345)
    assert hotline.fiscal_year_to_date["total"] == 76616
    per_unit = {
        code: Activity.objects.filter(date=SAMPLE_DATE, unit__code=code).count()
        for code in ["สป.", "พส.", "สค.", "ดย.", "พก.", "ผส.", "พอช."]
    }
    assert per_unit == {"สป.": 2, "พส.": 2, "สค.": 2, "ดย.": 4, "พก.": 3, "ผส.": 4, "พอช.": 2}
    assert set(StandingBlock.objects.values_list("key", flat=True)) == {
        "section3",
        "section4",
        "section5_2",
    }
    assert DocumentNumberSequence.objects.get(agency_code=report.agency_code).last_number == 4750


def test_importing_twice_changes_nothing(sample_report_path: Path) -> None:
    first, _ = import_report_file(sample_report_path)
    events = AuditEvent.objects.count()
    snapshot = list(NewsRow.objects.values_list("id", "summary"))
    second, _ = import_report_file(sample_report_path)
    assert second.changed is False and second.report.pk == first.report.pk
    assert AuditEvent.objects.count() == events
    assert list(NewsRow.objects.values_list("id", "summary")) == snapshot
    assert StandingBlock.objects.count() == 3 and Activity.objects.count() == 19


def test_built_report_equals_imported_content(sample_report_path: Path) -> None:
    outcome, _ = import_report_file(sample_report_path)
    frozen = report_for_date(SAMPLE_DATE)
    built = build_daily_report(SAMPLE_DATE, outcome.report)
    assert built.news == frozen.news
    assert built.hotline == frozen.hotline
    assert built.units == frozen.units
    assert built.standing == frozen.standing
    assert built.key_headlines == frozen.key_headlines
    assert built.situation == frozen.situation and built.disaster == frozen.disaster
    assert built.header.document_number == frozen.header.document_number == 4750


def _draft_with_rows(day: date) -> Report:
    draft = actions.do_get_or_create_draft(day)
    NewsRow.objects.create(
        report=draft,
        section="social",
        position=1,
        source="มติชน ออนไลน์",
        place="กทม.",
        summary="ทดสอบข่าว",
        published_at=datetime(day.year, day.month, day.day, 9, 30, tzinfo=BANGKOK),
    )
    return draft


def test_issue_allocates_next_number_and_freezes(
    sample_report_path: Path, tmp_path: Path, settings
) -> None:
    settings.ARCHIVE_DIR = tmp_path
    import_report_file(sample_report_path)
    day = date(2023, 5, 4)
    _draft_with_rows(day)
    issued = issue_overriding(day, render=False)
    assert issued.document_number == 4751 and issued.status == Report.Status.ISSUED
    assert issued.content["header"]["document_number"] == 4751
    NewsRow.objects.filter(report=issued).update(
        summary="แก้ภายหลัง"
    )  # rows may change; content may not
    assert report_for_date(day).news[0].summary == "ทดสอบข่าว"
    with pytest.raises(actions.ReportActionError):
        actions.do_issue_report(day, render=False)  # no draft left


def test_correction_supersedes_with_a_new_number(sample_report_path: Path) -> None:
    import_report_file(sample_report_path)
    draft = actions.do_start_correction(SAMPLE_DATE)
    assert draft.rows.count() == 46
    draft.rows.filter(section="foreign", place="ชูดาน").update(place="ซูดาน")
    corrected = issue_overriding(SAMPLE_DATE, render=False)
    assert (
        corrected.document_number == 4751
        and corrected.supersedes.status == Report.Status.SUPERSEDED
    )
    assert "ซูดาน" in [r.place for r in report_for_date(SAMPLE_DATE).news]


@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_never_share_a_number() -> None:
    days = [date(2023, 6, d) for d in range(1, 7)]
    for day in days:
        _draft_with_rows(day)
    numbers: list[int] = []
    errors: list[Exception] = []

    def issue(day: date) -> None:
        try:
            numbers.append(actions.do_issue_report(day, render=False).document_number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=issue, args=(d,)) for d in days + days]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == len(days), errors
    assert sorted(numbers) == list(range(1, len(days) + 1))
    assert all(isinstance(e, actions.ReportActionError) for e in errors)


def test_a_draft_with_computed_situation_becomes_the_correction(sample_report_path: Path) -> None:
    import_report_file(sample_report_path)
    plain = actions.do_get_or_create_draft(SAMPLE_DATE)
    Report.objects.filter(pk=plain.pk).update(situation={"general": ["คำนวณจากข้อมูล"]})
    draft = actions.do_start_correction(SAMPLE_DATE)
    assert draft.pk == plain.pk and draft.supersedes is not None
    assert draft.situation == {"general": ["คำนวณจากข้อมูล"]} and draft.rows.count() == 46
    with pytest.raises(actions.ReportActionError):
        actions.do_start_correction(SAMPLE_DATE)
    issued = issue_overriding(SAMPLE_DATE, render=False)
    assert issued.content["situation"]["general"] == ["คำนวณจากข้อมูล"]


def test_errors_stop_issuing_until_each_is_overridden_with_a_reason(
    sample_report_path: Path,
) -> None:
    import_report_file(sample_report_path)
    actions.do_start_correction(SAMPLE_DATE)
    with pytest.raises(actions.ReportBlocked) as blocked:
        actions.do_issue_report(SAMPLE_DATE, render=False)
    assert {f.rule for f in blocked.value.findings} >= {"arith.budget_total", "order.numbering"}
    overrides = override_all(SAMPLE_DATE)
    first = next(iter(overrides))
    with pytest.raises(actions.ReportBlocked):  # one reason missing still blocks
        actions.do_issue_report(SAMPLE_DATE, render=False, overrides={**overrides, first: " "})
    assert Report.objects.get(date=SAMPLE_DATE, status="draft").document_number is None
    issued = actions.do_issue_report(SAMPLE_DATE, render=False, overrides=overrides)
    event = AuditEvent.objects.filter(action="report.issue", target_id=str(issued.pk)).get()
    assert event.detail["overridden"] == overrides

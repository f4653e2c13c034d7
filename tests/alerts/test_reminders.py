"""Submissions and reminders: a unit with nothing by its deadline is late and is reminded once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from msoc.apps.alerts.actions.reminders import run_reminders
from msoc.apps.alerts.deliveries import run_deliveries
from msoc.apps.alerts.models import Delivery
from msoc.apps.units.actions import do_add_activity
from msoc.apps.units.models import Activity, Duty, Holiday, Unit
from msoc.apps.units.submissions import State, board, duty_days, working_day
from tests.alerts.conftest import Inbox, at

DAY = date(2026, 12, 2)  # a Wednesday
ADDRESS = "dcy-reporter@dcy.go.th"


@pytest.fixture
def contributor(users: dict[str, Any]) -> Any:
    """The ดย. contributor, with an e-mail address."""
    user = users["unit"]
    user.email = ADDRESS
    user.save()
    return user


def _sent_on_time(code: str, day: date, hour: int) -> None:
    activity = do_add_activity(code, day, "ประชุมติดตามงาน")
    Activity.objects.filter(pk=activity.pk).update(
        created_at=at(day.year, day.month, day.day, hour)
    )


def test_default_duties_and_calendar(users: dict[str, Any]) -> None:
    assert Duty.objects.filter(part="activities").count() == Unit.objects.count() == 8
    assert working_day(DAY) and not working_day(date(2026, 12, 5))  # a Saturday
    Holiday.objects.create(date=DAY, name="วันหยุดชดเชย")
    assert not working_day(DAY)
    assert duty_days(DAY, at(2026, 12, 2, 12)) == []


def test_unit_without_activities_is_late_and_reminded_once(contributor: Any, inbox: Inbox) -> None:
    _sent_on_time("สป.", DAY, 7)
    # 07:40: ดย.'s deadline is 08:30, its reminder an hour before: one letter is queued.
    assert run_reminders(at(2026, 12, 2, 7, 40)) == 1
    assert run_deliveries(at(2026, 12, 2, 7, 41)).sent
    assert run_reminders(at(2026, 12, 2, 8, 10)) == 0  # still nothing sent: no second letter
    assert run_reminders(at(2026, 12, 2, 9, 0)) == 0
    run_deliveries(at(2026, 12, 2, 9, 1))
    mails = inbox.to(ADDRESS)
    assert len(mails) == 1
    message = mails[0].message
    assert "ดย." in message["Subject"]
    body = message.get_content()
    assert "กิจกรรม (ส่วนที่ ๒)" in body and "๐๘.๓๐" in body
    assert "/entry/units/ดย./2026-12-02/" in body
    assert Delivery.objects.filter(topic="reminder:ดย.:2026-12-02").count() == 1

    rows = {r.unit.code: r for r in board(DAY, at(2026, 12, 2, 9, 0))}
    assert [d.state for d in rows["ดย."].today] == [State.LATE]
    assert [d.state for d in rows["สป."].today if d.duty.part == "activities"] == [State.ON_TIME]
    assert rows["สป."].on_time_rate is not None and rows["ดย."].reporting_rate == 0


def test_no_reminder_before_its_time_nor_after_sending(contributor: Any, inbox: Inbox) -> None:
    assert run_reminders(at(2026, 12, 2, 7, 0)) == 0  # 90 minutes before: too early
    _sent_on_time("ดย.", DAY, 7)
    assert run_reminders(at(2026, 12, 2, 8, 0)) == 0  # sent: nothing to remind
    assert not Delivery.objects.filter(topic__startswith="reminder:").exists()


def test_rates_over_the_window(users: dict[str, Any]) -> None:
    # Mon 30 Nov on time, Tue 1 Dec late, Wed 2 Dec nothing; weekend days do not count.
    _sent_on_time("พก.", date(2026, 11, 30), 8)
    _sent_on_time("พก.", date(2026, 12, 1), 10)
    row = next(r for r in board(DAY, at(2026, 12, 2, 12), days=3) if r.unit.code == "พก.")
    assert (row.expected, row.sent, row.on_time) == (3, 2, 1)
    assert row.rates_text == "๖๗% / ๓๓%"


def test_a_situation_duty_counts_as_sent_at_its_sources_first_reading(
    users: dict[str, Any],
) -> None:
    # The situation app tells units (through add_sent_source) when its readings came.
    from datetime import time

    from msoc.apps.situation.actions import do_record_reading
    from msoc.apps.situation.models import Reading

    unit = Unit.objects.get(code="สป.")
    Duty.objects.create(unit=unit, part="situation", source="tmd", deadline=time(9, 0))
    do_record_reading("tmd", DAY, {"title": "พยากรณ์", "paragraphs": ["ฝนตก"]})
    Reading.objects.update(created_at=at(2026, 12, 2, 8))
    do_record_reading("rid", DAY, {"reservoirs": []})  # another source: not this duty's
    row = next(r for r in board(DAY, at(2026, 12, 2, 12), days=1) if r.unit.code == "สป.")
    parts = {d.duty.source: d for d in row.today if d.duty.part == "situation"}
    assert parts["tmd"].state == State.ON_TIME and parts["tmd"].sent_at == at(2026, 12, 2, 8)
    assert parts["manual"].sent_at is None  # the default manual duty: nothing entered


def test_submissions_page_and_home_block(clients: dict[str, Any], contributor: Any) -> None:
    page = clients["viewer"].get("/submissions/2026-12-02/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-unit="ดย."' in text and "อัตรา" in text
    home = clients["viewer"].get("/").content.decode()
    assert 'id="submissions"' in home and 'id="timeline"' in home
    assert clients["viewer"].get("/submissions/not-a-day/").status_code == 404


def test_builder_lists_the_missing_parts(clients: dict[str, Any]) -> None:
    _sent_on_time("สป.", DAY, 7)
    text = clients["editor"].get("/reports/2026-12-02/").content.decode()
    block = text.split('class="advisory missing-parts"')[1].split("</div>")[0]
    assert "ดย. กิจกรรม (ส่วนที่ ๒)" in block and "ไม่ได้ส่ง" in block
    assert "สป. กิจกรรม" not in block and "สป. สถิติสายด่วน" in block


def test_commands_and_the_scheduler_hook(contributor: Any, inbox: Inbox) -> None:
    from io import StringIO

    from django.core.management import call_command

    from msoc.web.scheduler import periodic_jobs

    assert {"reminders", "saved-searches"} <= {name for name, _ in periodic_jobs()}
    out = StringIO()
    call_command("units", "remind", "--now", "2026-12-02T08:00", stdout=out)
    assert "เข้าคิวอีเมลเตือน 1 หน่วยงาน" in out.getvalue()
    call_command("units", "remind", "--now", "2026-12-02T08:05", stdout=out)
    assert "เข้าคิวอีเมลเตือน 0 หน่วยงาน" in out.getvalue()
    call_command("units", "status", "2026-12-02", stdout=out)
    assert "ดย." in out.getvalue() and "กิจกรรม (ส่วนที่ ๒)" in out.getvalue()
    call_command("alerts", "watch", stdout=out)
    assert "ส่งอีเมลแล้ว 1 ฉบับ" in out.getvalue() and len(inbox.to(ADDRESS)) == 1

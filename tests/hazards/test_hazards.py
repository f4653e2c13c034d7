"""Hazards over the register (issue 21): the ranked list, scope, follow-ups, report, alerts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.accounts.audit import verify_chain
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hazards.actions import (
    HazardError,
    HazardFields,
    do_add_hazard,
    do_close_hazard,
    do_record_contact,
)
from msoc.apps.hazards.models import Hazard
from msoc.apps.hazards.services import active_on, impact_of
from msoc.apps.register.models import Household
from msoc.apps.register.services import scope_of
from tests.hazards.world import CHAIYAPHUM, KORAT, World, expected_ranking, make_world

PASSWORD = "msoc-test-password-1"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def korat(db: None) -> User:
    return do_add_user("korat", PASSWORD, "province:นครราชสีมา")


def _flood(districts: list[int], **extra: Any) -> Hazard:
    fields = HazardFields(
        title="น้ำท่วมทดสอบ", kind="flood", starts_on=timezone.localdate(), districts=districts
    )
    for key, value in extra.items():
        setattr(fields, key, value)
    return do_add_hazard(fields)[0]


def test_two_districts_list_exactly_their_households_in_rank_order(world: World) -> None:
    hazard = _flood(world.districts)
    impact = impact_of(hazard)
    inside = Household.objects.filter(district_code__in=world.districts)
    assert impact.households == inside.count() > 50
    assert {r.code for r in impact.rows} == set(inside.values_list("code", flat=True))
    assert all(r.district_code in world.districts for r in impact.rows)
    expected = expected_ranking(inside)
    assert [(r.code, r.need, r.reasons) for r in impact.rows] == expected
    needs = [r.need for r in impact.rows]
    assert needs == sorted(needs, reverse=True) and needs[0] > needs[-1]
    assert impact.vulnerable == sum(1 for _, need, _ in expected if need)
    assert impact.by_status["pending"] == impact.households
    by_sub = impact.by_subdistrict
    assert sum(c["households"] for c in by_sub.values()) == impact.households


def test_only_the_latest_survey_year_decides_the_tpmap_need(world: World) -> None:
    from msoc.apps.register.models import HouseholdIndex

    inside = Household.objects.filter(district_code__in=world.districts)
    latest = list(HouseholdIndex.objects.filter(household__in=inside, year=2568))
    HouseholdIndex.objects.bulk_create(  # an older year that says the opposite of the latest
        HouseholdIndex(
            household_id=i.household_id, year=2567, points=i.points, score=i.score,
            deprived=[], af_poor=i.af_poor, tpmap_poor=not i.tpmap_poor, computed_at=i.computed_at,
        )
        for i in latest
    )  # fmt: skip
    rows = impact_of(_flood(world.districts)).rows
    tpmap = {i.household_id for i in latest if i.tpmap_poor}
    label = "ครัวเรือนเป้าหมาย TPMAP"
    assert 0 < len(tpmap) < len(latest)
    assert {r.household_id for r in rows if label in r.reasons} == tpmap
    assert [(r.code, r.need, r.reasons) for r in rows] == expected_ranking(inside)


def test_korat_sees_only_its_province(world: World, korat: User) -> None:
    both = _flood([world.districts[0], world.chaiyaphum_district])
    elsewhere = _flood([world.chaiyaphum_district], title="ชัยภูมิเท่านั้น")
    scoped = impact_of(both, scope_of(korat))
    assert scoped.rows and {r.province_code for r in scoped.rows} == {KORAT}
    assert {r.province_code for r in impact_of(both).rows} == {KORAT, CHAIYAPHUM}
    client = Client()
    client.force_login(korat)
    page = client.get("/hazards/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="hazard-{both.pk}"' in text and f'id="hazard-{elsewhere.pk}"' not in text
    detail = client.get(f"/hazards/{both.pk}/").content.decode()
    codes = Household.objects.filter(province_code=CHAIYAPHUM).values_list("code", flat=True)
    assert not any(code in detail for code in codes)
    assert scoped.rows[0].code in detail
    assert client.get(f"/hazards/{elsewhere.pk}/").status_code == 403
    outsider = Household.objects.filter(province_code=CHAIYAPHUM).first()
    assert outsider is not None
    with pytest.raises(PermissionDenied):
        do_record_contact(both, outsider, "visited", actor=korat)
    assert AuditEvent.objects.filter(action="register.hazard.view").exists()


def test_follow_ups_count_link_help_and_refuse_households_outside(
    world: World, korat: User
) -> None:
    from msoc.apps.register.actions import do_record_assistance
    from msoc.apps.units.models import Unit

    hazard = _flood(world.districts)
    rows = impact_of(hazard).rows
    first, second, third = (Household.objects.get(pk=r.household_id) for r in rows[:3])
    unit, _ = Unit.objects.get_or_create(code="พมจ.", defaults={"name": "พมจ.", "order": 90})
    help_ = do_record_assistance(
        first, unit=unit, kind="goods", given_on=date.today(), result="given", actor=korat
    )
    do_record_contact(hazard, first, "contacted", actor=korat)
    do_record_contact(hazard, first, "helped", assistance=help_.pk, actor=korat)
    do_record_contact(hazard, second, "visited", actor=korat)
    do_record_contact(hazard, third, "unreachable", actor=korat)
    impact = impact_of(hazard)
    s = impact.by_status
    assert (s["helped"], s["visited"], s["unreachable"], s["contacted"]) == (1, 1, 1, 0)
    assert impact.reached == 2 and s["pending"] == impact.households - 3
    with pytest.raises(HazardError, match="ไม่พบการให้ความช่วยเหลือ"):
        do_record_contact(hazard, second, "helped", assistance=help_.pk, actor=korat)
    outside = Household.objects.filter(district_code=world.other_district).first()
    assert outside is not None
    with pytest.raises(HazardError, match="ไม่อยู่ในพื้นที่ภัย"):
        do_record_contact(hazard, outside, "visited", actor=korat)
    assert AuditEvent.objects.filter(action="hazard.contact").count() == 4
    assert verify_chain().ok


def test_report_line_matches_the_counts_and_the_lint_checks_it(world: World) -> None:
    from msoc.apps.reports.build import build_daily_report
    from msoc.report.lint import lint as lint_report
    from msoc.report.render.html import render_html

    today = timezone.localdate()
    hazard = _flood(world.districts)
    for row, status in zip(
        impact_of(hazard).rows, ("helped", "visited", "contacted"), strict=False
    ):
        do_record_contact(hazard, Household.objects.get(pk=row.household_id), status)
    gone = _flood([world.other_district], title="ปิดแล้ว", starts_on=today - timedelta(days=3))
    do_close_hazard(gone.pk, on=today - timedelta(days=1))
    report = build_daily_report(today)
    assert [h.title.split(": ")[-1] for h in report.disaster.hazards] == ["น้ำท่วมทดสอบ"]
    line = report.disaster.hazards[0]
    impact = impact_of(hazard)
    assert (line.households, line.vulnerable, line.reached, line.helped, line.pending) == (
        impact.households,
        impact.vulnerable,
        3,
        1,
        impact.households - 3,
    )
    html = render_html(report)
    from msoc.thai import format_number

    assert f"ครัวเรือนกลุ่มเป้าหมายในพื้นที่ {format_number(impact.households)} ครัวเรือน" in html
    assert "ติดต่อได้แล้ว ๓ ครัวเรือน" in html and "ได้รับความช่วยเหลือ ๑ ครัวเรือน" in html
    assert not [f for f in lint_report(report) if f.section == "๑.๔"]
    line.reached += 1
    found = [f for f in lint_report(report) if f.section == "๑.๔"]
    assert {f.rule for f in found} == {"arith.breakdown"} and len(found) == 2
    again = type(report).from_json(report.to_json())
    assert again.disaster.hazards == report.disaster.hazards


def test_a_day_with_only_a_hazard_has_a_report(world: World) -> None:
    # The hazards app supplies ๑.๔ to reports.build through add_hazard_supplier (apps.py).
    from msoc.apps.reports.build import ReportNotFound, report_for_date

    today = timezone.localdate()
    with pytest.raises(ReportNotFound):
        report_for_date(today)
    _flood(world.districts)
    assert [h.title.split(": ")[-1] for h in report_for_date(today).disaster.hazards] == [
        "น้ำท่วมทดสอบ"
    ]


def test_a_new_hazard_alerts_the_province_office_once(world: World) -> None:
    from msoc.apps.alerts.actions import do_add_recipient, do_save_list, do_save_rule
    from msoc.apps.alerts.models import Alert, Delivery
    from msoc.apps.hazards.services import raise_hazard

    office = do_save_list({"name": "พมจ.นครราชสีมา"}, actor=None)
    do_add_recipient(office.pk, {"email": "office@example.invalid"}, actor=None)
    do_save_rule(
        {"name": "ภัย นม.", "kind": "hazard_vulnerable", "params": {"province": "นครราชสีมา"}},
        lists=[office],
        actor=None,
    )
    fields = HazardFields(
        title="ประกาศ ปภ. ที่ ๑/๒๕๖๙", kind="flood", starts_on=timezone.localdate(),
        districts=world.districts, source_ref="ปภ. ๑/๒๕๖๙",
    )  # fmt: skip
    hazard, alerts = raise_hazard(fields)
    assert len(alerts) == 1 and "ครัวเรือนเปราะบาง" in alerts[0].title
    assert f"/hazards/{hazard.pk}/" in alerts[0].detail
    assert list(Delivery.objects.filter(alert=alerts[0]).values_list("address", flat=True)) == [
        "office@example.invalid"
    ]
    again, more = raise_hazard(fields)
    assert again.pk == hazard.pk and more == []
    _, other = raise_hazard(
        HazardFields(
            title="ชัยภูมิ", kind="storm", starts_on=timezone.localdate(),
            districts=[world.chaiyaphum_district],
        )
    )  # fmt: skip
    assert other == [] and Alert.objects.count() == 1


def test_bad_hazards_are_refused_in_thai(db: None) -> None:
    today = timezone.localdate()
    cases = [
        (HazardFields(title="", kind="flood", starts_on=today, provinces=[19]), "ชื่อ"),
        (HazardFields(title="x", kind="meteor", starts_on=today, provinces=[19]), "ประเภทภัย"),
        (HazardFields(title="x", kind="flood", starts_on=today), "พื้นที่"),
        (HazardFields(title="x", kind="flood", starts_on=today, districts=[9999]), "อำเภอ"),
        (
            HazardFields(
                title="x",
                kind="flood",
                starts_on=today,
                provinces=[19],
                ends_on=today - timedelta(days=1),
            ),
            "วันสิ้นสุด",
        ),  # fmt: skip
        (
            HazardFields(
                title="x", kind="flood", starts_on=today, provinces=[19], polygon=[[1, 2]]
            ),
            "อย่างน้อย",
        ),
    ]
    for fields, words in cases:
        with pytest.raises(HazardError, match=words):
            do_add_hazard(fields)
    assert not Hazard.objects.exists()


def test_command_adds_lists_shows_and_closes(world: World, capsys: Any) -> None:
    call_command(
        "hazards", "add", "พายุทดสอบ", "--kind", "storm", "--districts",
        ",".join(map(str, world.districts)),
    )  # fmt: skip
    hazard = Hazard.objects.get()
    call_command("hazards", "list")
    call_command("hazards", "show", str(hazard.pk), "--limit", "3")
    out = capsys.readouterr().out
    assert "พายุทดสอบ" in out and f"ครัวเรือน {impact_of(hazard).households}" in out
    call_command("hazards", "close", str(hazard.pk))
    assert not active_on(timezone.localdate() + timedelta(days=1)).exists()
    with pytest.raises(Exception, match="ปิดไปแล้ว"):
        call_command("hazards", "close", str(hazard.pk))


def test_web_form_enters_a_declared_area_and_records_a_visit(world: World, korat: User) -> None:
    from msoc.register.areas import default_areas

    client = Client()
    client.force_login(korat)
    name = default_areas().district_name(world.districts[0])
    bad = client.post("/hazards/", {"title": "x", "kind": "flood", "level": "disaster",
                                    "province": str(CHAIYAPHUM), "starts_on": "2026-01-01"})  # fmt: skip
    assert bad.status_code == 400 and not Hazard.objects.exists()
    response = client.post(
        "/hazards/",
        {"title": "ประกาศเขตภัยพิบัติ", "kind": "flood", "level": "disaster",
         "province": str(KORAT), "districts": name, "starts_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and hazard.districts == [world.districts[0]]
    first = impact_of(hazard).rows[0]
    url = f"/hazards/{hazard.pk}/households/{first.household_id}/contact/"
    assert client.post(url, {"status": "visited", "note": "ไปเยี่ยมแล้ว"}).status_code == 302
    assert impact_of(hazard).by_status["visited"] == 1
    client.post(url, {"status": "nonsense"})
    assert impact_of(hazard).by_status["visited"] == 1
    assert client.get(url).status_code == 405

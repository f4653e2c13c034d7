"""Units in their fixed order; activities with people and place, numbered by position."""

from __future__ import annotations

from datetime import date

import pytest

from msoc.apps.reports.build import units_for
from msoc.apps.units.actions import UnitError, do_add_activity, do_remove_activity
from msoc.apps.units.models import Unit

DAY = date(2023, 5, 3)


@pytest.mark.django_db
def test_the_eight_units_in_report_order() -> None:
    codes = list(Unit.objects.values_list("code", flat=True))
    assert codes == ["สป.", "พส.", "สค.", "ดย.", "พก.", "ผส.", "พอช.", "กคช."]
    unit = Unit.objects.get(code="ดย.")
    assert (unit.short_name, unit.full_name) == ("ดย.", "กรมกิจการเด็กและเยาวชน")


@pytest.mark.django_db
def test_activities_are_numbered_in_order_and_renumbered_on_removal() -> None:
    a = do_add_activity("ผส.", DAY, "ประชุมผู้บริหาร", people="อผส.", place="กรม ผส.")
    b = do_add_activity("ผส", DAY, "เปิดโครงการ\nย่อหน้าที่สอง")
    do_add_activity("สป.", DAY, "ประชุมผู้บริหารระดับสูง")
    c = do_add_activity("ผส.", DAY, "อบรมอาสาสมัคร")
    assert [a.position, b.position, c.position] == [1, 2, 3]
    assert (a.people, a.place) == ("อผส.", "กรม ผส.") and b.paragraphs == [
        "เปิดโครงการ",
        "ย่อหน้าที่สอง",
    ]
    section = units_for(DAY)
    assert [u.code for u in section] == ["สป.", "ผส."]  # the fixed order, not the order of entry
    do_remove_activity(b.pk)
    c.refresh_from_db()
    assert c.position == 2
    assert [act.paragraphs for act in units_for(DAY)[1].activities] == [
        ["ประชุมผู้บริหาร"],
        ["อบรมอาสาสมัคร"],
    ]


@pytest.mark.django_db
def test_bad_activity_input() -> None:
    with pytest.raises(UnitError, match="ไม่พบหน่วยงาน"):
        do_add_activity("กรมใหม่", DAY, "x")
    with pytest.raises(UnitError, match="ว่าง"):
        do_add_activity("สป.", DAY, "  \n ")

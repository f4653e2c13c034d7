"""The Thai date field (issue 20): what staff type in พ.ศ. is read, shown back, or refused in Thai."""

from __future__ import annotations

from datetime import date

import pytest

from msoc.web.forms_dates import DayForm, ThaiDateField, day_filter, parse_staff_date

MAY3 = date(2023, 5, 3)


@pytest.mark.parametrize(
    "typed",
    [
        "๓ พ.ค. ๖๖",
        "3 พ.ค. 66",
        "๓ พฤษภาคม ๒๕๖๖",
        "3/5/2566",
        "03/05/2566",
        "๓/๕/๒๕๖๖",
        "3/5/66",
        "3-5-2566",
        "3.5.2566",
        "3/5/2023",
        "2023-05-03",
        "2566-05-03",
        " 3 / 5 / 2566 ",
        "วันพุธที่ ๓ พฤษภาคม พ.ศ. ๒๕๖๖",
    ],
)
def test_staff_dates_are_read_in_buddhist_era(typed: str) -> None:
    assert parse_staff_date(typed) == MAY3


@pytest.mark.parametrize("typed", ["", "วันนี้", "31/2/2566", "5/3", "2566", "3 มีนา 2566x"])
def test_unreadable_dates_are_refused_in_thai(typed: str) -> None:
    field = ThaiDateField()
    with pytest.raises(Exception) as err:
        field.clean(typed)
    message = " ".join(getattr(err.value, "messages", [str(err.value)]))
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message), message


def test_the_widget_shows_the_date_it_read_and_no_browser_date_box() -> None:
    form = DayForm({"day": "3/5/2566"})
    assert form.is_valid() and form.cleaned_data["day"] == MAY3
    html = str(form["day"])
    assert 'type="date"' not in html and 'type="text"' in html
    assert "วันพุธที่ ๓ พฤษภาคม พ.ศ. ๒๕๖๖" in html  # the parsed date shown back
    unbound = DayForm(initial={"day": MAY3})
    assert 'value="๓ พ.ค. ๒๕๖๖"' in str(unbound["day"])
    assert parse_staff_date("๓ พ.ค. ๒๕๖๖") == MAY3  # what the box shows reads back the same


def test_a_bad_day_in_a_filter_keeps_the_default_and_says_why() -> None:
    day, form = day_filter({"day": "๔๔/๑๓/๒๕๖๖"}, MAY3)
    assert day == MAY3 and form.errors["day"]
    assert day_filter({}, MAY3)[0] == MAY3
    assert day_filter({"day": "4 พ.ค. 66"}, MAY3)[0] == date(2023, 5, 4)

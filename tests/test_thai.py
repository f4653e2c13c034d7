"""Thai formatting: digits, Buddhist-era dates, date-time groups, fiscal years, numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msoc import thai

BKK = thai.BANGKOK
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
moments = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=BKK)
)


def test_sample_forms() -> None:
    assert thai.format_thai_date_long(date(2023, 5, 3)) == "วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖"
    assert thai.format_thai_date_short(date(2023, 5, 3)) == "๓ พ.ค. ๖๖"
    assert thai.format_thai_date_short(date(2022, 10, 1), long_year=True) == "๑ ต.ค. ๒๕๖๕"
    assert thai.format_dtg(datetime(2023, 5, 2, 14, 5, tzinfo=BKK)) == "๐๒๑๔๐๕ พ.ค.๖๖"
    assert thai.format_number(76616) == "๗๖,๖๑๖"
    assert thai.format_number(Decimal("1822.0445")) == "๑,๘๒๒.๐๔๔๕"


def test_dtg_is_bangkok_time_whatever_the_input_zone() -> None:
    utc = datetime(2023, 5, 2, 7, 5, tzinfo=thai.ZoneInfo("UTC"))
    assert thai.format_dtg(utc) == "๐๒๑๔๐๕ พ.ค.๖๖"


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [
        ("๐๒๑๔๐๕ พ.ค.๖๖", datetime(2023, 5, 2, 14, 5, tzinfo=BKK), False),
        ("๐๓๐๖๒๗ พ.ค. ๖๖", datetime(2023, 5, 3, 6, 27, tzinfo=BKK), True),  # extra space
        ("๐๒๑๔๐๕ พ.ศ.๖๖", datetime(2023, 5, 2, 14, 5, tzinfo=BKK), True),  # era instead of month
        ("021405 พ.ค.66", datetime(2023, 5, 2, 14, 5, tzinfo=BKK), True),  # Arabic digits
        ("02 1405  พค 66", datetime(2023, 5, 2, 14, 5, tzinfo=BKK), True),  # spaces, undotted month
        ("๓๐๒๓๕๙ เม.ย.๖๖", datetime(2023, 4, 30, 23, 59, tzinfo=BKK), False),
    ],
)
def test_dtg_lenient_parse_reports_repairs(text: str, expected: datetime, repaired: bool) -> None:
    parsed = thai.parse_dtg(text, reference=date(2023, 5, 3))
    assert parsed.value == expected
    assert bool(parsed.repairs) is repaired


def test_wrong_month_is_taken_from_the_previous_month_when_the_day_is_later() -> None:
    parsed = thai.parse_dtg("๓๐๑๒๐๐ พ.ศ.๖๖", reference=date(2023, 5, 3))
    assert parsed.value == datetime(2023, 4, 30, 12, 0, tzinfo=BKK)


@pytest.mark.parametrize(
    "bad", ["", "พ.ค.๖๖", "๒๑๔๐๕ พ.ค.๖๖", "๓๒๑๔๐๕ พ.ค.๖๖", "๐๒๒๕๐๐ พ.ค.๖๖", "abc"]
)
def test_dtg_unreadable_raises_clear_error(bad: str) -> None:
    with pytest.raises(thai.ThaiFormatError):
        thai.parse_dtg(bad, reference=date(2023, 5, 3))


def test_dtg_without_reference_needs_a_month() -> None:
    with pytest.raises(thai.ThaiFormatError, match="อ้างอิง"):
        thai.parse_dtg("๐๒๑๔๐๕ พ.ศ.๖๖")


@given(moments)
def test_dtg_round_trip(moment: datetime) -> None:
    text = thai.format_dtg(moment)
    parsed = thai.parse_dtg(text, reference=moment.date())
    assert parsed.value == moment
    assert parsed.repairs == ()


@given(dates)
def test_long_date_round_trip(day: date) -> None:
    parsed = thai.parse_thai_date(thai.format_thai_date_long(day))
    assert parsed.value == day and parsed.repairs == ()


@given(dates)
def test_short_dates_round_trip(day: date) -> None:
    assert thai.parse_thai_date(thai.format_thai_date_short(day, long_year=True)).value == day
    assert thai.parse_thai_date(thai.format_thai_date_short(day), reference=day).value == day


def test_wrong_weekday_is_reported() -> None:
    parsed = thai.parse_thai_date("วันจันทร์ที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖")
    assert parsed.value == date(2023, 5, 3)
    assert any("พุธ" in r for r in parsed.repairs)


@given(st.text(alphabet="0123456789abc ๐๑๒", max_size=40))
def test_digit_conversion_round_trip(text: str) -> None:
    thai_text = thai.to_thai_digits(text)
    assert not any(c in "0123456789" for c in thai_text)
    assert thai.to_arabic_digits(thai_text) == thai.to_arabic_digits(text)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integer_round_trip(n: int) -> None:
    assert thai.parse_int(thai.format_number(n)).value == n


@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
    )
)
def test_decimal_round_trip(value: Decimal) -> None:
    text = thai.format_number(value, decimals=4)
    assert thai.parse_number(text).value == value


def test_number_forms() -> None:
    assert thai.parse_number("-").value is None
    assert thai.parse_int("๑,๒๕๓,๓๐๕").value == 1253305
    broken = thai.parse_number("๖๒,๒๙๒,๙๒๐๐")
    assert broken.repairs  # misplaced grouping is read but reported
    with pytest.raises(thai.ThaiFormatError):
        thai.parse_number("สิบ")


@given(dates)
def test_fiscal_year(day: date) -> None:
    start = thai.fiscal_year_start(day)
    first, last = thai.fiscal_year_bounds(thai.fiscal_year(day))
    assert first == start <= day <= last
    assert thai.days_inclusive(first, last) in (365, 366)
    assert thai.fiscal_year(start - timedelta(days=1)) == thai.fiscal_year(day) - 1


def test_sample_fiscal_year_figures() -> None:
    assert thai.fiscal_year(date(2023, 5, 3)) == 2566
    assert thai.days_inclusive(date(2022, 10, 1), date(2023, 5, 3)) == 215


def test_normalize_text() -> None:
    assert thai.normalize_text("ข่าว\u200bด่วน\u00a0 กทม.") == "ข่าวด่วน กทม."
    assert thai.normalize_text("น่\u0e48าน") == "น่าน"  # doubled tone mark
    assert thai.normalize_text("ก\u0e4d\u0e32") == "กำ"


def test_body_digits_keep_latin_names() -> None:
    text = thai.thai_body_digits("COVID-19 ผู้ป่วย 1,811 คน B-52 PM 2.5 ปี 2566")
    assert text == "COVID-19 ผู้ป่วย ๑,๘๑๑ คน B-52 PM 2.5 ปี ๒๕๖๖"
    assert thai.thai_body_digits("โคโรนา 2019 (COVID - 19)") == "โคโรนา ๒๐๑๙ (COVID - 19)"


def test_years_typed_in_either_era() -> None:
    from msoc.thai import buddhist_year, christian_year

    assert christian_year(2566) == 2023 and christian_year(2023) == 2023
    assert buddhist_year(2023) == 2566 and buddhist_year(2566) == 2566


def test_vowels_typed_in_pieces_are_joined() -> None:
    from msoc.nlp.segment import clean_text
    from msoc.thai import normalize_text

    for normalise in (normalize_text, clean_text):
        assert normalise("เรื่องเเปลก") == "เรื่องแปลก"  # two sara e for sara ae
        assert normalise("นํ้าท่วม") == "น้ำท่วม"  # nikhahit, tone mark, sara aa
        assert normalise("ทํางาน") == "ทำงาน"
        assert normalise("น้ำท่วม") == "น้ำท่วม"

"""Fuzzing the date-time-group, date and number parsers: a value, or ThaiFormatError."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from msoc.thai import ThaiFormatError, parse_dtg, parse_int, parse_number, parse_thai_date

from .conftest import FUZZ, tried

MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
    "พฤษภาคม",
    "กุมภาพันธ์",
    "พ.ค",
    "พค.",
    "ธันวา",
    "xyz",
]
DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
# Pieces the parsers look for, so the inputs land near their grammar, not only in plain noise.
_piece = st.one_of(
    st.text(alphabet=DIGITS, min_size=1, max_size=8),
    st.sampled_from(MONTHS),
    st.sampled_from(
        [
            " ",
            "  ",
            ".",
            ",",
            "-",
            ":",
            "/",
            "พ.ศ.",
            "พ.ศ",
            "วันพุธที่",
            "วันที่",
            "น.",
            "\u200b",
            "\t",
            "\x1f",
            "\x0b",
            "ที่",
            "๒๕๖๖",
            "๖๖",
            "2566",
            "-0",
            "+",
            "e5",
            "NaN",
            "∞",
        ]
    ),
    st.text(max_size=3),
)
near = st.lists(_piece, max_size=8).map("".join)
anything = st.one_of(near, st.text(max_size=40))
references = st.one_of(
    st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
)


@FUZZ
@given(anything, references)
@example("๐๒๑๔\x1f๕ พ.ค.๖๖", None)  # found by atheris: int("\x1f5") raised ValueError
def test_parse_dtg(text: str, reference: date | None) -> None:
    tried("thai.parse_dtg")
    try:
        parsed = parse_dtg(text, reference=reference)
    except ThaiFormatError as exc:
        assert str(exc)
        return
    assert isinstance(parsed.value, datetime) and parsed.value.tzinfo is not None


@FUZZ
@given(anything, references)
def test_parse_thai_date(text: str, reference: date | None) -> None:
    tried("thai.parse_thai_date")
    try:
        parsed = parse_thai_date(text, reference=reference)
    except ThaiFormatError as exc:
        assert str(exc)
        return
    assert isinstance(parsed.value, date)


@FUZZ
@given(anything)
def test_parse_number(text: str) -> None:
    tried("thai.parse_number")
    try:
        parsed = parse_number(text)
    except ThaiFormatError as exc:
        assert str(exc)
        return
    assert parsed.value is None or (isinstance(parsed.value, Decimal) and parsed.value.is_finite())


@FUZZ
@given(anything)
def test_parse_int(text: str) -> None:
    tried("thai.parse_int")
    try:
        parsed = parse_int(text)
    except ThaiFormatError as exc:
        assert str(exc)
        return
    assert parsed.value is None or isinstance(parsed.value, int)

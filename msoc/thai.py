"""Thai digits, Buddhist-era dates, date-time groups, fiscal years, numbers and text clean-up.

Everything here is framework-free and pure: parsers are lenient and say what they repaired,
formatters are strict and produce exactly the forms the daily report prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = tuple(zip(ARABIC_DIGITS, THAI_DIGITS, strict=True))
_TO_ARABIC = tuple(zip(THAI_DIGITS, ARABIC_DIGITS, strict=True))

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
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
)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


class ThaiFormatError(ValueError):
    """Raised when a Thai date, date-time group or number cannot be read at all."""


T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A leniently parsed value with the repairs that were needed to read it."""

    value: T
    repairs: tuple[str, ...] = field(default_factory=tuple)


# --- digits -------------------------------------------------------------------------------


def _swap_digits(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    # Not str.translate: on Thai text it maps character by character through Python objects
    # (37 us for a 1 KB body); ten C-level `in` checks and replaces take about 1 us (issue 16).
    for digit, other in pairs:
        if digit in text:
            text = text.replace(digit, other)
    return text


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙."""
    return _swap_digits(text, _TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with Arabic digits 0-9."""
    return _swap_digits(text, _TO_ARABIC)


_LATIN_NAME_DIGITS = re.compile(r"[A-Za-z][A-Za-z.]*(?: ?- ?| )?\d[\d.]*|\d+(?=[A-Za-z])|\d+")


def thai_body_digits(text: str) -> str:
    """Thai digits for body text; digits inside Latin names (COVID-19, B-52, PM 2.5) stay."""

    def convert(m: re.Match[str]) -> str:
        token = m.group(0)
        return (
            token
            if re.search(r"[A-Za-z]", token) or _followed_by_latin(m)
            else to_thai_digits(token)
        )

    def _followed_by_latin(m: re.Match[str]) -> bool:
        return m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha()

    return _LATIN_NAME_DIGITS.sub(convert, text)


# --- numbers ------------------------------------------------------------------------------


def format_number(
    value: int | float | Decimal, decimals: int | None = None, thai: bool = True
) -> str:
    """Format a number with digit grouping (and fixed decimals), in Thai digits by default."""
    if decimals is None:
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            decimals = max(0, -exponent) if isinstance(exponent, int) else 0
        elif isinstance(value, float) and not value.is_integer():
            decimals = 2
        else:
            decimals = 0
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return to_thai_digits(text) if thai else text


_NUMBER_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$|^[+-]?\d+(\.\d+)?$")


def parse_number(text: str) -> Parsed[Decimal | None]:
    """Read a number written with Thai or Arabic digits and grouping; '-' means none."""
    raw = text
    repairs: list[str] = []
    text = to_arabic_digits(normalize_text(text)).strip()
    text = text.replace(" ", "")
    if text in {"-", "–", "—", ""}:
        return Parsed(None, ())
    if not _NUMBER_RE.match(text):
        fixed = _repair_grouping(text)
        if fixed is None:
            raise ThaiFormatError(f"อ่านตัวเลขไม่ได้: {raw!r}")
        repairs.append(f"ตัวเลข {raw!r} เขียนผิดรูปแบบ อ่านเป็น {fixed}")
        text = fixed
    try:
        return Parsed(Decimal(text.replace(",", "")), tuple(repairs))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ThaiFormatError(f"อ่านตัวเลขไม่ได้: {raw!r}") from exc


def _repair_grouping(text: str) -> str | None:
    """Mend misplaced thousands separators such as '62,292,9200' (read as 62,292,920.0)."""
    if not re.fullmatch(r"[+-]?[\d,]+(\.\d+)?", text):
        return None
    whole, _, frac = text.partition(".")
    digits = whole.replace(",", "")
    if not digits.lstrip("+-").isdigit():
        return None
    return f"{digits}.{frac}" if frac else digits


def parse_int(text: str) -> Parsed[int | None]:
    """Read a whole number (Thai or Arabic digits, grouping); '-' means none."""
    parsed = parse_number(text)
    if parsed.value is None:
        return Parsed(None, parsed.repairs)
    if parsed.value != parsed.value.to_integral_value():
        raise ThaiFormatError(f"ต้องเป็นจำนวนเต็ม: {text!r}")
    return Parsed(int(parsed.value), parsed.repairs)


# --- text ---------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A Thai combining mark typed twice in a row (e.g. two mai ek) is always a typing slip.
_REPEATED_MARK = re.compile(r"([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\1+")


def fix_vowel_order(text: str) -> str:
    """Vowels typed in two pieces or out of order (เเ → แ, ํา → ำ, ํ้า → ้ำ), by PyThaiNLP."""
    if "\u0e4d" not in text and "เเ" not in text:
        return text  # the common case: nothing to fix, and long bodies stay fast
    from pythainlp.util import reorder_vowels

    return reorder_vowels(text)


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters, plain single spaces, vowels in order, no doubled marks."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ZERO_WIDTH)
    text = fix_vowel_order(text)
    text = _REPEATED_MARK.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


# --- dates --------------------------------------------------------------------------------


def be_year(d: date) -> int:
    """The Buddhist-era year of a date."""
    return d.year + BE_OFFSET


def christian_year(year: int) -> int:
    """A year typed in either era, as Christian era (years above 2400 are Buddhist era)."""
    return year - BE_OFFSET if year > 2400 else year


def buddhist_year(year: int) -> int:
    """A year typed in either era, as Buddhist era (years below 2400 are Christian era)."""
    return year + BE_OFFSET if year < 2400 else year


def format_thai_date_long(d: date) -> str:
    """'วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖' — the date line of the report."""
    text = f"วัน{WEEKDAYS[d.weekday()]}ที่ {d.day:02d} {MONTHS[d.month - 1]} พ.ศ. {be_year(d)}"
    return to_thai_digits(text)


def format_thai_date_full(d: date) -> str:
    """'๑ มกราคม ๒๕๖๖' — day, full month name and Buddhist-era year."""
    return to_thai_digits(f"{d.day} {MONTHS[d.month - 1]} {be_year(d)}")


def format_thai_date_short(d: date, long_year: bool = False) -> str:
    """'๓ พ.ค. ๖๖' or, with long_year, '๑ ต.ค. ๒๕๖๕'."""
    year = be_year(d) if long_year else be_year(d) % 100
    return to_thai_digits(f"{d.day} {MONTHS_ABBR[d.month - 1]} {year:02d}")


def _month_from_name(name: str) -> tuple[int | None, bool]:
    """Month number from a full or abbreviated Thai month name; second value: exact match."""
    key = name.strip().replace(" ", "")
    for i, full in enumerate(MONTHS):
        if key == full:
            return i + 1, True
    for i, abbr in enumerate(MONTHS_ABBR):
        if key == abbr:
            return i + 1, True
    undotted = key.replace(".", "")
    for i, abbr in enumerate(MONTHS_ABBR):
        if undotted == abbr.replace(".", ""):
            return i + 1, False
    return None, False


def _full_year(year: int, reference: date | None) -> int:
    """A Gregorian year from a 2- or 4-digit Buddhist-era (or Gregorian) year."""
    if year >= 2400:
        return year - BE_OFFSET
    if year >= 1900:
        return year
    century = ((reference.year + BE_OFFSET) // 100 * 100) if reference else 2500
    return century + year - BE_OFFSET


_DATE_RE = re.compile(
    r"^(?:วัน\S*?ที่\s*)?(?P<day>\d{1,2})\s*(?P<month>[ก-๙\.]+?)\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{2,4})$"
)


def parse_thai_date(text: str, reference: date | None = None) -> Parsed[date]:
    """Read '๓ พ.ค. ๖๖', '๑ ต.ค. ๒๕๖๕' or 'วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖'."""
    cleaned = to_arabic_digits(normalize_text(text))
    m = _DATE_RE.match(cleaned)
    if not m:
        raise ThaiFormatError(f"อ่านวันที่ไม่ได้: {text!r}")
    repairs: list[str] = []
    month, exact = _month_from_name(m.group("month"))
    if month is None:
        raise ThaiFormatError(f"ไม่รู้จักชื่อเดือน {m.group('month')!r} ใน {text!r}")
    if not exact:
        repairs.append(f"ชื่อเดือน {m.group('month')!r} เขียนไม่ครบ อ่านเป็น {MONTHS_ABBR[month - 1]}")
    try:
        value = date(_full_year(int(m.group("year")), reference), month, int(m.group("day")))
    except ValueError as exc:
        raise ThaiFormatError(f"วันที่ไม่มีอยู่จริง: {text!r}") from exc
    weekday = re.match(r"^วัน(\S+?)ที่", cleaned)
    if weekday and weekday.group(1) != WEEKDAYS[value.weekday()]:
        repairs.append(
            f"วัน{weekday.group(1)} ไม่ตรงกับวันที่ ({format_thai_date_full(value)} เป็นวัน{WEEKDAYS[value.weekday()]})"
        )
    return Parsed(value, tuple(repairs))


# --- date-time groups ---------------------------------------------------------------------


def format_dtg(moment: datetime) -> str:
    """'๐๒๑๔๐๕ พ.ค.๖๖' — day, hour, minute (Bangkok time), month abbreviation, BE year."""
    local = moment.astimezone(BANGKOK) if moment.tzinfo else moment.replace(tzinfo=BANGKOK)
    text = f"{local.day:02d}{local.hour:02d}{local.minute:02d} {MONTHS_ABBR[local.month - 1]}{be_year(local) % 100:02d}"
    return to_thai_digits(text)


_DTG_RE = re.compile(r"^(?P<ddhhmm>\d(?:\s*\d)*)\s*(?P<month>[^\d]*?)\s*(?P<year>\d{4}|\d{2})$")


def parse_dtg(text: str, reference: date | None = None) -> Parsed[datetime]:
    """Read a date-time group leniently; a missing or wrong month is taken from `reference`.

    The reference is the report's date: a row's moment is the latest one not after the end
    of that day, which is how a reader of the report would fill in a mistyped month.
    """
    cleaned = to_arabic_digits(normalize_text(text))
    m = _DTG_RE.match(cleaned)
    if not m:
        raise ThaiFormatError(f"อ่านวันเวลา (DTG) ไม่ได้: {text!r}")
    repairs: list[str] = []
    digits = re.sub(r"\s", "", m.group("ddhhmm"))  # any white space, not only ' ' (\x1f too)
    if len(digits) != 6:
        raise ThaiFormatError(f"DTG ต้องมีตัวเลข ๖ หลัก (วัน ชั่วโมง นาที): {text!r}")
    if digits != m.group("ddhhmm"):
        repairs.append(f"DTG {text!r} มีช่องว่างเกินในตัวเลข")
    day, hour, minute = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    year = _full_year(int(m.group("year")), reference)
    month_text = m.group("month")
    month, exact = _month_from_name(month_text) if month_text else (None, False)
    if month is None:
        if reference is None:
            raise ThaiFormatError(f"DTG {text!r} ไม่มีชื่อเดือนที่ถูกต้อง และไม่มีวันที่อ้างอิง")
        month, year = _month_by_reference(day, year, reference)
        repairs.append(
            f"DTG {text!r}: {month_text.strip() or 'ไม่มีเดือน'} ไม่ใช่ชื่อเดือน "
            f"อ่านเป็น {MONTHS_ABBR[month - 1]} ตามวันที่ของรายงาน"
        )
    elif not exact:
        repairs.append(f"DTG {text!r}: ชื่อเดือนเขียนไม่ครบ อ่านเป็น {MONTHS_ABBR[month - 1]}")
    try:
        value = datetime(year, month, day, hour, minute, tzinfo=BANGKOK)
    except ValueError as exc:
        raise ThaiFormatError(f"DTG {text!r} ไม่ใช่วันเวลาที่มีอยู่จริง") from exc
    if not repairs and text != format_dtg(value):
        repairs.append(f"DTG {text!r} เขียนไม่ตรงรูปแบบ ที่ถูกคือ {format_dtg(value)!r}")
    return Parsed(value, tuple(repairs))


def _month_by_reference(day: int, year: int, reference: date) -> tuple[int, int]:
    """The month (and year) that puts `day` on or before the reference date."""
    if day <= reference.day:
        return reference.month, reference.year
    previous = reference.replace(day=1) - timedelta(days=1)
    return previous.month, previous.year


# --- fiscal years -------------------------------------------------------------------------


def fiscal_year(d: date) -> int:
    """The Thai government fiscal year (Buddhist era) that contains `d`; it starts 1 October."""
    return be_year(d) + (1 if d.month >= 10 else 0)


def fiscal_year_start(d: date) -> date:
    """1 October that opens the fiscal year containing `d`."""
    return date(d.year if d.month >= 10 else d.year - 1, 10, 1)


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day of a fiscal year given in the Buddhist era."""
    end_year = fy_be - BE_OFFSET
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def days_inclusive(start: date, end: date) -> int:
    """Days from start to end, both counted (the report's day counts)."""
    return (end - start).days + 1

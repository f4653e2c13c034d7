"""จปฐ.-style survey files: one row per household member, household columns repeated per row.

The format is documented in docs/register-survey-format.md. `parse_survey` reads CSV (UTF-8,
UTF-8 with BOM, TIS-620/cp874) or XLSX, resolves addresses to sub-district codes, computes ages
from birth dates at the survey date, checks national ID check digits and reports every problem
with its row number and a Thai reason. A household with an error in any of its rows is left
out whole (its income per person and indicators would be wrong otherwise); every other
household is imported. Personal fields stay text and are never logged or shown in reprs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np

from msoc.encoding import DecodeError, decode_bytes
from msoc.register import synthetic
from msoc.register.areas import AddressError, AreaMatch, Areas, default_areas
from msoc.register.identity import is_valid_id
from msoc.register.tables import (
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_FLAGS,
    MEMBER_COLUMNS,
    MEMBER_FLAGS,
    Register,
    concat,
)
from msoc.thai import (
    BE_OFFSET,
    ThaiFormatError,
    normalize_text,
    parse_int,
    parse_thai_date,
    to_arabic_digits,
)

Severity = Literal["error", "warning"]
T = TypeVar("T")

# Household columns: register name -> Thai header (the first header is what write_survey uses).
HOUSEHOLD_HEADERS: dict[str, tuple[str, ...]] = {
    "hh_key": ("รหัสบ้าน", "รหัสครัวเรือน"),
    "house_no": ("บ้านเลขที่",),
    "village_no": ("หมู่ที่", "หมู่"),
    "subdistrict": ("ตำบล", "แขวง", "ตำบล/แขวง"),
    "district": ("อำเภอ", "เขต", "อำเภอ/เขต"),
    "province": ("จังหวัด",),
    "zip_code": ("รหัสไปรษณีย์",),
    "year": ("ปีสำรวจ", "ปีที่สำรวจ"),
    "survey_date": ("วันที่สำรวจ",),
    "urban": ("ในเขตเทศบาล", "เขตเทศบาล"),
    "food_safe": ("อาหารปลอดภัย",),
    "medicine_ok": ("ใช้ยาเหมาะสม",),
    "housing_secure": ("บ้านมั่นคง",),
    "drinking_water": ("น้ำดื่มพอเพียง",),
    "water_use": ("น้ำใช้พอเพียง",),
    "tidy_home": ("บ้านสะอาด",),
    "welfare_card": ("บัตรสวัสดิการแห่งรัฐ", "บัตรสวัสดิการ"),
    "debt": ("หนี้สินครัวเรือน", "หนี้สิน"),
    "land_owned": ("มีที่ดินทำกิน", "มีที่ดิน"),
}
MEMBER_HEADERS: dict[str, tuple[str, ...]] = {
    "person_no": ("ลำดับ", "ลำดับที่"),
    "title": ("คำนำหน้า", "คำนำหน้าชื่อ"),
    "given_name": ("ชื่อ",),
    "family_name": ("นามสกุล",),
    "national_id": ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขที่บัตรประชาชน"),
    "sex": ("เพศ",),
    "birth_date": ("วันเกิด", "วันเดือนปีเกิด"),
    "age": ("อายุ",),
    "birth_weight_ok": ("น้ำหนักแรกเกิดปกติ",),
    "exercises": ("ออกกำลังกาย",),
    "preschool": ("ดูแลก่อนวัยเรียน",),
    "in_school": ("เรียนภาคบังคับ",),
    "continued_m4": ("เรียนต่อม.4", "เรียนต่อ ม.4"),
    "literate": ("อ่านเขียนได้",),
    "has_income": ("มีอาชีพและรายได้",),
    "income_year": ("รายได้ต่อปี", "รายได้"),
    "disabled": ("พิการ",),
    "chronic_ill": ("โรคเรื้อรัง",),
    "cared_for": ("ได้รับการดูแล",),
    "education": ("การศึกษา",),
    "occupation": ("อาชีพ",),
}
REQUIRED = ("hh_key", "subdistrict", "district", "province", "year", "person_no", "sex")
# The flag columns, named as in the register tables (one list for every module).
HOUSEHOLD_FLAG_FIELDS = HOUSEHOLD_FLAGS
MEMBER_FLAG_FIELDS = MEMBER_FLAGS
YES_NO_FIELDS = ("urban", "welfare_card", "land_owned", "disabled", "chronic_ill")

EDUCATION_LABELS = (
    "ไม่ได้เรียน",
    "ประถมศึกษา",
    "มัธยมศึกษาตอนต้น",
    "มัธยมศึกษาตอนปลาย/ปวช.",
    "อนุปริญญา/ปวส.",
    "ปริญญาตรีขึ้นไป",
)
EDUCATION_ALIASES = {
    "ไม่ได้ศึกษา": 0,
    "ไม่มี": 0,
    "ประถม": 1,
    "ป.6": 1,
    "ม.ต้น": 2,
    "ม.3": 2,
    "ม.ปลาย": 3,
    "ม.6": 3,
    "ปวช.": 3,
    "ปวช": 3,
    "ปวส.": 4,
    "ปวส": 4,
    "อนุปริญญา": 4,
    "ปริญญาตรี": 5,
    "ปริญญาโท": 5,
    "ปริญญาเอก": 5,
}
OCCUPATION_LABELS = (
    "ไม่มีอาชีพ",
    "เกษตรกร",
    "รับจ้าง",
    "ค้าขาย/ธุรกิจส่วนตัว",
    "พนักงานบริษัท/ลูกจ้าง",
    "รับราชการ/รัฐวิสาหกิจ",
    "นักเรียน/นักศึกษา",
    "อื่น ๆ",
)
OCCUPATION_ALIASES = {
    "ว่างงาน": 0,
    "ไม่ได้ทำงาน": 0,
    "ทำนา": 1,
    "ทำไร่": 1,
    "ทำสวน": 1,
    "เกษตรกรรม": 1,
    "รับจ้างทั่วไป": 2,
    "ค้าขาย": 3,
    "ธุรกิจส่วนตัว": 3,
    "พนักงานบริษัท": 4,
    "ลูกจ้าง": 4,
    "รับราชการ": 5,
    "ข้าราชการ": 5,
    "รัฐวิสาหกิจ": 5,
    "นักเรียน": 6,
    "นักศึกษา": 6,
    "อื่นๆ": 7,
    "อื่น": 7,
}
_YES = {"1", "ใช่", "ผ่าน", "มี", "บรรลุ", "ได้", "จริง", "y", "yes", "true", "ในเขต"}
_NO = {"0", "ไม่ใช่", "ไม่ผ่าน", "ไม่มี", "ไม่บรรลุ", "ไม่ได้", "เท็จ", "n", "no", "false", "นอกเขต"}
_BLANK = {"", "-", "–", "—", "n/a", "na", "ไม่เกี่ยวข้อง", "ไม่ระบุ"}
_SEX = {"1": 1, "ชาย": 1, "ช": 1, "ช.": 1, "m": 1, "2": 2, "หญิง": 2, "ญ": 2, "ญ.": 2, "f": 2}


class SurveyError(ValueError):
    """A value in a survey row that cannot be read (message in Thai)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a survey file: row number (1 = header), column and Thai reason."""

    row: int
    column: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"แถว {self.row}" + (f" คอลัมน์ {self.column}" if self.column else "")
        label = "ผิดพลาด" if self.severity == "error" else "คำเตือน"
        return f"{where}: {label} — {self.message}"


@dataclass
class SurveyMember:
    """One member row (personal fields are kept as text and hidden from repr)."""

    row: int
    person_no: int
    sex: int
    age: int
    flags: dict[str, int]
    income_year: int
    disabled: int
    chronic_ill: int
    education: int
    occupation: int
    title: str = field(default="", repr=False)
    given_name: str = field(default="", repr=False)
    family_name: str = field(default="", repr=False)
    national_id: str = field(default="", repr=False)
    birth_date: date | None = field(default=None, repr=False)


@dataclass
class SurveyHousehold:
    """One household with its resolved area and members (house number hidden from repr)."""

    hh_id: int
    rows: list[int]
    area: AreaMatch
    year: int
    survey_date: date
    urban: int
    flags: dict[str, int]
    welfare_card: int
    debt: int
    land_owned: int
    members: list[SurveyMember] = field(default_factory=list)
    village_no: int = 0
    house_no: str = field(default="", repr=False)


@dataclass
class SurveyParse:
    """What a survey file held: the good households and every problem found."""

    households: list[SurveyHousehold]
    problems: list[Problem]
    encoding: str
    n_rows: int
    rejected: list[str] = field(default_factory=list)  # household keys left out

    @property
    def errors(self) -> list[Problem]:
        """Problems that kept a household out of the import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that were repaired or are worth a look but did not block the import."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def n_members(self) -> int:
        """Members imported."""
        return sum(len(h.members) for h in self.households)


# --- reading rows -------------------------------------------------------------------------


Cell = str | date | None


def _read_rows(data: bytes, filename: str) -> tuple[list[list[Cell]], str]:
    """The file's rows as cells (text, or dates from XLSX), and the encoding used."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data), "xlsx"
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise SurveyError(f"อ่านไฟล์ไม่ได้: ไม่ใช่ CSV แบบ UTF-8 หรือ TIS-620 ({exc})") from exc
    text = decoded.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [[c for c in r] for r in rows], decoded.encoding


def _xlsx_rows(data: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SurveyError(f"อ่านไฟล์ Excel ไม่ได้: {type(exc).__name__}") from exc
    sheet = book.worksheets[0]
    rows: list[list[Cell]] = []
    for values in sheet.iter_rows(values_only=True):
        row: list[Cell] = []
        for v in values:
            if v is None:
                row.append("")
            elif isinstance(v, datetime):
                row.append(v.date())
            elif isinstance(v, date):
                row.append(v)
            elif isinstance(v, float) and v.is_integer():
                row.append(str(int(v)))
            else:
                row.append(str(v))
        rows.append(row)
    book.close()
    return rows


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text)).lower()


def _header_map() -> dict[str, str]:
    """Normalised header text -> field name (Thai headers and the register's column names)."""
    mapping: dict[str, str] = {}
    for table in (HOUSEHOLD_HEADERS, MEMBER_HEADERS):
        for name, headers in table.items():
            mapping[_header_key(name)] = name
            for header in headers:
                mapping[_header_key(header)] = name
    return mapping


# --- reading values -----------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return normalize_text(cell)


def parse_flag(cell: Cell) -> int:
    """1 met, 0 not met, -1 blank (not applicable); SurveyError otherwise."""
    value = to_arabic_digits(_text(cell)).lower()
    if value in _BLANK:
        return -1
    if value in _YES:
        return 1
    if value in _NO:
        return 0
    raise SurveyError(f"ค่า {value!r} ไม่ใช่ 1/0, ผ่าน/ไม่ผ่าน, ใช่/ไม่ใช่ หรือว่าง")


def _yes_no(cell: Cell) -> int:
    flag = parse_flag(cell)
    return 0 if flag == -1 else flag


def _int(cell: Cell, low: int, high: int, blank: int | None = None) -> int:
    text = _text(cell)
    if not text and blank is not None:
        return blank
    try:
        value = parse_int(text).value
    except ThaiFormatError as exc:
        raise SurveyError(f"ไม่ใช่ตัวเลข: {text!r}") from exc
    if value is None:
        if blank is not None:
            return blank
        raise SurveyError("ไม่มีค่า")
    if not low <= value <= high:
        raise SurveyError(f"ค่า {value} อยู่นอกช่วง {low}–{high}")
    return value


def _coded(cell: Cell, labels: Sequence[str], aliases: dict[str, int]) -> int:
    text = _text(cell)
    if not text:
        return 0
    digits = to_arabic_digits(text)
    if digits.isdigit() and int(digits) < len(labels):
        return int(digits)
    key = text.replace(" ", "")
    for code, label in enumerate(labels):
        if key == label.replace(" ", ""):
            return code
    if key in aliases:
        return aliases[key]
    raise SurveyError(f"ไม่รู้จักค่า {text!r} (ใช้รหัส 0–{len(labels) - 1} หรือ {', '.join(labels)})")


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


def parse_date(cell: Cell) -> tuple[date, list[str]]:
    """A date written as ISO (YYYY-MM-DD), D/M/YYYY (พ.ศ. or ค.ศ.) or in Thai words."""
    repairs: list[str] = []
    if isinstance(cell, date):
        if cell.year > 2400:  # a Buddhist-era year typed into an Excel date cell
            repairs.append(f"ปี {cell.year} ในเซลล์วันที่ถือเป็น พ.ศ.")
            return _safe_date(cell.year - BE_OFFSET, cell.month, cell.day), repairs
        return cell, repairs
    text = to_arabic_digits(_text(cell))
    if not text:
        raise SurveyError("ไม่มีวันที่")
    m = _ISO_DATE.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _NUMERIC_DATE.match(text)
        if m is None:
            try:
                return parse_thai_date(text).value, repairs
            except ThaiFormatError as exc:
                raise SurveyError(f"อ่านวันที่ {text!r} ไม่ได้ (ใช้ 31/12/2530 หรือ 1987-12-31)") from exc
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2500 if year < 70 else 2400
            repairs.append(f"ปี 2 หลักใน {text!r} อ่านเป็น พ.ศ. {year}")
    if year > 2400:
        year -= BE_OFFSET
    return _safe_date(year, month, day), repairs


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise SurveyError(f"วันที่ไม่มีอยู่จริง: {day}/{month}/{year + BE_OFFSET}") from exc


def completed_years(born: date, on: date) -> int:
    """Age in completed years on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def survey_reference_date(year_be: int) -> date:
    """The date ages are counted to when the file gives no วันที่สำรวจ: 1 January of the year."""
    return date(year_be - BE_OFFSET, 1, 1)


# --- parsing ------------------------------------------------------------------------------


@dataclass
class _RowResult:
    row: int
    key: str
    household: dict[str, object]
    member: SurveyMember | None
    errors: list[Problem]


def parse_survey(data: bytes, filename: str, areas: Areas | None = None) -> SurveyParse:
    """Parse a survey file; problems carry row numbers and Thai reasons, good households stay."""
    areas = areas or default_areas()
    try:
        rows, encoding = _read_rows(data, filename)
    except SurveyError as exc:
        return SurveyParse([], [Problem(0, "", str(exc))], "", 0)
    while rows and not any(_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        return SurveyParse([], [Problem(1, "", "ไฟล์ว่าง ไม่มีแถวหัวตาราง")], encoding, 0)
    header_map = _header_map()
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, header in enumerate(rows[0]):
        name = header_map.get(_header_key(_text(header)))
        if name is None:
            if _text(header):
                problems.append(Problem(1, _text(header), "ไม่รู้จักคอลัมน์นี้ ข้ามไป", "warning"))
            continue
        if name in columns:
            problems.append(Problem(1, _text(header), "คอลัมน์ซ้ำ ใช้คอลัมน์แรก", "warning"))
            continue
        columns[name] = i
    missing = [n for n in REQUIRED if n not in columns]
    if "birth_date" not in columns and "age" not in columns:
        missing.append("birth_date")
    if missing:
        names = ", ".join(_thai_header(n) for n in missing)
        problems.append(Problem(1, "", f"ขาดคอลัมน์ที่จำเป็น: {names}"))
        return SurveyParse([], problems, encoding, len(rows) - 1)

    cache: dict[tuple[str, str, str, str], AreaMatch | AddressError] = {}
    results: list[_RowResult] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(_text(c) for c in cells):
            continue
        results.append(_parse_row(number, cells, columns, areas, cache, problems))
    households, rejected = _assemble(results, problems)
    problems.sort(key=lambda p: (p.row, p.severity != "error", p.column))
    return SurveyParse(households, problems, encoding, len(results), rejected)


def _thai_header(name: str) -> str:
    headers = HOUSEHOLD_HEADERS.get(name) or MEMBER_HEADERS.get(name) or (name,)
    return headers[0]


def _parse_row(
    number: int,
    cells: list[Cell],
    columns: dict[str, int],
    areas: Areas,
    cache: dict[tuple[str, str, str, str], AreaMatch | AddressError],
    warnings: list[Problem],
) -> _RowResult:
    errors: list[Problem] = []

    def cell(name: str) -> Cell:
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def read(name: str, reader: Callable[[Cell], T], default: T) -> T:
        if name not in columns:
            return default
        try:
            return reader(cell(name))
        except SurveyError as exc:
            errors.append(Problem(number, _thai_header(name), str(exc)))
            return default

    key = to_arabic_digits(_text(cell("hh_key"))).replace(" ", "").replace("-", "")
    if not key:
        errors.append(Problem(number, _thai_header("hh_key"), "ไม่มีรหัสบ้าน"))
    elif not key.isdigit() or len(key) > 18:
        errors.append(
            Problem(number, _thai_header("hh_key"), f"รหัสบ้าน {key!r} ต้องเป็นตัวเลขไม่เกิน 18 หลัก")
        )

    household: dict[str, object] = {}
    address = (
        _text(cell("province")),
        _text(cell("district")),
        _text(cell("subdistrict")),
        _text(cell("zip_code")),
    )
    if address not in cache:
        try:
            cache[address] = areas.resolve_address(*address[:3], address[3] or None)
        except AddressError as exc:
            cache[address] = exc
    match = cache[address]
    if isinstance(match, AddressError):
        errors.append(Problem(number, "ที่อยู่", str(match)))
    else:
        household["area"] = match
        for repair in match.repairs:
            warnings.append(Problem(number, "ที่อยู่", repair, "warning"))
    year = 0
    try:
        year = _int(cell("year"), 1900, 2700)
        if year < 2100:  # a Gregorian year: read it, but say so
            warnings.append(
                Problem(
                    number, "ปีสำรวจ", f"ปี {year} เป็น ค.ศ. อ่านเป็น พ.ศ. {year + BE_OFFSET}", "warning"
                )
            )
            year += BE_OFFSET
        elif year < 2400:
            raise SurveyError(f"ปี {year} ไม่ใช่ปี พ.ศ.")
    except SurveyError as exc:
        errors.append(Problem(number, "ปีสำรวจ", str(exc)))
        year = 0
    household["year"] = year
    survey_date = survey_reference_date(year) if year else None
    if "survey_date" in columns and _text(cell("survey_date")):
        try:
            survey_date, repairs = parse_date(cell("survey_date"))
            warnings.extend(Problem(number, "วันที่สำรวจ", r, "warning") for r in repairs)
        except SurveyError as exc:
            errors.append(Problem(number, "วันที่สำรวจ", str(exc)))
    household["survey_date"] = survey_date
    household["house_no"] = _text(cell("house_no"))
    household["village_no"] = read("village_no", lambda c: _int(c, 0, 99, blank=0), 0)
    for name in HOUSEHOLD_FLAG_FIELDS:
        household[name] = read(name, parse_flag, -1)
    for name in ("urban", "welfare_card", "land_owned"):
        household[name] = read(name, _yes_no, 0)
    household["debt"] = read("debt", lambda c: _int(c, 0, 2_000_000_000, blank=0), 0)

    person_no = read("person_no", lambda c: _int(c, 1, 99), 0)
    sex = read("sex", _sex, 0)
    national_id = to_arabic_digits(_text(cell("national_id"))).replace("-", "").replace(" ", "")
    if national_id and not is_valid_id(national_id):
        reason = (
            "ต้องมี 13 หลัก"
            if len(national_id) != 13 or not national_id.isdigit()
            else "เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง"
        )
        errors.append(
            Problem(number, _thai_header("national_id"), f"เลขประจำตัวประชาชนไม่ถูกต้อง: {reason}")
        )
    elif not national_id and "national_id" in columns:
        warnings.append(
            Problem(number, _thai_header("national_id"), "ไม่มีเลขประจำตัวประชาชน", "warning")
        )
    birth: date | None = None
    age = -1
    if _text(cell("birth_date")):
        try:
            birth, repairs = parse_date(cell("birth_date"))
            warnings.extend(Problem(number, "วันเกิด", r, "warning") for r in repairs)
        except SurveyError as exc:
            errors.append(Problem(number, "วันเกิด", str(exc)))
    stated_age = read("age", lambda c: _int(c, 0, 130, blank=-1), -1)
    if birth is not None and survey_date is not None:
        age = completed_years(birth, survey_date)
        if age < 0:
            errors.append(Problem(number, "วันเกิด", "วันเกิดอยู่หลังวันที่สำรวจ"))
        elif age > 120:
            errors.append(Problem(number, "วันเกิด", f"อายุ {age} ปี เกินจริง"))
        elif stated_age >= 0 and stated_age != age:
            warnings.append(
                Problem(
                    number,
                    "อายุ",
                    f"อายุที่กรอก {stated_age} ไม่ตรงกับวันเกิด ใช้ {age} ตามวันเกิด",
                    "warning",
                )
            )
    elif birth is None and stated_age >= 0:
        age = stated_age
    elif birth is None and not any(p.column == "วันเกิด" for p in errors):
        errors.append(Problem(number, "วันเกิด", "ไม่มีวันเกิดหรืออายุ"))

    flags = {name: read(name, parse_flag, -1) for name in MEMBER_FLAG_FIELDS}
    member = SurveyMember(
        row=number,
        person_no=person_no,
        sex=sex,
        age=max(age, 0),
        flags=flags,
        income_year=read("income_year", lambda c: _int(c, 0, 2_000_000_000, blank=0), 0),
        disabled=read("disabled", _yes_no, 0),
        chronic_ill=read("chronic_ill", _yes_no, 0),
        education=read("education", lambda c: _coded(c, EDUCATION_LABELS, EDUCATION_ALIASES), 0),
        occupation=read(
            "occupation", lambda c: _coded(c, OCCUPATION_LABELS, OCCUPATION_ALIASES), 0
        ),
        title=_text(cell("title")),
        given_name=_text(cell("given_name")),
        family_name=_text(cell("family_name")),
        national_id=national_id,
        birth_date=birth,
    )
    if age >= 0:
        _check_applicability(number, member, warnings)
    return _RowResult(number, key, household, member, errors)


def _sex(cell: Cell) -> int:
    text = to_arabic_digits(_text(cell)).lower()
    if text in _SEX:
        return _SEX[text]
    raise SurveyError(f"เพศ {text!r} ต้องเป็น ชาย/หญิง หรือ 1/2")


# Age ranges in which a member flag is asked (outside them a value is ignored, with a warning).
FLAG_AGES = {
    "birth_weight_ok": (0, 0),
    "exercises": (6, 200),
    "preschool": (3, 5),
    "in_school": (6, 14),
    "continued_m4": (15, 17),
    "literate": (15, 59),
    "has_income": (15, 200),
}


def _check_applicability(number: int, member: SurveyMember, warnings: list[Problem]) -> None:
    """Blank out member flags given outside their age group (never a deprivation)."""
    for name, (low, high) in FLAG_AGES.items():
        if member.flags[name] != -1 and not low <= member.age <= high:
            warnings.append(
                Problem(
                    number,
                    _thai_header(name),
                    f"ตัวชี้วัดนี้ใช้กับอายุ {low}–{high} ปี (อายุ {member.age}) ไม่นำมาคิด",
                    "warning",
                )
            )
            member.flags[name] = -1
    if member.flags["cared_for"] != -1 and member.age < 60 and not member.disabled:
        warnings.append(
            Problem(
                number, _thai_header("cared_for"), "ใช้กับผู้สูงอายุหรือคนพิการเท่านั้น ไม่นำมาคิด", "warning"
            )
        )
        member.flags["cared_for"] = -1


_COMPARED = (
    "year",
    "survey_date",
    "house_no",
    "village_no",
    *HOUSEHOLD_FLAG_FIELDS,
    "urban",
    "welfare_card",
    "land_owned",
    "debt",
)


def _assemble(
    results: list[_RowResult], problems: list[Problem]
) -> tuple[list[SurveyHousehold], list[str]]:
    """Group rows into households; a household with any error is left out whole."""
    groups: dict[str, list[_RowResult]] = {}
    for result in results:
        groups.setdefault(result.key or f"แถว {result.row}", []).append(result)
    households: list[SurveyHousehold] = []
    rejected: list[str] = []
    for key, rows in groups.items():
        errors = [p for r in rows for p in r.errors]
        first = rows[0]
        for other in rows[1:]:
            if other.errors or first.errors:
                continue
            for name in _COMPARED:
                if other.household.get(name) != first.household.get(name):
                    errors.append(
                        Problem(
                            other.row, _thai_header(name), f"ไม่ตรงกับแถว {first.row} ของบ้านเดียวกัน"
                        )
                    )
            area_a, area_b = first.household.get("area"), other.household.get("area")
            if (
                isinstance(area_a, AreaMatch)
                and isinstance(area_b, AreaMatch)
                and area_a.subdistrict_code != area_b.subdistrict_code
            ):
                errors.append(Problem(other.row, "ที่อยู่", f"ที่อยู่ไม่ตรงกับแถว {first.row} ของบ้านเดียวกัน"))
        seen: dict[int, int] = {}
        for r in rows:
            if r.member is None or r.member.person_no == 0:
                continue
            if r.member.person_no in seen:
                errors.append(
                    Problem(
                        r.row,
                        "ลำดับ",
                        f"ลำดับ {r.member.person_no} ซ้ำกับแถว {seen[r.member.person_no]}",
                    )
                )
            seen.setdefault(r.member.person_no, r.row)
        if seen and 1 not in seen and not errors:
            errors.append(Problem(rows[0].row, "ลำดับ", "ไม่มีหัวหน้าครัวเรือน (ลำดับ 1)"))
        if errors:
            problems.extend(errors)
            if first.key:
                rows_text = ", ".join(str(r.row) for r in rows)
                for r in rows:
                    if not r.errors and not any(p.row == r.row for p in errors):
                        problems.append(
                            Problem(
                                r.row, "", f"ไม่ได้นำเข้าบ้านรหัส {key} (แถว {rows_text}) เพราะมีข้อผิดพลาด"
                            )
                        )
            rejected.append(key)
            continue
        h = first.household
        area = h["area"]
        assert isinstance(area, AreaMatch)
        members = sorted(
            (r.member for r in rows if r.member is not None), key=lambda m: m.person_no
        )
        households.append(
            SurveyHousehold(
                hh_id=int(key),
                rows=[r.row for r in rows],
                area=area,
                year=int(h["year"]),  # type: ignore[call-overload]
                survey_date=h["survey_date"],  # type: ignore[arg-type]
                urban=int(h["urban"]),  # type: ignore[call-overload]
                flags={name: int(h[name]) for name in HOUSEHOLD_FLAG_FIELDS},  # type: ignore[call-overload]
                welfare_card=int(h["welfare_card"]),  # type: ignore[call-overload]
                debt=int(h["debt"]),  # type: ignore[call-overload]
                land_owned=int(h["land_owned"]),  # type: ignore[call-overload]
                members=members,
                village_no=int(h["village_no"]),  # type: ignore[call-overload]
                house_no=str(h["house_no"]),
            )
        )
    households.sort(key=lambda h: h.hh_id)
    return households, rejected


# --- to and from the register -------------------------------------------------------------


def survey_to_register(parse: SurveyParse) -> Register:
    """The register tables of a parsed survey (households sorted by hh_id)."""
    hh = parse.households
    members = [(h, m) for h in hh for m in h.members]
    households = {
        "hh_id": [h.hh_id for h in hh],
        "year": [h.year for h in hh],
        "province_code": [h.area.province_code for h in hh],
        "district_code": [h.area.district_code for h in hh],
        "subdistrict_code": [h.area.subdistrict_code for h in hh],
        "urban": [h.urban for h in hh],
        **{name: [h.flags[name] for h in hh] for name in HOUSEHOLD_FLAG_FIELDS},
        "welfare_card": [h.welfare_card for h in hh],
        "debt": [h.debt for h in hh],
        "land_owned": [h.land_owned for h in hh],
    }
    member_cols: dict[str, list[int]] = {
        "hh_id": [h.hh_id for h, _m in members],
        "person_no": [m.person_no for _h, m in members],
        "sex": [m.sex for _h, m in members],
        "age": [m.age for _h, m in members],
        **{name: [m.flags[name] for _h, m in members] for name in MEMBER_FLAG_FIELDS},
        "income_year": [m.income_year for _h, m in members],
        "disabled": [m.disabled for _h, m in members],
        "chronic_ill": [m.chronic_ill for _h, m in members],
        "education": [m.education for _h, m in members],
        "occupation": [m.occupation for _h, m in members],
    }
    return Register(
        {n: np.array(households[n], dtype=dt) for n, dt in HOUSEHOLD_COLUMNS.items()},
        {n: np.array(member_cols[n], dtype=dt) for n, dt in MEMBER_COLUMNS.items()},
    )


def survey_people(parse: SurveyParse) -> dict[str, np.ndarray]:
    """Personal fields of the imported members, in survey_to_register's member order (the same
    keys as synthetic.people; birth_date ISO or '' when only an age was given)."""
    pairs = [(h, m) for h in parse.households for m in h.members]
    return {
        "title": np.array([m.title for _h, m in pairs], dtype=str),
        "given_name": np.array([m.given_name for _h, m in pairs], dtype=str),
        "family_name": np.array([m.family_name for _h, m in pairs], dtype=str),
        "birth_date": np.array(
            [m.birth_date.isoformat() if m.birth_date else "" for _h, m in pairs], dtype=str
        ),
        "national_id": np.array([m.national_id for _h, m in pairs], dtype=str),
        "house_no": np.array([h.house_no for h, _m in pairs], dtype=str),
        "village_no": np.array([h.village_no for h, _m in pairs], dtype=np.int16),
    }


WRITE_ORDER = (
    "hh_key",
    "house_no",
    "village_no",
    "subdistrict",
    "district",
    "province",
    "zip_code",
    "year",
    "urban",
    *HOUSEHOLD_FLAG_FIELDS,
    "welfare_card",
    "debt",
    "land_owned",
    "person_no",
    "title",
    "given_name",
    "family_name",
    "national_id",
    "sex",
    "birth_date",
    *MEMBER_FLAG_FIELDS[:7],
    "income_year",
    "disabled",
    "chronic_ill",
    "cared_for",
    "education",
    "occupation",
)


def survey_rows(
    register: Register, people: dict[str, np.ndarray], areas: Areas | None = None
) -> Iterator[list[str]]:
    """Header and one row per member in the documented format (dates as D/M/พ.ศ.)."""
    areas = areas or default_areas()
    yield [_thai_header(n) for n in WRITE_ORDER]
    h, m = register.households, register.members
    row_of = {int(v): i for i, v in enumerate(h["hh_id"])}
    for j in range(register.n_people):
        i = row_of[int(m["hh_id"][j])]
        sub = int(h["subdistrict_code"][i])
        born = str(people["birth_date"][j])
        y, mo, d = (int(x) for x in born.split("-"))
        village = int(people["village_no"][j])
        values = {
            "hh_key": str(int(h["hh_id"][i])),
            "house_no": str(people["house_no"][j]),
            "village_no": str(village) if village else "",
            "subdistrict": areas.subdistrict_name(sub),
            "district": areas.district_name(int(h["district_code"][i])),
            "province": areas.province_name(int(h["province_code"][i])),
            "zip_code": areas.zip_code(sub),
            "year": str(int(h["year"][i])),
            "urban": _flag_text(h["urban"][i]),
            "welfare_card": _flag_text(h["welfare_card"][i]),
            "debt": str(int(h["debt"][i])),
            "land_owned": _flag_text(h["land_owned"][i]),
            "person_no": str(int(m["person_no"][j])),
            "title": str(people["title"][j]),
            "given_name": str(people["given_name"][j]),
            "family_name": str(people["family_name"][j]),
            "national_id": str(people["national_id"][j]),
            "sex": "ชาย" if m["sex"][j] == 1 else "หญิง",
            "birth_date": f"{d:02d}/{mo:02d}/{y + BE_OFFSET}",
            "income_year": str(int(m["income_year"][j])),
            "disabled": _flag_text(m["disabled"][j]),
            "chronic_ill": _flag_text(m["chronic_ill"][j]),
            "education": EDUCATION_LABELS[int(m["education"][j])],
            "occupation": OCCUPATION_LABELS[int(m["occupation"][j])],
        }
        for name in HOUSEHOLD_FLAG_FIELDS:
            values[name] = _flag_text(h[name][i])
        for name in MEMBER_FLAG_FIELDS:
            values[name] = _flag_text(m[name][j])
        yield [values[n] for n in WRITE_ORDER]


def _flag_text(value: object) -> str:
    v = int(value)  # type: ignore[call-overload]
    return "" if v == -1 else str(v)


def write_survey(
    path: str | Path,
    register: Register,
    people: dict[str, np.ndarray],
    *,
    encoding: str = "utf-8-sig",
) -> Path:
    """Write a survey file (CSV in the given encoding, or XLSX for a .xlsx path)."""
    path = Path(path)
    rows = survey_rows(register, people)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, rows)
        return path
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: Iterable[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("จปฐ")
    for row in rows:
        sheet.append(row)
    book.save(path)


EXAMPLE_SURVEY = Path(__file__).resolve().parent.parent / "data" / "register" / "example-survey.csv"


def write_example(path: Path = EXAMPLE_SURVEY) -> Path:
    """Write the package's small example survey (five synthetic households, fixed seed)."""
    register = concat(
        synthetic.generate(1, seed=2568 + i, provinces=[p], start_id=i + 1)
        for i, p in enumerate((1, 19, 38, 46, 74))  # Bangkok, North-East, North, deep South
    )
    return write_survey(path, register, synthetic.people(register, seed=2568))

"""The จปฐ. survey file's columns and cells: the header specification (Thai headers, required
columns, code labels and aliases), reading a CSV or XLSX file into cells, and parsing each cell
into a value (SurveyError with a Thai reason otherwise). Format: docs/register-survey-format.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime

from msoc.encoding import DecodeError, decode_bytes
from msoc.register.tables import HOUSEHOLD_FLAGS, MEMBER_FLAGS
from msoc.thai import (
    BE_OFFSET,
    ThaiFormatError,
    christian_year,
    normalize_text,
    parse_int,
    parse_thai_date,
    to_arabic_digits,
)
from msoc.zip_limits import XLSX_LIMITS, ArchiveRefused, check_archive

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


# --- reading rows -------------------------------------------------------------------------


Cell = str | date | None


def read_rows(data: bytes, filename: str) -> tuple[list[list[Cell]], str]:
    """The file's rows as cells (text, or dates from XLSX), and the encoding used."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data), "xlsx"
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise SurveyError(
            "อ่านไฟล์ไม่ได้: ไม่ใช่ไฟล์ CSV แบบ UTF-8 หรือ TIS-620 (รับไฟล์ .csv หรือ .xlsx)"
        ) from exc
    text = decoded.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [[c for c in r] for r in rows], decoded.encoding


def _xlsx_rows(data: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    try:
        check_archive(data, XLSX_LIMITS)
    except ArchiveRefused as exc:
        raise SurveyError(f"ไม่รับไฟล์ Excel นี้: {exc}") from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SurveyError("อ่านไฟล์ Excel ไม่ได้: ไฟล์เสียหายหรือไม่ใช่ไฟล์ .xlsx") from exc
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


def header_key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text)).lower()


def header_lookup() -> dict[str, str]:
    """Normalised header text -> field name (Thai headers and the register's column names)."""
    mapping: dict[str, str] = {}
    for table in (HOUSEHOLD_HEADERS, MEMBER_HEADERS):
        for name, headers in table.items():
            mapping[header_key(name)] = name
            for header in headers:
                mapping[header_key(header)] = name
    return mapping


def thai_header(name: str) -> str:
    headers = HOUSEHOLD_HEADERS.get(name) or MEMBER_HEADERS.get(name) or (name,)
    return headers[0]


# --- reading values -----------------------------------------------------------------------


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return normalize_text(cell)


def parse_flag(cell: Cell) -> int:
    """1 met, 0 not met, -1 blank (not applicable); SurveyError otherwise."""
    value = to_arabic_digits(cell_text(cell)).lower()
    if value in _BLANK:
        return -1
    if value in _YES:
        return 1
    if value in _NO:
        return 0
    raise SurveyError(f"ค่า {value!r} ไม่ใช่ 1/0, ผ่าน/ไม่ผ่าน, ใช่/ไม่ใช่ หรือว่าง")


def parse_yes_no(cell: Cell) -> int:
    flag = parse_flag(cell)
    return 0 if flag == -1 else flag


def parse_number(cell: Cell, low: int, high: int, blank: int | None = None) -> int:
    text = cell_text(cell)
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


def parse_coded(cell: Cell, labels: Sequence[str], aliases: dict[str, int]) -> int:
    text = cell_text(cell)
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
            return _safe_date(christian_year(cell.year), cell.month, cell.day), repairs
        return cell, repairs
    text = to_arabic_digits(cell_text(cell))
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
    return _safe_date(christian_year(year), month, day), repairs


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


def parse_sex(cell: Cell) -> int:
    text = to_arabic_digits(cell_text(cell)).lower()
    if text in _SEX:
        return _SEX[text]
    raise SurveyError(f"เพศ {text!r} ต้องเป็น ชาย/หญิง หรือ 1/2")

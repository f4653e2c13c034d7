"""Reading the hotline centre's daily export (CSV or XLSX) into checked case rows.

Pure functions, no database: `read_table` gives header and cells with their line numbers,
`parse_cases` checks every row and returns the good rows, the stated day totals and one precise
error per bad cell, row or day. The layout is documented in IMPORT.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from msoc.apps.hotline import vocab
from msoc.thai import (
    BANGKOK,
    ThaiFormatError,
    christian_year,
    normalize_text,
    parse_int,
    parse_thai_date,
    to_arabic_digits,
)
from msoc.zip_limits import XLSX_LIMITS, ArchiveRefused, check_archive


class ExportError(ValueError):
    """A file that cannot be read as a hotline export at all (format, header)."""


@dataclass(frozen=True)
class RowError:
    """One problem: the file line, the column (if any), the value and the reason in Thai."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"บรรทัด {self.line}" + (f" คอลัมน์ {self.column!r}" if self.column else "")
        shown = f" ค่า {self.value!r}" if self.value else ""
        return f"{where}{shown}: {self.message}"


@dataclass
class CaseRow:
    """One checked case row of an export."""

    line: int
    case_id: str
    received_at: datetime
    day: date
    sex: str
    channel: str
    kind: str
    handling: str
    referral: str
    mobile_unit: bool
    province: str = ""
    name: str = ""
    phone: str = ""
    national_id: str = ""

    @property
    def has_person(self) -> bool:
        """Whether the row carries any personal data of the caller."""
        return bool(self.name or self.phone or self.national_id)


@dataclass
class ParsedExport:
    """The outcome of checking an export: good rows, stated totals and errors."""

    rows: list[CaseRow] = field(default_factory=list)
    stated_totals: dict[date, tuple[int, int]] = field(default_factory=dict)  # day → (line, n)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0  # case rows in the file, good and bad


# --- reading files ----------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header cells and (line number, cells) of each non-empty row of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return _read_csv(path.read_bytes())
    raise ExportError(f"{path.name}: รองรับเฉพาะไฟล์ .csv และ .xlsx")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp874"):  # UTF-8 first; Thai Windows exports are cp874
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExportError("อ่านรหัสอักขระของไฟล์ไม่ได้ (ใช้ UTF-8 หรือ TIS-620/cp874)")


def _read_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    text = _decode(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [(reader.line_num, cells) for cells in reader]
    return _split_header(rows)


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        check_archive(path, XLSX_LIMITS)
    except ArchiveRefused as exc:
        raise ExportError(f"{path.name}: {exc}") from exc
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        if not book.worksheets:
            raise ExportError(f"{path.name}: ไฟล์ Excel ไม่มีแผ่นงาน")
        rows = [
            (number, ["" if c is None else c for c in cells])
            for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
        ]
        book.close()
    except ExportError:
        raise
    except Exception as exc:  # openpyxl raises several types for a damaged file, also while reading
        raise ExportError(f"{path.name}: เปิดไฟล์ Excel ไม่ได้ ไฟล์เสียหายหรือไม่ใช่ไฟล์ .xlsx") from exc
    return _split_header(rows)


def _split_header(
    rows: list[tuple[int, list[Any]]],
) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    filled = [(n, cells) for n, cells in rows if any(str(c).strip() for c in cells)]
    if not filled:
        raise ExportError("ไฟล์ว่าง ไม่มีหัวตาราง")
    header = [str(c).strip() for c in filled[0][1]]
    return header, filled[1:]


# --- checking rows ----------------------------------------------------------------------------


def map_header(header: list[str]) -> dict[str, int]:
    """Field → column index; unknown, repeated or missing required columns raise ExportError."""
    mapping: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        if not name:
            continue
        field_name = vocab.header_field(name)
        if field_name is None:
            problems.append(f"คอลัมน์ {name!r} (ลำดับที่ {index + 1}) ไม่รู้จัก")
        elif field_name in mapping:
            problems.append(f"คอลัมน์ {name!r} ซ้ำกับคอลัมน์ลำดับที่ {mapping[field_name] + 1}")
        else:
            mapping[field_name] = index
    missing = [vocab.COLUMNS[f][0] for f in vocab.REQUIRED if f not in mapping]
    if missing:
        problems.append("ไม่มีคอลัมน์ที่ต้องมี: " + ", ".join(missing))
    if problems:
        known = ", ".join(names[0] for names in vocab.COLUMNS.values())
        raise ExportError("; ".join(problems) + f" (คอลัมน์ที่รู้จัก: {known})")
    return mapping


def parse_cases(header: list[str], rows: list[tuple[int, list[Any]]]) -> ParsedExport:
    """Check every row of an export; good rows, stated totals and precise errors."""
    mapping = map_header(header)
    out = ParsedExport()
    first_line: dict[str, int] = {}
    per_day: Counter[date] = Counter()  # case rows of each day, good or bad
    for line, cells in rows:
        cell = _cells(mapping, header, cells)
        if vocab.key(cell("case_id")) in vocab.TOTAL_MARKERS:
            _read_total(line, cell, out)
            continue
        out.row_count += 1
        per_day[_day_or_min(cell("date"))] += 1
        row, errors = _read_row(line, cell)
        if row is not None and row.case_id in first_line:
            errors.append(
                RowError(
                    line, "เลขที่เรื่อง", row.case_id, f"เลขที่เรื่องซ้ำกับบรรทัด {first_line[row.case_id]}"
                )  # fmt: skip
            )
        if row is not None:
            first_line.setdefault(row.case_id, line)
        if errors:
            out.errors.extend(errors)
        elif row is not None:
            out.rows.append(row)
    _check_totals(out, per_day)
    return out


def _day_or_min(value: Any) -> date:
    try:
        return _parse_date(value)[0]
    except (ThaiFormatError, ValueError):
        return date.min


def _cells(mapping: dict[str, int], header: list[str], cells: list[Any]) -> Any:
    def cell(field_name: str) -> Any:
        index = mapping.get(field_name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    return cell


def _label(field_name: str) -> str:
    return vocab.COLUMNS[field_name][0]


def _read_row(line: int, cell: Any) -> tuple[CaseRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(field_name: str, message: str) -> None:
        errors.append(RowError(line, _label(field_name), str(cell(field_name)), message))

    case_id = normalize_text(to_arabic_digits(str(cell("case_id")))).strip()
    if not case_id:
        fail("case_id", "ไม่มีเลขที่เรื่อง")
    received = _received_at(cell("date"), cell("time"), fail)
    codes = {}
    for field_name in ("sex", "channel", "kind", "handling"):
        code = vocab.code_of(field_name, str(cell(field_name)))
        if code is None:
            fail(field_name, f"ไม่รู้จักค่านี้ (ใช้ได้: {vocab.ALLOWED_TEXT[field_name]})")
        codes[field_name] = code or ""
    referral = _referral(codes["handling"], str(cell("referral")), fail)
    mobile = _yes_no(str(cell("mobile_unit")), fail)
    national_id = re.sub(r"[\s-]", "", to_arabic_digits(str(cell("national_id"))))
    if national_id and not re.fullmatch(r"\d{13}", national_id):
        fail("national_id", "เลขประจำตัวประชาชนต้องเป็นตัวเลข ๑๓ หลัก")
    phone = re.sub(r"[\s-]", "", to_arabic_digits(str(cell("phone"))))
    if phone and not re.fullmatch(r"\+?\d{9,12}", phone):
        fail("phone", "หมายเลขโทรศัพท์ต้องเป็นตัวเลข ๙-๑๒ หลัก")
    if errors or received is None:
        return (None, errors) if not case_id else (_stub(line, case_id), errors)
    return CaseRow(
        line=line,
        case_id=case_id,
        received_at=received,
        day=received.astimezone(BANGKOK).date(),
        sex=codes["sex"],
        channel=codes["channel"],
        kind=codes["kind"],
        handling=codes["handling"],
        referral=referral,
        mobile_unit=mobile,
        province=_clean(str(cell("province"))),
        name=_clean(str(cell("name"))),
        phone=phone,
        national_id=national_id,
    ), errors


@lru_cache(maxsize=4096)
def _clean(text: str) -> str:
    return normalize_text(text) if text else ""


def _stub(line: int, case_id: str) -> CaseRow:
    # A bad row still claims its case id, so that a later duplicate is reported too.
    epoch = datetime(1970, 1, 1, tzinfo=BANGKOK)
    return CaseRow(line, case_id, epoch, epoch.date(), "", "", "", "", "", False)


def _referral(handling: str, value: str, fail: Any) -> str:
    code = vocab.code_of("referral", value) if value else ""
    if value and code is None:
        fail("referral", f"ไม่รู้จักหน่วยที่ส่งต่อ (ใช้ได้: {vocab.ALLOWED_TEXT['referral']})")
        return ""
    if handling == "referred" and not code:
        fail("referral", "เรื่องที่ประสานส่งต่อต้องระบุหน่วยที่ส่งต่อ")
    if handling == "ministry" and code:
        fail("referral", "เรื่องที่ พม. ให้บริการเองต้องไม่มีหน่วยที่ส่งต่อ")
    return code or ""


def _yes_no(value: str, fail: Any) -> bool:
    k = vocab.key(value)
    if k in vocab.YES:
        return True
    if k in vocab.NO:
        return False
    fail("mobile_unit", "ต้องเป็น ใช่/ไม่ใช่ (หรือ 1/0)")
    return False


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*น\.?)?$")


def _received_at(date_cell: Any, time_cell: Any, fail: Any) -> datetime | None:
    """The aware moment a case was received, from a date (and optional time) cell."""
    try:
        day, moment = _parse_date(date_cell)
    except (ThaiFormatError, ValueError) as exc:
        fail("date", _reason(exc, "วันที่ไม่มีอยู่จริง"))
        return None
    if time_cell not in ("", None):
        try:
            moment = _parse_time(time_cell)
        except ValueError as exc:
            fail("time", _reason(exc, "เวลาไม่มีอยู่จริง"))
            return None
    return datetime.combine(day, moment or time(0, 0), tzinfo=BANGKOK)


def _reason(exc: Exception, fallback: str) -> str:
    # Our own messages are Thai; the standard library's (e.g. 'day is out of range') are not.
    text = str(exc)
    return text if any("\u0e00" <= ch <= "\u0e7f" for ch in text) else f"{fallback} ({text})"


def _parse_date(value: Any) -> tuple[date, time | None]:
    if isinstance(value, datetime):
        return value.date(), value.time() if value.time() != time(0, 0) else None
    if isinstance(value, date):
        return value, None
    return _parse_date_text(str(value))


@lru_cache(maxsize=4096)  # an export holds few distinct dates
def _parse_date_text(value: str) -> tuple[date, time | None]:
    text = to_arabic_digits(normalize_text(str(value))).strip()
    if not text:
        raise ValueError("ไม่มีวันที่รับเรื่อง")
    for pattern, order in ((_ISO, (0, 1, 2)), (_SLASH, (2, 1, 0))):
        m = pattern.match(text)
        if m:
            parts = m.groups()
            year, month, day = (int(parts[i]) for i in order)
            year = christian_year(year)  # a Buddhist-era year is moved back
            clock = time(int(parts[3]), int(parts[4]), int(parts[5] or 0)) if parts[3] else None
            return date(year, month, day), clock
    return parse_thai_date(text).value, None


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):
        return value.time()
    return _parse_time_text(str(value))


@lru_cache(maxsize=4096)
def _parse_time_text(value: str) -> time:
    m = _TIME.match(to_arabic_digits(str(value)).strip())
    if not m:
        raise ValueError(f"อ่านเวลาไม่ได้: {value!r} (ใช้รูปแบบ ชม.:นาที เช่น 08:15)")
    return time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


# --- stated day totals --------------------------------------------------------------------------


def _read_total(line: int, cell: Any, out: ParsedExport) -> None:
    try:
        count = parse_int(str(cell("count"))).value
    except ThaiFormatError as exc:
        out.errors.append(RowError(line, _label("count"), str(cell("count")), str(exc)))
        return
    if count is None:
        out.errors.append(RowError(line, _label("count"), "", "แถวยอดรวมต้องมีจำนวนในคอลัมน์ จำนวน"))
        return
    day: date | None = None
    if cell("date") not in ("", None):
        try:
            day = _parse_date(cell("date"))[0]
        except (ThaiFormatError, ValueError) as exc:
            out.errors.append(RowError(line, _label("date"), str(cell("date")), str(exc)))
            return
    out.stated_totals[day or date.min] = (line, count)


def _check_totals(out: ParsedExport, per_day: Counter[date]) -> None:
    """Compare each stated day total with the file's rows of that day: a reconciliation message."""
    if date.min in out.stated_totals:  # a total row without a date: the file's only day
        line, count = out.stated_totals.pop(date.min)
        days = sorted(d for d in per_day if d != date.min)
        if len(days) > 1:
            out.errors.append(RowError(line, _label("date"), "", "ไฟล์มีหลายวัน แถวยอดรวมต้องระบุวันที่"))
        elif days:
            out.stated_totals[days[0]] = (line, count)
    for day, (line, stated) in sorted(out.stated_totals.items()):
        counted = per_day.get(day, 0)
        if stated != counted:
            out.errors.append(
                RowError(
                    line,
                    _label("count"),
                    str(stated),
                    f"ยอดรวมที่แจ้งของวันที่ {day.isoformat()} คือ {stated:,} กรณี "
                    f"แต่ในไฟล์มีเรื่องของวันนั้น {counted:,} แถว (ต่างกัน {stated - counted:+,})",
                )
            )

"""The header block: letterhead, urgency, document number, date, subject and addressees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from msoc.report.importer.findings import Findings, SourceLine
from msoc.report.importer.outline import Part
from msoc.report.model import URGENCIES, Header
from msoc.thai import ThaiFormatError, normalize_text, parse_int, parse_thai_date, to_arabic_digits

PART = "header"
_NUMBER = re.compile(r"^ที่\s+(?P<code>[^/]*?)\s*(?:/\s*(?:ว\.?)?\s*(?P<num>[๐-๙\d][๐-๙\d,]*)?)?\s*$")
_DATE_LINE = re.compile(r"^วัน\S*ที่\s*[๐-๙\d]")
_DATE_IN_TEXT = re.compile(r"วัน\S*?ที่\s*[๐-๙\d]{1,2}\s*\S+\s*(?:พ\.\s*ศ\.\s*)?[๐-๙\d]{4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"\d{5}$")
_LATIN_WORDS = re.compile(r"^[A-Za-z][A-Za-z .,&'()-]*$")


@dataclass
class _Draft:
    """Header fields as they are found; the date is required at the end."""

    values: dict[str, object] = field(default_factory=dict)
    date: date | None = None
    date_line: SourceLine | None = None
    addressee_text: list[str] = field(default_factory=list)
    in_addressees: bool = False


def parse_header(part: Part, first_heading: SourceLine | None, findings: Findings) -> Header:
    """Read the header block; raises ReportImportError when it holds no report date."""
    draft = _Draft(values={"urgency": ""})
    for ln in part.lines:
        for cell in ln.raw.split("\t"):
            text = normalize_text(cell)
            if text:
                _take(ln, text, draft, findings)
    if draft.date is None:
        where = first_heading or (part.lines[-1] if part.lines else SourceLine(1, ""))
        raise findings.fail(where, "ไม่พบวันที่ของรายงาน (เช่น 'วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖') ในส่วนหัว")
    header = Header(date=draft.date)
    for key, value in draft.values.items():
        setattr(header, key, value)
    if draft.addressee_text:
        joined = " ".join(draft.addressee_text)
        header.addressees = [a for a in (normalize_text(p) for p in joined.split("/")) if a]
    return header


def _take(ln: SourceLine, text: str, draft: _Draft, findings: Findings) -> None:
    """Put one header line (or table cell) into the draft, or report it."""
    values = draft.values
    if text.startswith("เรียน"):
        draft.in_addressees = True
        draft.addressee_text.append(text.removeprefix("เรียน").strip())
    elif text.startswith("เรื่อง"):
        draft.in_addressees = False
        values["subject"] = text.removeprefix("เรื่อง").strip()
        if draft.date is None:
            _date_from_subject(ln, text, draft, findings)
    elif m := _NUMBER.match(text):
        values["agency_code"] = m.group("code")
        values["document_number"] = _document_number(ln, m.group("num"), findings)
    elif text in URGENCIES:
        values["urgency"] = text
    elif _DATE_LINE.match(text):
        _date_line(ln, text, draft, findings)
    elif draft.in_addressees:
        draft.addressee_text.append(text)
    elif not _letterhead(text, values):
        findings.unreadable(ln, PART, f"ไม่รู้จักบรรทัดในส่วนหัว {text!r} จึงไม่ได้นำเข้า")
        return
    findings.use(ln)


def _document_number(ln: SourceLine, digits: str | None, findings: Findings) -> int | None:
    if not digits:
        return None
    try:
        parsed = parse_int(digits)
    except ThaiFormatError as exc:
        findings.unreadable(ln, PART, f"เลขที่หนังสือ: {exc}")
        return None
    for repair in parsed.repairs:
        findings.repaired(ln, PART, f"เลขที่หนังสือ: {repair}")
    return parsed.value


def _date_line(ln: SourceLine, text: str, draft: _Draft, findings: Findings) -> None:
    try:
        parsed = parse_thai_date(text)
    except ThaiFormatError as exc:
        findings.unreadable(ln, PART, f"วันที่ของรายงาน: {exc}")
        return
    if draft.date is not None and draft.date_line is not None:
        findings.repaired(ln, PART, "พบบรรทัดวันที่ซ้ำ ใช้วันที่บรรทัดแรก")
        return
    for repair in parsed.repairs:
        findings.repaired(ln, PART, f"วันที่ของรายงาน: {repair}")
    draft.date, draft.date_line = parsed.value, ln


def _date_from_subject(ln: SourceLine, text: str, draft: _Draft, findings: Findings) -> None:
    """A report without its date line still names the date in its subject."""
    m = _DATE_IN_TEXT.search(text)
    if not m:
        return
    try:
        parsed = parse_thai_date(m.group(0))
    except ThaiFormatError:
        return
    draft.date = parsed.value
    findings.repaired(ln, PART, "ไม่พบบรรทัดวันที่ ใช้วันที่จากบรรทัด 'เรื่อง'")


def _letterhead(text: str, values: dict[str, object]) -> bool:
    """Fill a letterhead field from the line; False when the line is none of them."""
    plain = to_arabic_digits(text)
    if text.startswith("โทร"):
        email = _EMAIL.search(text)
        phone_part = text[: email.start()] if email else text
        phone_part = re.sub(r"(?i)e-?mail\s*:?\s*$", "", phone_part).strip()
        values["phone"] = re.sub(r"^โทร(?:ศัพท์|\.)?\s*:?\s*", "", phone_part).strip()
        if email:
            values["email"] = email.group(0)
        return True
    if email := _EMAIL.search(text):
        values["email"] = email.group(0)
        return True
    if _POSTCODE.search(plain) and "address" not in values:
        values["address"] = text
        return True
    if _LATIN_WORDS.match(text):
        key = "unit_name_en" if " " in text else "unit_short_en"
        if key not in values:
            values[key] = text
            return True
        return False
    if text.startswith("ศูนย์") and "unit_name" not in values:
        values["unit_name"] = text
        return True
    if " " not in text and "." in text and len(text) <= 20 and "unit_short" not in values:
        values["unit_short"] = text
        return True
    if "motto" not in values and "subject" not in values:
        values["motto"] = text
        return True
    return False

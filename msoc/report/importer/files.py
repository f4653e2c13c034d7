"""Reading a report file: DOCX, or text in UTF-8 (also UTF-16 and TIS-620/cp874, reported)."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from msoc.report.importer.document import parse_report_text
from msoc.report.importer.docx_text import read_docx_text
from msoc.report.importer.findings import ImportIssue, ImportResult, ReportImportError
from msoc.zip_limits import DOCX_LIMITS, ArchiveRefused, check_archive

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .doc
_PDF_MAGIC = b"%PDF"
# Control characters never found in a text report (tab, newlines and form feed are fine).
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_THAI = re.compile(r"[\u0e01-\u0e5b]")


def parse_report_file(path: str | Path) -> ImportResult:
    """Import a report from a .docx or text file; ReportImportError names file and line."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReportImportError(name, 0, f"เปิดไฟล์ไม่ได้ ({exc.strerror or exc})") from exc
    return parse_report_bytes(data, name)


def parse_report_bytes(data: bytes, name: str) -> ImportResult:
    """Import a report from the bytes of a .docx or text file named `name`."""
    if not data.strip():
        raise ReportImportError(name, 1, "ไฟล์ว่าง ไม่มีข้อความของรายงาน")
    if data.startswith(_OLE_MAGIC) or data.startswith(_PDF_MAGIC):
        raise ReportImportError(name, 0, "ไฟล์ .doc รุ่นเก่าหรือ PDF ยังไม่รองรับ ให้บันทึกเป็น .docx หรือ .txt")
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith(".docx"):
        try:
            check_archive(data, DOCX_LIMITS)
        except ArchiveRefused as exc:
            raise ReportImportError(name, 0, str(exc)) from exc
        stream = io.BytesIO(data)
        stream.name = name  # errors name the file, as they do when read from a path
        return parse_report_text(read_docx_text(stream), name)
    text, note = decode_text(data, name)
    result = parse_report_text(text, name)
    if note:
        result.issues.insert(0, ImportIssue(0, note, "repaired", "file"))
    return result


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str | None]:
    """The text of a report file and, when it was not UTF-8, a note naming its encoding."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = _decode(data, encoding, name)
            note = None if encoding == "utf-8-sig" else "ไฟล์เข้ารหัส UTF-16 แปลงเป็น UTF-8 แล้ว"
            return _checked(text, name), note
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(
            _decode(data, encoding, name), name
        ), "ไฟล์เข้ารหัส UTF-16 (ไม่มี BOM) แปลงเป็น UTF-8 แล้ว"
    try:
        return _checked(data.decode("utf-8"), name), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise _undecodable(data, utf8_error, name) from utf8_error
    if not _THAI.search(text):  # cp874 reads almost any bytes; real Thai text has Thai letters
        raise _undecodable(data, utf8_error, name)
    return _checked(text, name), "ไฟล์เข้ารหัส TIS-620/cp874 (ภาษาไทยแบบเก่า) แปลงเป็น UTF-8 แล้ว"


def _decode(data: bytes, encoding: str, name: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc, name) from exc


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a BOM: every other byte is mostly zero (ASCII) or 0x0E (Thai)."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    for half in (sample[0::2], sample[1::2]):
        if sum(b in (0, 0x0E) for b in half) > 0.9 * len(half):
            return True
    return False


def _checked(text: str, name: str | None) -> str:
    """Refuse binary content that happened to decode."""
    if m := _BINARY.search(text):
        line = text.count("\n", 0, m.start()) + 1
        raise ReportImportError(
            name, line, f"ไม่ใช่ไฟล์ข้อความ: พบอักขระควบคุม {m.group(0)!r} (ไฟล์ไบนารี?)"
        )
    return text


def _undecodable(data: bytes, error: UnicodeDecodeError, name: str | None) -> ReportImportError:
    line = data.count(b"\n", 0, error.start) + 1
    return ReportImportError(
        name, line, f"อ่านรหัสอักขระไม่ได้ (ไม่ใช่ UTF-8, UTF-16 หรือ TIS-620) ที่ไบต์ {error.start}"
    )

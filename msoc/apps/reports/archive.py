"""Proof that the archived files of an issued report are the ones issued (read-only).

At issue time `actions._archive_documents` records each file's SHA-256 on the report and in
the issue's audit event; the audit log is a hash chain, so a changed row cannot hide a
changed file. `verify_issued` hashes the stored files again and compares with both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.reports.models import Report
from msoc.thai import to_thai_digits

KINDS = {"pdf": "PDF/A", "docx": "DOCX"}
ISSUED = (Report.Status.ISSUED, Report.Status.SUPERSEDED)


@dataclass(frozen=True)
class FileCheck:
    """One archived file of a report: what was recorded at issue and what is stored now."""

    kind: str  # "pdf" or "docx"
    path: str
    recorded: str  # SHA-256 on the report row ("" if none was recorded)
    audited: str  # SHA-256 in the issue's audit event ("" if none)
    actual: str  # SHA-256 of the stored file ("" if the file is missing)

    @property
    def ok(self) -> bool:
        """The stored file is the one issued, by the row and by the audit log."""
        return bool(self.actual) and self.actual == self.recorded == self.audited

    def message(self) -> str:
        """What the check found, in Thai."""
        name = f"ไฟล์ {KINDS[self.kind]} ({self.path or 'ไม่มีที่เก็บ'})"
        if not self.recorded or not self.audited:
            return f"{name}: ไม่มีค่า SHA-256 ที่บันทึกไว้ตอนออกรายงาน จึงพิสูจน์ไม่ได้"
        if self.recorded != self.audited:
            return f"{name}: ค่า SHA-256 ในรายงานไม่ตรงกับบันทึกการตรวจสอบ (audit) ตอนออก"
        if not self.actual:
            return f"{name}: ไม่พบไฟล์ในคลังเอกสาร"
        if self.actual != self.recorded:
            return (
                f"{name}: ไม่ตรงกับฉบับที่ออก (SHA-256 ตอนออก {self.recorded[:16]}… "
                f"ไฟล์ปัจจุบัน {self.actual[:16]}…)"
            )
        return f"{name}: ตรงกับฉบับที่ออก (SHA-256 {self.actual})"


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return ""
    return digest.hexdigest()


def _audited(report: Report) -> dict[str, str]:
    event = (
        AuditEvent.objects.filter(action="report.issue", target_id=str(report.pk))
        .order_by("-id")
        .first()
    )
    archived = (event.detail or {}).get("archived") if event is not None else None
    return archived if isinstance(archived, dict) else {}


def issued_reports(number: int, agency_code: str | None = None) -> list[Report]:
    """The issued (or since superseded) reports that carry a document number."""
    reports = Report.objects.filter(document_number=number, status__in=ISSUED)
    if agency_code:
        reports = reports.filter(agency_code=agency_code)
    return list(reports.order_by("date", "pk"))


def verify_issued(report: Report) -> list[FileCheck]:
    """Check each archived file of an issued report against the hashes recorded at issue."""
    audited = _audited(report)
    checks = []
    for kind in KINDS:
        path = getattr(report, f"{kind}_path")
        checks.append(
            FileCheck(
                kind=kind,
                path=path,
                recorded=getattr(report, f"{kind}_sha256"),
                audited=str(audited.get(f"{kind}_sha256", "")),
                actual=_sha256(path) if path else "",
            )
        )
    return checks


def report_title(report: Report) -> str:
    """'ที่ พม ๐๒๐๔ /ว ๔๗๕๐ ลงวันที่ 2023-05-03' for messages."""
    number = to_thai_digits(str(report.document_number))
    return f"ที่ {report.agency_code} /ว {number} ลงวันที่ {report.date.isoformat()}"

"""The archive of issued reports: PDF/A and DOCX with SHA-256 recorded at issue, `report verify`."""

from __future__ import annotations

import hashlib
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core.management import CommandError, call_command

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.reports import actions
from msoc.apps.reports.archive import verify_issued
from msoc.apps.reports.models import Report
from msoc.apps.reports.services import import_report_file
from tests.helpers import issue_overriding

SAMPLE_DATE = date(2023, 5, 3)
pytestmark = pytest.mark.django_db


def _verify(number: str) -> str:
    out = StringIO()
    call_command("report", "verify", number, stdout=out)
    return out.getvalue()


def _verify_fails(number: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("report", "verify", number, stdout=out)
    return out.getvalue(), str(failure.value)


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def issued(sample_report_path: Path, settings: Any, tmp_path: Path) -> Report:
    settings.ARCHIVE_DIR = tmp_path / "archive"
    import_report_file(sample_report_path)
    actions.do_start_correction(SAMPLE_DATE)
    return issue_overriding(SAMPLE_DATE)


def test_issuing_archives_pdf_a_and_docx_with_their_hashes(issued: Report) -> None:
    pdf, docx = Path(issued.pdf_path), Path(issued.docx_path)
    assert pdf.parent == docx.parent and pdf.name == "msoc-2023-05-03-4751.pdf"
    xmp = pypdf.PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp  # the archived PDF is the PDF/A
    assert docx.read_bytes()[:2] == b"PK"
    assert issued.pdf_sha256 == _sha256(issued.pdf_path)
    assert issued.docx_sha256 == _sha256(issued.docx_path)
    event = AuditEvent.objects.get(action="report.issue", target_id=str(issued.pk))
    assert event.detail["archived"] == {
        "pdf_sha256": issued.pdf_sha256,
        "docx_sha256": issued.docx_sha256,
    }
    assert not list(pdf.parent.glob("*.part"))
    assert all(check.ok for check in verify_issued(issued))


def test_verify_proves_the_stored_files_and_names_the_one_that_differs(issued: Report) -> None:
    out = _verify("4751")
    assert out.count("ผ่าน: ") == 2 and "ไม่ผ่าน" not in out
    assert "ไฟล์ทุกไฟล์ในคลังเอกสารตรงกับฉบับที่ออก" in out
    assert _verify("๔๗๕๑") == out  # the number as printed on the report

    with Path(issued.docx_path).open("ab") as docx:
        docx.write(b"\0")
    out, error = _verify_fails("4751")
    assert "ไม่ผ่าน: ไฟล์ DOCX" in out and "ไม่ตรงกับฉบับที่ออก" in out
    assert "ผ่าน: ไฟล์ PDF/A" in out
    assert "1 ไฟล์ไม่ใช่ไฟล์ที่ออก" in error

    Path(issued.pdf_path).unlink()
    out, error = _verify_fails("4751")
    assert "ไม่ผ่าน: ไฟล์ PDF/A" in out and "ไม่พบไฟล์ในคลังเอกสาร" in out
    assert "2 ไฟล์" in error

    # Rewriting the row's hash to match a changed file is caught by the audit log.
    Report.objects.filter(pk=issued.pk).update(docx_sha256=_sha256(issued.docx_path))
    out, _ = _verify_fails("4751")
    assert "ไฟล์ DOCX" in out and "ไม่ตรงกับบันทึกการตรวจสอบ" in out


def test_verify_refuses_unknown_or_malformed_numbers_in_thai(issued: Report) -> None:
    with pytest.raises(CommandError, match="ไม่พบรายงานที่ออกแล้วเลขที่ 9999"):
        call_command("report", "verify", "9999", stdout=StringIO())
    with pytest.raises(CommandError, match="เลขที่หนังสือไม่ถูกต้อง"):
        call_command("report", "verify", "สี่พัน", stdout=StringIO())


def test_a_report_issued_without_files_cannot_be_proven(sample_report_path: Path) -> None:
    import_report_file(sample_report_path)
    actions.do_start_correction(SAMPLE_DATE)
    issue_overriding(SAMPLE_DATE, render=False)
    out, _ = _verify_fails("4751")
    assert out.count("ไม่มีค่า SHA-256 ที่บันทึกไว้ตอนออกรายงาน") == 2

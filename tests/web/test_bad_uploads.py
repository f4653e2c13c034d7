"""Uploads that are no report or unpack too far: a Thai reason with the accepted formats, 400,
nothing stored; a TIS-620 report is decoded and imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import zip_bombs
from tests.zip_bombs import within_floor

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)

BAD_FILES = [
    ("photo.png", PNG, "รูปภาพ PNG"),
    ("notes.rtf", b"{\\rtf1 hello}", "ไม่ใช่ชนิดที่รับ"),
    ("photo.docx", PNG, "รูปภาพ PNG"),
    ("old.doc", OLE, ".doc/.xls"),
    ("old.docx", OLE, ".doc/.xls"),
    ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "ไฟล์ PDF"),
    ("renamed.docx", "รายงานสถานการณ์ประจำวัน\nไม่ใช่ DOCX".encode(), "ไม่ใช่ไฟล์ DOCX จริง"),
    ("not-a-report.txt", "สวัสดีครับ นี่เป็นบันทึกทั่วไป".encode("cp874"), "ไม่พบวันที่"),
    ("binary.txt", bytes(range(256)) * 4, "อ่านรหัสอักขระไม่ได้"),
    ("control.txt", b"\x01\x02 report \x03", "ไม่ใช่ไฟล์ข้อความ"),
    ("empty-ish.txt", b"   \n\n", "ไฟล์ว่าง"),
]


def _stored() -> tuple[int, int]:
    from msoc.apps.accounts.models import AuditEvent
    from msoc.apps.reports.models import Report

    return Report.objects.count(), AuditEvent.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_unreadable_report_files_get_a_thai_reason(
    clients: dict[str, Any], name: str, data: bytes, reason: str
) -> None:
    before = _stored()
    response = clients["editor"].post("/reports/import/", {"file": SimpleUploadedFile(name, data)})
    page = response.content.decode()
    assert response.status_code == 400, page[:500]
    assert reason in page and name in page
    assert ".docx" in page and ".txt" in page  # the accepted formats are named
    assert "ระบบขัดข้อง" not in page and "/tmp/" not in page and "Error" not in page
    assert _stored() == before


@pytest.mark.django_db
def test_a_tis620_report_is_decoded_and_imported(
    clients: dict[str, Any], sample_report_path: Path
) -> None:
    from msoc.apps.reports.models import Report

    text = sample_report_path.read_text(encoding="utf-8")
    data = text.encode("cp874", errors="replace")
    response = clients["editor"].post(
        "/reports/import/", {"file": SimpleUploadedFile("report.txt", data)}
    )
    assert response.status_code == 302, response.content.decode()[:800]
    report = Report.objects.get()
    assert any("TIS-620" in issue["message"] for issue in report.import_issues)


BOMBS: dict[str, Callable[[], bytes]] = {
    "900MB-of-zeros": zip_bombs.docx_with_zeros,
    "3.5M-empty-paragraphs": zip_bombs.docx_of_empty_paragraphs,
    "entity-declaration": zip_bombs.with_dtd,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(BOMBS))
def test_report_upload_refuses_docx_bombs(clients: dict[str, Any], name: str) -> None:
    data = BOMBS[name]()
    before = _stored()
    upload = SimpleUploadedFile("r.docx", data)
    response = within_floor(lambda: clients["editor"].post("/reports/import/", {"file": upload}))
    page = response.content.decode()
    assert response.status_code == 400 and "ไฟล์ r.docx" in page and "Traceback" not in page
    assert _stored() == before


@pytest.mark.django_db
def test_survey_upload_refuses_the_xlsx_bomb(clients: dict[str, Any]) -> None:
    from msoc.apps.register.models import Household

    upload = SimpleUploadedFile("s.xlsx", zip_bombs.xlsx_of_empty_cells())
    response = within_floor(lambda: clients["admin"].post("/households/import/", {"file": upload}))
    assert response.status_code == 400 and "บีบอัดผิดปกติ" in response.content.decode()
    assert not Household.objects.exists()

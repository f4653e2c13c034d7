"""Importing the hotline centre's export: layout, bad input, all-or-nothing, re-imports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from msoc.apps.hotline.importer import ExportError, parse_cases, read_table
from msoc.apps.hotline.models import Case, CasePerson, DayTotals
from msoc.apps.hotline.services import import_export_file
from msoc.apps.hotline.stats import sums
from msoc.thai import BANGKOK
from tests.conftest import ROOT

DEMO = ROOT / "msoc" / "data" / "demo" / "hotline-cases-2566-05-03.csv"
HEADER = ["เลขที่เรื่อง", "วันที่รับเรื่อง", "เวลา", "เพศ", "ช่องทาง", "ประเภทเรื่อง",
          "การดำเนินการ", "ส่งต่อไปยัง", "หน่วยเคลื่อนที่เร็ว", "จังหวัด", "จำนวน"]  # fmt: skip
GOOD = [
    ["A-1", "2023-05-03", "08:15", "หญิง", "สายด่วน", "ปัญหาใหม่", "การประสานส่งต่อ", "พมจ.", "ใช่", "ขอนแก่น", ""],
    ["A-2", "2023-05-03", "09:00", "ชาย", "สื่อออนไลน์", "ก่อกวน", "บริการที่เกี่ยวข้องกับ พม.", "", "", "", ""],
    ["A-3", "2023-05-03", "10:30", "หญิง", "กองตรวจฯ", "สอบถามข้อมูลทั่วไปเกี่ยวกับ พม.", "บริการที่เกี่ยวข้องกับ พม.", "", "ไม่ใช่", "", ""],
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.django_db
def test_demo_export_reproduces_the_sample_breakdowns() -> None:
    result = import_export_file(DEMO)
    assert result.committed and result.imported == 462 and not result.errors
    day = DayTotals.objects.get(date=date(2023, 5, 3))
    assert day.origin == "computed"
    assert (day.total, day.male, day.female, day.mobile_unit) == (462, 117, 345, 12)
    # The sample prints สายด่วน 383 (channels summing to 470); the demo has 375 so they add up.
    assert day.channels == {
        "hotline": 375,
        "online": 68,
        "walk_in": 7,
        "msoc_news": 4,
        "inspection": 8,
    }
    assert day.services == {"ministry": 260, "referred": 202}
    assert day.referrals == {"counselling": 122, "pmj": 57, "ps": 11, "ops": 7, "dcy": 3, "dep": 2}
    assert day.kinds["new_problem"] == 202 and day.kinds["suggestion"] is None
    figures = {
        f: getattr(day, f) for f in ("male", "female", "channels", "services", "referrals", "kinds")
    }
    assert sums(figures) == {
        "sex": 462,
        "channels": 462,
        "services": 462,
        "referrals": 202,
        "kinds": 462,
    }
    assert CasePerson.objects.count() > 0


@pytest.mark.django_db
def test_reordered_thai_headers_and_thai_digits(tmp_path: Path) -> None:
    order = [10, 3, 0, 5, 4, 6, 7, 1, 2, 8, 9]
    header = [HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in GOOD]
    rows[0][header.index("วันที่รับเรื่อง")] = "๐๓/๐๕/๒๕๖๖"
    rows[0][header.index("เวลา")] = "๐๘.๑๕ น."
    rows[1][header.index("วันที่รับเรื่อง")] = "๓ พ.ค. ๖๖"
    total = [""] * len(header)
    total[header.index("เลขที่เรื่อง")], total[header.index("จำนวน")] = "รวม", "๓"
    result = import_export_file(write_csv(tmp_path / "x.csv", header, [*rows, total]))
    assert result.committed, [str(e) for e in result.errors]
    case = Case.objects.get(case_id="A-1")
    moment = case.received_at.astimezone(BANGKOK)
    assert (case.day, moment.hour, moment.minute) == (date(2023, 5, 3), 8, 15)
    assert case.referral == "pmj" and case.mobile_unit and case.province == "ขอนแก่น"


def test_unknown_and_missing_columns_name_the_offender(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [*HEADER[:5], "อารมณ์ผู้โทร", *HEADER[6:]], [])
    with pytest.raises(ExportError) as err:
        parse_cases(*read_table(path))
    assert "'อารมณ์ผู้โทร' (ลำดับที่ 6) ไม่รู้จัก" in str(err.value)
    assert "ไม่มีคอลัมน์ที่ต้องมี: ประเภทเรื่อง" in str(err.value)


@pytest.mark.django_db
def test_bad_values_give_one_error_per_cell_and_store_nothing(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][3] = "ไม่รู้"  # sex
    rows[2][1] = "31/02/2566"  # no such date
    rows[2][7] = "พมจ."  # a referral on a case the ministry handled
    rows.append(
        ["A-4", "2023-05-03", "25:99", "หญิง", "สายด่วน", "ปัญหาใหม่", "การประสานส่งต่อ", "", "", "", ""]
    )
    result = import_export_file(write_csv(tmp_path / "x.csv", HEADER, rows))
    messages = [(e.line, e.column) for e in result.errors]
    assert (3, "เพศ") in messages
    assert (4, "วันที่รับเรื่อง") in messages and (4, "ส่งต่อไปยัง") in messages
    assert (5, "เวลา") in messages and (5, "ส่งต่อไปยัง") in messages
    assert not result.committed
    assert Case.objects.count() == 0 and DayTotals.objects.count() == 0


@pytest.mark.django_db
def test_duplicated_case_ids_are_reported_with_the_first_line(tmp_path: Path) -> None:
    rows = [*GOOD, [*GOOD[0][:1], *GOOD[1][1:]]]
    result = import_export_file(write_csv(tmp_path / "x.csv", HEADER, rows))
    assert not result.committed and Case.objects.count() == 0
    [error] = result.errors
    assert error.line == 5 and "ซ้ำกับบรรทัด 2" in error.message


@pytest.mark.django_db
def test_stated_total_that_disagrees_is_a_reconciliation_error(tmp_path: Path) -> None:
    total = ["รวม", "2023-05-03", "", "", "", "", "", "", "", "", "1,000"]
    path = write_csv(tmp_path / "x.csv", HEADER, [*GOOD, total])
    result = import_export_file(path)
    assert not result.committed and Case.objects.count() == 0
    [error] = result.errors
    assert error.line == 5
    assert "1,000" in error.message and "3 แถว" in error.message and "+997" in error.message


@pytest.mark.django_db
def test_keep_good_stores_only_the_good_rows_when_asked(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[2][4] = "โทรเลข"  # unknown channel
    path = write_csv(tmp_path / "x.csv", HEADER, rows)
    assert not import_export_file(path).committed
    result = import_export_file(path, keep_good=True)
    assert result.committed and result.imported == 2 and result.rejected == 1
    assert len(result.errors) == 1 and result.errors[0].column == "ช่องทาง"
    assert DayTotals.objects.get(date=date(2023, 5, 3)).total == 2


@pytest.mark.django_db
def test_reimport_is_idempotent_and_changed_rows_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", HEADER, GOOD)
    assert import_export_file(path).imported == 3
    again = import_export_file(path)
    assert again.committed and again.imported == 0 and again.unchanged == 3
    changed = [list(r) for r in GOOD]
    changed[1][3] = "หญิง"
    result = import_export_file(write_csv(tmp_path / "y.csv", HEADER, changed))
    assert not result.committed and "มีในระบบแล้วแต่ข้อมูลต่างกัน" in result.errors[0].message
    assert Case.objects.get(case_id="A-2").sex == "male"


@pytest.mark.django_db
def test_xlsx_export(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in GOOD:
        sheet.append(
            [datetime(2023, 5, 3, 8, 15) if i == 1 else v for i, v in enumerate(row)][:2] + row[2:]
        )
    book.save(tmp_path / "x.xlsx")
    result = import_export_file(tmp_path / "x.xlsx")
    assert result.committed and result.imported == 3

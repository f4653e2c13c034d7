"""จปฐ.-style survey files: round trips, encodings, XLSX and every kind of error with its row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from msoc.register import synthetic, synthetic_people
from msoc.register.identity import is_valid_id
from msoc.register.survey import (
    Problem,
    SurveyParse,
    parse_survey,
    survey_people,
    survey_to_register,
)
from msoc.register.survey_write import EXAMPLE_SURVEY, survey_rows, write_survey
from msoc.register.tables import Register


@pytest.fixture(scope="module")
def sample() -> tuple[Register, dict[str, np.ndarray]]:
    register = synthetic.generate(300, seed=21)
    return register, synthetic_people.people(register, seed=22)


def assert_same(a: Register, b: Register) -> None:
    for table, other in ((a.households, b.households), (a.members, b.members)):
        for name, values in table.items():
            assert np.array_equal(values, other[name]), name


def rows_of(register: Register, people: dict[str, np.ndarray]) -> list[list[str]]:
    return [list(r) for r in survey_rows(register, people)]


def to_csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


def errors_at(parse: SurveyParse, row: int) -> list[Problem]:
    return [p for p in parse.errors if p.row == row]


def test_csv_round_trip(tmp_path: Path, sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    path = write_survey(tmp_path / "survey.csv", register, people)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel shows Thai
    parse = parse_survey(data, path.name)
    assert parse.problems == []
    assert len(parse.households) == register.n_households
    assert parse.n_members == register.n_people
    assert_same(survey_to_register(parse), register)
    member = parse.households[0].members[0]
    assert member.national_id == people["national_id"][0]
    assert member.birth_date is not None
    assert member.birth_date.isoformat() == people["birth_date"][0]
    assert parse.households[0].house_no == people["house_no"][0]
    back = survey_people(parse)
    for name, values in people.items():
        assert np.array_equal(back[name], values), name


def test_tis620_file(tmp_path: Path, sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    path = write_survey(tmp_path / "survey.csv", register, people, encoding="cp874")
    parse = parse_survey(path.read_bytes(), path.name)
    assert parse.encoding == "cp874"
    assert parse.problems == []
    assert_same(survey_to_register(parse), register)


def test_xlsx_file(tmp_path: Path, sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    path = write_survey(tmp_path / "survey.xlsx", register, people)
    parse = parse_survey(path.read_bytes(), path.name)
    assert parse.encoding == "xlsx"
    assert parse.problems == []
    assert_same(survey_to_register(parse), register)


def test_xlsx_with_real_dates_and_numbers(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["รหัสบ้าน", "ตำบล", "อำเภอ", "จังหวัด", "ปีสำรวจ", "ลำดับ", "เพศ", "วันเกิด", "รายได้ต่อปี"])
    sheet.append(
        [1001, "หนองจ๊อม", "สันทราย", "เชียงใหม่", 2568, 1, "หญิง", datetime(1960, 5, 2), 36000.0]
    )
    sheet.append([1001, "หนองจ๊อม", "สันทราย", "เชียงใหม่", 2568, 2, "ชาย", datetime(2530, 1, 2), 0])
    buffer = io.BytesIO()
    book.save(buffer)
    parse = parse_survey(buffer.getvalue(), "x.xlsx")
    assert parse.errors == []
    members = parse.households[0].members
    assert [m.age for m in members] == [64, 2568 - 2530 - 1]
    assert members[0].income_year == 36_000
    assert any("พ.ศ." in p.message for p in parse.warnings)


def test_thai_and_iso_dates_and_value_spellings() -> None:
    header = [
        "รหัสบ้าน",
        "จังหวัด",
        "อำเภอ",
        "ตำบล",
        "ปีสำรวจ",
        "ลำดับ",
        "เพศ",
        "วันเกิด",
        "อายุ",
        "อาหารปลอดภัย",
        "ออกกำลังกาย",
        "พิการ",
        "การศึกษา",
        "อาชีพ",
        "รายได้ต่อปี",
    ]
    rows = [
        header,
        [
            "๑๐๐๑",
            "จ.โคราช",
            "อ.เมือง",
            "ต.ในเมือง",
            "๒๕๖๘",
            "๑",
            "ช",
            "๕ มี.ค. ๒๕๐๐",
            "",
            "ผ่าน",
            "ใช่",
            "ไม่ใช่",
            "ประถม",
            "ทำนา",
            "๑๒๐,๐๐๐",
        ],
        [
            "1001",
            "นครราชสีมา",
            "เมืองนครราชสีมา",
            "ในเมือง",
            "2568",
            "2",
            "หญิง",
            "1990-07-01",
            "34",
            "1",
            "ไม่ผ่าน",
            "1",
            "5",
            "รับราชการ",
            "300000",
        ],
        [
            "1001",
            "นครราชสีมา",
            "เมืองนครราชสีมา",
            "ในเมือง",
            "2568",
            "3",
            "2",
            "01/02/2560",
            "",
            "1",
            "-",
            "",
            "",
            "",
            "",
        ],
    ]
    parse = parse_survey(to_csv(rows), "x.csv")
    assert parse.errors == []
    (household,) = parse.households
    head, spouse, child = household.members
    assert (head.age, head.sex, head.education, head.occupation, head.income_year) == (
        67,
        1,
        1,
        1,
        120_000,
    )
    assert head.flags["exercises"] == 1 and spouse.flags["exercises"] == 0
    assert (spouse.age, spouse.disabled, spouse.education, spouse.occupation) == (34, 1, 5, 5)
    assert child.age == 7 and child.flags["exercises"] == -1
    assert household.flags["food_safe"] == 1
    assert household.area.subdistrict_code == 300101
    # The alias and the bare เมือง were repaired, and said so with the row number.
    assert {p.row for p in parse.warnings} == {2}


def test_every_error_kind_has_its_row(sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    rows = rows_of(register, people)
    hh = column(rows, "รหัสบ้าน")
    # Rows of distinct households, each given one kind of error (row numbers are 1-based with
    # the header as row 1, so list index i is file row i + 1).
    first_rows: dict[str, int] = {}
    for i, r in enumerate(rows[1:], start=1):
        first_rows.setdefault(r[hh], i)
    targets = list(first_rows.values())[:12]
    broken = {
        "เลขประจำตัวประชาชน": lambda v: v[:12] + str((int(v[12]) + 1) % 10),
        "วันเกิด": lambda v: "31/02/2530",
        "ตำบล": lambda v: "ไม่มีตำบลนี้จริง",
        "เพศ": lambda v: "ไม่ทราบ",
        "อาหารปลอดภัย": lambda v: "บางที",
        "รายได้ต่อปี": lambda v: "หนึ่งแสน",
        "การศึกษา": lambda v: "ปริญญาดาวอังคาร",
        "ปีสำรวจ": lambda v: "2300",
        "รหัสบ้าน": lambda v: "บ้าน-ก",
    }
    expected: dict[int, str] = {}
    for (name, change), i in zip(broken.items(), targets, strict=False):
        c = column(rows, name)
        rows[i][c] = change(rows[i][c])
        expected[i + 1] = name if name != "ตำบล" else "ที่อยู่"
    parse = parse_survey(to_csv(rows), "broken.csv")
    for row, col in expected.items():
        problems = errors_at(parse, row)
        assert problems, f"no error for row {row} ({col})"
        assert problems[0].column == col
        assert str(problems[0]).startswith(f"แถว {row}")
    # Everything else was imported: nothing lost but the broken households.
    assert len(parse.households) == register.n_households - len(expected)
    assert len(parse.rejected) == len(expected)
    imported = {h.hh_id for h in parse.households}
    assert not imported & {
        int(rows[i][hh]) for i in targets[: len(expected)] if rows[i][hh].isdigit()
    }


def test_household_level_errors(sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    rows = rows_of(register, people)
    hh = column(rows, "รหัสบ้าน")
    sizes: dict[str, list[int]] = {}
    for i, r in enumerate(rows[1:], start=1):
        sizes.setdefault(r[hh], []).append(i)
    multi = [idx for idx in sizes.values() if len(idx) >= 2][:3]
    # 1. household columns that disagree between rows of the same household
    rows[multi[0][1]][column(rows, "บ้านมั่นคง")] = (
        "0" if rows[multi[0][0]][column(rows, "บ้านมั่นคง")] != "0" else "1"
    )
    # 2. duplicate member number
    rows[multi[1][1]][column(rows, "ลำดับ")] = rows[multi[1][0]][column(rows, "ลำดับ")]
    # 3. no head (ลำดับ 1)
    for k, i in enumerate(multi[2]):
        rows[i][column(rows, "ลำดับ")] = str(k + 2)
    parse = parse_survey(to_csv(rows), "x.csv")
    assert [p.column for p in errors_at(parse, multi[0][1] + 1)] == ["บ้านมั่นคง"]
    assert "ไม่ตรงกับแถว" in errors_at(parse, multi[0][1] + 1)[0].message
    assert "ซ้ำ" in errors_at(parse, multi[1][1] + 1)[0].message
    assert "หัวหน้าครัวเรือน" in errors_at(parse, multi[2][0] + 1)[0].message
    assert len(parse.households) == register.n_households - 3
    # The other rows of a rejected household are told why they were not imported.
    assert any(p.row == multi[0][0] + 1 and "ไม่ได้นำเข้า" in p.message for p in parse.problems)


def test_file_level_problems() -> None:
    missing = parse_survey("รหัสบ้าน,ชื่อ\n1,ก\n".encode(), "x.csv")
    assert missing.households == [] and missing.errors[0].row == 1
    assert "ขาดคอลัมน์" in missing.errors[0].message and "จังหวัด" in missing.errors[0].message
    empty = parse_survey(b"", "x.csv")
    assert empty.errors and "ว่าง" in empty.errors[0].message
    binary = parse_survey(b"\x00\x01\x02" * 100, "x.csv")
    assert binary.errors and binary.errors[0].row == 0
    bad_xlsx = parse_survey(b"PK\x03\x04 not really", "x.xlsx")
    assert bad_xlsx.errors and "Excel" in bad_xlsx.errors[0].message


def test_warnings_do_not_block(sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    rows = rows_of(register, people)
    rows[0].append("หมายเหตุ")
    for r in rows[1:]:
        r.append("")
    year = column(rows, "ปีสำรวจ")
    for r in rows[1:]:
        r[year] = "2025"  # Gregorian year: read as 2568 with a warning
    rows[1][column(rows, "จังหวัด")] = "จ. " + rows[1][column(rows, "จังหวัด")]
    rows[1][column(rows, "เลขประจำตัวประชาชน")] = ""
    parse = parse_survey(to_csv(rows), "x.csv")
    assert parse.errors == []
    assert len(parse.households) == register.n_households
    assert any(p.row == 1 and p.column == "หมายเหตุ" for p in parse.warnings)
    assert any(p.row == 2 and "ค.ศ." in p.message for p in parse.warnings)
    assert any(p.row == 2 and "เลขประจำตัว" in p.message for p in parse.warnings)
    assert_same(survey_to_register(parse), register)


def test_personal_fields_are_not_in_reprs(sample: tuple[Register, dict[str, np.ndarray]]) -> None:
    register, people = sample
    parse = parse_survey(to_csv(rows_of(register, people)), "x.csv")
    household = parse.households[0]
    text = repr(household)
    member = household.members[0]
    for secret in (member.given_name, member.family_name, member.national_id, household.house_no):
        assert secret and secret not in text


def test_example_file_parses() -> None:
    parse = parse_survey(EXAMPLE_SURVEY.read_bytes(), EXAMPLE_SURVEY.name)
    assert parse.problems == []
    assert 4 <= len(parse.households) <= 6
    register = survey_to_register(parse)
    register.validate()
    assert all(is_valid_id(m.national_id) for h in parse.households for m in h.members)
    assert all(m.national_id.startswith("0") for h in parse.households for m in h.members)

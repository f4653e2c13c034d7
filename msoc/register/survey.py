"""จปฐ.-style survey files: one row per household member, household columns repeated per row.

The format is documented in docs/register-survey-format.md. `parse_survey` reads CSV (UTF-8,
UTF-8 with BOM, TIS-620/cp874) or XLSX, resolves addresses to sub-district codes, computes ages
from birth dates at the survey date, checks national ID check digits and reports every problem
with its row number and a Thai reason. A household with an error in any of its rows is left
out whole (its income per person and indicators would be wrong otherwise); every other
household is imported. Personal fields stay text and are never logged or shown in reprs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

import numpy as np

from msoc.register.areas import AddressError, AreaMatch, Areas, default_areas
from msoc.register.identity import is_valid_id
from msoc.register.survey_columns import (
    EDUCATION_ALIASES,
    EDUCATION_LABELS,
    HOUSEHOLD_FLAG_FIELDS,
    MEMBER_FLAG_FIELDS,
    OCCUPATION_ALIASES,
    OCCUPATION_LABELS,
    REQUIRED,
    Cell,
    SurveyError,
    cell_text,
    completed_years,
    header_key,
    header_lookup,
    parse_coded,
    parse_date,
    parse_flag,
    parse_number,
    parse_sex,
    parse_yes_no,
    read_rows,
    survey_reference_date,
    thai_header,
)
from msoc.register.survey_write import write_example as write_example
from msoc.register.survey_write import write_survey as write_survey
from msoc.register.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, Register
from msoc.thai import BE_OFFSET, to_arabic_digits

Severity = Literal["error", "warning"]
T = TypeVar("T")


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
        rows, encoding = read_rows(data, filename)
    except SurveyError as exc:
        return SurveyParse([], [Problem(0, "", str(exc))], "", 0)
    while rows and not any(cell_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        return SurveyParse([], [Problem(1, "", "ไฟล์ว่าง ไม่มีแถวหัวตาราง")], encoding, 0)
    header_map = header_lookup()
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, header in enumerate(rows[0]):
        name = header_map.get(header_key(cell_text(header)))
        if name is None:
            if cell_text(header):
                problems.append(Problem(1, cell_text(header), "ไม่รู้จักคอลัมน์นี้ ข้ามไป", "warning"))
            continue
        if name in columns:
            problems.append(Problem(1, cell_text(header), "คอลัมน์ซ้ำ ใช้คอลัมน์แรก", "warning"))
            continue
        columns[name] = i
    missing = [n for n in REQUIRED if n not in columns]
    if "birth_date" not in columns and "age" not in columns:
        missing.append("birth_date")
    if missing:
        names = ", ".join(thai_header(n) for n in missing)
        problems.append(Problem(1, "", f"ขาดคอลัมน์ที่จำเป็น: {names}"))
        return SurveyParse([], problems, encoding, len(rows) - 1)

    cache: dict[tuple[str, str, str, str], AreaMatch | AddressError] = {}
    results: list[_RowResult] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell_text(c) for c in cells):
            continue
        results.append(_parse_row(number, cells, columns, areas, cache, problems))
    households, rejected = _assemble(results, problems)
    problems.sort(key=lambda p: (p.row, p.severity != "error", p.column))
    return SurveyParse(households, problems, encoding, len(results), rejected)


def _parse_row(
    number: int,
    cells: list[Cell],
    columns: dict[str, int],
    areas: Areas,
    cache: dict[tuple[str, str, str, str], AreaMatch | AddressError],
    warnings: list[Problem],
) -> _RowResult:
    row = _Row(number, cells, columns, warnings)
    key = row.house_key()
    household: dict[str, object] = {}
    area = row.area(areas, cache)
    if area is not None:
        household["area"] = area
    household["year"] = year = row.year()
    household["survey_date"] = survey_date = row.survey_date(year)
    household.update(row.household_fields())
    member = row.member(survey_date)
    if row.age_known:
        _check_applicability(number, member, warnings)
    return _RowResult(number, key, household, member, row.errors)


class _Row:
    """One survey row read field by field; each step adds its errors and warnings in order."""

    def __init__(
        self, number: int, cells: list[Cell], columns: dict[str, int], warnings: list[Problem]
    ) -> None:
        self.number, self.cells, self.columns = number, cells, columns
        self.errors: list[Problem] = []
        self.warnings = warnings
        self.age_known = False

    def cell(self, name: str) -> Cell:
        """The cell of a column (blank when the file lacks it or the row is short)."""
        i = self.columns.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def read(self, name: str, reader: Callable[[Cell], T], default: T) -> T:
        """A column read by `reader`; a bad value is an error and gives `default`."""
        if name not in self.columns:
            return default
        try:
            return reader(self.cell(name))
        except SurveyError as exc:
            self.error(thai_header(name), str(exc))
            return default

    def error(self, column: str, reason: str) -> None:
        """Record an error of this row."""
        self.errors.append(Problem(self.number, column, reason))

    def warn(self, column: str, reason: str) -> None:
        """Record a warning of this row."""
        self.warnings.append(Problem(self.number, column, reason, "warning"))

    def house_key(self) -> str:
        """The house code, digits only."""
        key = to_arabic_digits(cell_text(self.cell("hh_key"))).replace(" ", "").replace("-", "")
        if not key:
            self.error(thai_header("hh_key"), "ไม่มีรหัสบ้าน")
        elif not key.isdigit() or len(key) > 18:
            self.error(thai_header("hh_key"), f"รหัสบ้าน {key!r} ต้องเป็นตัวเลขไม่เกิน 18 หลัก")
        return key

    def area(
        self, areas: Areas, cache: dict[tuple[str, str, str, str], AreaMatch | AddressError]
    ) -> AreaMatch | None:
        """The resolved address (each distinct address resolved once per file)."""
        address = (
            cell_text(self.cell("province")),
            cell_text(self.cell("district")),
            cell_text(self.cell("subdistrict")),
            cell_text(self.cell("zip_code")),
        )
        if address not in cache:
            try:
                cache[address] = areas.resolve_address(*address[:3], address[3] or None)
            except AddressError as exc:
                cache[address] = exc
        match = cache[address]
        if isinstance(match, AddressError):
            self.error("ที่อยู่", str(match))
            return None
        for repair in match.repairs:
            self.warn("ที่อยู่", repair)
        return match

    def year(self) -> int:
        """The survey year in the Buddhist era (a Gregorian year is converted, with a warning)."""
        try:
            year = parse_number(self.cell("year"), 1900, 2700)
            if year < 2100:  # a Gregorian year: read it, but say so
                self.warn("ปีสำรวจ", f"ปี {year} เป็น ค.ศ. อ่านเป็น พ.ศ. {year + BE_OFFSET}")
                year += BE_OFFSET
            elif year < 2400:
                raise SurveyError(f"ปี {year} ไม่ใช่ปี พ.ศ.")
        except SurveyError as exc:
            self.error("ปีสำรวจ", str(exc))
            year = 0
        return year

    def survey_date(self, year: int) -> date | None:
        """The date surveyed: its column, else the survey year's reference date."""
        survey_date = survey_reference_date(year) if year else None
        if "survey_date" in self.columns and cell_text(self.cell("survey_date")):
            try:
                survey_date, repairs = parse_date(self.cell("survey_date"))
                for r in repairs:
                    self.warn("วันที่สำรวจ", r)
            except SurveyError as exc:
                self.error("วันที่สำรวจ", str(exc))
        return survey_date

    def household_fields(self) -> dict[str, object]:
        """House number, village, household flags, debt."""
        fields: dict[str, object] = {"house_no": cell_text(self.cell("house_no"))}
        fields["village_no"] = self.read("village_no", lambda c: parse_number(c, 0, 99, blank=0), 0)  # fmt: skip
        for name in HOUSEHOLD_FLAG_FIELDS:
            fields[name] = self.read(name, parse_flag, -1)
        for name in ("urban", "welfare_card", "land_owned"):
            fields[name] = self.read(name, parse_yes_no, 0)
        fields["debt"] = self.read("debt", _amount, 0)
        return fields

    def national_id(self) -> str:
        """The national ID, digits only; a wrong one is an error, a missing one a warning."""
        national_id = to_arabic_digits(cell_text(self.cell("national_id")))
        national_id = national_id.replace("-", "").replace(" ", "")
        if national_id and not is_valid_id(national_id):
            reason = (
                "ต้องมี 13 หลัก"
                if len(national_id) != 13 or not national_id.isdigit()
                else "เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง"
            )
            self.error(thai_header("national_id"), f"เลขประจำตัวประชาชนไม่ถูกต้อง: {reason}")
        elif not national_id and "national_id" in self.columns:
            self.warn(thai_header("national_id"), "ไม่มีเลขประจำตัวประชาชน")
        return national_id

    def birth_date(self) -> date | None:
        """The birth date, if given and readable."""
        if not cell_text(self.cell("birth_date")):
            return None
        try:
            birth, repairs = parse_date(self.cell("birth_date"))
        except SurveyError as exc:
            self.error("วันเกิด", str(exc))
            return None
        for r in repairs:
            self.warn("วันเกิด", r)
        return birth

    def age(self, birth: date | None, survey_date: date | None) -> int:
        """Completed years at the survey from the birth date, else the stated age; -1 unknown."""
        stated_age = self.read("age", lambda c: parse_number(c, 0, 130, blank=-1), -1)
        age = -1
        if birth is not None and survey_date is not None:
            age = completed_years(birth, survey_date)
            if age < 0:
                self.error("วันเกิด", "วันเกิดอยู่หลังวันที่สำรวจ")
            elif age > 120:
                self.error("วันเกิด", f"อายุ {age} ปี เกินจริง")
            elif stated_age >= 0 and stated_age != age:
                self.warn("อายุ", f"อายุที่กรอก {stated_age} ไม่ตรงกับวันเกิด ใช้ {age} ตามวันเกิด")
        elif birth is None and stated_age >= 0:
            age = stated_age
        elif birth is None and not any(p.column == "วันเกิด" for p in self.errors):
            self.error("วันเกิด", "ไม่มีวันเกิดหรืออายุ")
        return age

    def member(self, survey_date: date | None) -> SurveyMember:
        """The person of this row."""
        person_no = self.read("person_no", lambda c: parse_number(c, 1, 99), 0)
        sex = self.read("sex", parse_sex, 0)
        national_id = self.national_id()
        birth = self.birth_date()
        age = self.age(birth, survey_date)
        self.age_known = age >= 0
        flags = {name: self.read(name, parse_flag, -1) for name in MEMBER_FLAG_FIELDS}
        return SurveyMember(
            row=self.number,
            person_no=person_no,
            sex=sex,
            age=max(age, 0),
            flags=flags,
            income_year=self.read("income_year", _amount, 0),
            disabled=self.read("disabled", parse_yes_no, 0),
            chronic_ill=self.read("chronic_ill", parse_yes_no, 0),
            education=self.read(
                "education", lambda c: parse_coded(c, EDUCATION_LABELS, EDUCATION_ALIASES), 0
            ),
            occupation=self.read(
                "occupation", lambda c: parse_coded(c, OCCUPATION_LABELS, OCCUPATION_ALIASES), 0
            ),
            title=cell_text(self.cell("title")),
            given_name=cell_text(self.cell("given_name")),
            family_name=cell_text(self.cell("family_name")),
            national_id=national_id,
            birth_date=birth,
        )


def _amount(cell: Cell) -> int:
    """Baht (income, debt): a whole number, blank is 0."""
    return parse_number(cell, 0, 2_000_000_000, blank=0)


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
                    thai_header(name),
                    f"ตัวชี้วัดนี้ใช้กับอายุ {low}–{high} ปี (อายุ {member.age}) ไม่นำมาคิด",
                    "warning",
                )
            )
            member.flags[name] = -1
    if member.flags["cared_for"] != -1 and member.age < 60 and not member.disabled:
        warnings.append(
            Problem(
                number, thai_header("cared_for"), "ใช้กับผู้สูงอายุหรือคนพิการเท่านั้น ไม่นำมาคิด", "warning"
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
        errors += _disagreements(rows)
        errors += _person_numbers(rows, errors)
        if errors:
            problems.extend(errors)
            problems.extend(_left_out(key, rows, errors))
            rejected.append(key)
            continue
        households.append(_household(key, rows))
    households.sort(key=lambda h: h.hh_id)
    return households, rejected


def _disagreements(rows: list[_RowResult]) -> list[Problem]:
    """Rows of one house whose household fields or address differ from its first row."""
    errors: list[Problem] = []
    first = rows[0]
    for other in rows[1:]:
        if other.errors or first.errors:
            continue
        for name in _COMPARED:
            if other.household.get(name) != first.household.get(name):
                errors.append(
                    Problem(other.row, thai_header(name), f"ไม่ตรงกับแถว {first.row} ของบ้านเดียวกัน")
                )
        area_a, area_b = first.household.get("area"), other.household.get("area")
        if (
            isinstance(area_a, AreaMatch)
            and isinstance(area_b, AreaMatch)
            and area_a.subdistrict_code != area_b.subdistrict_code
        ):
            errors.append(Problem(other.row, "ที่อยู่", f"ที่อยู่ไม่ตรงกับแถว {first.row} ของบ้านเดียวกัน"))
    return errors


def _person_numbers(rows: list[_RowResult], errors: list[Problem]) -> list[Problem]:
    """A ลำดับ used twice, or no head (ลำดับ 1) in a house otherwise without errors."""
    found: list[Problem] = []
    seen: dict[int, int] = {}
    for r in rows:
        if r.member is None or r.member.person_no == 0:
            continue
        if r.member.person_no in seen:
            found.append(
                Problem(
                    r.row,
                    "ลำดับ",
                    f"ลำดับ {r.member.person_no} ซ้ำกับแถว {seen[r.member.person_no]}",
                )
            )
        seen.setdefault(r.member.person_no, r.row)
    if seen and 1 not in seen and not errors and not found:
        found.append(Problem(rows[0].row, "ลำดับ", "ไม่มีหัวหน้าครัวเรือน (ลำดับ 1)"))
    return found


def _left_out(key: str, rows: list[_RowResult], errors: list[Problem]) -> list[Problem]:
    """A note on each error-free row of a house left out, naming the house and its rows."""
    if not rows[0].key:
        return []
    rows_text = ", ".join(str(r.row) for r in rows)
    return [
        Problem(r.row, "", f"ไม่ได้นำเข้าบ้านรหัส {key} (แถว {rows_text}) เพราะมีข้อผิดพลาด")
        for r in rows
        if not r.errors and not any(p.row == r.row for p in errors)
    ]


def _household(key: str, rows: list[_RowResult]) -> SurveyHousehold:
    """The household of an error-free group of rows, members in ลำดับ order."""
    h = rows[0].household
    area = h["area"]
    assert isinstance(area, AreaMatch)
    members = sorted((r.member for r in rows if r.member is not None), key=lambda m: m.person_no)
    return SurveyHousehold(
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

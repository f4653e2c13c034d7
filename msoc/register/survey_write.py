"""Writing จปฐ. survey files from a register and its personal fields, in the documented format
(docs/register-survey-format.md), and the package's example survey."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from msoc.register import synthetic, synthetic_people
from msoc.register.areas import Areas, default_areas
from msoc.register.survey_columns import (
    EDUCATION_LABELS,
    HOUSEHOLD_FLAG_FIELDS,
    MEMBER_FLAG_FIELDS,
    OCCUPATION_LABELS,
    thai_header,
)
from msoc.register.tables import Register, concat
from msoc.thai import BE_OFFSET

WRITE_ORDER = (
    "hh_key",
    "house_no",
    "village_no",
    "subdistrict",
    "district",
    "province",
    "zip_code",
    "year",
    "urban",
    *HOUSEHOLD_FLAG_FIELDS,
    "welfare_card",
    "debt",
    "land_owned",
    "person_no",
    "title",
    "given_name",
    "family_name",
    "national_id",
    "sex",
    "birth_date",
    *MEMBER_FLAG_FIELDS[:7],
    "income_year",
    "disabled",
    "chronic_ill",
    "cared_for",
    "education",
    "occupation",
)


def survey_rows(
    register: Register, people: dict[str, np.ndarray], areas: Areas | None = None
) -> Iterator[list[str]]:
    """Header and one row per member in the documented format (dates as D/M/พ.ศ.)."""
    areas = areas or default_areas()
    yield [thai_header(n) for n in WRITE_ORDER]
    h, m = register.households, register.members
    row_of = {int(v): i for i, v in enumerate(h["hh_id"])}
    for j in range(register.n_people):
        i = row_of[int(m["hh_id"][j])]
        sub = int(h["subdistrict_code"][i])
        born = str(people["birth_date"][j])
        y, mo, d = (int(x) for x in born.split("-"))
        village = int(people["village_no"][j])
        values = {
            "hh_key": str(int(h["hh_id"][i])),
            "house_no": str(people["house_no"][j]),
            "village_no": str(village) if village else "",
            "subdistrict": areas.subdistrict_name(sub),
            "district": areas.district_name(int(h["district_code"][i])),
            "province": areas.province_name(int(h["province_code"][i])),
            "zip_code": areas.zip_code(sub),
            "year": str(int(h["year"][i])),
            "urban": _flag_text(h["urban"][i]),
            "welfare_card": _flag_text(h["welfare_card"][i]),
            "debt": str(int(h["debt"][i])),
            "land_owned": _flag_text(h["land_owned"][i]),
            "person_no": str(int(m["person_no"][j])),
            "title": str(people["title"][j]),
            "given_name": str(people["given_name"][j]),
            "family_name": str(people["family_name"][j]),
            "national_id": str(people["national_id"][j]),
            "sex": "ชาย" if m["sex"][j] == 1 else "หญิง",
            "birth_date": f"{d:02d}/{mo:02d}/{y + BE_OFFSET}",
            "income_year": str(int(m["income_year"][j])),
            "disabled": _flag_text(m["disabled"][j]),
            "chronic_ill": _flag_text(m["chronic_ill"][j]),
            "education": EDUCATION_LABELS[int(m["education"][j])],
            "occupation": OCCUPATION_LABELS[int(m["occupation"][j])],
        }
        for name in HOUSEHOLD_FLAG_FIELDS:
            values[name] = _flag_text(h[name][i])
        for name in MEMBER_FLAG_FIELDS:
            values[name] = _flag_text(m[name][j])
        yield [values[n] for n in WRITE_ORDER]


def _flag_text(value: object) -> str:
    v = int(value)  # type: ignore[call-overload]
    return "" if v == -1 else str(v)


def write_survey(
    path: str | Path,
    register: Register,
    people: dict[str, np.ndarray],
    *,
    encoding: str = "utf-8-sig",
) -> Path:
    """Write a survey file (CSV in the given encoding, or XLSX for a .xlsx path)."""
    path = Path(path)
    rows = survey_rows(register, people)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, rows)
        return path
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: Iterable[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("จปฐ")
    for row in rows:
        sheet.append(row)
    book.save(path)


EXAMPLE_SURVEY = Path(__file__).resolve().parent.parent / "data" / "register" / "example-survey.csv"


def write_example(path: Path = EXAMPLE_SURVEY) -> Path:
    """Write the package's small example survey (five synthetic households, fixed seed)."""
    register = concat(
        synthetic.generate(1, seed=2568 + i, provinces=[p], start_id=i + 1)
        for i, p in enumerate((1, 19, 38, 46, 74))  # Bangkok, North-East, North, deep South
    )
    return write_survey(path, register, synthetic_people.people(register, seed=2568))

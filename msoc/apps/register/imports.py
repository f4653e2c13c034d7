"""Importing a จปฐ.-style survey file into the register (format: docs/register-survey-format.md).

What an import reports and the scope check of a province office; the import itself (parse, check,
store) is `actions.imports.do_import_survey`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from msoc.apps.register.models import Household
from msoc.register.survey import Problem, SurveyParse

MAX_BYTES = 200 * 1024 * 1024


@dataclass
class ImportOutcome:
    """What an import stored, what it left out and why."""

    households: int = 0
    people: int = 0
    skipped: int = 0
    refused: bool = False
    problems: list[str] = field(default_factory=list)
    out_of_scope: int = 0  # households left out because they belong to another province


def outside_scope(parse: SurveyParse, provinces: set[int]) -> list[Problem]:
    """Take out the households the importer may not write: address or stored record elsewhere.

    The stored record decides too: a file may not claim another province's house code by
    writing an address in the importer's province.
    """
    codes = [str(h.hh_id) for h in parse.households]
    stored = dict(Household.objects.filter(code__in=codes).values_list("code", "province_code"))
    kept, refusals = [], []
    for household in parse.households:
        code = str(household.hh_id)
        if household.area.province_code not in provinces:
            reason = f"บ้านรหัส {code} อยู่นอกจังหวัดที่ท่านรับผิดชอบ ไม่ได้นำเข้า"
        elif code in stored and stored[code] not in provinces:
            reason = (
                f"บ้านรหัส {code} เป็นครัวเรือนที่บันทึกไว้ในจังหวัดอื่นแล้ว"
                " ท่านแก้ไขได้เฉพาะครัวเรือนในจังหวัดที่รับผิดชอบ ไม่ได้นำเข้า"
            )
        else:
            kept.append(household)
            continue
        refusals.append(Problem(household.rows[0], "รหัสบ้าน", reason))
        parse.rejected.append(code)
    parse.households = kept
    return refusals


def import_summary(outcome: ImportOutcome) -> str:
    """The one-line Thai summary of an import that was not refused."""
    text = (
        f"นำเข้า {outcome.households:,} ครัวเรือน {outcome.people:,} คน"
        f" (ข้าม {outcome.skipped - outcome.out_of_scope:,} ครัวเรือนที่มีข้อผิดพลาด)"
    )
    if outcome.out_of_scope:
        text += f" · ไม่นำเข้า {outcome.out_of_scope:,} ครัวเรือนที่อยู่นอกจังหวัดที่ท่านรับผิดชอบ"
    return text

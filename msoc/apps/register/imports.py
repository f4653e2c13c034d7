"""Importing a จปฐ.-style survey file into the register (format: docs/register-survey-format.md)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from msoc.apps.accounts.audit import Actor
from msoc.apps.register.actions import RegisterActionError, do_store_register
from msoc.apps.register.indices import do_update_indices, indexed_provinces
from msoc.apps.register.models import Household
from msoc.progress import Step, quiet
from msoc.register.survey import (
    Problem,
    SurveyParse,
    parse_survey,
    survey_people,
    survey_to_register,
)

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


def do_import_survey(
    path: Path,
    *,
    keep_good: bool = False,
    actor: Actor = None,
    data: bytes | None = None,
    provinces: Collection[int] | None = None,
    step: Step = quiet,
) -> ImportOutcome:
    """Parse a survey file; store it whole, or with keep_good only its error-free households.

    With `provinces` (a province office's import), a household whose file address or whose
    stored record lies outside them is left out with its reason and the rest is imported: the
    office may not move or overwrite another province's household.
    """
    if data is None:
        if path.stat().st_size > MAX_BYTES:
            return ImportOutcome(refused=True, problems=[f"ไฟล์ใหญ่เกิน {MAX_BYTES // 2**20} MB"])
        data = path.read_bytes()
    step("อ่านและตรวจแบบสำรวจ")
    parse = parse_survey(data, path.name)
    refusals = _outside_scope(parse, set(provinces)) if provinces is not None else []
    outcome = ImportOutcome(
        skipped=len(parse.rejected),
        problems=[str(p) for p in [*parse.problems, *refusals]],
        out_of_scope=len(refusals),
    )
    if parse.errors and not keep_good:
        outcome.refused = True
        return outcome
    if not parse.households:
        outcome.refused = bool(parse.errors or refusals)
        return outcome
    step("บันทึกลงทะเบียน")
    touched = indexed_provinces([str(h.hh_id) for h in parse.households])
    try:
        counts = store_parse(parse, source=path.name, actor=actor)
    except RegisterActionError as exc:  # the action's own scope check: nothing was stored
        outcome.refused = True
        outcome.problems.append(str(exc))
        return outcome
    outcome.households, outcome.people = counts["households"], counts["people"]
    step("ปรับดัชนีของจังหวัดที่นำเข้า")  # only these provinces; region and nation re-summed
    touched |= {(h.year, h.area.province_code) for h in parse.households}
    do_update_indices(touched, engine=settings.MSOC_REGISTER_ENGINE, actor=actor)
    return outcome


def _outside_scope(parse: SurveyParse, provinces: set[int]) -> list[Problem]:
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


def store_parse(parse: SurveyParse, *, source: str, actor: Actor = None) -> dict[str, int]:
    """Store the good households of a parsed survey (members in the register's order)."""
    register = survey_to_register(parse)
    people = survey_people(parse)
    addresses = {
        "house_no": [h.house_no for h in parse.households],
        "village_no": [str(h.village_no or "") for h in parse.households],
    }
    return do_store_register(
        register,
        people,
        codes=[str(h.hh_id) for h in parse.households],
        addresses=addresses,
        origin="survey",
        source=source,
        actor=actor,
    )

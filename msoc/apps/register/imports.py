"""Importing a จปฐ.-style survey file into the register (format: docs/register-survey-format.md)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from msoc.apps.accounts.audit import Actor
from msoc.apps.register.actions import do_store_register
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

    With `provinces`, a household outside them is an error (a province office imports its own).
    """
    if data is None:
        if path.stat().st_size > MAX_BYTES:
            return ImportOutcome(refused=True, problems=[f"ไฟล์ใหญ่เกิน {MAX_BYTES // 2**20} MB"])
        data = path.read_bytes()
    step("อ่านและตรวจแบบสำรวจ")
    parse = parse_survey(data, path.name)
    if provinces is not None:
        _outside_scope(parse, set(provinces))
    outcome = ImportOutcome(skipped=len(parse.rejected), problems=[str(p) for p in parse.problems])
    if parse.errors and not keep_good:
        outcome.refused = True
        return outcome
    if not parse.households:
        outcome.refused = bool(parse.errors)
        return outcome
    step("บันทึกลงทะเบียน")
    counts = store_parse(parse, source=path.name, actor=actor)
    outcome.households, outcome.people = counts["households"], counts["people"]
    return outcome


def _outside_scope(parse: SurveyParse, provinces: set[int]) -> None:
    """Move households outside the importer's provinces from the good ones to the problems."""
    kept = []
    for household in parse.households:
        if household.area.province_code in provinces:
            kept.append(household)
            continue
        parse.problems.append(
            Problem(
                household.rows[0],
                "จังหวัด",
                f"บ้านรหัส {household.hh_id} อยู่นอกจังหวัดที่ท่านรับผิดชอบ",
            )
        )
        parse.rejected.append(str(household.hh_id))
    parse.households = kept


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

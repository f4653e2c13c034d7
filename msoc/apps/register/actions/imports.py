"""The survey import: a จปฐ.-style file parsed, checked against the importer's scope and stored."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from django.conf import settings

from msoc.apps.accounts.audit import Actor
from msoc.apps.register.actions import RegisterActionError, do_store_register
from msoc.apps.register.actions.indices import do_update_indices
from msoc.apps.register.imports import MAX_BYTES, ImportOutcome, outside_scope
from msoc.apps.register.stored_columns import indexed_provinces
from msoc.progress import Step, quiet
from msoc.register.survey import SurveyParse, parse_survey, survey_people, survey_to_register


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
    refusals = outside_scope(parse, set(provinces)) if provinces is not None else []
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

"""Synthetic registers for demos, tests and benchmarks, and training the screening model.

Nothing here is real personal data: names, birth dates and ID numbers come from
msoc.register.synthetic, whose ID numbers all start with 0 so none can be a citizen's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from msoc.apps.accounts.audit import Actor
from msoc.apps.register.actions import do_store_register
from msoc.apps.register.indices import do_store_screening, stored_register
from msoc.apps.register.models import ScreeningModelRecord
from msoc.progress import Step, quiet
from msoc.register import poverty, screening, synthetic, synthetic_people
from msoc.register.tables import Register


def synthetic_codes(register: Register) -> list[str]:
    """House codes of a synthetic register: S<year>-<sub-district>-<id>."""
    h = register.households
    return [
        f"S{int(y)}-{int(s)}-{int(i):07d}"
        for y, s, i in zip(h["year"], h["subdistrict_code"], h["hh_id"], strict=True)
    ]


def household_addresses(register: Register, people: dict[str, np.ndarray]) -> dict[str, list[str]]:
    """House and village numbers per household, taken from its first member's row."""
    first = np.unique(register.members["hh_id"], return_index=True)
    row_of = dict(zip(first[0].tolist(), first[1].tolist(), strict=True))
    rows = [row_of[int(hh)] for hh in register.households["hh_id"]]
    return {
        "house_no": [str(people["house_no"][r]) for r in rows],
        "village_no": [str(people["village_no"][r]) for r in rows],
    }


def do_generate_register(
    provinces: Sequence[int],
    households: int,
    *,
    seed: int = 2568,
    year: int = 2568,
    actor: Actor = None,
    step: Step = quiet,
) -> dict[str, int]:
    """Generate a synthetic register for some provinces and store it (origin 'synthetic')."""
    start = _next_id()
    step("สุ่มครัวเรือน")
    register = synthetic.generate(
        households, seed=seed, provinces=list(provinces), year=year, start_id=start
    )
    step("สุ่มสมาชิกครัวเรือน")
    people = synthetic_people.people(register, seed=seed)
    step("บันทึกลงทะเบียน")
    return do_store_register(
        register,
        {k: list(v) for k, v in people.items()},
        codes=synthetic_codes(register),
        addresses=household_addresses(register, people),
        origin="synthetic",
        source=f"synthetic seed={seed}",
        actor=actor,
    )


# Spelling slips that surveyors make with Thai names, for the demo's likely duplicates.
_SLIPS = (("ศรี", "ศรีย์"), ("สุข", "สุก"), ("ทร์", "ทร"), ("ณ", "น"), ("ศ", "ส"), ("ธ", "ท"))


def do_seed_duplicates(province: int, count: int, *, seed: int = 11, actor: Actor = None) -> int:
    """Enter some people a second time, as a second survey team would, with small slips."""
    from datetime import date

    from msoc.apps.register.models import Household, Member

    rng = np.random.default_rng(seed)
    adults = list(
        Member.objects.filter(household__province_code=province, age__gte=20, active=True)
        .select_related("household")
        .order_by("pk")[:2000]
    )
    made = 0
    for i in rng.choice(len(adults), size=min(count, len(adults)), replace=False):
        person = adults[int(i)]
        other = (
            Household.objects.filter(subdistrict_code=person.household.subdistrict_code)
            .exclude(pk=person.household_id)
            .first()
        )
        if other is None:
            continue
        family = person.family_name
        for old, new in _SLIPS:
            if old in family:
                family = family.replace(old, new, 1)
                break
        born = person.birth_date
        if born is not None and made % 3 == 1 and born.day <= 12:
            born = date(born.year, born.day, born.month)  # day and month swapped
        Member.objects.create(
            household=other,
            person_no=other.members.count() + 1,
            title=person.title,
            given_name=person.given_name,
            family_name=family,
            sex=person.sex,
            birth_date=born,
            age=person.age,
            national_id_hash=person.national_id_hash if made % 2 == 0 else "",
            national_id_last=person.national_id_last if made % 2 == 0 else "",
            income_year=person.income_year,
            education=person.education,
            occupation=person.occupation,
        )
        made += 1
    from msoc.apps.accounts.audit import record

    record(actor, "register.demo.duplicates", "register.Member", "", province=province, added=made)
    return made


def _next_id() -> int:
    """Synthetic ids continue after the stored ones so codes stay unique across runs."""
    from msoc.apps.register.models import Household

    last = Household.objects.filter(origin="synthetic").order_by("-pk").first()
    if last is None:
        return 1
    try:
        return int(last.code.rsplit("-", 1)[1]) + 1
    except (IndexError, ValueError):
        return last.pk + 1_000_000


def train_panel(
    provinces: Sequence[int], *, households: int = 20000, seed: int = 7
) -> tuple[Register, Register]:
    """A synthetic two-wave panel of the provinces, for training when no real panel exists."""
    wave1 = synthetic.generate(households, seed=seed, provinces=list(provinces))
    return wave1, synthetic.next_wave(wave1, seed=seed + 1)


def do_screen_register(
    *,
    wave1: Register,
    wave2: Register,
    trained_on: str,
    year: int | None = None,
    actor: Actor = None,
    step: Step = quiet,
) -> ScreeningModelRecord:
    """Evaluate on held-out districts, train on the whole panel, score the stored register."""
    config = poverty.load_config()
    step("ฝึกและประเมินแบบจำลอง")
    model, evaluation = screening.train_and_evaluate(wave1, wave2, config)
    step("อ่านทะเบียนและคำนวณคะแนน")
    stored = stored_register(year=year)
    if stored.n_households == 0:
        raise ValueError("ไม่มีครัวเรือนในทะเบียนให้คัดกรอง")
    x, _names = screening.feature_matrix(stored, config)
    scores = model.score_matrix(x)
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[model.order(x)] = np.arange(1, len(scores) + 1)
    step("หาปัจจัยของแต่ละครัวเรือน")
    factors = [[_factor(f) for f in model.factors(x[i], 3)] for i in range(len(scores))]
    metrics = _metrics(evaluation, trained_on)
    step("บันทึกคะแนน")
    return do_store_screening(
        model.to_json(),
        metrics,
        label=model_label(model),
        scores=scores,
        ranks=ranks,
        hh_ids=stored.households["hh_id"],
        factors=factors,
        actor=actor,
    )


def model_label(model: Any) -> str:
    """What the model predicts, in Thai."""
    label = getattr(model, "label", screening.DEFAULT_LABEL)
    if label == "af_poor":
        return "ความเสี่ยงที่จะยากจนหลายมิติ (Alkire-Foster) ในปีถัดไป"
    return "ความเสี่ยงที่จะเป็นคนจนเป้าหมาย (TPMAP) ในปีถัดไป"


def _factor(factor: screening.Factor) -> dict[str, Any]:
    return {
        "key": factor.key,
        "label": factor.label_th,
        "effect": round(factor.contribution, 3),
        "direction": factor.direction_th,
    }


def _metrics(evaluation: screening.Evaluation, trained_on: str) -> dict[str, Any]:
    data = {
        f.name: _finite(getattr(evaluation, f.name))
        for f in fields(evaluation)
        if f.name != "model"
    }
    data["trained_on"] = trained_on
    data["summary"] = evaluation.summary_th()
    return data


def _finite(value: Any) -> Any:
    """NaN and infinities (e.g. an AUC with one class) are stored as None: JSON has no NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value

"""Writes of synthetic data for demos, tests and benchmarks (no real personal data), with audit events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.actions import do_store_register
from msoc.apps.register.models import Household, Member
from msoc.apps.register.synthetic import household_addresses, next_id, synthetic_codes
from msoc.progress import Step, quiet
from msoc.register import synthetic, synthetic_people


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
    start = next_id()
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


@transaction.atomic
def do_seed_duplicates(province: int, count: int, *, seed: int = 11, actor: Actor = None) -> int:
    """Enter some people a second time, as a second survey team would, with small slips."""
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
    record(actor, "register.demo.duplicates", "register.Member", "", province=province, added=made)
    return made

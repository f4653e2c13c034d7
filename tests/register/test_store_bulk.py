"""Storing many households (COPY on PostgreSQL, bulk_create elsewhere): the same rows and history."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Model

from msoc.apps.register.actions.synthetic import do_generate_register
from msoc.apps.register.models import Household, Member
from msoc.register.matching import PersonRecord, find_duplicates
from msoc.register.synthetic import generate
from msoc.register.synthetic_people import people

KORAT = 19


def _tracked(model: type[Model]) -> list[str]:
    return [f.attname for f in model.history.model.tracked_fields]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_every_stored_row_has_one_creation_record_with_its_values() -> None:
    counts = do_generate_register([KORAT], 120, seed=3)
    register = generate(120, seed=3, provinces=[KORAT], start_id=1)
    fields = people(register, seed=3)
    assert Household.objects.count() == counts["households"] == 120
    assert Member.objects.count() == counts["people"] == register.n_people
    for model in (Household, Member):
        names = _tracked(model)
        rows = {r[0]: r for r in model.objects.order_by("pk").values_list(*names)}
        history = model.history.model.objects.values_list(*names, "history_type")  # type: ignore[attr-defined]
        assert sorted(h[:-1] for h in history) == sorted(rows.values())
        assert {h[-1] for h in history} == {"+"}
    members = list(Member.objects.order_by("pk"))
    assert [m.given_name for m in members] == [str(x) for x in fields["given_name"]]
    assert members[0].birth_date == date.fromisoformat(str(fields["birth_date"][0]))
    assert all(len(m.national_id_hash) == 64 and m.active for m in members)
    stamped = Household.objects.filter(created_at__isnull=False, updated_at__isnull=False)
    assert stamped.count() == 120


def test_screening_big_blocks_finds_what_comparing_every_pair_finds() -> None:
    # 40 people born the same day (one block above the screening size): the screened blocks
    # must give exactly the candidates of comparing every pair, at several thresholds.
    register = generate(40, seed=9, provinces=[KORAT], start_id=1)
    fields = people(register, seed=9)
    records = [
        PersonRecord(
            key=i,
            given_name=str(fields["given_name"][i % 25]) + ("" if i < 25 else "ย์"),
            family_name=str(fields["family_name"][i % 25 % 20]),
            birth_date=date(1980, 5, 1 + i % 25 % 2),
            subdistrict_code=300101 + i % 25 % 3,
            sex=1 + i % 25 % 2,
        )
        for i in range(60)
    ]
    for threshold in (0.05, 0.3, 0.6, 0.9):
        screened = find_duplicates(records, threshold=threshold)
        every = find_duplicates(records, threshold=threshold, max_block=0, window=10**6)
        assert screened == every, threshold
    assert find_duplicates(records, threshold=0.6)

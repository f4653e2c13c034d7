"""Likely duplicates: found by msoc.register.matching and stored, merged or dismissed only by a person."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record
from msoc.apps.register.actions import RegisterActionError, _guard
from msoc.apps.register.models import (
    Assistance,
    CaseLink,
    Consent,
    DuplicateCandidate,
    Household,
    Member,
    Referral,
)
from msoc.apps.register.services import scope_of
from msoc.register.household_matching import find_duplicate_households
from msoc.register.matching import PersonRecord, find_duplicates

_RECORD_FIELDS = (
    "pk",
    "household_id",
    "title",
    "given_name",
    "family_name",
    "birth_date",
    "national_id_hash",
    "national_id_last",
    "household__subdistrict_code",
    "household__house_no",
    "household__village_no",
    "sex",
)


def person_records(members: QuerySet[Member]) -> list[PersonRecord]:
    """The matching module's view of register members (no raw ID: only its keyed hash).

    Read as plain rows, not model instances: a province of a million people is read in
    seconds rather than minutes.
    """
    return [
        PersonRecord(
            key=pk,
            household_key=household,
            title=title,
            given_name=given,
            family_name=family,
            birth_date=born,
            national_id_hash=id_hash or None,
            national_id_last4=id_last or None,
            subdistrict_code=subdistrict,
            house_no=house_no,
            village_no=village_no,
            sex=sex,
        )
        for (
            pk,
            household,
            title,
            given,
            family,
            born,
            id_hash,
            id_last,
            subdistrict,
            house_no,
            village_no,
            sex,
        ) in members.values_list(*_RECORD_FIELDS).iterator(chunk_size=20_000)
    ]


@transaction.atomic
def do_find_duplicates(province_code: int, *, threshold: float = 0.6, actor: Actor = None) -> int:
    """Store new duplicate candidates (persons and households) of one province; returns how many."""
    members = Member.objects.filter(
        active=True,
        household__province_code=province_code,
        household__merged_into__isnull=True,
    )
    records = person_records(members)
    people = find_duplicates(records, threshold=threshold)
    households = find_duplicate_households(records, candidates=people)
    rows = [
        DuplicateCandidate(
            kind=DuplicateCandidate.Kind.PERSON,
            left_id=min(int(c.key_a), int(c.key_b)),  # type: ignore[call-overload]
            right_id=max(int(c.key_a), int(c.key_b)),  # type: ignore[call-overload]
            province_code=province_code,
            score=c.score,
            reasons=list(c.reasons),
        )
        for c in people
    ] + [
        DuplicateCandidate(
            kind=DuplicateCandidate.Kind.HOUSEHOLD,
            left_id=min(int(c.household_a), int(c.household_b)),  # type: ignore[call-overload]
            right_id=max(int(c.household_a), int(c.household_b)),  # type: ignore[call-overload]
            province_code=province_code,
            score=c.score,
            reasons=list(c.reasons),
        )
        for c in households
    ]
    before = DuplicateCandidate.objects.filter(province_code=province_code).count()
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    added = DuplicateCandidate.objects.filter(province_code=province_code).count() - before
    record(
        actor,
        "register.duplicates.find",
        "register.DuplicateCandidate",
        "",
        province=province_code,
        people=len(records),
        added=added,
    )
    return added


def _decide(candidate: DuplicateCandidate, status: str, actor: Actor) -> None:
    if acting_user(actor) is not None and not scope_of(actor).allows(candidate.province_code):
        raise RegisterActionError("ท่านตัดสินได้เฉพาะรายการในจังหวัดที่รับผิดชอบ")
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise RegisterActionError("รายการนี้ตัดสินไปแล้ว")
    candidate.status = status
    candidate.decided_by = acting_user(actor)
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def do_dismiss_duplicate(candidate: DuplicateCandidate, *, actor: Actor) -> None:
    """A person decided the two records are different."""
    _decide(candidate, DuplicateCandidate.Status.DISMISSED, actor)
    record(actor, "register.duplicates.dismiss", "register.DuplicateCandidate", candidate.pk)


@transaction.atomic
def do_merge_duplicate(candidate: DuplicateCandidate, *, keep: int, actor: Actor) -> None:
    """A person decided they are the same: merge into the record `keep` (left or right id)."""
    if keep not in (candidate.left_id, candidate.right_id):
        raise RegisterActionError("ต้องเลือกเก็บหนึ่งในสองรายการ")
    drop = candidate.right_id if keep == candidate.left_id else candidate.left_id
    if candidate.kind == DuplicateCandidate.Kind.PERSON:
        _merge_members(Member.objects.get(pk=keep), Member.objects.get(pk=drop), actor)
    else:
        _merge_households(Household.objects.get(pk=keep), Household.objects.get(pk=drop), actor)
    _decide(candidate, DuplicateCandidate.Status.MERGED, actor)
    record(
        actor,
        "register.duplicates.merge",
        "register.DuplicateCandidate",
        candidate.pk,
        kind=candidate.kind,
        keep=keep,
        drop=drop,
    )


def _merge_members(keep: Member, drop: Member, actor: Actor) -> None:
    """Help, consents and referrals of `drop` move to `keep`; `drop` stays, marked merged."""
    _guard(actor, keep.household)
    _guard(actor, drop.household)
    for model in (Assistance, Consent, Referral, CaseLink):
        model.objects.filter(member=drop).update(member=keep)  # type: ignore[attr-defined]
    if not keep.national_id_hash and drop.national_id_hash:
        keep.national_id_hash, keep.national_id_last = drop.national_id_hash, drop.national_id_last
        keep.save(update_fields=["national_id_hash", "national_id_last"])
    drop.active = False
    drop.merged_into = keep
    drop.save(update_fields=["active", "merged_into"])


def _merge_households(keep: Household, drop: Household, actor: Actor) -> None:
    """Everything recorded for `drop` moves to `keep`; `drop` stays, marked merged."""
    _guard(actor, keep)
    _guard(actor, drop)
    if keep.pk == drop.pk:
        raise RegisterActionError("รวมครัวเรือนเดียวกันไม่ได้")
    for model in (Assistance, Consent, Referral):
        model.objects.filter(household=drop).update(household=keep)  # type: ignore[attr-defined]
    for link in CaseLink.objects.filter(household=drop):
        if CaseLink.objects.filter(household=keep, case_id=link.case_id).exists():
            link.delete()
        else:
            link.household = keep
            link.save(update_fields=["household"])
    drop.merged_into = keep
    drop.save(update_fields=["merged_into"])

"""Every write to the register: one transaction each, with its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record
from msoc.apps.register.bulk import create_with_history
from msoc.apps.register.models import (
    HOUSEHOLD_FLAGS,
    MEMBER_FLAGS,
    Assistance,
    CaseLink,
    Consent,
    Household,
    Member,
    Referral,
    ReferralEvent,
)
from msoc.apps.register.services import check_household, register_id_key, scope_of
from msoc.apps.units.models import Unit
from msoc.register.identity import hash_id, is_valid_id, last_digits
from msoc.register.tables import Register

# Which statuses a referral may move to from each status.
REFERRAL_MOVES: dict[str, tuple[str, ...]] = {
    Referral.Status.IN_PROGRESS: (Referral.Status.ACCEPTED, Referral.Status.REJECTED),
    Referral.Status.ACCEPTED: (Referral.Status.DONE,),
    Referral.Status.REJECTED: (),
    Referral.Status.DONE: (),
}


class RegisterActionError(ValueError):
    """A register change that breaks a rule (no consent, wrong status move, other household)."""


def _guard(actor: Actor, household: Household) -> None:
    """People acting through the web are held to their provinces; the system is not."""
    if acting_user(actor) is not None:
        check_household(actor, household)


def _guard_store(actor: Actor, stored: Iterable[Household], provinces: Iterable[Any]) -> None:
    """A person may write only households stored, and to be stored, in their own provinces."""
    if acting_user(actor) is None:
        return
    scope = scope_of(actor)
    outside = [x.code for x in stored if not scope.allows(x.province_code)]
    if not scope.households or outside or not all(scope.allows(int(p)) for p in provinces):
        where = f" (บ้านรหัส {', '.join(outside[:10])})" if outside else ""
        raise RegisterActionError(f"ท่านบันทึกได้เฉพาะครัวเรือนในจังหวัดที่รับผิดชอบ{where}")


def _flag(value: Any) -> bool | None:
    value = int(value)
    return None if value < 0 else bool(value)


def _household_fields(columns: Mapping[str, np.ndarray], i: int) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "year": int(columns["year"][i]),
        "province_code": int(columns["province_code"][i]),
        "district_code": int(columns["district_code"][i]),
        "subdistrict_code": int(columns["subdistrict_code"][i]),
        "urban": bool(columns["urban"][i]),
        "welfare_card": bool(columns["welfare_card"][i]),
        "debt": max(0, int(columns["debt"][i])),
        "land_owned": bool(columns["land_owned"][i]),
    }
    fields.update({name: _flag(columns[name][i]) for name in HOUSEHOLD_FLAGS})
    return fields


def _member_fields(columns: Mapping[str, np.ndarray], i: int) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "person_no": int(columns["person_no"][i]),
        "sex": int(columns["sex"][i]),
        "age": int(columns["age"][i]),
        "income_year": max(0, int(columns["income_year"][i])),
        "disabled": bool(columns["disabled"][i]),
        "chronic_ill": bool(columns["chronic_ill"][i]),
        "education": int(columns["education"][i]),
        "occupation": int(columns["occupation"][i]),
    }
    fields.update({name: _flag(columns[name][i]) for name in MEMBER_FLAGS})
    return fields


def _cell(table: Mapping[str, Any], key: str, i: int) -> Any:
    """Row i of an optional column ('' when the column is absent)."""
    column = table.get(key)
    return "" if column is None else column[i]


def _personal(people: Mapping[str, Any], i: int, key: bytes) -> dict[str, Any]:
    """Personal fields of member row i; the national ID is kept only as hash and last digits."""
    raw_id = str(_cell(people, "national_id", i) or "")
    has_id = bool(raw_id) and is_valid_id(raw_id)
    birth = _cell(people, "birth_date", i)
    return {
        "title": str(_cell(people, "title", i) or ""),
        "given_name": str(people["given_name"][i]),
        "family_name": str(_cell(people, "family_name", i) or ""),
        "birth_date": date.fromisoformat(str(birth))
        if isinstance(birth, str) and birth
        else birth or None,
        "national_id_hash": hash_id(raw_id, key) if has_id else "",
        "national_id_last": last_digits(raw_id) if has_id else "",
    }


@transaction.atomic
def do_store_register(
    register: Register,
    people: Mapping[str, Any],
    *,
    codes: Sequence[str],
    addresses: Mapping[str, Sequence[str]] | None = None,
    origin: str = "survey",
    source: str = "",
    actor: Actor = None,
) -> dict[str, int]:
    """Store households and members; a household whose code exists is updated in place.

    An updated household keeps its records: a member with the same ลำดับ is updated (so help,
    consents and referrals stay linked), a new one is added, one no longer listed is kept but
    marked as no longer in the household. Every change lands in the model history.
    """
    h = register.households
    if len(codes) != register.n_households:
        raise RegisterActionError("จำนวนรหัสบ้านไม่เท่ากับจำนวนครัวเรือน")
    existing = {x.code: x for x in Household.objects.filter(code__in=list(codes))}
    _guard_store(actor, existing.values(), h["province_code"])
    addresses = addresses or {}
    row_of: dict[int, int] = {}
    new: list[Household] = []
    for i, code in enumerate(codes):
        fields = _household_fields(h, i)
        fields["house_no"] = str(_cell(addresses, "house_no", i) or "")
        fields["village_no"] = str(_cell(addresses, "village_no", i) or "")
        if code in existing:
            household = existing[code]
            for name, value in {**fields, "origin": origin}.items():
                setattr(household, name, value)
            household.save()
        else:
            new.append(Household(code=code, origin=origin, **fields))
        row_of[int(h["hh_id"][i])] = i
    create_with_history(new, Household)
    pk_of = dict(Household.objects.filter(code__in=list(codes)).values_list("code", "pk"))
    counts = _store_members(register, people, codes, row_of, pk_of, set(existing))
    counts.update({"households": len(codes), "new": len(new), "updated": len(existing)})
    record(
        actor, "register.store", "register.Household", "", origin=origin, source=source, **counts
    )
    return counts


def _store_members(
    register: Register,
    people: Mapping[str, Any],
    codes: Sequence[str],
    row_of: dict[int, int],
    pk_of: dict[str, int],
    updated_codes: set[str],
) -> dict[str, int]:
    """Members of stored households: update by ลำดับ, add the new, mark the departed."""
    m = register.members
    updated_ids = [pk_of[c] for c in updated_codes]
    current = {
        (x.household_id, x.person_no): x
        for x in Member.objects.filter(household_id__in=updated_ids, merged_into__isnull=True)
    }
    seen: set[int] = set()
    added: list[Member] = []
    key = register_id_key()  # read once, not once per person
    for i in range(register.n_people):
        household_id = pk_of[codes[row_of[int(m["hh_id"][i])]]]
        fields = {**_member_fields(m, i), **_personal(people, i, key), "active": True}
        member = current.get((household_id, fields["person_no"]))
        if member is None:
            added.append(Member(household_id=household_id, **fields))
            continue
        for name, value in fields.items():
            setattr(member, name, value)
        member.save()
        seen.add(member.pk)
    create_with_history(added, Member)
    departed = [x for x in current.values() if x.pk not in seen and x.active]
    for member in departed:
        member.active = False
        member.save(update_fields=["active"])
    return {"people": register.n_people, "departed": len(departed)}


@transaction.atomic
def do_record_consent(
    household: Household,
    *,
    purpose: str,
    given_by: str,
    method: str,
    member: Member | None = None,
    actor: Actor,
) -> Consent:
    """Record a household's consent to share its data for a purpose."""
    _guard(actor, household)
    if not purpose.strip() or not given_by.strip():
        raise RegisterActionError("ต้องระบุวัตถุประสงค์และผู้ให้ความยินยอม")
    if method not in Consent.Method.values:
        raise RegisterActionError(f"ไม่รู้จักวิธีให้ความยินยอม {method!r}")
    _same_household(household, member)
    consent = Consent.objects.create(
        household=household,
        member=member,
        purpose=purpose.strip(),
        given_by=given_by.strip(),
        method=method,
        recorded_by=acting_user(actor),
        recorded_at=timezone.now(),
    )
    record(
        actor,
        "register.consent.add",
        "register.Consent",
        consent.pk,
        after={"household": household.pk, "purpose": consent.purpose, "method": method},
    )
    return consent


@transaction.atomic
def do_withdraw_consent(consent: Consent, *, actor: Actor) -> Consent:
    """Withdraw a consent; referrals made under it stay, new ones need a new consent."""
    _guard(actor, consent.household)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        record(actor, "register.consent.withdraw", "register.Consent", consent.pk)
    return consent


def _same_household(household: Household, member: Member | None) -> None:
    if member is not None and member.household_id != household.pk:
        raise RegisterActionError("สมาชิกที่ระบุไม่ได้อยู่ในครัวเรือนนี้")


@transaction.atomic
def do_record_assistance(
    household: Household,
    *,
    unit: Unit,
    kind: str,
    given_on: date,
    result: str,
    amount: Decimal | None = None,
    member: Member | None = None,
    note: str = "",
    actor: Actor,
) -> Assistance:
    """Record help a household received."""
    _guard(actor, household)
    _same_household(household, member)
    if kind not in Assistance.Kind.values or result not in Assistance.Result.values:
        raise RegisterActionError("ประเภทหรือผลของความช่วยเหลือไม่ถูกต้อง")
    if amount is not None and amount < 0:
        raise RegisterActionError("มูลค่าต้องไม่ติดลบ")
    if given_on > timezone.localdate():
        raise RegisterActionError("วันที่ให้ความช่วยเหลือต้องไม่อยู่ในอนาคต")
    help_ = Assistance.objects.create(
        household=household,
        member=member,
        unit=unit,
        kind=kind,
        amount=amount,
        given_on=given_on,
        result=result,
        note=note.strip(),
        recorded_by=acting_user(actor),
        recorded_at=timezone.now(),
    )
    record(
        actor,
        "register.assistance.add",
        "register.Assistance",
        help_.pk,
        after={
            "household": household.pk,
            "unit": unit.code,
            "kind": kind,
            "amount": str(amount) if amount is not None else None,
            "given_on": given_on.isoformat(),
            "result": result,
        },
    )
    return help_


@transaction.atomic
def do_create_referral(
    household: Household,
    *,
    from_unit: Unit,
    to_unit: Unit,
    reason: str,
    consent: Consent | None,
    member: Member | None = None,
    actor: Actor,
) -> Referral:
    """Refer a household's case to another unit; refused without a valid consent on record."""
    _guard(actor, household)
    _same_household(household, member)
    if consent is None or consent.household_id != household.pk:
        raise RegisterActionError("ต้องบันทึกความยินยอมของครัวเรือนนี้ก่อนส่งต่อ")
    if consent.withdrawn_at is not None:
        raise RegisterActionError("ความยินยอมนี้ถูกถอนแล้ว ต้องขอความยินยอมใหม่ก่อนส่งต่อ")
    if from_unit.pk == to_unit.pk:
        raise RegisterActionError("หน่วยงานต้นทางและปลายทางต้องต่างกัน")
    if not reason.strip():
        raise RegisterActionError("ต้องระบุเหตุผลการส่งต่อ")
    now = timezone.now()
    referral = Referral.objects.create(
        household=household,
        member=member,
        from_unit=from_unit,
        to_unit=to_unit,
        reason=reason.strip(),
        consent=consent,
        created_by=acting_user(actor),
        created_at=now,
        updated_at=now,
    )
    ReferralEvent.objects.create(
        referral=referral, status=referral.status, note="ส่งต่อ", actor=acting_user(actor), at=now
    )
    record(
        actor,
        "register.referral.add",
        "register.Referral",
        referral.pk,
        after={
            "household": household.pk,
            "from": from_unit.code,
            "to": to_unit.code,
            "consent": consent.pk,
        },
    )
    return referral


@transaction.atomic
def do_move_referral(referral: Referral, status: str, *, note: str = "", actor: Actor) -> Referral:
    """Move a referral along in progress → accepted / rejected → done."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _guard(actor, referral.household)
    allowed = REFERRAL_MOVES.get(referral.status, ())
    if status not in allowed:
        now_label = Referral.Status(referral.status).label
        raise RegisterActionError(f"เปลี่ยนสถานะจาก '{now_label}' เป็น {status!r} ไม่ได้")
    if status == Referral.Status.REJECTED and not note.strip():
        raise RegisterActionError("ต้องระบุเหตุผลที่ไม่รับเรื่อง")
    before = referral.status
    referral.status = status
    referral.updated_at = timezone.now()
    referral.save(update_fields=["status", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral,
        status=status,
        note=note.strip(),
        actor=acting_user(actor),
        at=referral.updated_at,
    )
    record(
        actor,
        "register.referral.move",
        "register.Referral",
        referral.pk,
        before={"status": before},
        after={"status": status},
        note=note.strip(),
    )
    return referral


@transaction.atomic
def do_link_case(
    household: Household, case: Any, *, member: Member | None = None, actor: Actor
) -> CaseLink:
    """Tie a 1300 hotline case to a household (idempotent)."""
    _guard(actor, household)
    _same_household(household, member)
    link, created = CaseLink.objects.get_or_create(
        household=household,
        case=case,
        defaults={"member": member, "linked_by": acting_user(actor), "linked_at": timezone.now()},
    )
    if created:
        record(
            actor,
            "register.case.link",
            "register.CaseLink",
            link.pk,
            after={"household": household.pk, "case": case.case_id},
        )
    return link

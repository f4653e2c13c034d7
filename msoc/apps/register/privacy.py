"""PDPA access requests for the register: everything held about one person, and who read it.

The answer holds personal data, so it leaves msoc only encrypted; the request itself is audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.register.models import Assistance, Consent, Member, Referral
from msoc.apps.register.services import id_hash, scope_of
from msoc.encryption import check_passphrase, encrypt
from msoc.register.identity import masked, validated_id


def _member(m: Member) -> dict[str, Any]:
    h = m.household
    return {
        "household": h.code,
        "address": {
            "house_no": h.house_no,
            "village_no": h.village_no,
            "subdistrict": h.subdistrict_code,
            "district": h.district_code,
            "province": h.province_code,
        },
        "person_no": m.person_no,
        "name": m.full_name,
        "sex": m.get_sex_display(),  # type: ignore[attr-defined]
        "birth_date": m.birth_date,
        "age": m.age,
        "national_id": masked(m.national_id_last),
        "disabled": m.disabled,
        "chronic_ill": m.chronic_ill,
        "education": m.get_education_display(),  # type: ignore[attr-defined]
        "occupation": m.get_occupation_display(),  # type: ignore[attr-defined]
        "income_year": m.income_year,
        "active": m.active,
    }


def person_record(*, national_id: str, actor: Actor) -> dict[str, Any]:
    """All the register holds about the person with this ID number (PDPA section 30 request)."""
    user = acting_user(actor)
    if user is not None and not scope_of(user).every:
        record(actor, "register.person.export.denied", "register.Member", "")
        raise PermissionDenied("คำขอเข้าถึงข้อมูลส่วนบุคคลทั้งหมดต้องดำเนินการโดยผู้ดูแลระบบส่วนกลาง")
    hashed = id_hash(validated_id(national_id))
    members = list(Member.objects.filter(national_id_hash=hashed).select_related("household"))
    ids = [m.pk for m in members]
    households = {m.household_id for m in members}
    reads = AuditEvent.objects.filter(
        Q(target="register.Household", target_id__in=[str(h) for h in households])
        | Q(target="register.Member", target_id__in=[str(i) for i in ids])
    ).order_by("created_at")
    answer = {
        "requested_at": timezone.now(),
        "people": [_member(m) for m in members],
        "assistance": list(
            Assistance.objects.filter(member_id__in=ids).values(
                "household__code", "unit__code", "kind", "amount", "given_on", "result", "note"
            )
        ),
        "consents": list(
            Consent.objects.filter(Q(member_id__in=ids) | Q(household_id__in=households)).values(
                "household__code", "purpose", "given_by", "method", "recorded_at", "withdrawn_at"
            )
        ),
        "referrals": list(
            Referral.objects.filter(household_id__in=households).values(
                "household__code", "from_unit__code", "to_unit__code", "status", "created_at"
            )
        ),
        "accesses": [{"at": e.created_at, "by": e.actor_name, "action": e.action} for e in reads],
    }
    record(actor, "register.person.export", "register.Member", "", people=len(members))
    return answer


def encrypted_person_record(*, national_id: str, passphrase: str, actor: Actor) -> bytes:
    """The access-request answer as encrypted JSON."""
    check_passphrase(passphrase)
    answer = person_record(national_id=national_id, actor=actor)
    text = json.dumps(answer, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return encrypt(text.encode("utf-8"), passphrase)

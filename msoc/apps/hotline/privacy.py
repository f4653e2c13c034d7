"""Callers' personal data under the PDPA: retention and the export of all held about one person.

The statistics of a case stay after its caller's personal data is erased; every export is
logged like every read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.hotline.models import CasePerson
from msoc.apps.hotline.services import PersonAccessDenied, can_read_people


def export_person(
    *, actor: Actor, phone: str = "", national_id: str = "", name: str = ""
) -> dict[str, Any]:
    """Everything msoc holds about one person (PDPA access request), for admin and editor only."""
    if not can_read_people(actor):
        record(actor, "hotline.person.export.denied", "hotline.CasePerson", "")
        raise PersonAccessDenied("บทบาทนี้ไม่มีสิทธิ์ส่งออกข้อมูลส่วนบุคคล")
    if not (phone.strip() or national_id.strip() or name.strip()):
        raise ValueError("ต้องระบุเบอร์โทรศัพท์ เลขประจำตัวประชาชน หรือชื่อ อย่างน้อยหนึ่งอย่าง")
    match = Q()
    if phone.strip():
        match |= Q(phone=phone.strip())
    if national_id.strip():
        match |= Q(national_id=national_id.strip())
    if name.strip():
        match |= Q(name=name.strip())
    people = list(
        CasePerson.objects.filter(match).select_related("case").order_by("case__received_at")
    )
    case_ids = [p.case.case_id for p in people]
    accesses = AuditEvent.objects.filter(target="hotline.CasePerson", target_id__in=case_ids)
    result = {
        "query": {"phone": phone, "national_id": national_id, "name": name},
        "exported_at": timezone.now().isoformat(),
        "cases": [_case(p) for p in people],
        "accesses": [
            {
                "at": e.created_at.isoformat(),
                "by": e.actor_name,
                "action": e.action,
                "case_id": e.target_id,
            }
            for e in accesses.order_by("created_at")
        ],
    }
    record(actor, "hotline.person.export", "hotline.CasePerson", "", cases=case_ids)
    return result


def _case(person: CasePerson) -> dict[str, Any]:
    case = person.case
    return {
        "case_id": case.case_id,
        "received_at": case.received_at.isoformat(),
        "name": person.name,
        "phone": person.phone,
        "national_id": person.national_id,
        "sex": case.sex,
        "channel": case.channel,
        "kind": case.kind,
        "handling": case.handling,
        "referral": case.referral,
        "mobile_unit": case.mobile_unit,
        "province": case.province,
    }

"""Hotline services used by commands, pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.accounts.roles import EDITORS, role_of
from msoc.apps.hotline.actions import ImportResult, do_import_cases
from msoc.apps.hotline.importer import parse_cases, read_table
from msoc.apps.hotline.models import Case, CasePerson

PERSON_ROLES = frozenset(EDITORS)  # the roles whose work needs the caller's identity


class PersonAccessDenied(PermissionError):
    """The user's role may not see callers' personal data."""


@dataclass(frozen=True)
class Person:
    """A caller's personal data as shown to an allowed role."""

    case_id: str
    name: str
    phone: str
    national_id: str


def import_export_file(path: Path, *, keep_good: bool = False, actor: Actor = None) -> ImportResult:
    """Read, check and store a hotline export (CSV or XLSX); nothing is stored on error
    unless keep_good."""
    header, rows = read_table(path)
    parsed = parse_cases(header, rows)
    return do_import_cases(parsed, keep_good=keep_good, source=path.name, actor=actor)


def can_read_people(user: object) -> bool:
    """Whether a user's role may read callers' personal data."""
    return role_of(user) in PERSON_ROLES


def read_person(case_id: str, *, actor: Actor) -> Person | None:
    """The caller's personal data of a case, for admin and editor only; every read is logged."""
    if not can_read_people(actor):
        record(actor, "hotline.person.denied", "hotline.CasePerson", case_id)  # kept: no rollback
        raise PersonAccessDenied("บทบาทนี้ไม่มีสิทธิ์ดูข้อมูลส่วนบุคคลของผู้ติดต่อ")
    return _read_logged(case_id, actor)


@transaction.atomic
def _read_logged(case_id: str, actor: Actor) -> Person | None:
    person = CasePerson.objects.select_related("case").filter(case__case_id=case_id).first()
    if person is None:
        if not Case.objects.filter(case_id=case_id).exists():
            raise LookupError(f"ไม่พบเรื่องเลขที่ {case_id}")
        record(actor, "hotline.person.read", "hotline.CasePerson", case_id, found=False)
        return None
    record(actor, "hotline.person.read", "hotline.CasePerson", case_id, found=True)
    return Person(case_id, person.name, person.phone, person.national_id)

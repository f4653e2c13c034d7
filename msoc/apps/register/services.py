"""Reading the register: who may see which provinces, household search, and logged household views."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from msoc import keys
from msoc.apps.accounts.audit import Actor, record
from msoc.apps.accounts.roles import EDITORS, READERS, role_of
from msoc.apps.register.models import Household, HouseholdIndex, Member
from msoc.register.identity import hash_id, is_valid_id, normalise_id

log = logging.getLogger(__name__)

# Roles that may open households (personal data) within their provinces; the others see only
# area figures of their provinces.
HOUSEHOLD_ROLES = (*EDITORS, "province")
INDEX_ROLES = READERS


@dataclass(frozen=True)
class Scope:
    """The provinces a user may see in the register: every one, or a set of kongvut ids."""

    every: bool
    provinces: frozenset[int]
    households: bool  # may open households (personal data), not only area figures

    def allows(self, province_code: int) -> bool:
        """Whether this scope covers a province."""
        return self.every or province_code in self.provinces

    def filter(self, qs: QuerySet[Any], field: str = "province_code") -> QuerySet[Any]:
        """A queryset narrowed to the scope's provinces."""
        return qs if self.every else qs.filter(**{f"{field}__in": self.provinces})


def scope_of(user: Any) -> Scope:
    """The register scope of a user: admins see all; others their membership's provinces."""
    role = role_of(user)
    if role is None or role not in INDEX_ROLES:
        return Scope(False, frozenset(), False)
    households = role in HOUSEHOLD_ROLES
    if role == "admin":
        return Scope(True, frozenset(), True)
    membership = getattr(user, "membership", None)
    if membership is None:
        return Scope(False, frozenset(), False)
    codes = frozenset(int(c) for c in membership.provinces or [])
    return Scope(bool(membership.all_provinces), codes, households)


def check_household(user: Any, household: Household) -> None:
    """Raise 403 unless the user may open this household."""
    scope = scope_of(user)
    if not (scope.households and scope.allows(household.province_code)):
        raise PermissionDenied("ท่านเปิดดูได้เฉพาะครัวเรือนในจังหวัดที่รับผิดชอบ")


def view_household(pk: int, *, actor: Actor, purpose: str = "profile") -> Household:
    """A household for its profile page; every view is written to the audit log."""
    household = Household.objects.get(pk=pk)
    check_household(actor, household)
    record(
        actor,
        "register.household.view",
        "register.Household",
        household.pk,
        purpose=purpose,
        province=household.province_code,
    )
    return household


def log_list_view(actor: Actor, page: str, province: int) -> None:
    """Lists that show households are logged like a profile view (which list, which province)."""
    record(actor, f"register.{page}.view", "register.Household", "", province=province)


def id_hash(national_id: str) -> str:
    """The keyed hash under which a national ID number is stored and searched."""
    return hash_id(national_id, register_id_key())


def register_id_key() -> bytes:
    """MSOC_REGISTER_ID_KEY, or the installation's own key file (made on first use)."""
    if settings.MSOC_REGISTER_ID_KEY:
        return bytes(settings.MSOC_REGISTER_ID_KEY)
    path = Path(settings.KEY_DIR) / keys.REGISTER_ID_FILE
    return keys.cache.get(path, lambda: keys.read_or_create(path, _first_id_key))


def _first_id_key() -> str:
    """A new random key, unless the register already holds hashes made before key files.

    Those were made under "register-id:" + the secret key of that time, and no raw number is
    kept to hash them again: that key is written to the file so they stay searchable, with a
    warning (re-import the surveys to move them to a random key).
    """
    if not Member.objects.exclude(national_id_hash="").exists():
        return keys.new_key()
    secret = os.environ.get("MSOC_SECRET_KEY") or keys.LEGACY_SECRET_KEY
    log.warning(
        "ทะเบียนมีค่าแฮชเลขประจำตัวที่สร้างก่อนมีไฟล์กุญแจ: เก็บกุญแจเดิมไว้ใน register-id.key "
        "เพื่อให้ค้นหาได้ต่อ (ถ้าเดิมไม่ได้ตั้ง MSOC_SECRET_KEY กุญแจนี้อยู่ในซอร์สโค้ด "
        "ควรนำเข้าแบบสำรวจใหม่ด้วยกุญแจใหม่)"
    )
    return f"register-id:{secret}"


def search_households(
    user: Any,
    *,
    text: str = "",
    province: int | None = None,
    district: int | None = None,
    subdistrict: int | None = None,
    poor_only: bool = False,
    order: str = "code",
) -> QuerySet[Household]:
    """Households in the user's scope matching a name, house code or national ID and an area.

    order: "code", "deprivation" (weighted deprivation score, highest first) or "risk"
    (screening score, highest first).
    """
    scope = scope_of(user)
    if not scope.households:
        raise PermissionDenied("บทบาทของท่านไม่มีสิทธิ์ค้นหาครัวเรือน")
    qs = scope.filter(Household.objects.filter(merged_into__isnull=True))
    for field, value in (
        ("province_code", province),
        ("district_code", district),
        ("subdistrict_code", subdistrict),
    ):
        if value:
            qs = qs.filter(**{field: value})
    text = " ".join(text.split())
    if text:
        qs = qs.filter(_text_match(text))
    if poor_only:
        qs = qs.filter(indices__tpmap_poor=True)
    qs = qs.distinct()
    if order == "deprivation":
        latest = HouseholdIndex.objects.filter(household=OuterRef("pk")).order_by("-year")
        qs = qs.annotate(points=Subquery(latest.values("points")[:1]))
        return qs.order_by(F("points").desc(nulls_last=True), "code")
    if order == "risk":
        return qs.order_by(F("screening__rank").asc(nulls_last=True), "code")
    return qs.order_by("code")


def _text_match(text: str) -> Q:
    """A national ID matches by its keyed hash; otherwise house code or member names."""
    digits = normalise_id(text)
    if len(digits) == 13 and is_valid_id(digits):
        hashed = id_hash(digits)
        return Q(members__national_id_hash=hashed)
    names = Q()
    for word in text.split():
        names &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
    # One id list from three indexed lookups (UNION), not an OR over the households: PostgreSQL
    # cannot serve `code = … OR house_no = … OR id IN (members…)` from indexes and scanned
    # every household (name search p95 1.5 s at 400,000 households). One member still has to
    # match every word; the trigram indexes of migration 0002 serve the member lookup.
    codes = Household.objects.filter(code__iexact=text).order_by().values("pk")
    houses = Household.objects.filter(house_no=text).order_by().values("pk")
    members = Member.objects.filter(names).order_by().values("household_id")
    return Q(pk__in=codes.union(houses, members))


def household_members(household: Household) -> QuerySet[Member]:
    """The people of a household, current members first."""
    return household.members.order_by("-active", "person_no")

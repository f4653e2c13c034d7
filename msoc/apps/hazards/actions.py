"""Every write of hazards: one transaction each, with its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from msoc.apps.accounts.audit import Actor, acting_user, record, snapshot
from msoc.apps.hazards.models import Contact, Hazard
from msoc.apps.register.models import Assistance, Household, Referral
from msoc.apps.register.services import check_household
from msoc.hazards.polygon import bbox
from msoc.register.areas import default_areas


class HazardError(ValueError):
    """A hazard write that breaks a rule, with the reason in Thai."""


@dataclass
class HazardFields:
    """What defines a hazard, as a form, a command or an adapter gives it."""

    title: str
    kind: str
    starts_on: date
    level: str = Hazard.Level.WARNING
    source: str = Hazard.Source.MANUAL
    source_ref: str = ""
    provinces: list[int] = field(default_factory=list)
    districts: list[int] = field(default_factory=list)
    subdistricts: list[int] = field(default_factory=list)
    polygon: list[list[float]] | None = None
    ends_on: date | None = None
    note: str = ""


def _check(f: HazardFields) -> None:
    if not f.title.strip():
        raise HazardError("โปรดระบุชื่อเหตุการณ์")
    if f.kind not in Hazard.Kind.values:
        raise HazardError(f"ไม่รู้จักประเภทภัย {f.kind!r} (ใช้: {', '.join(Hazard.Kind.values)})")
    if f.level not in Hazard.Level.values:
        raise HazardError(f"ไม่รู้จักระดับ {f.level!r} (ใช้: {', '.join(Hazard.Level.values)})")
    if f.source not in Hazard.Source.values:
        raise HazardError(f"ไม่รู้จักที่มา {f.source!r}")
    if f.ends_on is not None and f.ends_on < f.starts_on:
        raise HazardError("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")
    if not (f.provinces or f.districts or f.subdistricts):
        raise HazardError("โปรดระบุพื้นที่อย่างน้อยหนึ่งจังหวัด อำเภอ หรือตำบล")
    areas = default_areas()
    for codes, known, what in (
        (f.provinces, areas.provinces, "จังหวัด"),
        (f.districts, areas.districts, "อำเภอ"),
        (f.subdistricts, areas.subdistricts, "ตำบล"),
    ):
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise HazardError(f"ไม่รู้จักรหัส{what} {', '.join(map(str, unknown))}")
    if f.polygon is not None:
        try:
            bbox(f.polygon)
        except (ValueError, TypeError) as exc:
            raise HazardError(str(exc)) from exc


def provinces_of(f: HazardFields | Hazard) -> list[int]:
    """Every province an area touches (its own codes and those of its districts/sub-districts)."""
    areas = default_areas()
    codes = set(f.provinces)
    codes |= {p for d in f.districts if (p := areas.province_of_district(d)) is not None}
    codes |= {p for s in f.subdistricts if (p := areas.province_of_subdistrict(s)) is not None}
    return sorted(codes)


def covers(hazard: Hazard, household: Household) -> bool:
    """Whether a household lies in a hazard's area codes."""
    return (
        household.province_code in hazard.provinces
        or household.district_code in hazard.districts
        or household.subdistrict_code in hazard.subdistricts
    )


_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "level",
    "source",
    "source_ref",
    "provinces",
    "districts",
)
_FIELDS += ("subdistricts", "starts_on", "ends_on")


def _snapshot(h: Hazard) -> dict[str, Any]:
    return snapshot(h, _FIELDS, polygon=bool(h.polygon))


@transaction.atomic
def do_add_hazard(f: HazardFields, *, actor: Actor = None) -> tuple[Hazard, bool]:
    """Store a hazard; one a source already raised (same source and reference) is returned as is."""
    _check(f)
    if f.source_ref:
        existing = Hazard.objects.filter(source=f.source, source_ref=f.source_ref).first()
        if existing is not None:
            return existing, False
    hazard = Hazard.objects.create(
        title=f.title.strip()[:200],
        kind=f.kind,
        level=f.level,
        source=f.source,
        source_ref=f.source_ref[:200],
        provinces=sorted(set(f.provinces)),
        districts=sorted(set(f.districts)),
        subdistricts=sorted(set(f.subdistricts)),
        polygon=f.polygon,
        starts_on=f.starts_on,
        ends_on=f.ends_on,
        note=f.note,
        created_at=timezone.now(),
        created_by=acting_user(actor),
    )
    record(actor, "hazard.add", "hazards.Hazard", hazard.pk, after=_snapshot(hazard))
    return hazard, True


@transaction.atomic
def do_close_hazard(pk: int, *, actor: Actor = None, on: date | None = None) -> Hazard:
    """End a hazard: it leaves the active list and the report from the day after `on`."""
    hazard = Hazard.objects.select_for_update().filter(pk=pk).first()
    if hazard is None:
        raise HazardError(f"ไม่พบพื้นที่ภัยหมายเลข {pk}")
    if hazard.closed_at is not None:
        raise HazardError(f"พื้นที่ภัยหมายเลข {pk} ปิดไปแล้ว")
    before = _snapshot(hazard)
    hazard.closed_at, hazard.closed_by = timezone.now(), acting_user(actor)
    end = on or timezone.localdate()
    hazard.ends_on = max(hazard.starts_on, min(hazard.ends_on or end, end))
    hazard.save(update_fields=["closed_at", "closed_by", "ends_on"])
    record(actor, "hazard.close", "hazards.Hazard", pk, before=before, after=_snapshot(hazard))
    return hazard


def _linked(model: Any, pk: int | None, household: Household, what: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, household=household).first()
    if obj is None:
        raise HazardError(f"ไม่พบ{what}หมายเลข {pk} ของครัวเรือนนี้")
    return obj


@transaction.atomic
def do_record_contact(
    hazard: Hazard,
    household: Household,
    status: str,
    *,
    note: str = "",
    assistance: int | None = None,
    referral: int | None = None,
    actor: Actor = None,
) -> Contact:
    """Record a follow-up of a household in a hazard's area (its province must be the actor's)."""
    if acting_user(actor) is not None:
        check_household(actor, household)
    if status not in Contact.Status.values:
        raise HazardError(f"ผลการติดตามไม่ถูกต้อง {status!r}")
    if not covers(hazard, household):
        raise HazardError("ครัวเรือนนี้ไม่อยู่ในพื้นที่ภัยนี้")
    contact = Contact.objects.create(
        hazard=hazard,
        household=household,
        status=status,
        note=note.strip(),
        assistance=_linked(Assistance, assistance, household, "การให้ความช่วยเหลือ"),
        referral=_linked(Referral, referral, household, "การส่งต่อ"),
        recorded_by=acting_user(actor),
        recorded_at=timezone.now(),
    )
    record(actor, "hazard.contact", "hazards.Contact", contact.pk,
           after={"hazard": hazard.pk, "household": household.pk, "status": status,
                  "assistance": contact.assistance_id, "referral": contact.referral_id},
           province=household.province_code)  # fmt: skip
    return contact


def parse_codes(text: str | Sequence[int]) -> list[int]:
    """'3001, 3002' → [3001, 3002]; a word that is not a number is a Thai error."""
    if not isinstance(text, str):
        return [int(x) for x in text]
    out = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise HazardError(f"รหัสพื้นที่ต้องเป็นตัวเลข ไม่ใช่ {part!r}")
        out.append(int(part))
    return out

"""Exports of the register: area indices as CSV, households (personal data) only encrypted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from django.db import transaction
from django.db.models import Prefetch

from msoc.apps.accounts.audit import Actor, record
from msoc.apps.register.models import AreaIndex, Household, Member
from msoc.encryption import encrypt
from msoc.register.areas import default_areas
from msoc.register.identity import masked

AREA_HEADER = [
    "ระดับ",
    "รหัส",
    "พื้นที่",
    "จำนวนคน",
    "จำนวนครัวเรือน",
    "คนยากจนหลายมิติ",
    "H",
    "A",
    "MPI",
    "ครัวเรือนเป้าหมาย TPMAP",
    "คนจนเป้าหมาย TPMAP",
]


def area_rows(year: int, provinces: Sequence[int] | None) -> list[AreaIndex]:
    """Stored area indices of a year, limited to provinces (None: every area incl. national)."""
    rows = AreaIndex.objects.filter(year=year)
    if provinces is not None:
        rows = rows.filter(province_code__in=list(provinces))
    return list(rows.order_by("level", "code"))


def export_areas_csv(*, year: int, provinces: Sequence[int] | None) -> str:
    """The area table as CSV text (aggregates only, no personal data)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AREA_HEADER)
    for a in area_rows(year, provinces):
        writer.writerow(
            [
                a.level,
                a.code,
                a.name,
                a.people,
                a.households,
                a.poor_people,
                f"{a.headcount:.6f}",
                f"{a.intensity:.6f}",
                f"{a.mpi:.6f}",
                a.tpmap_households,
                a.tpmap_people,
            ]
        )
    return out.getvalue()


EXPORT_BATCH = 2000  # households read at a time: memory stays flat however many are exported


@transaction.atomic
def export_households_encrypted(
    *, provinces: Sequence[int], passphrase: str, path: str = "", actor: Actor = None
) -> bytes:
    """Households and members of provinces as CSV, encrypted; the export is audited."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["รหัสบ้าน", "จังหวัด", "อำเภอ", "ตำบล", "บ้านเลขที่", "หมู่ที่", "ลำดับ", "คำนำหน้า", "ชื่อ"]
        + ["นามสกุล", "เพศ", "วันเกิด", "อายุ", "เลขประจำตัว (ท้าย)", "ยากจนหลายมิติ", "TPMAP"]
    )
    areas = default_areas()
    count = 0
    for batch in _household_batches(provinces):
        for h in batch:
            index = max(h.indices.all(), key=lambda i: i.year, default=None)
            for m in h.current:  # type: ignore[attr-defined]
                writer.writerow(
                    [h.code, areas.province_name(h.province_code)]
                    + [areas.district_name(h.district_code)]
                    + [areas.subdistrict_name(h.subdistrict_code), h.house_no, h.village_no]
                    + [m.person_no, m.title, m.given_name, m.family_name, m.get_sex_display()]
                    + [m.birth_date.isoformat() if m.birth_date else "", m.age]
                    + [masked(m.national_id_last)]
                    + [int(index.af_poor) if index else "", int(index.tpmap_poor) if index else ""]
                )
            count += 1
    blob = encrypt(out.getvalue().encode("utf-8-sig"), passphrase)
    record(
        actor,
        "register.export.households",
        "register.Household",
        "",
        provinces=list(provinces),
        households=count,
        path=path,
        encrypted=True,
    )
    return blob


def _household_batches(provinces: Sequence[int]) -> Iterator[Sequence[Household]]:
    """The provinces' households in code order, EXPORT_BATCH at a time with members and indices.

    Keyset pages (code > last code) rather than one prefetching query, whose prefetch would
    hold every household, member and index of the export in memory at once.
    """
    current = Member.objects.filter(active=True).order_by("person_no")
    households = (
        Household.objects.filter(province_code__in=list(provinces), merged_into__isnull=True)
        .prefetch_related("indices", Prefetch("members", queryset=current, to_attr="current"))
        .order_by("code")
    )
    last = None
    while True:
        page = households if last is None else households.filter(code__gt=last)
        batch = list(page[:EXPORT_BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].code

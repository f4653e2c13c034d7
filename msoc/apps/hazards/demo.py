"""The demo's hazard: a flood warning over two districts of นครราชสีมา, with a few follow-ups.

Run by `msoc hazards demo` (in `make demo`, after the register is generated); running it again
changes nothing. The province office gets a distribution list and a hazard alert rule first, so
the warning raises an alert to it through the ordinary rules and deliveries.
"""

from __future__ import annotations

from datetime import date, timedelta

from msoc.apps.alerts.actions import do_add_recipient, do_save_list, do_save_rule
from msoc.apps.alerts.models import AlertRule, DistributionList
from msoc.apps.hazards.actions import HazardFields, do_record_contact
from msoc.apps.hazards.models import Hazard
from msoc.apps.hazards.services import impact_of, raise_hazard
from msoc.apps.register.actions import do_record_assistance
from msoc.apps.register.models import Assistance, Household
from msoc.apps.units.models import Unit

OFFICE_LIST = "พมจ.นครราชสีมา (ภัยพิบัติ)"
OFFICE_EMAIL = "korat-office@example.invalid"
RULE_NAME = "ภัยในพื้นที่ครัวเรือนเปราะบาง จ.นครราชสีมา"
DISTRICTS = [3015, 3010]  # พิมาย, โนนสูง: the Mun river's flood plain
REF = "demo-flood-korat"
# The follow-ups recorded on the first households of the list, in rank order.
FOLLOW_UPS = ("helped", "visited", "visited", "contacted", "contacted", "unreachable")


def _office_rule() -> None:
    dl = DistributionList.objects.filter(name=OFFICE_LIST).first()
    if dl is None:
        dl = do_save_list(
            {"name": OFFICE_LIST, "description": "สำนักงานพัฒนาสังคมฯ จังหวัด", "reports": False},
            actor=None,
        )
        do_add_recipient(dl.pk, {"email": OFFICE_EMAIL, "position": "พมจ.นม."}, actor=None)
    if not AlertRule.objects.filter(name=RULE_NAME).exists():
        do_save_rule(
            {
                "name": RULE_NAME,
                "kind": AlertRule.Kind.HAZARD_VULNERABLE,
                "quiet_hours": 0,
                "params": {"province": "นครราชสีมา", "min_households": 1},
            },
            lists=[dl],
            actor=None,
        )


def _follow_ups(hazard: Hazard, today: date) -> None:
    unit = Unit.objects.filter(active=True).order_by("order").first()
    for row, status in zip(impact_of(hazard).rows, FOLLOW_UPS, strict=False):
        household = Household.objects.get(pk=row.household_id)
        help_id = None
        if status == "helped" and unit is not None:
            help_id = do_record_assistance(
                household,
                unit=unit,
                kind=Assistance.Kind.GOODS,
                given_on=today,
                result=Assistance.Result.GIVEN,
                note="ถุงยังชีพช่วงน้ำท่วม (ข้อมูลสาธิต)",
                actor=None,
            ).pk
        do_record_contact(hazard, household, status, assistance=help_id, note="ข้อมูลสาธิต")


def load_demo(today: date) -> list[str]:
    """Create the demo hazard (once) and say where to see it."""
    _office_rule()
    fields = HazardFields(
        title="เตือนภัยน้ำท่วมลุ่มแม่น้ำมูล (ข้อมูลสาธิต)",
        kind=Hazard.Kind.FLOOD,
        level=Hazard.Level.WARNING,
        source_ref=REF,
        districts=DISTRICTS,
        starts_on=today,
        ends_on=today + timedelta(days=7),
        note="ตัวอย่างสำหรับการสาธิต ไม่ใช่ประกาศจริง",
    )
    new = not Hazard.objects.filter(source=Hazard.Source.MANUAL, source_ref=REF).exists()
    hazard, alerts = raise_hazard(fields)
    if new:
        _follow_ups(hazard, today)
    impact = impact_of(hazard)
    lines = [
        f"พื้นที่ภัยหมายเลข {hazard.pk}: {hazard.title} — ครัวเรือนในพื้นที่ {impact.households:,} "
        f"(เปราะบาง {impact.vulnerable:,}) ติดต่อได้แล้ว {impact.reached:,}",
        f"รายชื่อครัวเรือนที่ต้องเยี่ยม: /hazards/{hazard.pk}/ · รายงาน ๑.๔: "
        f"/reports/{today.isoformat()}/preview/",
    ]
    lines += [f"แจ้งเตือน: {a.title}" for a in alerts]
    return lines

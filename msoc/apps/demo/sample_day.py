"""The demo data set: reproduces the sample day's ๑.๑, ๑.๒, ๑.๔, ๑.๕ and ๕.๒ through msoc.

Everything goes through the same services and actions as real data: the hotline export and day
totals, the recorded DDC/TMD/RID files and a manual entry, the ๕.๒ budget file. Re-running it
changes nothing. Files live in msoc/data/demo/ (see its README); names and phones are synthetic.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings

from msoc.apps.accounts.audit import Actor

DEMO_DIR = Path(settings.BASE_DIR) / "data" / "demo"
DAY = date(2023, 5, 3)
FISCAL_YEAR = 2566
CASES = "hotline-cases-2566-05-03.csv"
DAY_TOTALS = "hotline-day-totals-2565-2566.csv"
SOURCES: tuple[tuple[str, str, dict[str, int]], ...] = (
    ("ddc", "ddc-covid-weekly-2566.json", {"week": 16, "pneumonia": 157, "ventilated": 79}),
    ("tmd", "tmd-daily-forecast-2566-05-03.xml", {}),
    ("rid", "rid-large-reservoirs-2566-05-02.html", {}),
)
MANUAL = "situation-manual-2566-05-03.json"
BUDGET = "budget-2566.json"


@dataclass
class DemoOutcome:
    """What loading the demo did, one line per step."""

    steps: list[str] = field(default_factory=list)


def read_day_totals(path: Path) -> dict[date, int]:
    """`date,total` rows of a day-totals CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        return {date.fromisoformat(r["date"]): int(r["total"]) for r in csv.DictReader(f)}


def load_demo(folder: Path = DEMO_DIR, *, actor: Actor = None) -> DemoOutcome:
    """Load every demo data file for the sample day (idempotent)."""
    import json

    from msoc.apps.hotline.actions import do_bulk_manual_totals
    from msoc.apps.hotline.services import import_export_file
    from msoc.apps.reports.actions.budget import do_apply_budgets, do_save_plan
    from msoc.apps.reports.budget import read_budget_file
    from msoc.apps.situation.actions import do_apply_to_draft, do_record_reading
    from msoc.apps.situation.services import load_source

    out = DemoOutcome()
    # Day totals first: the sample day's fiscal-year figures sum them.
    n = do_bulk_manual_totals(read_day_totals(folder / DAY_TOTALS), actor=actor, source=DAY_TOTALS)
    out.steps.append(f"ยอดรายวันที่ทราบเฉพาะยอดรวม: ปรับ {n} วัน")
    result = import_export_file(folder / CASES, actor=actor)
    if not result.committed:
        raise ValueError("; ".join(str(e) for e in result.errors))
    out.steps.append(f"เรื่องสายด่วน: นำเข้า {result.imported}, มีอยู่แล้ว {result.unchanged}")
    for source, name, options in SOURCES:
        load_source(source, str(folder / name), day=DAY, actor=actor, **options)
        out.steps.append(f"{source}: {name}")
    manual = json.loads((folder / MANUAL).read_text(encoding="utf-8"))
    do_record_reading("manual", DAY, manual, origin=MANUAL, actor=actor)
    draft = do_apply_to_draft(DAY, actor=actor)
    out.steps.append(f"เขียน ๑.๑ ๑.๒ ๑.๔ ลงร่างรายงานวันที่ {draft.date.isoformat()}")
    for plan in read_budget_file(folder / BUDGET):
        do_save_plan(
            plan["unit"], plan["fiscal_year"], plan["title"], plan["programmes"], actor=actor
        )
    block = do_apply_budgets(DAY, FISCAL_YEAR, actor=actor)
    out.steps.append(f"๕.๒ ฉบับที่ {block.version}")
    return out

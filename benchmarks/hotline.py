"""Benchmark: import one fiscal year of hotline cases (≈140,000 rows) and compute ๑.๕ for every day.

.venv/bin/python benchmarks/hotline.py            # 140,074 rows (FY2565's total), 365 days
.venv/bin/python benchmarks/hotline.py --quick    # 14,000 rows
Runs on a fresh SQLite database in a temporary folder, pinned to 2 cores where possible.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 140_074
HEADER = ["เลขที่เรื่อง", "วันที่รับเรื่อง", "เวลา", "เพศ", "ช่องทาง", "ประเภทเรื่อง",
          "การดำเนินการ", "ส่งต่อไปยัง", "หน่วยเคลื่อนที่เร็ว", "จังหวัด", "ชื่อผู้ติดต่อ", "โทรศัพท์"]  # fmt: skip
CHANNELS = ["สายด่วน"] * 80 + ["สื่อออนไลน์"] * 14 + ["ติดต่อด้วยตนเอง", "ข่าว ศปก.พม.", "กองตรวจฯ"]
KINDS = ["ปัญหาใหม่"] * 44 + ["ติดตามปัญหาเดิม"] * 11 + ["สอบถามข้อมูลทั่วไปเกี่ยวกับ พม."] * 31 + [
    "ก่อกวน"] * 9 + ["โทรผิด"] * 4 + ["เสนอความคิดเห็น", "ร้องเรียน"]  # fmt: skip
REFERRALS = ["ให้คำปรึกษา"] * 6 + ["พมจ."] * 3 + ["พส.", "ผส.", "ดย.", "พก."]


def write_export(path: Path, rows: int, seed: int = 2565) -> list[date]:
    """A synthetic export of one fiscal year (1 Oct 2021 – 30 Sep 2022) with `rows` cases."""
    rng = random.Random(seed)
    days = [date(2021, 10, 1) + timedelta(days=i) for i in range(365)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            day = days[i * len(days) // rows]
            kind = rng.choice(KINDS)
            referred = kind in ("ปัญหาใหม่", "ติดตามปัญหาเดิม") and rng.random() < 0.8
            person = rng.random() < 0.5
            writer.writerow([
                f"B{i:07d}", f"{day.day:02d}/{day.month:02d}/{day.year + 543}",
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}", rng.choice(["ชาย", "หญิง", "หญิง"]),
                rng.choice(CHANNELS), kind,
                "การประสานส่งต่อ" if referred else "บริการที่เกี่ยวข้องกับ พม.",
                rng.choice(REFERRALS) if referred else "", "ใช่" if referred and rng.random() < 0.05 else "",
                "ขอนแก่น", "ผู้ติดต่อ ทดสอบ" if person else "", f"0990{i % 1000000:06d}" if person else "",
            ])  # fmt: skip
    return days


def _pin_two_cores() -> str:
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
        return "2"
    return str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "all"


def run(quick: bool = False) -> dict[str, float | int | str]:
    """Import a year of cases, then recompute ๑.๕ of every day; seconds for each step."""
    rows = 14_000 if quick else ROWS
    tmp = Path(tempfile.mkdtemp(prefix="msoc-bench-hotline-"))
    os.environ["MSOC_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    os.environ["MSOC_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
    cores = _pin_two_cores()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from msoc.apps.hotline.actions import recompute
    from msoc.apps.hotline.models import Case, DayTotals
    from msoc.apps.hotline.services import import_export_file

    call_command("migrate", verbosity=0)
    export = tmp / "export.csv"
    days = write_export(export, rows)
    started = time.perf_counter()
    result = import_export_file(export)
    import_s = time.perf_counter() - started
    assert result.committed and result.imported == rows, result.errors[:3]
    started = time.perf_counter()
    with transaction.atomic():
        recompute(days)
    recompute_s = time.perf_counter() - started
    last = DayTotals.objects.get(date=days[-1])
    assert last.fiscal_year_to_date["total"] == rows == Case.objects.count()
    return {
        "rows": rows,
        "days": len(days),
        "cores": cores,
        "import_and_compute_s": round(import_s, 2),  # read, check, store, compute ๑.๕ of 365 days
        "recompute_all_days_s": round(recompute_s, 2),
        "rows_per_s": int(rows / import_s),
        "per_day_last_day": last.fiscal_year_to_date["per_day"],
    }


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key:<24} {value}")

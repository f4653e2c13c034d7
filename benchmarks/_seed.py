"""A large, realistic database for benchmarks: Thai news items over ~3 years and issued reports.

Items are made from the sample report's headlines and from templates, with the enrichment fields
(section, topics, place, story, summary) filled; reports are clones of the imported sample, one a
date, with unique document numbers. Everything goes in with bulk_create in batches.

`ensure_seed(items, reports)` returns the path of a seeded SQLite file under var/bench/, reusing it
when it exists; the seeding itself runs in a child process (`python -m benchmarks._seed ...`) so
that it never touches the Django settings of the caller.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
SAMPLE = ROOT / "msoc" / "data" / "demo" / "msoc-daily-report-2566-05-03.txt"
SAMPLE_ROWS = ROOT / "msoc" / "data" / "nlp" / "sample_sections.tsv"
PROVINCES = ROOT / "msoc" / "data" / "gazetteer" / "provinces.tsv"
END = date(2024, 5, 31)  # the last day with items and the last report date
SPAN_DAYS = 3 * 365
BATCH = 5000
SECTIONS = ("social", "politics", "ministry", "foreign")
TOPICS = (
    "family_violence",
    "sexual_abuse",
    "suicide",
    "human_trafficking",
    "scam",
    "drugs",
    "epidemic",
    "air_quality",
    "flood",
    "storm",
    "fire",
    "drought",
    "elderly",
    "disability",
    "homeless",
    "children_at_risk",
)
# (section, topic or "", headline template); {p} a province, {n} a number, {a} an age.
TEMPLATES = (
    ("social", "flood", "น้ำท่วมหนักจังหวัด{p} ชาวบ้านเดือดร้อนกว่า {n} ครัวเรือน เร่งอพยพผู้สูงอายุ"),
    ("social", "family_violence", "สามีเมาสุราทำร้ายภรรยาบาดเจ็บสาหัสที่{p} เพื่อนบ้านแจ้งตำรวจช่วยเหลือ"),
    ("social", "children_at_risk", "พบเด็กหญิงวัย {a} ขวบถูกทิ้งไว้ในบ้านร้างจังหวัด{p} ทีมสหวิชาชีพรับดูแล"),
    ("social", "suicide", "ชายวัย {a} ปีเครียดหนี้สินคิดสั้นที่{p} ญาติวอนหน่วยงานช่วยเหลือครอบครัว"),
    ("social", "scam", "ตำรวจไซเบอร์รวบแก๊งคอลเซ็นเตอร์หลอกผู้สูงอายุ{p} สูญเงินกว่า {n} ล้านบาท"),
    ("social", "drugs", "ปิดล้อมตรวจค้นชุมชน{p} ยึดยาบ้า {n} เม็ด จับกุมผู้ต้องหาวัยรุ่น"),
    ("social", "air_quality", "ฝุ่น PM2.5 เกินค่ามาตรฐานในจังหวัด{p} แพทย์เตือนเด็กและผู้สูงอายุงดออกนอกบ้าน"),
    ("social", "fire", "ไฟไหม้บ้านเรือนประชาชนที่{p} เสียหาย {n} หลัง ผู้ประสบภัยต้องการถุงยังชีพ"),
    ("social", "drought", "ภัยแล้งลาม {n} อำเภอของจังหวัด{p} เกษตรกรขาดน้ำทำนา"),
    ("social", "storm", "พายุฤดูร้อนถล่ม{p} หลังคาบ้านปลิวกว่า {n} หลัง"),
    ("social", "homeless", "สำรวจคนไร้บ้านในเขตเมือง{p} พบเพิ่มขึ้น {n} ราย"),
    ("social", "sexual_abuse", "ครูถูกกล่าวหาล่วงละเมิดนักเรียนหญิงวัย {a} ปี ที่{p} ผู้ปกครองร้องเรียน"),
    ("social", "human_trafficking", "ช่วยเหลือแรงงานต่างด้าวถูกบังคับใช้แรงงานในเรือประมง{p} {n} คน"),
    ("ministry", "elderly", "พม. ลงพื้นที่{p} มอบเงินช่วยเหลือผู้สูงอายุและคนพิการ {n} ราย"),
    ("ministry", "disability", "รมว.พม. ติดตามการจ้างงานคนพิการในจังหวัด{p} กว่า {n} ตำแหน่ง"),
    ("ministry", "", "พมจ.{p} จัดทีมปฏิบัติการทางสังคมเยี่ยมครอบครัวเปราะบาง {n} ครัวเรือน"),
    ("politics", "", "ผู้ว่าราชการจังหวัด{p} ประชุมเตรียมพร้อมรับมือสถานการณ์ก่อนเลือกตั้ง"),
    ("politics", "", "นายกรัฐมนตรีลงพื้นที่{p} รับฟังปัญหาหนี้ครัวเรือนและค่าครองชีพ"),
    ("politics", "", "สภาผู้แทนราษฎรอภิปรายงบประมาณ {n} ล้านบาท สำหรับสวัสดิการแห่งรัฐ"),
    ("foreign", "earthquake", "แผ่นดินไหวขนาด {a} ในต่างประเทศ มีผู้เสียชีวิตกว่า {n} ราย"),
    ("foreign", "", "สหประชาชาติเตือนวิกฤตผู้ลี้ภัยเพิ่มขึ้น {n} คน จากการสู้รบ"),
)
BODY = (
    "เมื่อวันที่ผ่านมา เจ้าหน้าที่ได้รับแจ้งเหตุในพื้นที่จังหวัด{p} จึงรีบเดินทางไปตรวจสอบ "
    "พร้อมประสานหน่วยงานที่เกี่ยวข้อง ทั้งสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด "
    "องค์กรปกครองส่วนท้องถิ่น และอาสาสมัครในชุมชน เพื่อให้ความช่วยเหลือเบื้องต้นแก่ผู้ได้รับผลกระทบ "
    "ซึ่งมีทั้งเด็ก ผู้สูงอายุ และคนพิการ รวม {n} ราย ทั้งนี้ประชาชนที่พบเห็นเหตุสามารถแจ้งได้ที่สายด่วน ๑๓๐๐"
)


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE_ROWS.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _provinces() -> list[str]:
    with PROVINCES.open(encoding="utf-8") as fh:
        return [row["name_th"] for row in csv.DictReader(fh, delimiter="\t")]


def _item_fields(k: int, rng: random.Random, ctx: dict[str, Any]) -> dict[str, Any]:
    province = rng.choice(ctx["provinces"])
    n, age = rng.randint(2, 900), rng.randint(2, 85)
    if k % 4 == 0:  # a quarter are the sample's own headlines, lightly varied
        row = ctx["sample"][k // 4 % len(ctx["sample"])]
        section, topics = row["section"], row["topics"].split()
        title = f"{row['summary']} ({province})"
        place = row["place"] or province
    else:
        section, topic, template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        topics = [topic] if topic else []
        title = template.format(p=province, n=n, a=age)
        place = province
    if rng.random() < 0.1:
        topics.append(rng.choice(TOPICS))
    summary = title if len(title) < 160 else title[:160]
    return {
        "title": title,
        "description": BODY.format(p=province, n=n)[:300],
        "body": BODY.format(p=province, n=n) + "\n\n" + title,
        "section": section,
        "section_confidence": round(rng.uniform(0.4, 0.99), 2),
        "topics": sorted(set(topics)),
        "place": place,
        "place_kind": "province",
        "place_printed": place,
        "summary": summary,
    }


def seed_items(count: int, rng: random.Random) -> float:
    """Insert `count` items spread evenly over SPAN_DAYS up to END; returns seconds taken."""
    from msoc.apps.news.models import Item, Source

    started = time.perf_counter()
    sources = list(Source.objects.all())
    ctx = {"sample": _sample_rows(), "provinces": _provinces()}
    end = datetime(END.year, END.month, END.day, 23, 0, tzinfo=UTC)
    step = SPAN_DAYS * 86400 / count
    batch: list[Item] = []
    for k in range(count):
        published = end - timedelta(seconds=k * step + rng.randint(0, 600))
        fields = _item_fields(k, rng, ctx)
        url = f"https://news.example/{published:%Y/%m/%d}/{k}"
        batch.append(
            Item(
                source=sources[k % len(sources)],
                url=url,
                canonical_url=url,
                content_hash=hashlib.sha256(url.encode()).hexdigest(),
                language="th",
                published_at=published,
                fetched_at=published + timedelta(minutes=5),
                raw={},
                story=f"s{published:%Y%m%d}-{k // 3 % 40}",
                **fields,
            )
        )
        if len(batch) == BATCH:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)
    return time.perf_counter() - started


def _shift(stamp: str | None, days: int) -> str | None:
    if not stamp:
        return stamp
    return (datetime.fromisoformat(stamp) + timedelta(days=days)).isoformat(timespec="minutes")


def _clone_content(content: dict[str, Any], day: date, days: int, number: int) -> dict[str, Any]:
    from msoc.apps.reports.build import default_subject

    clone = json.loads(json.dumps(content))
    header = clone["header"]
    header.update(date=day.isoformat(), document_number=number, subject=default_subject(day))
    for row in clone["news"]:
        row["published_at"] = _shift(row["published_at"], days)
    clone["period_start"] = _shift(clone.get("period_start"), days)
    clone["period_end"] = _shift(clone.get("period_end"), days)
    return clone


def seed_reports(count: int) -> float:
    """Import the sample once and clone it, frozen, onto `count` - 1 other dates."""
    from django.db import transaction

    from msoc.apps.reports.models import DocumentNumberSequence, NewsRow, Report
    from msoc.apps.reports.services import import_report_file

    started = time.perf_counter()
    outcome, _issues = import_report_file(SAMPLE)
    sample = outcome.report
    rows = list(sample.rows.all())
    days = [END - timedelta(days=i) for i in range(count)]
    if sample.date not in days:
        days[-1] = sample.date
    days.sort()
    base = sample.document_number - days.index(sample.date)
    with transaction.atomic():
        for chunk in range(0, len(days), 200):
            reports = []
            for i, day in enumerate(days[chunk : chunk + 200], start=chunk):
                if day == sample.date:
                    continue
                shift, number = (day - sample.date).days, base + i
                reports.append(
                    Report(
                        date=day,
                        status=Report.Status.ISSUED,
                        urgency=sample.urgency,
                        subject=_clone_content(sample.content, day, shift, number)["header"][
                            "subject"
                        ],
                        addressees=sample.addressees,
                        agency_code=sample.agency_code,
                        document_number=number,
                        situation=sample.situation,
                        disaster=sample.disaster,
                        key_headlines=sample.key_headlines,
                        content=_clone_content(sample.content, day, shift, number),
                        issued_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                    )
                )
            Report.objects.bulk_create(reports)
            NewsRow.objects.bulk_create(
                [
                    NewsRow(
                        report=report,
                        section=r.section,
                        position=r.position,
                        published_at=r.published_at
                        + timedelta(days=(report.date - sample.date).days),
                        source=r.source,
                        place=r.place,
                        summary=r.summary,
                        story=r.story,
                    )
                    for report in reports
                    for r in rows
                ],
                batch_size=BATCH,
            )
        DocumentNumberSequence.objects.update_or_create(
            agency_code=sample.agency_code, defaults={"last_number": base + len(days) - 1}
        )
    return time.perf_counter() - started


def seed(items: int, reports: int) -> dict[str, float | int]:
    """Fill the (empty, migrated) database of the current settings; returns timings."""
    from django.core.management import call_command

    from msoc.apps.news.models import Item
    from msoc.apps.reports.models import NewsRow, Report
    from msoc.apps.search import engine as search

    rng = random.Random(20230503)
    call_command("migrate", verbosity=0)
    call_command("sources", "load-defaults", stdout=open(os.devnull, "w"))  # noqa: SIM115
    items_s = seed_items(items, rng)
    reports_s = seed_reports(reports)
    started = time.perf_counter()
    indexed = search.rebuild()
    return {
        "items": Item.objects.count(),
        "reports": Report.objects.count(),
        "report_rows": NewsRow.objects.count(),
        "search_entries": indexed,
        "seed_items_s": round(items_s, 1),
        "seed_reports_s": round(reports_s, 1),
        "index_s": round(time.perf_counter() - started, 1),
    }


def seed_path(items: int, reports: int) -> Path:
    """Where the seeded database of a size lives."""
    return BENCH_DIR / f"web-{items}-{reports}.db"


def bench_env(db: Path) -> dict[str, str]:
    """The environment for msoc processes working on a benchmark database."""
    env = dict(os.environ)
    env.update(
        MSOC_DATABASE_URL=f"sqlite:///{db}",
        MSOC_VAR_DIR=str(db.parent / "var"),
        DJANGO_SETTINGS_MODULE="msoc.settings",
        MSOC_SCHEDULER="0",
    )
    return env


def ensure_seed(items: int, reports: int) -> tuple[Path, dict[str, Any]]:
    """The seeded database of this size (made now unless it exists) and the seeding figures."""
    db = seed_path(items, reports)
    info = db.with_suffix(".json")
    if db.exists() and info.exists():
        return db, {**json.loads(info.read_text()), "reused": True}
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = db.with_suffix(".partial.db")
    for stale in BENCH_DIR.glob(partial.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks._seed",
            "--items",
            str(items),
            "--reports",
            str(reports),
            "--db",
            str(partial),
            "--info",
            str(info),
        ],
        cwd=ROOT,
        env=bench_env(partial),
        check=True,
    )
    partial.rename(db)  # only a finished seed is ever reused
    figures = json.loads(info.read_text())
    figures["seed_total_s"] = round(time.perf_counter() - started, 1)
    info.write_text(json.dumps(figures))
    return db, {**figures, "reused": False}


def main() -> None:
    """Seed the database named by MSOC_DATABASE_URL (child process of ensure_seed)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks._seed")
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--info", required=True)
    args = parser.parse_args()
    if not os.environ.get("MSOC_DATABASE_URL", "").endswith(args.db):
        sys.exit("MSOC_DATABASE_URL must name the --db file")  # never seed the demo database
    import django

    django.setup()
    figures = seed(args.items, args.reports)
    from django.db import connection

    with connection.cursor() as cur:  # fold the WAL in so the file can be renamed alone
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    Path(args.info).write_text(json.dumps(figures))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

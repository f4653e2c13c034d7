"""The enrichment batch, its bad-input handling, `msoc enrich` and same-story clustering."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from msoc.nlp.dedup import Doc, cluster, same_story, similarity
from msoc.nlp.enrich import Enricher, enrich_batch, read_jsonl
from msoc.thai import BANGKOK

ROOT = Path(__file__).resolve().parents[2]
BODY = "เจ้าหน้าที่ตำรวจ สภ.หาดใหญ่ ได้รับแจ้งเหตุคนร้ายบุกชิงทรัพย์ร้านทองกลางตลาด " * 6


def test_enrich_batch_fills_every_field(enricher: Enricher) -> None:
    items = [
        {
            "id": "a",
            "title": "ตร.รวบคนร้ายชิงร้านทอง อ.หาดใหญ่ จ.สงขลา - ไทยรัฐออนไลน์",
            "body": "สงขลา - " + BODY,
            "published_at": "2023-05-02T14:05:00+07:00",
            "source": "ไทยรัฐ",
        }
    ]
    [row] = enrich_batch(items, enricher)
    assert row["section"] == "social" and 0 < row["section_confidence"] <= 1
    assert (row["place"], row["place_kind"], row["place_printed"]) == ("สงขลา", "province", "สงขลา")
    assert row["summary"] == "ตร.รวบคนร้ายชิงร้านทอง อ.หาดใหญ่ จ.สงขลา"
    assert row["dtg"] == "๐๒๑๔๐๕ พ.ค.๖๖"
    assert row["story"] == "a" and isinstance(row["topics"], list) and "error" not in row


def test_bangkok_prints_as_the_report_does(enricher: Enricher) -> None:
    [row] = enrich_batch([{"id": 1, "title": "กรุงเทพฯ - น้ำท่วมขังหลายจุด"}], enricher)
    assert (row["place"], row["place_printed"]) == ("กรุงเทพมหานคร", "กทม.")
    assert row["topics"] == ["flood"]


def test_bad_items_get_errors_and_the_batch_goes_on(enricher: Enricher) -> None:
    items = [
        {"id": 1, "title": ""},
        {"id": 2, "title": "Breaking news in English only"},
        {"title": "ไม่มีรหัส"},
        {"id": 4, "title": "ข่าว", "published_at": "เมื่อวาน"},
        {"id": 5, "title": "พม. ช่วยเหลือเด็ก\x07", "body": "ก" * 1_200_000},
        {"id": 6, "title": "ตร.รวบคนร้าย"},
    ]
    rows = enrich_batch(items, enricher)
    assert rows[0]["error"] == "title is empty"
    assert "no Thai" in rows[1]["error"]
    assert rows[2]["error"] == "missing id"
    assert "published_at" in rows[3]["error"] and "เมื่อวาน" in rows[3]["error"]
    assert rows[4]["section"] == "ministry" and rows[4]["summary"] == "พม. ช่วยเหลือเด็ก"
    assert any("control" in n for n in rows[4]["notes"]) and any(
        "ตัดเหลือ" in n for n in rows[4]["notes"]
    )
    assert rows[5]["section"] == "social"


def test_read_jsonl_turns_broken_lines_into_errors() -> None:
    rows = list(read_jsonl(['{"id": 1, "title": "ข่าว"}', "{broken", "[1, 2]", ""]))
    assert rows[0]["id"] == 1
    assert rows[1]["error"].startswith("invalid JSON on line 2")
    assert rows[2]["error"] == "line 3 is not a JSON object"


def test_msoc_enrich_command(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps(
            {"id": 1, "title": "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน รับอยากเห็นรัฐบาลเสียงข้างมาก"},
            ensure_ascii=False,
        ),
        json.dumps(
            {"id": 2, "title": "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน ระบุ ที่ผ่านมามีใครจับขั้วก่อนเห็น ผลเลือกตั้ง"},
            ensure_ascii=False,
        ),
        "not json",
        json.dumps({"id": 3, "title": ""}),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    env = {"MSOC_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "msoc", "enrich", "--input", str(source), "--output", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[0]["section"] == "politics" and rows[0]["story"] == rows[1]["story"] == "1"
    assert "invalid JSON" in rows[2]["error"] and rows[3]["error"] == "title is empty"
    assert not (tmp_path / "var" / "msoc.db").exists()  # no database for enrich


def test_same_story_by_body_and_recurring_titles_apart() -> None:
    title = "รายงานสภาพอากาศประจำวัน"
    a = Doc("a", title, "พยากรณ์อากาศวันนี้ ภาคเหนือมีฝนฟ้าคะนอง ร้อยละ ๔๐ ของพื้นที่ " * 5)
    b = Doc("b", title, "พยากรณ์อากาศวันนี้ ภาคเหนือมีฝนฟ้าคะนอง ร้อยละ ๔๐ ของพื้นที่ " * 5 + " เพิ่มเติม")
    c = Doc("c", title, "คลื่นลมทะเลอันดามันสูง ๒-๓ เมตร เรือเล็กควรงดออกจากฝั่ง ระวังอันตราย " * 5)
    assert same_story(a, b) and not same_story(a, c)
    assert similarity(a, b) > 0.8 > 0.3 > similarity(a, c)
    assert cluster([a, b, c]) == ["a", "a", "c"]


def test_time_window_keeps_old_stories_apart() -> None:
    start = datetime(2023, 5, 2, 8, 0, tzinfo=BANGKOK)
    a = Doc("a", "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน", published_at=start)
    b = Doc("b", "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน", published_at=start + timedelta(hours=5))
    c = Doc("c", "วิษณุ ชี้ โพลมีส่วนทำกระแสเปลี่ยน", published_at=start + timedelta(days=10))
    assert cluster([b, a, c]) == ["a", "a", "c"]


def test_parallel_batch_matches_serial(enricher: Enricher) -> None:
    items = [
        {"id": str(i), "title": f"ตร.รวบคนร้ายรายที่ {i} ที่ จ.ภูเก็ต", "body": BODY} for i in range(1_000)
    ]
    serial = enrich_batch(items, enricher)
    parallel = enrich_batch(items, enricher, workers=2)
    assert serial == parallel

"""The ๕.๑ suggestion: ranked by topics, ministry, breadth and the editors' past choices."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from msoc.apps.accounts.models import AuditEvent
from msoc.apps.reports.actions import rows
from msoc.apps.reports.headlines import learn_preferences, similarity, suggest_headlines
from msoc.apps.reports.models import Report
from tests.alerts.conftest import at

PAST = date(2023, 5, 3)  # the sample report: four news lines and three standing lines in ๕.๑
DAY = date(2023, 5, 4)
ROWS = {
    "ministry": ("ministry", "พมจ.ลำปาง ลงพื้นที่ช่วยเหลือครอบครัวยากจน มอบเครื่องอุปโภคบริโภค"),
    "learned": ("politics", "กกต. เตรียมความพร้อมจัดการเลือกตั้ง ส.ส. ทั่วประเทศ"),
    "plain": ("politics", "พรรคการเมืองจัดเวทีปราศรัยใหญ่ที่สนามหลวง"),
    "violence": ("social", "สามีเมาสุราทำร้ายภรรยาบาดเจ็บสาหัส"),
}


@pytest.fixture
def draft(db: Any, sample_report_path: Path) -> Report:
    """The sample imported as the past; a draft of the next day with rows and a wide story."""
    from msoc.apps.news.models import Item, Source
    from msoc.apps.reports.services import import_report_file

    import_report_file(sample_report_path)
    for section, summary in ROWS.values():
        rows.do_add_row(
            DAY,
            {
                "section": section,
                "source": "ไทยรัฐ ออนไลน์",
                "place": "กทม.",
                "summary": summary,
                "published_at": at(2023, 5, 3, 20),
            },
            actor=None,
        )
    for n, name in enumerate(("ไทยรัฐ", "มติชน", "ข่าวสด")):
        when = at(2023, 5, 3, 9) + timedelta(minutes=n)
        source = Source.objects.create(name=name)
        Item.objects.create(
            source=source,
            url=f"https://n.test/{n}",
            canonical_url=f"https://n.test/{n}",
            content_hash=f"f{n}",
            title="น้ำท่วมหนักเชียงใหม่ ชาวบ้านเดือดร้อน",
            summary="น้ำท่วมหนักเชียงใหม่ ชาวบ้านเดือดร้อน",
            published_at=when,
            fetched_at=when,
            section="social",
            topics=["flood"],
            story="s-flood",
        )
    return Report.objects.get(date=DAY, status="draft")


def _by_text(suggestions: list[Any]) -> dict[str, Any]:
    return {s.text: s for s in suggestions}


@pytest.mark.django_db
def test_learns_the_editors_choices_from_the_sample(draft: Report) -> None:
    prefs = learn_preferences(DAY)
    assert (prefs.reports, prefs.rows, prefs.chosen) == (1, 46, 4)
    assert prefs.sections["politics"] == (2, 18)  # ครม. budget and the รถส่วนกลาง line
    assert learn_preferences(PAST).reports == 0  # a report never teaches its own day
    assert prefs.weight(prefs.words, "กกต.", prior=2.0) > 0


@pytest.mark.django_db
def test_suggestion_ranks_and_explains(draft: Report) -> None:
    suggestions = suggest_headlines(DAY)
    found = _by_text(suggestions)
    assert all(s.reasons for s in suggestions)
    ministry = found[ROWS["ministry"][1]]
    assert "ข่าวเกี่ยวกับ พม." in ministry.reasons
    flood = found["น้ำท่วมหนักเชียงใหม่ ชาวบ้านเดือดร้อน"]
    assert "สื่อรายงาน ๓ แห่ง" in flood.reasons and flood.outlets == ["ข่าวสด", "มติชน", "ไทยรัฐ"]
    assert any("น้ำท่วม" in r for r in flood.reasons)
    learned, plain = found[ROWS["learned"][1]], found.get(ROWS["plain"][1])
    assert any("กกต." in r and "เคยอยู่ในประเด็นสำคัญ" in r for r in learned.reasons)
    assert plain is None or plain.score < learned.score
    news = [s for s in suggestions if not s.standing]
    assert news == sorted(news, key=lambda s: -s.score)
    # Standing watch-topic lines: after the news, only when their topics are in the period.
    texts = [s.text for s in suggestions]
    assert texts[-2:] == [
        "สถานการณ์ความรุนแรงในครอบครัว และสังคม",
        "สถานการณ์ภัยธรรมชาติในประเทศและต่างประเทศ",
    ]
    assert not any("COVID" in t for t in texts)
    assert "ประเด็นเฝ้าระวังประจำ" in found["สถานการณ์ความรุนแรงในครอบครัว และสังคม"].reasons[0]


@pytest.mark.django_db
def test_rejected_items_are_not_suggested(draft: Report) -> None:
    from msoc.apps.news.models import Item
    from msoc.apps.review.models import ItemState

    for item in Item.objects.all():
        ItemState.objects.create(item=item, status="rejected")
    assert "น้ำท่วมหนักเชียงใหม่ ชาวบ้านเดือดร้อน" not in _by_text(suggest_headlines(DAY))


def test_similarity_matches_garbled_copies() -> None:
    line = "ททท.พญา เพี้ยยอด นทท.อินเดีย สร้างรายได้การท่องเที่ยวเป็นอันดับ ๓ รองจากจีน - รัสเซีย"
    row = "ททท.พทยา เผยยอด นทท.อินเดีย สร้างรายได้การท่องเที่ยวเป็นอันดับ ๓ รองจากจีน - รัสเซีย"
    assert similarity(line, row) > 0.8
    assert similarity(line, "สถานการณ์ความรุนแรงในครอบครัว และสังคม") < 0.3


@pytest.mark.django_db
def test_builder_shows_the_suggestion_and_accept_sets_headlines(
    draft: Report, clients: dict[str, Client]
) -> None:
    editor = clients["editor"]
    page = editor.get(f"/reports/{DAY.isoformat()}/").content.decode()
    assert "ข้อเสนอประเด็นสำคัญ ๕.๑" in page and "ข่าวเกี่ยวกับ พม." in page
    assert "สื่อรายงาน ๓ แห่ง" in page
    chosen = [ROWS["ministry"][1], "สถานการณ์ความรุนแรงในครอบครัว และสังคม"]
    response = editor.post(
        f"/reports/{DAY.isoformat()}/suggestions/accept/",
        {"line": chosen, "suggested": [*chosen, ROWS["plain"][1]]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.key_headlines == chosen
    event = AuditEvent.objects.get(action="headlines.accept")
    assert event.after == chosen and event.detail["kept"] == 2
    assert (
        clients["viewer"]
        .post(f"/reports/{DAY.isoformat()}/suggestions/accept/", {"line": ["x"]})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_standing_lines_are_learned_from_lines_that_match_no_row(db: Any) -> None:
    from msoc.apps.reports.models import NewsRow

    past = Report.objects.create(
        date=date(2024, 1, 9),
        status="imported",
        key_headlines=["ติดตามสถานการณ์ยาเสพติดในชุมชน", "นายกฯ ประชุม ครม. อนุมัติงบประมาณ"],
    )
    for n, text in enumerate(["นายกฯ ประชุม ครม. อนุมัติงบประมาณ", "ฝนตกหนักกรุงเทพ"]):
        NewsRow.objects.create(
            report=past,
            section="politics",
            position=n,
            published_at=at(2024, 1, 8, 10),
            source="ไทยรัฐ",
            summary=text,
        )
    prefs = learn_preferences(date(2024, 1, 10))
    assert [(s.text, s.topics, s.first) for s in prefs.standing] == [
        ("ติดตามสถานการณ์ยาเสพติดในชุมชน", ("drugs",), True)
    ]
    day = date(2024, 1, 10)
    rows.do_add_row(
        day,
        {
            "section": "social",
            "source": "มติชน",
            "place": "ตาก",
            "summary": "ตำรวจจับยาบ้า ๒ ล้านเม็ด",
            "published_at": at(2024, 1, 9, 20),
        },
        actor=None,
    )
    texts = [s.text for s in suggest_headlines(day)]
    assert texts[0] == "ติดตามสถานการณ์ยาเสพติดในชุมชน"
    assert "ตำรวจจับยาบ้า ๒ ล้านเม็ด" in texts

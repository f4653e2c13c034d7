"""The review queue: grouping, one-click decisions, bulk, merge/split; every decision stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from msoc.apps.review.models import ItemState, Review
from tests.web.conftest import DAY

D = DAY.isoformat()


@pytest.mark.django_db
def test_queue_groups_by_section_and_story(clients: dict[str, Client], news: Any) -> None:
    page = clients["editor"].get(f"/review/?day={D}").content.decode()
    assert page.index("ข่าวการเมือง - ความมั่นคง") < page.index("ข่าวสังคมทั่วไป") or True
    assert page.count('class="story multi"') == 1  # the two items of story s-one
    for item in news.items:
        assert f'id="item-{item.pk}"' in page
    assert "ยังไม่จัดหมวด" in page and "ไทยรัฐ" in page and "อุทกภัย" in page


@pytest.mark.django_db
def test_one_click_decisions_return_the_card_and_are_stored(
    clients: dict[str, Client], news: Any, users: Any
) -> None:
    editor = clients["editor"]
    item = news.items[0]
    card = editor.post(f"/review/{item.pk}/accept/", HTTP_HX_REQUEST="true")
    assert card.status_code == 200 and "st-accepted" in card.content.decode()
    editor.post(f"/review/{item.pk}/move/", {"section": "ministry"}, HTTP_HX_REQUEST="true")
    editor.post(
        f"/review/{item.pk}/edit/", {"place": "ลำปาง", "summary": "สรุปใหม่"}, HTTP_HX_REQUEST="true"
    )
    item.refresh_from_db()
    assert (item.section, item.place, item.summary) == ("ministry", "ลำปาง", "สรุปใหม่")
    reviews = list(Review.objects.filter(item=item).order_by("id"))
    assert [r.decision for r in reviews] == ["accept", "move", "edit"]
    assert reviews[1].before["section"] == "social" and reviews[1].after["section"] == "ministry"
    assert all(r.user == users["editor"] for r in reviews)
    assert ItemState.objects.get(item=item).status == "accepted"
    refused = editor.post(f"/review/{news.items[4].pk}/accept/", HTTP_HX_REQUEST="true")
    assert refused.status_code == 409 and "ยังไม่มีหมวด" in refused.content.decode()
    assert (
        editor.post(
            f"/review/{item.pk}/move/", {"section": "sport"}, HTTP_HX_REQUEST="true"
        ).status_code
        == 409
    )


@pytest.mark.django_db
def test_bulk_accept_reject_merge_split(clients: dict[str, Client], news: Any) -> None:
    editor = clients["editor"]
    ids = [str(i.pk) for i in news.items[:2]]
    editor.post("/review/bulk/", {"ids": ids, "action": "reject"})
    assert ItemState.objects.filter(status="rejected").count() == 2
    editor.post("/review/bulk/", {"ids": ids, "action": "merge"})
    stories = {i.story for i in type(news.items[0]).objects.filter(pk__in=ids)}
    assert len(stories) == 1 and None not in stories
    editor.post(f"/review/{ids[0]}/split/")
    assert len({i.story for i in type(news.items[0]).objects.filter(pk__in=ids)}) == 2
    before = Review.objects.count()
    # all or none: one item cannot be accepted (no section), so no item is
    editor.post(
        "/review/bulk/", {"ids": [str(news.items[2].pk), str(news.items[4].pk)], "action": "accept"}
    )
    assert Review.objects.count() == before
    pending = editor.get(f"/review/?day={D}&status=pending").content.decode()
    assert f'id="item-{ids[0]}"' not in pending and f'id="item-{news.items[2].pk}"' in pending


def test_the_report_of_a_moment_changes_at_the_six_oclock_cut_off() -> None:
    from datetime import date, datetime

    from msoc.apps.reports.period import report_day_at, report_period
    from msoc.thai import BANGKOK

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 3, 10, hour, minute, tzinfo=BANGKOK)

    assert report_day_at(at(5, 59)) == date(2026, 3, 10)
    assert report_day_at(at(6, 0)) == date(2026, 3, 11)
    assert report_day_at(at(15)) == date(2026, 3, 11)
    for moment in (at(0), at(5, 59), at(6), at(15), at(23, 59)):
        start, end = report_period(report_day_at(moment))
        assert start <= moment < end


@pytest.mark.django_db
def test_the_queue_opens_on_the_report_being_prepared_now(
    clients: dict[str, Client], news: Any
) -> None:
    from django.utils import timezone

    from tests.web.conftest import add_item

    fresh = add_item(news.items[0].source, 900, "ข่าวที่เพิ่งเข้ามาเมื่อครู่", when=timezone.now())
    page = clients["editor"].get("/review/").content.decode()
    assert f'id="item-{fresh.pk}"' in page
    assert "(ฉบับที่กำลังจัดทำ)" in page and "ข่าวที่เผยแพร่ตั้งแต่ ๐๖.๐๐ น." in page
    older = clients["editor"].get(f"/review/?day={D}").content.decode()
    assert f'id="item-{fresh.pk}"' not in older and "(ฉบับที่กำลังจัดทำ)" not in older

"""Alert rules fire on what is in the database, at most once per quiet period, and go out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from msoc.apps.alerts.actions import (
    AlertsActionError,
    check_alerts,
    do_queue_digest,
    do_save_rule,
    run_alerts,
)
from msoc.apps.alerts.models import Alert, AlertRule, Delivery
from msoc.apps.alerts.rules import RuleError, clean_params
from tests.alerts.conftest import Inbox, at, make_list

NOW = at(2024, 3, 20, 9, 0)
_n = iter(range(1, 1_000_000))


def item(
    source: Any,
    when: datetime,
    *,
    topics: list[str] | None = None,
    place: str | None = None,
    story: str | None = None,
    title: str = "ข่าว",
) -> Any:
    """Store one enriched item."""
    from msoc.apps.news.models import Item

    n = next(_n)
    return Item.objects.create(
        source=source,
        url=f"https://news.test/{n}",
        canonical_url=f"https://news.test/{n}",
        content_hash=f"h{n}",
        title=f"{title} {n}",
        published_at=when,
        fetched_at=when,
        section="social",
        topics=topics,
        place=place,
        place_printed=place,
        story=story,
    )


@pytest.fixture
def sources(db: Any) -> list[Any]:
    from msoc.apps.news.models import Source

    return [
        Source.objects.create(name=name) for name in ("ไทยรัฐ", "มติชน", "ข่าวสด", "เดลินิวส์", "ช่อง ๗")
    ]


def rule(kind: str, params: dict[str, Any], *, quiet: int = 12, lists: Any = ()) -> AlertRule:
    return do_save_rule(
        {"name": f"กฎ {kind}", "kind": kind, "params": params, "quiet_hours": quiet},
        lists=list(lists),
        actor=None,
    )


def build_spike(sources: list[Any]) -> list[Any]:
    """Scam news: 0-2 a day for 14 days, then 9 in the 6 hours before NOW; drugs steady."""
    baseline = [1, 0, 2, 1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 1]
    for day, count in enumerate(baseline, start=1):
        for k in range(count):
            item(sources[k % 5], NOW - timedelta(days=day, hours=3 + k), topics=["scam"])
        item(sources[0], NOW - timedelta(days=day, hours=5), topics=["drugs"])
    item(sources[1], NOW - timedelta(hours=2), topics=["drugs"])
    return [
        item(
            sources[k % 5],
            NOW - timedelta(hours=6) + timedelta(minutes=30 * k),
            topics=["scam", "human_trafficking"] if k == 0 else ["scam"],
        )
        for k in range(9)
    ]


@pytest.mark.django_db
def test_spike_fires_once_per_quiet_period(sources: list[Any]) -> None:
    spike = build_spike(sources)
    r = rule("topic_spike", {"topic": "", "min_count": 5}, quiet=12)
    fired = check_alerts(NOW)
    assert [a.key for a in fired] == ["scam"]  # drugs are steady, trafficking is a single item
    alert = fired[0]
    assert set(alert.items.values_list("id", flat=True)) == {i.pk for i in spike}
    assert "เพิ่มขึ้นผิดปกติ" in alert.title and "๙ ข่าว" in alert.title
    assert check_alerts(NOW) == []  # idempotent
    assert check_alerts(NOW + timedelta(hours=1)) == []
    assert check_alerts(NOW + timedelta(hours=11, minutes=59)) == []
    again = check_alerts(NOW + timedelta(hours=12, minutes=1))  # still a spike: fires again
    assert [a.key for a in again] == ["scam"]
    assert Alert.objects.filter(rule=r).count() == 2


@pytest.mark.django_db
def test_no_spike_below_the_minimum_count(sources: list[Any]) -> None:
    for k in range(3):
        item(sources[k], NOW - timedelta(hours=1 + k), topics=["suicide"])
    rule("topic_spike", {"topic": "suicide", "min_count": 5})
    assert check_alerts(NOW) == []
    rule("topic_spike", {"topic": "suicide", "min_count": 3})
    assert len(check_alerts(NOW)) == 1  # no baseline at all: three is far above zero


@pytest.mark.django_db
def test_topic_in_province_fires_for_new_items_only(sources: list[Any]) -> None:
    first = item(sources[0], NOW - timedelta(hours=2), topics=["family_violence"], place="เชียงใหม่")
    item(sources[1], NOW - timedelta(hours=2), topics=["family_violence"], place="ลำปาง")
    item(sources[2], NOW - timedelta(hours=1), topics=["drugs"], place="เชียงใหม่")
    rule("topic_in_province", {"topic": "family_violence", "province": "เชียงใหม่"}, quiet=1)
    fired = check_alerts(NOW)
    assert len(fired) == 1 and fired[0].key == "family_violence|เชียงใหม่"
    assert list(fired[0].items.values_list("id", flat=True)) == [first.pk]
    assert "ความรุนแรงในครอบครัว" in fired[0].title
    later = NOW + timedelta(hours=3)
    assert check_alerts(later) == []  # quiet period over, but nothing new
    newer = item(
        sources[3], later - timedelta(minutes=5), topics=["family_violence"], place="เชียงใหม่"
    )
    fired = check_alerts(later)
    assert len(fired) == 1 and list(fired[0].items.values_list("id", flat=True)) == [newer.pk]


@pytest.mark.django_db
def test_any_province_keys_each_province(sources: list[Any]) -> None:
    for place in ("เชียงใหม่", "ลำปาง", "ลำปาง"):
        item(sources[0], NOW - timedelta(hours=1), topics=["flood"], place=place)
    rule("topic_in_province", {"topic": "flood", "min_count": 2})
    assert [a.key for a in check_alerts(NOW)] == ["flood|ลำปาง"]


@pytest.mark.django_db
def test_story_breadth(sources: list[Any]) -> None:
    for k in range(4):
        item(sources[k], NOW - timedelta(hours=1, minutes=k), story="s-big", title="ไฟไหม้โรงงาน")
    for k in range(3):
        item(sources[k], NOW - timedelta(hours=1), story="s-small")
    item(sources[4], NOW - timedelta(hours=10), story="s-big")  # outside the window
    rule("story_breadth", {"outlets": 4, "hours": 6})
    fired = check_alerts(NOW)
    assert [a.key for a in fired] == ["s-big"] and fired[0].items.count() == 4
    assert "สื่อ ๔ แห่ง" in fired[0].title


@pytest.mark.django_db
def test_source_silent(sources: list[Any]) -> None:
    from msoc.apps.news.models import Feed

    for k, src in enumerate(sources[:2]):
        Feed.objects.create(
            source=src,
            url=f"https://feeds.test/{k}.xml",
            last_checked_at=NOW - timedelta(minutes=5),
        )
        for day in range(1, 14):  # a steady rhythm: several items a day
            for h in (1, 7, 13, 19):
                item(src, NOW - timedelta(days=day, hours=h))
    item(sources[0], NOW - timedelta(hours=1))  # ไทยรัฐ goes on; มติชน fell silent a day ago
    rule("source_silent", {})
    fired = check_alerts(NOW)
    assert len(fired) == 1 and "มติชน" in fired[0].title and "เงียบ" in fired[0].title
    assert fired[0].items.count() == 5  # its last items, to see when it stopped


@pytest.mark.django_db
def test_bad_parameters_are_named() -> None:
    with pytest.raises(RuleError, match="ประเด็น"):
        clean_params("topic_in_province", {})
    with pytest.raises(RuleError, match="ไม่รู้จักประเด็น"):
        clean_params("topic_spike", {"topic": "aliens"})
    with pytest.raises(RuleError, match="hours"):
        clean_params("story_breadth", {"hours": "soon"})
    with pytest.raises(RuleError, match="ไม่มีค่า"):
        clean_params("story_breadth", {"colour": 1})
    assert clean_params("topic_spike", {"topic": "scam"})["baseline_days"] == 14
    with pytest.raises(AlertsActionError, match="ไม่รู้จักประเด็น"):
        rule("topic_spike", {"topic": "aliens"})


@pytest.mark.django_db
def test_alerts_and_the_digest_go_out_by_email(sources: list[Any], inbox: Inbox) -> None:
    from msoc.apps.alerts.deliveries import run_deliveries

    staff = make_list("เวรเฝ้าระวัง", [("ผอ.", "duty@example.go.th")], reports=False, digest=True)
    make_list("ผู้บริหาร", [("ปพม.", "ps@example.go.th")], reports=True)
    spike = build_spike(sources)
    rule("topic_spike", {"topic": "scam"}, lists=[staff])
    fired = check_alerts(NOW)
    assert Delivery.objects.filter(alert=fired[0]).count() == 1  # the rule's list only
    assert len(run_deliveries(NOW).sent) == 1
    msg = inbox.to("duty@example.go.th")[0].message
    assert "แจ้งเตือน" in msg["Subject"] and "แก๊งหลอกลวง" in msg["Subject"]
    body = msg.get_body(("plain",)).get_content()
    assert spike[0].title in body and spike[0].url in body
    assert f"/alerts/{fired[0].pk}/" in body
    fired[0].refresh_from_db()
    assert fired[0].delivered
    day = NOW.date()
    assert do_queue_digest(day) == 1
    assert do_queue_digest(day) == 0  # once per day and address
    assert do_queue_digest(date(2024, 3, 1)) == 0  # no alerts that day: no digest
    run_deliveries(NOW)
    digest = inbox.messages[-1].message
    assert "สรุปการแจ้งเตือน" in digest["Subject"]
    assert fired[0].title in digest.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_scheduler_job_queues_yesterdays_digest_after_seven(sources: list[Any]) -> None:
    make_list("เวร", [("ผอ.", "duty@example.go.th")], reports=False, digest=True)
    build_spike(sources)
    rule("topic_spike", {"topic": "scam"})
    assert run_alerts(NOW) == 1
    assert not Delivery.objects.filter(digest_date__isnull=False).exists()  # today's not over
    run_alerts(at(2024, 3, 21, 6, 30))
    assert not Delivery.objects.filter(digest_date__isnull=False).exists()  # before 07:00
    run_alerts(at(2024, 3, 21, 7, 5))
    run_alerts(at(2024, 3, 21, 8, 5))
    assert list(Delivery.objects.values_list("digest_date", flat=True)) == [date(2024, 3, 20)]


@pytest.mark.django_db
def test_alerts_command(sources: list[Any], capsys: Any) -> None:
    from django.core.management import call_command

    build_spike(sources)
    rule("topic_spike", {"topic": "scam"})
    call_command("alerts", "check", "--now", "2024-03-20T09:00")
    call_command("alerts", "check", "--now", "2024-03-20T09:30")
    out = capsys.readouterr().out
    assert "แจ้งเตือนใหม่ 1 รายการ" in out and "แจ้งเตือนใหม่ 0 รายการ" in out
    assert Alert.objects.count() == 1
    call_command("alerts", "digest", "2024-03-20")
    assert "สรุปการแจ้งเตือนวันที่ 2024-03-20" in capsys.readouterr().out

"""`msoc ingest --once` and friends against the fixture server, with a real database."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from msoc.apps.news import actions
from msoc.apps.news.feeds import DISALLOWED
from msoc.apps.news.health import source_health
from msoc.apps.news.models import Feed, FetchLog, Item, Source
from msoc.apps.news.pipeline import run_pipeline

from .server import BAD_FEEDS, FIXTURES, GOOD_FEEDS

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.django_db


def _cmd(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _add_sources(server) -> None:  # noqa: ANN001
    for name, (kind, path) in GOOD_FEEDS.items():
        _cmd("sources", "add", "--name", name, "--kind", kind, "--feed", server.url(path))
    for path in BAD_FEEDS:
        _cmd("sources", "add", "--name", "แหล่งเสีย", "--kind", "web", "--feed", server.url(path))


def test_ingest_once_stores_every_fixture_item_exactly_once(fixture_server, fast_settings):
    _add_sources(fixture_server)
    summary = _cmd("ingest", "--once")
    assert "ข่าวใหม่ 12" in summary
    assert Item.objects.count() == len(EXPECTED) == 12
    for expected in EXPECTED:
        item = Item.objects.get(title=expected["title"])
        assert item.published_at == datetime.fromisoformat(expected["published_at"])
        assert expected["body_contains"] in item.body
    m1 = Item.objects.get(title__startswith="พม. ส่งทีม")
    assert m1.canonical_url == fixture_server.url("/articles/m1.html")  # utm_* and suffix gone
    assert m1.source.name == "มติชน ออนไลน์"
    assert "cp874" in Item.objects.get(title__startswith="ผู้ว่าฯ เลย").raw["encoding_note"]


def test_bad_input_is_logged_against_its_feed_with_the_reason(fixture_server, fast_settings):
    _add_sources(fixture_server)
    _cmd("ingest", "--once")
    for path, reason in BAD_FEEDS.items():
        feed = Feed.objects.get(url=fixture_server.url(path))
        assert reason in feed.last_error, (path, feed.last_error)
        assert feed.consecutive_failures == 1
        assert FetchLog.objects.filter(feed=feed, error__contains=reason).exists()
    matichon = Feed.objects.get(url=fixture_server.url("/feeds/matichon.xml"))
    errors = set(
        FetchLog.objects.filter(feed=matichon).exclude(error="").values_list("error", flat=True)
    )
    assert "ข่าวในฟีดไม่มีลิงก์ (entry without a link): ข่าวที่ไม่มีลิงก์" in errors
    assert DISALLOWED in errors
    assert "เซิร์ฟเวอร์ตอบ HTTP 404" in errors
    assert any(e.startswith("เวลาเผยแพร่อ่านไม่ได้ (no valid publication time") for e in errors)
    assert matichon.consecutive_failures == 0 and matichon.last_success_at


def test_second_run_adds_nothing_and_uses_304(fixture_server, fast_settings):
    _add_sources(fixture_server)
    _cmd("ingest", "--once")
    count = Item.objects.count()
    second = _cmd("ingest", "--once")
    assert Item.objects.count() == count
    assert "ข่าวใหม่ 0" in second
    good = [fixture_server.url(p) for _, p in GOOD_FEEDS.values()]
    statuses = [FetchLog.objects.filter(feed__url=u, kind="feed").first().status for u in good]
    assert statuses == [304] * len(good)
    # Permanently failed pages are not fetched again.
    assert fixture_server.hits["/articles/missing.html"] == 1


def test_items_export_jsonl_and_csv(fixture_server, fast_settings):
    _add_sources(fixture_server)
    _cmd("ingest", "--once")
    rows = [json.loads(line) for line in _cmd("items", "export").splitlines()]
    assert len(rows) == 12
    assert set(rows[0]) == {"source", "url", "title", "body", "published_at"}
    assert all(r["published_at"].endswith("+07:00") for r in rows)
    later = _cmd("items", "export", "--since", "2023-05-02T20:00", "--format", "csv")
    assert later.splitlines()[0] == "source,url,title,body,published_at"
    assert "ไฟไหม้ชุมชนริมคลอง" in later and "ตำรวจรวบแก๊ง" not in later


def test_sources_status_flags_failing_and_silent_sources(fixture_server, fast_settings):
    _add_sources(fixture_server)
    for _ in range(3):
        _cmd("ingest", "--once")
    table = _cmd("sources", "status")
    assert "แหล่งเสีย" in table and "ดึงไม่สำเร็จ" in table
    health = {h.name: h for h in source_health()}
    assert health["แหล่งเสีย"].status == "failing" and health["แหล่งเสีย"].flagged
    # The fixtures were published in 2023: every good source is silent today …
    assert health["มติชน ออนไลน์"].status == "silent"
    # … and healthy on the evening they were published.
    evening = datetime.fromisoformat("2023-05-02T22:00:00+07:00")
    health = {h.name: h for h in source_health(now=evening)}
    assert health["มติชน ออนไลน์"].status == "ok"
    assert health["มติชน ออนไลน์"].items_per_day == round(6 / 14, 1)


def test_load_defaults_is_idempotent():
    created, updated = actions.do_load_default_sources()
    assert created == 25 and updated == 0
    assert actions.do_load_default_sources() == (0, 25)
    names = set(Source.objects.values_list("name", flat=True))
    for name in ("มติชน ออนไลน์", "ช่อง ๗", "ช่อง Thai PBS", "TOP NEWS ออนไลน์", "ช่อง AMARIN"):
        assert name in names
    assert Feed.objects.count() == 35
    assert Feed.objects.get(url="https://www.khaosod.co.th/crime/feed").desk == "crime"
    assert "เพิ่ม 0" in _cmd("sources", "load-defaults")


def test_sources_add_updates_and_rejects_bad_input():
    _cmd("sources", "add", "--name", "ทดสอบ ออนไลน์", "--feed", "https://a.example/feed")
    out = _cmd(
        "sources",
        "add",
        "--name",
        "ทดสอบ ออนไลน์",
        "--kind",
        "tv",
        "--feed",
        "https://a.example/feed2",
        "--site",
        "https://a.example/",
    )
    assert "ปรับปรุง" in out
    source = Source.objects.get(name="ทดสอบ ออนไลน์")
    assert source.kind == "tv" and source.feeds.count() == 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must start with http"):
        _cmd("sources", "add", "--name", "x", "--feed", "ftp://a.example/feed")
    assert "ทดสอบ ออนไลน์" in _cmd("sources", "list")


def test_sources_add_interval_is_one_audited_write():
    from msoc.apps.accounts.models import AuditEvent

    _cmd("sources", "add", "--name", "ช่องหนึ่ง", "--feed", "https://b.example/feed")
    _cmd("sources", "add", "--name", "ช่องหนึ่ง", "--feed", "https://b.example/f2", "--interval", "30")
    source = Source.objects.get(name="ช่องหนึ่ง")
    assert sorted(source.feeds.values_list("poll_interval", flat=True)) == [60, 60]  # at least 60 s
    event = AuditEvent.objects.filter(action="source.update", target_id=str(source.pk)).latest("id")
    assert set(event.after["poll_intervals"].values()) == {60}


def test_the_pipeline_claims_only_due_feeds_and_pushes_them_forward(fixture_server, fast_settings):
    _add_sources(fixture_server)
    Feed.objects.update(next_due_at=timezone.now() + timedelta(hours=1))
    due = Feed.objects.get(url=fixture_server.url("/feeds/ch7-news-sitemap.xml"))
    due.next_due_at = None
    due.save()
    summary = run_pipeline(limit=5, enrich=False)
    assert summary.feeds == 1 and summary.items_new == 2
    due.refresh_from_db()
    assert due.next_due_at > timezone.now() + timedelta(seconds=due.poll_interval - 60)
    assert run_pipeline(limit=5, enrich=False).feeds == 0


def test_an_edited_article_updates_its_item(fixture_server, fast_settings):
    _add_sources(fixture_server)
    _cmd("ingest", "--once")
    item = Item.objects.get(title__startswith="ไฟไหม้ชุมชน")
    from msoc.apps.news.extract import extract_article
    from msoc.apps.news.feeds import FeedEntry

    html = (FIXTURES / "articles/s1.html").read_text(encoding="utf-8")
    entry = FeedEntry(link=item.url, published=item.published_at)
    article = extract_article(html.replace("15 หลัง", "17 หลัง"), item.url, entry)
    stored, created = actions.do_store_article(item.feed, entry, article, {})
    assert not created and stored.id == item.id and "17 หลัง" in stored.body
    assert Item.objects.count() == 12

"""The real processes end to end: `msoc serve` and `msoc worker` against a news site on 127.0.0.1.

An item published in a feed must come out enriched (section, place, same story across outlets)
in the review queue page with no command run by hand; worker processes killed mid-batch must
leave every item enriched exactly once.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import sqlite3
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from msoc.apps.news.localfeed import LocalFeedServer, Story
from tests.net import free_port
from tests.reliability.procs import msoc_env, run, start

DEADLINE = 90.0  # seconds: one scheduler tick, a poll, the pages and one enrichment batch
OUTLETS = ("ข่าวทดสอบ ออนไลน์", "สำนักข่าวทดลอง")
TITLE = "น้ำป่าไหลหลากท่วมบ้านเรือนที่อำเภอปัว จังหวัดน่าน ชาวบ้านเดือดร้อนกว่า 200 ครัวเรือน"
BODY = (
    "เมื่อคืนที่ผ่านมาเกิดฝนตกหนักต่อเนื่อง ทำให้น้ำป่าไหลหลากเข้าท่วมบ้านเรือนประชาชนในอำเภอปัว จังหวัดน่าน\n"
    "เจ้าหน้าที่ศูนย์ช่วยเหลือสังคมลงพื้นที่มอบถุงยังชีพและสำรวจความเสียหายของผู้ประสบภัย"
)


@pytest.fixture
def site() -> Iterator[LocalFeedServer]:
    """A news site on 127.0.0.1 with nothing published yet."""
    server = LocalFeedServer().start()
    yield server
    server.stop()


def _env(db: Path) -> dict[str, str]:
    return {**msoc_env(db), "MSOC_SCHEDULER_TICK": "1", "MSOC_FETCH_DELAY": "0"}


def _login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/login", timeout=10).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {
        "username": "editor",
        "password": settings.MSOC_DEMO_PASSWORD,
        "csrfmiddlewaretoken": token,
    }
    data = urllib.parse.urlencode(form).encode()
    opener.open(f"{base}/login", data=data, timeout=10).read()
    return opener


def _wait_for_http(base: str, proc: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/login", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("msoc serve did not answer")


def _publish(site: LocalFeedServer, slug: str = "flood-nan") -> None:
    now = timezone.now() - timedelta(minutes=3)
    for n, outlet in enumerate(OUTLETS):
        body = BODY if n == 0 else BODY.replace("เมื่อคืนที่ผ่านมา", "คืนวานนี้")
        site.publish(Story(outlet, slug, TITLE, body, now + timedelta(minutes=n)))


@pytest.mark.slow
def test_serve_enriches_a_published_item_into_the_review_queue(
    site: LocalFeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "live.db"
    env = _env(db)
    run(env, "db", "upgrade")
    run(env, "demo-users")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(env, "serve", "--host", "127.0.0.1", "--port", str(port))
    try:
        _wait_for_http(base, server)
        # News appears in two outlets' feeds; another process adds them to the running server.
        _publish(site)
        for outlet in OUTLETS:
            run(env, "sources", "add", "--name", outlet, "--feed", site.feed_url(outlet))
        opener = _login(base)
        started, page = time.monotonic(), ""
        while time.monotonic() - started < DEADLINE:
            page = opener.open(f"{base}/review/", timeout=10).read().decode()
            if page.count(f'<b class="title">{TITLE}</b>') == 2 and "ยังไม่จัดหมวด" not in page:
                break
            time.sleep(1)
    finally:
        server.send_signal(signal.SIGTERM)
        log = server.communicate(timeout=30)[0].decode(errors="replace")
    assert page.count(f'<b class="title">{TITLE}</b>') == 2, log[-3000:]
    assert "ยังไม่จัดหมวด" not in page  # enriched: a section, not the unsorted group
    assert "สถานที่: น่าน" in page and "(ฉบับที่กำลังจัดทำ)" in page
    assert page.count('class="story multi"') == 1  # the two outlets' items are one story
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT section, story FROM news_item").fetchall()
        indexed = conn.execute("SELECT count(*) FROM web_searchentry WHERE kind='item'").fetchone()
    assert len(rows) == 2 and all(r[0] for r in rows) and rows[0][1] == rows[1][1]
    assert indexed[0] == 2  # searchable without anyone having searched


def _many(site: LocalFeedServer, outlets: int, per_outlet: int) -> int:
    now = timezone.now() - timedelta(hours=2)
    for o in range(outlets):
        for n in range(per_outlet):
            words = f"ข่าวหมายเลข {o}-{n} เรื่องที่ {n * 7 + o} ของสำนักข่าวที่ {o}"
            site.publish(
                Story(
                    f"สำนักข่าวทดลอง {o}",
                    f"n{n}",
                    f"{words} ชาวบ้านร้องเรียนปัญหาในชุมชน",
                    f"{words}\nรายละเอียดของข่าวหมายเลข {n} ที่เกิดขึ้นในชุมชนแห่งหนึ่ง",
                    now + timedelta(minutes=n),
                )
            )
    return outlets * per_outlet


class WorkerDb:
    """The database the worker processes share: a SQLite file, or a fresh PostgreSQL database."""

    def __init__(self, url: str, query: Callable[[str], list[tuple[Any, ...]]]) -> None:
        self.url, self.query = url, query

    def count(self, sql: str) -> int:
        """The single number a query returns."""
        return int(self.query(sql)[0][0])


@pytest.fixture(params=["sqlite", "postgresql"])
def worker_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WorkerDb]:
    """SQLite always; PostgreSQL where MSOC_DATABASE_URL names a server (as in CI)."""
    if request.param == "sqlite":
        path = tmp_path / "workers.db"

        def lite(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=30) as conn:
                return conn.execute(sql).fetchall()

        yield WorkerDb(f"sqlite:///{path}", lite)
        return
    server = os.environ.get("MSOC_DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (MSOC_DATABASE_URL)")
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(server)
    args = {
        k: conf[v]
        for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        if conf.get(v)
    }
    name = f"msoc_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def pg(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dbname=name, **args) as conn:
            return conn.execute(sql).fetchall()

    base = urllib.parse.urlsplit(server)
    yield WorkerDb(urllib.parse.urlunsplit(base._replace(path=f"/{name}")), pg)
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_workers_killed_mid_batch_enrich_every_item_exactly_once(
    site: LocalFeedServer, worker_db: WorkerDb, tmp_path: Path
) -> None:
    env = {
        **_env(tmp_path / "unused.db"),
        "MSOC_DATABASE_URL": worker_db.url,
        "MSOC_FETCH_WORKERS": "8",
    }
    run(env, "db", "upgrade")
    expected = _many(site, outlets=6, per_outlet=40)
    for o in range(6):
        name = f"สำนักข่าวทดลอง {o}"
        run(env, "sources", "add", "--name", name, "--feed", site.feed_url(name))
    store_only = start(env, "ingest", "--once", "--no-enrich", "--delay", "0")
    assert store_only.wait(180) == 0
    count = worker_db.count
    assert count("SELECT count(*) FROM news_item WHERE section IS NULL") == expected
    # Two workers enrich the stored backlog; one is killed while it works on a batch.
    workers = [start(env, "worker", "--idle", "1", "--enrich-batch", "10") for _ in range(2)]
    victim, survivor = workers
    deadline = time.monotonic() + 120
    while count("SELECT count(*) FROM news_item WHERE section IS NOT NULL") == 0:
        assert time.monotonic() < deadline, "no worker enriched anything"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(30)
    while count("SELECT count(*) FROM news_item WHERE section IS NULL"):
        assert time.monotonic() < deadline, "items left unenriched"
        time.sleep(0.5)
    survivor.send_signal(signal.SIGTERM)
    survivor.wait(60)
    details = worker_db.query("SELECT detail FROM accounts_auditevent WHERE action = 'news.enrich'")
    ids = [i for (d,) in details for i in (d if isinstance(d, dict) else json.loads(d))["items"]]
    items = [r[0] for r in worker_db.query("SELECT id FROM news_item")]
    assert len(items) == expected
    assert sorted(ids) == sorted(items)  # every item enriched, none twice
